package http_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// withLookouts serves the node's lookouts (and its notifications).
func withLookouts(t *testing.T, n *node) {
	t.Helper()
	withRequests(t, n)
	var svc any = n.store
	ls, ok := svc.(jisr.LookoutService)
	if !ok {
		t.Skip("the node has no lookouts")
	}
	n.srv.Lookouts = ls
}

// TestLookoutsAPI: issuing, who sees and who withdraws a lookout over the
// API, and the leak table: a match never shows a record to a caller who
// may not read it (blind: the agency only), not in the lookout, its
// matches, nor a notice.
func TestLookoutsAPI(t *testing.T) {
	n := newNode(t)
	withLookouts(t, n)
	expires := time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)
	code, b := n.raw(t, "jo.analyst", "POST", "/api/v1/lookouts", `{"type":"plate","value":"40-81295","to":["IQ-GDNA"],"expires":"`+expires+`"}`)
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	var lo jisr.Lookout
	json.Unmarshal(b, &lo)
	// Records holding the plate: one Lebanese record Jordan may not read,
	// one released to Jordan only.
	lbL := storetest.As(t, n.store, "lb.liaison")
	hidden := storetest.Seizure("qxhiddenplate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	shown := storetest.Seizure("qxshownplate", jisr.TLPGreen, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	for _, r := range []*jisr.Record{hidden, shown} {
		r.Entities = append(r.Entities, jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"40-81295"}, "country": {"JO"}}})
		if err := n.store.CreateRecord(t.Context(), lbL, r); err != nil {
			t.Fatal(err)
		}
	}
	absent := "0190f000-0000-7000-8000-000000000000"
	path := "/api/v1/lookouts/" + lo.ID
	tests := []struct {
		name, user, method, path string
		body                     any
		status                   int
		want, notWant            []string
	}{
		{"issuer reads", "jo.analyst", "GET", path, nil, 200, []string{`"state":"active"`, `"matches":2`}, nil},
		{"issuer's matches: one full, one blind", "jo.analyst", "GET", path + "/matches", nil, 200,
			[]string{shown.ID, `"disclosure":"blind"`, `"agency":"LB-ISF"`}, []string{hidden.ID, "qxhiddenplate"}},
		{"recipient's matches: both blind", "iq.liaison", "GET", path + "/matches", nil, 200, []string{`"disclosure":"blind"`}, []string{hidden.ID, shown.ID, `"full"`}},
		{"holder does not see the lookout", "lb.liaison", "GET", path, nil, 404, []string{`"not_found"`}, []string{"81295"}},
		{"holder lists no matches", "lb.liaison", "GET", path + "/matches", nil, 404, nil, []string{hidden.ID}},
		{"third agency", "sa.officer", "GET", path, nil, 404, nil, nil},
		{"administrator", "jo.admin", "GET", path, nil, 404, nil, nil},
		{"third agency's list", "sa.officer", "GET", "/api/v1/lookouts", nil, 200, []string{`"items":[]`}, []string{lo.ID}},
		{"recipient's list", "iq.analyst", "GET", "/api/v1/lookouts?box=received", nil, 200, []string{lo.ID}, nil},
		{"issuer's notices name the agency only", "jo.analyst", "GET", "/api/v1/notifications", nil, 200, []string{"lookout.match", `"agency":"LB-ISF"`}, []string{hidden.ID, shown.ID, "qx"}},
		{"recipient withdraws", "iq.liaison", "POST", path + "/withdraw", nil, 403, nil, nil},
		{"third agency withdraws", "sa.officer", "POST", path + "/withdraw", nil, 404, nil, nil},
		{"issuer withdraws", "jo.analyst", "POST", path + "/withdraw", nil, 200, []string{`"state":"withdrawn"`}, nil},
		{"withdrawn twice", "jo.liaison", "POST", path + "/withdraw", `{}`, 409, []string{`"conflict"`}, nil},
		{"absent", "jo.analyst", "GET", "/api/v1/lookouts/" + absent, nil, 404, nil, nil},
		{"bad type", "jo.analyst", "POST", "/api/v1/lookouts", `{"type":"car","value":"x","expires":"` + expires + `"}`, 400, []string{`"field":"type"`}, nil},
		{"bad phone", "jo.analyst", "POST", "/api/v1/lookouts", `{"type":"phone","value":"nobody","expires":"` + expires + `"}`, 400, []string{`"field":"value"`}, nil},
		{"no expiry", "jo.analyst", "POST", "/api/v1/lookouts", `{"type":"phone","value":"+962791234567"}`, 400, []string{`"field":"expires"`}, nil},
		{"unknown field", "jo.analyst", "POST", "/api/v1/lookouts", `{"type":"phone","value":"+962791234567","expires":"` + expires + `","until":"x"}`, 400, []string{`"field":"until"`}, nil},
		{"too far", "jo.analyst", "POST", "/api/v1/lookouts", `{"type":"phone","value":"+962791234567","expires":"2099-01-01T00:00:00Z"}`, 400, []string{`"field":"expires"`}, nil},
		{"by an auditor", "jo.auditor", "POST", "/api/v1/lookouts", `{"type":"phone","value":"+962791234567","expires":"` + expires + `"}`, 403, nil, nil},
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
	// A withdrawn lookout matches nothing.
	again := storetest.Seizure("qxafterplate", jisr.TLPGreen, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	again.Entities = append(again.Entities, jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"40-81295"}, "country": {"JO"}}})
	if err := n.store.CreateRecord(t.Context(), lbL, again); err != nil {
		t.Fatal(err)
	}
	if _, b := n.raw(t, "jo.analyst", "GET", path+"/matches", nil); strings.Contains(string(b), again.ID) || strings.Count(string(b), `"disclosure"`) != 2 {
		t.Errorf("a withdrawn lookout matched: %s", b)
	}
	// Hidden is exactly as absent.
	c1, b1 := n.raw(t, "sa.officer", "POST", path+"/withdraw", nil)
	c2, b2 := n.raw(t, "sa.officer", "POST", "/api/v1/lookouts/"+absent+"/withdraw", nil)
	if c1 != 404 || c2 != 404 || !bytes.Equal(b1, bytes.ReplaceAll(b2, []byte(absent), []byte(lo.ID))) {
		t.Errorf("hidden %d %s, absent %d %s", c1, b1, c2, b2)
	}
}
