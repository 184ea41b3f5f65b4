package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// OutcomeStore is a store with outcomes and agreed disclosures (issue 11).
type OutcomeStore interface {
	OperationStore
	jisr.OutcomeService
	jisr.DisclosureService
}

func outcomeStore(t *testing.T, s Store) OutcomeStore {
	t.Helper()
	os, ok := s.(OutcomeStore)
	if !ok {
		t.Skip("the store has no outcomes")
	}
	return os
}

// testOutcomes: an outcome reported on another agency's lead is read by
// that agency (which sees only the records it reads) and nobody else; the
// figures count it.
func testOutcomes(t *testing.T, st Store) {
	ctx := context.Background()
	s := outcomeStore(t, st)
	Seed(t, s)
	jo, joL, joAdm := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "jo.admin")
	iq, lb, sa := As(t, s, "iq.analyst"), As(t, s, "lb.analyst"), As(t, s, "sa.officer")
	joRec := Seizure("qxocjotoiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	if err := s.CreateRecord(ctx, joL, joRec); err != nil {
		t.Fatal(err)
	}
	iqRec := Seizure("qxociqprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, iq, iqRec); err != nil {
		t.Fatal(err)
	}
	lbRec := Seizure("qxoclbprivate", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	if err := s.CreateRecord(ctx, lb, lbRec); err != nil {
		t.Fatal(err)
	}
	const absent = "0190f000-0000-7000-8000-000000000000"
	for _, c := range []struct {
		name  string
		p     jisr.Principal
		o     jisr.Outcome
		code  string
		field string
	}{
		{"administrator", joAdm, jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: joRec.ID}, Kind: "seizure", Text: "x"}, jisr.EFORBIDDEN, ""},
		{"a lead it may not read", iq, jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: lbRec.ID}, Kind: "seizure", Text: "x"}, jisr.ENOTFOUND, "of.id"},
		{"an absent lead", iq, jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: absent}, Kind: "seizure", Text: "x"}, jisr.ENOTFOUND, "of.id"},
		{"a record it may not read", iq, jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: joRec.ID}, Kind: "seizure", Text: "x", Records: []string{lbRec.ID}}, jisr.ENOTFOUND, "records[0]"},
		{"bad kind", iq, jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: joRec.ID}, Kind: "party", Text: "x"}, jisr.EINVALID, "kind"},
		{"bad lead kind", iq, jisr.Outcome{Of: jisr.Lead{Kind: "rumour", ID: joRec.ID}, Kind: "raid", Text: "x"}, jisr.EINVALID, "of.kind"},
		{"no text", iq, jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: joRec.ID}, Kind: "raid"}, jisr.EINVALID, "text"},
	} {
		o := c.o
		if err := s.CreateOutcome(ctx, c.p, &o); code(err) != c.code || jisr.ErrorField(err) != c.field {
			t.Errorf("%s: %v, want %s %q", c.name, err, c.code, c.field)
		}
	}
	// The hidden lead's refusal reads like the absent one's.
	e1 := s.CreateOutcome(ctx, iq, &jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: lbRec.ID}, Kind: "seizure", Text: "x"})
	e2 := s.CreateOutcome(ctx, iq, &jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: absent}, Kind: "seizure", Text: "x"})
	if jisr.ErrorMessage(e1) != strings.ReplaceAll(jisr.ErrorMessage(e2), absent, lbRec.ID) {
		t.Errorf("hidden %v, absent %v", e1, e2)
	}
	o := &jisr.Outcome{Of: jisr.Lead{Kind: "record", ID: joRec.ID}, Kind: "seizure", Arrests: 3, Text: "Raid in Basra: 2 million pills, three arrested.", Records: []string{iqRec.ID}}
	if err := s.CreateOutcome(ctx, iq, o); err != nil {
		t.Fatal(err)
	}
	if o.Agency != "IQ-GDNA" || !slices.Equal(o.Leads, []string{"JO-AND"}) {
		t.Fatalf("outcome %+v", o)
	}
	// The originator of the lead sees what became of it, not the Iraqi
	// record it may not read.
	v, err := s.Outcome(ctx, jo, o.ID)
	if err != nil || len(v.Records) != 0 || !strings.Contains(v.Text, "Basra") {
		t.Errorf("the lead's originator: %+v %v", v, err)
	}
	b, _ := json.Marshal(v)
	if strings.Contains(string(b), iqRec.ID) || strings.Contains(string(b), "qxociq") {
		t.Errorf("the outcome shows a record the originator may not read: %s", b)
	}
	if v, err := s.Outcome(ctx, iq, o.ID); err != nil || !slices.Equal(v.Records, []string{iqRec.ID}) {
		t.Errorf("the reporter: %+v %v", v, err)
	}
	for _, p := range []jisr.Principal{lb, sa, joAdm} {
		if _, err := s.Outcome(ctx, p, o.ID); code(err) != jisr.ENOTFOUND {
			t.Errorf("%s reads the outcome: %v", p.Username, err)
		}
		if list, _, _ := s.Outcomes(ctx, p, jisr.Page{}); len(list) != 0 {
			t.Errorf("%s lists outcomes", p.Username)
		}
	}
	if list, _, err := s.Outcomes(ctx, jo, jisr.Page{}); err != nil || len(list) != 1 {
		t.Errorf("the originator's list: %v %v", list, err)
	}
	figs, err := s.OutcomeFigures(ctx, jo)
	if err != nil {
		t.Fatal(err)
	}
	var joFig, iqFig jisr.OutcomeFigure
	for _, f := range figs {
		switch f.Agency {
		case "JO-AND":
			joFig = f
		case "IQ-GDNA":
			iqFig = f
		}
	}
	if joFig.ActedOn != 1 || joFig.Results != 1 || joFig.ByKind["seizure"] != 1 || joFig.Arrests != 3 || iqFig.Reported != 1 {
		t.Errorf("figures %+v", figs)
	}
	if figs, _ := s.OutcomeFigures(ctx, lb); len(figs) != 0 {
		t.Errorf("an uninvolved agency's figures: %+v", figs)
	}
}

// testDisclosures: a draft announcement is approved only once every
// originating agency consented to its current version; who may edit,
// consent, refuse and approve; the approved text is frozen.
func testDisclosures(t *testing.T, st Store) {
	ctx := context.Background()
	s := outcomeStore(t, st)
	Seed(t, s)
	jo, joL, iq, iqL := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "iq.analyst"), As(t, s, "iq.liaison")
	lb, lbL, sa := As(t, s, "lb.analyst"), As(t, s, "lb.liaison"), As(t, s, "sa.officer")
	op := &jisr.Operation{Name: "Pomegranate", Participants: []string{"IQ-GDNA", "LB-ISF"}}
	if err := s.CreateOperation(ctx, joL, op); err != nil {
		t.Fatal(err)
	}
	joRec := Seizure("qxdcjotoiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	if err := s.CreateRecord(ctx, joL, joRec); err != nil {
		t.Fatal(err)
	}
	lbRec := Seizure("qxdclbtojo", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}})
	if err := s.CreateRecord(ctx, lbL, lbRec); err != nil {
		t.Fatal(err)
	}
	d := &jisr.Disclosure{Operation: op.ID, Title: "Joint seizure", Text: "Jordan and Lebanon seized 2 million pills.", Records: []string{joRec.ID, lbRec.ID}}
	if err := s.CreateDisclosure(ctx, jo, d); code(err) != jisr.EFORBIDDEN {
		t.Errorf("an analyst drafted: %v", err)
	}
	if err := s.CreateDisclosure(ctx, sa, d); code(err) != jisr.ENOTFOUND || jisr.ErrorField(err) != "operation" {
		t.Errorf("an outsider drafted: %v", err)
	}
	if err := s.CreateDisclosure(ctx, joL, d); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Originators, []string{"JO-AND", "LB-ISF"}) || d.Consent("JO-AND").State != jisr.ConsentGiven || d.Consent("LB-ISF").State != jisr.ConsentPending {
		t.Fatalf("drafted %+v", d)
	}
	steps := []struct {
		p            jisr.Principal
		action, text string
		want         string
	}{
		{joL, jisr.DiscActApprove, "", jisr.ECONFLICT},  // Lebanon has not consented
		{iqL, jisr.DiscActConsent, "", jisr.EFORBIDDEN}, // not an originator
		{lb, jisr.DiscActConsent, "", jisr.EFORBIDDEN},  // an analyst
		{sa, jisr.DiscActConsent, "", jisr.ENOTFOUND},
		{lbL, jisr.DiscActRefuse, "", jisr.EINVALID}, // a refusal needs a reason
		{lbL, jisr.DiscActRefuse, "Our source would be exposed by the date.", ""},
		{joL, jisr.DiscActApprove, "", jisr.ECONFLICT},
		{lbL, jisr.DiscActEdit, "", jisr.EINVALID},
		{lbL, jisr.DiscActEdit, "Lebanon alone seized the pills.", jisr.EFORBIDDEN}, // not the drafter
		{lbL, jisr.DiscActApprove, "", jisr.EFORBIDDEN},
		{joL, jisr.DiscActEdit, "Jordanian and Lebanese forces seized 2 million pills this autumn.", ""},
		{lbL, jisr.DiscActConsent, "", ""},
		{lbL, jisr.DiscActApprove, "", jisr.EFORBIDDEN}, // not the drafter
		{jo, jisr.DiscActApprove, "", jisr.EFORBIDDEN},  // an analyst
		{joL, jisr.DiscActApprove, "", ""},
		{joL, jisr.DiscActEdit, "changed after approval", jisr.ECONFLICT},
		{lbL, jisr.DiscActRefuse, "too late", jisr.ECONFLICT},
	}
	for i, c := range steps {
		title := ""
		if c.action == jisr.DiscActEdit {
			title = "Joint seizure"
			if c.text == "" {
				title = ""
			}
		}
		if err := s.ActOnDisclosure(ctx, c.p, d.ID, c.action, title, c.text); code(err) != c.want {
			t.Fatalf("step %d: %s %s: %v, want %q", i, c.p.Username, c.action, err, c.want)
		}
	}
	v, err := s.Disclosure(ctx, joL, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.State != jisr.DiscApproved || v.Version != 2 || len(v.Versions) != 2 || v.Versions[0].Text != "Jordan and Lebanon seized 2 million pills." || v.ApprovedBy != "jo.liaison" {
		t.Errorf("approved %+v", v)
	}
	// Iraq takes part: it reads the announcement and only the records it reads.
	if v, err := s.Disclosure(ctx, iq, d.ID); err != nil || !slices.Equal(v.Records, []string{joRec.ID}) {
		t.Errorf("a participant: %+v %v", v, err)
	}
	if _, err := s.Disclosure(ctx, sa, d.ID); code(err) != jisr.ENOTFOUND {
		t.Errorf("an outsider reads the disclosure: %v", err)
	}
	if list, _, err := s.Disclosures(ctx, lb, jisr.Page{}); err != nil || len(list) != 1 {
		t.Errorf("an originator's list: %v %v", list, err)
	}
}
