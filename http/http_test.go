package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/sqlite"
	"github.com/jisr-cell/jisr/storetest"
)

type node struct {
	*httptest.Server
	store  *engine.Engine // the node's services
	db     *sqlite.Store
	tokens map[string]string
	srv    *jhttp.Server
}

func newNode(t *testing.T) *node {
	t.Helper()
	s, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	key, err := s.Derive(engine.TOTPKeyInfo, 32)
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s, engine.WithTOTPKey(key))
	t.Cleanup(func() { e.Close() })
	storetest.Seed(t, e)
	srv := jhttp.New(jhttp.Services{Records: e, Users: e, Agencies: e, Audit: e, Hits: e, Persons: e, Search: e, Graph: e, Account: e, Feeds: e}, nil)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	n := &node{Server: ts, store: e, db: s, tokens: map[string]string{}, srv: srv}
	for _, u := range storetest.Users {
		var out jhttp.LoginResponse
		if code := n.do(t, "", "POST", "/api/v1/login", jhttp.LoginRequest{Username: u.Username, Password: storetest.Password}, &out); code != 200 {
			t.Fatalf("login %s: %d", u.Username, code)
		}
		n.tokens[u.Username] = out.Token
	}
	return n
}

// do sends a request as user (or anonymously) and decodes the JSON answer into out.
func (n *node) do(t *testing.T, user, method, path string, body any, out any) int {
	t.Helper()
	code, b := n.raw(t, user, method, path, body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return code
}

func (n *node) raw(t *testing.T, user, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, n.URL+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func seizureJSON(marker string, tlp jisr.TLP, rel jisr.Releasability) *jisr.Record {
	return storetest.Seizure(marker, tlp, jisr.H0, rel)
}

// TestEndpoints is the API leak table: each scenario is a caller, a
// request, the status expected, what the body must contain and what it
// must NOT contain.
func TestEndpoints(t *testing.T) {
	n := newNode(t)
	var private, shared, red jisr.Record
	if code := n.do(t, "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxprivate", jisr.TLPAmber, jisr.Releasability{}), &private); code != 201 {
		t.Fatalf("create: %d", code)
	}
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxshared", jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), &shared)
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxred", jisr.TLPRed, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), &red)
	// TLP:RED to named users (issue 8): lb.analyst only, besides the
	// creator and the originator's liaison officers and supervisors.
	var named jisr.Record
	if code := n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxrednamed", jisr.TLPRed, jisr.Releasability{Agencies: []string{"LB-ISF"}, Users: []string{"lb.analyst"}}), &named); code != 201 {
		t.Fatalf("create named RED: %d", code)
	}
	var strict jisr.Record
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxstrict", jisr.TLPAmberStrict, jisr.Releasability{Agencies: []string{"LB-ISF"}}), &strict)
	code, _ := n.raw(t, "jo.analyst", "POST", "/api/v1/records/"+private.ID+"/attachments?name=photo.jpg", "JPEGDATA")
	if code != 201 {
		t.Fatalf("attach: %d", code)
	}
	// History (issue 8 items 2, 3): sanitised then released; a person marked
	// informant-protected only in the second version.
	var san jisr.Record
	draft := seizureJSON("qxsanitised", jisr.TLPAmber, jisr.Releasability{})
	draft.NarrativeEN += " Source Qxpresanitised met the driver."
	draft.Entities = append(draft.Entities, jisr.Entity{ID: "p7", Schema: "Person", Role: "witness", Props: map[string][]string{"name": {"Haddadlaterprotected"}}})
	n.do(t, "jo.analyst", "POST", "/api/v1/records", draft, &san)
	edit := san
	edit.NarrativeEN = "Customs found pills. Reference qxsanitised."
	edit.Entities = slices.Clone(san.Entities)
	edit.Entities[len(edit.Entities)-1].Role = jisr.RoleProtectedInformant
	if code, b := n.raw(t, "jo.analyst", "PUT", "/api/v1/records/"+san.ID, &edit); code != 200 {
		t.Fatalf("sanitise: %d %s", code, b)
	}
	if code, b := n.raw(t, "jo.liaison", "PUT", "/api/v1/records/"+san.ID+"/releasability", jisr.Releasability{Agencies: []string{"IQ-GDNA"}}); code >= 300 {
		t.Fatalf("release: %d %s", code, b)
	}
	var withAtt jisr.Record
	n.do(t, "jo.analyst", "GET", "/api/v1/records/"+private.ID, nil, &withAtt)
	att := "/api/v1/records/" + private.ID + "/attachments/" + withAtt.Attachments[0].ID

	tests := []struct {
		name, user, method, path string
		body                     any
		status                   int
		want, notWant            []string
	}{
		{"anonymous list", "", "GET", "/api/v1/records", nil, 401, []string{`"code":"unauthorized"`}, []string{"qx"}},
		{"bad token", "nobody", "GET", "/api/v1/records", nil, 401, nil, []string{"qx"}},
		{"owner gets private", "jo.analyst", "GET", "/api/v1/records/" + private.ID, nil, 200, []string{"qxprivate", "photo.jpg"}, nil},
		{"partner cannot get private", "iq.analyst", "GET", "/api/v1/records/" + private.ID, nil, 404, []string{`"code":"not_found"`}, []string{"qxprivate", "photo"}},
		{"partner gets shared", "iq.analyst", "GET", "/api/v1/records/" + shared.ID, nil, 200, []string{"qxshared"}, nil},
		{"RED: partner analyst denied", "iq.analyst", "GET", "/api/v1/records/" + red.ID, nil, 404, nil, []string{"qxred"}},
		{"RED: partner liaison reads", "iq.liaison", "GET", "/api/v1/records/" + red.ID, nil, 200, []string{"qxred"}, nil},
		{"RED named: named partner analyst reads", "lb.analyst", "GET", "/api/v1/records/" + named.ID, nil, 200, []string{"qxrednamed", `"users":["lb.analyst"]`}, nil},
		{"RED named: partner liaison not named", "lb.liaison", "GET", "/api/v1/records/" + named.ID, nil, 404, []string{`"code":"not_found"`}, []string{"qxrednamed"}},
		{"RED named: own analyst not named", "jo.analyst", "GET", "/api/v1/records/" + named.ID, nil, 404, []string{`"code":"not_found"`}, []string{"qxrednamed"}},
		{"RED named: own analyst's list", "jo.analyst", "GET", "/api/v1/records", nil, 200, []string{"qxprivate"}, []string{"qxrednamed", named.ID}},
		{"RED named: own analyst's search", "jo.analyst", "GET", "/api/v1/records?q=qxrednamed", nil, 200, []string{`"items":[]`}, []string{"qxrednamed"}},
		{"RED named: named receiver does not export", "lb.analyst", "GET", "/api/v1/export", nil, 200, nil, []string{"qxrednamed", named.ID}},
		{"RED named: a user of an agency not released to", "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxrednamedbad", jisr.TLPRed, jisr.Releasability{Agencies: []string{"LB-ISF"}, Users: []string{"sa.officer"}}), 400, []string{`"field":"releasability.users[0]"`}, nil},
		{"partner list", "iq.analyst", "GET", "/api/v1/records", nil, 200, []string{"qxshared"}, []string{"qxprivate", "qxred", private.ID, red.ID}},
		{"partner search private word", "iq.analyst", "GET", "/api/v1/records?q=qxprivate", nil, 200, []string{`"items":[]`}, []string{"qxprivate"}},
		{"other agency list", "sa.officer", "GET", "/api/v1/records", nil, 200, []string{`"items":[]`}, []string{"qx"}},
		{"other agency stats", "sa.officer", "GET", "/api/v1/stats", nil, 200, []string{`"seizures":0`, `"pills":0`}, []string{"JO"}},
		{"partner stats count only shared", "iq.analyst", "GET", "/api/v1/stats", nil, 200, []string{`"seizures":2,`}, nil},
		{"partner history denied", "iq.analyst", "GET", "/api/v1/records/" + private.ID + "/history", nil, 404, nil, []string{"qxprivate"}},
		{"partner attachment denied", "iq.analyst", "GET", att, nil, 404, nil, []string{"JPEGDATA"}},
		{"owner attachment", "jo.analyst", "GET", att, nil, 200, []string{"JPEGDATA"}, nil},
		{"history: partner sees only released versions", "iq.analyst", "GET", "/api/v1/records/" + san.ID + "/history", nil, 200, []string{"qxsanitised"}, []string{"Qxpresanitised", "Haddadlaterprotected"}},
		{"history: originator sees every version", "jo.analyst", "GET", "/api/v1/records/" + san.ID + "/history", nil, 200, []string{"Qxpresanitised", "Haddadlaterprotected"}, nil},
		{"partner export", "iq.analyst", "GET", "/api/v1/export", nil, 200, []string{"qxshared", `"caveats":["H0:`, "Third-party rule: provided by JO-AND to IQ-GDNA"}, []string{"qxprivate", "qxred"}},
		{"RED: partner liaison reads but does not export", "iq.liaison", "GET", "/api/v1/export", nil, 200, []string{"qxshared"}, []string{"qxred", red.ID}},
		{"AMBER+STRICT: partner does not export", "lb.analyst", "GET", "/api/v1/export", nil, 200, nil, []string{"qxstrict", strict.ID}},
		{"originator exports its RED record with caveats", "jo.analyst", "GET", "/api/v1/export", nil, 200, []string{"qxred", "TLP:RED: named recipients only."}, []string{"Third-party rule"}},
		{"partner export (stix)", "iq.analyst", "GET", "/api/v1/export?format=stix", nil, 200, []string{"qxshared", "Third-party rule: provided by JO-AND to IQ-GDNA", `"type":"report"`, "marking-definition--"}, []string{"qxprivate", "qxred"}},
		{"partner export (misp)", "iq.analyst", "GET", "/api/v1/export?format=misp", nil, 200, []string{"qxshared", "Third-party rule: provided by JO-AND to IQ-GDNA", `"tlp:`}, []string{"qxprivate", "qxred"}},
		{"partner export (ftm)", "iq.analyst", "GET", "/api/v1/export?format=ftm", nil, 200, []string{"qxshared", `"schema":"Document"`}, []string{"qxprivate", "qxred"}},
		{"RED: partner liaison does not export (stix)", "iq.liaison", "GET", "/api/v1/export?format=stix", nil, 200, []string{"qxshared"}, []string{"qxred", red.ID}},
		{"RED: partner liaison does not export (misp)", "iq.liaison", "GET", "/api/v1/export?format=misp", nil, 200, []string{"qxshared"}, []string{"qxred", red.ID}},
		{"RED: partner liaison does not export (ftm)", "iq.liaison", "GET", "/api/v1/export?format=ftm", nil, 200, []string{"qxshared"}, []string{"qxred", red.ID}},
		{"AMBER+STRICT: partner does not export (stix)", "lb.analyst", "GET", "/api/v1/export?format=stix", nil, 200, nil, []string{"qxstrict", strict.ID}},
		{"AMBER+STRICT: partner does not export (misp)", "lb.analyst", "GET", "/api/v1/export?format=misp", nil, 200, nil, []string{"qxstrict", strict.ID}},
		{"RED named: named receiver does not export (ftm)", "lb.analyst", "GET", "/api/v1/export?format=ftm", nil, 200, nil, []string{"qxrednamed", named.ID}},
		{"other agency's stix export holds nothing", "sa.officer", "GET", "/api/v1/export?format=stix", nil, 200, []string{`"type":"bundle"`}, []string{"qx", "report--", "identity--", "objects"}},
		{"originator exports its RED record (stix)", "jo.analyst", "GET", "/api/v1/export?format=stix", nil, 200, []string{"qxred", "TLP:RED: named recipients only.", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"}, []string{"Third-party rule"}},
		{"unknown export format", "jo.analyst", "GET", "/api/v1/export?format=pdf", nil, 400, []string{`"field":"format"`}, nil},
		{"ids export of reports", "jo.analyst", "GET", "/api/v1/export?format=ids&kind=report", nil, 400, []string{`"field":"kind"`}, nil},
		{"admin sees no records", "jo.admin", "GET", "/api/v1/records", nil, 200, []string{`"items":[]`}, []string{"qx"}},
		{"auditor sees no records", "jo.auditor", "GET", "/api/v1/records/" + private.ID, nil, 404, nil, []string{"qxprivate"}},
		{"partner cannot update", "iq.analyst", "PUT", "/api/v1/records/" + shared.ID, withVersion(shared, 1), 403, nil, nil},
		{"analyst cannot widen by a full update", "jo.analyst", "PUT", "/api/v1/records/" + private.ID, withMarkings(private, jisr.TLPGreen, jisr.Releasability{Community: true}), 403, []string{`"field":"releasability"`}, nil},
		{"analyst cannot release by TLP:CLEAR", "jo.analyst", "PUT", "/api/v1/records/" + private.ID, withMarkings(private, jisr.TLPClear, jisr.Releasability{}), 403, nil, nil},
		{"analyst cannot change the TLP of a released record", "jo.analyst", "PUT", "/api/v1/records/" + shared.ID, withMarkings(shared, jisr.TLPRed, shared.Releasability), 403, nil, nil},
		{"analyst cannot create a released record", "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxanalystrel", jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), 403, []string{`"field":"releasability"`}, nil},
		{"officer cannot create a community record", "sa.officer", "POST", "/api/v1/records", seizureJSON("qxofficerrel", jisr.TLPGreen, jisr.Releasability{Community: true}), 403, nil, nil},
		{"analyst creates for the agency at any TLP", "jo.analyst", "POST", "/api/v1/records", seizureJSON("qxanalystred", jisr.TLPRed, jisr.Releasability{}), 201, nil, nil},
		{"analyst cannot release", "jo.analyst", "PUT", "/api/v1/records/" + private.ID + "/releasability", jisr.Releasability{Community: true}, 403, nil, nil},
		{"refused widening left the record private", "iq.analyst", "GET", "/api/v1/records/" + private.ID, nil, 404, nil, []string{"qxprivate"}},
		{"partner cannot release", "iq.liaison", "PUT", "/api/v1/records/" + shared.ID + "/releasability", jisr.Releasability{Community: true}, 403, nil, nil},
		{"analyst cannot read audit", "jo.analyst", "GET", "/api/v1/audit", nil, 403, nil, nil},
		{"auditor reads who saw", "jo.auditor", "GET", "/api/v1/audit?object=" + private.ID, nil, 200, []string{"iq.analyst", "record.read", "denied"}, nil},
		{"unknown field", "jo.analyst", "POST", "/api/v1/records", `{"kind":"seizure","colour":"red"}`, 400, []string{`"field":"colour"`}, nil},
		{"wrong type", "jo.analyst", "POST", "/api/v1/records", `{"kind":"seizure","grading":{"source":"B","information":"two"}}`, 400, []string{`"field":"grading.information"`}, nil},
		{"broken JSON", "jo.analyst", "POST", "/api/v1/records", `{"kind":`, 400, []string{`"field":"body"`}, nil},
		{"invalid record names field", "jo.analyst", "POST", "/api/v1/records", withTLP(seizureJSON("qxbad", "AMBERISH", jisr.Releasability{})), 400, []string{`"field":"tlp"`}, nil},
		{"bad limit", "jo.analyst", "GET", "/api/v1/records?limit=100000", nil, 400, []string{`"field":"limit"`}, nil},
		{"bad date filter", "jo.analyst", "GET", "/api/v1/records?from=last+week", nil, 400, []string{`"field":"from"`}, nil},
		{"stale version", "jo.analyst", "PUT", "/api/v1/records/" + shared.ID, withVersion(shared, 7), 409, []string{`"field":"version"`}, nil},
		{"unknown endpoint", "jo.analyst", "GET", "/api/v1/nothing", nil, 404, nil, nil},
		{"schemas", "jo.analyst", "GET", "/api/v1/schemas", nil, 200, []string{"DrugQuantity", "fruit-pomegranates", "JO-JABER"}, nil},
		{"me", "iq.liaison", "GET", "/api/v1/me", nil, 200, []string{`"agency":"IQ-GDNA"`, `"country":"IQ"`}, []string{"password"}},
		{"users for supervisor-less analyst", "jo.analyst", "GET", "/api/v1/users", nil, 403, nil, nil},
		{"admin lists users without hashes", "jo.admin", "GET", "/api/v1/users", nil, 200, []string{"jo.analyst"}, []string{"argon2", "password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := n.raw(t, tt.user, tt.method, tt.path, tt.body)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %s", code, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("body lacks %q: %s", w, body)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(body), w) {
					t.Errorf("body must not contain %q: %s", w, body)
				}
			}
			if code >= 400 && !strings.Contains(string(body), `"message"`) {
				t.Errorf("error without message: %s", body)
			}
		})
	}
	hiddenHits(t, n)
}

// hiddenHits is the hits part of the API leak table: Jordan's record asked
// for no hit disclosure and Iraq's record holds the same phone. For every
// user but Jordan's readers, the hit is exactly as absent as a hit that
// does not exist: answering it gives the same status and body as a random
// ref, and no list shows it.
func hiddenHits(t *testing.T, n *node) {
	var quiet, matcher jisr.Record
	r := seizureJSON("qxquiet", jisr.TLPAmber, jisr.Releasability{})
	r.NoHitDisclosure = true
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"079 555 0101"}}})
	n.do(t, "jo.analyst", "POST", "/api/v1/records", r, &quiet)
	r = seizureJSON("qxmatcher", jisr.TLPAmber, jisr.Releasability{})
	r.NarrativeEN += " The driver called 00962795550101."
	n.do(t, "iq.analyst", "POST", "/api/v1/records", r, &matcher)
	var inbox jhttp.List[jisr.Hit]
	n.do(t, "jo.analyst", "GET", "/api/v1/hits?limit=200", nil, &inbox)
	hidden := ""
	for _, h := range inbox.Items {
		if h.Record == quiet.ID && h.Rule == jisr.RuleSelector {
			hidden = h.ID
		}
	}
	if len(hidden) != 32 {
		t.Fatalf("hit on the quiet record: %q in %+v", hidden, inbox.Items)
	}
	absent := "0123456789abcdef0123456789abcdef"
	for _, u := range storetest.Users {
		if u.Agency == "JO-AND" && (u.Role == jisr.RoleAnalyst || u.Role == jisr.RoleLiaison) {
			continue
		}
		t.Run("hidden hit/"+u.Username, func(t *testing.T) {
			for _, body := range []string{`{"release":true}`, `{"release":false}`} {
				c1, b1 := n.raw(t, u.Username, "POST", "/api/v1/hits/"+hidden+"/answer", body)
				c2, b2 := n.raw(t, u.Username, "POST", "/api/v1/hits/"+absent+"/answer", body)
				if c1 != 404 || c1 != c2 || !bytes.Equal(b1, b2) {
					t.Errorf("answer %s: hidden hit %d %s; absent hit %d %s", body, c1, b1, c2, b2)
				}
			}
			for _, path := range []string{"/api/v1/hits?limit=200", "/api/v1/records/" + matcher.ID + "/hits",
				"/api/v1/hits?agency=JO-AND", "/api/v1/hits?status=pending&kind=selector", "/api/v1/hits?strength=strong",
				"/api/v1/hits/groups", "/api/v1/hits/groups?agency=JO-AND", "/api/v1/hits/groups?group=sel%3Aphone%3A%2B962795550101",
				"/api/v1/hits?group=sel%3Aphone%3A%2B962795550101", "/api/v1/hits?group=rec%3A" + quiet.ID + "%3Aselector"} {
				if _, b := n.raw(t, u.Username, "GET", path, nil); bytes.Contains(b, []byte(hidden)) || bytes.Contains(b, []byte(quiet.ID)) {
					t.Errorf("%s shows the hidden hit: %s", path, b)
				}
				// Not even a count: a group of the hidden hit is no group.
				if _, b := n.raw(t, u.Username, "GET", path, nil); strings.Contains(path, "groups") && bytes.Contains(b, []byte("962795550101")) {
					t.Errorf("%s counts the hidden hit: %s", path, b)
				}
			}
			if c, b := n.raw(t, u.Username, "GET", "/api/v1/records/"+quiet.ID+"/hits", nil); c != 404 || bytes.Contains(b, []byte(hidden)) {
				t.Errorf("hits of the quiet record: %d %s", c, b)
			}
		})
	}
	if _, b := n.raw(t, "iq.liaison", "GET", "/api/v1/records/"+quiet.ID, nil); !bytes.Contains(b, []byte(`"not_found"`)) {
		t.Errorf("the quiet record went to the agency that matched it: %s", b)
	}
}

func withVersion(r jisr.Record, v int) *jisr.Record { r.Version = v; return &r }
func withMarkings(r jisr.Record, tlp jisr.TLP, rel jisr.Releasability) *jisr.Record {
	r.TLP, r.Releasability = tlp, rel
	return &r
}
func withTLP(r *jisr.Record) *jisr.Record { return r }

func TestLoginErrors(t *testing.T) {
	n := newNode(t)
	tests := []struct {
		body   string
		status int
		want   string
	}{
		{`{"username":"jo.analyst","password":"nope nope nope"}`, 401, `"code":"unauthorized"`},
		{`{"username":"jo.analyst"}`, 400, `"field":"password"`},
		{`{"password":"x"}`, 400, `"field":"username"`},
		{`not json`, 400, `"field":"body"`},
	}
	for _, tt := range tests {
		code, body := n.raw(t, "", "POST", "/api/v1/login", tt.body)
		if code != tt.status || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %d %s", tt.body, code, body)
		}
	}
	for i := 0; i < 6; i++ {
		n.raw(t, "", "POST", "/api/v1/login", `{"username":"lb.analyst","password":"wrong password `+string(rune('a'+i))+`"}`)
	}
	if code, body := n.raw(t, "", "POST", "/api/v1/login", `{"username":"lb.analyst","password":"`+storetest.Password+`"}`); code != 429 {
		t.Errorf("throttle: %d %s", code, body)
	}
	// Logout revokes the token.
	if code := n.do(t, "iq.analyst", "POST", "/api/v1/logout", nil, nil); code != 204 {
		t.Fatalf("logout %d", code)
	}
	if code, _ := n.raw(t, "iq.analyst", "GET", "/api/v1/records", nil); code != 401 {
		t.Fatalf("revoked token: %d", code)
	}
}

func TestReleaseFlow(t *testing.T) {
	n := newNode(t)
	var r jisr.Record
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxflow", jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), &r)
	var rr jisr.ReleaseRequest
	if code := n.do(t, "iq.liaison", "POST", "/api/v1/records/"+r.ID+"/release-requests", jhttp.ReleaseRequestBody{Wanted: jisr.Releasability{Countries: []string{"IQ"}}, Reason: "Kurdistan holds the truck"}, &rr); code != 201 {
		t.Fatalf("request: %d", code)
	}
	var inbox jhttp.List[jisr.ReleaseRequest]
	n.do(t, "jo.liaison", "GET", "/api/v1/release-requests", nil, &inbox)
	if len(inbox.Items) != 1 || inbox.Items[0].Status != "pending" {
		t.Fatalf("inbox %+v", inbox)
	}
	if code, _ := n.raw(t, "krsc.analyst", "GET", "/api/v1/records/"+r.ID, nil); code != 404 {
		t.Fatal("visible before release")
	}
	if code, b := n.raw(t, "jo.liaison", "POST", "/api/v1/release-requests/"+rr.ID+"/answer", `{"answer":"ok"}`); code != 400 || !strings.Contains(string(b), `"field":"accept"`) {
		t.Fatalf("answer without accept: %d %s", code, b)
	}
	if code := n.do(t, "jo.liaison", "POST", "/api/v1/release-requests/"+rr.ID+"/answer", map[string]any{"accept": true, "answer": "granted"}, nil); code != 204 {
		t.Fatalf("answer: %d", code)
	}
	if code, _ := n.raw(t, "krsc.analyst", "GET", "/api/v1/records/"+r.ID, nil); code != 200 {
		t.Fatal("not visible after release")
	}
}

func itoa(i int64) string { b, _ := json.Marshal(i); return string(b) }

// TestOpenAPI keeps the document true: every route is documented and
// every documented path is served.
func TestOpenAPI(t *testing.T) {
	n := newNode(t)
	code, body := n.raw(t, "", "GET", "/api/v1/openapi.json", nil)
	if code != 200 {
		t.Fatal(code)
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	served := n.srv.Patterns()
	for _, p := range served {
		if !slices.Contains(documented, p) {
			t.Errorf("route %q is not in openapi.json", p)
		}
	}
	for _, d := range documented {
		if !slices.Contains(served, d) {
			t.Errorf("openapi.json documents %q, which is not served", d)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	n := newNode(t)
	if code, b := n.raw(t, "", "GET", "/healthz", nil); code != 200 || !strings.Contains(string(b), "ok") {
		t.Fatalf("healthz %d %s", code, b)
	}
	n.raw(t, "jo.analyst", "GET", "/api/v1/records", nil)
	code, b := n.raw(t, "", "GET", "/metrics", nil)
	if code != 200 || !strings.Contains(string(b), `jisr_http_requests_total{code="200",route="GET /api/v1/records"}`) {
		t.Fatalf("metrics %d %s", code, b)
	}
}

func TestErrorStatusTable(t *testing.T) {
	for code, want := range map[string]int{jisr.EINVALID: 400, jisr.EUNAUTHORIZED: 401, jisr.EFORBIDDEN: 403, jisr.ENOTFOUND: 404, jisr.ECONFLICT: 409, jisr.ERATELIMIT: 429, jisr.EINTERNAL: 500, jisr.ESTORAGEFULL: 507, jisr.EMETHOD: 405} {
		if got := jhttp.Status(&jisr.Error{Code: code}); got != want {
			t.Errorf("%s → %d, want %d", code, got, want)
		}
	}
	if got := jhttp.Status(io.EOF); got != 500 {
		t.Errorf("foreign error → %d", got)
	}
}

func TestHitsAPI(t *testing.T) {
	n := newNode(t)
	var jo, iq jisr.Record
	r := seizureJSON("qxhitjo", jisr.TLPAmber, jisr.Releasability{})
	r.Entities = append(r.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU 305438-3"}}})
	n.do(t, "jo.analyst", "POST", "/api/v1/records", r, &jo)
	r = seizureJSON("qxhitiq", jisr.TLPAmber, jisr.Releasability{})
	r.NarrativeEN = "Container CSQU3054383 was unloaded at Umm Qasr."
	n.do(t, "iq.analyst", "POST", "/api/v1/records", r, &iq)

	code, body := n.raw(t, "iq.analyst", "GET", "/api/v1/records/"+iq.ID+"/hits", nil)
	if code != 200 || !strings.Contains(string(body), `"disclosure":"blind"`) || !strings.Contains(string(body), `"agency":"JO-AND"`) || !strings.Contains(string(body), "CSQU3054383") {
		t.Fatalf("blind hit: %d %s", code, body)
	}
	// The blind row says why, from Iraq's side (issue 11).
	if !strings.Contains(string(body), `"reason":{"key":"selector"}`) {
		t.Errorf("blind hit without its reason: %s", body)
	}
	for _, secret := range []string{jo.ID, "qxhitjo", "CSQU 305438-3"} {
		if strings.Contains(string(body), secret) {
			t.Fatalf("blind hit reveals %q: %s", secret, body)
		}
	}
	var inbox jhttp.List[jisr.Hit]
	n.do(t, "jo.liaison", "GET", "/api/v1/hits", nil, &inbox)
	if len(inbox.Items) != 1 || inbox.Items[0].Other.Agency != "IQ-GDNA" {
		t.Fatalf("owner's inbox: %+v", inbox)
	}
	hid := inbox.Items[0].ID
	if code, b := n.raw(t, "jo.liaison", "POST", "/api/v1/hits/"+hid+"/answer", `{}`); code != 400 || !strings.Contains(string(b), `"field":"release"`) {
		t.Fatalf("answer without release: %d %s", code, b)
	}
	if code, _ := n.raw(t, "sa.officer", "POST", "/api/v1/hits/"+hid+"/answer", `{"release":true}`); code != 404 {
		t.Fatalf("other agency answered: %d", code)
	}
	// Released from many connections at once, the hit takes one answer;
	// the others are conflicts (mixed answers: storetest AnswerRace).
	codes := make([]int, 20)
	bodies := make([][]byte, 20)
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], bodies[i] = n.raw(t, "jo.liaison", "POST", "/api/v1/hits/"+hid+"/answer", `{"release":true}`)
		}()
	}
	wg.Wait()
	done := 0
	for i, c := range codes {
		switch {
		case c == 204:
			done++
		case c != 409 || !strings.Contains(string(bodies[i]), `"code":"conflict"`):
			t.Errorf("concurrent answer: %d %s", c, bodies[i])
		}
	}
	if done != 1 {
		t.Fatalf("%d concurrent answers applied, want 1", done)
	}
	code, body = n.raw(t, "iq.analyst", "GET", "/api/v1/records/"+iq.ID+"/hits", nil)
	if code != 200 || !strings.Contains(string(body), jo.ID) || !strings.Contains(string(body), `"disclosure":"full"`) {
		t.Fatalf("after release: %s", body)
	}
	code, body = n.raw(t, "iq.analyst", "POST", "/api/v1/extract", `{"text":"هاتف السائق ٠٧٧٠١٢٣٤٥٦٧"}`)
	if code != 200 || !strings.Contains(string(body), "+9647701234567") {
		t.Fatalf("extract: %d %s", code, body)
	}
}

func TestGraphAPI(t *testing.T) {
	n := newNode(t)
	var shared, private jisr.Record
	r := seizureJSON("qxgshared", jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	r.Entities = append(r.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU3054383"}}})
	n.do(t, "jo.liaison", "POST", "/api/v1/records", r, &shared)
	r = seizureJSON("qxgprivate", jisr.TLPAmber, jisr.Releasability{})
	r.Entities = append(r.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {"CSQU3054383"}}})
	n.do(t, "jo.analyst", "POST", "/api/v1/records", r, &private)
	code, body := n.raw(t, "iq.analyst", "GET", "/api/v1/graph/neighbours?node=sel:container:CSQU3054383", nil)
	if code != 200 || !strings.Contains(string(body), shared.ID) || strings.Contains(string(body), private.ID) || strings.Contains(string(body), "qxgprivate") {
		t.Fatalf("neighbours: %d %s", code, body)
	}
	if code, body := n.raw(t, "jo.analyst", "GET", "/api/v1/graph/path?from=record:"+shared.ID+"&to=record:"+private.ID, nil); code != 200 || !strings.Contains(string(body), "sel:container:CSQU3054383") {
		t.Fatalf("path for the owner: %d %s", code, body)
	}
	if code, _ := n.raw(t, "iq.analyst", "GET", "/api/v1/graph/path?from=record:"+shared.ID+"&to=record:"+private.ID, nil); code != 404 {
		t.Fatalf("path to an invisible record: %d", code)
	}
	if code, body := n.raw(t, "iq.analyst", "GET", "/api/v1/graph/path?from=record:"+shared.ID, nil); code != 400 || !strings.Contains(string(body), `"field":"to"`) {
		t.Fatalf("path without to: %d %s", code, body)
	}
}
