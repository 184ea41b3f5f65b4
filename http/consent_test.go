package http_test

import (
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestConsentAPI: consent to a use through the release-request endpoints
// (issue 11). Bad values are invalid naming the field; a caller who does
// not read the record gets the not-found of an absent one; only the
// originator's liaison officer grants; the granted consent is on the
// record and in the export of the asking agency and the originator, and a
// third agency that reads the record sees nothing of it anywhere.
func TestConsentAPI(t *testing.T) {
	n := newNode(t)
	var r jisr.Record
	rec := storetest.Seizure("qxconsentapi", jisr.TLPAmber, jisr.H1, jisr.Releasability{Agencies: []string{"IQ-GDNA", "LB-ISF"}})
	if code := n.do(t, "jo.liaison", "POST", "/api/v1/records", rec, &r); code != 201 {
		t.Fatalf("create: %d", code)
	}
	path := "/api/v1/records/" + r.ID + "/release-requests"
	for body, field := range map[string]string{
		`{"kind":"leave","use":"court","purpose":"trial"}`:                                     "kind",
		`{"kind":"consent","use":"evidence","purpose":"trial"}`:                                "use",
		`{"kind":"consent","purpose":"trial"}`:                                                 "use",
		`{"kind":"consent","use":"court"}`:                                                     "purpose",
		`{"kind":"consent","use":"onward","purpose":"trial"}`:                                  "to",
		`{"kind":"consent","use":"court","to":"Europol","purpose":"trial"}`:                    "to",
		`{"kind":"consent","use":"court","purpose":"trial","reason":"need"}`:                   "reason",
		`{"kind":"consent","use":"court","purpose":"trial","wanted":{"agencies":["IQ-KRSC"]}}`: "wanted",
	} {
		if code, b := n.raw(t, "iq.analyst", "POST", path, body); code != 400 || !strings.Contains(string(b), `"field":"`+field+`"`) {
			t.Errorf("%s: %d %s, want 400 on %s", body, code, b, field)
		}
	}
	good := `{"kind":"consent","use":"court","purpose":"Trial at the Qxcourt criminal court"}`
	// Not read: the same 404 as an absent record.
	absentCode, absent := n.raw(t, "sa.officer", "POST", "/api/v1/records/0190f000-0000-7000-8000-000000000000/release-requests", good)
	hiddenCode, hidden := n.raw(t, "sa.officer", "POST", path, good)
	if absentCode != 404 || hiddenCode != 404 || strings.ReplaceAll(string(hidden), r.ID, "X") != strings.ReplaceAll(string(absent), "0190f000-0000-7000-8000-000000000000", "X") {
		t.Errorf("unreadable record: %d %s, absent: %d %s", hiddenCode, hidden, absentCode, absent)
	}
	if code, _ := n.raw(t, "jo.analyst", "POST", path, good); code != 403 {
		t.Errorf("originator asked consent: %d", code)
	}
	var rr jisr.ReleaseRequest
	if code := n.do(t, "iq.analyst", "POST", path, good, &rr); code != 201 || rr.Kind != "consent" || rr.Use != "court" || len(rr.ID) != 32 {
		t.Fatalf("consent request: %d %+v", code, rr)
	}
	answer := "/api/v1/release-requests/" + rr.ID + "/answer"
	for user, want := range map[string]int{"jo.analyst": 403, "iq.liaison": 404, "lb.liaison": 404, "sa.officer": 404} {
		if code, _ := n.raw(t, user, "POST", answer, `{"accept":true}`); code != want {
			t.Errorf("%s answered: %d, want %d", user, code, want)
		}
	}
	if code, b := n.raw(t, "jo.liaison", "POST", answer, `{"accept":false}`); code != 400 || !strings.Contains(string(b), `"field":"answer"`) {
		t.Errorf("refused without a reason: %d %s", code, b)
	}
	if code, b := n.raw(t, "jo.liaison", "POST", answer, `{"accept":true,"answer":"For this trial only"}`); code != 204 {
		t.Fatalf("grant: %d %s", code, b)
	}
	if code, _ := n.raw(t, "jo.liaison", "POST", answer, `{"accept":true}`); code != 409 {
		t.Errorf("granted twice: %d", code)
	}
	caveat := "Consent to use in judicial proceedings granted to IQ-GDNA by JO-AND on "
	for _, user := range []string{"iq.analyst", "jo.analyst"} {
		var got jisr.Record
		if code := n.do(t, user, "GET", "/api/v1/records/"+r.ID, nil, &got); code != 200 || len(got.Consents) != 1 ||
			!strings.HasPrefix(got.Consents[0].Caveat, caveat) || got.Consents[0].Ref != rr.ID {
			t.Errorf("%s's record view: %d %+v", user, code, got.Consents)
		}
		if code, b := n.raw(t, user, "GET", "/api/v1/export", nil); code != 200 || !strings.Contains(string(b), caveat) {
			t.Errorf("%s's export lacks the consent: %d", user, code)
		}
	}
	// The third agency reads the record, but nothing of the consent.
	for _, user := range []string{"lb.analyst", "lb.liaison"} {
		for _, p := range []string{"/api/v1/records/" + r.ID, "/api/v1/release-requests", "/api/v1/export", "/api/v1/records/" + r.ID + "/history"} {
			code, b := n.raw(t, user, "GET", p, nil)
			if code != 200 {
				t.Errorf("%s GET %s: %d", user, p, code)
			}
			for _, w := range []string{rr.ID, "Qxcourt", "granted to", `"consents"`, `"kind":"consent"`} {
				if strings.Contains(string(b), w) {
					t.Errorf("%s GET %s shows %q", user, p, w)
				}
			}
		}
	}
}
