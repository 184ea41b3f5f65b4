package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

func withPhone(r *jisr.Record, phone string) *jisr.Record {
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph1", Schema: "Phone", Props: map[string][]string{"number": {phone}}})
	return r
}

func mustCreate(t *testing.T, s Store, p jisr.Principal, r *jisr.Record) *jisr.Record {
	t.Helper()
	if err := s.CreateRecord(context.Background(), p, r); err != nil {
		t.Fatalf("create %s: %v", r.Title, err)
	}
	return r
}

func testHits(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, joL := As(t, s, "jo.analyst"), As(t, s, "jo.liaison")
	iq, sa, lb := As(t, s, "iq.analyst"), As(t, s, "sa.officer"), As(t, s, "lb.analyst")
	aud := As(t, s, "jo.auditor")

	// Jordan holds a driver's phone in a private record, in local format.
	joRec := mustCreate(t, s, jo, withPhone(Seizure("qxjosecret", jisr.TLPAmber, jisr.H2, jisr.Releasability{}), "079 123 4567"))
	// Iraq writes a report mentioning the same phone in its narrative, in international format.
	iqRec := Seizure("qxiqreport", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	iqRec.NarrativeAR = "اتصل السائق بالرقم 00962791234567 قبل عبوره"
	iqRec.Place.Country = "IQ"
	mustCreate(t, s, iq, iqRec)

	hs, err := s.RecordHits(ctx, iq, iqRec.ID)
	if err != nil {
		t.Fatal(err)
	}
	hs = only(hs, jisr.RuleSelector)
	if len(hs) != 1 {
		t.Fatalf("Iraq's record has %d hits, want 1: %+v", len(hs), hs)
	}
	h := hs[0]
	if h.Other.Disclosure != jisr.DisclosureBlind || h.Other.Agency != "JO-AND" || h.Type != "phone" || h.Value != "+962791234567" {
		t.Fatalf("blind hit for Iraq: %+v", h)
	}
	b, _ := json.Marshal(hs)
	for _, secret := range []string{joRec.ID, "qxjosecret", "Driverqxjosecret", "pomegranates", "079 123 4567"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("blind hit reveals %q: %s", secret, b)
		}
	}
	// Jordan's inbox: someone matched its record (which agency, which selector, when).
	inbox, _, err := s.Hits(ctx, jo, jisr.Page{})
	inbox = only(inbox, jisr.RuleSelector)
	if err != nil || len(inbox) != 1 || inbox[0].Record != joRec.ID || inbox[0].Other.Agency != "IQ-GDNA" || inbox[0].Other.Disclosure != jisr.DisclosureBlind || inbox[0].Value != "+962791234567" {
		t.Fatalf("Jordan's inbox: %+v %v", inbox, err)
	}
	if inbox[0].Other.RecordID != "" || strings.Contains(mustJSON(inbox), iqRec.ID) {
		t.Fatal("the notice reveals Iraq's record")
	}
	// Uninvolved agencies and auditors learn nothing.
	for _, p := range []jisr.Principal{sa, lb, aud} {
		if in, _, _ := s.Hits(ctx, p, jisr.Page{}); len(in) != 0 {
			t.Errorf("%s sees hits: %+v", p.Username, in)
		}
	}
	if _, err := s.RecordHits(ctx, sa, joRec.ID); jisr.ErrorCode(err) != jisr.ENOTFOUND {
		t.Errorf("hits of an invisible record: %v", err)
	}
	// Only the owner's liaison answers; releasing lets Iraq read the record.
	if err := s.AnswerHit(ctx, iq, inbox[0].ID, true); jisr.ErrorCode(err) != jisr.ENOTFOUND && jisr.ErrorCode(err) != jisr.EFORBIDDEN {
		t.Fatalf("Iraq answered Jordan's hit: %v", err)
	}
	if err := s.AnswerHit(ctx, jo, inbox[0].ID, true); jisr.ErrorCode(err) != jisr.EFORBIDDEN {
		t.Fatalf("analyst answered: %v", err)
	}
	if err := s.AnswerHit(ctx, joL, inbox[0].ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.AnswerHit(ctx, joL, inbox[0].ID, false); jisr.ErrorCode(err) != jisr.ECONFLICT {
		t.Fatalf("answered twice: %v", err)
	}
	hs, _ = s.RecordHits(ctx, iq, iqRec.ID)
	hs = only(hs, jisr.RuleSelector)
	if len(hs) != 1 || hs[0].Other.Disclosure != jisr.DisclosureFull || hs[0].Other.RecordID != joRec.ID {
		t.Fatalf("after release: %+v", hs)
	}

	// No hit disclosure: only the owner learns of the match.
	saRec := Seizure("qxsaquiet", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	saRec.NoHitDisclosure = true
	saRec.Entities = append(saRec.Entities, jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"12-34567"}, "country": {"JO"}}})
	mustCreate(t, s, sa, saRec)
	lbRec := Seizure("qxlbtruck", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	lbRec.Entities = append(lbRec.Entities, jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"12 34567"}, "country": {"JO"}}})
	mustCreate(t, s, lb, lbRec)
	if hs, _ := s.RecordHits(ctx, lb, lbRec.ID); len(only(hs, jisr.RuleSelector)) != 0 {
		t.Fatalf("no-hit-disclosure record disclosed to the matcher: %+v", hs)
	}
	in, _, _ := s.Hits(ctx, sa, jisr.Page{})
	in = only(in, jisr.RuleSelector)
	if len(in) != 1 || in[0].Other.Agency != "LB-ISF" || in[0].Record != saRec.ID {
		t.Fatalf("owner of the quiet record: %+v", in)
	}
	if n, _ := s.VerifyAudit(ctx); n == 0 {
		t.Fatal("no audit")
	}
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func testCommon(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq := As(t, s, "jo.analyst"), As(t, s, "iq.analyst")
	// A hotline number every report quotes.
	for i := 0; i < 26; i++ {
		mustCreate(t, s, jo, withPhone(Seizure("qxhot", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+962 6 500 0000"))
	}
	r := mustCreate(t, s, iq, withPhone(Seizure("qxhotiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+962 6 500 0000"))
	if hs, _ := s.RecordHits(ctx, iq, r.ID); len(only(hs, jisr.RuleSelector)) != 0 {
		t.Fatalf("a common value made %d hits", len(hs))
	}
	// The earlier hits (before the value turned common) are marked common.
	in, _, _ := s.Hits(ctx, jo, jisr.Page{Limit: 500})
	in = only(in, jisr.RuleSelector)
	if len(in) == 0 || !in[0].Common {
		t.Fatalf("hits of a common value not flagged: %d", len(in))
	}
}

func testDuplicates(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq := As(t, s, "jo.liaison"), As(t, s, "iq.liaison")
	a := Seizure("qxdupjo", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	a.Seizure.Crossing = "IQ-QAIM"
	mustCreate(t, s, jo, a)
	b := Seizure("qxdupiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	b.Seizure.Crossing, b.OccurredOn = "IQ-QAIM", "2026-10-02"
	b.Entities[0].Props["amount"] = []string{"110000"}
	mustCreate(t, s, iq, b)
	far := Seizure("qxdupfar", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	far.Seizure.Crossing, far.OccurredOn = "IQ-QAIM", "2026-10-05"
	mustCreate(t, s, iq, far)
	hs, _ := s.RecordHits(ctx, iq, b.ID)
	hs = only(hs, jisr.RuleDuplicate)
	if len(hs) != 1 || hs[0].Rule != jisr.RuleDuplicate || hs[0].Other.RecordID != a.ID {
		t.Fatalf("duplicate: %+v", hs)
	}
	if hs, _ := s.RecordHits(ctx, iq, far.ID); len(only(hs, jisr.RuleDuplicate)) != 0 {
		t.Fatalf("seizure three days later flagged: %+v", hs)
	}
	// Two labs 300 m apart, reported by two agencies.
	lab := func(marker string, lat, lon float64) *jisr.Record {
		return &jisr.Record{Kind: jisr.KindFacility, Title: "Lab " + marker, NarrativeEN: "Press and mixers found " + marker,
			Place: jisr.Place{Country: "LB", Lat: &lat, Lon: &lon}, Grading: jisr.Grading{Source: "B", Information: 2},
			Handling: jisr.H0, TLP: jisr.TLPGreen, Releasability: jisr.Releasability{Community: true},
			Facility: &jisr.Facility{Type: "lab", Status: "active"}}
	}
	l1 := mustCreate(t, s, jo, lab("qxlab1", 34.1245, 36.0532))
	l2 := mustCreate(t, s, iq, lab("qxlab2", 34.1270, 36.0540))
	mustCreate(t, s, iq, lab("qxlab3", 34.2000, 36.1000))
	hs, _ = s.RecordHits(ctx, iq, l2.ID)
	hs = only(hs, jisr.RuleSite)
	if len(hs) != 1 || hs[0].Rule != jisr.RuleSite || hs[0].Other.RecordID != l1.ID {
		t.Fatalf("site hit: %+v", hs)
	}
}

// only keeps the hits of one rule (name hits come and go asynchronously).
func only(hs []*jisr.Hit, rule string) []*jisr.Hit {
	var out []*jisr.Hit
	for _, h := range hs {
		if h.Rule == rule {
			out = append(out, h)
		}
	}
	return out
}
