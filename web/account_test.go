package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jisr-cell/jisr"
	"github.com/pquerna/otp/totp"
)

func TestLoginFormIsLimited(t *testing.T) {
	n := newNode(t, 0)
	c := n.client(t)
	r := c.post("/login", "/login", url.Values{"username": {strings.Repeat("a", 8<<10)}, "password": {"x"}})
	if r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("an 8 KiB sign-in form: %d", r.StatusCode)
	}
}

func TestLoginRetryAfterWeb(t *testing.T) {
	n := newNode(t, 0)
	c := n.client(t)
	for i := 0; i < 6; i++ {
		c.post("/login", "/login", url.Values{"username": {"jo.analyst"}, "password": {"wrong password"}})
	}
	r := c.post("/login", "/login", url.Values{"username": {"jo.analyst"}, "password": {password}})
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); r.StatusCode != http.StatusTooManyRequests || err != nil || s < 1 {
		t.Fatalf("429 without Retry-After: %d %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
}

var (
	reSecret = regexp.MustCompile(`id="totp-secret"[^>]*>([A-Z2-7 ]+)<`)
	reCodes  = regexp.MustCompile(`<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>`)
)

// A liaison officer on a node that requires a second factor for the role
// signs in only to enrol: every page leads to the enrolment page, which
// shows the QR code inline and the secret as text; after the code the
// recovery codes are shown once and the session is a full one. Next time
// the code is asked at sign-in.
func TestSecondFactorEnrolmentWeb(t *testing.T) {
	n := newNode(t, 0)
	n.store.RequireSecondFactor(jisr.RoleLiaison, jisr.RoleSupervisor, jisr.RoleAdmin)
	c := n.client(t)
	r := c.post("/login", "/login", url.Values{"username": {"jo.liaison"}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/account/2fa" {
		t.Fatalf("sign-in of an unenrolled liaison: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get("/records"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/account/2fa" {
		t.Fatalf("an enrol-only session reached records: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	page := c.get("/account/2fa")
	m := reSecret.FindStringSubmatch(page.body)
	if page.StatusCode != 200 || m == nil || !strings.Contains(page.body, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page: %d\n%s", page.StatusCode, page.body)
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	bad := c.post("/account/2fa", "/account/2fa", url.Values{"otp": {"000000"}})
	if bad.StatusCode == http.StatusOK && reCodes.MatchString(bad.body) {
		t.Fatal("a wrong code enrolled")
	}
	code, _ := totp.GenerateCode(secret, time.Now())
	done := c.post("/account/2fa", "/account/2fa", url.Values{"otp": {code}})
	codes := reCodes.FindAllStringSubmatch(done.body, -1)
	if done.StatusCode != 200 || len(codes) != 10 {
		t.Fatalf("confirm: %d, %d codes", done.StatusCode, len(codes))
	}
	if r := c.get("/records"); r.StatusCode != 200 {
		t.Fatalf("after enrolment: %d", r.StatusCode)
	}
	if p := c.get("/account/2fa"); strings.Contains(p.body, secret[:8]) || strings.Contains(p.body, codes[0][1]) {
		t.Fatal("the secret or a recovery code is shown again after enrolment")
	}
	// Next sign-in: the password alone asks for the code.
	c2 := n.client(t)
	r = c2.post("/login", "/login", url.Values{"username": {"jo.liaison"}, "password": {password}})
	if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.body, `id="otp"`) {
		t.Fatalf("password only: %d", r.StatusCode)
	}
	r = c2.post("/login", "/login", url.Values{"username": {"jo.liaison"}, "password": {password}, "otp": {codes[0][1]}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("with a recovery code: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}

// The administrator sees the sign-in locks on the users page and lifts
// them; resets a user's second factor.
func TestAdminLocksWeb(t *testing.T) {
	n := newNode(t, 0)
	att := n.client(t)
	for i := 0; i < 6; i++ {
		att.post("/login", "/login", url.Values{"username": {"sa.officer"}, "password": {"wrong password"}})
	}
	admin := n.client(t)
	admin.login("admin")
	page := admin.get("/admin/users")
	if !strings.Contains(page.body, `id="login-locks"`) || !strings.Contains(page.body, `value="sa.officer"`) {
		t.Fatalf("the users page does not list the lock:\n%s", page.body)
	}
	r := admin.post("/admin/users", "/admin/locks", url.Values{"account": {"sa.officer"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("lift: %d", r.StatusCode)
	}
	if r := att.post("/login", "/login", url.Values{"username": {"sa.officer"}, "password": {password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("after lift: %d", r.StatusCode)
	}
	// A supervisor sees no locks section (administrators only).
	sup := n.client(t)
	sup.login("jo.supervisor")
	if strings.Contains(sup.get("/admin/users").body, `id="login-locks"`) {
		t.Fatal("a supervisor sees sign-in locks")
	}
	if r := admin.post("/admin/users", "/admin/users/jo.liaison/2fa", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset 2FA: %d", r.StatusCode)
	}
}

// In a real browser: the enrolment page shows the QR code image (inline,
// allowed by the CSP), the secret as text, and the confirmation gives the
// recovery codes.
func TestBrowserSecondFactorEnrolment(t *testing.T) {
	n := newNode(t, 0)
	n.store.RequireSecondFactor(jisr.RoleLiaison)
	ctx := browser(t)
	run(t, ctx,
		chromedp.Navigate(n.URL+"/login"),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.SendKeys(`input[name=username]`, "jo.liaison"),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Click(`form[action="/login"] button`),
		chromedp.WaitVisible(`#totp-qr`),
	)
	w := get(t, ctx, chromedp.Evaluate[int](`document.getElementById("totp-qr").naturalWidth`))
	if w < 100 {
		t.Fatalf("the QR image did not load (width %d)", w)
	}
	secret := strings.ReplaceAll(get(t, ctx, chromedp.Evaluate[string](`document.getElementById("totp-secret").textContent`)), " ", "")
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	run(t, ctx,
		chromedp.SendKeys(`#otp`, code),
		chromedp.Click(`form[action="/account/2fa"] button`),
		chromedp.WaitVisible(`#recovery-codes`),
	)
	if n := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("#recovery-codes li").length`)); n != 10 {
		t.Fatalf("%d recovery codes shown", n)
	}
	noCSPViolations(t, ctx, "enrolment")
	run(t, ctx, chromedp.Navigate(n.URL+"/records"), chromedp.WaitVisible(`header .who`))
}
