package engine

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/match"
	"github.com/jisr-cell/jisr/selectors"
)

// DefaultCommonLimit is how many records may share a selector before it
// counts as common (a hotline, a switchboard) and stops making hits.
const DefaultCommonLimit = 25

// meets is what of a record can meet other records: computed from the
// record before the write transaction, so the single writer only asks the
// store and writes.
type meets struct {
	agency    string
	selectors []match.Found
	site      bool
	lat, lon  float64
	// A seizure with a crossing and a date: possible duplicates.
	crossing, occurred string
	pills, kg          float64
}

// meetsOf computes what of r can meet other records; country is the
// country of r's originator, pills and kg its quantities.
func meetsOf(r *jisr.Record, country string, pills, kg float64) meets {
	m := meets{agency: r.Originator}
	m.selectors = match.Selectors(r, country)
	m.lat, m.lon, m.site = match.Site(r)
	if r.Kind == jisr.KindSeizure && r.Seizure != nil {
		m.crossing, m.occurred, m.pills, m.kg = r.Seizure.Crossing, r.OccurredOn, pills, kg
	}
	return m
}

// indexer records the hits of one record inside a write transaction.
type indexer struct {
	tx     HitTx
	seq    int64
	agency string
	limit  int
	now    time.Time
	log    *slog.Logger
	rx     *rehits // nil for a new record
	n      int     // hits inserted
}

// index writes the selector postings of the record seq and records its
// hits: for each selector, the other records already holding it (unless
// the value is common); for a facility, the facilities within a
// kilometre; for a seizure, possible duplicates reported by another
// agency. It returns how many hits are new.
func index(tx HitTx, m *meets, seq int64, update bool, limit int, now time.Time, log *slog.Logger) (int, error) {
	x := &indexer{tx: tx, seq: seq, agency: m.agency, limit: limit, now: now, log: log}
	if update {
		if err := tx.DropPostings(seq); err != nil {
			return 0, err
		}
		old, err := tx.OldHits(seq)
		if err != nil {
			return 0, err
		}
		x.rx = newRehits(old)
	}
	for _, f := range m.selectors {
		var mainID int64
		common := false
		for _, k := range f.Index {
			id, c, err := x.file(k)
			if err != nil {
				return 0, err
			}
			if k == f.Key {
				mainID, common = id, c
			}
		}
		if common {
			continue
		}
		seen := map[int64]bool{}
		for _, q := range f.Query {
			others, err := tx.Holders(q, seq, limit)
			if err != nil {
				return 0, err
			}
			for _, o := range others {
				if seen[o.Seq] {
					continue
				}
				seen[o.Seq] = true
				if err := x.add(hitCand{jisr.RuleSelector, mainID, o, 0, ""}); err != nil {
					return 0, err
				}
			}
		}
	}
	if m.site {
		if err := x.sites(m.lat, m.lon); err != nil {
			return 0, err
		}
	}
	if err := x.duplicates(m); err != nil {
		return 0, err
	}
	if err := x.settle(); err != nil {
		return 0, err
	}
	return x.n, nil
}

// file posts the record under key and reports whether the key is common
// (held by more than the limit: no hits for it).
func (x *indexer) file(key string) (id int64, common bool, err error) {
	p, err := x.tx.Post(key, x.seq)
	if err != nil {
		return 0, false, err
	}
	if p.Collision {
		x.log.Warn("selector key hash collision; no hits for this value", "key", key)
		return p.KeyID, true, nil
	}
	common = p.Common
	if !common && p.Count > int64(x.limit) {
		// Over-matching value: flag it and stop making hits for it.
		if err := x.tx.MarkCommon(p.KeyID); err != nil {
			return 0, false, err
		}
		common = true
	}
	if common {
		x.rx.keepCommon(p.KeyID)
	}
	return p.KeyID, common, nil
}

// sites records site hits: the facility is posted in its own cell; its
// cell and the neighbouring ones are searched for facilities within the
// radius.
func (x *indexer) sites(lat, lon float64) error {
	cells := match.SiteCells(lat, lon)
	id, common, err := x.file(cells[0])
	if err != nil || common {
		return err
	}
	for _, c := range cells {
		others, err := x.tx.Holders(c, x.seq, x.limit)
		if err != nil {
			return err
		}
		for _, o := range others {
			olat, olon, ok, err := x.tx.Site(o.Seq)
			if err != nil || !ok || !match.Near(lat, lon, olat, olon) {
				continue
			}
			expl := fmt.Sprintf("sites %.0f m apart", selectors.Distance(lat, lon, olat, olon))
			if err := x.add(hitCand{jisr.RuleSite, id, o, 0, expl}); err != nil {
				return err
			}
		}
	}
	return nil
}

// duplicates records possible duplicate seizures: another agency's seizure
// at the same crossing, a day either side, with a similar quantity.
func (x *indexer) duplicates(m *meets) error {
	if m.crossing == "" || m.occurred == "" {
		return nil
	}
	day, err := time.Parse(time.DateOnly, m.occurred)
	if err != nil {
		return nil
	}
	cs, err := x.tx.Seizures(m.crossing, day.AddDate(0, 0, -1).Format(time.DateOnly), day.AddDate(0, 0, 1).Format(time.DateOnly), m.agency, x.seq, 50)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if !match.SimilarQuantity(m.pills, c.Pills) && !match.SimilarQuantity(m.kg, c.Kg) {
			continue
		}
		expl := fmt.Sprintf("same crossing %s, dates within a day, quantities %s and %s", m.crossing, qty(m.pills, m.kg), qty(c.Pills, c.Kg))
		if err := x.add(hitCand{jisr.RuleDuplicate, 0, Holder{c.Seq, c.Agency}, 0, expl}); err != nil {
			return err
		}
	}
	return nil
}

func qty(pills, kg float64) string {
	if pills > 0 {
		return strconv.FormatFloat(pills, 'f', 0, 64) + " pills"
	}
	return strconv.FormatFloat(kg, 'f', 1, 64) + " kg"
}

// Hits are stable: when a record changes, a hit it still makes with the
// same record by the same rule (and, for selectors, the same value) keeps
// its row, so its ref and its answer; only hits it no longer makes are
// deleted. Name hits are settled by the name worker (see nameHits).

// hitCand is a hit found while indexing a record.
type hitCand struct {
	rule  string
	key   int64 // selector key id; 0 for none
	o     Holder
	score float64
	expl  string
}

// oldHit is a stored hit of a record being indexed again.
type oldHit struct {
	id, key int64
	kept    bool
}

// rehits holds the stored hits of a record being indexed again, by rule
// and far record. nil when the record is new.
type rehits struct {
	old      map[string][]*oldHit
	deferred []hitCand      // selector hits with no stored hit of the same value
	common   map[int64]bool // keys now common: their stored hits stay
}

func bucket(rule string, other int64) string { return rule + ":" + strconv.FormatInt(other, 10) }

func newRehits(old []OldHit) *rehits {
	rx := &rehits{old: map[string][]*oldHit{}, common: map[int64]bool{}}
	for _, h := range old {
		b := bucket(h.Rule, h.Other)
		rx.old[b] = append(rx.old[b], &oldHit{id: h.ID, key: h.KeyID})
	}
	return rx
}

func (rx *rehits) keepCommon(key int64) {
	if rx != nil {
		rx.common[key] = true
	}
}

// claim returns the stored hit that c is, if any: for selectors the one of
// the same value (or, with anyKey, any one left), for other rules any.
func (rx *rehits) claim(c hitCand, anyKey bool) *oldHit {
	if rx == nil {
		return nil
	}
	for _, h := range rx.old[bucket(c.rule, c.o.Seq)] {
		if !h.kept && (c.rule != jisr.RuleSelector || anyKey || h.key == c.key) {
			h.kept = true
			return h
		}
	}
	return nil
}

// add records hit c, or keeps the stored hit it is.
func (x *indexer) add(c hitCand) error {
	if h := x.rx.claim(c, false); h != nil {
		if c.rule == jisr.RuleSelector {
			return nil
		}
		// A site or duplicate hit keeps its ref; its explanation follows the records.
		return x.tx.SetHitExplanation(h.id, c.score, c.expl)
	}
	if x.rx != nil && c.rule == jisr.RuleSelector {
		// Perhaps the same shared thing under another key (nearby
		// coordinates, a document of unknown country): decided at the end.
		x.rx.deferred = append(x.rx.deferred, c)
		return nil
	}
	return x.insert(c)
}

func (x *indexer) insert(c hitCand) error {
	if err := x.tx.InsertHit(NewHit{Ref: newRef(), Rule: c.rule, KeyID: c.key, Seq: x.seq, Other: c.o.Seq, Score: c.score,
		Explanation: c.expl, SeqAgency: x.agency, OtherAgency: c.o.Agency, At: x.now.UnixNano()}); err != nil {
		return err
	}
	x.n++
	return nil
}

// settle ends an indexing again: a selector hit found under another key
// takes over a stored hit of the same pair left over (and its key); the
// stored hits not found again are deleted, but those of a value now common.
func (x *indexer) settle() error {
	rx := x.rx
	if rx == nil {
		return nil
	}
	for _, c := range rx.deferred {
		if h := rx.claim(c, true); h != nil {
			if err := x.tx.SetHitKey(h.id, c.key); err != nil {
				return err
			}
			continue
		}
		if err := x.insert(c); err != nil {
			return err
		}
	}
	for _, hs := range rx.old {
		for _, h := range hs {
			if h.kept || rx.common[h.key] {
				continue
			}
			if err := x.tx.DeleteHit(h.id); err != nil {
				return err
			}
		}
	}
	return nil
}

// newRef returns the reference of a new hit: 128 random bits in hex.
func newRef() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}
