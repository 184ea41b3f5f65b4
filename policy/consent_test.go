package policy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// TestConsentWhoMay: who asks for consent to a use, who answers, who is
// shown a consent request and the consent (issue 11).
func TestConsentWhoMay(t *testing.T) {
	var (
		joAnalyst = who("JO-AND", "JO", jisr.RoleAnalyst)
		joLiaison = who("JO-AND", "JO", jisr.RoleLiaison)
		joAdmin   = who("JO-AND", "JO", jisr.RoleAdmin)
		iqAnalyst = who("IQ-GDNA", "IQ", jisr.RoleAnalyst)
		iqLiaison = who("IQ-GDNA", "IQ", jisr.RoleLiaison)
		lbAnalyst = who("LB-ISF", "LB", jisr.RoleAnalyst)
		saOfficer = who("SA-GDNC", "SA", jisr.RoleOfficer)
		iqAuditor = who("IQ-GDNA", "IQ", jisr.RoleAuditor)
	)
	r := rec(jisr.TLPAmber, jisr.H1, jisr.Releasability{Agencies: []string{"IQ-GDNA", "LB-ISF"}})
	rr := &jisr.ReleaseRequest{ID: "ab12", Kind: jisr.ReleaseKindConsent, RecordID: r.ID, Agency: "IQ-GDNA", Use: jisr.UseCourt, Purpose: "Basra trial"}
	for _, c := range []struct {
		p                 jisr.Principal
		ask, answer, sees bool
	}{
		{joAnalyst, false, false, true},
		{joLiaison, false, true, true},
		{joAdmin, false, false, false},
		{iqAnalyst, true, false, true},
		{iqLiaison, true, false, true},
		{iqAuditor, false, false, false},
		{lbAnalyst, true, false, false}, // reads the record, not the consent
		{saOfficer, true, false, false}, // the engine finds no record first
	} {
		if got := policy.CanRequestConsent(c.p, r) == nil; got != c.ask {
			t.Errorf("%s asks: %v, want %v", c.p.Username, got, c.ask)
		}
		if got := policy.CanAnswerRelease(c.p, r) == nil; got != c.answer {
			t.Errorf("%s answers: %v, want %v", c.p.Username, got, c.answer)
		}
		if got := policy.SeesConsent(c.p, r, rr); got != c.sees {
			t.Errorf("%s sees the consent: %v, want %v", c.p.Username, got, c.sees)
		}
	}
	// Iraq no longer reads the record: it no longer sees the consent.
	narrowed := rec(jisr.TLPAmber, jisr.H1, jisr.Releasability{Agencies: []string{"LB-ISF"}})
	if policy.SeesConsent(iqAnalyst, narrowed, rr) {
		t.Error("a consent shown on a record the agency no longer reads")
	}
	at := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	rr.AnsweredAt = &at
	if got := policy.ConsentCaveat("JO-AND", rr); got != "Consent to use in judicial proceedings granted to IQ-GDNA by JO-AND on 2026-11-30 (ref ab12), for: Basra trial" {
		t.Errorf("caveat %q", got)
	}
	rr.Use, rr.To = jisr.UseOnward, "Basra public prosecutor"
	if got := policy.ConsentCaveat("JO-AND", rr); !strings.HasPrefix(got, "Consent to pass on to Basra public prosecutor granted to IQ-GDNA") {
		t.Errorf("caveat %q", got)
	}
}
