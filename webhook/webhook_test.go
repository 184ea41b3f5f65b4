package webhook_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/webhook"
)

var secret = []byte("0123456789abcdef0123456789abcdef-iq")

func note() *jisr.Notification {
	return &jisr.Notification{ID: "n-1", Kind: jisr.NoteRequestNew, Object: "req-1", Agency: "JO-AND", Subject: "Truck plate 12-34567",
		Priority: jisr.PriorityHigh, Due: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), CreatedAt: time.Now().UTC(), User: "iq-liaison", Email: "x@y"}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestDeliverySigned: a notice arrives as JSON, signed over timestamp and
// body; the receiver's Verify accepts it and refuses it changed or late.
func TestDeliverySigned(t *testing.T) {
	type got struct {
		h    http.Header
		body []byte
	}
	ch := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- got{r.Header.Clone(), b}
	}))
	defer srv.Close()
	s, err := webhook.New(webhook.Config{Hooks: []webhook.Hook{{Agency: "IQ-GDNA", URL: srv.URL, Secret: secret}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Notify("SA-GDNC", note()) // no hook: nothing
	s.Notify("IQ-GDNA", note())
	var g got
	select {
	case g = <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("nothing arrived")
	}
	ts, sig := g.h.Get(webhook.HeaderTimestamp), g.h.Get(webhook.HeaderSignature)
	if err := webhook.Verify(secret, ts, sig, g.body, time.Now(), 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	if g.h.Get(webhook.HeaderEvent) != jisr.NoteRequestNew || g.h.Get(webhook.HeaderDelivery) != "n-1" || g.h.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", g.h)
	}
	var p webhook.Payload
	if err := json.Unmarshal(g.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.Agency != "IQ-GDNA" || p.Other != "JO-AND" || p.Object != "req-1" || p.Subject != "Truck plate 12-34567" || p.Priority != jisr.PriorityHigh {
		t.Errorf("payload %+v", p)
	}
	if strings.Contains(string(g.body), "iq-liaison") || strings.Contains(string(g.body), "x@y") {
		t.Error("the payload names a user")
	}
	if webhook.Verify(secret, ts, sig, append(g.body, ' '), time.Now(), 5*time.Minute) == nil {
		t.Error("changed body verified")
	}
	if webhook.Verify([]byte("another secret of thirty-two bytes!!"), ts, sig, g.body, time.Now(), 5*time.Minute) == nil {
		t.Error("another secret verified")
	}
	if webhook.Verify(secret, ts, sig, g.body, time.Now().Add(10*time.Minute), 5*time.Minute) == nil {
		t.Error("a replay 10 minutes later verified")
	}
	if _, err := webhook.New(webhook.Config{Hooks: []webhook.Hook{{Agency: "IQ-GDNA", URL: srv.URL, Secret: []byte("short")}}}); err == nil {
		t.Error("short secret accepted")
	}
	if _, err := webhook.New(webhook.Config{Hooks: []webhook.Hook{{Agency: "IQ-GDNA", URL: "ftp://x", Secret: secret}}}); err == nil {
		t.Error("ftp accepted")
	}
}

// TestRetries: failures are retried with back-off up to the bound; a 4xx
// other than 408/429 is not retried.
func TestRetries(t *testing.T) {
	for _, tc := range []struct {
		name      string
		answers   []int // status per attempt; the last repeats
		attempts  int32
		delivered bool
	}{
		{"two 503 then 200", []int{503, 503, 200}, 3, true},
		{"429 then 204", []int{429, 204}, 2, true},
		{"always 500: bounded", []int{500}, 4, false},
		{"400: not retried", []int{400}, 1, false},
		{"redirect: not followed", []int{302}, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			var times [10]time.Time
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if i < len(times) {
					times[i] = time.Now()
				}
				code := tc.answers[min(i, len(tc.answers)-1)]
				if code == 302 {
					w.Header().Set("Location", "http://127.0.0.1:1/")
				}
				w.WriteHeader(code)
			}))
			defer srv.Close()
			s, err := webhook.New(webhook.Config{Hooks: []webhook.Hook{{Agency: "IQ-GDNA", URL: srv.URL, Secret: secret}},
				Attempts: 4, Backoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			s.Notify("IQ-GDNA", note())
			waitFor(t, "the delivery to end", func() bool { return s.Delivered.Load()+s.Failed.Load() == 1 })
			s.Close()
			if n.Load() != tc.attempts || (s.Delivered.Load() == 1) != tc.delivered {
				t.Errorf("%d attempts, delivered %d, failed %d", n.Load(), s.Delivered.Load(), s.Failed.Load())
			}
			for i := 1; i < int(tc.attempts); i++ {
				if d := times[i].Sub(times[i-1]); d < 10*time.Millisecond {
					t.Errorf("attempt %d only %v after the previous one: no back-off", i+1, d)
				}
			}
		})
	}
}

// TestQueueBounded: with the endpoint stuck, notices beyond the queue are
// dropped at once, and Close does not wait for the back-off.
func TestQueueBounded(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.WriteHeader(503)
	}))
	defer srv.Close()
	defer close(release)
	s, err := webhook.New(webhook.Config{Hooks: []webhook.Hook{{Agency: "IQ-GDNA", URL: srv.URL, Secret: secret}},
		Queue: 2, Workers: 1, Backoff: time.Hour, MaxBackoff: time.Hour, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for range 10 {
		s.Notify("IQ-GDNA", note())
	}
	if time.Since(start) > time.Second {
		t.Error("Notify blocked")
	}
	waitFor(t, "drops", func() bool { return s.Dropped.Load() >= 7 })
	time.Sleep(300 * time.Millisecond) // the first attempt times out; the worker waits its back-off
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the back-off")
	}
}
