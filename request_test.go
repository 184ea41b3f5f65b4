package jisr_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// TestRequestValidate: every field of a request is checked, errors name
// the JSON field.
func TestRequestValidate(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	valid := func() *jisr.Request {
		return &jisr.Request{To: []string{"IQ-GDNA"}, Subject: "Phone +962791234567", Body: "Who uses it?", Priority: jisr.PriorityHigh,
			Records: []string{"r1"}, Hits: []string{"h1"}}
	}
	tests := []struct {
		name  string
		edit  func(r *jisr.Request)
		field string
		msg   string
	}{
		{"no addressee", func(r *jisr.Request) { r.To = nil }, "to", "at least one"},
		{"own agency", func(r *jisr.Request) { r.To = []string{"IQ-GDNA", "JO-AND"} }, "to[1]", "your own agency"},
		{"twice", func(r *jisr.Request) { r.To = []string{"IQ-GDNA", "IQ-GDNA"} }, "to[1]", "twice"},
		{"bad code", func(r *jisr.Request) { r.To = []string{"iraq"} }, "to[0]", "agency code"},
		{"too many", func(r *jisr.Request) {
			r.To = nil
			for i := range jisr.MaxRequestTo + 1 {
				r.To = append(r.To, "IQ-A"+string(rune('A'+i%26))+string(rune('A'+i/26)))
			}
		}, "to", "more than 20"},
		{"no subject", func(r *jisr.Request) { r.Subject = "  " }, "subject", "required"},
		{"long subject", func(r *jisr.Request) { r.Subject = strings.Repeat("ط", jisr.MaxSubject+1) }, "subject", "longer than 300"},
		{"NUL in body", func(r *jisr.Request) { r.Body = "a\x00" }, "body", "NUL"},
		{"no body", func(r *jisr.Request) { r.Body = "" }, "body", "say what"},
		{"bad UTF-8 in body", func(r *jisr.Request) { r.Body = "\xff" }, "body", "UTF-8"},
		{"priority", func(r *jisr.Request) { r.Priority = "asap" }, "priority", "urgent, high, routine"},
		{"due in the past", func(r *jisr.Request) { r.Due = now.Add(-time.Minute) }, "due", "future"},
		{"due far away", func(r *jisr.Request) { r.Due = now.AddDate(2, 0, 0) }, "due", "within a year"},
		{"record twice", func(r *jisr.Request) { r.Records = []string{"r1", "r1"} }, "records[1]", "twice"},
		{"empty record", func(r *jisr.Request) { r.Records = []string{""} }, "records[0]", "empty"},
		{"too many records", func(r *jisr.Request) { r.Records = make([]string, jisr.MaxRequestRecords+1) }, "records", "more than 50"},
		{"hit twice", func(r *jisr.Request) { r.Hits = []string{"h", "h"} }, "hits[1]", "twice"},
		{"long hit", func(r *jisr.Request) { r.Hits = []string{strings.Repeat("a", jisr.MaxHitRef+1)} }, "hits[0]", "longer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valid()
			tt.edit(r)
			err := r.Validate("JO-AND", now)
			if jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != tt.field || !strings.Contains(jisr.ErrorMessage(err), tt.msg) {
				t.Fatalf("got %v (field %q), want invalid %q with %q", err, jisr.ErrorField(err), tt.field, tt.msg)
			}
		})
	}
	r := valid()
	r.Priority = ""
	if err := r.Validate("JO-AND", now); err != nil {
		t.Fatal(err)
	}
	if r.Priority != jisr.PriorityRoutine || !r.Due.Equal(now.Add(14*24*time.Hour)) {
		t.Errorf("defaults: %s %v", r.Priority, r.Due)
	}
	if jisr.ErrorField(jisr.ValidateRequestAnswer("reason", " ")) != "reason" || jisr.ValidateRequestAnswer("answer", "yes") != nil {
		t.Error("ValidateRequestAnswer")
	}
	if err := jisr.ValidateRequestAnswer("answer", strings.Repeat("x", jisr.MaxAnswer+1)); jisr.ErrorCode(err) != jisr.EINVALID {
		t.Error("long answer accepted")
	}
}

// TestRequestStates: the overall state and overdue.
func TestRequestStates(t *testing.T) {
	now := time.Now()
	r := &jisr.Request{Due: now.Add(-time.Hour), Replies: []jisr.RequestReply{{Agency: "A", State: jisr.ReqAnswered}, {Agency: "B", State: jisr.ReqAcknowledged}}}
	if r.OverallState() != jisr.ReqAcknowledged || !r.IsOverdue(now) {
		t.Errorf("%s %v", r.OverallState(), r.IsOverdue(now))
	}
	r.Replies[1].State = jisr.ReqRefused
	if r.OverallState() != jisr.ReqRefused || r.IsOverdue(now) {
		t.Errorf("%s %v", r.OverallState(), r.IsOverdue(now))
	}
	r.ClosedAt = &now
	if r.OverallState() != jisr.ReqClosed {
		t.Error(r.OverallState())
	}
	for act, from := range jisr.RequestFrom {
		if jisr.RequestTo[act] == "" || len(from) == 0 {
			t.Errorf("%s: no transition", act)
		}
	}
}
