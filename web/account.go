package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
	qrcode "github.com/skip2/go-qrcode"
)

// maxLoginBody bounds the sign-in form (413 beyond): it needs a few
// hundred bytes, and what it carries may end up in the audit trail.
const maxLoginBody = 4 << 10

// loginLimit refuses a sign-in body larger than maxLoginBody before
// anything parses it.
func (h *Handler) loginLimit(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxLoginBody {
			h.renderStatus(w, r, http.StatusRequestEntityTooLarge, "login", "login.title",
				map[string]any{"Next": "/", "Error": jisr.Errorf(jisr.ETOOLARGE, "too large")})
			return
		}
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxLoginBody))
		if err != nil {
			h.renderStatus(w, r, http.StatusRequestEntityTooLarge, "login", "login.title",
				map[string]any{"Next": "/", "Error": jisr.Errorf(jisr.ETOOLARGE, "too large")})
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		next(w, r)
	}
}

// setRetryAfter tells a rate-limited browser when to try again.
func setRetryAfter(w http.ResponseWriter, err error) {
	if d := jisr.ErrorRetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}

// enrolSession resolves a session limited to enrolling a second factor
// (or a full one); nil if there is none.
func (h *Handler) enrolSession(r *http.Request) (*state, string) {
	if h.cfg.Account == nil {
		return nil, ""
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, ""
	}
	p, u, scope, err := h.cfg.Account.AuthenticateEnrol(r.Context(), c.Value)
	if err != nil {
		return nil, ""
	}
	p.Addr = remoteAddr(r)
	return &state{P: p, User: u, Token: c.Value}, scope
}

// authEnrol admits sessions of either scope (the enrolment page).
func (h *Handler) authEnrol(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st, _ := h.enrolSession(r)
		if st == nil {
			h.auth(next)(w, r)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, st)))
	}
}

type twoFactorPage struct {
	Status    jisr.TwoFactor
	EnrolOnly bool
	Secret    string
	QR        template.URL // data: URI of a PNG made here
	Codes     []string
	Err       error
}

// twoFactorView shows the state of the caller's second factor, or the
// enrolment: the QR code (inline PNG) and the secret as text, and a field
// for the first code.
func (h *Handler) twoFactorView(w http.ResponseWriter, r *http.Request) {
	h.showTwoFactor(w, r, &twoFactorPage{}, http.StatusOK)
}

func (h *Handler) showTwoFactor(w http.ResponseWriter, r *http.Request, d *twoFactorPage, status int) {
	st := stateOf(r)
	_, scope := h.enrolSession(r)
	d.EnrolOnly = scope == jisr.ScopeEnrol
	var err error
	if d.Status, err = h.cfg.Account.TwoFactorStatus(r.Context(), st.P); err != nil {
		h.renderError(w, r, err)
		return
	}
	if !d.Status.Enrolled {
		e, err := h.cfg.Account.BeginTOTP(r.Context(), st.P)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		png, err := qrcode.Encode(e.URI, qrcode.Medium, 256)
		if err != nil {
			h.renderError(w, r, jisr.Internal(err))
			return
		}
		d.Secret = groupSecret(e.Secret)
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	if d.Err != nil {
		setRetryAfter(w, d.Err)
	}
	h.renderStatus(w, r, status, "twofactor", "twofa.title", d)
}

// groupSecret writes a base32 secret in groups of four, for typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (h *Handler) twoFactorConfirm(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	codes, err := h.cfg.Account.ConfirmTOTP(r.Context(), st.P, r.PostFormValue("otp"))
	if err != nil {
		h.showTwoFactor(w, r, &twoFactorPage{Err: err}, statusOf(err))
		return
	}
	// The recovery codes are shown this once, never again.
	d := &twoFactorPage{Codes: codes}
	d.Status, _ = h.cfg.Account.TwoFactorStatus(r.Context(), st.P)
	h.renderStatus(w, r, http.StatusOK, "twofactor", "twofa.title", d)
}

// Administration of sign-in locks and second factors (users page).

func (h *Handler) adminLocksClear(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	account, addr := r.PostFormValue("account"), r.PostFormValue("addr")
	if _, err := h.cfg.Account.ClearLoginLocks(r.Context(), st.P, account, addr); err != nil {
		h.showUsers(w, r, &usersPage{Err: err, ErrField: "_top"}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/users?done=unlocked", http.StatusSeeOther)
}

func (h *Handler) adminUserReset2FA(w http.ResponseWriter, r *http.Request) {
	st, name := stateOf(r), r.PathValue("name")
	if err := h.cfg.Account.ResetTwoFactor(r.Context(), st.P, name); err != nil {
		h.showUsers(w, r, &usersPage{Err: err, ErrField: "_row", ErrUser: name}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/users?done=twofa_reset", http.StatusSeeOther)
}

// locksFor lists the sign-in locks for the users page (administrators).
func (h *Handler) locksFor(r *http.Request, p jisr.Principal) []*jisr.LoginLock {
	if h.cfg.Account == nil || policy.CanManageLocks(p) != nil {
		return nil
	}
	ls, err := h.cfg.Account.LoginLocks(r.Context(), p)
	if err != nil {
		h.log.Error("web: sign-in locks", "err", err)
		return nil
	}
	return ls
}
