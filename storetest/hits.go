package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
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
	inbox, _, err := s.Hits(ctx, jo, jisr.HitFilter{}, jisr.Page{})
	inbox = only(inbox, jisr.RuleSelector)
	if err != nil || len(inbox) != 1 || inbox[0].Record != joRec.ID || inbox[0].Other.Agency != "IQ-GDNA" || inbox[0].Other.Disclosure != jisr.DisclosureBlind || inbox[0].Value != "+962791234567" {
		t.Fatalf("Jordan's inbox: %+v %v", inbox, err)
	}
	if inbox[0].Other.RecordID != "" || strings.Contains(mustJSON(inbox), iqRec.ID) {
		t.Fatal("the notice reveals Iraq's record")
	}
	// Uninvolved agencies and auditors learn nothing.
	for _, p := range []jisr.Principal{sa, lb, aud} {
		if in, _, _ := s.Hits(ctx, p, jisr.HitFilter{}, jisr.Page{}); len(in) != 0 {
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
	// The release re-indexes the record; the hit stays, answered.
	after, _, _ := s.Hits(ctx, jo, jisr.HitFilter{}, jisr.Page{})
	if g := hitOf(after, joRec.ID); g == nil || g.ID != inbox[0].ID || g.Status != jisr.HitReleased {
		t.Fatalf("after release the hit is %+v, want %s released", g, inbox[0].ID)
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
	in, _, _ := s.Hits(ctx, sa, jisr.HitFilter{}, jisr.Page{})
	in = only(in, jisr.RuleSelector)
	if len(in) != 1 || in[0].Other.Agency != "LB-ISF" || in[0].Record != saRec.ID {
		t.Fatalf("owner of the quiet record: %+v", in)
	}
	// Lebanon may not see the hit, so it cannot find it or answer it: the
	// same not found as an absent hit, whatever the answer.
	lbL := lb
	lbL.Role = jisr.RoleLiaison // as a liaison officer of Lebanon would be
	for _, p := range []jisr.Principal{lb, lbL} {
		for _, release := range []bool{true, false} {
			e1, e2 := s.AnswerHit(ctx, p, in[0].ID, release), s.AnswerHit(ctx, p, "00000000000000000000000000000001", release)
			if code(e1) != jisr.ENOTFOUND || e1.Error() != e2.Error() {
				t.Errorf("%s (%s) answering a hit it may not see: %v; an absent one: %v", p.Username, p.Role, e1, e2)
			}
		}
	}
	if _, err := s.Record(ctx, sa, lbRec.ID); code(err) != jisr.ENOTFOUND {
		t.Errorf("Lebanon's record went to the hidden holder: %v", err)
	}
	all, _, _ := s.Hits(ctx, jo, jisr.HitFilter{}, jisr.Page{})
	checkRefs(t, append(all, in...))
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
	in, _, _ := s.Hits(ctx, jo, jisr.HitFilter{}, jisr.Page{Limit: 500})
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

// isRef reports whether id looks like a hit ref: 128 random bits in hex.
func isRef(id string) bool {
	if len(id) != 32 {
		return false
	}
	for _, c := range id {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// checkRefs fails unless the hit ids are opaque refs that share no long
// prefix: sequence numbers and time-ordered ids would.
func checkRefs(t *testing.T, hs []*jisr.Hit) {
	t.Helper()
	for i, h := range hs {
		if !isRef(h.ID) {
			t.Errorf("hit id %q is not a 128-bit random ref", h.ID)
		}
		for _, g := range hs[:i] {
			n := 0
			for n < len(h.ID) && n < len(g.ID) && h.ID[n] == g.ID[n] {
				n++
			}
			if n > 8 && h.ID != g.ID {
				t.Errorf("hit ids %s and %s share a %d-character prefix: guessable", h.ID, g.ID, n)
			}
		}
	}
}

// hitOf returns the selector hit of record id in hs.
func hitOf(hs []*jisr.Hit, id string) *jisr.Hit {
	for _, h := range hs {
		if h.Rule == jisr.RuleSelector && h.Record == id {
			return h
		}
	}
	return nil
}

// edit changes a word of a record's narrative as p, keeping the rest.
func edit(t *testing.T, s Store, p jisr.Principal, id string, change func(r *jisr.Record)) {
	t.Helper()
	ctx := context.Background()
	r, err := s.Record(ctx, p, id)
	if err != nil {
		t.Fatal(err)
	}
	r.Attachments = nil
	change(r)
	if err := s.UpdateRecord(ctx, p, r); err != nil {
		t.Fatalf("edit %s: %v", r.Title, err)
	}
}

// testHitsStable: a hit is the same hit, with its ref and its answer, as
// long as the two records meet by the same rule and value, whatever edits
// either one.
func testHitsStable(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, joL, iq := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "iq.analyst")
	a := mustCreate(t, s, jo, withPhone(Seizure("qxstablejo", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "079 222 3344"))
	b := Seizure("qxstableiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	b.NarrativeEN += " The driver called 00962792223344."
	mustCreate(t, s, iq, b)
	inbox, _, _ := s.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{})
	h := hitOf(inbox, a.ID)
	if h == nil || h.Status != jisr.HitPending {
		t.Fatalf("no pending hit: %+v", inbox)
	}
	if err := s.AnswerHit(ctx, joL, h.ID, false); err != nil {
		t.Fatal(err)
	}
	// Both records are edited, the phone stays in both.
	edit(t, s, jo, a.ID, func(r *jisr.Record) { r.NarrativeEN += " Second search of the truck." })
	edit(t, s, iq, b.ID, func(r *jisr.Record) { r.NarrativeAR += " تمت المراجعة" })
	edit(t, s, jo, a.ID, func(r *jisr.Record) { r.Title += " (revised)" })
	inbox, _, _ = s.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{})
	if g := hitOf(inbox, a.ID); g == nil || g.ID != h.ID || g.Status != jisr.HitDeclined {
		t.Fatalf("after edits of both records the hit is %+v, want %s declined", g, h.ID)
	}
	hs, _ := s.RecordHits(ctx, iq, b.ID)
	if g := hitOf(hs, b.ID); g == nil || g.ID != h.ID || len(only(hs, jisr.RuleSelector)) != 1 {
		t.Fatalf("Iraq's side after edits: %+v", hs)
	}
	if err := s.AnswerHit(ctx, joL, h.ID, true); code(err) != jisr.ECONFLICT {
		t.Fatalf("a declined hit answered again after edits: %v", err)
	}
	// The phone leaves Jordan's record: the hit goes; it comes back as a new hit.
	edit(t, s, jo, a.ID, func(r *jisr.Record) { r.Entities = r.Entities[:len(r.Entities)-1] })
	if inbox, _, _ = s.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{}); hitOf(inbox, a.ID) != nil {
		t.Fatalf("hit kept after the phone was removed: %+v", inbox)
	}
	edit(t, s, jo, a.ID, func(r *jisr.Record) { withPhone(r, "+962 79 222 3344") })
	inbox, _, _ = s.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{})
	if g := hitOf(inbox, a.ID); g == nil || g.ID == h.ID || g.Status != jisr.HitPending {
		t.Fatalf("hit after the phone came back: %+v", g)
	}
}

// testAnswerRace answers one blind hit and one release request from many
// goroutines at once: exactly one answer applies, the others are conflicts.
func testAnswerRace(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, joL, iqL := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "iq.liaison")
	krsc := As(t, s, "krsc.analyst")
	a := mustCreate(t, s, jo, withPhone(Seizure("qxracejo", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "079 765 4321"))
	b := Seizure("qxraceiq", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	b.NarrativeEN += " Phone 00962797654321."
	mustCreate(t, s, As(t, s, "iq.analyst"), b)
	inbox, _, _ := s.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{})
	h := hitOf(inbox, a.ID)
	if h == nil {
		t.Fatalf("no hit: %+v", inbox)
	}
	shared := mustCreate(t, s, joL, Seizure("qxraceshared", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}))
	rr := &jisr.ReleaseRequest{RecordID: shared.ID, Reason: "Kurdistan holds the truck", Wanted: jisr.Releasability{Agencies: []string{"IQ-KRSC"}}}
	if err := s.RequestRelease(ctx, iqL, rr); err != nil {
		t.Fatal(err)
	}
	const n = 20
	race := func(answer func(i int) error) (winner int) {
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = answer(i)
			}()
		}
		close(start)
		wg.Wait()
		winner = -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("answers %d and %d both applied", winner, i)
			case err == nil:
				winner = i
			case code(err) != jisr.ECONFLICT:
				t.Errorf("answer %d: %v, want conflict", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no answer applied")
		}
		return winner
	}
	// Even goroutines release, odd ones decline.
	w := race(func(i int) error { return s.AnswerHit(ctx, joL, h.ID, i%2 == 0) })
	inbox, _, _ = s.Hits(ctx, joL, jisr.HitFilter{}, jisr.Page{})
	_, readErr := s.Record(ctx, iqL, a.ID)
	if g := hitOf(inbox, a.ID); w%2 == 0 && (g == nil || g.Status != jisr.HitReleased || readErr != nil) ||
		w%2 == 1 && (g == nil || g.Status != jisr.HitDeclined || readErr == nil) {
		t.Errorf("winner %d: hit %+v, Iraq reads the record: %v", w, g, readErr == nil)
	}
	w = race(func(i int) error { return s.AnswerRelease(ctx, joL, rr.ID, i%2 == 0, "") })
	list, _, _ := s.ReleaseRequests(ctx, joL, jisr.Page{})
	_, readErr = s.Record(ctx, krsc, shared.ID)
	if len(list) != 1 || w%2 == 0 && (list[0].Status != jisr.RequestAccepted || readErr != nil) ||
		w%2 == 1 && (list[0].Status != jisr.RequestRefused || readErr == nil) {
		t.Errorf("winner %d: request %+v, Kurdistan reads: %v", w, list, readErr == nil)
	}
	// Each attempt is in the trail: one applied, the others refused.
	aud := As(t, s, "jo.auditor")
	for _, c := range []struct{ action, object string }{{jisr.ActHitAnswer, a.ID}, {jisr.ActReleaseReply, shared.ID}} {
		es, _, err := s.AuditEntries(ctx, aud, jisr.AuditFilter{Action: c.action, Object: c.object, Page: jisr.Page{Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		ok := 0
		for _, e := range es {
			if e.Outcome == "ok" {
				ok++
			}
		}
		if ok != 1 || len(es) != n {
			t.Errorf("%s: %d entries, %d ok; want %d, 1", c.action, len(es), ok, n)
		}
	}
}
