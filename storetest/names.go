package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

func withPerson(r *jisr.Record, id, role string, names ...string) *jisr.Record {
	r.Entities = append(r.Entities, jisr.Entity{ID: id, Schema: "Person", Role: role, Props: map[string][]string{"name": names}})
	return r
}

// testNames: a Latin spelling finds the Arabic-script person another
// agency entered, when policy allows; "possible same person" hits are made
// across scripts and shown blind to those who may not read the far side.
func testNames(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq, sa := As(t, s, "jo.analyst"), As(t, s, "iq.analyst"), As(t, s, "sa.officer")
	shared := withPerson(Seizure("qxnameshared", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), "s1", "suspect", "محمد عبد الله الأسعد")
	joL := As(t, s, "jo.liaison")
	mustCreate(t, s, joL, shared)
	hidden := withPerson(Seizure("qxnamehidden", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "s1", "suspect", "خالد حسين الجبوري")
	mustCreate(t, s, jo, hidden)
	informant := withPerson(Seizure("qxnameinf", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}), "s9", jisr.RoleProtectedInformant, "Yousef Kamal al-Haddad")
	mustCreate(t, s, joL, informant)

	ms, err := s.SearchPersons(ctx, iq, "Muhamad Abdulla Alasad", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].RecordID != shared.ID || ms[0].Score < 0.8 {
		t.Fatalf("Latin spelling did not find the Arabic-script person: %+v", ms)
	}
	if ms, _ := s.SearchPersons(ctx, iq, "Khaled Hussein al-Jubouri", 10); len(ms) != 0 {
		t.Fatalf("person in a record Iraq may not see was found: %+v", ms)
	}
	if ms, _ := s.SearchPersons(ctx, jo, "Khaled Hussein al-Jubouri", 10); len(ms) == 0 || ms[0].RecordID != hidden.ID {
		t.Fatalf("originator cannot find its own person: %+v", ms)
	}
	if ms, _ := s.SearchPersons(ctx, iq, "Yousef Kamal al-Haddad", 10); len(ms) != 0 {
		t.Fatalf("protected informant found: %+v", ms)
	}
	if ms, _ := s.SearchPersons(ctx, sa, "Muhamad Abdulla Alasad", 10); len(ms) != 0 {
		t.Fatalf("another agency found the person: %+v", ms)
	}
	if _, err := s.SearchPersons(ctx, iq, "  ", 10); jisr.ErrorCode(err) != jisr.EINVALID {
		t.Fatalf("empty name: %v", err)
	}

	// Saudi Arabia enters the hidden person in Latin letters: a name hit,
	// blind for Saudi Arabia, which may not read Jordan's record.
	saRec := withPerson(Seizure("qxnamesa", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "p7", "driver", "Khalid Husain Al Jabouri")
	mustCreate(t, s, sa, saRec)
	var hs []*jisr.Hit
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		hs, _ = s.RecordHits(ctx, sa, saRec.ID)
		if hs = only(hs, jisr.RuleName); len(hs) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(hs) != 1 || hs[0].Other.Disclosure != jisr.DisclosureBlind || hs[0].Other.Agency != "JO-AND" || hs[0].Score < 0.85 {
		t.Fatalf("name hit: %+v", hs)
	}
	b := mustJSON(hs)
	for _, secret := range []string{hidden.ID, "خالد", "qxnamehidden"} {
		if strings.Contains(b, secret) {
			t.Fatalf("blind name hit reveals %q: %s", secret, b)
		}
	}
	// A blind name hit says why from our side: our person's name as our
	// record holds it (issue 11), never theirs.
	if r := hs[0].Reason; r == nil || r.Key != "name_blind" || r.Ours != "Khalid Husain Al Jabouri" || r.Name != nil || !strings.Contains(hs[0].Explanation, "Khalid Husain Al Jabouri") {
		t.Fatalf("blind name hit's reason: %s", b)
	}
	own, _ := s.RecordHits(ctx, jo, hidden.ID)
	if own = only(own, jisr.RuleName); len(own) != 1 || own[0].Other.Agency != "SA-GDNC" {
		t.Fatalf("owner's view of the name hit: %+v", own)
	}
	if r, ob := own[0].Reason, mustJSON(own); r == nil || r.Key != "name_blind" || r.Ours != "خالد حسين الجبوري" || strings.Contains(ob, "Khalid") || strings.Contains(ob, saRec.ID) {
		t.Fatalf("the other side's blind name hit: %s", ob)
	}

	// Name hits are stable: an edit that keeps the name keeps the hit (its
	// id and answer); one that drops the name drops it.
	waitName := func(id string, want func([]*jisr.Hit) bool) []*jisr.Hit {
		t.Helper()
		var hs []*jisr.Hit
		for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
			if hs, _ = s.RecordHits(ctx, sa, id); want(only(hs, jisr.RuleName)) {
				return only(hs, jisr.RuleName)
			}
		}
		t.Fatalf("name hits of %s: %+v", id, hs)
		return nil
	}
	edit(t, s, sa, saRec.ID, func(r *jisr.Record) { r.NarrativeEN += " Checked again." })
	// The name worker takes records in order: once a later record has its
	// hit, the edited one has been matched again.
	probe := mustCreate(t, s, sa, withPerson(Seizure("qxnameprobe", jisr.TLPAmber, jisr.H0, jisr.Releasability{}), "p8", "driver", "Khalid Husain Al Jabouri"))
	waitName(probe.ID, func(hs []*jisr.Hit) bool { return len(hs) > 0 })
	if again := waitName(saRec.ID, func(hs []*jisr.Hit) bool { return len(hs) > 0 }); hitOf2(again, hs[0].ID) == nil {
		t.Fatalf("name hit %s replaced after an edit that kept the name: %+v", hs[0].ID, again)
	}
	edit(t, s, sa, saRec.ID, func(r *jisr.Record) {
		for i := range r.Entities {
			if r.Entities[i].ID == "p7" {
				r.Entities[i].Props["name"] = []string{"Omar Saleh Barakat"}
			}
		}
	})
	waitName(saRec.ID, func(hs []*jisr.Hit) bool { return len(hs) == 0 })
}

// hitOf2 returns the hit of id in hs.
func hitOf2(hs []*jisr.Hit, id string) *jisr.Hit {
	for _, h := range hs {
		if h.ID == id {
			return h
		}
	}
	return nil
}
