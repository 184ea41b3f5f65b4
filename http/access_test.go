package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/storetest"
)

// withAccessUsers adds storetest.AccessUsers to the node and logs them in.
func withAccessUsers(t *testing.T, n *node) {
	t.Helper()
	storetest.SeedAccess(t, n.store)
	for _, u := range storetest.AccessUsers {
		var out jhttp.LoginResponse
		if code := n.do(t, "", "POST", "/api/v1/login", jhttp.LoginRequest{Username: u.Username, Password: storetest.Password}, &out); code != 200 {
			t.Fatalf("login %s: %d", u.Username, code)
		}
		n.tokens[u.Username] = out.Token
	}
}

const newPassword = "a brand new password 2026"

// TestUserManagementAPI: every user-management endpoint asks
// policy.CanManageUser. The scenarios run in order.
func TestUserManagementAPI(t *testing.T) {
	n := newNode(t)
	withAccessUsers(t, n)
	pw := jhttp.PasswordBody{Password: newPassword}
	tests := []struct {
		name, user, method, path string
		body                     any
		status                   int
	}{
		// Item 7: a supervisor takes over an administrator account.
		{"supervisor resets administrator", "jo.supervisor", "POST", "/api/v1/users/jo.admin/password", pw, 403},
		{"administrator keeps its password", "", "POST", "/api/v1/login", jhttp.LoginRequest{Username: "jo.admin", Password: newPassword}, 401},
		{"supervisor creates administrator", "jo.supervisor", "POST", "/api/v1/users", jhttp.CreateUserBody{Username: "jo.admin2", Agency: "JO-AND", Role: jisr.RoleAdmin, Password: storetest.Password}, 403},
		{"supervisor promotes to administrator", "jo.supervisor", "POST", "/api/v1/users/jo.analyst/role", jhttp.RoleBody{Role: jisr.RoleAdmin}, 403},
		// Item 8: a supervisor disables an auditor of its agency.
		{"supervisor disables auditor", "jo.supervisor", "POST", "/api/v1/users/jo.auditor/disable", nil, 403},
		{"supervisor resets auditor", "jo.supervisor", "POST", "/api/v1/users/jo.auditor/password", pw, 403},
		{"supervisor demotes auditor", "jo.supervisor", "POST", "/api/v1/users/jo.auditor/role", jhttp.RoleBody{Role: jisr.RoleAnalyst}, 403},
		{"auditor still reads the trail", "jo.auditor", "GET", "/api/v1/audit", nil, 200},
		{"supervisor manages its readers", "jo.supervisor", "POST", "/api/v1/users/jo.analyst/role", jhttp.RoleBody{Role: jisr.RoleOfficer}, 204},
		{"unknown role", "jo.supervisor", "POST", "/api/v1/users/jo.analyst/role", jhttp.RoleBody{Role: "chief"}, 400},
		{"administrator disables auditor", "jo.admin", "POST", "/api/v1/users/jo.auditor/disable", nil, 204},
		{"administrator enables auditor", "jo.admin", "POST", "/api/v1/users/jo.auditor/enable", nil, 204},
		{"administrator disables itself", "jo.admin", "POST", "/api/v1/users/jo.admin/disable", nil, 403},
		// An administrator reads another agency's records by proxy.
		{"administrator creates a liaison in another agency", "jo.admin", "POST", "/api/v1/users", jhttp.CreateUserBody{Username: "iq.proxy", Agency: "IQ-GDNA", Role: jisr.RoleLiaison, Password: storetest.Password}, 403},
		{"the proxy cannot log in", "", "POST", "/api/v1/login", jhttp.LoginRequest{Username: "iq.proxy", Password: storetest.Password}, 401},
		{"administrator resets another agency's liaison", "jo.admin", "POST", "/api/v1/users/iq.liaison/password", pw, 403},
		{"administrator enables another agency's user", "jo.admin", "POST", "/api/v1/users/iq.analyst/enable", nil, 403},
		{"administrator of the agency resets its liaison", "iq.admin", "POST", "/api/v1/users/iq.liaison/password", pw, 204},
	}
	for _, tt := range tests {
		code, b := n.raw(t, tt.user, tt.method, tt.path, tt.body)
		if code != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.name, code, tt.status, b)
		}
	}
	// The other auditor sees the administrator's action on the auditor.
	code, b := n.raw(t, "jo.auditor2", "GET", "/api/v1/audit?object=jo.auditor&action=admin", nil)
	if code != 200 || !strings.Contains(string(b), `"detail":"disable user"`) || !strings.Contains(string(b), `"actor":"jo.admin"`) {
		t.Errorf("other auditor: %d %s", code, b)
	}
	// The reset by iq.admin alerts Iraq's supervisor; not Jordan's.
	code, b = n.raw(t, "iq.supervisor", "GET", "/api/v1/audit", nil)
	if code != 200 || !strings.Contains(string(b), `"actor":"iq.admin","agency":"IQ-GDNA","action":"user.alert","object":"iq.liaison"`) {
		t.Errorf("iq.supervisor alerts: %d %s", code, b)
	}
	if strings.Contains(string(b), `"action":"admin"`) || strings.Contains(string(b), `"action":"login"`) {
		t.Errorf("supervisor reads beyond alerts: %s", b)
	}
	if _, b := n.raw(t, "jo.supervisor", "GET", "/api/v1/audit", nil); strings.Contains(string(b), "iq.liaison") {
		t.Errorf("another agency's supervisor sees the alert: %s", b)
	}
	if code, _ := n.raw(t, "jo.liaison", "GET", "/api/v1/audit?action=user.alert", nil); code != 403 {
		t.Errorf("liaison reads alerts: %d", code)
	}
	// Users are listed within the administrator's agency.
	if _, b := n.raw(t, "jo.admin", "GET", "/api/v1/users?limit=500", nil); strings.Contains(string(b), "IQ-GDNA") {
		t.Errorf("administrator lists another agency's users")
	}
}

// TestAuditScopeAPI: what GET /api/v1/audit returns to each auditor.
func TestAuditScopeAPI(t *testing.T) {
	n := newNode(t)
	withAccessUsers(t, n)
	n.raw(t, "iq.analyst", "GET", "/api/v1/records?q=qxiqterm", nil)
	n.raw(t, "lb.analyst", "GET", "/api/v1/records?q=qxlbterm", nil)
	n.raw(t, "jo.analyst", "GET", "/api/v1/records?q=qxjoterm", nil)
	tests := []struct {
		name, user, path string
		want, notWant    []string
	}{
		// Search terms are in the trail only as keyed hashes: an auditor
		// finds a search by supplying the term (?term=), and only where it
		// may read the entry's detail.
		// A partial view shows keyed references, not the trail's positions,
		// whose gaps would count the other agencies' entries.
		{"agency auditor: its users, whole", "iq.auditor", "/api/v1/audit?limit=500", []string{`"actor":"iq.analyst"`, `"ref":"e:`}, []string{"qxlbterm", "qxjoterm", "lb.analyst", `"actor":"jo.analyst"`, `"seq":`}},
		{"agency auditor finds its users' terms", "iq.auditor", "/api/v1/audit?term=qxiqterm", []string{`"actor":"iq.analyst"`}, nil},
		{"agency auditor finds no other agency's terms", "iq.auditor", "/api/v1/audit?term=qxlbterm", []string{`"items":[]`}, nil},
		{"agency filter does not widen", "iq.auditor", "/api/v1/audit?agency=LB-ISF", []string{`"items":[]`}, []string{"lb.analyst"}},
		{"node auditor: actions of all", "jo.auditor", "/api/v1/audit?limit=500", []string{"lb.analyst", `"withheld":true`, `"seq":`}, []string{"qxlbterm", "qxiqterm", `"ref":`}},
		// Users are named by username; no row number counts other agencies' users.
		{"users carry no node-wide number", "iq.auditor", "/api/v1/users", []string{`"username":"iq.analyst"`}, []string{`"id":`}},
		{"node auditor: content of its own", "jo.auditor", "/api/v1/audit?term=qxjoterm", []string{`"actor":"jo.analyst"`}, nil},
		{"node auditor: no content of others", "jo.auditor", "/api/v1/audit?term=qxlbterm", []string{`"items":[]`}, nil},
		{"object filter is no oracle", "jo.auditor", "/api/v1/audit?object=qxlbterm", []string{`"items":[]`}, []string{"lb.analyst"}},
		{"non-operator auditor is not node auditor", "lb.auditor", "/api/v1/audit?limit=500", []string{`"actor":"lb.analyst"`}, []string{"iq.analyst", "jo.analyst"}},
		{"non-operator auditor finds its terms", "lb.auditor", "/api/v1/audit?term=qxlbterm", []string{`"actor":"lb.analyst"`}, nil},
	}
	for _, tt := range tests {
		code, b := n.raw(t, tt.user, "GET", tt.path, nil)
		if code != 200 {
			t.Errorf("%s: %d %s", tt.name, code, b)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s: missing %q", tt.name, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(string(b), w) {
				t.Errorf("%s: shows %q", tt.name, w)
			}
		}
	}
}

// TestMetricsProtected: /metrics answers the node's own machine, or the
// holder of the scrape token; and carries no agency, user or id.
func TestMetricsProtected(t *testing.T) {
	n := newNode(t)
	var r jisr.Record
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxmetrics", jisr.TLPAmber, jisr.Releasability{}), &r); code != 201 {
		t.Fatalf("create: %d", code)
	}
	n.raw(t, "jo.analyst", "GET", "/api/v1/records/"+r.ID, nil)
	n.raw(t, "iq.analyst", "GET", "/api/v1/records/"+r.ID, nil)
	get := func(remote, token string) (int, string) {
		req := httptest.NewRequestWithContext(context.Background(), "GET", "/metrics", nil)
		req.RemoteAddr = remote
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		n.srv.Handler().ServeHTTP(w, req)
		return w.Code, w.Body.String()
	}
	if code, _ := get("192.0.2.10:40000", ""); code != http.StatusForbidden {
		t.Errorf("remote scrape without token: %d", code)
	}
	code, body := get("127.0.0.1:40000", "")
	if code != 200 || !strings.Contains(body, `route="GET /api/v1/records/{id}"`) {
		t.Fatalf("loopback scrape: %d", code)
	}
	if code, _ := get("[::1]:40000", ""); code != 200 {
		t.Errorf("IPv6 loopback scrape: %d", code)
	}
	for _, leak := range []string{r.ID, "JO-AND", "IQ-GDNA", "jo.analyst", "iq.analyst", "agency", "qxmetrics"} {
		if strings.Contains(body, leak) {
			t.Errorf("metrics carry %q", leak)
		}
	}
	n.srv.MetricsToken = "scrape-token-of-the-node-0123"
	for _, c := range []struct {
		remote, token string
		want          int
	}{
		{"192.0.2.10:40000", "scrape-token-of-the-node-0123", 200},
		{"192.0.2.10:40000", "", 401},
		{"192.0.2.10:40000", "scrape-token-of-the-node-0124", 401},
		{"127.0.0.1:40000", "", 401}, // with a token, loopback needs it too
		{"127.0.0.1:40000", n.tokens["jo.analyst"], 401},
	} {
		if code, _ := get(c.remote, c.token); code != c.want {
			t.Errorf("scrape from %s with %q: %d, want %d", c.remote, c.token, code, c.want)
		}
	}
}

// TestContactsAPI: the points of contact of an agency — the default named
// recipients of a TLP:RED record — are its active liaison officers and
// supervisors, listed to those who read records, to nobody else.
func TestContactsAPI(t *testing.T) {
	n := newNode(t)
	withAccessUsers(t, n)
	code, b := n.raw(t, "jo.analyst", "GET", "/api/v1/contacts?agency=IQ-GDNA", nil)
	if code != 200 || !strings.Contains(string(b), `"username":"iq.liaison"`) || !strings.Contains(string(b), `"username":"iq.supervisor"`) {
		t.Fatalf("contacts of IQ-GDNA: %d %s", code, b)
	}
	if strings.Contains(string(b), "iq.analyst") || strings.Contains(string(b), "jo.") {
		t.Errorf("contacts of IQ-GDNA list others: %s", b)
	}
	for _, who := range []string{"jo.admin", "jo.auditor"} {
		if code, b := n.raw(t, who, "GET", "/api/v1/contacts", nil); code != 403 {
			t.Errorf("%s lists contacts: %d %s", who, code, b)
		}
	}
}
