package http_test

import (
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	jhttp "github.com/jisr-cell/jisr/http"
)

// TestExternalIDStaysWithTheOriginator: a record's external id (the
// originator's own reference) is unique per originator and never reaches
// another agency, by any endpoint that shows the record.
func TestExternalIDStaysWithTheOriginator(t *testing.T) {
	n := newNode(t)
	r := seizureJSON("qxextid", jisr.TLPGreen, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	r.ExternalID = "AND-CASE-7731"
	var rec jisr.Record
	if code := n.do(t, "jo.liaison", "POST", "/api/v1/records", r, &rec); code != 201 || rec.ExternalID != "AND-CASE-7731" {
		t.Fatalf("create: %d %+v", code, rec)
	}
	var e jhttp.ErrorBody
	if code := n.do(t, "jo.liaison", "POST", "/api/v1/records", r, &e); code != 409 || e.Field != "external_id" {
		t.Fatalf("the same external id again: %d %+v", code, e)
	}
	for _, path := range []string{"/api/v1/records/" + rec.ID, "/api/v1/records?q=qxextid", "/api/v1/records/" + rec.ID + "/history"} {
		code, b := n.raw(t, "iq.analyst", "GET", path, nil)
		if code != 200 || strings.Contains(string(b), "AND-CASE-7731") {
			t.Errorf("iq.analyst GET %s: %d, external id shown: %v", path, code, strings.Contains(string(b), "AND-CASE-7731"))
		}
	}
	if code, b := n.raw(t, "jo.analyst", "GET", "/api/v1/records/"+rec.ID, nil); code != 200 || !strings.Contains(string(b), "AND-CASE-7731") {
		t.Errorf("the originator does not see its own reference: %d", code)
	}
}
