package main

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

func TestParseSignInFlags(t *testing.T) {
	roles, err := parseRoles(DefaultSecondFactorRoles)
	if err != nil || !slices.Equal(roles, []jisr.Role{jisr.RoleLiaison, jisr.RoleSupervisor, jisr.RoleAdmin}) {
		t.Fatalf("default roles: %v %v", roles, err)
	}
	if r, err := parseRoles("Liaison, admin"); err != nil || !slices.Equal(r, []jisr.Role{jisr.RoleLiaison, jisr.RoleAdmin}) {
		t.Fatalf("liaison,admin: %v %v", r, err)
	}
	if r, err := parseRoles("none"); err != nil || len(r) != 0 {
		t.Fatalf("none: %v %v", r, err)
	}
	if _, err := parseRoles("janitor"); err == nil {
		t.Fatal("an unknown role was accepted")
	}
	var l prefixList
	if err := l.Set("10.0.0.0/8"); err != nil {
		t.Fatal(err)
	}
	if err := l.Set("192.0.2.7,::1"); err != nil {
		t.Fatal(err)
	}
	if len(l) != 3 || !l[1].Contains(netip.MustParseAddr("192.0.2.7")) || l[1].Bits() != 32 {
		t.Fatalf("prefixes: %v", l)
	}
	if err := l.Set("proxy.example"); err == nil {
		t.Fatal("a host name was accepted as a trusted proxy")
	}
}

// The administrator's command line sees and lifts sign-in back-offs, and
// resets a second factor; the demo's accounts sign in with their password.
func TestUserLocksAndUnlock(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, "", "demo", "--data", dir, "--records", "0", "--load-only")
	if code != 0 {
		t.Fatal(errs)
	}
	pw := ""
	for _, l := range strings.Split(out, "\n") {
		if m := accountLine.FindStringSubmatch(l); m != nil && m[1] == "jo.liaison" {
			pw = m[2]
		}
	}
	ctx := context.Background()
	s, err := openStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine(s)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 6; i++ {
		e.Login(ctx, "jo.liaison", "wrong password", "192.0.2.9")
	}
	if _, _, err := e.Login(ctx, "jo.liaison", pw, "192.0.2.9"); jisr.ErrorCode(err) != jisr.ERATELIMIT {
		t.Fatalf("want a back-off: %v", err)
	}
	e.Close()
	s.Close()
	code, out, errs = run(t, "", "user", "locks", "--data", dir)
	if code != 0 || !strings.Contains(out, "jo.liaison") || !strings.Contains(out, "192.0.2.9") {
		t.Fatalf("user locks: %d %s %s", code, out, errs)
	}
	code, out, errs = run(t, "", "user", "unlock", "--data", dir, "jo.liaison")
	if code != 0 || !strings.Contains(out, "lifted") {
		t.Fatalf("user unlock: %d %s %s", code, out, errs)
	}
	if code, out, _ = run(t, "", "user", "locks", "--data", dir); !strings.Contains(out, "no sign-in back-off") {
		t.Fatalf("after unlock: %s", out)
	}
	code, out, errs = run(t, "", "user", "reset-2fa", "--data", dir, "jo.liaison")
	if code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("user reset-2fa: %d %s %s", code, out, errs)
	}
	s, err = openStore(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if e, err = newEngine(s); err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	// jisr demo without --require-2fa: password-only sign-in, a full session.
	tok, _, err := e.Login(ctx, "jo.liaison", pw, "192.0.2.9")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Authenticate(ctx, tok); err != nil {
		t.Fatalf("a demo liaison officer should have a full session: %v", err)
	}
}
