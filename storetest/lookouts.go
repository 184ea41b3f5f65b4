package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

// LookoutStore is a store with lookouts (issue 11). The suite below skips
// a store without them.
type LookoutStore interface {
	RequestStore
	jisr.LookoutService
	SweepLookouts(ctx context.Context, now time.Time) (int, error)
}

func lookoutStore(t *testing.T, s Store) LookoutStore {
	t.Helper()
	ls, ok := s.(LookoutStore)
	if !ok {
		t.Skip("the store has no lookouts")
	}
	return ls
}

// withPhone returns a seizure record carrying phone in an entity.
func lookPhone(marker string, tlp jisr.TLP, rel jisr.Releasability, phone string) *jisr.Record {
	r := Seizure(marker, tlp, jisr.H0, rel)
	r.Entities = append(r.Entities, jisr.Entity{ID: "ph", Schema: "Phone", Props: map[string][]string{"number": {phone}}})
	return r
}

// lookoutNotes returns p's lookout notices (kind and agency), oldest first.
func lookoutNotes(t *testing.T, s LookoutStore, p jisr.Principal) []string {
	t.Helper()
	ns, _, err := s.Notifications(context.Background(), p, jisr.NotificationFilter{Page: jisr.Page{Limit: 500}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(ns) - 1; i >= 0; i-- {
		if strings.HasPrefix(ns[i].Kind, "lookout.") {
			out = append(out, ns[i].Kind+" "+ns[i].Agency)
		}
	}
	return out
}

// testLookouts: issuing, who sees and who may withdraw a lookout, what a
// match shows to each side (full, blind, nothing), the notices, and that a
// withdrawn or expired lookout matches nothing.
func testLookouts(t *testing.T, st Store) {
	ctx := context.Background()
	s := lookoutStore(t, st)
	Seed(t, s)
	jo, joL, joAdm := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "jo.admin")
	iq, iqL, lb, lbL, sa := As(t, s, "iq.analyst"), As(t, s, "iq.liaison"), As(t, s, "lb.analyst"), As(t, s, "lb.liaison"), As(t, s, "sa.officer")
	expires := time.Now().Add(7 * 24 * time.Hour)

	// Input and issuing: administrators issue none; bad input names the field.
	for _, c := range []struct {
		l     jisr.Lookout
		p     jisr.Principal
		code  string
		field string
	}{
		{jisr.Lookout{Type: "phone", Value: "+962791234567", Expires: expires}, joAdm, jisr.EFORBIDDEN, ""},
		{jisr.Lookout{Type: "colour", Value: "red", Expires: expires}, jo, jisr.EINVALID, "type"},
		{jisr.Lookout{Type: "phone", Value: "call me", Expires: expires}, jo, jisr.EINVALID, "value"},
		{jisr.Lookout{Type: "person", Value: "Ahmad", Expires: expires}, jo, jisr.EINVALID, "value"},
		{jisr.Lookout{Type: "pill_logo", Value: "dragon", Expires: expires}, jo, jisr.EINVALID, "value"},
		{jisr.Lookout{Type: "phone", Value: "+962791234567", To: []string{"JO-AND"}, Expires: expires}, jo, jisr.EINVALID, "to[0]"},
		{jisr.Lookout{Type: "phone", Value: "+962791234567", To: []string{"IQ-NOPE"}, Expires: expires}, jo, jisr.EINVALID, "to[0]"},
		{jisr.Lookout{Type: "phone", Value: "+962791234567", Expires: time.Now().Add(-time.Hour)}, jo, jisr.EINVALID, "expires"},
		{jisr.Lookout{Type: "phone", Value: "+962791234567"}, jo, jisr.EINVALID, "expires"},
	} {
		l := c.l
		err := s.CreateLookout(ctx, c.p, &l)
		if code(err) != c.code || jisr.ErrorField(err) != c.field {
			t.Errorf("%+v by %s: %v, want %s %q", c.l, c.p.Username, err, c.code, c.field)
		}
	}
	// The value is canonicalised: written locally, it watches for E.164.
	lo := &jisr.Lookout{Type: "phone", Value: "079 123 4567", To: []string{"IQ-GDNA"}, Expires: expires}
	if err := s.CreateLookout(ctx, jo, lo); err != nil {
		t.Fatal(err)
	}
	if lo.ID == "" || lo.From != "JO-AND" || lo.State != jisr.LookActive || !strings.Contains(strings.ReplaceAll(lo.Value, " ", ""), "+962791234567") {
		t.Fatalf("created %+v", lo)
	}
	const absent = "0190f000-0000-7000-8000-000000000000"
	for _, c := range []struct {
		name string
		p    jisr.Principal
		sees bool
	}{{"issuer", jo, true}, {"issuer's liaison", joL, true}, {"recipient analyst", iq, true}, {"recipient liaison", iqL, true},
		{"other agency", lb, false}, {"other agency's liaison", lbL, false}, {"third agency", sa, false}, {"issuer's administrator", joAdm, false}} {
		_, err := s.Lookout(ctx, c.p, lo.ID)
		if c.sees != (err == nil) {
			t.Errorf("%s reads the lookout: %v", c.name, err)
		}
		if !c.sees {
			_, e2 := s.Lookout(ctx, c.p, absent)
			if code(err) != jisr.ENOTFOUND || jisr.ErrorMessage(err) != strings.ReplaceAll(jisr.ErrorMessage(e2), absent, lo.ID) {
				t.Errorf("%s: hidden %v, absent %v", c.name, err, e2)
			}
			if _, err := s.LookoutMatches(ctx, c.p, lo.ID); code(err) != jisr.ENOTFOUND {
				t.Errorf("%s lists matches: %v", c.name, err)
			}
			list, _, _ := s.Lookouts(ctx, c.p, jisr.LookoutFilter{})
			for _, l := range list {
				if l.ID == lo.ID {
					t.Errorf("%s lists the lookout", c.name)
				}
			}
		}
	}

	// Records that match, written after the lookout.
	lbPrivate := lookPhone("qxlookoutlbprivate", jisr.TLPAmber, jisr.Releasability{}, "+962 79 123 4567")
	if err := s.CreateRecord(ctx, lb, lbPrivate); err != nil {
		t.Fatal(err)
	}
	joShared := lookPhone("qxlookoutjoshared", jisr.TLPAmber, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}, "0791234567")
	if err := s.CreateRecord(ctx, joL, joShared); err != nil {
		t.Fatal(err)
	}
	lbSilent := lookPhone("qxlookoutlbsilent", jisr.TLPAmber, jisr.Releasability{}, "+962791234567")
	lbSilent.NoHitDisclosure = true
	if err := s.CreateRecord(ctx, lb, lbSilent); err != nil {
		t.Fatal(err)
	}
	lbToJO := lookPhone("qxlookoutlbtojo", jisr.TLPGreen, jisr.Releasability{Agencies: []string{"JO-AND"}}, "+962791234567")
	if err := s.CreateRecord(ctx, lbL, lbToJO); err != nil {
		t.Fatal(err)
	}
	other := lookPhone("qxlookoutother", jisr.TLPAmber, jisr.Releasability{}, "+962799999999")
	if err := s.CreateRecord(ctx, lb, other); err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]string{ // viewer → record → disclosure
		"jo": {lbPrivate.ID: jisr.DisclosureBlind, joShared.ID: jisr.DisclosureFull, lbToJO.ID: jisr.DisclosureFull},
		"iq": {lbPrivate.ID: jisr.DisclosureBlind, joShared.ID: jisr.DisclosureFull, lbToJO.ID: jisr.DisclosureBlind},
	}
	holders := map[string]string{lbPrivate.ID: "LB-ISF", joShared.ID: "JO-AND", lbToJO.ID: "LB-ISF"}
	for name, p := range map[string]jisr.Principal{"jo": jo, "iq": iq} {
		ms, err := s.LookoutMatches(ctx, p, lo.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, m := range ms {
			got[m.Disclosure+" "+m.Agency+" "+m.Record]++
			if m.Why != "phone" {
				t.Errorf("%s: why %q", name, m.Why)
			}
		}
		exp := map[string]int{}
		for id, d := range want[name] {
			rec := ""
			if d == jisr.DisclosureFull {
				rec = id
			}
			exp[d+" "+holders[id]+" "+rec]++
		}
		if len(ms) != 3 || !mapsEqual(got, exp) {
			t.Errorf("%s sees matches %v, want %v", name, got, exp)
		}
		b, _ := json.Marshal(ms)
		l, _ := s.Lookout(ctx, p, lo.ID)
		lb, _ := json.Marshal(l)
		for _, hidden := range []*jisr.Record{lbPrivate, lbSilent, other} {
			if strings.Contains(string(b)+string(lb), hidden.ID) || strings.Contains(string(b)+string(lb), "qxlookout") {
				t.Errorf("%s: a lookout shows record %s it may not read: %s %s", name, hidden.ID, b, lb)
			}
		}
		if l.Matches != 3 {
			t.Errorf("%s: %d matches counted", name, l.Matches)
		}
	}
	// Notices: the issuer and the recipient's liaison officer, never the
	// silent record, never the holder's content; the recipient's analyst
	// and the holder's staff hear nothing.
	wantNotes := []string{"lookout.match LB-ISF", "lookout.match JO-AND", "lookout.match LB-ISF"}
	if got := lookoutNotes(t, s, jo); !slices.Equal(got, wantNotes) {
		t.Errorf("issuer's notices %v, want %v", got, wantNotes)
	}
	if got := lookoutNotes(t, s, iqL); !slices.Equal(got, append([]string{"lookout.new JO-AND"}, wantNotes...)) {
		t.Errorf("recipient liaison's notices %v", got)
	}
	for _, p := range []jisr.Principal{iq, lb, lbL, sa, joAdm} {
		if got := lookoutNotes(t, s, p); len(got) != 0 {
			t.Errorf("%s told %v", p.Username, got)
		}
	}
	ns, _, _ := s.Notifications(ctx, jo, jisr.NotificationFilter{Page: jisr.Page{Limit: 50}})
	b, _ := json.Marshal(ns)
	if strings.Contains(string(b), lbPrivate.ID) || strings.Contains(string(b), "qxlookout") {
		t.Errorf("a notice carries a record: %s", b)
	}
	// A change of a record that matched makes no second match.
	joShared.NarrativeEN += " Edited."
	if err := s.UpdateRecord(ctx, joL, joShared); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.LookoutMatches(ctx, jo, lo.ID); len(ms) != 3 {
		t.Errorf("after an edit: %d matches", len(ms))
	}
	// An edit that keeps the watched value tells nobody again; one that
	// adds it anew (removed by an edit, written again by the next) does.
	if got := lookoutNotes(t, s, jo); !slices.Equal(got, wantNotes) {
		t.Errorf("an edit that kept the phone was told: %v", got)
	}
	edit := func(change func(r *jisr.Record)) {
		t.Helper()
		r, err := s.Record(ctx, joL, joShared.ID)
		if err != nil {
			t.Fatal(err)
		}
		change(r)
		if err := s.UpdateRecord(ctx, joL, r); err != nil {
			t.Fatal(err)
		}
	}
	edit(func(r *jisr.Record) {
		r.Entities = slices.DeleteFunc(r.Entities, func(e jisr.Entity) bool { return e.Schema == "Phone" })
	})
	if got := lookoutNotes(t, s, jo); !slices.Equal(got, wantNotes) {
		t.Errorf("removing the phone was told: %v", got)
	}
	edit(func(r *jisr.Record) {
		r.Entities = append(r.Entities, jisr.Entity{ID: "ph2", Schema: "Phone", Props: map[string][]string{"number": {"+962 79 123 4567"}}})
	})
	again := append(slices.Clone(wantNotes), "lookout.match JO-AND")
	if got := lookoutNotes(t, s, jo); !slices.Equal(got, again) {
		t.Errorf("the phone written again: issuer told %v, want %v", got, again)
	}
	if got := lookoutNotes(t, s, iqL); !slices.Equal(got, append([]string{"lookout.new JO-AND"}, again...)) {
		t.Errorf("the phone written again: recipient liaison told %v", got)
	}
	if ms, _ := s.LookoutMatches(ctx, jo, lo.ID); len(ms) != 3 {
		t.Errorf("after the phone was written again: %d matches", len(ms))
	}

	// Person, across scripts, and pill logo.
	person := &jisr.Lookout{Type: "person", Value: "Ahmad Khalil Al-Zoubi", To: []string{"JO-AND"}, Expires: expires}
	if err := s.CreateLookout(ctx, iqL, person); err != nil {
		t.Fatal(err)
	}
	logo := &jisr.Lookout{Type: "pill_logo", Value: "camel", Expires: expires}
	if err := s.CreateLookout(ctx, lb, logo); err != nil {
		t.Fatal(err)
	}
	named := Seizure("qxlookoutnamed", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	named.Entities[1].Props["name"] = []string{"أحمد خليل الزعبي"}
	named.Entities[0].Props["logo"] = []string{"camel"}
	if err := s.CreateRecord(ctx, jo, named); err != nil {
		t.Fatal(err)
	}
	if ms, err := s.LookoutMatches(ctx, iqL, person.ID); err != nil || len(ms) != 1 || ms[0].Disclosure != jisr.DisclosureBlind || ms[0].Agency != "JO-AND" || ms[0].Record != "" || !strings.HasPrefix(ms[0].Why, "name ") {
		t.Errorf("person lookout, issuer: %+v %v", ms, err)
	}
	if ms, err := s.LookoutMatches(ctx, jo, person.ID); err != nil || len(ms) != 1 || ms[0].Record != named.ID {
		t.Errorf("person lookout, recipient that holds it: %+v %v", ms, err)
	}
	if ms, err := s.LookoutMatches(ctx, lb, logo.ID); err != nil || len(ms) != 1 || ms[0].Record != "" || ms[0].Agency != "JO-AND" {
		t.Errorf("pill logo lookout: %+v %v", ms, err)
	}

	// Withdrawing: who may and may not.
	for _, c := range []struct {
		name string
		p    jisr.Principal
		want string
	}{
		{"recipient liaison", iqL, jisr.EFORBIDDEN},
		{"recipient analyst", iq, jisr.EFORBIDDEN},
		{"other agency", lb, jisr.ENOTFOUND},
		{"issuer's administrator", joAdm, jisr.ENOTFOUND},
	} {
		if err := s.WithdrawLookout(ctx, c.p, lo.ID); code(err) != c.want {
			t.Errorf("%s withdraws: %v, want %s", c.name, err, c.want)
		}
	}
	if err := s.WithdrawLookout(ctx, jo, lo.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.WithdrawLookout(ctx, joL, lo.ID); code(err) != jisr.ECONFLICT {
		t.Errorf("withdrawn twice: %v", err)
	}
	after := lookPhone("qxlookoutafter", jisr.TLPAmber, jisr.Releasability{}, "+962791234567")
	if err := s.CreateRecord(ctx, lb, after); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.LookoutMatches(ctx, jo, lo.ID); len(ms) != 3 {
		t.Errorf("a withdrawn lookout matched: %d", len(ms))
	}
	if l, _ := s.Lookout(ctx, jo, lo.ID); l.State != jisr.LookWithdrawn || l.EndedBy != "jo.analyst" {
		t.Errorf("withdrawn lookout %+v", l)
	}
	// Expiry: the sweep ends the lookouts whose time has passed; an expired
	// one matches nothing.
	if n, err := s.SweepLookouts(ctx, time.Now()); err != nil || n != 0 {
		t.Errorf("sweep before expiry: %d %v", n, err)
	}
	if n, err := s.SweepLookouts(ctx, expires.Add(time.Minute)); err != nil || n != 2 {
		t.Errorf("sweep after expiry: %d %v", n, err)
	}
	named2 := Seizure("qxlookoutnamed2", jisr.TLPAmber, jisr.H0, jisr.Releasability{})
	named2.Entities[1].Props["name"] = []string{"Ahmed Khaleel Zoubi"}
	named2.Entities[0].Props["logo"] = []string{"camel"}
	if err := s.CreateRecord(ctx, jo, named2); err != nil {
		t.Fatal(err)
	}
	if ms, _ := s.LookoutMatches(ctx, iqL, person.ID); len(ms) != 1 {
		t.Errorf("an expired person lookout matched: %d", len(ms))
	}
	if ms, _ := s.LookoutMatches(ctx, lb, logo.ID); len(ms) != 1 {
		t.Errorf("an expired logo lookout matched: %d", len(ms))
	}
	if l, _ := s.Lookout(ctx, lb, logo.ID); l.State != jisr.LookExpired {
		t.Errorf("expired lookout %+v", l)
	}
	// Lists: each agency its own side.
	if list, _, err := s.Lookouts(ctx, jo, jisr.LookoutFilter{Box: jisr.BoxSent}); err != nil || len(list) != 1 || list[0].ID != lo.ID {
		t.Errorf("jo sent: %v %v", list, err)
	}
	if list, _, err := s.Lookouts(ctx, jo, jisr.LookoutFilter{Box: jisr.BoxReceived}); err != nil || len(list) != 1 || list[0].ID != person.ID {
		t.Errorf("jo received: %v %v", list, err)
	}
	if list, _, err := s.Lookouts(ctx, sa, jisr.LookoutFilter{}); err != nil || len(list) != 0 {
		t.Errorf("sa: %v %v", list, err)
	}
	if _, _, err := s.Lookouts(ctx, joAdm, jisr.LookoutFilter{}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("administrator lists lookouts: %v", err)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
