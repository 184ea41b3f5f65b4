package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// graphRecord stores a seizure of p on date with a phone, persons and
// companies; it returns the record id.
func graphRecord(t testing.TB, n *node, p jisr.Principal, marker, date string, rel jisr.Releasability, phone string, persons []string, companies ...string) string {
	t.Helper()
	r := storetest.Seizure(marker, jisr.TLPAmber, jisr.H0, rel)
	r.OccurredOn = date
	r.Entities = r.Entities[:1]
	if phone != "" {
		r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {phone}}})
	}
	for i, name := range persons {
		r.Entities = append(r.Entities, jisr.Entity{ID: "s" + string(rune('1'+i)), Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {name}}})
	}
	for i, name := range companies {
		r.Entities = append(r.Entities, jisr.Entity{ID: "co" + string(rune('1'+i)), Schema: "Company", Props: map[string][]string{"name": {name}}})
	}
	if err := n.store.CreateRecord(context.Background(), p, r); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

const (
	graphPhone   = "+964 770 555 0101"
	graphLatin   = "Haidar Kadhim al-Saadi"
	graphArabic  = "حيدر كاظم الساعدي"
	graphVariant = "Haidar al-Saadi"
	graphCompany = "Rafidain Fruit Trading"
)

// graphFixture: Iraq's record and Lebanon's (shared with Iraq) share a
// phone and name one person, in two scripts; a third Iraqi record names
// a shorter spelling of him (only possibly the same).
func graphFixture(t testing.TB, n *node) (a, b, v string) {
	iqL, lb := principal(t.(*testing.T), n, "iq.liaison"), principal(t.(*testing.T), n, "lb.liaison")
	a = graphRecord(t, n, iqL, "QXG1", "2026-09-01", jisr.Releasability{}, graphPhone, []string{graphLatin}, graphCompany)
	b = graphRecord(t, n, lb, "QXG2", "2026-10-01", jisr.Releasability{Agencies: []string{"IQ-GDNA"}}, graphPhone, []string{graphArabic})
	v = graphRecord(t, n, iqL, "QXG3", "2026-10-15", jisr.Releasability{}, "", []string{graphVariant})
	return a, b, v
}

// TestGraphLeaksWeb: through the web interface, another agency's private
// records add no node, no edge and no count to the explorer's data (a
// person, a phone three steps out, a path, a company), and an identifier
// only they hold is nothing to start from; typed as people write it, the
// same identifier finds the holder's node.
func TestGraphLeaksWeb(t *testing.T) {
	n := newNode(t, 0)
	a, b, _ := graphFixture(t, n)
	iq := n.client(t)
	iq.login("iq.analyst")
	urls := []string{
		"/graph/data.json?depth=1&node=" + url.QueryEscape("person:"+graphLatin),
		"/graph/data.json?depth=3&node=" + url.QueryEscape("sel:phone:+9647705550101"),
		"/graph/data.json?from=" + url.QueryEscape("record:"+a) + "&to=" + url.QueryEscape("record:"+b),
		"/graph/data.json?depth=2&node=" + url.QueryEscape("company:"+graphCompany),
	}
	look := func() []string {
		var out []string
		for _, u := range urls {
			r := iq.get(u)
			if r.StatusCode != 200 {
				t.Fatalf("%s: %d %s", u, r.StatusCode, r.body)
			}
			out = append(out, r.body)
		}
		return out
	}
	before := look()
	var g jisr.Graph
	if err := json.Unmarshal([]byte(before[0]), &g); err != nil || len(g.Nodes) < 3 {
		t.Fatalf("the person for Iraq: %v %s", err, before[0])
	}
	if !strings.Contains(before[0], a) || !strings.Contains(before[0], b) {
		t.Fatalf("the person in both scripts: %s", before[0])
	}
	jo := principal(t, n, "jo.analyst")
	c := graphRecord(t, n, jo, "QXG4", "2026-10-02", jisr.Releasability{}, graphPhone, []string{graphLatin, graphArabic}, graphCompany)
	r := storetest.Seizure("QXG5", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	r.Entities = append(r.Entities[:1], jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"40-81295"}, "country": {"JO"}}},
		jisr.Entity{ID: "s1", Schema: "Person", Props: map[string][]string{"name": {"Ziad Tarek Haddad"}, "passportNumber": {"N6861876"}, "nationality": {"JO"}}})
	if err := n.store.CreateRecord(context.Background(), jo, r); err != nil {
		t.Fatal(err)
	}
	after := look()
	for i := range urls {
		if after[i] != before[i] {
			t.Errorf("%s: Jordan's private records changed Iraq's graph:\nbefore %s\nafter  %s", urls[i], before[i], after[i])
		}
		for _, x := range []string{c, r.ID, "QXG4", "QXG5"} {
			if strings.Contains(after[i], x) {
				t.Errorf("%s: %s in Iraq's graph", urls[i], x)
			}
		}
	}
	for _, q := range []string{"40-81295", "N6861876", "Ziad Tarek Haddad"} {
		if r := iq.get("/graph?q=" + url.QueryEscape(q)); r.StatusCode != 200 || !strings.Contains(r.body, `class="empty"`) || strings.Contains(r.body, `id="explorer"`) {
			t.Errorf("%q, held only by Jordan, is a start for Iraq: %d", q, r.StatusCode)
		}
	}
	joC := n.client(t)
	joC.login("jo.analyst")
	for q, want := range map[string]string{"40-81295": "sel:plate:JO:40:81295", "N6861876": "sel:passport:XX:N6861876",
		"Ziad Tarek Haddad": "person:Ziad Tarek Haddad", graphPhone: "sel:phone:&#43;9647705550101"} {
		if r := joC.get("/graph?q=" + url.QueryEscape(q)); !strings.Contains(r.body, `data-start="`+want+`"`) {
			t.Errorf("%q typed as people write it: no start %s in the page", q, want)
		}
	}
}
