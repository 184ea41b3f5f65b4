package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
)

const (
	sessionCookie = "jisr_session"
	preCookie     = "jisr_pre" // seed of the CSRF token before login
	langCookie    = "lang"
	digitsCookie  = "digits"
	csrfField     = "csrf"
	maxForm       = 2 << 20  // ordinary forms
	maxUpload     = 64 << 20 // attachments
)

// state is what a request knows about its caller.
type state struct {
	P     jisr.Principal
	User  *jisr.User
	Token string
}

type ctxKey struct{}

func stateOf(r *http.Request) *state {
	s, _ := r.Context().Value(ctxKey{}).(*state)
	return s
}

func remoteAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// session resolves the session cookie, or returns nil.
func (h *Handler) session(r *http.Request) *state {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	p, u, err := h.cfg.Users.Authenticate(r.Context(), c.Value)
	if err != nil {
		return nil
	}
	p.Addr = remoteAddr(r)
	return &state{P: p, User: u, Token: c.Value}
}

// auth requires a valid session; without one a page request goes to the
// login form and comes back after it.
func (h *Handler) auth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := h.session(r)
		if st == nil {
			// A session that may only enrol a second factor goes to
			// the enrolment page, and nowhere else.
			if est, scope := h.enrolSession(r); est != nil && scope == jisr.ScopeEnrol {
				if r.Method == http.MethodGet {
					http.Redirect(w, r, "/account/2fa", http.StatusSeeOther)
					return
				}
				h.renderError(w, r, jisr.Errorf(jisr.EENROLREQUIRED, "enrol a second factor first"))
				return
			}
			h.clearCookie(w, sessionCookie)
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			h.renderError(w, r, jisr.Errorf(jisr.EUNAUTHORIZED, "log in first"))
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, st)))
	}
}

// csrfToken is the token forms carry: an HMAC of the session token, or
// before login of the pre-session cookie. It is tied to the session, so it
// changes with every login and dies with the session.
func (h *Handler) csrfToken(w http.ResponseWriter, r *http.Request) string {
	seed := ""
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		seed = "s:" + c.Value
	} else if c, err := r.Cookie(preCookie); err == nil && len(c.Value) >= 32 {
		seed = "p:" + c.Value
	} else if w != nil {
		v := randomToken()
		http.SetCookie(w, &http.Cookie{Name: preCookie, Value: v, Path: "/", HttpOnly: true,
			Secure: h.cfg.Secure, SameSite: http.SameSiteStrictMode, MaxAge: 12 * 3600})
		seed = "p:" + v
	} else {
		return ""
	}
	m := hmac.New(sha256.New, h.csrfKey)
	m.Write([]byte(seed))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrf checks the form token of a POST in constant time. (Cross-origin
// requests are already refused by http.CrossOriginProtection in front of
// every route.)
func (h *Handler) csrf(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxForm)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			limit = maxUpload
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		var err error
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			err = r.ParseMultipartForm(8 << 20)
		} else {
			err = r.ParseForm()
		}
		want := h.csrfToken(nil, r)
		got := r.PostFormValue(csrfField)
		if err != nil || want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			h.forbiddenCSRF(w, r)
			return
		}
		next(w, r)
	}
}

func (h *Handler) forbiddenCSRF(w http.ResponseWriter, r *http.Request) {
	h.log.Warn("web: request refused by CSRF protection", "path", r.URL.Path, "addr", remoteAddr(r))
	loc := Locale{Lang: negotiate(r, nil)}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	w.Write([]byte(loc.T("err.csrf") + "\n"))
}

func (h *Handler) setSessionCookie(w http.ResponseWriter, token string, expires time.Time) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: h.cfg.Secure, SameSite: http.SameSiteStrictMode, Expires: expires,
		MaxAge: max(1, int(time.Until(expires).Seconds()))})
}

func (h *Handler) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true,
		Secure: h.cfg.Secure, SameSite: http.SameSiteStrictMode, MaxAge: -1})
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	if st, _ := h.enrolSession(r); st != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if st := h.session(r); st != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.render(w, r, "login", "login.title", map[string]any{"Next": safeNext(r.URL.Query().Get("next"))})
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	username := strings.TrimSpace(r.PostFormValue("username"))
	var token string
	var s *jisr.Session
	var err error
	if h.cfg.Account != nil {
		token, s, err = h.cfg.Account.SignIn(r.Context(), jisr.Credentials{Username: username,
			Password: r.PostFormValue("password"), OTP: r.PostFormValue("otp"), Addr: remoteAddr(r)})
	} else {
		token, s, err = h.cfg.Users.Login(r.Context(), username, r.PostFormValue("password"), remoteAddr(r))
	}
	next := safeNext(r.PostFormValue("next"))
	if err != nil {
		setRetryAfter(w, err)
		h.renderStatus(w, r, statusOf(err), "login", "login.title", map[string]any{"Next": next, "Username": username, "Error": err,
			"WantOTP": jisr.ErrorCode(err) == jisr.EOTPREQUIRED || jisr.ErrorField(err) == "otp"})
		return
	}
	h.setSessionCookie(w, token, s.ExpiresAt)
	h.clearCookie(w, preCookie)
	if h.cfg.Account != nil {
		if _, _, scope, err := h.cfg.Account.AuthenticateEnrol(r.Context(), token); err == nil && scope == jisr.ScopeEnrol {
			next = "/account/2fa"
		}
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	st := h.session(r)
	if st == nil {
		st, _ = h.enrolSession(r) // an enrol-only session ends too
	}
	if st != nil {
		if err := h.cfg.Users.Logout(r.Context(), st.P, st.Token); err != nil {
			h.log.Error("web: logout", "err", err)
		}
	}
	h.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang stores the chosen language (and digits) in cookies for a year.
func (h *Handler) setLang(w http.ResponseWriter, r *http.Request) {
	if l := r.PostFormValue("lang"); validLang(l) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", Secure: h.cfg.Secure,
			HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: 365 * 86400})
	}
	if d := r.PostFormValue("digits"); d == "arab" || d == "latn" {
		http.SetCookie(w, &http.Cookie{Name: digitsCookie, Value: d, Path: "/", Secure: h.cfg.Secure,
			HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: 365 * 86400})
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}
