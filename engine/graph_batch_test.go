package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/storetest"
)

// TestGraphBatchedAsOneByOne: Around and Path, whose breadth-first steps
// ask the store for a whole frontier at once, give exactly the graphs (or
// the errors) of the walk that asked node by node, for callers of four
// agencies over a fixture of shared and private records — phones and a
// container in common, persons spelt in both scripts, companies — on both
// stores, cut at several sizes.
func TestGraphBatchedAsOneByOne(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		e, _ := open(t)
		testGraphBatched(t, e)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		e, _ := openPostgres(t)
		testGraphBatched(t, e)
	})
}

func testGraphBatched(t *testing.T, e *engine.Engine) {
	ctx := context.Background()
	storetest.Seed(t, e)
	authors := []string{"jo.analyst", "iq.liaison", "lb.liaison", "jo.liaison"}
	shares := []jisr.Releasability{{}, {Agencies: []string{"IQ-GDNA"}}, {Agencies: []string{"LB-ISF", "JO-AND"}}, {}}
	persons := []string{"Haidar Kadhim al-Saadi", "حيدر كاظم الساعدي", "Haider Kazim Saadi", "Omar Khaled Nasser", "عمر خالد ناصر", "Omar Khalid al-Nasser"}
	companies := []string{"Rafidain Fruit Trading", "Levant Citrus Export"}
	phone := func(n int) string { return fmt.Sprintf("+96477055%05d", n) }
	var ids []string
	for i := range 48 {
		r := storetest.Seizure(fmt.Sprintf("qxbatch%d", i), jisr.TLPAmber, jisr.H0, shares[i%len(shares)])
		r.Entities = append(r.Entities,
			jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {phone(i % 7)}}},
			jisr.Entity{ID: "ph2", Schema: "Phone", Props: map[string][]string{"number": {phone(100 + i)}}},
			jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {persons[i%len(persons)]}}})
		if i%5 == 0 {
			r.Entities = append(r.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU3054383"}}})
		}
		if i%3 == 0 {
			r.Entities = append(r.Entities, jisr.Entity{ID: "co1", Schema: "Company", Props: map[string][]string{"name": {companies[i%2]}}})
		}
		if i%11 == 0 { // the chain goes on: a phone of the previous record
			r.Entities = append(r.Entities, jisr.Entity{ID: "ph3", Schema: "Phone", Props: map[string][]string{"number": {phone(100 + i - 1)}}})
		}
		if err := e.CreateRecord(ctx, storetest.As(t, e, authors[i%len(authors)]), r); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	starts := []string{"sel:container:CSQU3054383", "sel:phone:" + phone(3), "sel:phone:" + phone(100+10),
		"person:" + persons[0], "person:" + persons[4], "company:" + companies[0], "record:" + ids[0], "record:" + ids[1], "record:" + ids[2], "sel:phone:+9647000000000"}
	outcome := func(g *jisr.Graph, err error) string {
		if err != nil {
			return "error " + jisr.ErrorCode(err)
		}
		js, _ := json.Marshal(g)
		return string(js)
	}
	var compared, big, capped, same, errs int
	for _, user := range []string{"jo.analyst", "iq.analyst", "lb.liaison", "sa.officer"} {
		p := storetest.As(t, e, user)
		for _, start := range starts {
			for _, depth := range []int{1, 2, 4} {
				for _, maxNodes := range []int{0, 9, 40} {
					want, werr := e.AroundOneByOne(ctx, p, start, depth, maxNodes)
					got, gerr := e.Around(ctx, p, start, depth, maxNodes)
					if w, g := outcome(want, werr), outcome(got, gerr); w != g {
						t.Fatalf("%s around %s depth %d max %d:\nbatched   %s\none by one %s", user, start, depth, maxNodes, g, w)
					}
					compared++
					if werr != nil {
						errs++
						continue
					}
					if len(want.Nodes) > 30 {
						big++
					}
					if want.Capped {
						capped++
					}
					for _, n := range want.Nodes {
						if len(n.Same) > 0 {
							same++
						}
					}
				}
			}
			for _, to := range starts[:6] {
				want, werr := e.PathOneByOne(ctx, p, start, to, 0)
				got, gerr := e.Path(ctx, p, start, to, 0)
				if w, g := outcome(want, werr), outcome(got, gerr); w != g && !(werr != nil && gerr != nil && jisr.ErrorCode(werr) == jisr.ErrorCode(gerr)) {
					t.Fatalf("%s path %s → %s:\nbatched   %s\none by one %s", user, start, to, g, w)
				}
				compared++
			}
		}
	}
	// The fixture exercises what it should: large and cut graphs, merged
	// persons, refusals.
	if big == 0 || capped == 0 || same == 0 || errs == 0 {
		t.Fatalf("a weak fixture: %d compared, %d large, %d capped, %d with same-person nodes, %d errors", compared, big, capped, same, errs)
	}
	t.Logf("%d walks compared: %d large, %d capped, %d with same-person nodes, %d errors", compared, big, capped, same, errs)
}
