package http_test

import (
	"fmt"
	"net/url"
	"testing"

	"github.com/jisr-cell/jisr"
)

// TestPersonsFilterFirstAPI: what /persons answers a caller does not
// change when another agency adds records it may not read under the same
// name (the API side of storetest's PersonsFilterFirst).
func TestPersonsFilterFirstAPI(t *testing.T) {
	n := newNode(t)
	for i := 0; i < 8; i++ {
		n.do(t, "lb.analyst", "POST", "/api/v1/records", seizureJSON(fmt.Sprintf("qxpfill%d", i), jisr.TLPAmber, jisr.Releasability{}), nil)
	}
	const name = "Ahmad Khalil al-Haddad"
	person := func(marker, agency, who string, noHit bool) *jisr.Record {
		r := seizureJSON(marker, jisr.TLPAmber, jisr.Releasability{})
		r.NoHitDisclosure = noHit
		r.Entities = append(r.Entities, jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {who}}})
		return r
	}
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", person("qxpjo", "JO-AND", name, false), nil); code != 201 {
		t.Fatalf("create: %d", code)
	}
	answers := func() map[string]string {
		out := map[string]string{}
		for _, limit := range []string{"1", "5", "20"} {
			path := "/api/v1/persons?name=" + url.QueryEscape(name) + "&limit=" + limit
			code, body := n.raw(t, "jo.analyst", "GET", path, nil)
			if code != 200 {
				t.Fatalf("%s: %d %s", path, code, body)
			}
			out[limit] = string(body)
		}
		return out
	}
	before := answers()
	for i := 0; i < 50; i++ {
		if code := n.do(t, "sa.officer", "POST", "/api/v1/records", person(fmt.Sprintf("qxpsa%d", i), "SA-GDNC", name, i%2 == 0), nil); code != 201 {
			t.Fatalf("create: %d", code)
		}
	}
	after := answers()
	for limit, b := range before {
		if after[limit] != b {
			t.Errorf("limit=%s changed:\nbefore %s\nafter  %s", limit, b, after[limit])
		}
	}
}
