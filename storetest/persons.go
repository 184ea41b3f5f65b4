package storetest

import (
	"context"
	"fmt"
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
