package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// TestStatsPlan: statistics with a text query are driven by the full-text
// index and read the seizure columns by one rowid seek a match into
// seizure_facts, whatever the caller's tokens. SQLite's planner, left to choose, scanned all seizures
// and ran the full-text query once per row for callers with more tokens
// (862 ms median, and 180 times slower for one agency than another).
func TestStatsPlan(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	callers := []jisr.Principal{
		{Agency: "SA-GDNC", Role: jisr.RoleAnalyst},
		{Agency: "SA-GDNC", Country: "SA", Role: jisr.RoleAnalyst, Groups: []string{"gulf"}},
		{Agency: "JO-AND", Country: "JO", Role: jisr.RoleLiaison, Groups: []string{"levant-cell", "gulf"}},
		{Agency: "JO-AND", Country: "JO", Role: jisr.RoleSupervisor, Groups: []string{"a", "b", "c", "d", "e", "f"}},
	}
	for _, p := range callers {
		for _, f := range []jisr.RecordFilter{{Text: "captagon"}, {Text: "شاحنة", From: "2025-01-01"}, {Text: "truck", Originator: "JO-AND"}, {From: "2025-01-09", To: "2025-01-20"}} {
			q, args, err := textStatsQuery(policy.Tokens(p), f)
			index := "INTEGER PRIMARY KEY" // a rowid seek into seizure_facts a match
			if f.Text == "" {
				index = "COVERING INDEX records_kind_days" // the days of a month a date filter cuts
				q, args, err = statsQuery(policy.Tokens(p), f, "records_kind_days")
			}
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q, args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				rows.Scan(&id, &parent, &unused, &detail)
				plan = append(plan, detail)
			}
			rows.Close()
			all := strings.Join(plan, "; ")
			if !strings.Contains(all, index) || strings.Contains(all, "record_audience") || f.Text != "" && strings.Contains(all, "SCAN r") {
				t.Errorf("%d tokens, %+v: seizure rows read from the table: %s", len(p.Groups)+2, f, all)
			}
			if f.Text != "" && !strings.HasPrefix(plan[0], "SCAN f VIRTUAL TABLE") {
				t.Errorf("%d tokens, %+v: full-text index not the outer loop: %s", len(p.Groups)+2, f, all)
			}
		}
	}
}

// TestSearchPlan: a full-text search is driven by the full-text index,
// newest first, and stops at the page (no sort of all matches), whatever
// the caller's tokens and filters.
func TestSearchPlan(t *testing.T) {
	s, err := Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range []jisr.Principal{
		{Agency: "SA-GDNC", Role: jisr.RoleAnalyst},
		{Agency: "JO-AND", Country: "JO", Role: jisr.RoleLiaison, Groups: []string{"levant-cell", "gulf", "a", "b"}},
	} {
		for _, f := range []jisr.RecordFilter{{Text: "captagon"}, {Text: "truck", Kind: jisr.KindSeizure, From: "2025-01-01"}} {
			q, args, err := recordQuery(policy.Tokens(p), f, "r.seq, r.body")
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.db.Query("EXPLAIN QUERY PLAN "+q+" ORDER BY f.rowid DESC LIMIT 51", args...)
			if err != nil {
				t.Fatal(err)
			}
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				rows.Scan(&id, &parent, &unused, &detail)
				plan = append(plan, detail)
			}
			rows.Close()
			all := strings.Join(plan, "; ")
			if !strings.HasPrefix(plan[0], "SCAN f VIRTUAL TABLE") || strings.Contains(all, "TEMP B-TREE") {
				t.Errorf("%+v: %s", f, all)
			}
		}
	}
}
