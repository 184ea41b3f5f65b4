package policy_test

import (
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// TestOperationWhoMay: who opens, sees and changes a joint operation led
// by JO-AND with IQ-GDNA and LB-ISF, observed by SA-GDNC, whose delivery
// runs IQ-GDNA → JO-AND → LB-ISF and is on its first leg.
func TestOperationWhoMay(t *testing.T) {
	o := &jisr.Operation{Lead: "JO-AND", Participants: []string{"JO-AND", "IQ-GDNA", "LB-ISF"}, Observers: []string{"SA-GDNC"}}
	d := &jisr.Delivery{Current: 0, Legs: []jisr.Leg{{Agency: "IQ-GDNA"}, {Agency: "JO-AND"}, {Agency: "LB-ISF"}}}
	task := &jisr.OpTask{OwnerAgency: "IQ-GDNA", Owner: "IQ-GDNA-analyst"}
	all := []string{jisr.OpActLink, jisr.OpActEvent, jisr.OpActNote, jisr.OpActTask, jisr.OpActTaskDone, jisr.OpActWiden, jisr.OpActClose,
		jisr.OpActDelivery, jisr.OpActStart, jisr.OpActHandover, jisr.OpActAcknowledge, jisr.OpActOutcome}
	reading := []string{jisr.OpActLink, jisr.OpActEvent, jisr.OpActNote}
	tests := []struct {
		name   string
		p      jisr.Principal
		opens  bool
		sees   bool
		allows []string
	}{
		{"lead liaison", who("JO-AND", "JO", jisr.RoleLiaison), true, true,
			append(reading, jisr.OpActTask, jisr.OpActWiden, jisr.OpActClose, jisr.OpActDelivery, jisr.OpActStart, jisr.OpActAcknowledge, jisr.OpActOutcome)},
		{"lead analyst", who("JO-AND", "JO", jisr.RoleAnalyst), false, true, reading},
		{"lead administrator", who("JO-AND", "JO", jisr.RoleAdmin), false, false, nil},
		{"first-leg liaison (task owner's agency)", who("IQ-GDNA", "IQ", jisr.RoleLiaison), true, true,
			append(reading, jisr.OpActTask, jisr.OpActTaskDone, jisr.OpActStart, jisr.OpActHandover, jisr.OpActOutcome)},
		{"first-leg analyst, the task's owner", who("IQ-GDNA", "IQ", jisr.RoleAnalyst), false, true, append(reading, jisr.OpActTaskDone)},
		{"first-leg officer", who("IQ-GDNA", "IQ", jisr.RoleOfficer), false, true, reading},
		{"last-leg supervisor", who("LB-ISF", "LB", jisr.RoleSupervisor), true, true, append(reading, jisr.OpActTask)},
		{"observer liaison", who("SA-GDNC", "SA", jisr.RoleLiaison), true, true, nil},
		{"uninvolved liaison", who("IQ-KRSC", "IQ", jisr.RoleLiaison), true, false, nil},
		{"the node", jisr.Principal{System: true}, false, false, nil},
	}
	for _, c := range tests {
		if got := policy.CanOpenOperation(c.p) == nil; got != c.opens {
			t.Errorf("%s opens: %v", c.name, got)
		}
		if got := policy.SeesOperation(c.p, o); got != c.sees {
			t.Errorf("%s sees: %v", c.name, got)
		}
		for _, act := range all {
			want := false
			for _, a := range c.allows {
				want = want || a == act
			}
			got := policy.CanActOnOperation(c.p, &jisr.OperationAct{Action: act}, o, d, task) == nil
			if got != want {
				t.Errorf("%s %s: %v, want %v", c.name, act, got, want)
			}
		}
	}
	// Once handed over, the next leg's agency acknowledges; the giver no
	// longer may.
	joL, iqL := who("JO-AND", "JO", jisr.RoleLiaison), who("IQ-GDNA", "IQ", jisr.RoleLiaison)
	ack := &jisr.OperationAct{Action: jisr.OpActAcknowledge}
	if policy.CanActOnOperation(joL, ack, o, d, nil) != nil || policy.CanActOnOperation(iqL, ack, o, d, nil) == nil {
		t.Error("acknowledging is the next leg's agency's")
	}
}
