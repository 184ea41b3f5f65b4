// Package http serves a jisr node over HTTP: the JSON API under /api/v1,
// /healthz, Prometheus /metrics (loopback only, or with a scrape token),
// and the web interface mounted at /.
// Every API request is authenticated with a bearer token, handled by the
// services of the root package (which apply the access policy and audit),
// and its errors are mapped to statuses in one table.
package http

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Services are what the server needs of the node (jisr.Services, built
// once by package engine).
type Services = jisr.Services

// Server is the node's HTTP server.
type Server struct {
	Services
	Logger *slog.Logger
	// Web is the web interface, mounted at "/" (optional).
	Web http.Handler
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed; a request from any other peer is known by its own address.
	TrustedProxies []netip.Prefix
	// MetricsToken is the bearer token a scraper presents at /metrics
	// (compared in constant time). When it is empty, /metrics answers only
	// requests from the node's own machine (loopback addresses).
	MetricsToken string

	mux      *http.ServeMux
	root     http.Handler
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	srv      *http.Server
	ln       net.Listener
}

type route struct {
	pattern string
	h       func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error
}

// MaxBody is the largest JSON request body accepted.
const MaxBody = 8 << 20

// New returns a server for the services.
func New(svc Services, logger *slog.Logger) *Server {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{Services: svc, Logger: logger, registry: prometheus.NewRegistry()}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "jisr_http_requests_total", Help: "HTTP requests by route and status."}, []string{"route", "code"})
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "jisr_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.001, .0025, .005, .01, .02, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"route"})
	s.registry.MustRegister(s.requests, s.latency, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if svc.Storage != nil {
		s.registry.MustRegister(storageCollector{svc.Storage})
	}
	return s
}

// metricsGuard lets a scraper through: with a token, the one presenting
// it; without, only the node's own machine. The metrics carry routes as
// patterns and status codes, never users, agencies or ids.
func (s *Server) metricsGuard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		if s.MetricsToken != "" {
			want, got := sha256.Sum256([]byte(s.MetricsToken)), sha256.Sum256([]byte(bearer(r)))
			if subtle.ConstantTimeCompare(want[:], got[:]) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="jisr-metrics"`)
				writeError(w, r, s.Logger, jisr.Errorf(jisr.EUNAUTHORIZED, "metrics need the scrape token"))
				return
			}
		} else if ip, err := netip.ParseAddr(ClientAddr(r)); err != nil || !ip.Unmap().IsLoopback() {
			writeError(w, r, s.Logger, jisr.Refused(jisr.EFORBIDDEN, "f_metrics"))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Registry returns the Prometheus registry, for other packages' metrics.
func (s *Server) Registry() *prometheus.Registry { return s.registry }

// Handler returns the root handler.
func (s *Server) Handler() http.Handler {
	if s.root != nil {
		return s.root
	}
	m := http.NewServeMux()
	s.mux = m
	s.root = s.realIP(m)
	m.HandleFunc("GET /healthz", s.health)
	m.Handle("GET /metrics", s.metricsGuard(promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})))
	m.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(openAPI)
	})
	s.public("POST /api/v1/login", s.login)
	for _, rt := range s.enrolRoutes() {
		if s.Account == nil {
			s.api(rt.pattern, rt.h)
		} else {
			s.apiEnrol(rt.pattern, rt.h)
		}
	}
	for _, rt := range s.routes() {
		s.api(rt.pattern, rt.h)
	}
	m.Handle("/api/", s.instrument("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		if allow := Allowed(m, r, "/api/"); allow != nil {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, r, s.Logger, jisr.Errorf(jisr.EMETHOD, "%s is not allowed here; allowed: %s", r.Method, strings.Join(allow, ", ")))
			return
		}
		writeError(w, r, s.Logger, jisr.Errorf(jisr.ENOTFOUND, "no such API endpoint: %s %s", r.Method, r.URL.Path))
	})))
	s.taxiiRoutes()
	if s.Web != nil {
		m.Handle("/", s.Web)
	}
	return s.root
}

// Allowed returns the methods mux serves for the path of r by a pattern
// other than the catch-all one, or nil: when it is not nil, the answer to
// r is 405 Method Not Allowed with these methods in Allow, not 404.
func Allowed(mux *http.ServeMux, r *http.Request, catchAll string) []string {
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

// Patterns lists every API route pattern (for the OpenAPI test).
func (s *Server) Patterns() []string {
	ps := []string{"POST /api/v1/login", "GET /api/v1/openapi.json"}
	for _, rt := range s.enrolRoutes() {
		ps = append(ps, rt.pattern)
	}
	for _, rt := range s.routes() {
		ps = append(ps, rt.pattern)
	}
	for _, p := range TAXIIPatterns {
		ps = append(ps, strings.TrimSuffix(p, "{$}"))
	}
	return ps
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (s *Server) instrument(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		d := time.Since(start)
		s.requests.WithLabelValues(pattern, strconv.Itoa(sw.code)).Inc()
		s.latency.WithLabelValues(pattern).Observe(d.Seconds())
		s.Logger.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.code, "duration", d)
	})
}

func apiHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
}

func (s *Server) public(pattern string, h func(w http.ResponseWriter, r *http.Request) error) {
	s.mux.Handle(pattern, s.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		if err := h(w, r); err != nil {
			writeError(w, r, s.Logger, err)
		}
	})))
}

func (s *Server) api(pattern string, h func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error) {
	s.mux.Handle(pattern, s.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		p, err := s.authenticate(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="jisr"`)
			writeError(w, r, s.Logger, err)
			return
		}
		if err := h(w, r, p); err != nil {
			writeError(w, r, s.Logger, err)
		}
	})))
}

// apiEnrol adds a route that also a session limited to enrolling a
// second factor may use.
func (s *Server) apiEnrol(pattern string, h func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error) {
	s.mux.Handle(pattern, s.instrument(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiHeaders(w)
		if s.Account == nil {
			writeError(w, r, s.Logger, jisr.Errorf(jisr.ENOTFOUND, "second factors are not available on this node"))
			return
		}
		p, _, _, err := s.Account.AuthenticateEnrol(r.Context(), bearer(r))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="jisr"`)
			writeError(w, r, s.Logger, err)
			return
		}
		p.Addr = ClientAddr(r)
		if err := h(w, r, p); err != nil {
			writeError(w, r, s.Logger, err)
		}
	})))
}

// bearer returns the token of the request.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if t, ok := strings.CutPrefix(h, "Bearer "); ok {
		return strings.TrimSpace(t)
	}
	return ""
}

func (s *Server) authenticate(r *http.Request) (jisr.Principal, error) {
	p, _, err := s.Users.Authenticate(r.Context(), bearer(r))
	if err != nil {
		return p, err
	}
	p.Addr = ClientAddr(r)
	return p, nil
}

// realIP replaces the remote address of a request that comes through a
// trusted proxy by the client address the proxies give in X-Forwarded-For:
// the right-most entry that is not itself a trusted proxy. From any other
// peer the header is ignored. Everything after it (API, web interface,
// throttling, audit) sees the one address.
func (s *Server) realIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(s.TrustedProxies) > 0 {
			if a := ForwardedFor(r, s.TrustedProxies); a != "" {
				r2 := *r
				r2.RemoteAddr = net.JoinHostPort(a, "0")
				r = &r2
			}
		}
		next.ServeHTTP(w, r)
	})
}

// ForwardedFor returns the client address of a request whose peer is one
// of the trusted proxies, from its X-Forwarded-For headers; "" if the peer
// is not trusted or the header gives nothing usable.
func ForwardedFor(r *http.Request, trusted []netip.Prefix) string {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	peer, err := netip.ParseAddr(ClientAddr(r))
	if err != nil || !isTrusted(peer) {
		return ""
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	if len(hops) > 64 {
		hops = hops[len(hops)-64:]
	}
	client := ""
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = a.Unmap().String()
		if !isTrusted(a) {
			break
		}
	}
	return client
}

// ClientAddr is the remote IP of a request (after realIP, the client
// behind a trusted proxy).
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// statuses maps error codes to HTTP statuses: the one table.
var statuses = map[string]int{
	jisr.EINVALID:      http.StatusBadRequest,
	jisr.ENOTFOUND:     http.StatusNotFound,
	jisr.EFORBIDDEN:    http.StatusForbidden,
	jisr.EUNAUTHORIZED: http.StatusUnauthorized,
	jisr.ECONFLICT:     http.StatusConflict,
	jisr.ERATELIMIT:    http.StatusTooManyRequests,
	jisr.EMETHOD:       http.StatusMethodNotAllowed,
	jisr.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	jisr.EOTPREQUIRED:  http.StatusUnauthorized,
	jisr.EINTERNAL:     http.StatusInternalServerError,
	jisr.ESTORAGEFULL:  http.StatusInsufficientStorage,
	// A session that may only enrol a second factor, used for anything else.
	jisr.EENROLREQUIRED: http.StatusForbidden,
}

// Status returns the HTTP status of an error.
func Status(err error) int {
	if s, ok := statuses[jisr.ErrorCode(err)]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Reason and Params: the reason key of an invalid input, a refusal or
	// a conflict and its parameters (jisr.Reasons), set where the error
	// arises, for a client to say it in its language.
	Reason string   `json:"reason,omitempty"`
	Params []string `json:"params,omitempty"`
}

func writeError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	code := jisr.ErrorCode(err)
	switch code {
	case jisr.EINTERNAL:
		logger.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	case jisr.ESTORAGEFULL:
		logger.Error("storage full", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if d := jisr.ErrorRetryAfter(err); d > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
	reason, params := jisr.ErrorReason(err)
	writeJSON(w, Status(err), ErrorBody{Code: code, Message: jisr.ErrorMessage(err), Field: jisr.ErrorField(err), Reason: reason, Params: params})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// decode reads a JSON body strictly (jisr.DecodeJSON): invalid UTF-8, NUL,
// unknown fields, wrong types and trailing data are EINVALID naming the
// field.
func decode(r *http.Request, v any) error {
	// The API authenticates with bearer tokens, never cookies, so the
	// content type is not a CSRF defence here; any is read as JSON.
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBody))
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return jisr.Because("body", "body_size", MaxBody)
	}
	if err != nil {
		return jisr.Because("body", "upload_interrupted")
	}
	return jisr.DecodeJSON(b, v)
}

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully.
// With tlsConfig, it serves TLS (1.3 minimum).
func (s *Server) ListenAndServe(ctx context.Context, addr string, tlsConfig *tls.Config) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln, tlsConfig)
}

// Serve serves on ln until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener, tlsConfig *tls.Config) error {
	s.srv = &http.Server{
		Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	s.srv.RegisterOnShutdown(s.closeEvents) // requests.go: event streams end
	if tlsConfig != nil {
		tlsConfig.MinVersion = tls.VersionTLS13
		ln = tls.NewListener(ln, tlsConfig)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return s.srv.Shutdown(sctx)
	}
}

// contentDisposition offers an attachment for download under its name made
// safe (jisr.CleanAttachmentName): an ASCII fallback and the UTF-8 name.
func contentDisposition(name string) string {
	name = jisr.CleanAttachmentName(name)
	ascii := []byte(name)
	for i, c := range ascii {
		if c >= 0x7F || c < 0x20 || c == '"' || c == '\\' || c == '%' || c == ';' {
			ascii[i] = '_'
		}
	}
	return `attachment; filename="` + string(ascii) + `"; filename*=UTF-8''` + urlPathEscape(name)
}

func urlPathEscape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
