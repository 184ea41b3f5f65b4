package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/names"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/textnorm"
)

// Search and person search: full text and the cross-script name index
// together, ranked, counted and paged among what the caller may read only.
// Both sources pick among readable records before anything is ranked or
// counted: the store's full text filters by the caller's tokens in its
// query, and the name index leaves out the names of other audiences before
// choosing candidates (names.Index.SearchFunc); the store's filter runs
// again on the records the names point to. So results and counts are the
// same whether or not records the caller may not read exist.

// nameCandidates bounds the names one search takes from the index.
const nameCandidates = 1000

// GroupScore is the name score from which two mentions are shown as one
// person (names/BENCH.md: no negative pair of the gold set reaches it).
const GroupScore = 0.90

// coverage is how much of a query a name covers: the mean similarity of
// the query's parts to the parts they align with, a part the name lacks
// counting 0. The parts of the name the query does not give are not held
// against it: "Jubouri" covers "Ali Hussein al-Jubouri" fully.
func coverage(x names.Explanation) float64 {
	n := len(x.Pairs) + len(x.QueryOnly)
	if n == 0 {
		return 0
	}
	s := 0.0
	for _, p := range x.Pairs {
		if p.How != names.HowConfusable {
			s += p.Score
		}
	}
	return s / float64(n)
}

// rankOf orders names by coverage first, then by how close the whole name
// is (a name with exactly the query's parts before a longer one).
func rankOf(cov, score float64) float64 { return 0.9*cov + 0.1*score }

func nameMatchOf(entity *jisr.Entity, name string, cov float64, x names.Explanation) jisr.NameMatch {
	m := jisr.NameMatch{Entity: entity.ID, Schema: entity.Schema, Name: name, Score: round3(cov),
		QueryOnly: x.QueryOnly, NameOnly: x.CandidateOnly}
	for _, p := range x.Pairs {
		m.Parts = append(m.Parts, jisr.PartMatch{Query: p.Query, Name: p.Candidate, Score: round3(p.Score), How: string(p.How)})
	}
	return m
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// nameFound is a name of a readable record that matched a query.
type nameFound struct {
	seq    int64
	rec    *jisr.Record // redacted for the caller
	entity *jisr.Entity
	match  jisr.NameMatch
	rank   float64
	score  float64 // the whole names' score (names.Index)
}

// namesFound finds the names readable with tokens that cover query at least
// min, in records the store still finds readable (redacted for p). capped
// tells that the index gave as many names as asked.
func (e *Engine) namesFound(ctx context.Context, p jisr.Principal, tokens []string, query string, minCov float64) ([]nameFound, bool, error) {
	found, capped, err := e.namesFoundOf(ctx, p, tokens, []string{query}, minCov)
	if err != nil {
		return nil, false, err
	}
	return found[0], capped[0], nil
}

// nameCand is a name the index found for a query, before the store says
// whether its record is still readable.
type nameCand struct {
	seq    int64
	entity string
	name   string
	cov    float64
	r      names.Result
}

// namesFoundOf is namesFound of each of queries, with one store query for
// them all (the link graph's breadth-first steps).
func (e *Engine) namesFoundOf(ctx context.Context, p jisr.Principal, tokens []string, queries []string, minCov float64) ([][]nameFound, []bool, error) {
	if e.hits.buildErr != nil {
		return nil, nil, e.hits.buildErr
	}
	ix := e.hits.names
	readable := e.hits.audiences.readable(tokens)
	cands := make([][]nameCand, len(queries))
	capped := make([]bool, len(queries))
	var seqs []int64
	for i, query := range queries {
		if len(names.ParseName(query).Parts) == 0 {
			continue
		}
		results := ix.SearchFunc(query, nameCandidates, readable)
		capped[i] = len(results) == nameCandidates
		for _, r := range results {
			cov := coverage(r.Explanation)
			if cov < minCov {
				continue
			}
			seq, entity := parseDocID(r.ID)
			cands[i] = append(cands[i], nameCand{seq, entity, ix.Name(r.ID), cov, r})
			seqs = append(seqs, seq)
		}
	}
	out := make([][]nameFound, len(queries))
	if len(seqs) == 0 {
		return out, capped, nil
	}
	slices.Sort(seqs)
	seqs = slices.Compact(seqs)
	visible, err := e.st.ReadableRecords(ctx, tokens, seqs)
	if err != nil {
		return nil, nil, err
	}
	for seq, r := range visible {
		visible[seq] = policy.Redact(p, r)
	}
	for i := range queries {
		for _, c := range cands[i] {
			r := visible[c.seq]
			if r == nil {
				continue
			}
			for j := range r.Entities {
				en := &r.Entities[j]
				// The name must still be the entity's in the copy the caller
				// reads (redaction removes protected persons).
				if en.ID == c.entity && slices.Contains(en.Props["name"], c.name) {
					out[i] = append(out[i], nameFound{seq: c.seq, rec: r, entity: en, match: nameMatchOf(en, c.name, c.cov, c.r.Explanation),
						rank: rankOf(c.cov, c.r.Score), score: c.r.Score})
					break
				}
			}
		}
	}
	return out, capped, nil
}

// filterMatches applies a list filter (but its text) to a record.
func filterMatches(f jisr.RecordFilter, r *jisr.Record) bool {
	var row RecordRow
	derive(r, &row)
	switch {
	case f.Kind != "" && r.Kind != f.Kind,
		f.Originator != "" && r.Originator != f.Originator,
		f.Country != "" && row.Country != f.Country,
		f.From != "" && row.OccurredOn < f.From,
		f.To != "" && row.OccurredOn > f.To,
		f.Crossing != "" && row.Crossing != f.Crossing,
		f.Concealment != "" && row.Concealment != f.Concealment,
		f.Substance != "" && !holdsSubstance(r, f.Substance):
		return false
	}
	return true
}

// holdsSubstance: a drug quantity of the record is of substance (the
// stores' filter of the same name).
func holdsSubstance(r *jisr.Record, substance string) bool {
	for _, en := range r.Entities {
		if en.Schema == "DrugQuantity" && slices.Contains(en.Props["substance"], substance) {
			return true
		}
	}
	return false
}

// offsetOf reads the position of a ranked list's cursor.
func (e *Engine) offsetOf(p jisr.Principal, list, c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	pos, err := e.st.Cursors().Decode(p, list, c)
	if err != nil {
		return 0, err
	}
	return int(min(pos, 1<<30)), nil
}

// Search implements jisr.SearchService.
func (e *Engine) Search(ctx context.Context, p jisr.Principal, q jisr.SearchQuery) (*jisr.SearchResults, error) {
	f := q.Filter
	f.Text = strings.TrimSpace(f.Text)
	if f.Text == "" || textnorm.MatchQuery(f.Text) == "" {
		return nil, jisr.Because("q", "no_words")
	}
	switch q.Sort {
	case "":
		q.Sort = jisr.SortRelevance
	case jisr.SortRelevance, jisr.SortDate:
	default:
		return nil, jisr.Because("sort", "search_sort")
	}
	minS, err := minScore(q.MinNameScore, "min_score")
	if err != nil {
		return nil, err
	}
	if err := checkFilter(f); err != nil {
		return nil, err
	}
	f.Page = f.Page.Normalize()
	off, err := e.offsetOf(p, cursor.Search, f.Page.Cursor)
	if err != nil {
		return nil, err
	}
	res := &jisr.SearchResults{Results: []*jisr.SearchResult{}}
	var seqs []int64
	if tokens := policy.Tokens(p); len(tokens) > 0 {
		type entry struct {
			seq int64
			r   *jisr.SearchResult
		}
		found := map[int64]*entry{}
		// Full text: the newest SearchCap readable records whose text
		// holds the query's words.
		page, err := e.st.RecordPage(ctx, tokens, f, 0, jisr.SearchCap+1)
		if err != nil {
			return nil, err
		}
		if len(page) > jisr.SearchCap {
			page, res.Capped = page[:jisr.SearchCap], true
		}
		for _, sr := range page {
			found[sr.Seq] = &entry{sr.Seq, &jisr.SearchResult{Record: policy.Redact(p, sr.Record), Text: true, Score: 0.9}}
		}
		// Names across scripts.
		hits, capped, err := e.namesFound(ctx, p, tokens, f.Text, minS)
		if err != nil {
			return nil, err
		}
		res.Capped = res.Capped || capped
		for _, h := range hits {
			if !filterMatches(f, h.rec) {
				continue
			}
			en := found[h.seq]
			if en == nil {
				en = &entry{h.seq, &jisr.SearchResult{Record: h.rec}}
				found[h.seq] = en
			}
			if !slices.ContainsFunc(en.r.Names, func(m jisr.NameMatch) bool { return m.Entity == h.match.Entity }) {
				en.r.Names = append(en.r.Names, h.match)
				if en.r.Text {
					en.r.Score = max(en.r.Score, min1(h.rank+0.05))
				} else {
					en.r.Score = max(en.r.Score, h.rank)
				}
			}
		}
		all := make([]*entry, 0, len(found))
		for _, en := range found {
			en.r.Score = round3(en.r.Score)
			sort.SliceStable(en.r.Names, func(i, j int) bool { return en.r.Names[i].Score > en.r.Names[j].Score })
			all = append(all, en)
		}
		newer := func(a, b *entry) bool {
			if a.r.Record.OccurredOn != b.r.Record.OccurredOn {
				return a.r.Record.OccurredOn > b.r.Record.OccurredOn
			}
			return a.seq > b.seq
		}
		sort.Slice(all, func(i, j int) bool {
			if q.Sort == jisr.SortRelevance && all[i].r.Score != all[j].r.Score {
				return all[i].r.Score > all[j].r.Score
			}
			return newer(all[i], all[j])
		})
		res.Total = len(all)
		if off < len(all) {
			end := min(off+f.Page.Limit, len(all))
			for _, en := range all[off:end] {
				res.Results = append(res.Results, en.r)
				seqs = append(seqs, en.seq)
			}
			if end < len(all) {
				res.Next = e.st.Cursors().Encode(p, cursor.Search, int64(end))
			}
		}
	}
	detail := fmt.Sprintf("%s sort=%s total=%d", e.listDetail(f, len(res.Results)), q.Sort, res.Total)
	if err := e.auditRead(ctx, p, jisr.ActSearch, "", detail, seqs); err != nil {
		return nil, err
	}
	return res, nil
}

func min1(x float64) float64 { return min(x, 1) }

// minScore reads a threshold: 0 is the default; otherwise in (0,1].
func minScore(v float64, field string) (float64, error) {
	switch {
	case v == 0:
		return jisr.DefaultNameScore, nil
	case v < 0.3 || v > 1 || v != v:
		return 0, jisr.Because(field, "score_range")
	}
	return v, nil
}

// FindPersons implements jisr.SearchService: the persons and companies
// whose names cover the query at least q.MinScore, one row per person —
// mentions whose names the matcher scores GroupScore or more are one row.
func (e *Engine) FindPersons(ctx context.Context, p jisr.Principal, q jisr.PersonQuery) (*jisr.PersonPage, error) {
	query := strings.TrimSpace(q.Name)
	if query == "" {
		return nil, jisr.Because("name", "search_name")
	}
	minS, err := minScore(q.MinScore, "min_score")
	if err != nil {
		return nil, err
	}
	q.Page = q.Page.Normalize()
	off, err := e.offsetOf(p, cursor.Persons, q.Page.Cursor)
	if err != nil {
		return nil, err
	}
	out := &jisr.PersonPage{Persons: []*jisr.PersonGroup{}}
	var seqs []int64
	if tokens := policy.Tokens(p); len(tokens) > 0 {
		hits, capped, err := e.namesFound(ctx, p, tokens, query, minS)
		if err != nil {
			return nil, err
		}
		out.Capped = capped
		groups := groupPersons(hits)
		out.Total = len(groups)
		if off < len(groups) {
			end := min(off+q.Page.Limit, len(groups))
			out.Persons = groups[off:end]
			if end < len(groups) {
				out.Next = e.st.Cursors().Encode(p, cursor.Persons, int64(end))
			}
		}
		seen := map[string]bool{}
		var ids []string
		for _, g := range out.Persons {
			for _, m := range g.Mentions {
				if !seen[m.RecordID] {
					seen[m.RecordID] = true
					ids = append(ids, m.RecordID)
				}
			}
		}
		if seqs, err = e.st.SeqsOf(ctx, ids); err != nil {
			return nil, err
		}
	}
	detail := fmt.Sprintf("person=%s min=%.2f n=%d total=%d", e.st.KeyedText(query), minS, len(out.Persons), out.Total)
	if err := e.auditRead(ctx, p, jisr.ActPersonSearch, "", detail, seqs); err != nil {
		return nil, err
	}
	return out, nil
}

// groupPersons gathers name hits into persons: mentions of the same schema
// whose spellings the matcher scores GroupScore or more join the best
// ranked group they meet; groups are ordered by their best rank.
func groupPersons(hits []nameFound) []*jisr.PersonGroup {
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank > hits[j].rank })
	type group struct {
		g      *jisr.PersonGroup
		parsed []names.Name
		keys   map[string]bool
		rank   float64
	}
	var groups []*group
	mentioned := map[string]bool{} // seq/entity already placed
	for _, h := range hits {
		key := fmt.Sprint(h.seq, "/", h.entity.ID)
		if mentioned[key] {
			continue
		}
		mentioned[key] = true
		spellings := h.entity.Props["name"]
		var parsed []names.Name
		var into *group
	search:
		for _, g := range groups {
			if g.g.Schema != h.entity.Schema {
				continue
			}
			for _, s := range spellings {
				if g.keys[strings.ToLower(s)] {
					into = g
					break search
				}
			}
			if parsed == nil {
				for _, s := range spellings {
					parsed = append(parsed, names.ParseName(s))
				}
			}
			for i := range parsed {
				for j := range g.parsed {
					if names.CompareNames(&parsed[i], &g.parsed[j]).Score >= GroupScore {
						into = g
						break search
					}
				}
			}
		}
		if into == nil {
			into = &group{g: &jisr.PersonGroup{Name: h.match.Name, Schema: h.entity.Schema, Score: round3(h.rank), Match: h.match},
				keys: map[string]bool{}, rank: h.rank}
			groups = append(groups, into)
		}
		for _, s := range spellings {
			k := strings.ToLower(s)
			if !into.keys[k] {
				into.keys[k] = true
				into.g.Names = append(into.g.Names, s)
				if len(into.parsed) < 8 {
					into.parsed = append(into.parsed, names.ParseName(s))
				}
			}
		}
		into.g.Mentions = append(into.g.Mentions, jisr.PersonMention{RecordID: h.rec.ID, Title: h.rec.Title, Originator: h.rec.Originator,
			OccurredOn: h.rec.OccurredOn, Entity: h.entity.ID, Role: h.entity.Role, Name: h.match.Name})
	}
	out := make([]*jisr.PersonGroup, len(groups))
	for i, g := range groups {
		sort.SliceStable(g.g.Mentions, func(a, b int) bool { return g.g.Mentions[a].OccurredOn > g.g.Mentions[b].OccurredOn })
		out[i] = g.g
	}
	return out
}
