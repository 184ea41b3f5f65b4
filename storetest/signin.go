package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/pquerna/otp/totp"
)

// SecondFactorRoles is implemented by stores whose node can require a
// second factor for some roles.
type SecondFactorRoles interface {
	RequireSecondFactor(roles ...jisr.Role)
}

// auditOf returns the audit entries (newest first) whose object is object.
func auditOf(t *testing.T, s Store, object string) []*jisr.AuditEntry {
	t.Helper()
	aud := As(t, s, "jo.auditor")
	var out []*jisr.AuditEntry
	f := jisr.AuditFilter{Object: object, Page: jisr.Page{Limit: jisr.MaxPageLimit}}
	for {
		es, next, err := s.AuditEntries(context.Background(), aud, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, es...)
		if next == "" {
			return out
		}
		f.Page.Cursor = next
	}
}

func allAudit(t *testing.T, s Store) []*jisr.AuditEntry { return auditOf(t, s, "") }

// testSignInAbuse: an anonymous caller cannot fill the disk through the
// sign-in, nor lock out the people behind one address.
func testSignInAbuse(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	// A 1 MB user name is kept as a short prefix and a hash, and once the
	// pair is in back-off further tries are counted, not written each.
	huge := "X" + strings.Repeat("y", 1<<20)
	for i := 0; i < 20; i++ {
		s.Login(ctx, huge, "wrong password "+fmt.Sprint(i), "198.51.100.9")
	}
	var entries, bytes int
	for _, e := range allAudit(t, s) {
		if e.Addr != "198.51.100.9" {
			continue
		}
		entries++
		n := len(e.Actor) + len(e.Object) + len(e.Detail) + len(e.Addr)
		bytes += n
		if n > 400 {
			t.Fatalf("a failed sign-in stored %d bytes: actor %.80q…", n, e.Actor)
		}
		if !strings.HasPrefix(e.Object, "xyyy") || !strings.Contains(e.Object, "#") {
			t.Fatalf("the name tried should be kept as a prefix and a hash: %q", e.Object)
		}
	}
	if entries == 0 || entries > 8 {
		t.Fatalf("20 tries with one name from one address wrote %d audit entries; want the failures before the back-off and one summary", entries)
	}
	// Two different long names stay apart.
	s.Login(ctx, "X"+strings.Repeat("y", 1<<20)+"z", "wrong password", "198.51.100.10")
	var objs []string
	for _, e := range allAudit(t, s) {
		if e.Addr == "198.51.100.9" || e.Addr == "198.51.100.10" {
			objs = append(objs, e.Object)
		}
	}
	slices.Sort(objs)
	if len(slices.Compact(objs)) != 2 {
		t.Fatalf("two long names tried should give two bounded names, got %v", slices.Compact(objs))
	}

	// An agency behind one NAT: 25 failures on other names from its
	// address do not stop its users (the old limit was 20 an address).
	for i := 0; i < 25; i++ {
		s.Login(ctx, fmt.Sprintf("ghost%d", i%5), "wrong password", "203.0.113.5")
	}
	if _, _, err := s.Login(ctx, "jo.analyst", Password, "203.0.113.5"); err != nil {
		t.Fatalf("25 failures from a shared address locked out its users: %v", err)
	}

	// Administrators see and lift back-offs; others may not.
	for i := 0; i < 6; i++ {
		s.Login(ctx, "lb.analyst", "wrong password", "192.0.2.50")
	}
	if _, _, err := s.Login(ctx, "lb.analyst", Password, "192.0.2.50"); code(err) != jisr.ERATELIMIT {
		t.Fatalf("want a back-off: %v", err)
	}
	if _, err := s.LoginLocks(ctx, As(t, s, "jo.analyst")); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("an analyst listed sign-in locks: %v", err)
	}
	if _, err := s.ClearLoginLocks(ctx, As(t, s, "jo.auditor"), "lb.analyst", ""); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("an auditor lifted sign-in locks: %v", err)
	}
	admin := As(t, s, "jo.admin")
	locks, err := s.LoginLocks(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, l := range locks {
		if l.Kind == "pair" && l.Account == "lb.analyst" && l.Addr == "192.0.2.50" && l.Until.After(time.Now()) && l.Failures >= 6 {
			found = true
		}
		if len(l.Account) > 100 {
			t.Fatalf("a lock keeps an unbounded name: %.80q…", l.Account)
		}
	}
	if !found {
		t.Fatalf("the back-off of lb.analyst from 192.0.2.50 is not listed: %+v", locks)
	}
	if n, err := s.ClearLoginLocks(ctx, admin, "LB.Analyst", ""); err != nil || n == 0 {
		t.Fatalf("lift: %d %v", n, err)
	}
	if _, _, err := s.Login(ctx, "lb.analyst", Password, "192.0.2.50"); err != nil {
		t.Fatalf("after the lock was lifted: %v", err)
	}
}

// code of the authenticator app at t.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Enrol gives username a second factor; it returns the secret and the recovery codes.
func Enrol(t *testing.T, s Store, p jisr.Principal) (string, []string) {
	t.Helper()
	ctx := context.Background()
	e, err := s.BeginTOTP(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.BeginTOTP(ctx, p)
	if err != nil || again.Secret != e.Secret || !strings.HasPrefix(e.URI, "otpauth://totp/") {
		t.Fatalf("a pending enrolment should show the same secret: %v %v", again, err)
	}
	if _, err := s.ConfirmTOTP(ctx, p, "000000"); code(err) != jisr.EINVALID {
		if totpCode(t, e.Secret, time.Now()) != "000000" {
			t.Fatalf("a wrong code confirmed the enrolment: %v", err)
		}
	}
	codes, err := s.ConfirmTOTP(ctx, p, totpCode(t, e.Secret, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) < 8 || len(slices.Compact(slices.Sorted(slices.Values(codes)))) != len(codes) {
		t.Fatalf("recovery codes: %v", codes)
	}
	return e.Secret, codes
}

func testSecondFactor(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	p := As(t, s, "jo.liaison")
	if st, err := s.TwoFactorStatus(ctx, p); err != nil || st.Enrolled {
		t.Fatalf("status before enrolment: %+v %v", st, err)
	}
	secret, codes := Enrol(t, s, p)
	if st, err := s.TwoFactorStatus(ctx, p); err != nil || !st.Enrolled || st.RecoveryLeft != len(codes) {
		t.Fatalf("status after enrolment: %+v %v", st, err)
	}
	if _, err := s.BeginTOTP(ctx, p); code(err) != jisr.ECONFLICT {
		t.Fatalf("the secret can be shown again after enrolment: %v", err)
	}
	signIn := func(password, otp, addr string) error {
		_, _, err := s.SignIn(ctx, jisr.Credentials{Username: "jo.liaison", Password: password, OTP: otp, Addr: addr})
		return err
	}
	if err := signIn(Password, "", "10.1.0.1"); code(err) != jisr.EOTPREQUIRED {
		t.Fatalf("password only, enrolled: %v", err)
	}
	if err := signIn(Password, "123456", "10.1.0.1"); code(err) != jisr.EUNAUTHORIZED || jisr.ErrorField(err) != "otp" {
		if totpCode(t, secret, time.Now()) != "123456" {
			t.Fatalf("wrong code: %v", err)
		}
	}
	if err := signIn("wrong password!", totpCode(t, secret, time.Now().Add(30*time.Second)), "10.1.0.1"); code(err) != jisr.EUNAUTHORIZED || jisr.ErrorField(err) == "otp" {
		t.Fatalf("wrong password with a good code: %v", err)
	}
	// The code of the next step (the enrolment spent the current one) is
	// accepted once.
	next := totpCode(t, secret, time.Now().Add(30*time.Second))
	if err := signIn(Password, next, "10.1.0.1"); err != nil {
		t.Fatalf("good code: %v", err)
	}
	if err := signIn(Password, next, "10.1.0.1"); code(err) != jisr.EUNAUTHORIZED {
		t.Fatalf("a code was accepted twice: %v", err)
	}
	// A recovery code works once, in any case and with or without the dash.
	rc := strings.ToUpper(strings.ReplaceAll(codes[0], "-", ""))
	if err := signIn(Password, rc, "10.1.0.1"); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	if err := signIn(Password, codes[0], "10.1.0.1"); code(err) != jisr.EUNAUTHORIZED {
		t.Fatalf("a recovery code was accepted twice: %v", err)
	}
	if st, _ := s.TwoFactorStatus(ctx, p); st.RecoveryLeft != len(codes)-1 {
		t.Fatalf("recovery codes left: %d", st.RecoveryLeft)
	}

	// A back-off is passed by the right password with a second factor,
	// never by the password alone, nor by a code with a wrong password.
	for i := 0; i < 6; i++ {
		signIn("wrong password!", "", "10.1.0.2")
	}
	if err := signIn(Password, "", "10.1.0.2"); code(err) != jisr.ERATELIMIT {
		t.Fatalf("password alone in back-off: %v", err)
	}
	if err := signIn("wrong password!", codes[1], "10.1.0.2"); code(err) != jisr.ERATELIMIT {
		t.Fatalf("wrong password with a recovery code in back-off: %v", err)
	}
	if err := signIn(Password, codes[1], "10.1.0.2"); err != nil {
		t.Fatalf("password and recovery code in back-off: %v", err)
	}

	// Wrong codes have their own back-off, that nothing passes.
	for i := 0; i < 8; i++ {
		signIn(Password, fmt.Sprintf("%06d", 999990-i), "10.1.0.3")
	}
	if err := signIn(Password, codes[2], "10.1.0.3"); code(err) != jisr.ERATELIMIT || jisr.ErrorRetryAfter(err) <= 0 {
		t.Fatalf("codes can be tried at will: %v", err)
	}

	// Reset: by those who manage the user; the password alone works again.
	if err := s.ResetTwoFactor(ctx, As(t, s, "jo.analyst"), "jo.liaison"); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("an analyst reset a second factor: %v", err)
	}
	if err := s.ResetTwoFactor(ctx, System, "jo.liaison"); err != nil {
		t.Fatal(err)
	}
	if err := signIn(Password, "", "10.1.0.4"); err != nil {
		t.Fatalf("after reset: %v", err)
	}
	// The secret never enters the audit trail.
	for _, e := range allAudit(t, s) {
		if strings.Contains(e.Detail+e.Object, secret) || strings.Contains(e.Detail, codes[3]) {
			t.Fatalf("audit entry %d holds the secret or a recovery code: %s", e.Seq, e.Detail)
		}
	}
}

// testSecondFactorRequired: a user whose role needs a second factor and
// has none may sign in only to enrol.
func testSecondFactorRequired(t *testing.T, s Store) {
	rs, ok := s.(SecondFactorRoles)
	if !ok {
		t.Skip("the store cannot require a second factor")
	}
	ctx := context.Background()
	Seed(t, s)
	rs.RequireSecondFactor(jisr.RoleLiaison, jisr.RoleSupervisor, jisr.RoleAdmin)
	token, _, err := s.Login(ctx, "iq.liaison", Password, "10.2.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Authenticate(ctx, token); code(err) != jisr.EENROLREQUIRED {
		t.Fatalf("an enrol-only session was taken for a full one: %v", err)
	}
	p, _, scope, err := s.AuthenticateEnrol(ctx, token)
	if err != nil || scope != jisr.ScopeEnrol {
		t.Fatalf("enrol session: %q %v", scope, err)
	}
	if st, _ := s.TwoFactorStatus(ctx, p); !st.Required {
		t.Fatalf("status does not say it is required: %+v", st)
	}
	// Analysts are not required to.
	if _, _, err := s.Authenticate(ctx, mustLogin(t, s, "iq.analyst")); err != nil {
		t.Fatalf("analyst: %v", err)
	}
	Enrol(t, s, p)
	if _, _, err := s.Authenticate(ctx, token); err != nil {
		t.Fatalf("after enrolment the session should be a full one: %v", err)
	}
}

func mustLogin(t *testing.T, s Store, username string) string {
	t.Helper()
	token, _, err := s.Login(context.Background(), username, Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	return token
}
