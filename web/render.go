package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Page is the data of every template: the caller, the locale and the
// page's own data. Templates translate with {{.T "key"}} (or {{$.T "key"}}
// inside a range).
type Page struct {
	Locale
	Title   string
	User    *jisr.User
	P       jisr.Principal
	CSRF    string
	Path    string
	URI     string
	Flash   string
	Data    any
	asset   func(string) string
	agency  map[string]*jisr.Agency
	hits    bool // the node has a HitService
	persons bool // the node has a PersonService
	graph   bool // the node has a GraphService
	twofa   bool // the node has an AccountService (second factors)
	// requests: the node serves requests and notifications; Unread is the
	// caller's unread notifications (requests.go).
	requests   bool
	lookouts   bool
	operations bool
	outcomes   bool
	Unread     int
}

// Asset is the URL of a static file with its content hash.
func (p *Page) Asset(name string) string { return p.asset(name) }

// AgencyName is an agency's name in the interface language.
func (p *Page) AgencyName(code string) string {
	if a := p.agency[code]; a != nil {
		return p.Pick(a.NameAR, a.NameEN)
	}
	return code
}

// AgencyOther is an agency's name in the other script.
func (p *Page) AgencyOther(code string) string {
	if a := p.agency[code]; a != nil {
		return p.Other(a.NameAR, a.NameEN)
	}
	return ""
}

// Can answers the navigation's questions about the caller.
func (p *Page) Can(what string) bool {
	switch what {
	case "records":
		return policy.CanReadRecords(p.P.Role)
	case "admin":
		return policy.CanAdminister(p.P) == nil
	case "users":
		return policy.CanManageUsers(p.P, p.P.Agency) == nil
	case "audit":
		return policy.CanAudit(p.P) == nil
	case "alerts":
		return policy.CanAudit(p.P) != nil && policy.CanReadAlerts(p.P) == nil
	case "hits":
		return p.hits && policy.CanReadRecords(p.P.Role)
	case "persons":
		return p.persons && policy.CanReadRecords(p.P.Role)
	case "graph":
		return p.graph && policy.CanReadRecords(p.P.Role)
	case "requests":
		return p.requests && policy.CanReadRecords(p.P.Role)
	case "lookouts":
		return p.lookouts && policy.CanReadRecords(p.P.Role)
	case "operations":
		return p.operations && policy.CanReadRecords(p.P.Role)
	case "outcomes":
		return p.outcomes && policy.CanReadRecords(p.P.Role)
	case "twofa":
		return p.twofa && p.P.UserID != 0
	}
	return false
}

// Active marks the current section in the navigation.
func (p *Page) Active(prefix string) bool {
	if prefix == "/" {
		return p.Path == "/"
	}
	return strings.HasPrefix(p.Path, prefix)
}

// Languages lists the interface languages for the switch.
func (p *Page) Languages() []string { return Languages }

var funcs = template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"lower": strings.ToLower,
	"list2": func() []string { return []string{"", ""} },
	"deref": func(p *int64) int64 { return *p },
	// shortID is the end of a record id: ids are time-ordered, so their
	// beginnings look alike and their ends tell them apart.
	"shortID": func(id string) string {
		if len(id) > 8 {
			return id[len(id)-8:]
		}
		return id
	},
	"join": strings.Join,
	"seq": func(n int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = i
		}
		return s
	},
	"contains": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	"tlpClass": func(t jisr.TLP) string {
		return "tlp-" + strings.ToLower(strings.ReplaceAll(string(t), "+", "-"))
	},
	"pct":  func(n int) float64 { return float64(n) / 100 },
	"list": func(vs ...string) []string { return vs },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

// parseTemplates parses each page with the layout and the shared partials.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFS, n)
		}
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		pages[name] = t
	}
	return pages, nil
}

func (h *Handler) locale(r *http.Request, u *jisr.User) Locale {
	l := Locale{Lang: negotiate(r, u)}
	if l.Lang == "ar" {
		if c, err := r.Cookie(digitsCookie); err == nil && c.Value == "arab" {
			l.ArabicDigit = true
		}
	}
	return l
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, titleKey string, data any) *Page {
	p := &Page{Path: r.URL.Path, URI: r.URL.RequestURI(), Data: data, asset: h.static.url,
		hits: h.cfg.Hits != nil, persons: h.cfg.Persons != nil, graph: h.cfg.Graph != nil, twofa: h.cfg.Account != nil}
	st := stateOf(r)
	if st == nil {
		st = h.session(r)
	}
	if st != nil {
		p.User, p.P = st.User, st.P
		p.Unread = h.unread(r, st.P)
	}
	p.requests = h.cfg.Requests != nil && h.cfg.Notifications != nil
	p.lookouts = h.cfg.Lookouts != nil
	p.operations = h.cfg.Operations != nil
	p.outcomes = h.cfg.Outcomes != nil && h.cfg.Disclosures != nil
	p.Locale = h.locale(r, p.User)
	p.CSRF = h.csrfToken(w, r)
	p.Title = p.T(titleKey)
	p.agency = map[string]*jisr.Agency{}
	if as, err := h.cfg.Agencies.Agencies(r.Context()); err == nil {
		for _, a := range as {
			p.agency[a.Code] = a
		}
	}
	if f := r.URL.Query().Get("done"); f != "" && p.Has("done."+f) {
		p.Flash = p.T("done." + f)
	}
	return p
}

// render writes a page. Output is buffered so a template error becomes a
// clean 500, never half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, name, titleKey string, data any) {
	h.renderPage(w, r, http.StatusOK, name, h.page(w, r, titleKey, data))
}

func (h *Handler) renderStatus(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, data any) {
	h.renderPage(w, r, status, name, h.page(w, r, titleKey, data))
}

func (h *Handler) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t := h.pages[name]
	if t == nil {
		h.log.Error("web: no template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name+".html", p); err != nil {
		h.log.Error("web: template", "name", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// statusOf maps a jisr error code to an HTTP status.
func statusOf(err error) int {
	switch jisr.ErrorCode(err) {
	case jisr.EINVALID:
		return http.StatusUnprocessableEntity
	case jisr.ENOTFOUND:
		return http.StatusNotFound
	case jisr.EFORBIDDEN:
		return http.StatusForbidden
	case jisr.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case jisr.ECONFLICT:
		return http.StatusConflict
	case jisr.ERATELIMIT:
		return http.StatusTooManyRequests
	case jisr.EMETHOD:
		return http.StatusMethodNotAllowed
	case jisr.ESTORAGEFULL:
		return http.StatusInsufficientStorage
	case jisr.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case jisr.EOTPREQUIRED:
		return http.StatusUnauthorized
	case jisr.EENROLREQUIRED:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// renderError shows an error page in the user's language; internal causes
// are logged, never shown.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status == http.StatusInternalServerError || status == http.StatusInsufficientStorage {
		h.log.Error("web: internal error", "path", r.URL.Path, "err", err)
	}
	setRetryAfter(w, err)
	p := h.page(w, r, "error.title", map[string]any{"Status": status, "Err": err})
	h.renderPage(w, r, status, "error", p)
}

// notFound answers what no route serves: 405 with Allow when the path is
// served with other methods, 404 otherwise.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request) {
	if allow := allowed(h.mux, r, "/"); allow != nil {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		h.renderError(w, r, jisr.Errorf(jisr.EMETHOD, "method not allowed"))
		return
	}
	h.renderError(w, r, jisr.Errorf(jisr.ENOTFOUND, "not found"))
}

// allowed returns the methods mux serves for the path of r by a pattern
// other than the catch-all one, or nil.
func allowed(mux *http.ServeMux, r *http.Request, catchAll string) []string {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != catchAll {
			allow = append(allow, m)
		}
	}
	return allow
}
