package engine

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/names"
	"github.com/jisr-cell/jisr/policy"
)

// buildNames loads the name index from the store, each name tagged with
// its record's audience.
func (e *Engine) buildNames(ctx context.Context) error {
	h := e.hits
	return e.st.EachName(ctx, func(n NameRow) error {
		h.names.AddTagged(docID(n.Seq, n.Entity, n.I, n.Schema), n.Name, h.audiences.tag(n.Audience))
		return nil
	})
}

// putNames writes the names of a record and, after the commit, updates the
// in-memory index and queues the record for name hits.
func (e *Engine) putNames(tx Tx, x *Indexed, seq int64, update, findHits bool) error {
	old, err := tx.PutNames(seq, x.names, update)
	if err != nil {
		return err
	}
	h, ns, tag := e.hits, x.names, x.tag
	tx.AfterCommit(func() {
		for _, n := range old {
			h.names.Remove(docID(seq, n.Entity, n.I, n.Schema))
		}
		for _, n := range ns {
			h.names.AddTagged(docID(seq, n.Entity, n.I, n.Schema), n.Name, tag)
		}
		// A changed record is queued even without names: its name hits
		// that no longer hold are removed.
		if findHits && (len(ns) > 0 || update) {
			select {
			case h.queue <- nameJob{seq, update}:
			default:
				h.log.Warn("name matching queue full; no name hits for this record", "seq", seq)
			}
		}
	})
	return nil
}

// SearchPersons implements jisr.PersonService.
func (e *Engine) SearchPersons(ctx context.Context, p jisr.Principal, query string, limit int) ([]*jisr.PersonMatch, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, jisr.Because("name", "search_name")
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	if e.hits.buildErr != nil {
		return nil, e.hits.buildErr
	}
	out := []*jisr.PersonMatch{}
	tokens := policy.Tokens(p)
	if len(tokens) > 0 {
		// Candidates are chosen among the names the caller may read only:
		// ranking over all names and filtering afterwards would let the
		// names of others push the caller's own out, which tells how many
		// records others hold under that name.
		ix := e.hits.names
		results := ix.SearchFunc(query, min(limit*10, 500), e.hits.audiences.readable(tokens))
		type cand struct {
			seq    int64
			entity string
			r      names.Result
		}
		var cands []cand
		seen := map[string]bool{}
		var seqs []int64
		for _, r := range results {
			seq, entity := parseDocID(r.ID)
			key := strconv.FormatInt(seq, 10) + "/" + entity
			if seen[key] {
				continue
			}
			seen[key] = true
			cands = append(cands, cand{seq, entity, r})
			seqs = append(seqs, seq)
		}
		// The store's audience filter runs again on the candidates.
		visible, err := e.st.ReadableRecords(ctx, tokens, seqs)
		if err != nil {
			return nil, err
		}
		for seq, r := range visible {
			visible[seq] = policy.Redact(p, r)
		}
		for _, c := range cands {
			r := visible[c.seq]
			if r == nil {
				continue
			}
			for _, en := range r.Entities {
				if en.ID != c.entity {
					continue
				}
				why := nameMatchOf(&en, ix.Name(c.r.ID), coverage(c.r.Explanation), c.r.Explanation)
				out = append(out, &jisr.PersonMatch{RecordID: r.ID, Title: r.Title, Originator: r.Originator, Entity: en.ID, Schema: en.Schema,
					Role: en.Role, Names: en.Props["name"], Matched: ix.Name(c.r.ID), Score: c.r.Score, Explanation: c.r.Explanation.String(), Why: &why})
			}
			if len(out) == limit {
				break
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	}
	ids := make([]string, len(out))
	for i, m := range out {
		ids[i] = m.RecordID
	}
	seqs, err := e.st.SeqsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := e.auditRead(ctx, p, jisr.ActPersonSearch, "", fmt.Sprintf("person=%s n=%d", e.st.KeyedText(query), len(out)), seqs); err != nil {
		return nil, err
	}
	return out, nil
}
