package http_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// TestOperationsAPI: a joint operation and its controlled delivery over
// the API: who sees and who may change it, hand-overs acknowledged by the
// receiving agency, and linked records shown only to who reads them.
func TestOperationsAPI(t *testing.T) {
	n := newNode(t)
	var svc any = n.store
	os, ok := svc.(jisr.OperationService)
	if !ok {
		t.Skip("the node has no operations")
	}
	n.srv.Operations = os
	code, b := n.raw(t, "jo.liaison", "POST", "/api/v1/operations", `{"name":"Pomegranate","summary":"truck","participants":["IQ-GDNA","LB-ISF"]}`)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	var o jisr.Operation
	json.Unmarshal(b, &o)
	lb := storetest.As(t, n.store, "lb.analyst")
	hidden := storetest.Seizure("qxophidden", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := n.store.CreateRecord(t.Context(), lb, hidden); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/operations/" + o.ID
	tests := []struct {
		name, user, method, path string
		body                     any
		status                   int
		want, notWant            []string
	}{
		{"an analyst opens one", "jo.analyst", "POST", "/api/v1/operations", `{"name":"x","participants":["IQ-GDNA"]}`, 403, nil, nil},
		{"no other agency", "jo.liaison", "POST", "/api/v1/operations", `{"name":"x","participants":[]}`, 400, []string{`"field":"participants"`}, nil},
		{"third agency reads", "sa.officer", "GET", path, nil, 404, []string{`"not_found"`}, []string{"Pomegranate"}},
		{"administrator reads", "jo.admin", "GET", path, nil, 404, nil, nil},
		{"participant analyst reads", "iq.analyst", "GET", path, nil, 200, []string{"Pomegranate", `"lead":"JO-AND"`}, nil},
		{"a record the linker may not read", "jo.analyst", "POST", path + "/records", `{"records":["` + hidden.ID + `"]}`, 404, []string{`"field":"records[0]"`}, nil},
		{"the holder links it", "lb.analyst", "POST", path + "/records", `{"records":["` + hidden.ID + `"]}`, 200, []string{hidden.ID}, nil},
		{"others do not see it", "jo.liaison", "GET", path, nil, 200, []string{`"records":[]`}, []string{hidden.ID, "qxophidden"}},
		{"plan a delivery", "jo.liaison", "POST", path + "/deliveries", `{"description":"truck 40-81295","legs":[{"from":"Baghdad","to":"Trebil","kind":"crossing","agency":"IQ-GDNA"},{"from":"Trebil","to":"Aqaba","kind":"port","agency":"JO-AND"}]}`, 201, []string{`"state":"planned"`}, nil},
		{"bad leg kind", "jo.liaison", "POST", path + "/deliveries", `{"description":"x","legs":[{"from":"a","to":"b","kind":"bridge","agency":"IQ-GDNA"}]}`, 400, []string{`"field":"legs[0].kind"`}, nil},
		{"a task", "iq.liaison", "POST", path + "/tasks", `{"title":"Photograph the seals","owner_agency":"IQ-GDNA","due":"2030-01-01T00:00:00Z"}`, 201, []string{"Photograph the seals"}, nil},
		{"observer cannot write", "sa.officer", "POST", path + "/timeline", `{"text":"x"}`, 404, nil, nil},
		{"timeline", "lb.analyst", "POST", path + "/timeline", `{"text":"Port informed."}`, 200, []string{"Port informed."}, nil},
		{"unknown field", "lb.analyst", "POST", path + "/timeline", `{"txt":"x"}`, 400, []string{`"field":"txt"`}, nil},
		{"widen", "jo.liaison", "POST", path + "/widen", `{"agencies":["SA-GDNC"]}`, 200, []string{`"observers":["SA-GDNC"]`}, nil},
		{"observer reads", "sa.officer", "GET", path, nil, 200, []string{"Pomegranate"}, []string{hidden.ID}},
		{"observer writes", "sa.officer", "POST", path + "/timeline", `{"text":"x"}`, 403, nil, nil},
		{"close by a participant", "iq.liaison", "POST", path + "/close", nil, 403, nil, nil},
		{"list of an uninvolved agency", "krsc.analyst", "GET", "/api/v1/operations", nil, 200, []string{`"items":[]`}, []string{o.ID}},
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
	// The delivery: started by Iraq, handed over at Trebil, acknowledged
	// by Jordan (and by nobody else).
	var v jisr.Operation
	n.do(t, "jo.liaison", "GET", path, nil, &v)
	if len(v.Deliveries) != 1 {
		t.Fatalf("deliveries %+v", v.Deliveries)
	}
	dp := path + "/deliveries/" + v.Deliveries[0].ID
	for _, c := range []struct {
		user, action string
		status       int
	}{
		{"iq.liaison", "/start", 200}, {"jo.liaison", "/acknowledge", 409}, {"iq.liaison", "/acknowledge", 403}, {"iq.liaison", "/handover", 200},
		{"lb.liaison", "/acknowledge", 403}, {"sa.officer", "/acknowledge", 403}, {"krsc.analyst", "/acknowledge", 404}, {"jo.liaison", "/acknowledge", 200},
		{"jo.liaison", "/handover", 409},
	} {
		if code, body := n.raw(t, c.user, "POST", dp+c.action, nil); code != c.status {
			t.Errorf("%s %s: %d %s", c.user, c.action, code, body)
		}
	}
	code, b = n.raw(t, "iq.analyst", "GET", dp+"/checkpoints", nil)
	if code != 200 || !strings.Contains(string(b), `"acknowledged_by":"jo.liaison"`) || !strings.Contains(string(b), `"handed_by":"iq.liaison"`) {
		t.Errorf("checkpoints: %d %s", code, b)
	}
}
