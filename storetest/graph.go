package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testGraph: neighbours and paths go only through records the caller may
// read; a private record of another agency is neither shown nor crossed.
func testGraph(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq, lb, sa := As(t, s, "jo.analyst"), As(t, s, "iq.analyst"), As(t, s, "lb.liaison"), As(t, s, "sa.officer")
	// Iraq's record and Lebanon's share a phone; Lebanon's and a private
	// Jordanian record share a container; Jordan's and Iraq's (shared with
	// Iraq) share a plate.
	a := mustCreate(t, s, As(t, s, "iq.liaison"), withPhone(Seizure("qxgraphiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"LB-ISF"}}), "+964 770 123 4567"))
	b := withPhone(Seizure("qxgraphlb", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), "+964 770 123 4567")
	b.Entities = append(b.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU3054383"}}})
	mustCreate(t, s, lb, b)
	c := Seizure("qxgraphjo", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	c.Entities = append(c.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU3054383"}}})
	mustCreate(t, s, jo, c)

	g, err := s.Neighbours(ctx, iq, "sel:phone:+9647701234567", 0)
	if err != nil || len(g.Nodes) != 3 || len(g.Edges) != 2 {
		t.Fatalf("neighbours of the phone for Iraq: %+v %v", g, err)
	}
	g, err = s.Path(ctx, iq, "record:"+a.ID, "sel:container:CSQU3054383", 0)
	if err != nil || len(g.Edges) != 3 {
		t.Fatalf("path for Iraq: %+v %v", g, err)
	}
	// Iraq may not see Jordan's record: no neighbour, no path, no id.
	g, _ = s.Neighbours(ctx, iq, "sel:container:CSQU3054383", 0)
	if strings.Contains(mustJSON(g), c.ID) || strings.Contains(mustJSON(g), "qxgraphjo") {
		t.Fatalf("a private record shown in the graph: %+v", g)
	}
	if _, err := s.Path(ctx, iq, "record:"+a.ID, "record:"+c.ID, 0); jisr.ErrorCode(err) != jisr.ENOTFOUND {
		t.Fatalf("path to an invisible record: %v", err)
	}
	// Jordan sees its own record, but not Iraq's: no path crosses it.
	if _, err := s.Path(ctx, jo, "record:"+c.ID, "sel:phone:+9647701234567", 0); jisr.ErrorCode(err) != jisr.ENOTFOUND {
		t.Fatalf("path through records Jordan may not see: %v", err)
	}
	if g, _ := s.Neighbours(ctx, sa, "sel:phone:+9647701234567", 0); len(g.Nodes) != 1 {
		t.Fatalf("Saudi Arabia sees holders of the phone: %+v", g)
	}
	if _, err := s.Neighbours(ctx, iq, "nonsense", 0); jisr.ErrorCode(err) != jisr.EINVALID {
		t.Fatalf("bad node: %v", err)
	}
}
