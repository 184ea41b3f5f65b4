package policy_test

import (
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// TestOutcomeWhoSees: an outcome IQ-GDNA reported on a lead of JO-AND.
func TestOutcomeWhoSees(t *testing.T) {
	o := &jisr.Outcome{Agency: "IQ-GDNA", Leads: []string{"JO-AND"}}
	for _, c := range []struct {
		name          string
		p             jisr.Principal
		reports, sees bool
	}{
		{"reporter's officer", who("IQ-GDNA", "IQ", jisr.RoleOfficer), true, true},
		{"lead's analyst", who("JO-AND", "JO", jisr.RoleAnalyst), true, true},
		{"lead's administrator", who("JO-AND", "JO", jisr.RoleAdmin), false, false},
		{"reporter's auditor", who("IQ-GDNA", "IQ", jisr.RoleAuditor), false, false},
		{"same country, other agency", who("IQ-KRSC", "IQ", jisr.RoleLiaison), true, false},
		{"third agency", who("SA-GDNC", "SA", jisr.RoleSupervisor), true, false},
	} {
		if got := policy.CanReportOutcome(c.p) == nil; got != c.reports {
			t.Errorf("%s reports: %v", c.name, got)
		}
		if got := policy.SeesOutcome(c.p, o); got != c.sees {
			t.Errorf("%s sees: %v", c.name, got)
		}
	}
}

// TestDisclosureWhoMay: a disclosure drafted by JO-AND for an operation
// of JO-AND and IQ-GDNA, drawing on records of JO-AND and LB-ISF.
func TestDisclosureWhoMay(t *testing.T) {
	parts := []string{"JO-AND", "IQ-GDNA"}
	d := &jisr.Disclosure{Agency: "JO-AND", Originators: []string{"JO-AND", "LB-ISF"}}
	edit, ok, no, appr := jisr.DiscActEdit, jisr.DiscActConsent, jisr.DiscActRefuse, jisr.DiscActApprove
	for _, c := range []struct {
		name   string
		p      jisr.Principal
		drafts bool
		sees   bool
		allows []string
	}{
		{"drafter's liaison", who("JO-AND", "JO", jisr.RoleLiaison), true, true, []string{edit, ok, no, appr}},
		{"drafter's analyst", who("JO-AND", "JO", jisr.RoleAnalyst), false, true, nil},
		{"participant's supervisor, not an originator", who("IQ-GDNA", "IQ", jisr.RoleSupervisor), true, true, nil},
		{"originator's liaison, not a participant", who("LB-ISF", "LB", jisr.RoleLiaison), false, true, []string{ok, no}},
		{"originator's analyst", who("LB-ISF", "LB", jisr.RoleAnalyst), false, true, nil},
		{"originator's administrator", who("LB-ISF", "LB", jisr.RoleAdmin), false, false, nil},
		{"third agency", who("SA-GDNC", "SA", jisr.RoleLiaison), false, false, nil},
	} {
		if got := policy.CanDraftDisclosure(c.p, parts) == nil; got != c.drafts {
			t.Errorf("%s drafts: %v", c.name, got)
		}
		sees := policy.SeesDisclosure(c.p, d, parts)
		if sees != c.sees {
			t.Errorf("%s sees: %v", c.name, sees)
		}
		if !sees {
			continue
		}
		for _, act := range []string{edit, ok, no, appr} {
			want := false
			for _, a := range c.allows {
				want = want || a == act
			}
			if got := policy.CanActOnDisclosure(c.p, act, d) == nil; got != want {
				t.Errorf("%s %s: %v, want %v", c.name, act, got, want)
			}
		}
	}
}
