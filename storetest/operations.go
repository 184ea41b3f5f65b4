package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// OperationStore is a store with joint operations (issue 11).
type OperationStore interface {
	Store
	jisr.OperationService
}

func operationStore(t *testing.T, s Store) OperationStore {
	t.Helper()
	os, ok := s.(OperationStore)
	if !ok {
		t.Skip("the store has no operations")
	}
	return os
}

// testOperations: a joint operation with a controlled delivery across
// three agencies: who sees it, who may make each change and who may not,
// the hand-overs leg by leg, and linked records shown only to who reads
// them.
func testOperations(t *testing.T, st Store) {
	ctx := context.Background()
	s := operationStore(t, st)
	Seed(t, s)
	jo, joL, joAdm := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "jo.admin")
	iq, iqL, lb, lbL, sa := As(t, s, "iq.analyst"), As(t, s, "iq.liaison"), As(t, s, "lb.analyst"), As(t, s, "lb.liaison"), As(t, s, "sa.officer")

	o := &jisr.Operation{Name: "Operation Pomegranate", Summary: "A refrigerated truck from Trebil to Beirut port.", Participants: []string{"IQ-GDNA", "LB-ISF"}}
	if err := s.CreateOperation(ctx, jo, o); code(err) != jisr.EFORBIDDEN {
		t.Fatalf("an analyst opened an operation: %v", err)
	}
	if err := s.CreateOperation(ctx, joL, &jisr.Operation{Name: "Alone"}); code(err) != jisr.EINVALID || jisr.ErrorField(err) != "participants" {
		t.Fatalf("an operation of one agency: %v", err)
	}
	if err := s.CreateOperation(ctx, joL, &jisr.Operation{Name: "x", Participants: []string{"IQ-NOPE"}}); code(err) != jisr.EINVALID || jisr.ErrorField(err) != "participants[0]" {
		t.Fatalf("unknown agency: %v", err)
	}
	if err := s.CreateOperation(ctx, joL, o); err != nil {
		t.Fatal(err)
	}
	if o.Lead != "JO-AND" || o.State != jisr.OpOpen || !slices.Equal(o.Participants, []string{"JO-AND", "IQ-GDNA", "LB-ISF"}) {
		t.Fatalf("created %+v", o)
	}
	const absent = "0190f000-0000-7000-8000-000000000000"
	for _, c := range []struct {
		p    jisr.Principal
		sees bool
	}{{jo, true}, {iq, true}, {lb, true}, {sa, false}, {joAdm, false}} {
		_, err := s.Operation(ctx, c.p, o.ID)
		if c.sees != (err == nil) {
			t.Errorf("%s reads the operation: %v", c.p.Username, err)
		}
		if !c.sees {
			_, e2 := s.Operation(ctx, c.p, absent)
			if jisr.ErrorMessage(err) != strings.ReplaceAll(jisr.ErrorMessage(e2), absent, o.ID) {
				t.Errorf("%s: hidden %v, absent %v", c.p.Username, err, e2)
			}
			if _, err := s.ActOnOperation(ctx, c.p, o.ID, &jisr.OperationAct{Action: jisr.OpActEvent, Text: "x"}); code(err) != jisr.ENOTFOUND {
				t.Errorf("%s writes the timeline: %v", c.p.Username, err)
			}
		}
	}

	// Linked records: each participant links what it reads; each sees only
	// what it reads.
	joPrivate := Seizure("qxopjoprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, jo, joPrivate); err != nil {
		t.Fatal(err)
	}
	lbPrivate := Seizure("qxoplbprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, lb, lbPrivate); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActOnOperation(ctx, iq, o.ID, &jisr.OperationAct{Action: jisr.OpActLink, Records: []string{joPrivate.ID}}); code(err) != jisr.ENOTFOUND || jisr.ErrorField(err) != "records[0]" {
		t.Errorf("Iraq linked a Jordanian record it may not read: %v", err)
	}
	for _, c := range []struct {
		p  jisr.Principal
		id string
	}{{jo, joPrivate.ID}, {lb, lbPrivate.ID}} {
		if _, err := s.ActOnOperation(ctx, c.p, o.ID, &jisr.OperationAct{Action: jisr.OpActLink, Records: []string{c.id}}); err != nil {
			t.Fatalf("%s links: %v", c.p.Username, err)
		}
	}
	for _, c := range []struct {
		p    jisr.Principal
		want []string
	}{{jo, []string{joPrivate.ID}}, {lb, []string{lbPrivate.ID}}, {iq, []string{}}} {
		v, err := s.Operation(ctx, c.p, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(v.Records, c.want) {
			t.Errorf("%s sees records %v, want %v", c.p.Username, v.Records, c.want)
		}
		b, _ := json.Marshal(v)
		for _, r := range []*jisr.Record{joPrivate, lbPrivate} {
			if !slices.Contains(c.want, r.ID) && (strings.Contains(string(b), r.ID) || strings.Contains(string(b), "qxop")) {
				t.Errorf("%s: the operation shows a record it may not read: %s", c.p.Username, b)
			}
		}
	}

	// Tasks.
	due := time.Now().Add(48 * time.Hour)
	if _, err := s.ActOnOperation(ctx, iq, o.ID, &jisr.OperationAct{Action: jisr.OpActTask, Title: "Photograph the seals", OwnerAg: "IQ-GDNA", Due: due}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("an analyst set a task: %v", err)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActTask, Title: "x", OwnerAg: "SA-GDNC", Due: due}); code(err) != jisr.EINVALID {
		t.Errorf("a task for an agency outside the operation: %v", err)
	}
	task, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActTask, Title: "Photograph the seals at Trebil", OwnerAg: "IQ-GDNA", Due: due})
	if err != nil || task == "" {
		t.Fatalf("task: %q %v", task, err)
	}
	for _, c := range []struct {
		p    jisr.Principal
		want string
	}{{joL, jisr.EFORBIDDEN}, {lbL, jisr.EFORBIDDEN}, {iq, jisr.EFORBIDDEN}, {iqL, ""}, {iqL, jisr.ECONFLICT}} {
		if _, err := s.ActOnOperation(ctx, c.p, o.ID, &jisr.OperationAct{Action: jisr.OpActTaskDone, Task: task}); code(err) != c.want {
			t.Errorf("%s does the task: %v, want %q", c.p.Username, err, c.want)
		}
	}

	// The controlled delivery: Trebil (Iraq) → Amman (Jordan) → Beirut port (Lebanon).
	legs := []jisr.Leg{{From: "Baghdad", To: "Trebil", Kind: "crossing", Agency: "IQ-GDNA"},
		{From: "Trebil", To: "Ramtha", Kind: "crossing", Agency: "JO-AND"},
		{From: "Ramtha", To: "Beirut port", Kind: "port", Agency: "LB-ISF"}}
	if _, err := s.ActOnOperation(ctx, iqL, o.ID, &jisr.OperationAct{Action: jisr.OpActDelivery, Text: "truck", Legs: legs}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("a participant other than the lead planned a delivery: %v", err)
	}
	bad := slices.Clone(legs)
	bad[1].Agency = "SA-GDNC"
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActDelivery, Text: "truck", Legs: bad}); code(err) != jisr.EINVALID || jisr.ErrorField(err) != "legs[1].agency" {
		t.Errorf("a leg watched by an outsider: %v", err)
	}
	del, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActDelivery, Text: "Refrigerated truck, plate 40-81295", Legs: legs})
	if err != nil {
		t.Fatal(err)
	}
	act := func(p jisr.Principal, action, text string) error {
		a := &jisr.OperationAct{Action: action, Delivery: del, Text: text}
		if action == jisr.OpActOutcome {
			a.State = jisr.DelDelivered
		}
		_, err := s.ActOnOperation(ctx, p, o.ID, a)
		return err
	}
	steps := []struct {
		p      jisr.Principal
		action string
		want   string
	}{
		{iqL, jisr.OpActHandover, jisr.ECONFLICT}, // not started
		{lbL, jisr.OpActStart, jisr.EFORBIDDEN},   // neither lead nor first leg
		{iqL, jisr.OpActStart, ""},                // the first leg's agency
		{iqL, jisr.OpActStart, jisr.ECONFLICT},
		{iq, jisr.OpActNote, ""}, // any participant notes a position
		{joL, jisr.OpActHandover, jisr.EFORBIDDEN},
		{iq, jisr.OpActHandover, jisr.EFORBIDDEN}, // the watcher's analyst
		{iqL, jisr.OpActHandover, ""},
		{iqL, jisr.OpActHandover, jisr.ECONFLICT},
		{lbL, jisr.OpActAcknowledge, jisr.EFORBIDDEN}, // not the next leg
		{iqL, jisr.OpActAcknowledge, jisr.EFORBIDDEN}, // the giver
		{joL, jisr.OpActAcknowledge, ""},
		{joL, jisr.OpActAcknowledge, jisr.EFORBIDDEN}, // now the watcher: the next leg is Lebanon's
		{joL, jisr.OpActHandover, ""},
		{lbL, jisr.OpActAcknowledge, ""},
		{lbL, jisr.OpActHandover, jisr.ECONFLICT}, // the end of the route
		{iqL, jisr.OpActOutcome, jisr.EFORBIDDEN}, // a former watcher
	}
	for i, c := range steps {
		if err := act(c.p, c.action, "position"); code(err) != c.want {
			t.Fatalf("step %d: %s %s: %v, want %q", i, c.p.Username, c.action, err, c.want)
		}
	}
	if _, err := s.ActOnOperation(ctx, lbL, o.ID, &jisr.OperationAct{Action: jisr.OpActOutcome, Delivery: del, State: jisr.DelInterdicted, Text: "Seized at Beirut port: 1.2 million pills."}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Operation(ctx, iq, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	d := v.Delivery(del)
	if d.State != jisr.DelInterdicted || d.Current != 2 || d.Legs[1].AckBy != "jo.liaison" || d.Legs[2].HandedBy != "jo.liaison" || d.Legs[2].AckBy != "lb.liaison" || len(d.Notes) != 1 {
		t.Errorf("delivery %+v", d)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActDelivery, Delivery: absent}); code(err) != jisr.EINVALID {
		t.Errorf("a delivery without a route: %v", err)
	}
	if err := act(joL, jisr.OpActNote, "x"); code(err) != jisr.ECONFLICT {
		t.Errorf("a note on an ended delivery: %v", err)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActNote, Delivery: absent, Text: "x"}); code(err) != jisr.ENOTFOUND {
		t.Errorf("an absent delivery: %v", err)
	}

	// Widening: the lead shows the operation to Saudi Arabia, which reads
	// it (not the records it may not read) and changes nothing.
	if _, err := s.ActOnOperation(ctx, iqL, o.ID, &jisr.OperationAct{Action: jisr.OpActWiden, Agencies: []string{"SA-GDNC"}}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("a participant widened: %v", err)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActWiden, Agencies: []string{"SA-GDNC"}}); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Operation(ctx, sa, o.ID); err != nil || len(v.Records) != 0 {
		t.Errorf("the observer: %+v %v", v, err)
	}
	if _, err := s.ActOnOperation(ctx, sa, o.ID, &jisr.OperationAct{Action: jisr.OpActEvent, Text: "x"}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("an observer wrote the timeline: %v", err)
	}
	if list, _, err := s.Operations(ctx, sa, jisr.Page{}); err != nil || len(list) != 1 {
		t.Errorf("the observer's list: %v %v", list, err)
	}
	// Closing: the lead only; then nothing changes.
	if _, err := s.ActOnOperation(ctx, lbL, o.ID, &jisr.OperationAct{Action: jisr.OpActClose}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("a participant closed: %v", err)
	}
	if _, err := s.ActOnOperation(ctx, joL, o.ID, &jisr.OperationAct{Action: jisr.OpActClose}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ActOnOperation(ctx, jo, o.ID, &jisr.OperationAct{Action: jisr.OpActEvent, Text: "late"}); code(err) != jisr.ECONFLICT {
		t.Errorf("the timeline of a closed operation: %v", err)
	}
	if list, _, err := s.Operations(ctx, As(t, s, "krsc.analyst"), jisr.Page{}); err != nil || len(list) != 0 {
		t.Errorf("an uninvolved agency lists %v %v", list, err)
	}
}
