package sqlite

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

func TestBackoffDoubles(t *testing.T) {
	b := backoffs[kindPair]
	for n := 0; n <= b.free; n++ {
		if b.wait(n) != 0 {
			t.Fatalf("%d failures wait %v", n, b.wait(n))
		}
	}
	prev := time.Duration(0)
	for n := b.free + 1; n < b.free+20; n++ {
		w := b.wait(n)
		if w < prev || w > b.cap || (prev > 0 && w != b.cap && w != 2*prev) {
			t.Fatalf("after %d failures %v (before %v)", n, w, prev)
		}
		prev = w
	}
	if prev != b.cap {
		t.Fatalf("the wait never reaches the ceiling: %v", prev)
	}
}

func TestThrottleMapIsBounded(t *testing.T) {
	th := newThrottle()
	th.max = 100
	now := time.Unix(1_800_000_000, 0)
	for i := 0; i < 10_000; i++ {
		th.fail(signinKeys(boundedName(fmt.Sprintf("user%d", i)), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)), now)
	}
	if n := th.len(); n > 100 {
		t.Fatalf("the throttle keeps %d keys; bound is 100", n)
	}
	// The most recent keys are kept, the oldest evicted.
	if th.m[tkey{kindAccount, "user9999", ""}] == nil || th.m[tkey{kindAccount, "user0", ""}] != nil {
		t.Fatal("eviction is not oldest-first")
	}
}

func TestBoundedName(t *testing.T) {
	if got := boundedName("jo.analyst"); got != "jo.analyst" {
		t.Fatalf("a valid name changed: %q", got)
	}
	long := strings.Repeat("a", 4<<20)
	a, b := boundedName(long), boundedName(long+"b")
	if len(a) > 64 || a == b || !strings.HasPrefix(a, "aaaa") {
		t.Fatalf("bounded names: %q %q", a, b)
	}
	if got := boundedName("bad\x00name\u202e"); strings.ContainsAny(got, "\x00\u202e") {
		t.Fatalf("control characters kept: %q", got)
	}
	if addrKey("2001:db8:1:2:3:4:5:6") != addrKey("2001:db8:1:2:ffff::1") || addrKey("2001:db8:1:2::1") == addrKey("2001:db8:1:3::1") {
		t.Fatal("IPv6 addresses should be throttled by /64")
	}
	if addrKey("::ffff:10.0.0.1") != "10.0.0.1" {
		t.Fatalf("mapped IPv4: %q", addrKey("::ffff:10.0.0.1"))
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func openWithClock(t *testing.T, dir string, c *clock) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const testPassword = "correct horse battery staple"

func seedOne(t *testing.T, s *Store) {
	ctx := context.Background()
	sys := jisr.Principal{System: true, Username: "system"}
	if err := s.CreateAgency(ctx, sys, &jisr.Agency{Code: "JO-AND", Country: "JO", NameEN: "AND", NameAR: "إدارة"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, sys, &jisr.User{Username: "jo.analyst", Agency: "JO-AND", Role: jisr.RoleAnalyst}, testPassword); err != nil {
		t.Fatal(err)
	}
}

// The back-off ends by itself, survives a restart, and a lock whose row
// was deleted by another process (jisr user unlock) is lifted.
func TestBackoffEndsSurvivesRestartAndUnlock(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := &clock{t: time.Now()}
	s := openWithClock(t, dir, c)
	seedOne(t, s)
	for i := 0; i < 6; i++ {
		s.Login(ctx, "jo.analyst", "wrong password", "10.9.0.1")
	}
	_, _, err := s.Login(ctx, "jo.analyst", testPassword, "10.9.0.1")
	if jisr.ErrorCode(err) != jisr.ERATELIMIT || jisr.ErrorRetryAfter(err) != 30*time.Second {
		t.Fatalf("after 6 failures: %v %v", err, jisr.ErrorRetryAfter(err))
	}
	c.add(31 * time.Second)
	if _, _, err := s.Login(ctx, "jo.analyst", testPassword, "10.9.0.1"); err != nil {
		t.Fatalf("after the back-off: %v", err)
	}
	// Seven failures (the count started afresh after the success): 60 s.
	for i := 0; i < 7; i++ {
		c.add(31 * time.Second)
		s.Login(ctx, "jo.analyst", "wrong password", "10.9.0.1")
	}
	s.Close()
	s = openWithClock(t, dir, c)
	defer s.Close()
	if _, _, err := s.Login(ctx, "jo.analyst", testPassword, "10.9.0.1"); jisr.ErrorCode(err) != jisr.ERATELIMIT {
		t.Fatalf("a restart lifted the back-off: %v", err)
	}
	// Another process deletes the row: the next attempt finds it gone.
	if err := s.write(ctx, func(tx *Tx) error {
		_, err := tx.Exec(`DELETE FROM login_locks`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Login(ctx, "jo.analyst", testPassword, "10.9.0.1"); err != nil {
		t.Fatalf("after unlock by another process: %v", err)
	}
}

// Thousands of refused attempts write one summary entry per window.
func TestRefusedAttemptsAreSummarised(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Now()}
	s := openWithClock(t, t.TempDir(), c)
	defer s.Close()
	seedOne(t, s)
	for i := 0; i < 6; i++ {
		s.Login(ctx, "jo.analyst", "wrong password", "10.9.0.2")
	}
	before := s.auditSeq
	for i := 0; i < 2000; i++ {
		s.Login(ctx, "jo.analyst", strings.Repeat("p", 2000), "10.9.0.2")
	}
	if n := s.auditSeq - before; n != 1 {
		t.Fatalf("2000 refused attempts wrote %d audit entries; want 1 summary", n)
	}
	var detail string
	s.db.QueryRow(`SELECT detail FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&detail)
	if !strings.Contains(detail, "throttled: 1 attempt") {
		t.Fatalf("summary: %q", detail)
	}
}
