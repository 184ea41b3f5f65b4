package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

type agenciesPage struct {
	Agencies  []*jisr.Agency
	Form      jisr.Agency
	GroupText string
	Countries []string
	Err       error
	ErrField  string
}

func (h *Handler) adminAgencies(w http.ResponseWriter, r *http.Request) {
	h.showAgencies(w, r, &agenciesPage{}, http.StatusOK)
}

func (h *Handler) showAgencies(w http.ResponseWriter, r *http.Request, d *agenciesPage, status int) {
	st := stateOf(r)
	if err := policy.CanAdminister(st.P); err != nil {
		h.renderError(w, r, err)
		return
	}
	as, err := h.cfg.Agencies.Agencies(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d.Agencies, d.Countries = as, countryCodes()
	h.renderStatus(w, r, status, "agencies", "agencies.title", d)
}

func (h *Handler) adminAgencyCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	a := &jisr.Agency{
		Code:    strings.ToUpper(strings.TrimSpace(r.PostFormValue("code"))),
		Country: strings.TrimSpace(r.PostFormValue("country")),
		NameAR:  strings.TrimSpace(r.PostFormValue("name_ar")),
		NameEN:  strings.TrimSpace(r.PostFormValue("name_en")),
	}
	groups := r.PostFormValue("groups")
	for _, g := range strings.FieldsFunc(groups, func(r rune) bool { return r == ',' || r == '،' || r == '\n' }) {
		if g = strings.TrimSpace(g); g != "" {
			a.Groups = append(a.Groups, g)
		}
	}
	if err := h.cfg.Agencies.CreateAgency(r.Context(), st.P, a); err != nil {
		h.showAgencies(w, r, &agenciesPage{Form: *a, GroupText: groups, Err: err, ErrField: errField(err)}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/agencies?done=agency", http.StatusSeeOther)
}

// errField is the field an error belongs to, or "_top".
func errField(err error) string {
	if f := jisr.ErrorField(err); f != "" {
		return f
	}
	return "_top"
}

type usersPage struct {
	Rows     []userRow
	Next     string
	Agencies []*jisr.Agency // the agencies the caller may add users to
	Roles    []jisr.Role    // the roles the caller may give a new user
	Form     jisr.User
	Err      error
	ErrField string
	ErrUser  string // the user row an action error belongs to
	TwoFA    bool   // second factors can be reset here
	Locks    []*jisr.LoginLock
}

// userRow is a user and what the caller may do to them
// (policy.CanManageUser): only those actions are offered.
type userRow struct {
	*jisr.User
	Toggle bool        // may disable (or enable, if disabled)
	Reset  bool        // may set a new password
	Roles  []jisr.Role // roles the user may be given (empty: none)
}

// Any reports whether anything may be done to the user.
func (u userRow) Any() bool { return u.Toggle || u.Reset || len(u.Roles) > 0 }

func (h *Handler) adminUsers(w http.ResponseWriter, r *http.Request) {
	h.showUsers(w, r, &usersPage{}, http.StatusOK)
}

// may reports whether p may do act to u.
func may(p jisr.Principal, act policy.UserAction, u *jisr.User) bool {
	return policy.CanManageUser(p, act, u) == nil
}

func (h *Handler) showUsers(w http.ResponseWriter, r *http.Request, d *usersPage, status int) {
	st := stateOf(r)
	if err := policy.CanManageUsers(st.P, st.P.Agency); err != nil {
		h.renderError(w, r, err)
		return
	}
	cursor := r.URL.Query().Get("cursor")
	us, next, err := h.cfg.Users.Users(r.Context(), st.P, jisr.Page{Limit: 100, Cursor: cursor})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	as, err := h.cfg.Agencies.Agencies(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, a := range as {
		if policy.CanManageUsers(st.P, a.Code) == nil {
			d.Agencies = append(d.Agencies, a)
		}
	}
	if d.Form.Agency == "" {
		d.Form.Agency = st.P.Agency
	}
	d.TwoFA = h.cfg.Account != nil
	d.Locks = h.locksFor(r, st.P)
	for _, role := range jisr.Roles {
		if may(st.P, policy.UserCreate, &jisr.User{Agency: d.Form.Agency, Role: role}) {
			d.Roles = append(d.Roles, role)
		}
	}
	for _, u := range us {
		row := userRow{User: u, Reset: may(st.P, policy.UserResetPassword, u)}
		if u.Disabled {
			row.Toggle = may(st.P, policy.UserEnable, u)
		} else {
			row.Toggle = may(st.P, policy.UserDisable, u)
		}
		if may(st.P, policy.UserChangeRole, u) {
			for _, role := range jisr.Roles {
				to := *u
				to.Role = role
				if role != u.Role && may(st.P, policy.UserChangeRole, &to) {
					row.Roles = append(row.Roles, role)
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if next != "" {
		d.Next = "/admin/users?cursor=" + url.QueryEscape(next)
	}
	h.renderStatus(w, r, status, "users", "users.title", d)
}

func (h *Handler) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	u := &jisr.User{
		Username:    strings.TrimSpace(r.PostFormValue("username")),
		DisplayName: strings.TrimSpace(r.PostFormValue("display_name")),
		Agency:      strings.TrimSpace(r.PostFormValue("agency")),
		Role:        jisr.Role(r.PostFormValue("role")),
		Lang:        r.PostFormValue("lang"),
		Email:       strings.TrimSpace(r.PostFormValue("email")),
	}
	if u.Agency == "" {
		u.Agency = st.P.Agency
	}
	if err := h.cfg.Users.CreateUser(r.Context(), st.P, u, r.PostFormValue("password")); err != nil {
		h.showUsers(w, r, &usersPage{Form: *u, Err: err, ErrField: errField(err)}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/users?done=user", http.StatusSeeOther)
}

func (h *Handler) adminUserDisable(w http.ResponseWriter, r *http.Request) {
	st, name := stateOf(r), r.PathValue("name")
	disable := r.PostFormValue("disabled") == "1"
	if err := h.cfg.Users.SetDisabled(r.Context(), st.P, name, disable); err != nil {
		h.showUsers(w, r, &usersPage{Err: err, ErrField: "_row", ErrUser: name}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/users?done=user_changed", http.StatusSeeOther)
}

func (h *Handler) adminUserPassword(w http.ResponseWriter, r *http.Request) {
	st, name := stateOf(r), r.PathValue("name")
	if err := h.cfg.Users.ResetPassword(r.Context(), st.P, name, r.PostFormValue("password")); err != nil {
		h.showUsers(w, r, &usersPage{Err: err, ErrField: "_row", ErrUser: name}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/users?done=password", http.StatusSeeOther)
}

func (h *Handler) adminUserRole(w http.ResponseWriter, r *http.Request) {
	st, name := stateOf(r), r.PathValue("name")
	if err := h.cfg.Users.SetRole(r.Context(), st.P, name, jisr.Role(r.PostFormValue("role"))); err != nil {
		h.showUsers(w, r, &usersPage{Err: err, ErrField: "_row", ErrUser: name}, statusOf(err))
		return
	}
	http.Redirect(w, r, "/admin/users?done=user_changed", http.StatusSeeOther)
}

type auditPage struct {
	Alerts    bool // the caller sees the alerts about its agency's users only
	F         jisr.AuditFilter
	Since     string
	Until     string
	Entries   []*jisr.AuditEntry
	Next      string
	Verified  *int64
	VerifyMsg string // empty when the chain is intact
	Actions   []string
}

var auditActions = jisr.AuditActions

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	alerts := false
	if err := policy.CanAudit(st.P); err != nil {
		if policy.CanReadAlerts(st.P) != nil {
			h.renderError(w, r, err)
			return
		}
		alerts = true // a supervisor: the alerts about its agency's users
	}
	q := r.URL.Query()
	d := &auditPage{Actions: auditActions, Alerts: alerts}
	d.F = jisr.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Agency: strings.TrimSpace(q.Get("agency")),
		Action: q.Get("action"), Object: strings.TrimSpace(q.Get("object")),
		Page: jisr.Page{Limit: 100, Cursor: q.Get("cursor")}}
	if alerts {
		d.F.Action = jisr.ActUserAlert
	}
	if s := q.Get("since"); jisr.ValidDate(s) {
		d.Since = s
		d.F.Since, _ = parseDay(s, false)
	}
	if s := q.Get("until"); jisr.ValidDate(s) {
		d.Until = s
		d.F.Until, _ = parseDay(s, true)
	}
	var err error
	var next string
	if d.Entries, next, err = h.cfg.Audit.AuditEntries(r.Context(), st.P, d.F); err != nil {
		h.renderError(w, r, err)
		return
	}
	if next != "" {
		q2 := cloneValues(q)
		q2.Set("cursor", next)
		d.Next = "/audit?" + q2.Encode()
	}
	if q.Get("verify") == "1" && !alerts {
		n, err := h.cfg.Audit.VerifyAudit(r.Context())
		d.Verified = &n
		if err != nil {
			d.VerifyMsg = jisr.ErrorMessage(err)
			if jisr.ErrorCode(err) == jisr.EINTERNAL {
				d.VerifyMsg = err.Error() // an auditor needs to know which entry is broken
			}
		}
	}
	title := "audit.title"
	if alerts {
		title = "alerts.title"
	}
	h.render(w, r, "audit", title, d)
}

// parseDay reads YYYY-MM-DD as the start (or the end) of that UTC day.
func parseDay(s string, end bool) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err == nil && end {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, err
}
