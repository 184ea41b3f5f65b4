package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// taxiiGet sends a TAXII request with a bearer token (user), Basic
// credentials (basic: "name:password") or nothing.
func (n *node) taxiiGet(t *testing.T, user, basic, path string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", n.URL+path, nil)
	req.Header.Set("Accept", "application/taxii+json;version=2.1")
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	if name, pw, ok := strings.Cut(basic, ":"); ok {
		req.SetBasicAuth(name, pw)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

type taxiiCollections struct {
	Collections []struct {
		ID, Title string
		CanRead   bool `json:"can_read"`
	}
}

// TestTAXII: discovery, API root, collections, objects and manifest over
// bearer and Basic authentication; each caller's collections hold only
// what it reads and may pass on (leak table: another agency sees nothing
// of the rest, not even a count or a collection id); pages and
// added_after; every page is an audited export.
func TestTAXII(t *testing.T) {
	n := newNode(t)
	mk := func(user, marker string, tlp jisr.TLP, h jisr.Handling, rel jisr.Releasability) jisr.Record {
		r := seizureJSON(marker, tlp, rel)
		r.Handling = h
		var out jisr.Record
		if code, b := n.raw(t, user, "POST", "/api/v1/records", r); code != 201 {
			t.Fatalf("create %s: %d %s", marker, code, b)
		} else {
			json.Unmarshal(b, &out)
		}
		return out
	}
	toIQ := jisr.Releasability{Agencies: []string{"IQ-GDNA"}}
	private := mk("jo.analyst", "qxtaxiiprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	shared := mk("jo.liaison", "qxtaxiishared", jisr.TLPAmber, jisr.H0, toIQ)
	red := mk("jo.liaison", "qxtaxiired", jisr.TLPRed, jisr.H0, toIQ)
	strict := mk("jo.liaison", "qxtaxiistrict", jisr.TLPAmberStrict, jisr.H0, toIQ)
	h2 := mk("jo.liaison", "qxtaxiihtwo", jisr.TLPAmber, jisr.H2, toIQ)
	mk("jo.liaison", "qxtaxiiextra", jisr.TLPAmber, jisr.H1, toIQ)
	mk("jo.liaison", "qxtaxiicommunity", jisr.TLPGreen, jisr.H0, jisr.Releasability{Community: true})

	code, hdr, b := n.taxiiGet(t, "iq.analyst", "", "/taxii2/")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/taxii+json") || !strings.Contains(string(b), `"api_roots":["/taxii2/api/"]`) {
		t.Fatalf("discovery: %d %s %s", code, hdr.Get("Content-Type"), b)
	}
	if code, _, b := n.taxiiGet(t, "iq.analyst", "", "/taxii2/api/"); code != 200 || !strings.Contains(string(b), "application/taxii+json;version=2.1") {
		t.Fatalf("api root: %d %s", code, b)
	}
	// everything reads every object of every collection of a caller.
	everything := func(user, basic string) (string, []string) {
		code, _, b := n.taxiiGet(t, user, basic, "/taxii2/api/collections/")
		if code != 200 {
			t.Fatalf("%s%s collections: %d %s", user, basic, code, b)
		}
		var cs taxiiCollections
		json.Unmarshal(b, &cs)
		all := string(b)
		var ids []string
		for _, c := range cs.Collections {
			ids = append(ids, c.ID)
			next := ""
			for i := 0; ; i++ {
				path := "/taxii2/api/collections/" + c.ID + "/objects/?limit=2"
				if next != "" {
					path += "&next=" + next
				}
				code, _, b := n.taxiiGet(t, user, basic, path)
				if code != 200 {
					t.Fatalf("%s objects of %s: %d %s", user, c.Title, code, b)
				}
				all += string(b)
				var env struct {
					More bool
					Next string
				}
				json.Unmarshal(b, &env)
				if !env.More {
					break
				}
				next = env.Next
				if i > 20 {
					t.Fatal("pages never end")
				}
			}
			code, _, b := n.taxiiGet(t, user, basic, "/taxii2/api/collections/"+c.ID+"/manifest/")
			if code != 200 {
				t.Fatalf("manifest: %d %s", code, b)
			}
			all += string(b)
		}
		return all, ids
	}
	iqAll, iqIDs := everything("iq.analyst", "")
	for _, w := range []string{"qxtaxiishared", "qxtaxiiextra", "qxtaxiicommunity", "Third-party rule", `"type":"report"`, `"media_type":"application/stix+json;version=2.1"`} {
		if !strings.Contains(iqAll, w) {
			t.Errorf("iq.analyst's collections lack %s", w)
		}
	}
	for _, nw := range []string{"qxtaxiiprivate", "qxtaxiired", "qxtaxiistrict", "qxtaxiihtwo", private.ID, red.ID, strict.ID, h2.ID} {
		if strings.Contains(iqAll, nw) {
			t.Errorf("iq.analyst's collections show %s", nw)
		}
	}
	// The same over Basic authentication.
	basicAll, _ := everything("", "iq.analyst:"+storetest.Password)
	if !strings.Contains(basicAll, "qxtaxiishared") || strings.Contains(basicAll, "qxtaxiiprivate") {
		t.Error("Basic authentication does not see what the bearer sees")
	}
	// Another agency: nothing of JO's but the community record, not even
	// JO's collections by id.
	saAll, _ := everything("sa.officer", "")
	for _, nw := range []string{"qxtaxiiprivate", "qxtaxiishared", "qxtaxiiextra", "qxtaxiired", "qxtaxiistrict", "qxtaxiihtwo", shared.ID} {
		if strings.Contains(saAll, nw) {
			t.Errorf("sa.officer's collections show %s", nw)
		}
	}
	_, joIDs := everything("jo.analyst", "")
	for _, id := range joIDs {
		mine := false
		for _, x := range iqIDs {
			mine = mine || x == id
		}
		if mine {
			continue
		}
		for _, p := range []string{"", "objects/", "manifest/"} {
			code, _, b := n.taxiiGet(t, "iq.analyst", "", "/taxii2/api/collections/"+id+"/"+p)
			absent, _, _ := n.taxiiGet(t, "iq.analyst", "", "/taxii2/api/collections/00000000-0000-0000-0000-000000000000/"+p)
			if code != 404 || absent != 404 || strings.Contains(string(b), "qxtaxii") {
				t.Errorf("iq.analyst reads JO's collection %s%s: %d %s", id, p, code, b)
			}
		}
	}
	// Administrators and auditors read no records: no collections.
	if code, _, b := n.taxiiGet(t, "jo.admin", "", "/taxii2/api/collections/"); code != 200 || strings.Contains(string(b), `"id"`) {
		t.Errorf("admin's collections: %d %s", code, b)
	}
	// Authentication.
	if code, hdr, _ := n.taxiiGet(t, "", "", "/taxii2/api/collections/"); code != 401 || !strings.Contains(hdr.Get("WWW-Authenticate"), "Basic") {
		t.Errorf("anonymous: %d %q", code, hdr.Get("WWW-Authenticate"))
	}
	if code, _, _ := n.taxiiGet(t, "", "iq.analyst:wrong password", "/taxii2/api/collections/"); code != 401 {
		t.Errorf("wrong password: %d", code)
	}
	// added_after in the future: nothing; a bad one names the field.
	if code, _, b := n.taxiiGet(t, "iq.analyst", "", "/taxii2/api/collections/"+iqIDs[0]+"/objects/?added_after=2999-01-01T00:00:00Z"); code != 200 || !strings.Contains(string(b), `"objects":[]`) {
		t.Errorf("added_after: %d %s", code, b)
	}
	if code, _, b := n.taxiiGet(t, "iq.analyst", "", "/taxii2/api/collections/"+iqIDs[0]+"/objects/?added_after=yesterday"); code != 400 || !strings.Contains(string(b), "added_after") {
		t.Errorf("bad added_after: %d %s", code, b)
	}
	if code, _, _ := n.taxiiGet(t, "iq.analyst", "", "/taxii2/nothing"); code != 404 {
		t.Errorf("unknown TAXII path: %d", code)
	}
	// Every page is an export in the audit trail, with the records it gave.
	if code, b := n.raw(t, "jo.auditor", "GET", "/api/v1/audit?record="+shared.ID, nil); code != 200 || !strings.Contains(string(b), "iq.analyst") || !strings.Contains(string(b), "taxii collection") {
		t.Errorf("who saw the shared record: %d %s", code, b)
	}
}
