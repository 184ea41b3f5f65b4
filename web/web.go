// Package web is the browser interface of jisr: server-rendered HTML in
// Arabic, English and French, with small hand-written scripts and no build
// step. Every read and write goes through the jisr services with the
// caller's principal, so the access policy applies exactly as in the API.
package web

import (
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/jisr-cell/jisr"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the web interface needs from the node.
type Config struct {
	// Services are the node's services (built once by package engine);
	// Records, Users, Agencies and Audit are required, the others optional.
	jisr.Services
	Logger  *slog.Logger
	Secure  bool   // set Secure on cookies (true behind TLS)
	TileURL string // optional tile server URL template ({z}/{x}/{y}); offline borders otherwise
}

// Handler serves the web interface. Mount it at "/".
type Handler struct {
	cfg     Config
	log     *slog.Logger
	mux     *http.ServeMux
	pages   map[string]*template.Template
	static  *assets
	csrfKey []byte
	csp     string
	root    http.Handler
}

// New builds the web interface.
func New(cfg Config) (*Handler, error) {
	if cfg.Records == nil || cfg.Users == nil || cfg.Agencies == nil || cfg.Audit == nil {
		return nil, errors.New("web: Records, Users, Agencies and Audit are required")
	}
	h := &Handler{cfg: cfg, log: cfg.Logger, mux: http.NewServeMux()}
	if h.log == nil {
		h.log = slog.Default()
	}
	h.csrfKey = make([]byte, 32)
	if _, err := rand.Read(h.csrfKey); err != nil {
		return nil, err
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	if h.static, err = newAssets(sub); err != nil {
		return nil, err
	}
	if h.pages, err = parseTemplates(); err != nil {
		return nil, err
	}
	imgSrc := "'self' data:"
	if cfg.TileURL != "" {
		u, err := url.Parse(strings.NewReplacer("{", "", "}", "").Replace(cfg.TileURL))
		if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
			return nil, fmt.Errorf("web: TileURL %q is not an http(s) URL", cfg.TileURL)
		}
		imgSrc += " " + u.Scheme + "://" + u.Host
	}
	h.csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + imgSrc +
		"; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	h.routes()

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.forbiddenCSRF(w, r)
	}))
	h.root = h.secureHeaders(cop.Handler(h.mux))
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.root.ServeHTTP(w, r) }

func (h *Handler) routes() {
	m := h.mux
	m.Handle("GET /static/", http.StripPrefix("/static/", h.static))
	m.HandleFunc("GET /login", h.loginForm)
	m.HandleFunc("POST /login", h.loginLimit(h.csrf(h.login)))
	m.HandleFunc("POST /logout", h.csrf(h.logout))
	m.HandleFunc("POST /lang", h.csrf(h.setLang))

	m.HandleFunc("GET /{$}", h.auth(h.dashboard))
	m.HandleFunc("GET /records", h.auth(h.recordList))
	m.HandleFunc("GET /records/new", h.auth(h.recordNew))
	m.HandleFunc("POST /records", h.auth(h.csrf(h.recordCreate)))
	m.HandleFunc("GET /records/{id}", h.auth(h.recordView))
	m.HandleFunc("GET /records/{id}/edit", h.auth(h.recordEdit))
	m.HandleFunc("POST /records/{id}", h.auth(h.csrf(h.recordUpdate)))
	m.HandleFunc("POST /records/{id}/releasability", h.auth(h.csrf(h.recordRelease)))
	m.HandleFunc("POST /records/{id}/requests", h.auth(h.csrf(h.recordRequestRelease)))
	m.HandleFunc("POST /records/{id}/consent", h.auth(h.csrf(h.recordRequestConsent)))
	m.HandleFunc("POST /records/{id}/attachments", h.auth(h.csrf(h.attachmentAdd)))
	m.HandleFunc("GET /records/{id}/attachments/{aid}", h.auth(h.attachmentGet))
	m.HandleFunc("POST /release-requests/{rid}", h.auth(h.csrf(h.requestAnswer)))
	m.HandleFunc("GET /import", h.auth(h.importForm))
	m.HandleFunc("POST /import", h.auth(h.csrf(h.importPost)))
	m.HandleFunc("GET /stats", h.auth(h.stats))
	m.HandleFunc("GET /stats.csv", h.auth(h.statsCSV))
	m.HandleFunc("GET /stats/chart.svg", h.auth(h.statsSVG))
	m.HandleFunc("GET /map", h.auth(h.mapPage))
	m.HandleFunc("GET /map/data.json", h.auth(h.mapData))
	m.HandleFunc("GET /admin/agencies", h.auth(h.adminAgencies))
	m.HandleFunc("POST /admin/agencies", h.auth(h.csrf(h.adminAgencyCreate)))
	m.HandleFunc("GET /admin/users", h.auth(h.adminUsers))
	m.HandleFunc("POST /admin/users", h.auth(h.csrf(h.adminUserCreate)))
	m.HandleFunc("POST /admin/users/{name}/disabled", h.auth(h.csrf(h.adminUserDisable)))
	m.HandleFunc("POST /admin/users/{name}/password", h.auth(h.csrf(h.adminUserPassword)))
	m.HandleFunc("POST /admin/users/{name}/role", h.auth(h.csrf(h.adminUserRole)))
	m.HandleFunc("GET /audit", h.auth(h.auditPage))
	if h.cfg.Account != nil {
		m.HandleFunc("GET /account/2fa", h.authEnrol(h.twoFactorView))
		m.HandleFunc("POST /account/2fa", h.authEnrol(h.csrf(h.twoFactorConfirm)))
		m.HandleFunc("POST /admin/locks", h.auth(h.csrf(h.adminLocksClear)))
		m.HandleFunc("POST /admin/users/{name}/2fa", h.auth(h.csrf(h.adminUserReset2FA)))
	}
	if h.cfg.Hits != nil {
		m.HandleFunc("GET /hits", h.auth(h.hitsPage))
		m.HandleFunc("POST /hits/{hid}", h.auth(h.csrf(h.hitAnswer)))
		m.HandleFunc("GET /hits/{hid}/confirm", h.auth(h.hitConfirm))
	}
	if h.cfg.Persons != nil {
		m.HandleFunc("GET /persons", h.auth(h.personsPage))
	}
	if h.cfg.Search != nil {
		m.HandleFunc("GET /profiles", h.auth(h.profilePage))
	}
	if h.cfg.Graph != nil {
		m.HandleFunc("GET /graph", h.auth(h.graphPage))
		m.HandleFunc("GET /graph/data.json", h.auth(h.graphData))
	}
	h.requestRoutes(m)
	h.lookoutRoutes(m)
	h.operationRoutes(m)
	h.outcomeRoutes(m)
	m.HandleFunc("/", h.notFound)
}

// secureHeaders sets the headers every response carries.
func (h *Handler) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", h.csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Resource-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
		if h.cfg.Secure {
			hd.Set("Strict-Transport-Security", "max-age=63072000")
		}
		next.ServeHTTP(w, r)
	})
}
