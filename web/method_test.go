package web_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestMethodNotAllowed: a page asked for with a method it does not serve
// answers 405 with Allow and a translated page, not 404.
func TestMethodNotAllowed(t *testing.T) {
	n := newNode(t, 0)
	c := n.client(t)
	c.login("jo.liaison")
	for _, tt := range []struct {
		method, path string
		status       int
		allow        string
	}{
		{"POST", "/stats", 405, "GET, HEAD"},
		{"DELETE", "/records/abc", 405, "GET, HEAD, POST"},
		{"PUT", "/login", 405, "GET, HEAD, POST"},
		{"GET", "/logout", 405, "POST"},
		{"GET", "/nowhere", 404, ""},
	} {
		r := c.do(tt.method, tt.path, nil, nil)
		if r.StatusCode != tt.status || r.Header.Get("Allow") != tt.allow {
			t.Errorf("%s %s: %d Allow %q, want %d %q", tt.method, tt.path, r.StatusCode, r.Header.Get("Allow"), tt.status, tt.allow)
		}
		if tt.status == http.StatusMethodNotAllowed && !strings.Contains(r.body, "does not accept this kind of request") {
			t.Errorf("%s %s: page without the translated message:\n%.400s", tt.method, tt.path, r.body)
		}
	}
}
