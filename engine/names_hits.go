package engine

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/names"
)

// nameJob is a record queued for name hits; update when it was changed.
type nameJob struct {
	seq    int64
	update bool
}

type nameHit struct {
	other       int64
	score       float64
	explanation string
}

// nameWorker records "possible same person" hits for records queued after
// their commit. Name hits are suggestions, scored and explained, never
// merges.
func (e *Engine) nameWorker() {
	h := e.hits
	defer h.wg.Done()
	for {
		select {
		case <-h.stop:
			return
		case j := <-h.queue:
			if err := e.nameHits(context.Background(), j); err != nil {
				h.log.Error("name hits", "seq", j.seq, "err", err)
			}
		}
	}
}

// nameHits records the name hits of a record. For a changed record, the
// name hits it no longer makes are deleted; those it still makes keep
// their ref and their answer (insertNameHits records a pair once).
func (e *Engine) nameHits(ctx context.Context, j nameJob) error {
	hs, err := e.findNameHits(ctx, j.seq)
	if err != nil || (len(hs) == 0 && !j.update) {
		return err
	}
	return e.st.Write(ctx, func(tx Tx) error {
		if j.update {
			keep := make([]int64, len(hs))
			for i, h := range hs {
				keep[i] = h.other
			}
			if err := tx.DeleteNameHitsBut(j.seq, keep); err != nil {
				return err
			}
		}
		return insertNameHits(tx, j.seq, hs)
	})
}

// findNameHits searches the index for the persons of a record.
func (e *Engine) findNameHits(ctx context.Context, seq int64) ([]nameHit, error) {
	// Only persons make name hits: the names of companies share generic
	// words ("trading", "transport") that the person matcher is not made for.
	queries, err := e.st.PersonNamesOf(ctx, seq)
	if err != nil {
		return nil, err
	}
	ix := e.hits.names
	best := map[int64]nameHit{}
	for _, q := range queries {
		if len(names.ParseName(q).Parts) < 2 {
			continue // a single name part is too weak to suggest the same person
		}
		for _, r := range ix.Search(q, 10) {
			if len(names.ParseName(ix.Name(r.ID)).Parts) < 2 {
				continue
			}
			other, _ := parseDocID(r.ID)
			if other == seq || r.Score < NameHitScore || !isPersonDoc(r.ID) {
				continue
			}
			if h, ok := best[other]; !ok || r.Score > h.score {
				best[other] = nameHit{other, r.Score, fmt.Sprintf("%q ~ %q: %s", q, ix.Name(r.ID), r.Explanation.String())}
			}
		}
	}
	out := make([]nameHit, 0, len(best))
	for _, h := range best {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].other < out[j].other })
	return out, nil
}

// insertNameHits records the name hits hs of the record seq; a pair is
// recorded once, whichever side found it first.
func insertNameHits(tx Tx, seq int64, hs []nameHit) error {
	agency, ok, err := tx.Originator(seq)
	if err != nil || !ok {
		return err // the record is gone
	}
	for _, h := range hs {
		other, ok, err := tx.Originator(h.other)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if dup, err := tx.NameHitExists(seq, h.other); err != nil || dup {
			if err != nil {
				return err
			}
			continue
		}
		if err := tx.InsertHit(NewHit{Ref: newRef(), Rule: jisr.RuleName, Seq: seq, Other: h.other, Score: h.score,
			Explanation: h.explanation, SeqAgency: agency, OtherAgency: other, At: tx.Now().UnixNano()}); err != nil {
			return err
		}
	}
	return nil
}

// FindNameHits records name hits for every record (imports skip them, as
// each name costs a search). The searches run on every core; the hits are
// written in batches. progress is called with the records done.
func (e *Engine) FindNameHits(ctx context.Context, progress func(done, total int)) error {
	seqs, err := e.st.SeqsWithPersons(ctx)
	if err != nil {
		return err
	}
	found := make([][]nameHit, len(seqs))
	var next, done atomic.Int64
	var first error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(seqs) || ctx.Err() != nil {
					return
				}
				hs, err := e.findNameHits(ctx, seqs[i])
				if err != nil {
					mu.Lock()
					first = cmp.Or(first, err)
					mu.Unlock()
					return
				}
				found[i] = hs
				if n := done.Add(1); progress != nil {
					mu.Lock()
					progress(int(n), len(seqs))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := cmp.Or(first, ctx.Err()); err != nil {
		return err
	}
	const batch = 500
	for i := 0; i < len(seqs); i += batch {
		j := min(i+batch, len(seqs))
		err := e.st.Write(ctx, func(tx Tx) error {
			for k := i; k < j; k++ {
				if err := insertNameHits(tx, seqs[k], found[k]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// IndexStats measures the selector index (for benchmarks).
func (e *Engine) IndexStats(ctx context.Context) (IndexStats, error) { return e.st.IndexStats(ctx) }
