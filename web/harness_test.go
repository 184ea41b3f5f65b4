package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/web"
)

// password of every demo user in these tests.
const password = "Jisr-test-password-2026"

var system = jisr.Principal{System: true, Username: "system"}

// node is a web interface over a real SQLite store in a temporary folder,
// with the demo agencies and users.
type node struct {
	*httptest.Server
	store *engine.Engine // the node's services
	db    *sqlite.Store
}

// newNode starts the interface; records demo records are loaded first.
func newNode(t testing.TB, records int) *node {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	// The demo's "today" is fixed; the store's clock follows it so every
	// generated record is valid and sessions live.
	s, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	key, err := s.Derive(engine.TOTPKeyInfo, 32)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s, engine.WithTOTPKey(key))
	t.Cleanup(func() { e.Close() })
	seed(t, e, records)
	h, err := web.New(web.Config{Services: e.Services(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &node{Server: ts, store: e, db: s}
}

func seed(t testing.TB, s *engine.Engine, records int) {
	t.Helper()
	ctx := context.Background()
	for _, a := range demo.Agencies() {
		if err := s.CreateAgency(ctx, system, a); err != nil {
			t.Fatalf("agency %s: %v", a.Code, err)
		}
	}
	for _, u := range demo.Users() {
		if err := s.CreateUser(ctx, system, u, password); err != nil {
			t.Fatalf("user %s: %v", u.Username, err)
		}
	}
	principals := map[string]jisr.Principal{}
	as := func(username string) jisr.Principal {
		if p, ok := principals[username]; ok {
			return p
		}
		tok, _, err := s.Login(ctx, username, password, "127.0.0.1")
		if err != nil {
			t.Fatalf("login %s: %v", username, err)
		}
		p, _, err := s.Authenticate(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		principals[username] = p
		return p
	}
	g := demo.New(1)
	for range records {
		r := g.Next()
		if err := s.CreateRecord(ctx, as(r.CreatedBy), r); err != nil {
			t.Fatalf("demo record: %v", err)
		}
	}
}

// client is a browser-like HTTP client with its own cookie jar.
type client struct {
	t    testing.TB
	n    *node
	http *http.Client
	lang string
}

func (n *node) client(t testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, n: n, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	*http.Response
	body string
}

func (c *client) do(method, path string, form url.Values, hdr map[string]string) resp {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.n.URL+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.lang != "" {
		req.Header.Set("Accept-Language", c.lang)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{res, string(b)}
}

func (c *client) get(path string) resp { c.t.Helper(); return c.do("GET", path, nil, nil) }

var reCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf fetches a page and returns the CSRF token of its forms.
func (c *client) csrf(path string) string {
	c.t.Helper()
	r := c.get(path)
	m := reCSRF.FindStringSubmatch(r.body)
	if m == nil {
		c.t.Fatalf("no csrf token in %s (%d)", path, r.StatusCode)
	}
	return m[1]
}

// post submits a form from page `from` with its CSRF token.
func (c *client) post(from, path string, form url.Values) resp {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", c.csrf(from))
	return c.do("POST", path, form, nil)
}

func (c *client) login(username string) {
	c.t.Helper()
	r := c.post("/login", "/login", url.Values{"username": {username}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d\n%s", username, r.StatusCode, r.body)
	}
}

func init() {
	if os.Getenv("JISR_WEB_TEST_LOG") == "" {
		slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	}
}
