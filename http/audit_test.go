package http_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestAuditAPIReadsAndTerms: /api/v1/audit answers who saw a record
// (?record=) from every read path, what a user saw (?user=, with the ids),
// and who searched for a value (?term=, matched by keyed hash; the value
// itself is not in the trail).
func TestAuditAPIReadsAndTerms(t *testing.T) {
	n := newNode(t)
	ctx := context.Background()
	withAccessUsers(t, n)
	jo := storetest.As(t, n.store, "jo.liaison")
	r := storetest.Seizure("qxapiseen", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+964 770 111 2233"}}})
	if err := n.store.CreateRecord(ctx, jo, r); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/api/v1/records?q=qxapiseen",
		"/api/v1/graph/neighbours?node=" + url.QueryEscape("sel:phone:+9647701112233"),
		"/api/v1/persons?name=Driverqxapiseen",
	} {
		if code, b := n.raw(t, "iq.analyst", "GET", path, nil); code != 200 || !strings.Contains(string(b), r.ID) {
			t.Fatalf("%s: %d %s", path, code, b)
		}
	}
	type page struct{ Items []jisr.AuditEntry }
	actions := func(p page) []string {
		var out []string
		for _, e := range p.Items {
			out = append(out, e.Actor+" "+e.Action)
		}
		return out
	}
	var who page
	if code := n.do(t, "jo.auditor", "GET", "/api/v1/audit?record="+r.ID, nil, &who); code != 200 {
		t.Fatalf("who saw: %d", code)
	}
	for _, want := range []string{"iq.analyst record.search", "iq.analyst graph.read", "iq.analyst person.search", "jo.liaison record.create"} {
		if !slices.Contains(actions(who), want) {
			t.Errorf("who saw %s: missing %q in %q", r.ID, want, actions(who))
		}
	}
	var seen page
	// The Iraqi auditor reads its own agency's entries whole (the node
	// auditor sees only their actions).
	if code := n.do(t, "iq.auditor", "GET", "/api/v1/audit?user=iq.analyst", nil, &seen); code != 200 || len(seen.Items) != 3 {
		t.Fatalf("what did iq.analyst see: %d %+v", code, seen)
	}
	for _, e := range seen.Items {
		if !slices.Contains(e.Records, r.ID) {
			t.Errorf("entry %d (%s) does not list %s: %v", e.Seq, e.Action, r.ID, e.Records)
		}
	}
	for term, action := range map[string]string{"QXAPISEEN": "record.search", "+964 770 111 2233": "graph.read", "driverqxapiseen": "person.search"} {
		var p page
		if code := n.do(t, "iq.auditor", "GET", "/api/v1/audit?term="+url.QueryEscape(term), nil, &p); code != 200 || !slices.Contains(actions(p), "iq.analyst "+action) {
			t.Errorf("who searched for %q: %d %q", term, code, actions(p))
		}
	}
	code, b := n.raw(t, "jo.auditor", "GET", "/api/v1/audit?limit=500", nil)
	if code != 200 || strings.Contains(strings.ToLower(string(b)), "qxapiseen") || strings.Contains(string(b), "7701112233") {
		t.Fatalf("a search term or selector in clear in the trail: %d", code)
	}
}
