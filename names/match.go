package names

import (
	"fmt"
	"strings"
)

// minPartSim is the similarity below which two parts do not match at all.
const minPartSim = 0.55

// maxParts bounds the parts of a name that are compared (longer names keep
// their first parts).
const maxParts = 8

// PartMatch is one aligned pair of name parts.
type PartMatch struct {
	Query     string  `json:"query"`     // the part of the first (query) name, as written
	Candidate string  `json:"candidate"` // the part of the second (candidate) name
	Score     float64 `json:"score"`     // similarity of the two parts in [0,1]
	How       How     `json:"how"`
}

// Explanation tells which parts of two names matched how, and which were
// left over.
type Explanation struct {
	Pairs         []PartMatch `json:"pairs"`
	QueryOnly     []string    `json:"query_only,omitempty"`
	CandidateOnly []string    `json:"candidate_only,omitempty"`
}

func (e Explanation) String() string {
	var b strings.Builder
	for i, p := range e.Pairs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s~%s %.2f %s", p.Query, p.Candidate, p.Score, p.How)
	}
	if len(e.QueryOnly) > 0 {
		fmt.Fprintf(&b, "; query only: %s", strings.Join(e.QueryOnly, ", "))
	}
	if len(e.CandidateOnly) > 0 {
		fmt.Fprintf(&b, "; candidate only: %s", strings.Join(e.CandidateOnly, ", "))
	}
	return b.String()
}

// Match is the result of comparing two names.
type Match struct {
	Score       float64
	Explanation Explanation
}

// Compare parses and compares two full names, in any script and any order
// of parts. The score is in [0,1]: 1 for the same name, about 0.9 or more
// for spellings of the same name, lower when parts are missing or differ.
func Compare(a, b string) Match {
	na, nb := ParseName(a), ParseName(b)
	return CompareNames(&na, &nb)
}

// CompareNames compares two parsed names.
func CompareNames(a, b *Name) Match {
	qa, cb := a.Parts, b.Parts
	if len(qa) > maxParts {
		qa = qa[:maxParts]
	}
	if len(cb) > maxParts {
		cb = cb[:maxParts]
	}
	sim := make([][]float64, len(qa))
	how := make([][]How, len(qa))
	for i := range qa {
		sim[i] = make([]float64, len(cb))
		how[i] = make([]How, len(cb))
		for j := range cb {
			sim[i][j], how[i][j] = partSim(&qa[i], &cb[j])
		}
	}
	score, assign := alignParts(sim, partWeights(qa), partWeights(cb))
	return Match{Score: score, Explanation: explain(qa, cb, sim, how, assign)}
}

func partWeights(ps []Part) []float64 {
	w := make([]float64, len(ps))
	for i := range ps {
		w[i] = partWeight(&ps[i])
	}
	return w
}

func partWeight(p *Part) float64 {
	if p.Kind == Initial {
		return 0.5
	}
	return 1
}

func explain(qa, cb []Part, sim [][]float64, how [][]How, assign []int) Explanation {
	var e Explanation
	used := make([]bool, len(cb))
	for i, j := range assign {
		if j < 0 {
			e.QueryOnly = append(e.QueryOnly, qa[i].Text)
			continue
		}
		used[j] = true
		e.Pairs = append(e.Pairs, PartMatch{Query: qa[i].Text, Candidate: cb[j].Text, Score: round2(sim[i][j]), How: how[i][j]})
	}
	for j := range cb {
		if !used[j] {
			e.CandidateOnly = append(e.CandidateOnly, cb[j].Text)
		}
	}
	return e
}

func round2(x float64) float64 {
	return float64(int(x*100+0.5)) / 100
}

// unmatchedWeight is how much a part without a counterpart weighs against
// the score, relative to a matched part: a missing grandfather's name is
// common and should not sink a match.
const unmatchedWeight = 0.5

// alignParts finds the assignment of query parts to candidate parts (in
// any order, one to one) that maximises the total similarity, and turns it
// into a score: matched pairs count their similarity times both weights,
// parts left over count half their weight in the denominator. A small
// bonus goes to assignments that keep the order.
func alignParts(sim [][]float64, wq, wc []float64) (float64, []int) {
	var b alignBuf
	return b.align(sim, wq, wc)
}

// alignBuf holds the memory of alignParts for reuse; the assignment it
// returns is overwritten by the next call.
type alignBuf struct {
	dp     []float64
	from   []int8
	assign []int
}

func (b *alignBuf) align(sim [][]float64, wq, wc []float64) (float64, []int) {
	n, m := len(wq), len(wc)
	if cap(b.assign) < n {
		b.assign = make([]int, n)
	}
	assign := b.assign[:n]
	for i := range assign {
		assign[i] = -1
	}
	if n == 0 || m == 0 {
		return 0, assign
	}
	// DP over query parts and the set of used candidate parts.
	size := 1 << m
	const neg = -1.0
	if cap(b.dp) < (n+1)*size {
		b.dp = make([]float64, (n+1)*size)
		b.from = make([]int8, (n+1)*size)
	}
	dp, from := b.dp[:(n+1)*size], b.from[:(n+1)*size]
	for k := range dp {
		dp[k] = neg
		from[k] = 0
	}
	dp[0] = 0
	for i := 0; i < n; i++ {
		for mask := 0; mask < size; mask++ {
			v := dp[i*size+mask]
			if v < 0 {
				continue
			}
			// Leave query part i unmatched.
			if k := (i+1)*size + mask; v > dp[k] {
				dp[k], from[k] = v, -1
			}
			for j := 0; j < m; j++ {
				if mask&(1<<j) != 0 || sim[i][j] < minPartSim {
					continue
				}
				g := sim[i][j] * (wq[i] + wc[j])
				if i == j {
					g += 0.001 // prefer keeping the order among equals
				}
				if k := (i+1)*size + mask | 1<<j; v+g > dp[k] {
					dp[k], from[k] = v+g, int8(j)
				}
			}
		}
	}
	// Best final state by score, not by raw gain: the denominator depends
	// on what is left over.
	var total float64
	for _, w := range wq {
		total += w
	}
	for _, w := range wc {
		total += w
	}
	bestScore, bestMask := 0.0, -1
	for mask := 0; mask < size; mask++ {
		v := dp[n*size+mask]
		if v <= 0 {
			continue
		}
		// Recover matched weights for the denominator.
		var matchedW float64
		ms := mask
		for i := n; i > 0; i-- {
			j := from[i*size+ms]
			if j >= 0 {
				matchedW += wq[i-1] + wc[j]
				ms &^= 1 << j
			}
		}
		den := matchedW + unmatchedWeight*(total-matchedW)
		if s := v / den; s > bestScore {
			bestScore, bestMask = s, mask
		}
	}
	if bestMask < 0 {
		return 0, assign
	}
	ms := bestMask
	for i := n; i > 0; i-- {
		j := from[i*size+ms]
		assign[i-1] = int(j)
		if j >= 0 {
			ms &^= 1 << j
		}
	}
	bestScore -= orderPenalty(assign, &b.assign)
	if bestScore > 1 {
		bestScore = 1
	}
	if bestScore < 0 {
		bestScore = 0
	}
	return bestScore, assign
}

// orderPenalty lowers the score of alignments that change the order of
// the parts: "Musa Salman" is not "Salman Musa". The family name written
// first (a rotation of the order) is not penalised.
func orderPenalty(assign []int, _ *[]int) float64 {
	var seqBuf, rotBuf [maxParts]int
	seq := seqBuf[:0]
	for _, j := range assign {
		if j >= 0 && len(seq) < maxParts {
			seq = append(seq, j)
		}
	}
	if len(seq) < 2 {
		return 0
	}
	best := -1
	rot := rotBuf[:len(seq)]
	for r := 0; r < len(seq); r++ {
		for i := range seq {
			rot[i] = seq[(i+r)%len(seq)]
		}
		inv := 0
		for i := 0; i < len(rot); i++ {
			for j := i + 1; j < len(rot); j++ {
				if rot[i] > rot[j] {
					inv++
				}
			}
		}
		if best < 0 || inv < best {
			best = inv
		}
	}
	return min(0.08*float64(best), 0.2)
}
