package names

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr/names/namegen"
)

type goldEntry struct {
	typ    string
	arabic string
	latin  []string
}

func loadGold(t testing.TB) []goldEntry {
	t.Helper()
	f, err := os.Open("testdata/gold.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("gold.tsv:%d: want 3 fields, got %d", n, len(f))
		}
		out = append(out, goldEntry{typ: f[0], arabic: f[1], latin: strings.Split(f[2], "|")})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rankStats counts recall@10 and precision@1 of a set of queries.
type rankStats struct {
	queries, hit1, hit10 int
	misses               []string
}

func (s *rankStats) add(results []Result, correct func(Result) bool, describe func() string) {
	s.queries++
	for i, r := range results {
		if correct(r) {
			if i == 0 {
				s.hit1++
			}
			s.hit10++
			break
		}
	}
	if len(results) == 0 || !correct(results[0]) {
		s.misses = append(s.misses, describe())
	}
}

func (s *rankStats) recall() float64    { return float64(s.hit10) / float64(max(s.queries, 1)) }
func (s *rankStats) precision() float64 { return float64(s.hit1) / float64(max(s.queries, 1)) }
func (s *rankStats) String() string {
	return fmt.Sprintf("queries %d, recall@10 %.3f, precision@1 %.3f", s.queries, s.recall(), s.precision())
}

// evalGold ranks every Latin spelling against the Arabic names of one type
// (Latin → Arabic) and every Arabic name against all Latin spellings
// (Arabic → Latin). distractors are extra Arabic names added to the
// Arabic-script corpus.
func evalGold(gold []goldEntry, typ string, distractors []string) (l2a, a2l rankStats) {
	ar := NewIndex()
	la := NewIndex()
	arName := map[string]string{}
	for i, e := range gold {
		if e.typ != typ {
			continue
		}
		id := strconv.Itoa(i)
		ar.Add(id, e.arabic)
		arName[id] = e.arabic
		for j, l := range e.latin {
			la.Add(id+"#"+strconv.Itoa(j), l)
		}
	}
	for i, d := range distractors {
		id := "d" + strconv.Itoa(i)
		ar.Add(id, d)
		arName[id] = d
	}
	for i, e := range gold {
		if e.typ != typ {
			continue
		}
		id := strconv.Itoa(i)
		want := NormalizeArabic(e.arabic)
		for _, l := range e.latin {
			rs := ar.Search(l, 10)
			l2a.add(rs, func(r Result) bool { return r.ID == id || NormalizeArabic(arName[r.ID]) == want },
				func() string { return describeMiss(l, e.arabic, rs, arName) })
		}
		rs := la.Search(e.arabic, 10)
		a2l.add(rs, func(r Result) bool { return strings.HasPrefix(r.ID, id+"#") },
			func() string { return describeMiss(e.arabic, e.latin[0], rs, nil) })
	}
	return l2a, a2l
}

func describeMiss(q, want string, rs []Result, names map[string]string) string {
	got := "(nothing)"
	if len(rs) > 0 {
		got = rs[0].ID
		if names != nil {
			got = names[rs[0].ID]
		}
		got += fmt.Sprintf(" %.3f [%s]", rs[0].Score, rs[0].Explanation)
	}
	m := Compare(q, want)
	return fmt.Sprintf("%q want %q (%.3f) got %s", q, want, m.Score, got)
}

// TestGoldAccuracy measures cross-script retrieval on the gold set of
// native Arab names and asserts the targets: recall@10 ≥ 0.95 and
// precision@1 ≥ 0.9, both directions.
func TestGoldAccuracy(t *testing.T) {
	gold := loadGold(t)
	var distractors []string
	if !testing.Short() {
		g := namegen.New(2026)
		for i := 0; i < 20000; i++ {
			distractors = append(distractors, g.Person().Arabic)
		}
	}
	for _, c := range []struct {
		typ         string
		distractors []string
	}{{"name", nil}, {"full", nil}, {"full", distractors}} {
		l2a, a2l := evalGold(gold, c.typ, c.distractors)
		label := c.typ
		if c.distractors != nil {
			label += fmt.Sprintf("+%d distractors", len(c.distractors))
		}
		t.Logf("%-24s Latin→Arabic: %v", label, &l2a)
		t.Logf("%-24s Arabic→Latin: %v", label, &a2l)
		for _, s := range []*rankStats{&l2a, &a2l} {
			if s.recall() < 0.95 || s.precision() < 0.9 {
				t.Errorf("%s: %v; below target (recall@10 ≥ 0.95, precision@1 ≥ 0.9)", label, s)
			}
			if testing.Verbose() || t.Failed() {
				for _, m := range s.misses {
					t.Logf("  miss: %s", m)
				}
			}
		}
	}
}

// MatchThreshold is the score from which the gold rules (GOLD.md) call
// two names the same.
const MatchThreshold = 0.8

// TestGoldPairs scores every gold pair and every negative pair on its own
// and reports precision and recall of "same name" at several thresholds;
// it asserts them at MatchThreshold.
func TestGoldPairs(t *testing.T) {
	gold := loadGold(t)
	byArabic := map[string][]string{}
	for _, e := range gold {
		if e.typ == "name" {
			byArabic[NormalizeArabic(e.arabic)] = e.latin
		}
	}
	type scored struct {
		a, b  string
		score float64
	}
	var pos, negCross, negLatin []scored
	for _, e := range gold {
		for _, l := range e.latin {
			s := scored{e.arabic, l, Compare(e.arabic, l).Score}
			if e.typ != "neg" {
				pos = append(pos, s)
				continue
			}
			negCross = append(negCross, s)
			// The same negative with a Latin spelling on both sides.
			for _, right := range byArabic[NormalizeArabic(e.arabic)] {
				negLatin = append(negLatin, scored{right, l, Compare(right, l).Score})
			}
		}
		if e.typ != "neg" { // Latin spellings of one name against each other
			for i := 1; i < len(e.latin); i++ {
				pos = append(pos, scored{e.latin[0], e.latin[i], Compare(e.latin[0], e.latin[i]).Score})
			}
		}
	}
	count := func(ss []scored, th float64) (n int) {
		for _, s := range ss {
			if s.score >= th {
				n++
			}
		}
		return n
	}
	for _, th := range []float64{0.7, 0.75, MatchThreshold, 0.85, 0.9} {
		tp := count(pos, th)
		fpc, fpl := count(negCross, th), count(negLatin, th)
		t.Logf("threshold %.2f: recall %.3f (%d/%d positive pairs); negatives matching: cross-script %d/%d, Latin-Latin %d/%d; precision %.3f",
			th, float64(tp)/float64(len(pos)), tp, len(pos), fpc, len(negCross), fpl, len(negLatin), float64(tp)/float64(tp+fpc+fpl))
	}
	rec := float64(count(pos, MatchThreshold)) / float64(len(pos))
	fpCross := float64(count(negCross, MatchThreshold)) / float64(len(negCross))
	fpLatin := float64(count(negLatin, MatchThreshold)) / float64(len(negLatin))
	for _, s := range pos {
		if s.score < MatchThreshold {
			t.Logf("positive below threshold: %s ~ %s = %.3f", s.a, s.b, s.score)
		}
	}
	for _, s := range append(negCross, negLatin...) {
		if s.score >= MatchThreshold {
			t.Logf("negative at or above threshold: %s ~ %s = %.3f [%s]", s.a, s.b, s.score, Compare(s.a, s.b).Explanation)
		}
	}
	if rec < 0.95 {
		t.Errorf("pair recall %.3f < 0.95 at threshold %.2f", rec, MatchThreshold)
	}
	if fpCross > 0.05 {
		t.Errorf("%.1f%% of cross-script negative pairs match at %.2f (want ≤ 5%%)", 100*fpCross, MatchThreshold)
	}
	if fpLatin > 0.15 {
		t.Errorf("%.1f%% of Latin-Latin negative pairs match at %.2f (want ≤ 15%%)", 100*fpLatin, MatchThreshold)
	}
	// The named pairs of the issue must never match.
	for _, p := range [][2]string{{"عمر", "Amr"}, {"عمرو", "Omar"}, {"Omar", "Amr"}, {"حامد", "Ahmad"}, {"Hamid", "Ahmad"},
		{"صالح", "Salah"}, {"Saleh", "Salah"}, {"حسن", "Husayn"}, {"Hasan", "Husayn"}, {"سعيد", "Saad"}, {"Said", "Saad"}} {
		if s := Compare(p[0], p[1]).Score; s >= 0.5 {
			t.Errorf("%s ~ %s = %.3f, want < 0.5", p[0], p[1], s)
		}
	}
}

// TestSharedPairs measures retrieval on the Apache-2.0 pairs from
// google/transliteration (mostly foreign names in Arabic script).
func TestSharedPairs(t *testing.T) {
	f, err := os.Open("testdata/ar2en-eval.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type pair struct{ ar, la string }
	var pairs []pair
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		a, l, ok := strings.Cut(sc.Text(), "\t")
		if ok && a != "" && l != "" {
			pairs = append(pairs, pair{a, l})
		}
	}
	ar, la := NewIndex(), NewIndex()
	arOf, laOf := map[string]string{}, map[string]string{}
	for i, p := range pairs {
		id := strconv.Itoa(i)
		ar.Add(id, p.ar)
		la.Add(id, p.la)
		arOf[id], laOf[id] = NormalizeArabic(p.ar), strings.ToLower(p.la)
	}
	var l2a, a2l rankStats
	for _, p := range pairs {
		wantA, wantL := NormalizeArabic(p.ar), strings.ToLower(p.la)
		rs := ar.Search(p.la, 10)
		l2a.add(rs, func(r Result) bool { return arOf[r.ID] == wantA }, func() string { return describeMiss(p.la, p.ar, rs, arOf) })
		rs = la.Search(p.ar, 10)
		a2l.add(rs, func(r Result) bool { return laOf[r.ID] == wantL }, func() string { return describeMiss(p.ar, p.la, rs, laOf) })
	}
	t.Logf("shared pairs Latin→Arabic: %v", &l2a)
	t.Logf("shared pairs Arabic→Latin: %v", &a2l)
	for _, s := range []*rankStats{&l2a, &a2l} {
		if s.recall() < 0.9 {
			t.Errorf("shared pairs: %v; recall@10 below 0.9", s)
		}
		if testing.Verbose() {
			for i, m := range s.misses {
				if i < 40 {
					t.Logf("  miss: %s", m)
				}
			}
		}
	}
}
