package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testPersonsFilterFirst: person search picks its candidates among the
// names the caller may read. When the best names were taken over all
// records and filtered afterwards, other agencies' records under the same
// name pushed the caller's own out of the results, telling it that others
// hold at least ten records with that name — even records whose owner
// asked for no hit disclosure. Results must be the same whether or not
// unreadable records exist.
func testPersonsFilterFirst(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, sa, lb := As(t, s, "jo.analyst"), As(t, s, "sa.officer"), As(t, s, "lb.analyst")
	// Fillers first, so Jordan's records come after others in id order.
	for i := 0; i < 8; i++ {
		mustCreate(t, s, lb, Seizure(fmt.Sprintf("qxpfill%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{}))
	}
	const name, nameAR = "Ahmad Khalil al-Haddad", "أحمد خليل الحداد"
	mustCreate(t, s, jo, withPerson(Seizure("qxpjo1", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect", name))
	mustCreate(t, s, jo, withPerson(Seizure("qxpjo2", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "driver", "Ahmed Kalil Hadad"))
	mustCreate(t, s, jo, withPerson(Seizure("qxpjo3", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "owner", nameAR))
	search := func() string {
		var out string
		for _, q := range []string{name, nameAR, "Ahmad Haddad"} {
			for _, limit := range []int{1, 5, 20} {
				ms, err := s.SearchPersons(ctx, jo, q, limit)
				if err != nil {
					t.Fatal(err)
				}
				out += fmt.Sprintf("%s limit=%d n=%d:", q, limit, len(ms))
				for _, m := range ms {
					out += fmt.Sprintf(" %s/%s %.4f %s;", m.RecordID, m.Entity, m.Score, m.Matched)
				}
				out += "\n"
			}
		}
		return out
	}
	before := search()
	// Saudi Arabia holds 50 records under the same name, unreadable by
	// Jordan, half of them with no hit disclosure, in both scripts.
	for i := 0; i < 50; i++ {
		r := withPerson(Seizure(fmt.Sprintf("qxpsa%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect", []string{name, nameAR}[i%2])
		r.NoHitDisclosure = i%4 < 2
		mustCreate(t, s, sa, r)
	}
	if after := search(); after != before {
		t.Errorf("unreadable records changed the results:\nbefore\n%s\nafter\n%s", before, after)
	}
	if ms, _ := s.SearchPersons(ctx, jo, name, 1); len(ms) != 1 {
		t.Errorf("own exact match missing at limit=1: %+v", ms)
	}
	// Saudi Arabia finds its own, and none of Jordan's.
	ms, _ := s.SearchPersons(ctx, sa, name, 100)
	for _, m := range ms {
		if m.Originator != "SA-GDNC" {
			t.Errorf("Saudi Arabia found %s's record", m.Originator)
		}
	}
	if len(ms) < 25 {
		t.Errorf("Saudi Arabia found %d of its 50 records", len(ms))
	}
}

// testSearchFilterFirst: the search across scripts (full text and names)
// and the grouped person search rank, count and page among the records
// the caller may read only: results, totals and pages are the same whether
// or not records the caller may not read exist, under the same names and
// words, in both scripts.
func testSearchFilterFirst(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, sa := As(t, s, "jo.analyst"), As(t, s, "sa.officer")
	mk := func(p jisr.Principal, marker, date, narrative string, names ...string) {
		r := Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		if len(names) > 0 {
			r = withPerson(r, "s1", "suspect", names...)
		}
		r.OccurredOn = date
		if narrative != "" {
			r.NarrativeEN = narrative
		}
		mustCreate(t, s, p, r)
	}
	mk(jo, "qxsjo1", "2026-09-01", "", "علي حسين الجبوري")
	mk(jo, "qxsjo2", "2026-10-01", "", "Ali Hussein al-Jubouri")
	mk(jo, "qxsjo3", "2026-08-01", "Met a man called Jbouri at the crossing.")
	mk(jo, "qxsjo4", "2026-07-01", "", "Kassem Juburi")
	search := func() string {
		var out strings.Builder
		for _, q := range []string{"الجبوري", "al-Jubouri", "Juburi", "Jbouri", "Ali Hussein al-Jubouri"} {
			for _, sort := range []string{jisr.SortRelevance, jisr.SortDate} {
				for _, limit := range []int{1, 2, 10} {
					cur := ""
					for page := 0; page < 6; page++ {
						res, err := s.Search(ctx, jo, jisr.SearchQuery{Filter: jisr.RecordFilter{Text: q, Page: jisr.Page{Limit: limit, Cursor: cur}}, Sort: sort})
						if err != nil {
							t.Fatal(err)
						}
						fmt.Fprintf(&out, "%s %s limit=%d page=%d total=%d capped=%v:", q, sort, limit, page, res.Total, res.Capped)
						for _, r := range res.Results {
							fmt.Fprintf(&out, " %s %.3f %v", r.Record.ID, r.Score, r.Text)
							for _, n := range r.Names {
								fmt.Fprintf(&out, " [%s %.3f]", n.Name, n.Score)
							}
						}
						out.WriteString("\n")
						if cur = res.Next; cur == "" {
							break
						}
					}
				}
			}
			for _, limit := range []int{1, 10} {
				cur := ""
				for page := 0; page < 6; page++ {
					pp, err := s.FindPersons(ctx, jo, jisr.PersonQuery{Name: q, Page: jisr.Page{Limit: limit, Cursor: cur}})
					if err != nil {
						t.Fatal(err)
					}
					fmt.Fprintf(&out, "persons %s limit=%d page=%d total=%d:", q, limit, page, pp.Total)
					for _, g := range pp.Persons {
						fmt.Fprintf(&out, " %s %.3f %v {", g.Name, g.Score, g.Names)
						for _, m := range g.Mentions {
							fmt.Fprintf(&out, " %s/%s", m.RecordID, m.Entity)
						}
						out.WriteString(" }")
					}
					out.WriteString("\n")
					if cur = pp.Next; cur == "" {
						break
					}
				}
			}
		}
		return out.String()
	}
	before := search()
	if !strings.Contains(before, "total=4") && !strings.Contains(before, "total=3") {
		t.Fatalf("the caller's own records not found:\n%s", before)
	}
	// Saudi Arabia holds many records under the same names and words,
	// unreadable by Jordan, some with no hit disclosure.
	for i := 0; i < 40; i++ {
		r := withPerson(Seizure(fmt.Sprintf("qxssa%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect",
			[]string{"Ali Hussein al-Jubouri", "علي حسين الجبوري", "Kassem Juburi", "محمد الجبوري"}[i%4])
		r.NarrativeEN = "The driver Jbouri, also written al-Jubouri, crossed at Jaber."
		r.NoHitDisclosure = i%3 == 0
		r.OccurredOn = "2026-11-01"
		mustCreate(t, s, sa, r)
	}
	if after := search(); after != before {
		t.Errorf("unreadable records changed the results:\nbefore\n%s\nafter\n%s", before, after)
	}
	// Saudi Arabia finds its own and none of Jordan's.
	res, err := s.Search(ctx, sa, jisr.SearchQuery{Filter: jisr.RecordFilter{Text: "Jubouri", Page: jisr.Page{Limit: 500}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Results {
		if r.Record.Originator != "SA-GDNC" {
			t.Errorf("Saudi Arabia found %s's record", r.Record.Originator)
		}
	}
	if res.Total < 30 || res.Total != len(res.Results) {
		t.Errorf("Saudi Arabia: total %d, %d results", res.Total, len(res.Results))
	}
	// Bad input names its field.
	if _, err := s.Search(ctx, jo, jisr.SearchQuery{Filter: jisr.RecordFilter{Text: "Jubouri"}, Sort: "size"}); jisr.ErrorField(err) != "sort" {
		t.Errorf("bad sort: %v", err)
	}
	if _, err := s.FindPersons(ctx, jo, jisr.PersonQuery{Name: "Jubouri", MinScore: 2}); jisr.ErrorField(err) != "min_score" {
		t.Errorf("bad threshold: %v", err)
	}
}
