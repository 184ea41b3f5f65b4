package sqlite

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

// NameHitScore is the lowest name score that makes a "possible same
// person" hit between two records.
const NameHitScore = 0.85

// nameSchemas are the entity schemas whose names are indexed.
var nameSchemas = map[string]bool{"Person": true, "Company": true, "Organization": true}

type personName struct {
	entity string
	i      int
	name   string
}

// personNames returns the indexed names of a record.
func personNames(r *jisr.Record) []personName {
	var out []personName
	for _, e := range r.Entities {
		if !nameSchemas[e.Schema] || policy.Protected(&e) {
			continue
		}
		for i, n := range e.Props["name"] {
			out = append(out, personName{e.ID, i, n})
		}
	}
	return out
}

func docID(seq int64, entity string, i int) string {
	return strconv.FormatInt(seq, 10) + "/" + entity + "/" + strconv.Itoa(i)
}

func parseDocID(id string) (seq int64, entity string) {
	a, rest, _ := strings.Cut(id, "/")
	entity, _, _ = strings.Cut(rest, "/")
	seq, _ = strconv.ParseInt(a, 10, 64)
	return seq, entity
}

// buildNames loads the name index from the store.
func (s *Store) buildNames(ctx context.Context) error {
	rows, err := s.wdb.QueryContext(ctx, `SELECT seq, entity, i, name FROM person_names`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var n personName
		if err := rows.Scan(&seq, &n.entity, &n.i, &n.name); err != nil {
			return err
		}
		s.names.Add(docID(seq, n.entity, n.i), n.name)
	}
	return rows.Err()
}

// putNames writes the names of a record and, after the commit, updates the
// in-memory index and queues the record for name hits.
func (tx *Tx) putNames(pr *prepared, seq int64, update, findHits bool) error {
	var old []string
	if update {
		rows, err := tx.Query(`SELECT entity, i FROM person_names WHERE seq = ?`, seq)
		if err != nil {
			return jisr.Internal(err)
		}
		for rows.Next() {
			var e string
			var i int
			rows.Scan(&e, &i)
			old = append(old, docID(seq, e, i))
		}
		rows.Close()
		if _, err := tx.Exec(`DELETE FROM person_names WHERE seq = ?`, seq); err != nil {
			return jisr.Internal(err)
		}
	}
	ins := tx.Stmt(tx.s.stmts.insertName)
	for _, n := range pr.names {
		if _, err := ins.Exec(seq, n.entity, n.i, n.name); err != nil {
			return jisr.Internal(err)
		}
	}
	ix, names := tx.s.names, pr.names
	tx.after = append(tx.after, func() {
		for _, id := range old {
			ix.Remove(id)
		}
		for _, n := range names {
			ix.Add(docID(seq, n.entity, n.i), n.name)
		}
		if findHits && len(names) > 0 {
			select {
			case tx.s.nameQueue <- seq:
			default:
				tx.s.Logger.Warn("name matching queue full; no name hits for this record", "seq", seq)
			}
		}
	})
	return nil
}

// nameWorker records "possible same person" hits for records queued after
// their commit. Name hits are suggestions, scored and explained, never
// merges.
func (s *Store) nameWorker() {
	defer s.wg.Done()
	for {
		select {
		case <-s.closed:
			return
		case seq := <-s.nameQueue:
			if err := s.nameHits(context.Background(), seq); err != nil {
				s.Logger.Error("name hits", "seq", seq, "err", err)
			}
		}
	}
}

type nameHit struct {
	other       int64
	score       float64
	explanation string
}

func (s *Store) nameHits(ctx context.Context, seq int64) error {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM person_names WHERE seq = ?`, seq)
	if err != nil {
		return err
	}
	var queries []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		queries = append(queries, n)
	}
	rows.Close()
	best := map[int64]nameHit{}
	for _, q := range queries {
		if len(names.ParseName(q).Parts) < 2 {
			continue // a single name part is too weak to suggest the same person
		}
		for _, r := range s.names.Search(q, 10) {
			if len(names.ParseName(s.nameOf(r.ID)).Parts) < 2 {
				continue
			}
			other, _ := parseDocID(r.ID)
			if other == seq || r.Score < NameHitScore {
				continue
			}
			if h, ok := best[other]; !ok || r.Score > h.score {
				best[other] = nameHit{other, r.Score, fmt.Sprintf("%q ~ %q: %s", q, s.nameOf(r.ID), r.Explanation.String())}
			}
		}
	}
	if len(best) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *Tx) error {
		var agency string
		if err := tx.QueryRow(`SELECT originator FROM records WHERE seq = ?`, seq).Scan(&agency); err != nil {
			return nil // the record is gone
		}
		for _, h := range best {
			var other string
			if err := tx.QueryRow(`SELECT originator FROM records WHERE seq = ?`, h.other).Scan(&other); err != nil {
				continue
			}
			if _, err := tx.Stmt(s.stmts.insertHit).Exec(jisr.RuleName, nil, seq, h.other, h.score, h.explanation, agency, other, tx.now.UnixNano()); err != nil {
				return jisr.Internal(err)
			}
		}
		return nil
	})
}

// SearchPersons implements jisr.PersonService.
func (s *Store) SearchPersons(ctx context.Context, p jisr.Principal, query string, limit int) ([]*jisr.PersonMatch, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, jisr.Invalid("name", "a name to search for is required")
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	out := []*jisr.PersonMatch{}
	tokens := policy.Tokens(p)
	if len(tokens) > 0 {
		results := s.names.Search(query, min(limit*10, 500))
		type cand struct {
			seq    int64
			entity string
			r      names.Result
		}
		var cands []cand
		seen := map[string]bool{}
		var seqs []any
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
		visibleRecs := map[int64]*jisr.Record{}
		if len(seqs) > 0 {
			cond, args := visible(tokens)
			rows, err := s.db.QueryContext(ctx, `SELECT r.seq, r.body FROM records r WHERE r.seq IN (`+placeholders(len(seqs))+`) AND `+cond, append(seqs, args...)...)
			if err != nil {
				return nil, internal(err)
			}
			for rows.Next() {
				var seq int64
				var body []byte
				if err := rows.Scan(&seq, &body); err != nil {
					rows.Close()
					return nil, internal(err)
				}
				r, err := decodeBody(body)
				if err != nil {
					rows.Close()
					return nil, internal(err)
				}
				visibleRecs[seq] = policy.Redact(p, r)
			}
			rows.Close()
		}
		for _, c := range cands {
			r := visibleRecs[c.seq]
			if r == nil {
				continue
			}
			for _, e := range r.Entities {
				if e.ID != c.entity {
					continue
				}
				out = append(out, &jisr.PersonMatch{RecordID: r.ID, Title: r.Title, Originator: r.Originator, Entity: e.ID, Schema: e.Schema,
					Role: e.Role, Names: e.Props["name"], Matched: s.nameOf(c.r.ID), Score: c.r.Score, Explanation: c.r.Explanation.String()})
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
	if err := s.auditOnly(ctx, p, jisr.ActSearch, "", fmt.Sprintf("person=%q n=%d ids=%s", query, len(out), strings.Join(ids, ",")), outcomeOK); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) nameOf(id string) string { return s.names.Name(id) }
