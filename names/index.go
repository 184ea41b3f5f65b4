package names

import (
	"container/heap"
	"fmt"
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
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
// same kind) are interned, documents hold their parts as uint32 numbers in
// one arena, ids and names as written sit in one byte arena, and posting
// lists map consonant-skeleton keys to []uint32 of internal document
// numbers. Per document the index keeps no Go pointers, so the garbage
// collector does not scan a million of them.
type Index struct {
	mu       sync.RWMutex
	parts    []ipart
	partIDs  map[uint64]uint32 // part hash → part
	keyIDs   map[string]uint32
	postings [][]uint32
	// The second, fuzzier tier: coarse skeletons and their one-deletions.
	fuzzyIDs      map[string]uint32
	fuzzyPostings [][]uint32

	docs      []idoc
	partArena []uint32
	strArena  []byte
	seed      maphash.Seed
	byHash    map[uint64]uint32 // hash of an id → its document
	byID      map[string]uint32 // ids whose hash collides with another id's
	live      int
	dead      int
	// tagLive counts the live documents of each tag (see AddTagged).
	tagLive []int

	// Candidates is how many documents, chosen by the keys they share
	// with the query, are scored in full (at least 10·k).
	Candidates int
	scratch    sync.Pool
}

type ipart struct {
	p     Part
	keys  []uint32
	fuzzy []uint32
}

// idoc is one indexed name, without pointers.
type idoc struct {
	partOff uint32
	strOff  uint32
	idLen   uint16
	nameLen uint16
	nParts  uint8
	alive   bool
	tag     uint32
}

// Limits of what one document keeps.
const (
	maxIDLen   = 1024
	maxNameLen = 4096
)

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{partIDs: map[uint64]uint32{}, keyIDs: map[string]uint32{}, fuzzyIDs: map[string]uint32{},
		byHash: map[uint64]uint32{}, byID: map[string]uint32{}, seed: maphash.MakeSeed(), Candidates: 200}
}

// Len returns the number of names in the index.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
}

func (x *Index) idOf(d uint32) string {
	doc := &x.docs[d]
	return string(x.strArena[doc.strOff : doc.strOff+uint32(doc.idLen)])
}

func (x *Index) nameOf(d uint32) string {
	doc := &x.docs[d]
	o := doc.strOff + uint32(doc.idLen)
	return string(x.strArena[o : o+uint32(doc.nameLen)])
}

func (x *Index) docParts(d uint32) []uint32 {
	doc := &x.docs[d]
	return x.partArena[doc.partOff : doc.partOff+uint32(doc.nParts)]
}

// lookup finds the live document of id.
func (x *Index) lookup(id string) (uint32, bool) {
	if d, ok := x.byHash[maphash.String(x.seed, id)]; ok && x.idOf(d) == id {
		return d, true
	}
	d, ok := x.byID[id]
	return d, ok
}

// Name returns the name indexed under id as it was written, or "".
func (x *Index) Name(id string) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if d, ok := x.lookup(id); ok {
		return x.nameOf(d)
	}
	return ""
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

// partHash identifies a part for interning: kind, script, stem and the
// strict forms and atoms of its readings.
func (x *Index) partHash(p *Part) uint64 {
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteByte(byte(p.Kind))
	h.WriteByte(byte(p.Script))
	h.WriteString(p.Stem)
	for _, r := range p.readings {
		h.WriteByte(0)
		h.WriteString(r.strict)
		h.WriteByte(1)
		for _, a := range r.atoms {
			h.WriteByte(a.sym)
			h.WriteString(a.run)
		}
	}
	return h.Sum64()
}

func samePart(a, b *Part) bool {
	if a.Kind != b.Kind || a.Script != b.Script || a.Stem != b.Stem || len(a.readings) != len(b.readings) {
		return false
	}
	for i := range a.readings {
		ra, rb := &a.readings[i], &b.readings[i]
		if ra.strict != rb.strict || len(ra.atoms) != len(rb.atoms) {
			return false
		}
		for j := range ra.atoms {
			if ra.atoms[j] != rb.atoms[j] {
				return false
			}
		}
	}
	return true
}

func (x *Index) internPart(p *Part) uint32 {
	hash := x.partHash(p)
	for {
		id, ok := x.partIDs[hash]
		if !ok {
			break
		}
		if samePart(&x.parts[id].p, p) {
			return id
		}
		hash++ // a different part with this hash: probe the next slot
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
	x.partIDs[hash] = id
	return id
}

// Add indexes name under id, replacing what id held before. Ids longer
// than 1 KiB and names longer than 4 KiB are cut.
func (x *Index) Add(id, name string) { x.AddTagged(id, name, 0) }

// AddTagged indexes name under id with a tag: a small number the caller
// chooses for a class of documents (a store uses one per set of readers).
// SearchFunc limits a search to the documents whose tag it allows, as if
// the others were not in the index. Tags should be few and dense (the
// index keeps a counter per tag, up to the largest).
func (x *Index) AddTagged(id, name string, tag uint32) {
	n := ParseName(clip(name, maxNameLen))
	x.mu.Lock()
	defer x.mu.Unlock()
	x.addLocked(clip(id, maxIDLen), name, &n, tag)
}

// AddBatch indexes many names at once, parsing them on all CPUs; ids and
// names are parallel slices. It is the fast way to build an index.
func (x *Index) AddBatch(ids, names []string) {
	if len(ids) != len(names) {
		panic("names: AddBatch with ids and names of different lengths")
	}
	const chunk = 4096
	parsed := make([]Name, min(len(names), chunk*runtime.GOMAXPROCS(0)*2))
	for base := 0; base < len(names); base += len(parsed) {
		end := min(base+len(parsed), len(names))
		var wg sync.WaitGroup
		for lo := base; lo < end; lo += chunk {
			hi := min(lo+chunk, end)
			wg.Add(1)
			go func(lo, hi int) {
				defer wg.Done()
				for i := lo; i < hi; i++ {
					parsed[i-base] = ParseName(clip(names[i], maxNameLen))
				}
			}(lo, hi)
		}
		wg.Wait()
		x.mu.Lock()
		for i := base; i < end; i++ {
			x.addLocked(clip(ids[i], maxIDLen), names[i], &parsed[i-base], 0)
			parsed[i-base] = Name{}
		}
		x.mu.Unlock()
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func (x *Index) addLocked(id, name string, n *Name, tag uint32) {
	if old, ok := x.lookup(id); ok {
		x.removeLocked(old)
	}
	name = clip(name, maxNameLen)
	d := uint32(len(x.docs))
	doc := idoc{partOff: uint32(len(x.partArena)), strOff: uint32(len(x.strArena)),
		idLen: uint16(len(id)), nameLen: uint16(len(name)), alive: true, tag: tag}
	for int(tag) >= len(x.tagLive) {
		x.tagLive = append(x.tagLive, 0)
	}
	x.tagLive[tag]++
	for i := range n.Parts {
		if int(doc.nParts) == maxParts {
			break
		}
		x.partArena = append(x.partArena, x.internPart(&n.Parts[i]))
		doc.nParts++
	}
	x.strArena = append(x.strArena, id...)
	x.strArena = append(x.strArena, name...)
	x.docs = append(x.docs, doc)
	h := maphash.String(x.seed, id)
	if _, taken := x.byHash[h]; taken {
		x.byID[id] = d // another id has this hash
	} else {
		x.byHash[h] = d
	}
	x.live++
	var seen [24]uint32
	ns := 0
	post := func(lists [][]uint32, kid uint32) {
		for _, s := range seen[:ns] {
			if s == kid {
				return
			}
		}
		if ns < len(seen) {
			seen[ns] = kid
			ns++
		}
		lists[kid] = append(lists[kid], d)
	}
	for _, pid := range x.docParts(d) {
		for _, kid := range x.parts[pid].keys {
			post(x.postings, kid)
		}
	}
	ns = 0
	for _, pid := range x.docParts(d) {
		for _, kid := range x.parts[pid].fuzzy {
			post(x.fuzzyPostings, kid)
		}
	}
}

// Remove drops id from the index; it does nothing if id is unknown.
func (x *Index) Remove(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if d, ok := x.lookup(id); ok {
		x.removeLocked(d)
	}
}

func (x *Index) removeLocked(d uint32) {
	id := x.idOf(d)
	if e, ok := x.byID[id]; ok && e == d {
		delete(x.byID, id)
	} else {
		delete(x.byHash, maphash.String(x.seed, id))
	}
	x.docs[d].alive = false
	x.tagLive[x.docs[d].tag]--
	x.live--
	x.dead++
	if x.dead > 1024 && x.dead > x.live {
		x.compact()
	}
}

// compact drops removed documents: it renumbers the live ones, rebuilds
// the arenas and the id maps, and rewrites the posting lists (which stay
// sorted, as the order of the documents is kept). It runs when more
// documents are dead than alive, so its cost is amortised over the removals.
func (x *Index) compact() {
	const gone = ^uint32(0)
	renum := make([]uint32, len(x.docs))
	docs := make([]idoc, 0, x.live)
	partArena := make([]uint32, 0, len(x.partArena)/2)
	strArena := make([]byte, 0, len(x.strArena)/2)
	byHash := make(map[uint64]uint32, x.live)
	byID := map[string]uint32{}
	for d := range x.docs {
		old := x.docs[d]
		if !old.alive {
			renum[d] = gone
			continue
		}
		nd := uint32(len(docs))
		renum[d] = nd
		doc := old
		doc.partOff = uint32(len(partArena))
		doc.strOff = uint32(len(strArena))
		partArena = append(partArena, x.partArena[old.partOff:old.partOff+uint32(old.nParts)]...)
		strArena = append(strArena, x.strArena[old.strOff:old.strOff+uint32(old.idLen)+uint32(old.nameLen)]...)
		docs = append(docs, doc)
		id := string(x.strArena[old.strOff : old.strOff+uint32(old.idLen)])
		h := maphash.String(x.seed, id)
		if _, taken := byHash[h]; taken {
			byID[id] = nd
		} else {
			byHash[h] = nd
		}
	}
	for _, lists := range [][][]uint32{x.postings, x.fuzzyPostings} {
		for k, pl := range lists {
			out := pl[:0]
			for _, d := range pl {
				if n := renum[d]; n != gone {
					out = append(out, n)
				}
			}
			lists[k] = slices.Clip(out)
		}
	}
	x.docs, x.partArena, x.strArena = docs, partArena, strArena
	x.byHash, x.byID = byHash, byID
	x.dead = 0
}

// searchScratch is per-search memory, pooled: for every document a bit
// mask of the query parts it shares an exact key with (low byte) and a
// fuzzy key with (high byte).
type searchScratch struct {
	mask    []uint16
	touched []uint32
}

type cand struct {
	d uint32
	w float32
}

// candHeap keeps the best-supported candidates; the weakest on top.
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[i].w < h[j].w || h[i].w == h[j].w && h[i].d > h[j].d }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(v any)        { *h = append(*h, v.(cand)) }
func (h *candHeap) Pop() any          { v := (*h)[len(*h)-1]; *h = (*h)[:len(*h)-1]; return v }

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
func (x *Index) Search(query string, k int) []Result { return x.SearchFunc(query, k, nil) }

// SearchFunc is Search over the documents whose tag allow accepts (all of
// them if allow is nil). The others are left out before candidates are
// chosen and do not count in the weights of keys, so the results are
// those of an index holding only the allowed documents: what a caller
// finds does not depend on the documents it may not see. allow is called
// once per tag.
func (x *Index) SearchFunc(query string, k int, allow func(tag uint32) bool) []Result {
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
	if x.live == 0 {
		return nil
	}
	live := float64(x.live + 1)
	var allowed []bool
	if allow != nil {
		allowed = make([]bool, len(x.tagLive))
		n := 0
		for t := range x.tagLive {
			if allowed[t] = allow(uint32(t)); allowed[t] {
				n += x.tagLive[t]
			}
		}
		live = float64(n + 1)
	}
	res := x.search(q, k, allowed, live)
	// Two parts run together ("Ziyadkareem", "إيمانطارق"): the query is
	// also read with that part split where the allowed names hold each
	// piece, and each name keeps its better score.
	size, rare := x.sizer(allowed), max(50, int(live)/500)
	for _, parts := range x.splitGlued(q.Parts, size, rare) {
		res = mergeResults(res, x.search(Name{Input: q.Input, Parts: parts}, k, allowed, live), k)
	}
	// A compound broken by a typo (عد الستار, نصرا لله, نور ادين): the
	// query is also read repaired, each name scored a little lower so.
	df := func(p *Part) int { return x.partDF(p, size) }
	for _, parts := range x.repairCompounds(q.Parts, df) {
		rs := x.search(Name{Input: q.Input, Parts: parts}, k, allowed, live)
		for i := range rs {
			rs[i].Score *= repairPenalty
		}
		res = mergeResults(res, rs, k)
	}
	return res
}

// mergeResults keeps the better of each id's results, best first, at most k.
func mergeResults(a, b []Result, k int) []Result {
	at := make(map[string]int, len(a))
	for i, r := range a {
		at[r.ID] = i
	}
	for _, r := range b {
		if i, ok := at[r.ID]; ok {
			if r.Score > a[i].Score {
				a[i] = r
			}
			continue
		}
		at[r.ID] = len(a)
		a = append(a, r)
	}
	slices.SortStableFunc(a, func(p, q Result) int {
		if p.Score != q.Score {
			if p.Score > q.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(p.ID, q.ID)
	})
	if len(a) > k {
		a = a[:k]
	}
	return a
}

// sizer returns how many documents of a posting list take part (alive and
// allowed), counting up to limit.
func (x *Index) sizer(allowed []bool) func(pl []uint32, limit int) int {
	return func(pl []uint32, limit int) int {
		if allowed == nil {
			return len(pl)
		}
		n := 0
		for _, d := range pl {
			if allowed[x.docs[d].tag] && x.docs[d].alive {
				if n++; n > limit {
					break
				}
			}
		}
		return n
	}
}

// search is SearchFunc of a parsed query over the allowed tags (nil: all),
// live being the number of documents taking part plus one. The caller holds
// the read lock.
func (x *Index) search(q Name, k int, allowed []bool, live float64) []Result {
	nd := len(x.docs)
	s, _ := x.scratch.Get().(*searchScratch)
	if s == nil {
		s = &searchScratch{}
	}
	defer x.scratch.Put(s)
	if len(s.mask) < nd {
		s.mask = make([]uint16, nd+nd/4)
	}
	s.touched = s.touched[:0]
	// keep says whether a document takes part: alive and allowed.
	keep := func(d uint32) bool { return allowed == nil || allowed[x.docs[d].tag] && x.docs[d].alive }
	// size is how many documents of a posting list take part.
	size := x.sizer(allowed)
	// Mark, per document, the query parts it shares a key with; rare keys
	// weigh more. Parts whose exact keys are rare or unknown also use the
	// fuzzy tier.
	m := max(x.Candidates, 10*k, 50)
	var partW [maxParts]float32
	accumulate := func(lists [][]uint32, bit uint16, onlyNew bool) {
		for _, pl := range lists {
			for _, d := range pl {
				if allowed != nil && !keep(d) {
					continue
				}
				old := s.mask[d]
				if old == 0 {
					s.touched = append(s.touched, d)
				} else if onlyNew {
					continue
				}
				s.mask[d] = old | bit
			}
		}
	}
	fuzzyLists := func(p *Part) [][]uint32 {
		var lists [][]uint32
		for _, key := range partFuzzyKeys(p) {
			if kid, ok := x.fuzzyIDs[key]; ok && size(x.fuzzyPostings[kid], maxFuzzyList) <= maxFuzzyList {
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
				df += size(x.postings[kid], math.MaxInt)
				qKeys[i] = append(qKeys[i], kid)
			}
		}
		partW[i] = weight(df)
		if len(lists) > 0 {
			accumulate(lists, 1<<i, false)
		}
		if df < rare {
			// Rare or unknown spelling: add the fuzzy tier.
			if f := fuzzyLists(&q.Parts[i]); len(f) > 0 {
				accumulate(f, 1<<(8+i), false)
			}
		}
	}
	if len(s.touched) < m {
		// Too few candidates: widen with the fuzzy tier of every part.
		for i := range q.Parts {
			if f := fuzzyLists(&q.Parts[i]); len(f) > 0 {
				accumulate(f, 1<<(8+i), true)
			}
		}
	}
	// A fuzzy match of a part counts half an exact one, and only when
	// the part has no exact match.
	var exactW, fuzzyW [256]float32
	for mask := 1; mask < 256; mask++ {
		for i := 0; i < len(q.Parts); i++ {
			if mask&(1<<i) != 0 {
				exactW[mask] += partW[i]
				fuzzyW[mask] += partW[i] / 2
			}
		}
	}
	// Keep the best-supported candidates.
	h := make(candHeap, 0, m)
	for _, d := range s.touched {
		mk := s.mask[d]
		ex := uint8(mk)
		w := exactW[ex] + fuzzyW[uint8(mk>>8)&^ex]
		s.mask[d] = 0
		if len(h) < m {
			if x.docs[d].alive {
				heap.Push(&h, cand{d, w})
			}
		} else if w > h[0].w && x.docs[d].alive {
			h[0] = cand{d, w}
			heap.Fix(&h, 0)
		}
	}
	// Score the candidates by aligned parts; part similarities are
	// memoised because many names share parts.
	memo := make(map[uint64]simHow, 256)
	qw := partWeights(q.Parts)
	type scored struct {
		d     uint32
		score float64
	}
	res := make([]scored, 0, len(h))
	var simBuf [maxParts][maxParts]float64
	var ab alignBuf
	sim := make([][]float64, len(q.Parts))
	var cw [maxParts]float64
	for _, c := range h {
		d := c.d
		parts := x.docParts(d)
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
		sc, _ := ab.align(sim, qw, cw[:len(parts)])
		if sc >= MinScore {
			res = append(res, scored{d, sc})
		}
	}
	slices.SortFunc(res, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.idOf(a.d), x.idOf(b.d))
	})
	if len(res) > k {
		res = res[:k]
	}
	// Explain the results from the memoised part similarities; the
	// candidate parts are the interned ones (their text is the first
	// spelling of that part the index saw, which may differ in case or
	// hyphens from this document's).
	out := make([]Result, len(res))
	for i, r := range res {
		parts := x.docParts(r.d)
		cparts := make([]Part, len(parts))
		how := make([][]How, len(q.Parts))
		for j, pid := range parts {
			cparts[j] = x.parts[pid].p
			cw[j] = partWeight(&cparts[j])
		}
		for qi := range q.Parts {
			sim[qi] = simBuf[qi][:len(parts)]
			how[qi] = make([]How, len(parts))
			for j, pid := range parts {
				v := memo[uint64(qi)<<32|uint64(pid)]
				sim[qi][j], how[qi][j] = v.sim, v.how
			}
		}
		_, assign := alignParts(sim, qw, cw[:len(parts)])
		out[i] = Result{ID: x.idOf(r.d), Score: r.score, Explanation: explain(q.Parts, cparts, sim, how, assign)}
	}
	return out
}

// maxSplits bounds the other readings of a query with a part split.
const maxSplits = 3

// splitGlued returns other readings of a query whose parts may have been
// run together ("Ziyadkareem", "Tareqabdul Kareem", "إيمانطارق"): a part of
// six letters or more that few allowed names hold is split at one place,
// each piece alone or joined with the part before or after it, when the
// allowed names hold every resulting part. The readings whose rarest part
// is the most common come first, at most maxSplits. size counts the allowed
// documents of a posting list, so what others may not read plays no part.
func (x *Index) splitGlued(ps []Part, size func([]uint32, int) int, rare int) [][]Part {
	df := func(p *Part) int { return x.partDF(p, size) }
	type alt struct {
		parts []Part
		df    int
		key   string
	}
	var alts []alt
	seen := map[string]bool{}
	for i := range ps {
		p := &ps[i]
		r := []rune(p.Text)
		// (A part written longer than a word can be, digits or marks
		// within it, is not two names: cutting it at every place would
		// parse it quadratically often.)
		if p.Kind == Initial || len(r) < 6 || len(r) > maxWordLen || df(p) >= rare {
			continue
		}
		for k := 3; k <= len(r)-3; k++ {
			if r[k-1] == ' ' || r[k] == ' ' || r[k-1] == '-' || r[k] == '-' {
				continue
			}
			for join := -1; join <= 1; join++ {
				left, right, from, to := string(r[:k]), string(r[k:]), i, i+1
				switch {
				case join == -1 && i > 0:
					left, from = ps[i-1].Text+" "+left, i-1
				case join == 1 && i+1 < len(ps):
					right, to = right+" "+ps[i+1].Text, i+2
				case join != 0:
					continue
				}
				a, b := ParseName(left), ParseName(right)
				mid := append(a.Parts, b.Parts...)
				if len(a.Parts) == 0 || len(b.Parts) == 0 || len(mid) > 3 || len(ps)-(to-from)+len(mid) > maxParts {
					continue
				}
				n := math.MaxInt
				var key strings.Builder
				for j := range mid {
					n = min(n, df(&mid[j]))
					key.WriteString(mid[j].Text + "|")
				}
				if n == 0 {
					continue
				}
				fmt.Fprintf(&key, "%d-%d", from, to)
				if seen[key.String()] {
					continue
				}
				seen[key.String()] = true
				parts := append(append(slices.Clone(ps[:from]), mid...), ps[to:]...)
				alts = append(alts, alt{parts, n, key.String()})
			}
		}
	}
	slices.SortStableFunc(alts, func(a, b alt) int { return b.df - a.df })
	var out [][]Part
	for _, a := range alts[:min(len(alts), maxSplits)] {
		out = append(out, a.parts)
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
