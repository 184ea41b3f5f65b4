package engine

import (
	"context"
	"log/slog"
	"sync"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/names"
)

// hitState is the engine's part of matching: the settings of the rules,
// the in-memory cross-script name index and the worker that records
// "possible same person" hits after each commit.
type hitState struct {
	// commonLimit is how many records may share a selector before it
	// counts as common (a hotline, a switchboard) and stops making hits.
	commonLimit int
	// matching turns on selector postings and hits on write (on by default).
	matching bool
	log      *slog.Logger

	names     *names.Index // persons and companies across records, all scripts
	audiences audiences    // the audiences the names in names are tagged with
	buildErr  error        // the name index could not be built at the start
	queue     chan nameJob // records waiting for name hits
	stop      chan struct{}
	wg        sync.WaitGroup
}

func newHitState() *hitState {
	return &hitState{commonLimit: DefaultCommonLimit, matching: true, log: slog.New(slog.DiscardHandler),
		names: names.NewIndex(), queue: make(chan nameJob, 1<<16), stop: make(chan struct{})}
}

// WithCommonLimit sets how many records may share a selector before it
// counts as common and stops making hits (DefaultCommonLimit).
func WithCommonLimit(n int) Option { return func(e *Engine) { e.hits.commonLimit = n } }

// WithoutMatching turns off selector indexing and hits, name hits
// included (for measuring what matching costs). Names are still indexed
// for person search.
func WithoutMatching() Option { return func(e *Engine) { e.hits.matching = false } }

// WithHitLogger sets where the matching logs (hash collisions of selector
// keys, a full name queue, failed name hits).
func WithHitLogger(l *slog.Logger) Option {
	return func(e *Engine) {
		if l != nil {
			e.hits.log = l
		}
	}
}

// startHits builds the name index from the store and starts the name
// worker.
func (e *Engine) startHits() {
	h := e.hits
	if err := e.buildNames(context.Background()); err != nil {
		h.buildErr = jisr.Internal(err)
		h.log.Error("build the name index: person search is off", "err", err)
	}
	h.wg.Add(1)
	go e.nameWorker()
}

// stopHits stops the name worker (records still queued get no name hits).
func (e *Engine) stopHits() {
	select {
	case <-e.hits.stop:
		return
	default:
	}
	close(e.hits.stop)
	e.hits.wg.Wait()
}

// Indexed is what the engine indexes of a record: its selectors, site and
// seizure facts (what can meet other records) and the names of its
// persons, computed before the write transaction, so the single writer
// only asks the store and writes.
type Indexed struct {
	meets
	names []PersonName
	tag   uint32 // the record's audience in the name index
}

// PrepareIndex computes what of r is indexed: audience is r's audience
// (policy.Audience), pills and kg its quantities.
func (e *Engine) PrepareIndex(r *jisr.Record, audience []string, pills, kg float64) *Indexed {
	x := &Indexed{names: personNames(r), tag: e.hits.audiences.tag(audience)}
	if e.hits.matching {
		x.meets = meetsOf(r, e.st.AgencyCountry(r.Originator), pills, kg)
	} else {
		x.meets = meets{agency: r.Originator}
	}
	return x
}

// IndexRecord writes, in the transaction that stores the record seq (new
// unless update), its selector postings and hits and its names; after the
// commit the name index is updated and, with findHits (not for imports),
// the record is queued for name hits. It returns how many hits are new.
func (e *Engine) IndexRecord(tx Tx, x *Indexed, seq int64, update, findHits bool) (int, error) {
	n := 0
	if e.hits.matching {
		var err error
		if n, err = index(tx, &x.meets, seq, update, e.hits.commonLimit, tx.Now(), e.hits.log); err != nil {
			return 0, err
		}
	}
	return n, e.putNames(tx, x, seq, update, findHits && e.hits.matching)
}
