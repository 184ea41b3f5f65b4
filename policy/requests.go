package policy

import (
	"slices"

	"github.com/jisr-cell/jisr"
)

// Requests for information or action (jisr.Request): who sees them, who
// acts on them, what attaching a record releases, and who is told. The
// rules are listed in the package comment.

// CanSendRequest checks that p may send a request from its agency: every
// reading role (an analyst asks too); administrators and auditors do not.
// What the request may carry is decided per record (AttachRecord) and per
// hit (RequestHit).
func CanSendRequest(p jisr.Principal) error {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return denied("f_request_send")
	}
	return nil
}

// SeesRequest reports whether p may see a request made by the agency from
// to the agencies to: the reading roles (analysts included) of the
// requesting agency and of each addressee. Anyone else — another agency,
// an administrator, an auditor — is told it does not exist.
func SeesRequest(p jisr.Principal, from string, to []string) bool {
	if p.Agency == "" || !CanReadRecords(p.Role) {
		return false
	}
	return p.Agency == from || slices.Contains(to, p.Agency)
}

// RequestView returns the request as p sees it: the requesting agency sees
// every addressee's reply; an addressee sees its own reply only (what
// another agency answered is between it and the requester). State is p's:
// its own reply's for an addressee, the request's overall state for the
// requester; closed once closed. req is not changed. p must see the
// request (SeesRequest). Records and hits are filtered by the store (each
// by whether p reads the record or sees the hit).
func RequestView(p jisr.Principal, req *jisr.Request) *jisr.Request {
	c := *req
	c.State = req.OverallState()
	if p.Agency == req.From {
		c.Replies = slices.Clone(req.Replies)
		return &c
	}
	c.Replies = nil
	if r := req.Reply(p.Agency); r != nil {
		c.Replies = []jisr.RequestReply{*r}
		if req.ClosedAt == nil {
			c.State = r.State
		}
	}
	return &c
}

// CanActOnRequest checks that p may do action (jisr.ReqAct…) on req, which p
// sees (SeesRequest is asked first: a request p may not see is not found,
// whatever p's role). Acknowledging, answering and refusing are for the
// liaison officers and supervisors of an addressee agency, on its own reply;
// closing is for the requester, or a liaison officer or supervisor of the
// requesting agency. Whether the state allows it is the engine's
// (jisr.RequestFrom).
func CanActOnRequest(p jisr.Principal, action string, req *jisr.Request) error {
	switch action {
	case jisr.ReqActAcknowledge, jisr.ReqActAnswer, jisr.ReqActRefuse:
		if !slices.Contains(req.To, p.Agency) {
			return denied("f_request_addressee")
		}
		if !cleared(p.Role) {
			return denied("f_request_role")
		}
		return nil
	case jisr.ReqActClose:
		if p.Agency != req.From {
			return denied("f_request_close_agency")
		}
		if p.Username != req.CreatedBy && !cleared(p.Role) {
			return denied("f_request_close")
		}
		return nil
	}
	return jisr.Because("action", "req_action")
}

// AgencyReads reports whether agency a reads r as a named recipient reads
// it (its liaison officers and supervisors: a TLP:RED record named to the
// agency counts).
func AgencyReads(a *jisr.Agency, r *jisr.Record) bool {
	return Meets(Tokens(jisr.Principal{Agency: a.Code, Country: a.Country, Groups: a.Groups, Role: jisr.RoleLiaison}), Audience(r))
}

// AttachRecord decides what sending a request to the agencies to, with the
// record r attached, does: it returns the addressees that do not read r yet
// and to which sending releases it (nil when every addressee reads it
// already). p reads r (the store found it through p's audience; else it is
// not found). Releasing follows the release rule: only the originator's
// liaison officers and supervisors (CanRelease); anyone else may attach
// only records every addressee already reads. The released releasability
// must still pass the record's TLP (the store validates it).
func AttachRecord(p jisr.Principal, r *jisr.Record, to []*jisr.Agency) (release []string, err error) {
	for _, a := range to {
		if !AgencyReads(a, r) {
			release = append(release, a.Code)
		}
	}
	if len(release) == 0 {
		return nil, nil
	}
	if err := CanRelease(p, r); err != nil {
		if !IsOriginator(p, r) {
			return nil, denied("f_attach_foreign", release[0], r.ID, r.Originator)
		}
		return nil, denied("f_attach_release", release[0], r.ID)
	}
	return release, nil
}

// RequestHit checks that a request to the agencies to may be about the hit
// h, as p sees it (from a record of p's agency, full or blind): the agency
// that holds the far side must be one of the addressees. A blind hit's
// request goes to the holding agency and shows the requester nothing more
// than the hit already did (the agency); the holder sees the hit from its
// own side.
func RequestHit(h *jisr.Hit, to []string) error {
	if !slices.Contains(to, h.Other.Agency) {
		return jisr.Because("to", "req_hit_to", h.Other.Agency)
	}
	return nil
}

// NotifiesRequest reports whether user u (of agency u.Agency, role u.Role)
// is told kind (jisr.NoteRequest…) about req. Only users who see the
// request are told (SeesRequest), so a notice carries nothing its
// recipient may not read. New requests, reminders and closings go to the
// addressees' liaison officers and supervisors; acknowledgements, answers
// and refusals to the requester and the requesting agency's liaison
// officers and supervisors; an overdue request to the addressee's
// supervisors (escalation) and the requester. agency is the addressee the
// event concerns ("" for all addressees).
func NotifiesRequest(kind string, req *jisr.Request, agency string, u *jisr.User) bool {
	if u.Disabled {
		return false
	}
	p := jisr.Principal{Agency: u.Agency, Role: u.Role, Username: u.Username}
	if !SeesRequest(p, req.From, req.To) {
		return false
	}
	addressee := u.Agency != req.From && (agency == "" || agency == u.Agency)
	requester := u.Agency == req.From && (u.Username == req.CreatedBy || cleared(u.Role))
	switch kind {
	case jisr.NoteRequestNew, jisr.NoteRequestReminder, jisr.NoteRequestClosed:
		return addressee && cleared(u.Role)
	case jisr.NoteRequestAcknowledged, jisr.NoteRequestAnswered, jisr.NoteRequestRefused:
		return requester
	case jisr.NoteRequestOverdue:
		return (addressee && u.Role == jisr.RoleSupervisor) || (u.Agency == req.From && u.Username == req.CreatedBy)
	}
	return false
}

// NotifiesAgency lists the agencies whose webhooks carry kind about req:
// the agencies whose users NotifiesRequest tells.
func NotifiesAgency(kind string, req *jisr.Request, agency string) []string {
	switch kind {
	case jisr.NoteRequestNew, jisr.NoteRequestReminder, jisr.NoteRequestClosed:
		if agency != "" {
			return []string{agency}
		}
		return slices.Clone(req.To)
	case jisr.NoteRequestAcknowledged, jisr.NoteRequestAnswered, jisr.NoteRequestRefused:
		return []string{req.From}
	case jisr.NoteRequestOverdue:
		out := []string{req.From}
		if agency != "" {
			return append(out, agency)
		}
		return append(out, req.To...)
	}
	return nil
}
