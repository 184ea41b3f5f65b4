package names

import (
	"container/heap"
	"math"
	"sort"
	"strings"
	"sync"
)

// Result is one hit of Index.Search.
type Result struct {
	ID          string
	Score       float64
	Explanation Explanation
}

// Index is an in-memory index of names for fast candidate retrieval and
// scoring. It is safe for concurrent use: searches run in parallel, Add and
// Remove take a write lock.
//
// Memory: names are parsed once; identical parts (the same spelling of the
// same kind) are interned and documents hold their parts as []uint32;
// posting lists map consonant-skeleton keys to []uint32 of internal document
// numbers. The name as written is kept for explanations.
type Index struct {
	mu       sync.RWMutex
	parts    []ipart
	partIDs  map[string]uint32
	keyIDs   map[string]uint32
	postings [][]uint32
	// The second, fuzzier tier: coarse skeletons and their one-deletions.
	fuzzyIDs      map[string]uint32
	fuzzyPostings [][]uint32
	docs          []idoc
	byID          map[string]uint32
	dead          int

	// Candidates scored in full per query; at least minCandidates.
	Candidates int
	scratch    sync.Pool
}

type ipart struct {
	p     Part
	keys  []uint32
	fuzzy []uint32
}

type idoc struct {
	id    string
	name  string
	parts []uint32 // nil when removed
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{partIDs: map[string]uint32{}, keyIDs: map[string]uint32{}, fuzzyIDs: map[string]uint32{}, byID: map[string]uint32{}, Candidates: 200}
}

// Len returns the number of names in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.byID)
}

// partKeys returns the retrieval keys of a part: the consonant skeletons
// of its readings, marked with its compound kind.
func partKeys(p *Part) []string {
	var out []string
	add := func(k string) {
		for _, o := range out {
			if o == k {
				return
			}
		}
		out = append(out, k)
	}
	switch p.Kind {
	case Initial:
		return nil
	case AbdAllah:
		return []string{"@%"}
	}
	for _, r := range p.readings {
		for _, k := range skeletonKeys(r.atoms) {
			if k == "" {
				continue
			}
			switch p.Kind {
			case Abd:
				k = "@" + k
			case Abu:
				k = "^" + k
			case Din:
				k += "$"
			case Allah:
				k += "%"
			}
			add(k)
		}
	}
	return out
}

// partFuzzyKeys returns the second-tier keys of a part.
func partFuzzyKeys(p *Part) []string {
	if p.Kind == Initial || p.Kind == AbdAllah {
		return nil
	}
	var out []string
	for _, r := range p.readings {
		for _, k := range fuzzyKeys(r.atoms) {
			switch p.Kind {
			case Abd:
				k = "@" + k
			case Abu:
				k = "^" + k
			case Din:
				k += "$"
			case Allah:
				k += "%"
			}
			out = append(out, k)
		}
	}
	return dedupe(out)
}

func partSig(p *Part) string {
	var b strings.Builder
	b.WriteByte(byte('0' + p.Kind))
	b.WriteByte(byte('0' + p.Script))
	b.WriteString(p.Stem)
	for _, r := range p.readings {
		b.WriteByte('|')
		b.WriteString(r.strict)
		b.WriteByte('/')
		for _, a := range r.atoms {
			b.WriteByte(a.sym)
			b.WriteString(a.run)
		}
	}
	return b.String()
}

func (x *Index) internPart(p *Part) uint32 {
	sig := partSig(p)
	if id, ok := x.partIDs[sig]; ok {
		return id
	}
	id := uint32(len(x.parts))
	ip := ipart{p: *p}
	ip.p.Text = strings.Clone(p.Text)
	ip.p.Stem = strings.Clone(p.Stem)
	for _, k := range partKeys(p) {
		kid, ok := x.keyIDs[k]
		if !ok {
			kid = uint32(len(x.postings))
			x.keyIDs[k] = kid
			x.postings = append(x.postings, nil)
		}
		ip.keys = append(ip.keys, kid)
	}
	for _, k := range partFuzzyKeys(p) {
		kid, ok := x.fuzzyIDs[k]
		if !ok {
			kid = uint32(len(x.fuzzyPostings))
			x.fuzzyIDs[k] = kid
			x.fuzzyPostings = append(x.fuzzyPostings, nil)
		}
		ip.fuzzy = append(ip.fuzzy, kid)
	}
	x.parts = append(x.parts, ip)
	x.partIDs[sig] = id
	return id
}

// Add indexes name under id, replacing what id held before.
func (x *Index) Add(id, name string) {
	n := ParseName(name)
	x.mu.Lock()
	defer x.mu.Unlock()
	if old, ok := x.byID[id]; ok {
		x.removeLocked(old)
	}
	d := uint32(len(x.docs))
	parts := make([]uint32, 0, len(n.Parts))
	for i := range n.Parts {
		if len(parts) == maxParts {
			break
		}
		parts = append(parts, x.internPart(&n.Parts[i]))
	}
	x.docs = append(x.docs, idoc{id: id, name: name, parts: parts})
	x.byID[id] = d
	var seen [16]uint32
	ns := 0
	for _, pid := range parts {
	keys:
		for _, kid := range x.parts[pid].keys {
			for _, s := range seen[:ns] {
				if s == kid {
					continue keys
				}
			}
			if ns < len(seen) {
				seen[ns] = kid
				ns++
			}
			x.postings[kid] = append(x.postings[kid], d)
		}
	}
	ns = 0
	for _, pid := range parts {
	fuzzy:
		for _, kid := range x.parts[pid].fuzzy {
			for _, s := range seen[:ns] {
				if s == kid {
					continue fuzzy
				}
			}
			if ns < len(seen) {
				seen[ns] = kid
				ns++
			}
			x.fuzzyPostings[kid] = append(x.fuzzyPostings[kid], d)
		}
	}
}

// Remove drops id from the index; it does nothing if id is unknown.
func (x *Index) Remove(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if d, ok := x.byID[id]; ok {
		x.removeLocked(d)
	}
}

func (x *Index) removeLocked(d uint32) {
	delete(x.byID, x.docs[d].id)
	x.docs[d] = idoc{}
	x.dead++
	if x.dead > 1024 && x.dead > len(x.byID) {
		x.compact()
	}
}

// compact drops removed documents from the posting lists.
func (x *Index) compact() {
	for _, lists := range [][][]uint32{x.postings, x.fuzzyPostings} {
		for k, pl := range lists {
			out := pl[:0]
			for _, d := range pl {
				if x.docs[d].parts != nil {
					out = append(out, d)
				}
			}
			lists[k] = out
		}
	}
	x.dead = 0
}

type searchScratch struct {
	acc     []float32
	stamp   []uint32
	epoch   uint32
	touched []uint32
}

// candidate heap: smallest accumulated score on top.
type candHeap struct {
	d   []uint32
	acc []float32
}

func (h *candHeap) Len() int           { return len(h.d) }
func (h *candHeap) Less(i, j int) bool { return h.acc[h.d[i]] < h.acc[h.d[j]] }
func (h *candHeap) Swap(i, j int)      { h.d[i], h.d[j] = h.d[j], h.d[i] }
func (h *candHeap) Push(v any)         { h.d = append(h.d, v.(uint32)) }
func (h *candHeap) Pop() any           { v := h.d[len(h.d)-1]; h.d = h.d[:len(h.d)-1]; return v }

// A part whose exact keys hold few postings (under 0.2 % of the names)
// also looks up its fuzzy keys; fuzzy posting lists longer than
// maxFuzzyList are not read.
const (
	maxFuzzyList = 50000
)

// MinScore is the lowest score Search returns.
const MinScore = 0.3

// Search returns up to k names best matching query, best first, with
// scores in [0,1] and an explanation of each.
func (x *Index) Search(query string, k int) []Result {
	if k <= 0 {
		return nil
	}
	q := ParseName(query)
	if len(q.Parts) > maxParts {
		q.Parts = q.Parts[:maxParts]
	}
	if len(q.Parts) == 0 {
		return nil
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	nd := len(x.docs)
	if nd == 0 {
		return nil
	}
	s, _ := x.scratch.Get().(*searchScratch)
	if s == nil {
		s = &searchScratch{}
	}
	defer x.scratch.Put(s)
	if len(s.acc) < nd {
		s.acc = make([]float32, nd+nd/4)
		s.stamp = make([]uint32, nd+nd/4)
		s.epoch = 0
	}
	s.touched = s.touched[:0]
	live := float64(len(x.byID) + 1)
	// Accumulate, per document, the weights of the query parts it shares
	// a key with; rare keys weigh more. Parts whose exact keys are rare or
	// unknown also use the fuzzy tier.
	m := max(x.Candidates, 10*k, 50)
	accumulate := func(lists [][]uint32, w float32, onlyNew bool) {
		s.epoch++
		if s.epoch == 0 { // wrapped: reset stamps
			clear(s.stamp)
			s.epoch = 1
		}
		for _, pl := range lists {
			for _, d := range pl {
				if s.stamp[d] == s.epoch {
					continue
				}
				if s.acc[d] == 0 {
					s.touched = append(s.touched, d)
				} else if onlyNew {
					continue
				}
				s.stamp[d] = s.epoch
				s.acc[d] += w
			}
		}
	}
	fuzzyLists := func(p *Part) [][]uint32 {
		var lists [][]uint32
		for _, key := range partFuzzyKeys(p) {
			if kid, ok := x.fuzzyIDs[key]; ok && len(x.fuzzyPostings[kid]) <= maxFuzzyList {
				lists = append(lists, x.fuzzyPostings[kid])
			}
		}
		return lists
	}
	weight := func(df int) float32 {
		return max(float32(1+math.Log(live/float64(df+1))), 0.2)
	}
	rare := max(50, int(live)/500)
	qKeys := make([][]uint32, len(q.Parts))  // exact key ids of each query part
	qFuzzy := make([][]uint32, len(q.Parts)) // fuzzy key ids
	for i := range q.Parts {
		for _, key := range partFuzzyKeys(&q.Parts[i]) {
			if kid, ok := x.fuzzyIDs[key]; ok {
				qFuzzy[i] = append(qFuzzy[i], kid)
			}
		}
	}
	for i := range q.Parts {
		var df int
		var lists [][]uint32
		for _, key := range partKeys(&q.Parts[i]) {
			if kid, ok := x.keyIDs[key]; ok {
				lists = append(lists, x.postings[kid])
				df += len(x.postings[kid])
				qKeys[i] = append(qKeys[i], kid)
			}
		}
		if df < rare {
			// Rare or unknown spelling: add the fuzzy tier in the same pass.
			f := fuzzyLists(&q.Parts[i])
			for _, l := range f {
				df += len(l)
			}
			lists = append(lists, f...)
		}
		if len(lists) > 0 {
			accumulate(lists, weight(df), false)
		}
	}
	if len(s.touched) < m {
		// Too few candidates: widen with the fuzzy tier of every part.
		for i := range q.Parts {
			f := fuzzyLists(&q.Parts[i])
			var df int
			for _, l := range f {
				df += len(l)
			}
			if len(f) > 0 {
				accumulate(f, 0.7*weight(df), true)
			}
		}
	}
	// Keep the best-supported candidates.
	h := &candHeap{acc: s.acc, d: make([]uint32, 0, m)}
	for _, d := range s.touched {
		if x.docs[d].parts == nil {
			continue
		}
		if h.Len() < m {
			heap.Push(h, d)
		} else if s.acc[d] > s.acc[h.d[0]] {
			h.d[0] = d
			heap.Fix(h, 0)
		}
	}
	for _, d := range s.touched {
		s.acc[d] = 0
	}
	// Score the candidates by aligned parts; part similarities are
	// memoised because many names share parts.
	memo := make(map[uint64]simHow, 256)
	qw := partWeights(q.Parts)
	type scored struct {
		d     uint32
		score float64
	}
	res := make([]scored, 0, len(h.d))
	var simBuf [maxParts][maxParts]float64
	sim := make([][]float64, len(q.Parts))
	var cw [maxParts]float64
	for _, d := range h.d {
		parts := x.docs[d].parts
		for i := range q.Parts {
			sim[i] = simBuf[i][:len(parts)]
			for j, pid := range parts {
				key := uint64(i)<<32 | uint64(pid)
				v, ok := memo[key]
				if !ok {
					cp := &x.parts[pid]
					if q.Parts[i].Kind == Initial || cp.p.Kind == Initial ||
						shareKey(qKeys[i], cp.keys) || shareKey(qFuzzy[i], cp.fuzzy) {
						sc, how := partSim(&q.Parts[i], &cp.p)
						v = simHow{sc, how}
					}
					memo[key] = v
				}
				sim[i][j] = v.sim
			}
		}
		for j, pid := range parts {
			cw[j] = partWeight(&x.parts[pid].p)
		}
		sc, _ := alignParts(sim, qw, cw[:len(parts)])
		if sc >= MinScore {
			res = append(res, scored{d, sc})
		}
	}
	sort.Slice(res, func(i, j int) bool {
		if res[i].score != res[j].score {
			return res[i].score > res[j].score
		}
		return x.docs[res[i].d].id < x.docs[res[j].d].id
	})
	if len(res) > k {
		res = res[:k]
	}
	out := make([]Result, len(res))
	for i, r := range res {
		doc := &x.docs[r.d]
		cn := ParseName(doc.name)
		mt := CompareNames(&q, &cn)
		out[i] = Result{ID: doc.id, Score: r.score, Explanation: mt.Explanation}
	}
	return out
}

// shareKey reports whether two short lists of key ids meet. Parts that
// share neither an exact nor a fuzzy key are not compared in full: they
// would score below minPartSim.
func shareKey(a, b []uint32) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

type simHow struct {
	sim float64
	how How
}
