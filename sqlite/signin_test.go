package sqlite

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// openWithClock opens the store in dir and the engine over it (which
// counts sign-in failures), both on the clock c.
func openWithClock(t *testing.T, dir string, c *clock) (*Store, *engine.Engine) {
	t.Helper()
	s, err := Open(context.Background(), dir, WithClock(c.now))
	if err != nil {
		t.Fatal(err)
	}
	return s, engine.New(s, engine.WithClock(c.now))
}

const testPassword = "correct horse battery staple"

func seedOne(t *testing.T, s *engine.Engine) {
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
	s, e := openWithClock(t, dir, c)
	seedOne(t, e)
	for i := 0; i < 6; i++ {
		e.Login(ctx, "jo.analyst", "wrong password", "10.9.0.1")
	}
	_, _, err := e.Login(ctx, "jo.analyst", testPassword, "10.9.0.1")
	if jisr.ErrorCode(err) != jisr.ERATELIMIT || jisr.ErrorRetryAfter(err) != 30*time.Second {
		t.Fatalf("after 6 failures: %v %v", err, jisr.ErrorRetryAfter(err))
	}
	c.add(31 * time.Second)
	if _, _, err := e.Login(ctx, "jo.analyst", testPassword, "10.9.0.1"); err != nil {
		t.Fatalf("after the back-off: %v", err)
	}
	// Seven failures (the count started afresh after the success): 60 s.
	for i := 0; i < 7; i++ {
		c.add(31 * time.Second)
		e.Login(ctx, "jo.analyst", "wrong password", "10.9.0.1")
	}
	e.Close()
	s.Close()
	s, e = openWithClock(t, dir, c)
	defer s.Close()
	defer e.Close()
	if _, _, err := e.Login(ctx, "jo.analyst", testPassword, "10.9.0.1"); jisr.ErrorCode(err) != jisr.ERATELIMIT {
		t.Fatalf("a restart lifted the back-off: %v", err)
	}
	// Another process deletes the row: the next attempt finds it gone.
	if err := s.write(ctx, func(tx *Tx) error {
		_, err := tx.Exec(`DELETE FROM login_locks`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Login(ctx, "jo.analyst", testPassword, "10.9.0.1"); err != nil {
		t.Fatalf("after unlock by another process: %v", err)
	}
}

// Thousands of refused attempts write one summary entry per window.
func TestRefusedAttemptsAreSummarised(t *testing.T) {
	ctx := context.Background()
	c := &clock{t: time.Now()}
	s, e := openWithClock(t, t.TempDir(), c)
	defer s.Close()
	defer e.Close()
	seedOne(t, e)
	for i := 0; i < 6; i++ {
		e.Login(ctx, "jo.analyst", "wrong password", "10.9.0.2")
	}
	before := s.auditSeq
	for i := 0; i < 2000; i++ {
		e.Login(ctx, "jo.analyst", strings.Repeat("p", 2000), "10.9.0.2")
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
