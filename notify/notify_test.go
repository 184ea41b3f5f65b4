package notify_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/notify"
)

func note(kind string) *jisr.Notification {
	return &jisr.Notification{ID: "n1", Kind: kind, Object: "0193-req", Agency: "IQ-GDNA", Subject: "Phone +962791234567",
		Priority: jisr.PriorityUrgent, Due: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), User: "jo-liaison"}
}

// TestText: every kind has a text in every language, without formatting
// errors, naming the agency and the subject.
func TestText(t *testing.T) {
	for _, lang := range []string{"ar", "en", "fr"} {
		for _, k := range jisr.NoteKinds {
			s, b := notify.Text(lang, note(k), "https://jisr.example/requests/0193-req")
			if strings.Contains(s+b, "%!") || !strings.Contains(s, "IQ-GDNA") || !strings.Contains(b, "Phone +962791234567") || !strings.Contains(b, "0193-req") {
				t.Errorf("%s %s: %q / %q", lang, k, s, b)
			}
		}
	}
	s, _ := notify.Text("ar", note(jisr.NoteRequestNew), "")
	if !strings.Contains(s, "طلب جديد") || !strings.Contains(s, "عاجل") || !strings.Contains(s, "\u2066IQ-GDNA\u2069") {
		t.Errorf("Arabic: %q", s)
	}
	if s, _ := notify.Text("de", note(jisr.NoteRequestAnswered), ""); s != "IQ-GDNA answered your request" {
		t.Errorf("fallback: %q", s)
	}
}

// TestHub: a notice reaches every stream of its recipient and nobody
// else's; slow streams are dropped, never waited for; streams are bounded.
func TestHub(t *testing.T) {
	h := notify.NewHub()
	a1, a2, b := h.Subscribe("jo-liaison"), h.Subscribe("jo-liaison"), h.Subscribe("iq-liaison")
	h.Publish(note(jisr.NoteRequestNew))
	for _, s := range []*notify.Stream{a1, a2} {
		select {
		case n := <-s.C:
			if n.Kind != jisr.NoteRequestNew {
				t.Error(n.Kind)
			}
		case <-time.After(time.Second):
			t.Fatal("no notice")
		}
	}
	select {
	case n := <-b.C:
		t.Fatalf("another user got %v", n)
	default:
	}
	// A stream nobody reads is dropped once its buffer is full.
	for range notify.StreamBuffer + 1 {
		h.Publish(note(jisr.NoteRequestNew))
	}
	n := 0
	for range a1.C {
		n++
	}
	if n != notify.StreamBuffer {
		t.Errorf("slow stream delivered %d before closing", n)
	}
	a2.Close()
	b.Close()
	if h.Streams() != 0 {
		t.Errorf("%d streams left", h.Streams())
	}
	// At most MaxStreamsPerUser streams per user.
	var ss []*notify.Stream
	for range notify.MaxStreamsPerUser + 3 {
		ss = append(ss, h.Subscribe("u"))
	}
	if h.Streams() != notify.MaxStreamsPerUser {
		t.Errorf("%d streams", h.Streams())
	}
	var wg sync.WaitGroup
	for _, s := range ss {
		wg.Go(func() { s.Close() })
		wg.Go(func() { h.Publish(&jisr.Notification{User: "u"}) })
	}
	wg.Wait()
	if h.Streams() != 0 {
		t.Errorf("%d streams left", h.Streams())
	}
}

// TestHubCloseAll: stopping ends every stream, and later ones at once.
func TestHubCloseAll(t *testing.T) {
	h := notify.NewHub()
	a, b := h.Subscribe("a"), h.Subscribe("b")
	h.CloseAll()
	for _, s := range []*notify.Stream{a, b, h.Subscribe("c")} {
		select {
		case _, ok := <-s.C:
			if ok {
				t.Error("a notice after CloseAll")
			}
		case <-time.After(time.Second):
			t.Fatal("stream still open")
		}
	}
	h.Publish(&jisr.Notification{User: "a"})
	a.Close()
	if h.Streams() != 0 {
		t.Error(h.Streams())
	}
}
