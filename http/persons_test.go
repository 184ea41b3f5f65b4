package http_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
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

// TestSearchFilterFirstAPI: /search and /persons/groups answer a caller
// the same — results, totals, pages — whether or not another agency holds
// records it may not read under the same names and words (the API side of
// storetest's SearchFilterFirst), and the other agency's records never
// appear.
func TestSearchFilterFirstAPI(t *testing.T) {
	n := newNode(t)
	person := func(marker, who, narrative string) *jisr.Record {
		r := seizureJSON(marker, jisr.TLPAmber, jisr.Releasability{})
		if narrative != "" {
			r.NarrativeEN = narrative
		}
		r.Entities = append(r.Entities, jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {who}}})
		return r
	}
	for i, who := range []string{"علي حسين الجبوري", "Ali Hussein al-Jubouri", "Kassem Juburi"} {
		if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", person(fmt.Sprintf("qxsjo%d", i), who, ""), nil); code != 201 {
			t.Fatalf("create: %d", code)
		}
	}
	answers := func() map[string]string {
		out := map[string]string{}
		for _, q := range []string{"الجبوري", "al-Jubouri", "Jbouri"} {
			for _, path := range []string{
				"/api/v1/search?q=" + url.QueryEscape(q) + "&limit=2",
				"/api/v1/search?sort=date&q=" + url.QueryEscape(q),
				"/api/v1/persons/groups?name=" + url.QueryEscape(q) + "&limit=1",
				"/api/v1/persons/groups?min_score=0.9&name=" + url.QueryEscape(q),
			} {
				code, body := n.raw(t, "jo.analyst", "GET", path, nil)
				if code != 200 {
					t.Fatalf("%s: %d %s", path, code, body)
				}
				// Cursors are sealed afresh each time; compare the rest.
				out[path] = cursorRE.ReplaceAllString(string(body), `"next":"…"`)
			}
		}
		return out
	}
	before := answers()
	if !strings.Contains(before["/api/v1/search?sort=date&q="+url.QueryEscape("Jbouri")], `"total":3`) {
		t.Fatalf("own records not all found: %s", before["/api/v1/search?sort=date&q="+url.QueryEscape("Jbouri")])
	}
	for i := 0; i < 30; i++ {
		r := person(fmt.Sprintf("qxssa%d", i), []string{"Ali Hussein al-Jubouri", "محمد الجبوري", "Kassem Juburi"}[i%3], "Driver Jbouri, al-Jubouri.")
		r.NoHitDisclosure = i%2 == 0
		if code := n.do(t, "sa.officer", "POST", "/api/v1/records", r, nil); code != 201 {
			t.Fatalf("create: %d", code)
		}
	}
	after := answers()
	for path, b := range before {
		if after[path] != b {
			t.Errorf("%s changed:\nbefore %s\nafter  %s", path, b, after[path])
		}
		if strings.Contains(after[path], "SA-GDNC") {
			t.Errorf("%s shows Saudi Arabia's records: %s", path, after[path])
		}
	}
	if code, body := n.raw(t, "jo.analyst", "GET", "/api/v1/search?q=x&sort=size", nil); code != 400 || !strings.Contains(string(body), "sort") {
		t.Errorf("bad sort: %d %s", code, body)
	}
}

var cursorRE = regexp.MustCompile(`"next":"[^"]*"`)

// TestProfileFilterFirstAPI: /profiles answers a caller the same records,
// spellings and linked identifiers whether or not another agency holds
// records it may not read with the same phone and name; hits on those name
// the agency only.
func TestProfileFilterFirstAPI(t *testing.T) {
	n := newNode(t)
	rec := func(marker, who string, noHit bool) *jisr.Record {
		r := seizureJSON(marker, jisr.TLPAmber, jisr.Releasability{})
		r.NoHitDisclosure = noHit
		r.Entities = append(r.Entities, jisr.Entity{ID: "s1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {who}}},
			jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+964 780 726 9252"}}})
		return r
	}
	for i, who := range []string{"علي حسين الجبوري", "Ali Hussein al-Jubouri"} {
		if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", rec(fmt.Sprintf("qxpjo%d", i), who, false), nil); code != 201 {
			t.Fatalf("create: %d", code)
		}
	}
	paths := []string{"/api/v1/profiles?type=phone&value=" + url.QueryEscape("+964 780 726 9252"),
		"/api/v1/profiles?type=person&value=" + url.QueryEscape("Ali Hussein al-Jubouri")}
	get := func(who, path string) jisr.Profile {
		var pr jisr.Profile
		code, body := n.raw(t, who, "GET", path, nil)
		if code != 200 {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		if err := json.Unmarshal(body, &pr); err != nil {
			t.Fatal(err)
		}
		return pr
	}
	strip := func(pr jisr.Profile) string { pr.Hits = nil; b, _ := json.Marshal(pr); return string(b) }
	before := map[string]string{}
	for _, p := range paths {
		pr := get("jo.analyst", p)
		if len(pr.Mentions) != 2 {
			t.Fatalf("%s: %d mentions, want 2", p, len(pr.Mentions))
		}
		before[p] = strip(pr)
	}
	for i := 0; i < 4; i++ {
		if code := n.do(t, "sa.officer", "POST", "/api/v1/records", rec(fmt.Sprintf("qxpsa%d", i), "Ali Hussein al-Jubouri", i%2 == 0), nil); code != 201 {
			t.Fatalf("create: %d", code)
		}
	}
	for _, p := range paths {
		pr := get("jo.analyst", p)
		if strip(pr) != before[p] {
			t.Errorf("%s changed:\nbefore %s\nafter  %s", p, before[p], strip(pr))
		}
		for _, h := range pr.Hits {
			if h.Other.Agency == "SA-GDNC" && (h.Other.Disclosure != jisr.DisclosureBlind || h.Other.RecordID != "" || h.Other.Title != "") {
				t.Errorf("%s: hit discloses Saudi Arabia's record: %+v", p, h)
			}
		}
		for _, m := range get("sa.officer", p).Mentions {
			if m.Originator != "SA-GDNC" {
				t.Errorf("%s: Saudi Arabia sees %s's record", p, m.Originator)
			}
		}
	}
}

// TestInvalidReasonAPI: invalid input names its field, the reason key and
// its parameters, so a client can say it in its own language.
func TestInvalidReasonAPI(t *testing.T) {
	n := newNode(t)
	r := seizureJSON("qxreason", jisr.TLPAmber, jisr.Releasability{})
	lat := 95.0
	r.Place.Lat, r.Place.Lon = &lat, &lat
	code, body := n.raw(t, "jo.analyst", "POST", "/api/v1/records", r)
	var e struct {
		Code, Field, Reason string
		Params              []string
	}
	json.Unmarshal(body, &e)
	if code != 400 || e.Field != "place.lat" || e.Reason != "between" || len(e.Params) != 2 || e.Params[0] != "-90" {
		t.Errorf("latitude 95: %d %s", code, body)
	}
}

// TestRefusalReasonAPI (issue 12, forms): a body that is not JSON, a
// refusal and a conflict also carry their reason key and parameters
// beside the code, field and English message (which stay as they were).
func TestRefusalReasonAPI(t *testing.T) {
	n := newNode(t)
	type body struct {
		Code, Message, Field, Reason string
		Params                       []string
	}
	check := func(name string, status int, b []byte, wantStatus int, want body) {
		t.Helper()
		var e body
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %v in %s", name, err, b)
		}
		if status != wantStatus || e.Code != want.Code || e.Reason != want.Reason || e.Field != want.Field ||
			strings.Join(e.Params, "|") != strings.Join(want.Params, "|") || e.Message == "" {
			t.Errorf("%s: %d %s", name, status, b)
		}
	}
	code, b := n.raw(t, "jo.analyst", "POST", "/api/v1/records", `{"title": "x"`)
	check("truncated JSON", code, b, 400, body{Code: "invalid", Field: "body", Reason: "json_eof"})
	code, b = n.raw(t, "jo.analyst", "POST", "/api/v1/records", `{"title": "x", "colour": 1}`)
	check("unknown field", code, b, 400, body{Code: "invalid", Field: "colour", Reason: "json_unknown_field"})
	code, b = n.raw(t, "jo.analyst", "GET", "/api/v1/users", nil)
	check("listing users", code, b, 403, body{Code: "forbidden", Reason: "f_list_users"})
	var rec jisr.Record
	if c := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxconflict", jisr.TLPAmber, jisr.Releasability{}), &rec); c != 201 {
		t.Fatalf("create: %d", c)
	}
	stale := rec
	stale.Version = rec.Version + 7
	code, b = n.raw(t, "jo.analyst", "PUT", "/api/v1/records/"+rec.ID, &stale)
	check("stale version", code, b, 409, body{Code: "conflict", Field: "version", Reason: "c_version", Params: []string{strconv.Itoa(rec.Version)}})
}
