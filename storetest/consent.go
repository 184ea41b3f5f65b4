package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testConsent: consent to a use (issue 11): a release request of kind
// consent, asked by a reader of another agency, answered by the
// originator's liaison officers and supervisors alone; a granted consent
// is shown on the record and carried by exports to the asking agency and
// the originator, and to nobody else — not in lists, record views or
// exports, not even that it was asked.
func testConsent(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, joL := As(t, s, "jo.analyst"), As(t, s, "jo.liaison")
	iq, iqL := As(t, s, "iq.analyst"), As(t, s, "iq.liaison")
	lbL, sa := As(t, s, "lb.liaison"), As(t, s, "sa.officer")
	// H1, read by Iraq and by Lebanon (the third agency).
	r := mustCreate(t, s, joL, Seizure("qxconsent", jisr.TLPAmber, jisr.H1, jisr.Releasability{Agencies: []string{"IQ-GDNA", "LB-ISF"}}))
	hidden := mustCreate(t, s, joL, Seizure("qxconsenthidden", jisr.TLPAmber, jisr.H1, jisr.Releasability{}))
	ask := func(id, use, to, purpose string) *jisr.ReleaseRequest {
		return &jisr.ReleaseRequest{Kind: jisr.ReleaseKindConsent, RecordID: id, Use: use, To: to, Purpose: purpose}
	}
	// A record the caller may not read is not found, like an absent one.
	for _, p := range []jisr.Principal{iq, sa} {
		if err := s.RequestRelease(ctx, p, ask(hidden.ID, jisr.UseCourt, "", "trial")); code(err) != jisr.ENOTFOUND {
			t.Errorf("%s asked consent on a record it does not read: %v", p.Username, err)
		}
	}
	if err := s.RequestRelease(ctx, sa, ask(r.ID, jisr.UseCourt, "", "trial")); code(err) != jisr.ENOTFOUND {
		t.Errorf("Saudi officer asked consent on a record not released to it: %v", err)
	}
	if err := s.RequestRelease(ctx, iq, ask("0190f000-0000-7000-8000-000000000000", jisr.UseCourt, "", "trial")); code(err) != jisr.ENOTFOUND {
		t.Errorf("absent record: %v", err)
	}
	// Bad values are invalid, naming the field, and store nothing.
	for _, c := range []struct {
		rr    *jisr.ReleaseRequest
		field string
	}{
		{&jisr.ReleaseRequest{Kind: "permission", RecordID: r.ID, Purpose: "x"}, "kind"},
		{ask(r.ID, "", "", "trial"), "use"},
		{ask(r.ID, "evidence", "", "trial"), "use"},
		{ask(r.ID, jisr.UseCourt, "", " "), "purpose"},
		{ask(r.ID, jisr.UseCourt, "Europol", "trial"), "to"},
		{ask(r.ID, jisr.UseOnward, "", "trial"), "to"},
		{&jisr.ReleaseRequest{Kind: jisr.ReleaseKindConsent, RecordID: r.ID, Use: jisr.UseCourt, Purpose: "trial", Wanted: jisr.Releasability{Agencies: []string{"IQ-GDNA"}}}, "wanted"},
		{&jisr.ReleaseRequest{RecordID: r.ID, Reason: "need", Use: jisr.UseCourt, Wanted: jisr.Releasability{Agencies: []string{"IQ-KRSC"}}}, "use"},
	} {
		if err := s.RequestRelease(ctx, iq, c.rr); code(err) != jisr.EINVALID || jisr.ErrorField(err) != c.field {
			t.Errorf("%+v: %v (field %q), want invalid %s", c.rr, err, jisr.ErrorField(err), c.field)
		}
	}
	// The originator needs nobody's consent.
	if err := s.RequestRelease(ctx, jo, ask(r.ID, jisr.UseCourt, "", "trial")); code(err) != jisr.EFORBIDDEN {
		t.Errorf("originator asked for consent: %v", err)
	}
	if list, _, _ := s.ReleaseRequests(ctx, joL, jisr.Page{}); len(list) != 0 {
		t.Fatalf("refused or invalid requests were stored: %+v", list)
	}
	court := ask(r.ID, jisr.UseCourt, "", "Trial of the Qxpurpose network, Basra criminal court")
	if err := s.RequestRelease(ctx, iq, court); err != nil {
		t.Fatal(err)
	}
	if len(court.ID) != 32 || court.Kind != jisr.ReleaseKindConsent || court.Status != jisr.RequestPending || court.Agency != "IQ-GDNA" {
		t.Fatalf("consent request: %+v", court)
	}
	// One consent per use and recipient: the same agency asking again
	// while its request is pending is a conflict, and stores nothing.
	if err := s.RequestRelease(ctx, iqL, ask(r.ID, jisr.UseCourt, "", "again")); code(err) != jisr.ECONFLICT || jisr.ErrorField(err) != "use" {
		t.Errorf("asked the same consent twice: %v", err)
	}
	onward := ask(r.ID, jisr.UseOnward, "Qxonward prosecutor's office", "Extradition file")
	if err := s.RequestRelease(ctx, iqL, onward); err != nil {
		t.Fatal(err)
	}
	// Only the originator's liaison officers and supervisors answer.
	if err := s.AnswerRelease(ctx, jo, court.ID, true, ""); code(err) != jisr.EFORBIDDEN {
		t.Errorf("originator's analyst answered: %v", err)
	}
	for _, p := range []jisr.Principal{iq, iqL, lbL, sa} {
		if err := s.AnswerRelease(ctx, p, court.ID, true, ""); code(err) != jisr.ENOTFOUND {
			t.Errorf("%s answered a consent request: %v", p.Username, err)
		}
	}
	// A refusal needs a reason; without one nothing changes.
	if err := s.AnswerRelease(ctx, joL, onward.ID, false, " "); code(err) != jisr.EINVALID || jisr.ErrorField(err) != "answer" {
		t.Errorf("refused without a reason: %v", err)
	}
	if err := s.AnswerRelease(ctx, joL, onward.ID, false, "Our source would be exposed"); err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerRelease(ctx, joL, court.ID, true, "For this trial only"); err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerRelease(ctx, joL, court.ID, false, "changed our mind"); code(err) != jisr.ECONFLICT {
		t.Errorf("answered twice: %v", err)
	}
	if err := s.RequestRelease(ctx, iq, ask(r.ID, jisr.UseCourt, "", "again")); code(err) != jisr.ECONFLICT {
		t.Errorf("asked again for a consent granted: %v", err)
	}
	// The record is not rewritten: a consent is no new version.
	if got, err := s.Record(ctx, joL, r.ID); err != nil || got.Version != 1 {
		t.Fatalf("record after consent: %v %v", got, err)
	}
	if h, err := s.History(ctx, joL, r.ID); err != nil || len(h) != 1 {
		t.Fatalf("history after consent: %d versions, %v", len(h), err)
	}
	// The granted consent, on the record of the asking agency and of the
	// originator; the refused one is no consent.
	for _, p := range []jisr.Principal{iq, iqL, jo, joL} {
		got, err := s.Record(ctx, p, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Consents) != 1 {
			t.Errorf("%s sees %d consents, want 1: %+v", p.Username, len(got.Consents), got.Consents)
			continue
		}
		c := got.Consents[0]
		if c.Ref != court.ID || c.Use != jisr.UseCourt || c.Agency != "IQ-GDNA" || c.Originator != "JO-AND" || c.GrantedAt.IsZero() ||
			!strings.Contains(c.Caveat, "judicial proceedings granted to IQ-GDNA by JO-AND on ") || !strings.Contains(c.Caveat, court.ID) {
			t.Errorf("%s: consent %+v", p.Username, c)
		}
	}
	exported := func(p jisr.Principal) *jisr.Record {
		var out *jisr.Record
		if _, err := s.ExportRecords(ctx, p, jisr.RecordFilter{}, func(x *jisr.Record) error {
			if x.ID == r.ID {
				out = x
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if x := exported(iq); x == nil || !strings.Contains(strings.Join(x.Caveats, "\n"), "granted to IQ-GDNA by JO-AND") {
		t.Errorf("Iraq's export lacks the consent caveat: %+v", x)
	}
	if x := exported(joL); x == nil || !strings.Contains(strings.Join(x.Caveats, "\n"), court.ID) {
		t.Errorf("the originator's export lacks the consent caveat: %+v", x)
	}
	// Leak table: everyone else — a third agency that reads the record,
	// agencies that do not, administrators and auditors — is shown
	// nothing: no request in lists, no consent on the record or its
	// exported copy.
	secret := []string{court.ID, onward.ID, "Qxpurpose", "Qxonward", "granted to", "Consent to"}
	for _, u := range Users {
		p := As(t, s, u.Username)
		if p.Agency == "IQ-GDNA" || p.Agency == "JO-AND" && p.Role != jisr.RoleAdmin && p.Role != jisr.RoleAuditor {
			continue
		}
		list, _, err := s.ReleaseRequests(ctx, p, jisr.Page{})
		if len(list) != 0 {
			t.Errorf("%s lists %d release requests", u.Username, len(list))
		}
		_ = err // a role without release requests is refused: nothing either
		if got, err := s.Record(ctx, p, r.ID); err == nil {
			if len(got.Consents) != 0 {
				t.Errorf("%s sees the consent on the record: %+v", u.Username, got.Consents)
			}
		} else if code(err) != jisr.ENOTFOUND {
			t.Errorf("%s reads the record: %v", u.Username, err)
		}
		if x := exported(p); x != nil {
			text := strings.Join(x.Caveats, "\n")
			for _, w := range secret {
				if strings.Contains(text, w) || len(x.Consents) != 0 {
					t.Errorf("%s's export carries %q: %q", u.Username, w, text)
				}
			}
		}
	}
	// The originator's list shows both, the asking agency's too; the
	// third agency's stays empty (above).
	for _, p := range []jisr.Principal{joL, iq} {
		list, _, err := s.ReleaseRequests(ctx, p, jisr.Page{})
		if err != nil || len(list) != 2 {
			t.Fatalf("%s lists %d requests: %v", p.Username, len(list), err)
		}
		for _, q := range list {
			if q.Kind != jisr.ReleaseKindConsent || (q.ID == onward.ID && (q.Status != jisr.RequestRefused || q.To != "Qxonward prosecutor's office")) ||
				(q.ID == court.ID && (q.Status != jisr.RequestAccepted || q.Purpose != court.Purpose)) {
				t.Errorf("%s lists %+v", p.Username, q)
			}
		}
	}
	// A record put back with consents in its body stores none of them.
	got, _ := s.Record(ctx, joL, r.ID)
	got.Consents = append(got.Consents, jisr.UseConsent{Ref: "forged", Use: jisr.UsePublic, Agency: "LB-ISF", Caveat: "forged consent"})
	if err := s.UpdateRecord(ctx, joL, got); err != nil {
		t.Fatal(err)
	}
	if x, err := s.Record(ctx, As(t, s, "lb.analyst"), r.ID); err != nil || len(x.Consents) != 0 {
		t.Errorf("a consent given in a record's body was stored: %+v %v", x, err)
	}
	if x := exported(As(t, s, "lb.analyst")); x == nil || len(x.Consents) != 0 || strings.Contains(strings.Join(x.Caveats, " "), "forged") {
		t.Errorf("a consent given in a record's body was exported: %+v", x)
	}
}
