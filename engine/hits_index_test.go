package engine

import (
	"log/slog"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/match"
)

// A stored selector hit is claimed by the same pair and value; a hit of
// the same pair found under another key takes over one left over.
func TestRehitsClaim(t *testing.T) {
	rx := newRehits([]OldHit{
		{ID: 1, Rule: jisr.RuleSelector, KeyID: 10, Other: 7},
		{ID: 2, Rule: jisr.RuleSelector, KeyID: 11, Other: 7},
		{ID: 3, Rule: jisr.RuleSite, KeyID: 12, Other: 8},
	})
	if h := rx.claim(hitCand{rule: jisr.RuleSelector, key: 11, o: Holder{Seq: 7}}, false); h == nil || h.id != 2 {
		t.Fatalf("same value: %+v", h)
	}
	if h := rx.claim(hitCand{rule: jisr.RuleSelector, key: 99, o: Holder{Seq: 7}}, false); h != nil {
		t.Fatalf("another value claimed %+v without anyKey", h)
	}
	if h := rx.claim(hitCand{rule: jisr.RuleSelector, key: 99, o: Holder{Seq: 7}}, true); h == nil || h.id != 1 {
		t.Fatalf("another value with anyKey: %+v", h)
	}
	if h := rx.claim(hitCand{rule: jisr.RuleSelector, key: 10, o: Holder{Seq: 7}}, true); h != nil {
		t.Fatalf("a hit claimed twice: %+v", h)
	}
	if h := rx.claim(hitCand{rule: jisr.RuleSite, key: 55, o: Holder{Seq: 8}}, false); h == nil || h.id != 3 {
		t.Fatalf("a site hit is the pair's, whatever its cell: %+v", h)
	}
	var none *rehits
	if none.claim(hitCand{rule: jisr.RuleSite, o: Holder{Seq: 8}}, true) != nil {
		t.Fatal("a new record has no stored hits")
	}
	none.keepCommon(1) // no panic
}

func TestDocID(t *testing.T) {
	id := docID(42, "s1", 3, "Person")
	if id != "42/s1/3/p" || !isPersonDoc(id) {
		t.Fatalf("docID = %q", id)
	}
	if seq, e := parseDocID(id); seq != 42 || e != "s1" {
		t.Fatalf("parse %q: %d %q", id, seq, e)
	}
	if id := docID(7, "c1", 0, "Company"); id != "7/c1/0" || isPersonDoc(id) {
		t.Fatalf("company docID = %q", id)
	}
}

func TestAudienceTags(t *testing.T) {
	var a audiences
	jo, joiq := a.tag([]string{"agency:JO"}), a.tag([]string{"agency:IQ", "agency:JO"})
	if jo == 0 || joiq == 0 || jo == joiq || a.tag([]string{"agency:JO"}) != jo || a.tag(nil) != 0 {
		t.Fatalf("tags: %d %d", jo, joiq)
	}
	read := a.readable([]string{"agency:IQ"})
	if read(jo) || !read(joiq) || read(0) || read(99) {
		t.Fatalf("Iraq reads JO=%v JO+IQ=%v none=%v unknown=%v", read(jo), read(joiq), read(0), read(99))
	}
}

func TestPersonNamesLeaveProtectedOut(t *testing.T) {
	r := &jisr.Record{Entities: []jisr.Entity{
		{ID: "p1", Schema: "Person", Props: map[string][]string{"name": {"Ali Hassan", "علي حسن"}}},
		{ID: "p2", Schema: "Person", Role: jisr.RoleProtectedInformant, Props: map[string][]string{"name": {"Secret Source"}}},
		{ID: "c1", Schema: "Company", Props: map[string][]string{"name": {"Desert Trading"}}},
		{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"name": {"Truck"}}},
	}}
	got := personNames(r)
	if len(got) != 3 || got[0].Name != "Ali Hassan" || got[1].I != 1 || got[2].Schema != "Company" {
		t.Fatalf("names: %+v", got)
	}
}

// memTx is an in-memory store of postings and hits, enough for index.
type memTx struct {
	HitTx // the rest: not used by index
	keys  map[string]*fakeKey
	hits  map[int64]*NewHit
	next  int64
}

type fakeKey struct {
	id     int64
	seqs   map[int64]string // record → agency
	common bool
}

func newMemTx() *memTx { return &memTx{keys: map[string]*fakeKey{}, hits: map[int64]*NewHit{}} }

func (f *memTx) agencyOf(seq int64) string {
	return map[bool]string{true: "JO", false: "IQ"}[seq%2 == 1]
}

func (f *memTx) DropPostings(seq int64) error {
	for _, k := range f.keys {
		delete(k.seqs, seq)
	}
	return nil
}

func (f *memTx) Post(key string, seq int64) (Posted, error) {
	k := f.keys[key]
	if k == nil {
		k = &fakeKey{id: int64(len(f.keys) + 1), seqs: map[int64]string{}}
		f.keys[key] = k
	}
	k.seqs[seq] = f.agencyOf(seq)
	return Posted{KeyID: k.id, Count: int64(len(k.seqs)), Common: k.common}, nil
}

func (f *memTx) MarkCommon(id int64) error {
	for _, k := range f.keys {
		if k.id == id {
			k.common = true
		}
	}
	return nil
}

func (f *memTx) Holders(key string, seq int64, limit int) ([]Holder, error) {
	var out []Holder
	if k := f.keys[key]; k != nil {
		for s, a := range k.seqs {
			if s != seq && len(out) < limit {
				out = append(out, Holder{s, a})
			}
		}
	}
	return out, nil
}

func (f *memTx) Seizures(crossing, from, to, agency string, seq int64, limit int) ([]SeizureAt, error) {
	return nil, nil
}

func (f *memTx) OldHits(seq int64) ([]OldHit, error) {
	var out []OldHit
	for id, h := range f.hits {
		switch {
		case h.Seq == seq:
			out = append(out, OldHit{id, h.Rule, h.KeyID, h.Other})
		case h.Other == seq:
			out = append(out, OldHit{id, h.Rule, h.KeyID, h.Seq})
		}
	}
	return out, nil
}

func (f *memTx) InsertHit(h NewHit) error {
	f.next++
	f.hits[f.next] = &h
	return nil
}

func (f *memTx) SetHitKey(id, key int64) error { f.hits[id].KeyID = key; return nil }
func (f *memTx) DeleteHit(id int64) error      { delete(f.hits, id); return nil }

func phone(v string) meets {
	key := "phone:" + v
	return meets{selectors: []match.Found{{Key: key, Index: []string{key}, Query: []string{key}}}}
}

// TestIndexKeepsHitsStable runs the rules on an in-memory store: a hit
// keeps its row while both records hold the value, goes when one drops
// it, and no hits are made for a value held by more than the limit.
func TestIndexKeepsHitsStable(t *testing.T) {
	f := newMemTx()
	now, log := time.Now(), slog.New(slog.DiscardHandler)
	run := func(m meets, seq int64, update bool) int {
		t.Helper()
		m.agency = f.agencyOf(seq)
		n, err := index(f, &m, seq, update, 3, now, log)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	run(phone("1"), 1, false)
	if n := run(phone("1"), 2, false); n != 1 || len(f.hits) != 1 {
		t.Fatalf("second holder: %d new hits, %d stored", n, len(f.hits))
	}
	var id int64
	for id = range f.hits {
	}
	ref := f.hits[id].Ref
	if n := run(phone("1"), 1, true); n != 0 || len(f.hits) != 1 || f.hits[id] == nil || f.hits[id].Ref != ref {
		t.Fatalf("an edit that keeps the value: %d new, hits %+v", n, f.hits)
	}
	if run(phone("2"), 1, true); len(f.hits) != 0 {
		t.Fatalf("an edit that drops the value kept %d hits", len(f.hits))
	}
	// The value comes back: a new hit, with a new ref.
	if n := run(phone("1"), 1, true); n != 1 || len(f.hits) != 1 {
		t.Fatalf("value back: %d new, %d stored", n, len(f.hits))
	}
	for _, h := range f.hits {
		if h.Ref == ref {
			t.Fatal("a deleted hit came back with its old ref")
		}
	}
	// Two more holders: the fourth passes the limit of 3; its value turns
	// common and makes no hits; the hits made before stay.
	run(phone("1"), 3, false)
	before := len(f.hits)
	if n := run(phone("1"), 4, false); n != 0 || !f.keys["phone:1"].common {
		t.Fatalf("over the limit: %d new hits, common %v", n, f.keys["phone:1"].common)
	}
	if run(phone("1"), 2, true); len(f.hits) != before {
		t.Fatalf("hits of a common value: %d, want %d kept", len(f.hits), before)
	}
}
