package names_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/jisr-cell/jisr/names"
	"github.com/jisr-cell/jisr/names/namegen"
)

// TestSearchFuncIgnoresOthers: a search limited to some tags gives what an
// index holding only those documents gives, however many documents of
// other tags match better, equally or in bulk — so a caller's results
// reveal nothing of the names it may not see.
func TestSearchFuncIgnoresOthers(t *testing.T) {
	g := namegen.New(7)
	mine := names.NewIndex()
	both := names.NewIndex()
	var queries []string
	id := 0
	add := func(name string, tag uint32) {
		id++
		doc := strconv.Itoa(id) + "/e/0/p"
		if tag == 1 {
			mine.Add(doc, name)
		}
		both.AddTagged(doc, name, tag)
	}
	for i := 0; i < 300; i++ {
		p := g.Person()
		add(p.Arabic, 1)
		if i%10 == 0 {
			queries = append(queries, p.Latin[0], p.Arabic)
			// Others hold the same person many times, in both scripts.
			for j := 0; j < 60; j++ {
				add(p.Arabic, 2)
				add(p.Latin[j%len(p.Latin)], 3)
			}
		}
		// And many other names.
		for j := 0; j < 5; j++ {
			add(g.Person().Arabic, 2)
		}
	}
	// Removed documents of the allowed tag do not count either.
	add("محمد عبد الله الأسعد", 1)
	both.Remove(strconv.Itoa(id) + "/e/0/p")
	mine.Remove(strconv.Itoa(id) + "/e/0/p")
	allow := func(tag uint32) bool { return tag == 1 }
	for _, q := range queries {
		for _, k := range []int{1, 5, 20} {
			want := fmt.Sprint(ids(mine.Search(q, k)))
			got := fmt.Sprint(ids(both.SearchFunc(q, k, allow)))
			if got != want {
				t.Errorf("%q k=%d:\n got %s\nwant %s", q, k, got, want)
			}
		}
	}
	if r := both.SearchFunc(queries[0], 5, func(uint32) bool { return false }); len(r) != 0 {
		t.Errorf("nothing allowed, found %d", len(r))
	}
	if a, b := len(both.Search(queries[0], 100)), len(mine.Search(queries[0], 100)); a <= b {
		t.Errorf("unfiltered search should see the others: %d vs %d", a, b)
	}
}

func ids(rs []names.Result) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID + "@" + strconv.FormatFloat(r.Score, 'f', 4, 64)
	}
	return out
}
