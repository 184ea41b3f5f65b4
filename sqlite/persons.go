package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

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
	schema string
}

// personNames returns the indexed names of a record.
func personNames(r *jisr.Record) []personName {
	var out []personName
	for _, e := range r.Entities {
		if !nameSchemas[e.Schema] || policy.Protected(&e) {
			continue
		}
		for i, n := range e.Props["name"] {
			out = append(out, personName{e.ID, i, n, e.Schema})
		}
	}
	return out
}

// docID names one indexed name: seq/entity/i, with a trailing "/p" for
// the names of persons.
func docID(seq int64, entity string, i int, schema string) string {
	id := strconv.FormatInt(seq, 10) + "/" + entity + "/" + strconv.Itoa(i)
	if schema == "Person" {
		id += "/p"
	}
	return id
}

func parseDocID(id string) (seq int64, entity string) {
	a, rest, _ := strings.Cut(id, "/")
	entity, _, _ = strings.Cut(rest, "/")
	seq, _ = strconv.ParseInt(a, 10, 64)
	return seq, entity
}

// audiences numbers the distinct audiences (policy.Audience token sets) of
// records with indexed names: each name in the index is tagged with the
// number of its record's audience, so a person search picks its candidates
// among the names the caller may read only (names.Index.SearchFunc). There
// are few distinct audiences (originator × releasability), so this stays
// small. Number 0 is no audience: nobody reads it.
type audiences struct {
	mu   sync.RWMutex
	ids  map[string]uint32
	sets [][]string
}

// tag returns the number of a sorted audience.
func (a *audiences) tag(tokens []string) uint32 {
	key := strings.Join(tokens, "\x00")
	a.mu.RLock()
	id, ok := a.ids[key]
	a.mu.RUnlock()
	if ok {
		return id
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if id, ok := a.ids[key]; ok {
		return id
	}
	if a.ids == nil {
		a.ids, a.sets = map[string]uint32{}, [][]string{nil}
	}
	id = uint32(len(a.sets))
	a.ids[key] = id
	a.sets = append(a.sets, slices.Clone(tokens))
	return id
}

// readable returns whether a caller with tokens reads the audience tag.
func (a *audiences) readable(tokens []string) func(tag uint32) bool {
	return func(tag uint32) bool {
		a.mu.RLock()
		defer a.mu.RUnlock()
		return int(tag) < len(a.sets) && policy.Meets(tokens, a.sets[tag])
	}
}

// buildNames loads the name index from the store, each name tagged with
// its record's audience.
func (s *Store) buildNames(ctx context.Context) error {
	rows, err := s.wdb.QueryContext(ctx, `SELECT n.seq, n.entity, n.i, n.name, n.kind,
		coalesce((SELECT group_concat(token, char(31)) FROM (SELECT token FROM record_audience a WHERE a.seq = n.seq ORDER BY token)), '')
		FROM person_names n`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var n personName
		var aud string
		if err := rows.Scan(&seq, &n.entity, &n.i, &n.name, &n.schema, &aud); err != nil {
			return err
		}
		var tag uint32
		if aud != "" {
			tag = s.audiences.tag(strings.Split(aud, "\x1f"))
		}
		s.names.AddTagged(docID(seq, n.entity, n.i, n.schema), n.name, tag)
	}
	return rows.Err()
}

// putNames writes the names of a record and, after the commit, updates the
// in-memory index and queues the record for name hits.
func (tx *Tx) putNames(pr *prepared, seq int64, update, findHits bool) error {
	var old []string
	if update {
		rows, err := tx.Query(`SELECT entity, i, kind FROM person_names WHERE seq = ?`, seq)
		if err != nil {
			return jisr.Internal(err)
		}
		for rows.Next() {
			var e, kind string
			var i int
			rows.Scan(&e, &i, &kind)
			old = append(old, docID(seq, e, i, kind))
		}
		rows.Close()
		if _, err := tx.Exec(`DELETE FROM person_names WHERE seq = ?`, seq); err != nil {
			return jisr.Internal(err)
		}
	}
	ins := tx.Stmt(tx.s.stmts.insertName)
	for _, n := range pr.names {
		if _, err := ins.Exec(seq, n.entity, n.i, n.name, n.schema); err != nil {
			return jisr.Internal(err)
		}
	}
	ix, names := tx.s.names, pr.names
	tag := tx.s.audiences.tag(pr.audience)
	tx.after = append(tx.after, func() {
		for _, id := range old {
			ix.Remove(id)
		}
		for _, n := range names {
			ix.AddTagged(docID(seq, n.entity, n.i, n.schema), n.name, tag)
		}
		// A changed record is queued even without names: its name hits
		// that no longer hold are removed.
		if findHits && (len(names) > 0 || update) {
			select {
			case tx.s.nameQueue <- nameJob{seq, update}:
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
		case j := <-s.nameQueue:
			if err := s.nameHits(context.Background(), j); err != nil {
				s.Logger.Error("name hits", "seq", j.seq, "err", err)
			}
		}
	}
}

type nameHit struct {
	other       int64
	score       float64
	explanation string
}

// nameJob is a record queued for name hits; update when it was changed.
type nameJob struct {
	seq    int64
	update bool
}

// nameHits records the name hits of a record. For a changed record, the
// name hits it no longer makes are deleted; those it still makes keep
// their ref and their answer (insertNameHits records a pair once).
func (s *Store) nameHits(ctx context.Context, j nameJob) error {
	hs, err := s.findNameHits(ctx, j.seq)
	if err != nil || (len(hs) == 0 && !j.update) {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if j.update {
			args := []any{j.seq}
			stale := "1"
			if len(hs) > 0 {
				for _, h := range hs {
					args = append(args, h.other)
				}
				stale = `(CASE WHEN seq = ?1 THEN other ELSE seq END) NOT IN (` + placeholders(len(hs)) + `)`
			}
			if _, err := tx.Exec(`DELETE FROM hits WHERE rule = 'name' AND (seq = ?1 OR other = ?1) AND `+stale, args...); err != nil {
				return jisr.Internal(err)
			}
		}
		return tx.insertNameHits(j.seq, hs)
	})
}

// findNameHits searches the index for the persons of a record.
func (s *Store) findNameHits(ctx context.Context, seq int64) ([]nameHit, error) {
	// Only persons make name hits: the names of companies share generic
	// words ("trading", "transport") that the person matcher is not made for.
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM person_names WHERE seq = ? AND kind = 'Person'`, seq)
	if err != nil {
		return nil, err
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
			if other == seq || r.Score < NameHitScore || !strings.HasSuffix(r.ID, "/p") {
				continue
			}
			if h, ok := best[other]; !ok || r.Score > h.score {
				best[other] = nameHit{other, r.Score, fmt.Sprintf("%q ~ %q: %s", q, s.nameOf(r.ID), r.Explanation.String())}
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

func (tx *Tx) insertNameHits(seq int64, hs []nameHit) error {
	var agency string
	if err := tx.QueryRow(`SELECT originator FROM records WHERE seq = ?`, seq).Scan(&agency); err != nil {
		return nil // the record is gone
	}
	for _, h := range hs {
		var other string
		if err := tx.QueryRow(`SELECT originator FROM records WHERE seq = ?`, h.other).Scan(&other); err != nil {
			continue
		}
		// A pair is recorded once, whichever side found it first.
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM hits WHERE rule = 'name' AND ((seq = ? AND other = ?) OR (seq = ? AND other = ?))`, seq, h.other, h.other, seq).Scan(&n); err != nil {
			return jisr.Internal(err)
		}
		if n > 0 {
			continue
		}
		if _, err := tx.Stmt(tx.s.stmts.insertHit).Exec(newRef(), jisr.RuleName, nil, seq, h.other, h.score, h.explanation, agency, other, tx.now.UnixNano()); err != nil {
			return jisr.Internal(err)
		}
	}
	return nil
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
		// Candidates are chosen among the names the caller may read only:
		// ranking over all names and filtering afterwards would let the
		// names of others push the caller's own out, which tells how many
		// records others hold under that name.
		results := s.names.SearchFunc(query, min(limit*10, 500), s.audiences.readable(tokens))
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
	seqs, err := s.seqsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, p, jisr.ActPersonSearch, "", fmt.Sprintf("person=%s n=%d", s.keyedText(query), len(out)), seqs); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) nameOf(id string) string { return s.names.Name(id) }

// FindNameHits records name hits for every record (imports skip them, as
// each name costs a search). The searches run on every core; the hits are
// written in batches. progress is called with the records done.
func (s *Store) FindNameHits(ctx context.Context, progress func(done, total int)) error {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT seq FROM person_names WHERE kind = 'Person' ORDER BY seq`)
	if err != nil {
		return internal(err)
	}
	var seqs []int64
	for rows.Next() {
		var seq int64
		rows.Scan(&seq)
		seqs = append(seqs, seq)
	}
	rows.Close()
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
				hs, err := s.findNameHits(ctx, seqs[i])
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
		err := s.write(ctx, func(tx *Tx) error {
			for k := i; k < j; k++ {
				if err := tx.insertNameHits(seqs[k], found[k]); err != nil {
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
