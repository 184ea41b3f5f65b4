package engine_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

// pairStore is a store whose next two writes, once armed, run in one
// transaction, the first then the second — as the writer's group commit
// gathers concurrent writes — so a test can put two writes in one commit
// for certain.
type pairStore struct {
	*sqlite.Store
	mu      sync.Mutex
	armed   bool
	waiting *pendingWrite
}

type pendingWrite struct {
	fn   func(engine.Tx) error
	done chan error
}

func (s *pairStore) arm() { s.mu.Lock(); s.armed = true; s.mu.Unlock() }

func (s *pairStore) hasWaiting() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.waiting != nil }

func (s *pairStore) Write(ctx context.Context, fn func(engine.Tx) error) error {
	s.mu.Lock()
	if !s.armed {
		s.mu.Unlock()
		return s.Store.Write(ctx, fn)
	}
	if s.waiting == nil {
		w := &pendingWrite{fn: fn, done: make(chan error, 1)}
		s.waiting = w
		s.mu.Unlock()
		return <-w.done
	}
	w := s.waiting
	s.waiting, s.armed = nil, false
	s.mu.Unlock()
	err := s.Store.Write(ctx, func(tx engine.Tx) error {
		if err := w.fn(tx); err != nil {
			return err
		}
		return fn(tx)
	})
	w.done <- err
	return err
}

// TestLookoutSameCommit (issue 11): a person lookout and a record that
// matches it, written in the same commit (lookout first), make a match —
// as they would in two commits. The name index of person lookouts is
// updated after the commit, so the record used to be checked without it.
func TestLookoutSameCommit(t *testing.T) {
	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ps := &pairStore{Store: s}
	e := engine.New(ps)
	t.Cleanup(func() { e.Close() })
	storetest.Seed(t, e)
	ctx := context.Background()
	joL, iq := storetest.As(t, e, "jo.liaison"), storetest.As(t, e, "iq.analyst")
	for _, c := range []struct {
		name   string
		look   *jisr.Lookout
		record func(*jisr.Record)
	}{
		{"person", &jisr.Lookout{Type: jisr.LookPerson, Value: "Khalid Hussein al-Jubouri"}, func(r *jisr.Record) {
			r.Entities = append(r.Entities, jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {"Khaled Husain Al Jabouri"}}})
		}},
		{"phone", &jisr.Lookout{Type: jisr.LookPhone, Value: "+962 79 555 0199"}, func(r *jisr.Record) {
			r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+962795550199"}}})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := c.look
			l.To, l.Expires = []string{"IQ-GDNA"}, time.Now().Add(7*24*time.Hour)
			ps.arm()
			done := make(chan error, 1)
			go func() { done <- e.CreateLookout(ctx, joL, l) }()
			for !ps.hasWaiting() {
				time.Sleep(time.Millisecond)
			}
			r := storetest.Seizure("qxsame"+c.name, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
			c.record(r)
			if err := e.CreateRecord(ctx, iq, r); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			ms, err := e.LookoutMatches(ctx, joL, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 {
				t.Fatalf("the record written in the lookout's commit made %d matches", len(ms))
			}
		})
	}
}
