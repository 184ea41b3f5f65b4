package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
	"github.com/pquerna/otp/totp"
)

type loginAnswer struct {
	status     int
	retryAfter string
	body       jhttp.ErrorBody
	ok         jhttp.LoginResponse
}

// login posts a login body (a LoginRequest or raw text) with optional
// X-Forwarded-For.
func login(t *testing.T, url string, body any, xff string) loginAnswer {
	t.Helper()
	var rd io.Reader
	if s, ok := body.(string); ok {
		rd = strings.NewReader(s)
	} else {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest("POST", url+"/api/v1/login", rd)
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a := loginAnswer{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
	if resp.StatusCode == 200 {
		json.Unmarshal(b, &a.ok)
	} else {
		json.Unmarshal(b, &a.body)
	}
	return a
}

func TestLoginBodyIsLimited(t *testing.T) {
	n := newNode(t)
	big := `{"username":"` + strings.Repeat("a", 8<<10) + `","password":"x"}`
	if a := login(t, n.URL, big, ""); a.status != http.StatusRequestEntityTooLarge || a.body.Code != jisr.ETOOLARGE {
		t.Fatalf("an 8 KiB login body: %d %+v", a.status, a.body)
	}
	// Chunked (no Content-Length) is cut as well.
	req, _ := http.NewRequest("POST", n.URL+"/api/v1/login", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked 8 KiB login body: %d", resp.StatusCode)
	}
}

func TestLoginRetryAfter(t *testing.T) {
	n := newNode(t)
	for i := 0; i < 6; i++ {
		login(t, n.URL, jhttp.LoginRequest{Username: "jo.analyst", Password: "wrong password"}, "")
	}
	a := login(t, n.URL, jhttp.LoginRequest{Username: "jo.analyst", Password: storetest.Password}, "")
	secs, err := strconv.Atoi(a.retryAfter)
	if a.status != http.StatusTooManyRequests || a.body.Code != jisr.ERATELIMIT || err != nil || secs < 1 || secs > 900 {
		t.Fatalf("429 without a usable Retry-After: %d %q %+v", a.status, a.retryAfter, a.body)
	}
}

// X-Forwarded-For is believed only from a configured proxy.
func TestTrustedProxies(t *testing.T) {
	n := newNode(t)
	// Not trusted: changing the header does not escape the back-off.
	for i := 0; i < 6; i++ {
		login(t, n.URL, jhttp.LoginRequest{Username: "iq.analyst", Password: "wrong password"}, "198.51.100."+strconv.Itoa(i))
	}
	if a := login(t, n.URL, jhttp.LoginRequest{Username: "iq.analyst", Password: storetest.Password}, "198.51.100.77"); a.status != 429 {
		t.Fatalf("a forged X-Forwarded-For escaped the back-off: %d", a.status)
	}

	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	e := engine.New(s)
	t.Cleanup(func() { e.Close() })
	storetest.Seed(t, e)
	srv := jhttp.New(jhttp.Services{Records: e, Users: e, Agencies: e, Audit: e, Account: e}, nil)
	srv.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	for i := 0; i < 6; i++ {
		login(t, ts.URL, jhttp.LoginRequest{Username: "iq.analyst", Password: "wrong password"}, "203.0.113.9, 127.0.0.1")
	}
	if a := login(t, ts.URL, jhttp.LoginRequest{Username: "iq.analyst", Password: storetest.Password}, "203.0.113.9"); a.status != 429 {
		t.Fatalf("the client behind the proxy is not held: %d", a.status)
	}
	if a := login(t, ts.URL, jhttp.LoginRequest{Username: "iq.analyst", Password: storetest.Password}, "203.0.113.10"); a.status != 200 {
		t.Fatalf("another client behind the same proxy is held: %d %+v", a.status, a.body)
	}
	es, _, err := e.AuditEntries(context.Background(), storetest.As(t, e, "jo.auditor"), jisr.AuditFilter{Action: jisr.ActLoginFailed})
	if err != nil || len(es) == 0 || es[0].Addr != "203.0.113.9" {
		t.Fatalf("the audit trail should name the client behind the proxy: %v %v", es, err)
	}
}

func TestLoginSecondFactor(t *testing.T) {
	n := newNode(t)
	n.store.RequireSecondFactor(jisr.RoleLiaison)
	a := login(t, n.URL, jhttp.LoginRequest{Username: "jo.liaison", Password: storetest.Password}, "")
	if a.status != 200 || a.ok.Scope != jisr.ScopeEnrol {
		t.Fatalf("a liaison officer without a second factor: %d %+v", a.status, a.ok)
	}
	n.tokens["enrol"] = a.ok.Token
	var errBody jhttp.ErrorBody
	if code := n.do(t, "enrol", "GET", "/api/v1/records", nil, &errBody); code != 403 || errBody.Code != jisr.EENROLREQUIRED {
		t.Fatalf("an enrol-only session listed records: %d %+v", code, errBody)
	}
	var e jisr.TOTPEnrolment
	if code := n.do(t, "enrol", "POST", "/api/v1/me/2fa", nil, &e); code != 200 || e.Secret == "" {
		t.Fatalf("begin: %d", code)
	}
	code, _ := totp.GenerateCode(e.Secret, time.Now())
	var conf jhttp.ConfirmResponse
	if st := n.do(t, "enrol", "POST", "/api/v1/me/2fa/confirm", jhttp.ConfirmRequest{OTP: code}, &conf); st != 200 || len(conf.RecoveryCodes) == 0 {
		t.Fatalf("confirm: %d %+v", st, conf)
	}
	if st := n.do(t, "enrol", "GET", "/api/v1/records", nil, nil); st != 200 {
		t.Fatalf("after enrolment the session should be a full one: %d", st)
	}
	var again jhttp.ErrorBody
	if st := n.do(t, "enrol", "POST", "/api/v1/me/2fa", nil, &again); st != 409 {
		t.Fatalf("the secret was shown again after enrolment: %d %+v", st, again)
	}
	a = login(t, n.URL, jhttp.LoginRequest{Username: "jo.liaison", Password: storetest.Password}, "")
	if a.status != 401 || a.body.Code != jisr.EOTPREQUIRED {
		t.Fatalf("password only, enrolled: %d %+v", a.status, a.body)
	}
	a = login(t, n.URL, jhttp.LoginRequest{Username: "jo.liaison", Password: storetest.Password, OTP: conf.RecoveryCodes[0]}, "")
	if a.status != 200 || a.ok.Scope != jisr.ScopeFull {
		t.Fatalf("with a recovery code: %d %+v", a.status, a.body)
	}
	// Reset by an administrator; the locks API is for administrators.
	if st := n.do(t, "jo.analyst", "GET", "/api/v1/login-locks", nil, nil); st != 403 {
		t.Fatalf("analyst lists locks: %d", st)
	}
	if st := n.do(t, "jo.admin", "POST", "/api/v1/users/jo.liaison/reset-2fa", nil, nil); st != 204 {
		t.Fatalf("reset: %d", st)
	}
	var st jisr.TwoFactor
	n.tokens["liaison"] = login(t, n.URL, jhttp.LoginRequest{Username: "jo.liaison", Password: storetest.Password}, "").ok.Token
	if c := n.do(t, "liaison", "GET", "/api/v1/me/2fa", nil, &st); c != 200 || st.Enrolled || !st.Required {
		t.Fatalf("after reset: %d %+v", c, st)
	}
}

func TestLoginLocksAPI(t *testing.T) {
	n := newNode(t)
	for i := 0; i < 6; i++ {
		login(t, n.URL, jhttp.LoginRequest{Username: "sa.officer", Password: "wrong password"}, "")
	}
	var ls jhttp.List[jisr.LoginLock]
	if st := n.do(t, "jo.admin", "GET", "/api/v1/login-locks", nil, &ls); st != 200 || len(ls.Items) == 0 {
		t.Fatalf("locks: %d %+v", st, ls)
	}
	var lifted struct{ Lifted int }
	if st := n.do(t, "jo.admin", "DELETE", "/api/v1/login-locks?account=sa.officer", nil, &lifted); st != 200 || lifted.Lifted == 0 {
		t.Fatalf("lift: %d %+v", st, lifted)
	}
	if a := login(t, n.URL, jhttp.LoginRequest{Username: "sa.officer", Password: storetest.Password}, ""); a.status != 200 {
		t.Fatalf("after lift: %d %+v", a.status, a.body)
	}
}
