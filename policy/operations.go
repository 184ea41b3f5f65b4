package policy

import (
	"slices"

	"github.com/jisr-cell/jisr"
)

// Joint operations and controlled deliveries (jisr.Operation): who opens,
// sees and changes them. The rules are listed in the package comment.

// CanOpenOperation checks that p may open a joint operation led by its
// agency: its liaison officers and supervisors.
func CanOpenOperation(p jisr.Principal) error {
	if p.Agency == "" || !cleared(p.Role) {
		return denied("f_op_open")
	}
	return nil
}

// SeesOperation reports whether p may see o: the reading roles of its
// participants and of the agencies it was widened to. For anyone else it
// does not exist.
func SeesOperation(p jisr.Principal, o *jisr.Operation) bool {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return false
	}
	return slices.Contains(o.Participants, p.Agency) || slices.Contains(o.Observers, p.Agency)
}

// CanActOnOperation checks that p, who sees o, may make the change a (its
// delivery d, task t when it names one). Observers change nothing. Any
// participant's reading role links records (it reads: the engine checks),
// writes the timeline and notes a delivery's position; tasks are set by
// participants' liaison officers and supervisors and done by the owning
// agency (its owner user, or its liaison officers and supervisors); the
// lead agency's liaison officers and supervisors widen, close and plan
// deliveries; a delivery is started by the lead or the first leg's agency,
// handed over by the agency watching the current leg and acknowledged by
// the agency of the next leg (their liaison officers and supervisors); its
// outcome is set by the lead or the agency watching the current leg.
func CanActOnOperation(p jisr.Principal, a *jisr.OperationAct, o *jisr.Operation, d *jisr.Delivery, t *jisr.OpTask) error {
	if !slices.Contains(o.Participants, p.Agency) || !CanReadRecords(p.Role) {
		return denied("f_op_change")
	}
	lead := p.Agency == o.Lead && cleared(p.Role)
	watcher := func(i int) bool {
		return d != nil && i >= 0 && i < len(d.Legs) && d.Legs[i].Agency == p.Agency && cleared(p.Role)
	}
	switch a.Action {
	case jisr.OpActLink, jisr.OpActEvent, jisr.OpActNote:
		return nil
	case jisr.OpActTask:
		if !cleared(p.Role) {
			return denied("f_op_tasks")
		}
		return nil
	case jisr.OpActTaskDone:
		if t == nil || t.OwnerAgency != p.Agency || (t.Owner != "" && t.Owner != p.Username && !cleared(p.Role)) || (t.Owner == "" && !cleared(p.Role)) {
			return denied("f_op_task_done")
		}
		return nil
	case jisr.OpActWiden, jisr.OpActClose, jisr.OpActDelivery:
		if !lead {
			return denied("f_op_lead")
		}
		return nil
	case jisr.OpActStart:
		if !lead && !watcher(0) {
			return denied("f_delivery_start")
		}
		return nil
	case jisr.OpActHandover:
		if !watcher(d.Current) {
			return denied("f_delivery_handover")
		}
		return nil
	case jisr.OpActAcknowledge:
		if !watcher(d.Current + 1) {
			return denied("f_delivery_ack")
		}
		return nil
	case jisr.OpActOutcome:
		if !lead && !watcher(d.Current) {
			return denied("f_delivery_outcome")
		}
		return nil
	}
	return jisr.Because("action", "op_action")
}

// NotifiesOperation reports whether user u (in agency a) is told kind
// (jisr.NoteOperation…) about o after agency actor acted: only users who
// see the operation (SeesOperation), never the acting agency's own, and
// its liaison officers and supervisors — an invitation goes to the
// agencies taking part or widened to, a change to the other participants
// (observers read the operation but are not told of each change).
func NotifiesOperation(kind string, o *jisr.Operation, actor string, u *jisr.User, a *jisr.Agency) bool {
	if u.Disabled || a == nil || a.Code != u.Agency || u.Agency == actor || !cleared(u.Role) {
		return false
	}
	p := jisr.Principal{Username: u.Username, Agency: u.Agency, Country: a.Country, Groups: a.Groups, Role: u.Role}
	if !SeesOperation(p, o) {
		return false
	}
	switch kind {
	case jisr.NoteOperationInvited:
		return true
	case jisr.NoteOperationChanged:
		return slices.Contains(o.Participants, u.Agency)
	}
	return false
}
