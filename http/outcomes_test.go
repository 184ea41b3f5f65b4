package http_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestOutcomesAndDisclosuresAPI: an outcome reported on a Jordanian lead
// is read by Jordan without the Iraqi record it may not read; an
// announcement is approved only once every originating agency consented
// (409 conflict before), and is frozen after.
func TestOutcomesAndDisclosuresAPI(t *testing.T) {
	n := newNode(t)
	var svc any = n.store
	os, ok1 := svc.(jisr.OperationService)
	oc, ok2 := svc.(jisr.OutcomeService)
	ds, ok3 := svc.(jisr.DisclosureService)
	if !ok1 || !ok2 || !ok3 {
		t.Skip("the node has no outcomes")
	}
	n.srv.Operations, n.srv.Outcomes, n.srv.Disclosures = os, oc, ds
	joL, iq, lbL := storetest.As(t, n.store, "jo.liaison"), storetest.As(t, n.store, "iq.analyst"), storetest.As(t, n.store, "lb.liaison")
	joRec := storetest.Seizure("qxapijotoiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	iqRec := storetest.Seizure("qxapiiqprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	lbRec := storetest.Seizure("qxapilbtojo", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	for _, c := range []struct {
		p jisr.Principal
		r *jisr.Record
	}{{joL, joRec}, {iq, iqRec}, {lbL, lbRec}} {
		if err := n.store.CreateRecord(t.Context(), c.p, c.r); err != nil {
			t.Fatal(err)
		}
	}
	code, b := n.raw(t, "iq.analyst", "POST", "/api/v1/outcomes", `{"of":{"kind":"record","id":"`+joRec.ID+`"},"kind":"raid","text":"Raid in Basra.","arrests":2,"records":["`+iqRec.ID+`"]}`)
	if code != 201 {
		t.Fatalf("outcome: %d %s", code, b)
	}
	var o jisr.Outcome
	json.Unmarshal(b, &o)
	code, b = n.raw(t, "jo.liaison", "POST", "/api/v1/operations", `{"name":"Pomegranate","participants":["IQ-GDNA","LB-ISF"]}`)
	var op jisr.Operation
	json.Unmarshal(b, &op)
	code, b = n.raw(t, "jo.liaison", "POST", "/api/v1/disclosures", `{"operation":"`+op.ID+`","title":"Joint seizure","text":"2 million pills.","records":["`+joRec.ID+`","`+lbRec.ID+`"]}`)
	if code != 201 {
		t.Fatalf("disclosure: %d %s", code, b)
	}
	var d jisr.Disclosure
	json.Unmarshal(b, &d)
	dp := "/api/v1/disclosures/" + d.ID
	tests := []struct {
		name, user, method, path string
		body                     any
		status                   int
		want, notWant            []string
	}{
		{"the lead's originator reads the outcome", "jo.analyst", "GET", "/api/v1/outcomes/" + o.ID, nil, 200, []string{"Raid in Basra.", `"records":[]`}, []string{iqRec.ID, "qxapiiq"}},
		{"the reporter sees its record", "iq.analyst", "GET", "/api/v1/outcomes/" + o.ID, nil, 200, []string{iqRec.ID}, nil},
		{"an outsider", "lb.analyst", "GET", "/api/v1/outcomes/" + o.ID, nil, 404, nil, []string{"Basra"}},
		{"figures", "jo.analyst", "GET", "/api/v1/outcome-figures", nil, 200, []string{`"agency":"JO-AND"`, `"acted_on":1`, `"raid":1`}, nil},
		{"outsider's figures", "sa.officer", "GET", "/api/v1/outcome-figures", nil, 200, []string{`"items":[]`}, nil},
		{"a lead one may not read", "lb.analyst", "POST", "/api/v1/outcomes", `{"of":{"kind":"record","id":"` + iqRec.ID + `"},"kind":"raid","text":"x"}`, 404, []string{`"field":"of.id"`}, nil},
		{"approve too early", "jo.liaison", "POST", dp + "/approve", nil, 409, []string{`"conflict"`, "LB-ISF"}, nil},
		{"consent needs a choice", "lb.liaison", "POST", dp + "/consent", `{}`, 400, []string{`"field":"consent"`}, nil},
		{"refuse needs a reason", "lb.liaison", "POST", dp + "/consent", `{"consent":false}`, 400, []string{`"field":"reason"`}, nil},
		{"a participant not an originator", "iq.liaison", "POST", dp + "/consent", `{"consent":true}`, 403, nil, nil},
		{"an outsider consents", "sa.officer", "POST", dp + "/consent", `{"consent":true}`, 404, nil, nil},
		{"refuse", "lb.liaison", "POST", dp + "/consent", `{"consent":false,"reason":"Not before the trial."}`, 200, []string{`"state":"refused"`, "Not before the trial."}, nil},
		{"still too early", "jo.liaison", "POST", dp + "/approve", nil, 409, nil, nil},
		{"edit", "jo.liaison", "PUT", dp, `{"title":"Joint seizure","text":"2 million pills, announced after the trial."}`, 200, []string{`"version":2`, `"state":"pending"`}, nil},
		{"consent", "lb.liaison", "POST", dp + "/consent", `{"consent":true}`, 200, []string{`"state":"consented"`}, nil},
		{"approve", "jo.liaison", "POST", dp + "/approve", nil, 200, []string{`"state":"approved"`}, nil},
		{"frozen", "jo.liaison", "PUT", dp, `{"title":"x","text":"y"}`, 409, nil, nil},
		{"a participant reads only what it reads", "iq.analyst", "GET", dp, nil, 200, []string{joRec.ID}, []string{lbRec.ID}},
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
		})
	}
}
