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

// testGraphLeaks: persons and companies are nodes, merged across records
// by the name matcher; another agency's private records add no node, no
// edge and no count to anything the graph answers (Neighbours, Around,
// Path, Resolve), and an identifier only they hold resolves to nothing.
func testGraphLeaks(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq, lb := As(t, s, "jo.analyst"), As(t, s, "iq.analyst"), As(t, s, "lb.liaison")
	const latin, arabic = "Haidar Kadhim al-Saadi", "حيدر كاظم الساعدي"
	a := withPerson(withPhone(Seizure("qxleakiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+964 770 555 0101"), "s1", "suspect", latin)
	a.Entities = append(a.Entities, jisr.Entity{ID: "co1", Schema: "Company", Props: map[string][]string{"name": {"Rafidain Fruit Trading"}}})
	mustCreate(t, s, As(t, s, "iq.liaison"), a)
	b := withPerson(withPhone(Seizure("qxleaklb", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), "+964 770 555 0101"), "s1", "suspect", arabic)
	mustCreate(t, s, lb, b)

	person, company := "person:"+latin, "company:Rafidain Fruit Trading"
	type view struct{ neighbours, around, path, company string }
	look := func() view {
		t.Helper()
		var v view
		g, err := s.Neighbours(ctx, iq, person, 0)
		if err != nil {
			t.Fatalf("neighbours of a person: %v", err)
		}
		v.neighbours = mustJSON(g)
		if g, err = s.Around(ctx, iq, "sel:phone:+9647705550101", 3, 0); err != nil {
			t.Fatalf("around: %v", err)
		}
		v.around = mustJSON(g)
		if g, err = s.Path(ctx, iq, "record:"+a.ID, "record:"+b.ID, 0); err != nil {
			t.Fatalf("path: %v", err)
		}
		v.path = mustJSON(g)
		if g, err = s.Neighbours(ctx, iq, company, 0); err != nil {
			t.Fatalf("neighbours of a company: %v", err)
		}
		v.company = mustJSON(g)
		return v
	}
	before := look()
	g, _ := s.Neighbours(ctx, iq, "record:"+a.ID, 0)
	var kinds []string
	for _, n := range g.Nodes {
		kinds = append(kinds, n.Kind+"="+n.Label)
	}
	if !strings.Contains(strings.Join(kinds, " "), "person="+latin) || !strings.Contains(strings.Join(kinds, " "), "company=Rafidain Fruit Trading") {
		t.Fatalf("a record's persons and companies are not nodes: %v", kinds)
	}
	g, _ = s.Neighbours(ctx, iq, person, 0)
	if len(g.Nodes) != 3 || !strings.Contains(mustJSON(g), a.ID) || !strings.Contains(mustJSON(g), b.ID) {
		t.Fatalf("the person across scripts for Iraq: %s", mustJSON(g))
	}
	for _, e := range g.Edges {
		if e.From == "record:"+a.ID && e.Possible {
			t.Fatalf("the same spelling is only possibly the same person: %+v", e)
		}
	}

	// Jordan's private records: the same phone, the same person, the same
	// company, and a plate only it holds.
	c := withPerson(withPhone(Seizure("qxleakjo", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+964 770 555 0101"), "s1", "suspect", latin, arabic)
	c.Entities = append(c.Entities, jisr.Entity{ID: "co1", Schema: "Company", Props: map[string][]string{"name": {"Rafidain Fruit Trading"}}},
		jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"40-81295"}, "country": {"JO"}}})
	mustCreate(t, s, jo, c)
	d := withPerson(Seizure("qxleakjo2", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect", latin)
	mustCreate(t, s, jo, d)
	after := look()
	if after != before {
		t.Fatalf("Jordan's private records changed Iraq's graph:\nbefore %+v\nafter  %+v", before, after)
	}
	for _, x := range []string{c.ID, d.ID, "qxleakjo"} {
		if strings.Contains(after.neighbours+after.around+after.path+after.company, x) {
			t.Fatalf("%s in Iraq's graph", x)
		}
	}
	plate := "sel:plate:JO:40:81295"
	if n, err := s.Resolve(ctx, iq, []string{plate}); err != nil || n != "" {
		t.Fatalf("a plate only Jordan holds resolves for Iraq: %q %v", n, err)
	}
	if n, err := s.Resolve(ctx, jo, []string{"sel:plate:IQ:4081295", plate}); err != nil || n != plate {
		t.Fatalf("Jordan's own plate: %q %v", n, err)
	}
	if n, err := s.Resolve(ctx, iq, []string{"record:" + c.ID, "person:" + latin}); err != nil || n != "person:"+latin {
		t.Fatalf("resolve for Iraq: %q %v", n, err)
	}
	// Jordan sees its own: the person node joins its records.
	if g, err := s.Around(ctx, jo, person, 1, 0); err != nil || !strings.Contains(mustJSON(g), c.ID) || !strings.Contains(mustJSON(g), d.ID) {
		t.Fatalf("Jordan's person: %+v %v", g, err)
	}
}
