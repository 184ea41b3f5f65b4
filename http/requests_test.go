package http_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	jhttp "github.com/jisr-cell/jisr/http"
	"github.com/jisr-cell/jisr/storetest"
)

// withRequests serves the node's requests, notifications and events.
func withRequests(t *testing.T, n *node) {
	t.Helper()
	var svc any = n.store
	rs, ok1 := svc.(jisr.RequestService)
	ns, ok2 := svc.(jisr.NotificationService)
	es, ok3 := svc.(jisr.EventService)
	if !ok1 || !ok2 || !ok3 {
		t.Skip("the node has no requests")
	}
	n.srv.Requests, n.srv.Notifications, n.srv.Events = rs, ns, es
}

// TestRequestsAPI: the workflow of a request over the API, who may act and
// who may not, notices, figures and the live stream.
func TestRequestsAPI(t *testing.T) {
	n := newNode(t)
	withRequests(t, n)
	// The requester's stream of live notices, opened first.
	events := openEvents(t, n, "iq.liaison")

	var req jisr.Request
	code, b := n.raw(t, "jo.analyst", "POST", "/api/v1/requests", jhttp.NewRequestBody{To: []string{"IQ-GDNA", "LB-ISF"}, Subject: "Who uses +962791234567?",
		Body: "The driver called it at Jaber.", Priority: jisr.PriorityUrgent})
	if code != 201 {
		t.Fatalf("create: %d %s", code, b)
	}
	json.Unmarshal(b, &req)
	if req.ID == "" || req.State != jisr.ReqOpen || len(req.Replies) != 2 {
		t.Fatalf("created %s", b)
	}
	select {
	case n := <-events:
		if n.Kind != jisr.NoteRequestNew || n.Object != req.ID || n.Agency != "JO-AND" {
			t.Errorf("live notice %+v", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no live notice")
	}
	absent := "0190f000-0000-7000-8000-000000000000"
	path := "/api/v1/requests/" + req.ID
	tests := []struct {
		name, user, method, path string
		body                     any
		status                   int
		want, notWant            []string
	}{
		{"third agency reads", "sa.officer", "GET", path, nil, 404, []string{`"not_found"`}, []string{"962791234567"}},
		{"third agency acknowledges", "sa.officer", "POST", path + "/acknowledge", nil, 404, nil, nil},
		{"administrator reads", "jo.admin", "GET", path, nil, 404, nil, []string{"962791234567"}},
		{"addressee analyst reads", "iq.analyst", "GET", path, nil, 200, []string{"962791234567"}, nil},
		{"addressee analyst acknowledges", "iq.analyst", "POST", path + "/acknowledge", nil, 403, nil, nil},
		{"requester acknowledges", "jo.analyst", "POST", path + "/acknowledge", nil, 403, nil, nil},
		{"acknowledge takes no text", "iq.liaison", "POST", path + "/acknowledge", `{"answer":"x"}`, 400, []string{`"field":"body"`}, nil},
		{"addressee liaison acknowledges", "iq.liaison", "POST", path + "/acknowledge", nil, 200, []string{`"state":"acknowledged"`}, nil},
		{"again: conflict", "iq.liaison", "POST", path + "/acknowledge", `{}`, 409, []string{`"conflict"`}, nil},
		{"answer needs text", "iq.liaison", "POST", path + "/answer", `{}`, 400, []string{`"field":"answer"`}, nil},
		{"unknown field", "iq.liaison", "POST", path + "/answer", `{"answr":"x"}`, 400, []string{`"field":"answr"`}, nil},
		{"answer", "iq.liaison", "POST", path + "/answer", jhttp.RequestAnswerBody{Answer: "Known: file IQ-2026-77."}, 200, []string{`"state":"answered"`, "IQ-2026-77"}, nil},
		{"refuse needs a reason", "lb.liaison", "POST", path + "/refuse", `{"reason":""}`, 400, []string{`"field":"reason"`}, nil},
		{"refuse", "lb.liaison", "POST", path + "/refuse", jhttp.RequestAnswerBody{Reason: "Not ours."}, 200, []string{`"state":"refused"`}, []string{"IQ-2026-77"}},
		{"other addressee does not see the answer", "lb.analyst", "GET", path, nil, 200, []string{"Not ours."}, []string{"IQ-2026-77"}},
		{"requester sees both", "jo.analyst", "GET", path, nil, 200, []string{"IQ-2026-77", "Not ours."}, nil},
		{"addressee closes", "iq.liaison", "POST", path + "/close", nil, 403, nil, nil},
		{"requester closes", "jo.analyst", "POST", path + "/close", nil, 200, []string{`"state":"closed"`}, nil},
		{"closed: conflict", "jo.liaison", "POST", path + "/close", nil, 409, nil, nil},
		{"absent request", "jo.analyst", "GET", "/api/v1/requests/" + absent, nil, 404, nil, nil},
		{"list sent", "jo.analyst", "GET", "/api/v1/requests?box=sent", nil, 200, []string{req.ID}, nil},
		{"list received", "iq.analyst", "GET", "/api/v1/requests?box=received", nil, 200, []string{req.ID}, nil},
		{"list of a third agency", "sa.officer", "GET", "/api/v1/requests", nil, 200, []string{`"items":[]`}, []string{req.ID}},
		{"bad box", "jo.analyst", "GET", "/api/v1/requests?box=outbox", nil, 400, []string{`"field":"box"`}, nil},
		{"bad state", "jo.analyst", "GET", "/api/v1/requests?state=done", nil, 400, []string{`"field":"state"`}, nil},
		{"administrator lists", "jo.admin", "GET", "/api/v1/requests", nil, 403, nil, nil},
		{"figures", "jo.analyst", "GET", "/api/v1/request-figures", nil, 200, []string{`"to":"IQ-GDNA"`, `"ack_median_s"`, `"from":"JO-AND"`}, nil},
		{"figures of a third agency", "sa.officer", "GET", "/api/v1/request-figures", nil, 200, []string{`"agencies":[]`}, []string{"JO-AND"}},
		{"notifications", "jo.analyst", "GET", "/api/v1/notifications", nil, 200, []string{"request.answered", "request.refused", `"unread":3`}, nil},
		{"notifications of a bystander", "sa.officer", "GET", "/api/v1/notifications", nil, 200, []string{`"items":[]`, `"unread":0`}, nil},
		{"mark all read", "jo.analyst", "POST", "/api/v1/notifications/read", nil, 200, []string{`"unread":0`}, nil},
		{"e-mail off by default", "iq.liaison", "GET", "/api/v1/me/notices", nil, 200, []string{`"email":false`}, nil},
		{"e-mail opt-in", "iq.liaison", "PUT", "/api/v1/me/notices", `{"email":true}`, 200, []string{`"email":true`}, nil},
		{"e-mail needs a choice", "iq.liaison", "PUT", "/api/v1/me/notices", `{}`, 400, []string{`"field":"email"`}, nil},
		{"new request: bad priority", "jo.analyst", "POST", "/api/v1/requests", `{"to":["IQ-GDNA"],"subject":"s","body":"b","priority":"asap"}`, 400, []string{`"field":"priority"`}, nil},
		{"new request: unknown agency", "jo.analyst", "POST", "/api/v1/requests", `{"to":["IQ-NONE"],"subject":"s","body":"b"}`, 400, []string{`"field":"to[0]"`}, nil},
		{"new request: due in the past", "jo.analyst", "POST", "/api/v1/requests", `{"to":["IQ-GDNA"],"subject":"s","body":"b","due":"2020-01-01T00:00:00Z"}`, 400, []string{`"field":"due"`}, nil},
		{"new request: NUL", "jo.analyst", "POST", "/api/v1/requests", "{\"to\":[\"IQ-GDNA\"],\"subject\":\"s\\u0000\",\"body\":\"b\"}", 400, []string{`"field":"subject"`}, nil},
		{"new request by an auditor", "jo.auditor", "POST", "/api/v1/requests", `{"to":["IQ-GDNA"],"subject":"s","body":"b"}`, 403, nil, nil},
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
	// A hidden request is exactly as absent as one that does not exist.
	for _, act := range []string{"acknowledge", "close"} {
		c1, b1 := n.raw(t, "sa.officer", "POST", path+"/"+act, nil)
		c2, b2 := n.raw(t, "sa.officer", "POST", "/api/v1/requests/"+absent+"/"+act, nil)
		if c1 != 404 || c2 != 404 || !bytes.Equal(b1, bytes.ReplaceAll(b2, []byte(absent), []byte(req.ID))) {
			t.Errorf("%s: hidden %d %s, absent %d %s", act, c1, b1, c2, b2)
		}
	}
}

// openEvents opens GET /api/v1/events for user and returns its
// notifications as they arrive; the stream closes with the test.
func openEvents(t *testing.T, n *node, user string) <-chan jisr.Notification {
	t.Helper()
	req, _ := http.NewRequest("GET", n.URL+"/api/v1/events", nil)
	req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	out := make(chan jisr.Notification, 16)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(resp.Body)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, ": jisr events"):
				close(ready)
			case strings.HasPrefix(line, "event: "):
				event = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && event == "notification":
				var x jisr.Notification
				json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &x)
				out <- x
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("the event stream did not start")
	}
	return out
}

// TestEventsNeedAUser: the stream is for signed-in readers only.
func TestEventsNeedAUser(t *testing.T) {
	n := newNode(t)
	withRequests(t, n)
	if code, _ := n.raw(t, "", "GET", "/api/v1/events", nil); code != 401 {
		t.Errorf("anonymous events: %d", code)
	}
	if code, _ := n.raw(t, "jo.admin", "GET", "/api/v1/events", nil); code != 403 {
		t.Errorf("administrator's events: %d", code)
	}
}

// TestRequestLeaksAPI is the requests part of the API leak table: a
// request about records never shows, to a caller who may not read them,
// the records or their ids, in any list, request, notification or figure;
// a blind hit's request shows the requester nothing beyond the agency.
func TestRequestLeaksAPI(t *testing.T) {
	n := newNode(t)
	withRequests(t, n)
	var private, red, strict jisr.Record
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxprivate", jisr.TLPAmber, jisr.Releasability{}), &private)
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxred", jisr.TLPRed, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), &red)
	n.do(t, "jo.liaison", "POST", "/api/v1/records", seizureJSON("qxstrict", jisr.TLPAmberStrict, jisr.Releasability{Agencies: []string{"LB-ISF"}}), &strict)
	// An analyst may not release by attaching: refused, nothing sent.
	if code, b := n.raw(t, "jo.analyst", "POST", "/api/v1/requests", jhttp.NewRequestBody{To: []string{"SA-GDNC"}, Subject: "s", Body: "b", Records: []string{private.ID}}); code != 403 {
		t.Fatalf("analyst attached a private record: %d %s", code, b)
	}
	// Requests carrying the records: RED to Iraq (its liaison only reads
	// it), STRICT to Lebanon and Iraq (Iraq may not read it: refused unless
	// released, which a liaison does).
	var toIQ, toLB jisr.Request
	if code, b := n.raw(t, "jo.liaison", "POST", "/api/v1/requests", jhttp.NewRequestBody{To: []string{"IQ-GDNA"}, Subject: "Red for Iraq", Body: "b", Records: []string{red.ID}}); code != 201 {
		t.Fatalf("%d %s", code, b)
	} else {
		json.Unmarshal(b, &toIQ)
	}
	if code, b := n.raw(t, "jo.liaison", "POST", "/api/v1/requests", jhttp.NewRequestBody{To: []string{"LB-ISF"}, Subject: "Strict for Lebanon", Body: "b", Records: []string{strict.ID}}); code != 201 {
		t.Fatalf("%d %s", code, b)
	} else {
		json.Unmarshal(b, &toLB)
	}
	// A blind hit: Iraq holds the phone; Jordan's analyst asks Iraq.
	var iqRec, joRec jisr.Record
	r := seizureJSON("qxiqholds", jisr.TLPAmber, jisr.Releasability{})
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+9647701234567"}}})
	n.do(t, "iq.analyst", "POST", "/api/v1/records", r, &iqRec)
	r = seizureJSON("qxjoasks", jisr.TLPAmber, jisr.Releasability{})
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {"+964 770 123 4567"}}})
	n.do(t, "jo.analyst", "POST", "/api/v1/records", r, &joRec)
	var hs jhttp.List[jisr.Hit]
	n.do(t, "jo.analyst", "GET", "/api/v1/records/"+joRec.ID+"/hits", nil, &hs)
	blind := ""
	for _, h := range hs.Items {
		if h.Other.Disclosure == jisr.DisclosureBlind {
			blind = h.ID
		}
	}
	if blind == "" {
		t.Fatalf("no blind hit: %+v", hs)
	}
	var aboutHit jisr.Request
	if code, b := n.raw(t, "jo.analyst", "POST", "/api/v1/requests", jhttp.NewRequestBody{To: []string{"IQ-GDNA"}, Subject: "Your match", Body: "b", Hits: []string{blind}}); code != 201 {
		t.Fatalf("%d %s", code, b)
	} else {
		json.Unmarshal(b, &aboutHit)
	}
	n.raw(t, "iq.liaison", "POST", "/api/v1/requests/"+aboutHit.ID+"/answer", jhttp.RequestAnswerBody{Answer: "We hold it."})
	secret := map[string][]string{ // what each caller must never be shown
		"iq.analyst":   {"qxred", red.ID, "qxstrict", strict.ID, "qxprivate", private.ID, "qxjoasks", joRec.ID},
		"iq.liaison":   {"qxstrict", strict.ID, "qxprivate", private.ID, "qxjoasks", joRec.ID},
		"lb.analyst":   {"qxred", red.ID, "qxprivate", private.ID, "qxiqholds", iqRec.ID, toIQ.ID, aboutHit.ID, blind},
		"lb.liaison":   {"qxred", red.ID, "qxprivate", private.ID, "qxiqholds", iqRec.ID, toIQ.ID, aboutHit.ID, blind},
		"sa.officer":   {"qx", red.ID, strict.ID, private.ID, toIQ.ID, toLB.ID, aboutHit.ID, blind},
		"krsc.analyst": {"qx", red.ID, strict.ID, private.ID, toIQ.ID, toLB.ID, aboutHit.ID, blind},
		"jo.analyst":   {"qxiqholds", iqRec.ID},
		"jo.liaison":   {"qxiqholds", iqRec.ID},
		"jo.admin":     {"qx", red.ID, toIQ.ID, toLB.ID, aboutHit.ID},
		"jo.auditor":   {"qx", red.ID, toIQ.ID, toLB.ID, aboutHit.ID},
	}
	parties := map[string][]string{ // request → who sees it
		toIQ.ID:     {"jo.analyst", "jo.liaison", "iq.analyst", "iq.liaison"},
		toLB.ID:     {"jo.analyst", "jo.liaison", "lb.analyst", "lb.liaison"},
		aboutHit.ID: {"jo.analyst", "jo.liaison", "iq.analyst", "iq.liaison"},
	}
	const absent = "0190f000-0000-7000-8000-000000000000"
	_, absentBody := n.raw(t, "jo.analyst", "GET", "/api/v1/requests/"+absent, nil)
	for _, u := range storetest.Users {
		t.Run(u.Username, func(t *testing.T) {
			var seen bytes.Buffer
			for _, p := range []string{"/api/v1/requests?limit=500", "/api/v1/notifications?limit=500", "/api/v1/request-figures"} {
				_, b := n.raw(t, u.Username, "GET", p, nil)
				seen.Write(b)
			}
			for id, party := range parties {
				code, b := n.raw(t, u.Username, "GET", "/api/v1/requests/"+id, nil)
				if slices.Contains(party, u.Username) {
					if code != 200 {
						t.Errorf("party to %s: %d", id, code)
					}
					seen.Write(b)
				} else if code != 404 || !bytes.Equal(b, bytes.ReplaceAll(absentBody, []byte(absent), []byte(id))) {
					t.Errorf("request %s: %d %s, unlike an absent one", id, code, b)
				}
			}
			for _, s := range secret[u.Username] {
				if bytes.Contains(seen.Bytes(), []byte(s)) {
					t.Errorf("%s shown to %s", s, u.Username)
				}
			}
		})
	}
	// The holder sees the hit of the request; the RED record reaches Iraq's
	// liaison only.
	if _, b := n.raw(t, "iq.liaison", "GET", "/api/v1/requests/"+aboutHit.ID, nil); !bytes.Contains(b, []byte(blind)) {
		t.Errorf("holder does not see the hit: %s", b)
	}
	if _, b := n.raw(t, "iq.liaison", "GET", "/api/v1/requests/"+toIQ.ID, nil); !bytes.Contains(b, []byte(red.ID)) {
		t.Errorf("Iraq's liaison does not see the RED record: %s", b)
	}
}
