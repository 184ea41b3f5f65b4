package policy_test

import (
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// TestLookoutWhoMay: who issues, sees and withdraws a lookout of JO-AND
// (issued by JO-AND-analyst) sent to IQ-GDNA.
func TestLookoutWhoMay(t *testing.T) {
	l := &jisr.Lookout{ID: "l1", From: "JO-AND", CreatedBy: "JO-AND-analyst", To: []string{"IQ-GDNA"}}
	tests := []struct {
		name                  string
		p                     jisr.Principal
		issues, sees, removes bool
	}{
		{"issuer (analyst)", who("JO-AND", "JO", jisr.RoleAnalyst), true, true, true},
		{"issuing agency's officer", who("JO-AND", "JO", jisr.RoleOfficer), true, true, false},
		{"issuing agency's liaison", who("JO-AND", "JO", jisr.RoleLiaison), true, true, true},
		{"issuing agency's supervisor", who("JO-AND", "JO", jisr.RoleSupervisor), true, true, true},
		{"issuing agency's administrator", who("JO-AND", "JO", jisr.RoleAdmin), false, false, false},
		{"issuing agency's auditor", who("JO-AND", "JO", jisr.RoleAuditor), false, false, false},
		{"recipient analyst", who("IQ-GDNA", "IQ", jisr.RoleAnalyst), true, true, false},
		{"recipient liaison", who("IQ-GDNA", "IQ", jisr.RoleLiaison), true, true, false},
		{"recipient supervisor", who("IQ-GDNA", "IQ", jisr.RoleSupervisor), true, true, false},
		{"recipient administrator", who("IQ-GDNA", "IQ", jisr.RoleAdmin), false, false, false},
		{"same country, other agency", who("IQ-KRSC", "IQ", jisr.RoleLiaison), true, false, false},
		{"third agency supervisor", who("SA-GDNC", "SA", jisr.RoleSupervisor), true, false, false},
		{"the node itself", jisr.Principal{System: true}, false, false, false},
	}
	for _, c := range tests {
		if got := policy.CanIssueLookout(c.p) == nil; got != c.issues {
			t.Errorf("%s issues: %v", c.name, got)
		}
		sees := policy.SeesLookout(c.p, l.From, l.To)
		if sees != c.sees {
			t.Errorf("%s sees: %v", c.name, sees)
		}
		if sees {
			if got := policy.CanWithdrawLookout(c.p, l) == nil; got != c.removes {
				t.Errorf("%s withdraws: %v", c.name, got)
			}
		} else if c.removes {
			t.Errorf("%s: the table says it withdraws what it does not see", c.name)
		}
	}
}

// TestLookoutDisclosure: what the issuer and recipients learn of a
// matching record, and who is told.
func TestLookoutDisclosure(t *testing.T) {
	l := &jisr.Lookout{ID: "l1", From: "JO-AND", CreatedBy: "jo.analyst", To: []string{"IQ-GDNA"}}
	jo := &jisr.Agency{Code: "JO-AND", Country: "JO"}
	iq := &jisr.Agency{Code: "IQ-GDNA", Country: "IQ"}
	sa := &jisr.Agency{Code: "SA-GDNC", Country: "SA"}
	private := &jisr.Record{ID: "r1", Originator: "SA-GDNC", TLP: jisr.TLPAmber}
	toJO := &jisr.Record{ID: "r2", Originator: "SA-GDNC", TLP: jisr.TLPAmber, Releasability: jisr.Releasability{Agencies: []string{"JO-AND"}}}
	silent := &jisr.Record{ID: "r3", Originator: "SA-GDNC", TLP: jisr.TLPAmber, NoHitDisclosure: true}
	user := func(name, agency string, role jisr.Role) *jisr.User {
		return &jisr.User{Username: name, Agency: agency, Role: role}
	}
	tests := []struct {
		name string
		u    *jisr.User
		a    *jisr.Agency
		r    *jisr.Record
		want string // disclosure
		told bool
	}{
		{"issuer, record it may not read: blind", user("jo.analyst", "JO-AND", jisr.RoleAnalyst), jo, private, jisr.DisclosureBlind, true},
		{"issuer, record released to it: full", user("jo.analyst", "JO-AND", jisr.RoleAnalyst), jo, toJO, jisr.DisclosureFull, true},
		{"issuer, no hit disclosure: nothing", user("jo.analyst", "JO-AND", jisr.RoleAnalyst), jo, silent, "", false},
		{"issuing agency's officer: not told", user("jo.officer", "JO-AND", jisr.RoleOfficer), jo, toJO, jisr.DisclosureFull, false},
		{"issuing agency's liaison: told", user("jo.liaison", "JO-AND", jisr.RoleLiaison), jo, private, jisr.DisclosureBlind, true},
		{"recipient liaison, record released to JO only: blind", user("iq.liaison", "IQ-GDNA", jisr.RoleLiaison), iq, toJO, jisr.DisclosureBlind, true},
		{"recipient analyst: not told", user("iq.analyst", "IQ-GDNA", jisr.RoleAnalyst), iq, private, jisr.DisclosureBlind, false},
		{"the holder, not a recipient: not told", user("sa.liaison", "SA-GDNC", jisr.RoleLiaison), sa, private, jisr.DisclosureFull, false},
		{"an administrator: nothing", user("jo.admin", "JO-AND", jisr.RoleAdmin), jo, private, "", false},
	}
	for _, c := range tests {
		p := jisr.Principal{Username: c.u.Username, Agency: c.u.Agency, Country: c.a.Country, Role: c.u.Role}
		if got := policy.LookoutDisclosure(p, c.r); got != c.want {
			t.Errorf("%s: disclosure %q, want %q", c.name, got, c.want)
		}
		if got := policy.NotifiesLookout(jisr.NoteLookoutMatch, l, c.u, c.a, c.r); got != c.told {
			t.Errorf("%s: told %v", c.name, got)
		}
	}
	if policy.NotifiesLookout(jisr.NoteLookoutMatch, l, user("jo.analyst", "JO-AND", jisr.RoleAnalyst), iq, private) {
		t.Error("told with another agency's standing")
	}
	if policy.NotifiesLookout(jisr.NoteLookoutNew, l, user("jo.liaison", "JO-AND", jisr.RoleLiaison), jo, nil) ||
		!policy.NotifiesLookout(jisr.NoteLookoutNew, l, user("iq.liaison", "IQ-GDNA", jisr.RoleLiaison), iq, nil) {
		t.Error("a new lookout is told to the recipients' liaison officers only")
	}
}
