package policy_test

import (
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

func who(agency, country string, role jisr.Role, groups ...string) jisr.Principal {
	return jisr.Principal{Username: agency + "-" + string(role), Agency: agency, Country: country, Role: role, Groups: groups}
}

func rec(tlp jisr.TLP, h jisr.Handling, rel jisr.Releasability) *jisr.Record {
	return &jisr.Record{ID: "r1", Originator: "JO-AND", TLP: tlp, Handling: h, Releasability: rel}
}

func TestCanRead(t *testing.T) {
	var (
		joAnalyst = who("JO-AND", "JO", jisr.RoleAnalyst, "levant")
		joAdmin   = who("JO-AND", "JO", jisr.RoleAdmin)
		joAuditor = who("JO-AND", "JO", jisr.RoleAuditor)
		iqAnalyst = who("IQ-GDNA", "IQ", jisr.RoleAnalyst, "levant")
		iqLiaison = who("IQ-GDNA", "IQ", jisr.RoleLiaison, "levant")
		iqKrd     = who("IQ-KRSC", "IQ", jisr.RoleAnalyst)
		lbAnalyst = who("LB-ISF", "LB", jisr.RoleAnalyst, "levant")
		saOfficer = who("SA-GDNC", "SA", jisr.RoleOfficer, "gulf")
		noAgency  = jisr.Principal{Role: jisr.RoleAnalyst}
		toIraq    = jisr.Releasability{Agencies: []string{"IQ-GDNA"}}
		toIQ      = jisr.Releasability{Countries: []string{"IQ"}}
		toLevant  = jisr.Releasability{Groups: []string{"levant"}}
		everyone  = jisr.Releasability{Community: true}
	)
	tests := []struct {
		name string
		p    jisr.Principal
		r    *jisr.Record
		want bool
	}{
		{"originator analyst reads own AMBER", joAnalyst, rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{}), true},
		{"originator analyst reads own RED", joAnalyst, rec(jisr.TLPRed, jisr.H2, jisr.Releasability{}), true},
		{"admin of originator reads nothing", joAdmin, rec(jisr.TLPClear, jisr.H0, everyone), false},
		{"auditor reads nothing", joAuditor, rec(jisr.TLPClear, jisr.H0, everyone), false},
		{"unreleased: other agency denied", iqAnalyst, rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{}), false},
		{"released to agency", iqAnalyst, rec(jisr.TLPAmber, jisr.H0, toIraq), true},
		{"released to agency: same-country other agency denied", iqKrd, rec(jisr.TLPAmber, jisr.H0, toIraq), false},
		{"released to country: all its agencies", iqKrd, rec(jisr.TLPAmber, jisr.H0, toIQ), true},
		{"released to country: other country denied", lbAnalyst, rec(jisr.TLPAmber, jisr.H0, toIQ), false},
		{"released to group: member", lbAnalyst, rec(jisr.TLPGreen, jisr.H0, toLevant), true},
		{"released to group: non-member", saOfficer, rec(jisr.TLPGreen, jisr.H0, toLevant), false},
		{"community", saOfficer, rec(jisr.TLPGreen, jisr.H0, everyone), true},
		{"CLEAR is community", saOfficer, rec(jisr.TLPClear, jisr.H0, jisr.Releasability{}), true},
		{"RED to agency: analyst is not a named recipient", iqAnalyst, rec(jisr.TLPRed, jisr.H0, toIraq), false},
		{"RED to agency: liaison is", iqLiaison, rec(jisr.TLPRed, jisr.H0, toIraq), true},
		{"RED ignores country", iqLiaison, rec(jisr.TLPRed, jisr.H0, toIQ), false},
		{"AMBER+STRICT ignores group", lbAnalyst, rec(jisr.TLPAmberStrict, jisr.H0, toLevant), false},
		{"AMBER+STRICT ignores community", saOfficer, rec(jisr.TLPAmberStrict, jisr.H0, everyone), false},
		{"AMBER+STRICT named agency", iqAnalyst, rec(jisr.TLPAmberStrict, jisr.H0, toIraq), true},
		{"no agency reads nothing", noAgency, rec(jisr.TLPClear, jisr.H0, everyone), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := policy.CanRead(tt.p, tt.r); got != tt.want {
				t.Errorf("CanRead = %v, want %v (caller %v, audience %v)", got, tt.want, policy.Tokens(tt.p), policy.Audience(tt.r))
			}
		})
	}
}

func TestActions(t *testing.T) {
	joLiaison := who("JO-AND", "JO", jisr.RoleLiaison)
	joAnalyst := who("JO-AND", "JO", jisr.RoleAnalyst)
	iqLiaison := who("IQ-GDNA", "IQ", jisr.RoleLiaison)
	r := rec(jisr.TLPAmber, jisr.H2, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	tests := []struct {
		name string
		err  error
		ok   bool
	}{
		{"originator analyst updates", policy.CanUpdate(joAnalyst, r), true},
		{"receiver cannot update", policy.CanUpdate(iqLiaison, r), false},
		{"originator liaison releases", policy.CanRelease(joLiaison, r), true},
		{"originator analyst cannot release", policy.CanRelease(joAnalyst, r), false},
		{"receiver cannot release", policy.CanRelease(iqLiaison, r), false},
		{"receiver requests release", policy.CanRequestRelease(iqLiaison, r), true},
		{"originator does not request", policy.CanRequestRelease(joLiaison, r), false},
		{"auditor audits", policy.CanAudit(who("JO-AND", "JO", jisr.RoleAuditor)), true},
		{"analyst does not audit", policy.CanAudit(joAnalyst), false},
		{"admin administers", policy.CanAdminister(who("JO-AND", "JO", jisr.RoleAdmin)), true},
		{"supervisor does not administer", policy.CanAdminister(who("JO-AND", "JO", jisr.RoleSupervisor)), false},
		{"supervisor manages own agency's users", policy.CanManageUsers(who("JO-AND", "JO", jisr.RoleSupervisor), "JO-AND"), true},
		{"supervisor not another's", policy.CanManageUsers(who("JO-AND", "JO", jisr.RoleSupervisor), "IQ-GDNA"), false},
	}
	for _, tt := range tests {
		if (tt.err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.name, tt.err, tt.ok)
		}
		if tt.err != nil && jisr.ErrorCode(tt.err) != jisr.EFORBIDDEN {
			t.Errorf("%s: code %q, want forbidden", tt.name, jisr.ErrorCode(tt.err))
		}
	}
	if policy.CanExport(iqLiaison, r) {
		t.Error("H2 record exported by a receiver")
	}
	if !policy.CanExport(joAnalyst, r) {
		t.Error("originator cannot export its own H2 record")
	}
}

func TestRedact(t *testing.T) {
	r := rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	r.Entities = []jisr.Entity{
		{ID: "e1", Schema: "Person", Role: "suspect", Props: map[string][]string{"name": {"Ali"}}},
		{ID: "e2", Schema: "Person", Role: jisr.RoleProtectedInformant, Props: map[string][]string{"name": {"Source Z"}}},
	}
	r.Links = []jisr.Link{{From: "e2", To: "e1", Type: "associateOf"}}
	got := policy.Redact(who("IQ-GDNA", "IQ", jisr.RoleAnalyst), r)
	if len(got.Entities) != 1 || got.Entities[0].ID != "e1" || len(got.Links) != 0 {
		t.Fatalf("receiver sees %+v %+v", got.Entities, got.Links)
	}
	if len(r.Entities) != 2 {
		t.Fatal("Redact changed the original")
	}
	if own := policy.Redact(who("JO-AND", "JO", jisr.RoleAnalyst), r); len(own.Entities) != 2 {
		t.Fatal("originator lost its informant")
	}
}

func TestHistory(t *testing.T) {
	iq := who("IQ-GDNA", "IQ", jisr.RoleAnalyst)
	jo := who("JO-AND", "JO", jisr.RoleAnalyst)
	toIraq := jisr.Releasability{Agencies: []string{"IQ-GDNA"}}
	person := func(role string) []jisr.Entity {
		return []jisr.Entity{{ID: "p1", Schema: "Person", Role: role, Props: map[string][]string{"name": {"Haddad"}}}}
	}
	draft := rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{}) // v1: not released
	draft.Entities = person("witness")
	released := rec(jisr.TLPAmber, jisr.H0, toIraq) // v2: released, person still a witness
	released.Entities = person("witness")
	marked := rec(jisr.TLPAmber, jisr.H0, toIraq) // v3: the person marked protected
	marked.Entities = person(jisr.RoleProtectedInformant)
	red := rec(jisr.TLPRed, jisr.H0, toIraq) // v4: RED, for Iraq's liaison only
	vs := []*jisr.Record{draft, released, marked, red}

	got := policy.History(iq, vs)
	if got[0] != nil || got[3] != nil {
		t.Errorf("receiver sees a version it was not in the audience of: %v", got)
	}
	if got[1] == nil || len(got[1].Entities) != 0 {
		t.Errorf("receiver sees the person protected later: %+v", got[1])
	}
	if got[2] == nil || len(got[2].Entities) != 0 {
		t.Errorf("v3: %+v", got[2])
	}
	if len(released.Entities) != 1 {
		t.Error("History changed a version")
	}
	own := policy.History(jo, vs)
	for i, v := range own {
		if v != vs[i] {
			t.Errorf("originator: version %d is %+v", i+1, v)
		}
	}
	if l := policy.History(who("IQ-GDNA", "IQ", jisr.RoleLiaison), vs); l[3] == nil || l[0] != nil {
		t.Errorf("liaison: %v", l)
	}
}

func TestCanMark(t *testing.T) {
	analyst := who("JO-AND", "JO", jisr.RoleAnalyst)
	officer := who("JO-AND", "JO", jisr.RoleOfficer)
	liaison := who("JO-AND", "JO", jisr.RoleLiaison)
	super := who("JO-AND", "JO", jisr.RoleSupervisor)
	own := jisr.Releasability{}
	toIraq := jisr.Releasability{Agencies: []string{"IQ-GDNA", "LB-ISF"}}
	tests := []struct {
		name      string
		p         jisr.Principal
		cur, next *jisr.Record
		ok        bool
	}{
		{"analyst creates for the agency", analyst, nil, rec(jisr.TLPRed, jisr.H0, own), true},
		{"analyst creates GREEN unreleased", analyst, nil, rec(jisr.TLPGreen, jisr.H0, own), true},
		{"analyst cannot create released", analyst, nil, rec(jisr.TLPAmber, jisr.H0, toIraq), false},
		{"analyst cannot create CLEAR", analyst, nil, rec(jisr.TLPClear, jisr.H0, own), false},
		{"officer cannot create for the community", officer, nil, rec(jisr.TLPGreen, jisr.H0, jisr.Releasability{Community: true}), false},
		{"liaison creates released", liaison, nil, rec(jisr.TLPAmber, jisr.H0, toIraq), true},
		{"supervisor creates CLEAR", super, nil, rec(jisr.TLPClear, jisr.H0, own), true},
		{"system creates anything", jisr.Principal{System: true}, nil, rec(jisr.TLPClear, jisr.H0, own), true},
		{"analyst keeps the markings (any order)", analyst, rec(jisr.TLPAmber, jisr.H0, toIraq), rec(jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"LB-ISF", "IQ-GDNA"}}), true},
		{"analyst cannot narrow", analyst, rec(jisr.TLPAmber, jisr.H0, toIraq), rec(jisr.TLPAmber, jisr.H0, own), false},
		{"analyst cannot widen", analyst, rec(jisr.TLPAmber, jisr.H0, own), rec(jisr.TLPAmber, jisr.H0, toIraq), false},
		{"analyst cannot re-mark a released record", analyst, rec(jisr.TLPAmber, jisr.H0, toIraq), rec(jisr.TLPRed, jisr.H0, toIraq), false},
		{"analyst re-marks an unreleased record", analyst, rec(jisr.TLPAmber, jisr.H0, own), rec(jisr.TLPRed, jisr.H0, own), true},
		{"analyst cannot make a record CLEAR", analyst, rec(jisr.TLPAmber, jisr.H0, own), rec(jisr.TLPClear, jisr.H0, own), false},
		{"liaison re-marks", liaison, rec(jisr.TLPAmber, jisr.H0, toIraq), rec(jisr.TLPGreen, jisr.H0, jisr.Releasability{Community: true}), true},
	}
	for _, tt := range tests {
		err := policy.CanMark(tt.p, tt.cur, tt.next)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
		if err != nil && (jisr.ErrorCode(err) != jisr.EFORBIDDEN || jisr.ErrorField(err) != "releasability") {
			t.Errorf("%s: %v, want forbidden on releasability", tt.name, err)
		}
	}
}

func TestWithheldAndCaveats(t *testing.T) {
	iqLiaison := who("IQ-GDNA", "IQ", jisr.RoleLiaison)
	joAnalyst := who("JO-AND", "JO", jisr.RoleAnalyst)
	toIraq := jisr.Releasability{Agencies: []string{"IQ-GDNA"}}
	for _, c := range []struct {
		r    *jisr.Record
		want string
	}{
		{rec(jisr.TLPRed, jisr.H0, toIraq), policy.HeldRed},
		{rec(jisr.TLPAmberStrict, jisr.H1, toIraq), policy.HeldStrict},
		{rec(jisr.TLPAmber, jisr.H2, toIraq), policy.HeldH2},
		{rec(jisr.TLPAmber, jisr.H1, toIraq), ""},
	} {
		if got := policy.Withheld(iqLiaison, c.r); got != c.want {
			t.Errorf("receiver, TLP:%s %s: %q, want %q", c.r.TLP, c.r.Handling, got, c.want)
		}
		if got := policy.Withheld(joAnalyst, c.r); got != "" {
			t.Errorf("originator, TLP:%s %s: withheld %q", c.r.TLP, c.r.Handling, got)
		}
	}
	r := rec(jisr.TLPAmber, jisr.H1, toIraq)
	got := policy.Caveats(iqLiaison, r)
	if len(got) != 3 || got[0] != "H1: not to be used in judicial proceedings without the consent of JO-AND." || got[1][:10] != "TLP:AMBER:" || got[2][:16] != "Third-party rule" {
		t.Errorf("caveats %q", got)
	}
	if own := policy.Caveats(joAnalyst, r); len(own) != 2 {
		t.Errorf("originator's caveats %q", own)
	}
	r.Handling, r.HandlingConditions = jisr.H3, "not for customs"
	if got := policy.Caveats(iqLiaison, r); got[0] != "H3: restrictions set by JO-AND: not for customs" {
		t.Errorf("H3 caveat %q", got[0])
	}
}

func TestSignInRules(t *testing.T) {
	req := []jisr.Role{jisr.RoleLiaison, jisr.RoleAdmin}
	if policy.SignInScope(jisr.RoleLiaison, false, req) != jisr.ScopeEnrol || policy.SignInScope(jisr.RoleLiaison, true, req) != jisr.ScopeFull ||
		policy.SignInScope(jisr.RoleAnalyst, false, req) != jisr.ScopeFull || policy.SignInScope(jisr.RoleAdmin, false, nil) != jisr.ScopeFull {
		t.Fatal("SignInScope")
	}
	if policy.PassesLock(true, false) || policy.PassesLock(false, true) || !policy.PassesLock(true, true) {
		t.Fatal("PassesLock: only the password with a second factor passes a back-off")
	}
	if policy.CanManageLocks(jisr.Principal{Role: jisr.RoleSupervisor}) == nil || policy.CanManageLocks(jisr.Principal{Role: jisr.RoleAuditor}) == nil ||
		policy.CanManageLocks(jisr.Principal{Role: jisr.RoleAdmin}) != nil {
		t.Fatal("CanManageLocks")
	}
}

// TestCanManageUser is the table of who may manage whom: every caller role
// (and the operator) × every target role × every action, in the caller's
// agency and in another.
func TestCanManageUser(t *testing.T) {
	operator := jisr.Principal{System: true, Username: "cli"}
	reading := map[jisr.Role]bool{jisr.RoleAnalyst: true, jisr.RoleOfficer: true, jisr.RoleLiaison: true, jisr.RoleSupervisor: true}
	// want says whether a caller of role in the target's agency (same) may
	// do anything to a target of role target.
	want := func(caller jisr.Role, same bool, target jisr.Role) bool {
		switch caller {
		case jisr.RoleAdmin:
			return same
		case jisr.RoleSupervisor:
			return same && reading[target]
		}
		return false
	}
	for _, caller := range jisr.Roles {
		p := who("JO-AND", "JO", caller)
		for _, agency := range []string{"JO-AND", "IQ-GDNA"} {
			for _, target := range jisr.Roles {
				for _, act := range policy.UserActions {
					u := &jisr.User{Username: "someone", Agency: agency, Role: target}
					got := policy.CanManageUser(p, act, u) == nil
					if w := want(caller, agency == p.Agency, target); got != w {
						t.Errorf("%s of JO-AND %s %s of %s: got %v, want %v", caller, act, target, agency, got, w)
					}
					if policy.CanManageUser(operator, act, u) != nil {
						t.Errorf("operator may not %s %s of %s", act, target, agency)
					}
				}
			}
		}
	}
	// Nobody disables themselves or changes their own role; a new password
	// for oneself is fine.
	admin := who("JO-AND", "JO", jisr.RoleAdmin)
	self := &jisr.User{Username: admin.Username, Agency: "JO-AND", Role: jisr.RoleAdmin}
	for act, ok := range map[policy.UserAction]bool{policy.UserDisable: false, policy.UserChangeRole: false, policy.UserResetPassword: true, policy.UserEnable: true} {
		if got := policy.CanManageUser(admin, act, self) == nil; got != ok {
			t.Errorf("administrator %s itself: %v, want %v", act, got, ok)
		}
	}
}

func TestAlertsAgency(t *testing.T) {
	liaison := &jisr.User{Username: "jo.liaison", Agency: "JO-AND", Role: jisr.RoleLiaison}
	for _, c := range []struct {
		p    jisr.Principal
		want bool
	}{
		{jisr.Principal{System: true}, true},
		{who("JO-AND", "JO", jisr.RoleAdmin), true},
		{who("IQ-GDNA", "IQ", jisr.RoleAdmin), true},
		{who("JO-AND", "JO", jisr.RoleSupervisor), false},
		{who("IQ-GDNA", "IQ", jisr.RoleSupervisor), true},
	} {
		if got := policy.AlertsAgency(c.p, liaison); got != c.want {
			t.Errorf("%+v: %v, want %v", c.p, got, c.want)
		}
	}
}

func TestAuditScope(t *testing.T) {
	const operator = "JO-AND"
	tests := []struct {
		name string
		p    jisr.Principal
		want policy.AuditView
		err  bool
	}{
		{"operator", jisr.Principal{System: true}, policy.AuditView{All: true}, false},
		{"node auditor", who("JO-AND", "JO", jisr.RoleAuditor), policy.AuditView{All: true, ContentAgency: "JO-AND"}, false},
		{"agency auditor", who("IQ-GDNA", "IQ", jisr.RoleAuditor), policy.AuditView{Agency: "IQ-GDNA", ContentAgency: "IQ-GDNA"}, false},
		{"supervisor: alerts", who("IQ-GDNA", "IQ", jisr.RoleSupervisor), policy.AuditView{Agency: "IQ-GDNA", AlertsOnly: true, ContentAgency: "IQ-GDNA"}, false},
		{"administrator", who("JO-AND", "JO", jisr.RoleAdmin), policy.AuditView{}, true},
		{"analyst", who("JO-AND", "JO", jisr.RoleAnalyst), policy.AuditView{}, true},
		{"auditor without agency", jisr.Principal{Role: jisr.RoleAuditor}, policy.AuditView{}, true},
	}
	for _, tt := range tests {
		v, err := policy.AuditScope(tt.p, operator)
		if (err != nil) != tt.err || v != tt.want {
			t.Errorf("%s: %+v %v", tt.name, v, err)
		}
	}
	// No operator known: no node auditor.
	if v, _ := policy.AuditScope(who("JO-AND", "JO", jisr.RoleAuditor), ""); v.All {
		t.Error("an auditor is node auditor without an operator agency")
	}
	node, _ := policy.AuditScope(who("JO-AND", "JO", jisr.RoleAuditor), operator)
	for _, c := range []struct {
		agency, action string
		want           bool
	}{
		{"JO-AND", jisr.ActSearch, true},
		{"LB-ISF", jisr.ActSearch, false},
		{"", jisr.ActImport, false},
		{"LB-ISF", jisr.ActAdmin, true},
		{"", jisr.ActUserAlert, true},
	} {
		if got := node.ShowsContent(c.agency, c.action); got != c.want {
			t.Errorf("node auditor, content of %s %s: %v", c.agency, c.action, got)
		}
	}
}
