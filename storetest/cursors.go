package storetest

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"testing"

	"github.com/jisr-cell/jisr"
)

// pager fetches one page of a list as some caller, returning the keys of
// the items (ids) and the next cursor.
type pager func(p jisr.Principal, c string) ([]string, string, error)

// checkPaging pages a whole list with fetch as p, calling between each
// page (other agencies writing). Every item must come exactly once, and
// the cursors must be opaque: not numbers, random-looking, fresh on every
// call, and refused when tampered with, replayed by another caller
// (stranger) or given to another list (wrongList).
func checkPaging(t *testing.T, name string, p, stranger jisr.Principal, fetch, wrongList pager, between func(), want int) {
	t.Helper()
	seen := map[string]bool{}
	var cursors []string
	c := ""
	for pages := 0; ; pages++ {
		if pages > want+2 {
			t.Fatalf("%s: paging does not end", name)
		}
		ids, next, err := fetch(p, c)
		if err != nil {
			t.Fatalf("%s: page %d: %v", name, pages, err)
		}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("%s: %s on two pages", name, id)
			}
			seen[id] = true
		}
		if next == "" {
			break
		}
		cursors = append(cursors, next)
		// The same page asked again gives the same items and a fresh cursor.
		ids2, next2, err := fetch(p, c)
		if err != nil || fmt.Sprint(ids2) != fmt.Sprint(ids) || next2 == next || next2 == "" {
			t.Errorf("%s: page %d asked again: %v %q %v (cursor %q)", name, pages, ids2, next2, err, next)
		}
		if between != nil {
			between()
		}
		c = next
	}
	if len(seen) != want {
		t.Errorf("%s: %d items over the pages, want %d", name, len(seen), want)
	}
	if len(cursors) < 2 {
		t.Fatalf("%s: only %d cursors to look at", name, len(cursors))
	}
	refused := func(what string, err error) {
		t.Helper()
		if code(err) != jisr.EINVALID || jisr.ErrorField(err) != "cursor" {
			t.Errorf("%s: %s: want invalid cursor, got %v", name, what, err)
		}
	}
	for i, c := range cursors {
		if _, err := strconv.ParseInt(c, 10, 64); err == nil {
			t.Errorf("%s: cursor %q is a number", name, c)
		}
		if len(c) != len(cursors[0]) {
			t.Errorf("%s: cursor lengths differ: %q %q", name, c, cursors[0])
		}
		raw, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || len(raw) < 32 {
			t.Errorf("%s: cursor %q is not a sealed value", name, c)
		}
		_, _, err = fetch(stranger, c)
		refused("another caller's cursor", err)
		if wrongList != nil {
			_, _, err = wrongList(p, c)
			refused("another list's cursor", err)
		}
		if len(raw) > 0 {
			raw[i%len(raw)] ^= 0x20
			_, _, err = fetch(p, base64.RawURLEncoding.EncodeToString(raw))
			refused("tampered cursor", err)
		}
	}
	for _, bogus := range []string{"1", "9999999", "-1", "nonsense", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
		_, _, err := fetch(p, bogus)
		refused("made-up cursor "+bogus, err)
	}
}

// testCursors: every list's cursor carries only the caller's own position,
// sealed and bound to the caller and the list. Node-wide row numbers as
// cursors told a caller how many rows other agencies wrote between two of
// its pages.
func testCursors(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, joL, iq, iqL := As(t, s, "jo.analyst"), As(t, s, "jo.liaison"), As(t, s, "iq.analyst"), As(t, s, "iq.liaison")
	admin, auditor := As(t, s, "jo.admin"), As(t, s, "jo.auditor")
	otherWrites := 0
	between := func() {
		// Iraq writes records Jordan may not see between Jordan's pages.
		for i := 0; i < 3; i++ {
			otherWrites++
			mustCreate(t, s, iq, Seizure(fmt.Sprintf("qxcurother%d", otherWrites), jisr.TLPAmber, jisr.H0, jisr.Releasability{}))
		}
	}
	var shared []*jisr.Record
	for i := 0; i < 5; i++ {
		r := Seizure(fmt.Sprintf("qxcur%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
		r.Entities = append(r.Entities, jisr.Entity{ID: "c1", Schema: "Container", Props: map[string][]string{"number": {containers[i]}}})
		mustCreate(t, s, joL, r) // a release beyond the agency is a liaison officer's
		shared = append(shared, r)
		between()
	}
	records := func(f jisr.RecordFilter) pager {
		return func(p jisr.Principal, c string) ([]string, string, error) {
			f.Page = jisr.Page{Limit: 2, Cursor: c}
			rs, next, err := s.Records(ctx, p, f)
			var ids []string
			for _, r := range rs {
				ids = append(ids, r.ID)
			}
			return ids, next, err
		}
	}
	audit := func(p jisr.Principal, c string) ([]string, string, error) {
		es, next, err := s.AuditEntries(ctx, p, jisr.AuditFilter{Actor: "jo.liaison", Action: jisr.ActCreate, Page: jisr.Page{Limit: 2, Cursor: c}})
		var ids []string
		for _, e := range es {
			ids = append(ids, strconv.FormatInt(e.Seq, 10))
		}
		return ids, next, err
	}
	users := func(p jisr.Principal, c string) ([]string, string, error) {
		us, next, err := s.Users(ctx, p, jisr.Page{Limit: 2, Cursor: c})
		var ids []string
		for _, u := range us {
			ids = append(ids, u.Username)
		}
		return ids, next, err
	}
	hits := func(p jisr.Principal, c string) ([]string, string, error) {
		hs, next, err := s.Hits(ctx, p, jisr.HitFilter{}, jisr.Page{Limit: 2, Cursor: c})
		var ids []string
		for _, h := range hs {
			ids = append(ids, h.ID)
		}
		return ids, next, err
	}
	requests := func(p jisr.Principal, c string) ([]string, string, error) {
		rs, next, err := s.ReleaseRequests(ctx, p, jisr.Page{Limit: 2, Cursor: c})
		var ids []string
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		return ids, next, err
	}

	checkPaging(t, "records", jo, joL, records(jisr.RecordFilter{}), hits, between, 5)
	checkPaging(t, "search", jo, joL, records(jisr.RecordFilter{Text: "pomegranates"}), requests, between, 5)
	checkPaging(t, "records as partner", iq, iqL, records(jisr.RecordFilter{Originator: "JO-AND"}), hits, nil, 5)

	// Hits: Iraq's records hold Jordan's containers.
	for i := range shared {
		r := Seizure(fmt.Sprintf("qxcurhit%d", i), jisr.TLPAmber, jisr.H0, jisr.Releasability{})
		r.NarrativeEN = "Container " + containers[i] + " was unloaded."
		mustCreate(t, s, iq, r)
	}
	checkPaging(t, "hits", joL, jo, hits, requests, between, 5)

	// Release requests: Iraq asks for each shared record.
	for _, r := range shared {
		rr := &jisr.ReleaseRequest{RecordID: r.ID, Reason: "the Kurdistan service holds the truck", Wanted: jisr.Releasability{Agencies: []string{"IQ-KRSC"}}}
		if err := s.RequestRelease(ctx, iqL, rr); err != nil {
			t.Fatal(err)
		}
	}
	checkPaging(t, "release requests", joL, jo, requests, records(jisr.RecordFilter{}), func() {
		rr := &jisr.ReleaseRequest{RecordID: shared[0].ID, Reason: "again", Wanted: jisr.Releasability{Countries: []string{"IQ"}}}
		if err := s.RequestRelease(ctx, iq, rr); err != nil {
			t.Fatal(err)
		}
	}, 5)

	checkPaging(t, "users", auditor, admin, users, audit, nil, len(Users))
	if err := s.CreateUser(ctx, System, &jisr.User{Username: "jo.auditor2", Agency: "JO-AND", Role: jisr.RoleAuditor}, Password); err != nil {
		t.Fatal(err)
	}
	checkPaging(t, "audit", auditor, As(t, s, "jo.auditor2"), audit, users, between, 5)
}

// containers are valid ISO 6346 numbers for the cursor test's hits.
var containers = []string{"CSQU3054383", "MSKU9070323", "TGHU0098764", "HLXU1234561", "MAEU1111114"}
