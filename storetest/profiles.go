package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/jisr-cell/jisr"
)

// testProfileFilterFirst: a profile (of a phone, a person) gathers the
// records the caller may read only: its records, spellings and linked
// identifiers are the same whether or not another agency holds records
// with the same phone and name that the caller may not read; the hits on
// those show the other side blind (the agency only) or not at all, and the
// other agency's profile shows none of the caller's records.
func testProfileFilterFirst(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, sa := As(t, s, "jo.analyst"), As(t, s, "sa.officer")
	const phone = "+964 780 726 9252"
	mk := func(p jisr.Principal, marker, date, name, plate string) *jisr.Record {
		r := withPhone(withPerson(Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect", name), phone)
		r.OccurredOn = date
		if plate != "" {
			r.Entities = append(r.Entities, jisr.Entity{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {plate}, "country": {"JO"}}})
		}
		return mustCreate(t, s, p, r)
	}
	a := mk(jo, "qxprof1", "2026-09-01", "علي حسين الجبوري", "40-81295")
	b := mk(jo, "qxprof2", "2026-10-01", "Ali Hussein al-Jubouri", "")
	queries := []jisr.ProfileQuery{{Type: "phone", Value: phone}, {Type: "phone", Value: "+9647807269252"},
		{Type: "person", Value: "Ali Hussein al-Jubouri"}, {Type: "person", Value: "علي حسين الجبوري"}}
	profile := func(p jisr.Principal, q jisr.ProfileQuery) *jisr.Profile {
		pr, err := s.Profile(ctx, p, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		return pr
	}
	records := func() string {
		var out string
		for _, q := range queries {
			pr := profile(jo, q)
			hits := pr.Hits
			pr.Hits = nil
			js, _ := json.Marshal(pr)
			out += fmt.Sprintf("%+v: %s\n", q, js)
			pr.Hits = hits
		}
		return out
	}
	before := records()
	for _, q := range queries {
		pr := profile(jo, q)
		if len(pr.Mentions) != 2 || pr.Mentions[0].RecordID != b.ID || pr.Mentions[1].RecordID != a.ID {
			t.Errorf("%+v: mentions %+v, want %s then %s", q, pr.Mentions, b.ID, a.ID)
		}
	}
	if pr := profile(jo, queries[2]); len(pr.Names) != 2 {
		t.Errorf("person: spellings %v, want both scripts", pr.Names)
	}
	if pr := profile(jo, queries[0]); len(pr.Linked) == 0 {
		t.Errorf("phone: no linked identifiers or persons: %+v", pr)
	}
	// Saudi Arabia holds the same phone and name, unreadable by Jordan,
	// half of them with no hit disclosure.
	hidden := map[string]bool{}
	for i := 0; i < 6; i++ {
		r := withPhone(withPerson(Seizure(fmt.Sprintf("qxprofsa%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect",
			[]string{"Ali Hussein al-Jubouri", "علي حسين الجبوري"}[i%2]), phone)
		r.NoHitDisclosure = i%2 == 0
		hidden[mustCreate(t, s, sa, r).ID] = true
	}
	if after := records(); after != before {
		t.Errorf("unreadable records changed the profile:\nbefore\n%s\nafter\n%s", before, after)
	}
	for _, q := range queries {
		for _, h := range profile(jo, q).Hits {
			if h.Other.Agency == "SA-GDNC" && (h.Other.Disclosure != jisr.DisclosureBlind || h.Other.RecordID != "" || h.Other.Title != "") {
				t.Errorf("%+v: hit shows Saudi Arabia's record: %+v", q, h)
			}
			if hidden[h.Other.RecordID] {
				t.Errorf("%+v: hit names a hidden record", q)
			}
		}
	}
	blind := 0
	for _, h := range profile(jo, queries[0]).Hits {
		if h.Other.Agency == "SA-GDNC" && h.Other.Disclosure == jisr.DisclosureBlind {
			blind++
		}
	}
	if blind == 0 {
		t.Errorf("phone: the blind hits on Saudi Arabia's records are not shown")
	}
	for _, q := range queries {
		for _, m := range profile(sa, q).Mentions {
			if m.Originator != "SA-GDNC" {
				t.Errorf("Saudi Arabia's profile %+v shows %s's record", q, m.Originator)
			}
		}
	}
	if _, err := s.Profile(ctx, jo, jisr.ProfileQuery{Type: "shoe", Value: "42"}); jisr.ErrorField(err) != "type" {
		t.Errorf("bad type: %v", err)
	}
}
