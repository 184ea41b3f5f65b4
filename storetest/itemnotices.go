package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

type itemNoticeStore interface {
	OutcomeStore
	jisr.NotificationService
}

// testItemNotices (issue 11): joint operations and agreed disclosures tell
// the agencies concerned through the notification service — invitations,
// changes of state, proposals, consents, refusals, approval — only users
// who see the item (the acting agency's own are not told), and a notice
// carries the item's name and the acting agency, never a record nor a
// refusal's reason.
func testItemNotices(t *testing.T, st Store) {
	ctx := context.Background()
	s, ok := st.(itemNoticeStore)
	if !ok {
		t.Skip("the store has no notices of operations")
	}
	Seed(t, s)
	joL, iq, iqL, lbL, sa := As(t, s, "jo.liaison"), As(t, s, "iq.analyst"), As(t, s, "iq.liaison"), As(t, s, "lb.liaison"), As(t, s, "sa.officer")
	notes := func(p jisr.Principal) []string {
		t.Helper()
		ns, _, err := s.Notifications(ctx, p, jisr.NotificationFilter{Page: jisr.Page{Limit: 500}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, n := range ns {
			if strings.HasPrefix(n.Kind, "operation.") || strings.HasPrefix(n.Kind, "disclosure.") {
				out = append(out, n.Kind+" "+n.Agency+" "+n.Subject)
			}
		}
		slices.Sort(out)
		return out
	}
	all := func(p jisr.Principal) string {
		ns, _, _ := s.Notifications(ctx, p, jisr.NotificationFilter{Page: jisr.Page{Limit: 500}})
		b, _ := json.Marshal(ns)
		return string(b)
	}
	o := &jisr.Operation{Name: "Operation Fig", Participants: []string{"IQ-GDNA"}}
	if err := s.CreateOperation(ctx, joL, o); err != nil {
		t.Fatal(err)
	}
	if got := notes(iqL); !slices.Equal(got, []string{"operation.invited JO-AND Operation Fig"}) {
		t.Errorf("iq.liaison after the invitation: %v", got)
	}
	for _, p := range []jisr.Principal{iq, joL, lbL, sa} { // an analyst, the acting agency, outsiders
		if got := notes(p); len(got) != 0 {
			t.Errorf("%s told: %v", p.Username, got)
		}
	}
	// Widening to Lebanon invites it; a timeline entry tells no one; a
	// task and closing are changes the other participants are told of —
	// observers read the operation but are not told of each change.
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActWiden, Agencies: []string{"LB-ISF"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActEvent, Text: "Meeting at Trebil"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActOnOperation(ctx, iqL, o.ID, &jisr.OperationAct{Action: jisr.OpActClose}); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("Iraq closed Jordan's operation: %v", err)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActClose}); err != nil {
		t.Fatal(err)
	}
	if got := notes(iqL); !slices.Equal(got, []string{"operation.changed JO-AND Operation Fig", "operation.invited JO-AND Operation Fig"}) {
		t.Errorf("iq.liaison: %v", got)
	}
	if got := notes(lbL); !slices.Equal(got, []string{"operation.invited JO-AND Operation Fig"}) {
		t.Errorf("lb.liaison (observer): %v", got)
	}
	if got := notes(joL); len(got) != 0 {
		t.Errorf("the acting agency told of its own acts: %v", got)
	}

	// A disclosure: Iraq and Lebanon's records; Lebanon's is not Iraq's to read.
	op := &jisr.Operation{Name: "Operation Date", Participants: []string{"IQ-GDNA", "LB-ISF"}}
	if err := s.CreateOperation(ctx, joL, op); err != nil {
		t.Fatal(err)
	}
	iqRec := Seizure("qxnoteiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	if err := s.CreateRecord(ctx, iqL, iqRec); err != nil {
		t.Fatal(err)
	}
	lbRec := Seizure("qxnotelb", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	if err := s.CreateRecord(ctx, lbL, lbRec); err != nil {
		t.Fatal(err)
	}
	d := &jisr.Disclosure{Operation: op.ID, Title: "Joint seizure of dates", Text: "Three agencies seized pills.", Records: []string{iqRec.ID, lbRec.ID}}
	if err := s.CreateDisclosure(ctx, joL, d); err != nil {
		t.Fatal(err)
	}
	const prop = "disclosure.proposed JO-AND Joint seizure of dates"
	for _, p := range []jisr.Principal{iqL, lbL} {
		if got := notes(p); !slices.Contains(got, prop) {
			t.Errorf("%s not asked for consent: %v", p.Username, got)
		}
	}
	if err := s.ActOnDisclosure(ctx, lbL, d.ID, jisr.DiscActRefuse, "", "Our source qxsecretreason would be exposed."); err != nil {
		t.Fatal(err)
	}
	if err := s.ActOnDisclosure(ctx, iqL, d.ID, jisr.DiscActConsent, "", ""); err != nil {
		t.Fatal(err)
	}
	got := notes(joL)
	for _, want := range []string{"disclosure.refused LB-ISF Joint seizure of dates", "disclosure.consented IQ-GDNA Joint seizure of dates"} {
		if !slices.Contains(got, want) {
			t.Errorf("the drafting agency not told %q: %v", want, got)
		}
	}
	// The edit asks again; the approval is told to the originators.
	if err := s.ActOnDisclosure(ctx, joL, d.ID, jisr.DiscActEdit, "Joint seizure of dates", "Three agencies seized pills this autumn."); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(strings.Join(notes(lbL), "\n"), prop); n != 2 {
		t.Errorf("lb.liaison asked %d times, want 2 (draft, edit)", n)
	}
	for _, p := range []jisr.Principal{lbL, iqL} {
		if err := s.ActOnDisclosure(ctx, p, d.ID, jisr.DiscActConsent, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.ActOnDisclosure(ctx, joL, d.ID, jisr.DiscActApprove, "", ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []jisr.Principal{lbL, iqL} {
		if got := notes(p); !slices.Contains(got, "disclosure.approved JO-AND Joint seizure of dates") {
			t.Errorf("%s not told of the approval: %v", p.Username, got)
		}
	}
	// Never a record, a refusal's reason, nor anything to an outsider or
	// an analyst.
	for _, p := range []jisr.Principal{joL, iqL, lbL, iq, sa} {
		b := all(p)
		for _, secret := range []string{"qxsecretreason", iqRec.ID, lbRec.ID, "qxnote", "Three agencies"} {
			if strings.Contains(b, secret) {
				t.Errorf("%s's notices carry %q", p.Username, secret)
			}
		}
	}
	for _, p := range []jisr.Principal{iq, sa} {
		if got := notes(p); len(got) != 0 {
			t.Errorf("%s told: %v", p.Username, got)
		}
	}
}
