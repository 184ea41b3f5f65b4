package policy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// request is JO-AND asking IQ-GDNA and LB-ISF, sent by JO-AND-analyst.
func request() *jisr.Request {
	return &jisr.Request{ID: "q1", From: "JO-AND", CreatedBy: "JO-AND-analyst", To: []string{"IQ-GDNA", "LB-ISF"},
		Subject: "Who uses +962791234567?", Due: time.Now().Add(time.Hour),
		Replies: []jisr.RequestReply{{Agency: "IQ-GDNA", State: jisr.ReqAnswered, Answer: "a trafficker we know"}, {Agency: "LB-ISF", State: jisr.ReqOpen}}}
}

// TestRequestWhoMayAct: the table of who sees a request and who may
// acknowledge, answer, refuse and close it.
func TestRequestWhoMayAct(t *testing.T) {
	var (
		joAnalyst    = who("JO-AND", "JO", jisr.RoleAnalyst) // the requester
		joOfficer    = who("JO-AND", "JO", jisr.RoleOfficer)
		joLiaison    = who("JO-AND", "JO", jisr.RoleLiaison)
		joSupervisor = who("JO-AND", "JO", jisr.RoleSupervisor)
		joAdmin      = who("JO-AND", "JO", jisr.RoleAdmin)
		iqAnalyst    = who("IQ-GDNA", "IQ", jisr.RoleAnalyst)
		iqOfficer    = who("IQ-GDNA", "IQ", jisr.RoleOfficer)
		iqLiaison    = who("IQ-GDNA", "IQ", jisr.RoleLiaison)
		iqSupervisor = who("IQ-GDNA", "IQ", jisr.RoleSupervisor)
		iqAuditor    = who("IQ-GDNA", "IQ", jisr.RoleAuditor)
		iqAdmin      = who("IQ-GDNA", "IQ", jisr.RoleAdmin)
		lbLiaison    = who("LB-ISF", "LB", jisr.RoleLiaison)
		saLiaison    = who("SA-GDNC", "SA", jisr.RoleLiaison)
		saSupervisor = who("SA-GDNC", "SA", jisr.RoleSupervisor)
		system       = jisr.Principal{System: true}
	)
	ack, ans, ref, cls := jisr.ReqActAcknowledge, jisr.ReqActAnswer, jisr.ReqActRefuse, jisr.ReqActClose
	tests := []struct {
		name   string
		p      jisr.Principal
		sees   bool
		allows []string // actions allowed; every other is refused
	}{
		{"requester (analyst) sees and closes", joAnalyst, true, []string{cls}},
		{"requesting agency's officer only sees", joOfficer, true, nil},
		{"requesting agency's liaison closes", joLiaison, true, []string{cls}},
		{"requesting agency's supervisor closes", joSupervisor, true, []string{cls}},
		{"requesting agency's administrator does not see", joAdmin, false, nil},
		{"addressee analyst reads only", iqAnalyst, true, nil},
		{"addressee officer reads only", iqOfficer, true, nil},
		{"addressee liaison acknowledges, answers, refuses", iqLiaison, true, []string{ack, ans, ref}},
		{"addressee supervisor acknowledges, answers, refuses", iqSupervisor, true, []string{ack, ans, ref}},
		{"second addressee liaison acts on its own reply", lbLiaison, true, []string{ack, ans, ref}},
		{"addressee auditor does not see", iqAuditor, false, nil},
		{"addressee administrator does not see", iqAdmin, false, nil},
		{"third agency liaison does not see", saLiaison, false, nil},
		{"third agency supervisor does not see", saSupervisor, false, nil},
		{"the node itself does not see", system, false, nil},
	}
	req := request()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := policy.SeesRequest(tt.p, req.From, req.To); got != tt.sees {
				t.Fatalf("SeesRequest = %v, want %v", got, tt.sees)
			}
			if !tt.sees {
				return // the engine answers not found before asking anything else
			}
			for _, act := range []string{ack, ans, ref, cls} {
				err := policy.CanActOnRequest(tt.p, act, req)
				want := strings.Contains(strings.Join(tt.allows, ","), act)
				if (err == nil) != want {
					t.Errorf("%s: %v, want allowed=%v", act, err, want)
				}
				if err != nil && jisr.ErrorCode(err) != jisr.EFORBIDDEN {
					t.Errorf("%s: code %s, want forbidden", act, jisr.ErrorCode(err))
				}
			}
		})
	}
	if err := policy.CanActOnRequest(iqLiaison, "delete", req); jisr.ErrorCode(err) != jisr.EINVALID {
		t.Errorf("unknown action: %v", err)
	}
	if policy.CanSendRequest(joAnalyst) != nil || policy.CanSendRequest(joAdmin) == nil || policy.CanSendRequest(iqAuditor) == nil {
		t.Error("CanSendRequest: reading roles send, administrators and auditors do not")
	}
}

// TestRequestView: an addressee sees its own reply only; the requester all.
func TestRequestView(t *testing.T) {
	req := request()
	jo := policy.RequestView(who("JO-AND", "JO", jisr.RoleAnalyst), req)
	if len(jo.Replies) != 2 || jo.State != jisr.ReqOpen {
		t.Errorf("requester: %d replies, state %s", len(jo.Replies), jo.State)
	}
	lb := policy.RequestView(who("LB-ISF", "LB", jisr.RoleLiaison), req)
	if len(lb.Replies) != 1 || lb.Replies[0].Agency != "LB-ISF" || lb.State != jisr.ReqOpen {
		t.Errorf("LB sees %+v state %s", lb.Replies, lb.State)
	}
	iq := policy.RequestView(who("IQ-GDNA", "IQ", jisr.RoleAnalyst), req)
	if len(iq.Replies) != 1 || iq.Replies[0].Answer != "a trafficker we know" || iq.State != jisr.ReqAnswered {
		t.Errorf("IQ sees %+v state %s", iq.Replies, iq.State)
	}
	if strings.Contains(lb.Replies[0].Answer+lb.Replies[0].Reason, "trafficker") {
		t.Error("LB reads IQ's answer")
	}
	if len(req.Replies) != 2 {
		t.Error("RequestView changed the request")
	}
	now := time.Now()
	req.ClosedAt = &now
	if v := policy.RequestView(who("LB-ISF", "LB", jisr.RoleLiaison), req); v.State != jisr.ReqClosed {
		t.Errorf("closed request seen as %s", v.State)
	}
}

// TestAttachRecord: attaching releases to addressees who do not read the
// record, by the release rule only.
func TestAttachRecord(t *testing.T) {
	iq := &jisr.Agency{Code: "IQ-GDNA", Country: "IQ", Groups: []string{"levant"}}
	lb := &jisr.Agency{Code: "LB-ISF", Country: "LB", Groups: []string{"levant"}}
	own := rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	toIQ := rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	red := rec(jisr.TLPRed, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	levant := rec(jisr.TLPGreen, jisr.H0, jisr.Releasability{Groups: []string{"levant"}})
	iqs := &jisr.Record{ID: "r9", Originator: "IQ-GDNA", TLP: jisr.TLPAmber, Releasability: jisr.Releasability{Agencies: []string{"JO-AND"}}}
	tests := []struct {
		name    string
		p       jisr.Principal
		r       *jisr.Record
		to      []*jisr.Agency
		release string
		err     bool
	}{
		{"liaison releases own record to both", who("JO-AND", "JO", jisr.RoleLiaison), own, []*jisr.Agency{iq, lb}, "IQ-GDNA,LB-ISF", false},
		{"supervisor releases to the one missing", who("JO-AND", "JO", jisr.RoleSupervisor), toIQ, []*jisr.Agency{iq, lb}, "LB-ISF", false},
		{"analyst may not release", who("JO-AND", "JO", jisr.RoleAnalyst), own, []*jisr.Agency{iq}, "", true},
		{"analyst attaches what the addressee reads", who("JO-AND", "JO", jisr.RoleAnalyst), toIQ, []*jisr.Agency{iq}, "", false},
		{"TLP:RED named to the addressee counts as read", who("JO-AND", "JO", jisr.RoleAnalyst), red, []*jisr.Agency{iq}, "", false},
		{"group release counts", who("JO-AND", "JO", jisr.RoleOfficer), levant, []*jisr.Agency{iq, lb}, "", false},
		{"another agency's record is never released by a request", who("JO-AND", "JO", jisr.RoleLiaison), iqs, []*jisr.Agency{lb}, "", true},
		{"another agency's record back to its originator", who("JO-AND", "JO", jisr.RoleAnalyst), iqs, []*jisr.Agency{iq}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel, err := policy.AttachRecord(tt.p, tt.r, tt.to)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if err != nil && jisr.ErrorCode(err) != jisr.EFORBIDDEN {
				t.Errorf("code %s", jisr.ErrorCode(err))
			}
			if got := strings.Join(rel, ","); got != tt.release {
				t.Errorf("release %q, want %q", got, tt.release)
			}
		})
	}
}

// TestRequestHit: a request about a hit goes to the agency holding the far side.
func TestRequestHit(t *testing.T) {
	h := &jisr.Hit{ID: "h1", Other: jisr.HitOther{Disclosure: jisr.DisclosureBlind, Agency: "SA-GDNC"}}
	if err := policy.RequestHit(h, []string{"SA-GDNC"}); err != nil {
		t.Error(err)
	}
	if err := policy.RequestHit(h, []string{"IQ-GDNA"}); jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != "to" {
		t.Errorf("wrong addressee: %v", err)
	}
}

// TestNotifiesRequest: who is told what; nobody who does not see the request.
func TestNotifiesRequest(t *testing.T) {
	req := request()
	user := func(agency string, role jisr.Role) *jisr.User {
		return &jisr.User{Username: agency + "-" + string(role), Agency: agency, Role: role}
	}
	users := []*jisr.User{
		user("JO-AND", jisr.RoleAnalyst), user("JO-AND", jisr.RoleOfficer), user("JO-AND", jisr.RoleLiaison),
		user("IQ-GDNA", jisr.RoleAnalyst), user("IQ-GDNA", jisr.RoleLiaison), user("IQ-GDNA", jisr.RoleSupervisor), user("IQ-GDNA", jisr.RoleAdmin), user("IQ-GDNA", jisr.RoleAuditor),
		user("LB-ISF", jisr.RoleLiaison), user("LB-ISF", jisr.RoleSupervisor),
		user("SA-GDNC", jisr.RoleLiaison), user("SA-GDNC", jisr.RoleSupervisor),
	}
	disabled := user("IQ-GDNA", jisr.RoleLiaison)
	disabled.Disabled = true
	tests := []struct {
		kind, agency string
		want         string
	}{
		{jisr.NoteRequestNew, "", "IQ-GDNA-liaison IQ-GDNA-supervisor LB-ISF-liaison LB-ISF-supervisor"},
		{jisr.NoteRequestReminder, "LB-ISF", "LB-ISF-liaison LB-ISF-supervisor"},
		{jisr.NoteRequestClosed, "", "IQ-GDNA-liaison IQ-GDNA-supervisor LB-ISF-liaison LB-ISF-supervisor"},
		{jisr.NoteRequestAcknowledged, "IQ-GDNA", "JO-AND-analyst JO-AND-liaison"},
		{jisr.NoteRequestAnswered, "IQ-GDNA", "JO-AND-analyst JO-AND-liaison"},
		{jisr.NoteRequestRefused, "LB-ISF", "JO-AND-analyst JO-AND-liaison"},
		{jisr.NoteRequestOverdue, "LB-ISF", "JO-AND-analyst LB-ISF-supervisor"},
		{"hit.new", "", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, u := range users {
			if policy.NotifiesRequest(tt.kind, req, tt.agency, u) {
				got = append(got, u.Username)
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s (%s): %q, want %q", tt.kind, tt.agency, g, tt.want)
		}
		if policy.NotifiesRequest(tt.kind, req, tt.agency, disabled) {
			t.Errorf("%s: a disabled user is told", tt.kind)
		}
	}
	if got := policy.NotifiesAgency(jisr.NoteRequestOverdue, req, "LB-ISF"); strings.Join(got, ",") != "JO-AND,LB-ISF" {
		t.Errorf("webhooks of overdue: %v", got)
	}
	if got := policy.NotifiesAgency(jisr.NoteRequestNew, req, ""); strings.Join(got, ",") != "IQ-GDNA,LB-ISF" {
		t.Errorf("webhooks of new: %v", got)
	}
}
