package policy

import (
	"slices"

	"github.com/jisr-cell/jisr"
)

// Outcomes (jisr.Outcome) and agreed disclosures (jisr.Disclosure). The
// rules are listed in the package comment.

// CanReportOutcome checks that p may report what a lead led to: every
// reading role of an agency (officers in the field report raids); what
// the lead is and which records show it must be seen by p (the engine
// finds them as p may see them).
func CanReportOutcome(p jisr.Principal) error {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return denied("f_outcome_report")
	}
	return nil
}

// SeesOutcome reports whether p may see o: the reading roles of the
// reporting agency and of the agencies the lead came from.
func SeesOutcome(p jisr.Principal, o *jisr.Outcome) bool {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return false
	}
	return p.Agency == o.Agency || slices.Contains(o.Leads, p.Agency)
}

// SeesDisclosure reports whether p may see d: the reading roles of the
// operation's participants (participants) and of the originating
// agencies of the records it draws on.
func SeesDisclosure(p jisr.Principal, d *jisr.Disclosure, participants []string) bool {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return false
	}
	return slices.Contains(participants, p.Agency) || slices.Contains(d.Originators, p.Agency)
}

// CanDraftDisclosure checks that p may draft a disclosure of an operation
// with participants: a participant's liaison officers and supervisors.
func CanDraftDisclosure(p jisr.Principal, participants []string) error {
	if !slices.Contains(participants, p.Agency) || !cleared(p.Role) {
		return denied("f_disc_draft")
	}
	return nil
}

// CanActOnDisclosure checks that p, who sees d, may do action
// (jisr.DiscAct…): the drafting agency's liaison officers and supervisors
// edit and approve; an originating agency's liaison officers and
// supervisors consent or refuse, for their agency only. Nobody else
// consents for an agency; approval needs every originator's consent (the
// engine's state check).
func CanActOnDisclosure(p jisr.Principal, action string, d *jisr.Disclosure) error {
	if !cleared(p.Role) {
		return denied("f_disc_answer")
	}
	switch action {
	case jisr.DiscActEdit, jisr.DiscActApprove:
		if p.Agency != d.Agency {
			return denied("f_disc_edit")
		}
		return nil
	case jisr.DiscActConsent, jisr.DiscActRefuse:
		if !slices.Contains(d.Originators, p.Agency) {
			return denied("f_disc_consent")
		}
		return nil
	}
	return jisr.Because("action", "disc_action")
}

// NotifiesDisclosure reports whether user u (in agency a) is told kind
// (jisr.NoteDisclosure…) about d, drafted in an operation with
// participants, after agency actor acted: only users who see the
// disclosure (SeesDisclosure), never the acting agency's own, and its
// liaison officers and supervisors — those who answer. A proposal (new or
// edited draft) and an approval go to the originating agencies, a consent
// or a refusal to the drafting agency.
func NotifiesDisclosure(kind string, d *jisr.Disclosure, participants []string, actor string, u *jisr.User, a *jisr.Agency) bool {
	if u.Disabled || a == nil || a.Code != u.Agency || u.Agency == actor || !cleared(u.Role) {
		return false
	}
	p := jisr.Principal{Username: u.Username, Agency: u.Agency, Country: a.Country, Groups: a.Groups, Role: u.Role}
	if !SeesDisclosure(p, d, participants) {
		return false
	}
	switch kind {
	case jisr.NoteDisclosureProposed, jisr.NoteDisclosureApproved:
		return slices.Contains(d.Originators, u.Agency)
	case jisr.NoteDisclosureConsented, jisr.NoteDisclosureRefused:
		return u.Agency == d.Agency
	}
	return false
}
