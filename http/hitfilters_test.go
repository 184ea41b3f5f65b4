package http_test

import (
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	jhttp "github.com/jisr-cell/jisr/http"
)

// TestHitFiltersAPI (issue 11): GET /api/v1/hits?kind=&agency=&status=&strength=&group=
// filters on the node, strong hits first, pages keep the filter, groups
// count what the caller is shown; a bad value is 400 naming the parameter.
func TestHitFiltersAPI(t *testing.T) {
	n := newNode(t)
	var jo jisr.Record
	r := seizureJSON("qxfiltjo", jisr.TLPAmber, jisr.Releasability{})
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+962 79 555 0777"}}})
	n.do(t, "jo.analyst", "POST", "/api/v1/records", r, &jo)
	for _, m := range []string{"qxfiltiq1", "qxfiltiq2"} {
		r := seizureJSON(m, jisr.TLPAmber, jisr.Releasability{})
		r.NarrativeEN = "The driver called 00962795550777."
		n.do(t, "iq.analyst", "POST", "/api/v1/records", r, nil)
	}
	var inbox jhttp.List[jisr.Hit]
	n.do(t, "jo.analyst", "GET", "/api/v1/hits?kind=selector&agency=IQ-GDNA&status=pending&strength=strong", nil, &inbox)
	if len(inbox.Items) != 2 || inbox.Items[0].Group != "sel:phone:+962795550777" || inbox.Items[0].Strength != jisr.HitStrong {
		t.Fatalf("filtered inbox: %+v", inbox.Items)
	}
	var page jhttp.List[jisr.Hit]
	n.do(t, "jo.analyst", "GET", "/api/v1/hits?kind=selector&strength=strong&limit=1", nil, &page)
	if len(page.Items) != 1 || page.NextCursor == "" {
		t.Fatalf("first page: %+v", page)
	}
	var second jhttp.List[jisr.Hit]
	n.do(t, "jo.analyst", "GET", "/api/v1/hits?kind=selector&strength=strong&limit=1&cursor="+page.NextCursor, nil, &second)
	if len(second.Items) != 1 || second.Items[0].ID == page.Items[0].ID {
		t.Fatalf("second page: %+v", second)
	}
	for _, q := range []string{"?strength=weak", "?agency=LB-ISF", "?status=full", "?kind=name"} {
		var none jhttp.List[jisr.Hit]
		n.do(t, "jo.analyst", "GET", "/api/v1/hits"+q, nil, &none)
		for _, h := range none.Items {
			if h.Group == "sel:phone:+962795550777" {
				t.Errorf("%s lists the phone hit", q)
			}
		}
	}
	code, body := n.raw(t, "jo.analyst", "GET", "/api/v1/hits/groups?kind=selector", nil)
	if code != 200 || !strings.Contains(string(body), `"key":"sel:phone:+962795550777"`) || !strings.Contains(string(body), `"count":2`) {
		t.Fatalf("groups: %d %s", code, body)
	}
	// Lebanon sees no hit, and no group, of it.
	for _, path := range []string{"/api/v1/hits?group=sel%3Aphone%3A%2B962795550777", "/api/v1/hits/groups", "/api/v1/hits/groups?agency=JO-AND"} {
		if code, b := n.raw(t, "lb.analyst", "GET", path, nil); code != 200 || strings.Contains(string(b), "0777") || strings.Contains(string(b), `"count"`) {
			t.Errorf("lb.analyst %s: %d %s", path, code, b)
		}
	}
	for _, c := range []struct{ q, field string }{
		{"kind=phone", "kind"}, {"agency=not+a+code", "agency"}, {"status=open", "status"}, {"strength=medium", "strength"},
	} {
		for _, path := range []string{"/api/v1/hits?", "/api/v1/hits/groups?"} {
			code, b := n.raw(t, "jo.analyst", "GET", path+c.q, nil)
			if code != 400 || !strings.Contains(string(b), `"field":"`+c.field+`"`) {
				t.Errorf("%s%s: %d %s", path, c.q, code, b)
			}
		}
	}
}
