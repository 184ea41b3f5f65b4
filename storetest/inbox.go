package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// testInboxFilters (issue 11): the hits inbox filtered by the engine —
// kind, agency, status, strength, group —, strong hits before weak ones,
// groups per entity or value of ours with their counts, pages that keep
// the filter; and none of it — row, count, group — reveals a hit the
// caller may not see.
func testInboxFilters(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, joL, iq, lb := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "iq.analyst"), As(t, s, "lb.analyst")
	const p1, p2 = "079 555 0123", "079 555 0456"
	// Ours: a phone and a person (jo.analyst reads it).
	ours := withPerson(withPhone(Seizure("qxinbox", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), p1), "s1", "suspect", "Khalid Hussein al-Jubouri")
	mustCreate(t, s, jo, ours)
	// Theirs: two Iraqi records with the phone (blind for Jordan), one
	// released to Jordan (full), and a Lebanese one with the person.
	mustCreate(t, s, iq, withPhone(Seizure("qxinboxiq1", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+962795550123"))
	mustCreate(t, s, iq, withPhone(Seizure("qxinboxiq2", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "00962795550123"))
	mustCreate(t, s, As(t, s, "iq.liaison"), withPhone(Seizure("qxinboxiq3", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"JO-AND"}}), "+962 79 555 0123"))
	theirName := withPerson(Seizure("qxinboxlb", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect", "Khaled Husain Al Jabouri")
	mustCreate(t, s, lb, theirName)
	// A RED record of Jordan's that only its liaison officer reads, whose
	// phone a Lebanese record holds: a hit jo.analyst may not see at all.
	red := withPhone(Seizure("qxinboxred", jisr.TLPRed, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}, Users: []string{"iq.analyst"}}), p2)
	mustCreate(t, s, joL, red)
	mustCreate(t, s, lb, withPhone(Seizure("qxinboxlb2", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "+962795550456"))

	all := func(p jisr.Principal, f jisr.HitFilter, limit int) []*jisr.Hit {
		t.Helper()
		var out []*jisr.Hit
		c := ""
		for range 100 {
			hs, next, err := s.Hits(ctx, p, f, jisr.Page{Limit: limit, Cursor: c})
			if err != nil {
				t.Fatalf("hits %+v: %v", f, err)
			}
			out = append(out, hs...)
			if next == "" {
				return out
			}
			c = next
		}
		t.Fatalf("hits %+v: no end of pages", f)
		return nil
	}
	// The name hit comes from the worker, after the commit.
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if len(all(jo, jisr.HitFilter{Kind: jisr.RuleName, Agency: "LB-ISF"}, 50)) > 0 {
			break
		}
		if time.Now().After(end) {
			t.Fatal("no name hit with LB-ISF")
		}
	}
	inbox := all(jo, jisr.HitFilter{}, 500)
	ids := func(hs []*jisr.Hit) []string {
		var out []string
		for _, h := range hs {
			out = append(out, h.ID)
		}
		return out
	}
	// Strong before weak.
	weakSeen := false
	for _, h := range inbox {
		if h.Strength == jisr.HitWeak {
			weakSeen = true
		} else if h.Strength != jisr.HitStrong {
			t.Errorf("hit without strength: %+v", h)
		} else if weakSeen {
			t.Errorf("a strong hit after a weak one: %v", mustJSON(inbox))
			break
		}
	}
	phoneKey := "sel:phone:+962795550123"
	var phone []*jisr.Hit
	for _, h := range inbox {
		if h.Group == phoneKey {
			phone = append(phone, h)
		}
		if h.Rule == jisr.RuleSelector && h.Strength != jisr.HitStrong || h.Rule == jisr.RuleName && h.Strength != jisr.HitWeak {
			t.Errorf("strength of %s: %s", h.Rule, h.Strength)
		}
	}
	if len(phone) != 3 {
		t.Fatalf("hits on our phone: %v", mustJSON(inbox))
	}
	// Blind rows say why from our side (issue 11): our value, the reason;
	// a name hit our person's name, never theirs.
	for _, h := range inbox {
		if h.Other.Disclosure != jisr.DisclosureBlind {
			continue
		}
		switch h.Rule {
		case jisr.RuleSelector:
			if h.Reason == nil || h.Reason.Key != jisr.RuleSelector || h.Value == "" {
				t.Errorf("blind phone row: %s", mustJSON(h))
			}
		case jisr.RuleName:
			if h.Reason == nil || h.Reason.Key != "name_blind" || h.Reason.Ours != "Khalid Hussein al-Jubouri" || strings.Contains(mustJSON(h), "Khaled Husain") {
				t.Errorf("blind name row: %s", mustJSON(h))
			}
		}
	}
	// Each filter: what it lists is what the unfiltered inbox holds that
	// matches it, in the same order, through pages of one.
	filters := []jisr.HitFilter{
		{Kind: jisr.RuleSelector}, {Kind: jisr.RuleName}, {Kind: jisr.RuleSite}, {Agency: "IQ-GDNA"}, {Agency: "LB-ISF"}, {Agency: "SA-GDNC"},
		{Status: jisr.HitPending}, {Status: jisr.HitStatusFull}, {Status: jisr.HitDeclined}, {Strength: jisr.HitStrong}, {Strength: jisr.HitWeak},
		{Group: phoneKey}, {Group: phoneKey, Status: jisr.HitPending}, {Kind: jisr.RuleSelector, Agency: "IQ-GDNA", Status: jisr.HitStatusFull},
	}
	matches := func(h *jisr.Hit, f jisr.HitFilter) bool {
		status := h.Status
		if h.Other.Disclosure == jisr.DisclosureFull {
			status = jisr.HitStatusFull
		}
		return (f.Kind == "" || h.Rule == f.Kind) && (f.Agency == "" || h.Other.Agency == f.Agency) && (f.Status == "" || status == f.Status) &&
			(f.Strength == "" || h.Strength == f.Strength) && (f.Group == "" || h.Group == f.Group)
	}
	for _, f := range filters {
		var want []*jisr.Hit
		for _, h := range inbox {
			if matches(h, f) {
				want = append(want, h)
			}
		}
		got := all(jo, f, 1)
		if !slices.Equal(ids(got), ids(want)) {
			t.Errorf("filter %+v: %v, want %v", f, ids(got), ids(want))
		}
		gs, partial, err := s.HitGroups(ctx, jo, f)
		if err != nil || partial {
			t.Fatalf("groups %+v: %v %v", f, err, partial)
		}
		n := 0
		for _, g := range gs {
			n += g.Count
		}
		if n != len(want) {
			t.Errorf("groups %+v count %d hits, the list %d", f, n, len(want))
		}
	}
	if n := len(all(jo, jisr.HitFilter{Status: jisr.HitStatusFull}, 10)); n != 1 {
		t.Errorf("full hits: %d", n)
	}
	if n := len(all(jo, jisr.HitFilter{Group: phoneKey, Status: jisr.HitPending}, 10)); n != 2 {
		t.Errorf("blind pending hits on our phone: %d", n)
	}
	gs, _, _ := s.HitGroups(ctx, jo, jisr.HitFilter{})
	var pg *jisr.HitGroup
	for i := range gs {
		if gs[i].Key == phoneKey {
			pg = &gs[i]
		}
	}
	if pg == nil || pg.Count != 3 || pg.Type != "phone" || pg.Value != "+962795550123" || pg.Strength != jisr.HitStrong || gs[0].Strength != jisr.HitStrong {
		t.Errorf("groups: %s", mustJSON(gs))
	}
	var nameGroup *jisr.HitGroup
	for i := range gs {
		if gs[i].Type == jisr.RuleName && gs[i].Record == ours.ID {
			nameGroup = &gs[i]
		}
	}
	// A name group is our person, named as we hold it.
	if nameGroup == nil || nameGroup.Value != "Khalid Hussein al-Jubouri" || nameGroup.Strength != jisr.HitWeak {
		t.Errorf("name group: %s", mustJSON(gs))
	}

	// What jo.analyst may not read: the RED record's hit is in no list, no
	// filter, no group, no count — and its group's key lists nothing.
	redKey := "sel:phone:+962795550456"
	for _, f := range append(filters, jisr.HitFilter{}, jisr.HitFilter{Group: redKey}, jisr.HitFilter{Agency: "LB-ISF", Kind: jisr.RuleSelector}) {
		hs := all(jo, f, 500)
		gs, _, _ := s.HitGroups(ctx, jo, f)
		b := mustJSON(hs) + mustJSON(gs)
		for _, secret := range []string{red.ID, "950456", "qxinboxred"} {
			if strings.Contains(b, secret) {
				t.Errorf("filter %+v shows jo.analyst the hit on a record it may not read (%s): %s", f, secret, b)
			}
		}
	}
	if hs := all(jo, jisr.HitFilter{Group: redKey}, 10); len(hs) != 0 {
		t.Errorf("the unreadable group lists %d hits", len(hs))
	}
	if gs, _, _ := s.HitGroups(ctx, jo, jisr.HitFilter{Group: "rec:" + red.ID + ":selector"}); len(gs) != 0 {
		t.Errorf("the unreadable record's group: %s", mustJSON(gs))
	}
	// Its liaison officer sees it.
	if hs := all(joL, jisr.HitFilter{Group: redKey}, 10); len(hs) != 1 || hs[0].Record != red.ID {
		t.Errorf("jo.liaison's RED hit: %s", mustJSON(hs))
	}
	// Another agency's filters never reach Jordan's side: Iraq's inbox
	// holds its own records' hits only, and nothing of Jordan's quiet or
	// RED records.
	for _, p := range []jisr.Principal{iq, lb, As(t, s, "sa.officer"), As(t, s, "jo.admin"), As(t, s, "jo.auditor")} {
		for _, f := range []jisr.HitFilter{{}, {Agency: "JO-AND"}, {Group: phoneKey}, {Group: redKey}, {Group: "name:" + ours.ID + ":Khalid Hussein al-Jubouri"}} {
			hs := all(p, f, 500)
			gs, _, _ := s.HitGroups(ctx, p, f)
			b := mustJSON(hs) + mustJSON(gs)
			if strings.Contains(b, ours.ID) || strings.Contains(b, red.ID) || strings.Contains(b, "Khalid Hussein") {
				t.Errorf("%s with %+v sees Jordan's side: %s", p.Username, f, b)
			}
			for _, h := range hs {
				if h.Group == "" || !strings.HasPrefix(h.Group, "sel:") && !strings.Contains(h.Group, h.Record) {
					t.Errorf("%s: group %q is not of its own record %s", p.Username, h.Group, h.Record)
				}
			}
		}
	}
	// Bad values are invalid, naming the field, whoever asks.
	for _, c := range []struct {
		f     jisr.HitFilter
		field string
	}{
		{jisr.HitFilter{Kind: "phone"}, "kind"}, {jisr.HitFilter{Agency: "jo and"}, "agency"}, {jisr.HitFilter{Status: "open"}, "status"},
		{jisr.HitFilter{Strength: "medium"}, "strength"}, {jisr.HitFilter{Group: strings.Repeat("x", jisr.MaxHitGroup+1)}, "group"},
	} {
		_, _, err := s.Hits(ctx, jo, c.f, jisr.Page{})
		_, _, gerr := s.HitGroups(ctx, iq, c.f)
		if code(err) != jisr.EINVALID || jisr.ErrorField(err) != c.field || code(gerr) != jisr.EINVALID || jisr.ErrorField(gerr) != c.field {
			t.Errorf("%+v: %v / %v", c.f, err, gerr)
		}
	}
}
