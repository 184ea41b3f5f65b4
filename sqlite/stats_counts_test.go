package sqlite

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/demo"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/policy"
)

// TestSeizureCountsMatchRows: the counts kept per audience set by the
// writer (seizure_counts, migration 0031, seizure_dims, migration 0042, and
// seizure_facts, migration 0043) give every caller, for every filter, the same
// groups as reading the seizures row by row — after inserts, edits of each
// counted column (the audience set, date, amounts, place, kind) and
// deletions.
func TestSeizureCountsMatchRows(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := engine.New(s, engine.WithoutMatching())
	defer e.Close()
	sys := jisr.Principal{System: true, Username: "test"}
	for _, a := range demo.Agencies() {
		if err := e.CreateAgency(ctx, sys, a); err != nil {
			t.Fatal(err)
		}
	}
	g, n := demo.New(7), 0
	if _, err := e.ImportRecords(ctx, sys, jisr.RecordItems(func() (*jisr.Record, error) {
		if n == 1500 {
			return nil, io.EOF
		}
		n++
		return g.Next(), nil
	}), jisr.ImportOptions{CommitEvery: engine.ImportBatch}); err != nil {
		t.Fatal(err)
	}
	var auds []int64
	rows, err := s.db.Query(`SELECT id FROM audience_sets`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		auds = append(auds, id)
	}
	rows.Close()
	if len(auds) < 3 {
		t.Fatalf("%d audience sets over 1,500 demo records", len(auds))
	}
	// Edits through the engine, as users make them: the audience set, the
	// date, the concealment and the amounts change; the writer keeps the
	// counts.
	agencies := map[string]*jisr.Agency{}
	var codes []string
	for _, a := range demo.Agencies() {
		agencies[a.Code] = a
		codes = append(codes, a.Code)
	}
	type ref struct{ id, originator string }
	var refs []ref
	rs, err := s.db.Query(`SELECT id, originator FROM records WHERE kind = 'seizure'`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var r ref
		rs.Scan(&r.id, &r.originator)
		refs = append(refs, r)
	}
	rs.Close()
	rnd := rand.New(rand.NewPCG(1, 2))
	edited := 0
	for i := range 400 {
		x := refs[rnd.IntN(len(refs))]
		a := agencies[x.originator]
		p := jisr.Principal{Username: "test.liaison", Agency: a.Code, Country: a.Country, Role: jisr.RoleLiaison, Groups: a.Groups}
		rec, err := e.Record(ctx, p, x.id)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 4 {
		case 0:
			rec.TLP, rec.Releasability = jisr.TLPAmber, jisr.Releasability{Agencies: []string{codes[rnd.IntN(len(codes))]}}
			if rec.Releasability.Agencies[0] == a.Code {
				rec.Releasability = jisr.Releasability{}
			}
		case 1:
			rec.OccurredOn = fmt.Sprintf("2025-%02d-%02d", 1+rnd.IntN(12), 1+rnd.IntN(28))
		case 2:
			if rec.Seizure != nil {
				rec.Seizure.HidingPlace = jisr.Concealments[rnd.IntN(len(jisr.Concealments))]
			}
		case 3:
			for j := range rec.Entities {
				if rec.Entities[j].Schema == "DrugQuantity" {
					rec.Entities[j].Props["amount"] = []string{fmt.Sprint(1 + rnd.IntN(90000))}
				}
			}
		}
		if err := e.UpdateRecord(ctx, p, rec); err != nil {
			t.Logf("edit %d of %s: %v", i, x.id, err)
			continue
		}
		edited++
	}
	if edited < 300 {
		t.Fatalf("only %d of 400 edits went through", edited)
	}
	callers := []jisr.Principal{
		{Username: "jo.analyst", Agency: "JO-AND", Country: "JO", Role: jisr.RoleAnalyst, Groups: []string{demo.GroupLevantCell, demo.GroupGulf}},
		{Username: "sa.analyst", Agency: "SA-GDNC", Country: "SA", Role: jisr.RoleAnalyst, Groups: []string{demo.GroupGulf}},
		{Username: "iq.liaison", Agency: "IQ-GDNA", Country: "IQ", Role: jisr.RoleLiaison, Groups: []string{demo.GroupLevantCell}},
		{Username: "lb.officer", Agency: "LB-ISF", Country: "LB", Role: jisr.RoleOfficer},
	}
	filters := []jisr.RecordFilter{
		{}, {Originator: "JO-AND"}, {Country: "JO"}, {Crossing: "JO-JABER"},
		{From: "2025-03-01"}, {From: "2025-03-15"}, {To: "2025-06-30"}, {To: "2025-06-10"},
		{From: "2025-02-01", To: "2025-04-30"}, {From: "2025-02-10", To: "2025-05-20"}, {From: "2025-02-10", To: "2025-02-20"},
		{From: "2025-02-01", To: "2025-02-28"}, {From: "2025-02-15", To: "2025-03-05"}, {From: "2024-01-01", To: "2026-12-31"},
		{From: "2025-04-09", Originator: "IQ-GDNA", Country: "IQ"},
		// Full text: summed from seizure_facts (migration 0043).
		{Text: "captagon"}, {Text: "شاحنة", From: "2025-03-15"}, {Text: "truck", Originator: "JO-AND", To: "2025-06-10"},
		{Text: "captagon", Country: "JO", Crossing: "JO-JABER"}, {Text: "xyzzy"},
	}
	// The statistics a caller gets, bucket by bucket: the counts may come
	// as cross groups (seizure_counts) or one-breakdown groups
	// (seizure_dims), the rows only as cross groups.
	sum := func(gs []engine.SeizureGroup) map[string][3]float64 {
		st := engine.SumSeizureGroups(gs)
		m := map[string][3]float64{"total": {float64(st.Seizures), st.Pills, st.Kilograms}}
		for i, bs := range [][]jisr.StatBucket{st.ByCountry, st.ByMonth, st.ByConcealment, st.ByCrossing} {
			for _, b := range bs {
				m[engine.SeizureBreakdowns[i]+"|"+b.Key] = [3]float64{float64(b.Seizures), b.Pills, b.Kilograms}
			}
		}
		return m
	}
	total := 0
	for _, p := range callers {
		tokens := policy.Tokens(p)
		for _, f := range filters {
			got, err := s.SeizureGroups(ctx, tokens, f)
			if err != nil {
				t.Fatal(err)
			}
			index := "records_kind_days"
			if f.Text != "" {
				index = "" // the full-text index, then each record
			}
			want, err := s.groups(ctx, tokens, f, index)
			if err != nil {
				t.Fatal(err)
			}
			gm, wm := sum(got), sum(want)
			if len(gm) != len(wm) {
				t.Errorf("%s %+v: %d buckets counted, %d in the rows", p.Username, f, len(gm), len(wm))
			}
			total += int(wm["total"][0])
			for k, w := range wm {
				gv := gm[k]
				for i := range 3 {
					if math.Abs(gv[i]-w[i]) > 1e-6*math.Max(1, math.Abs(w[i])) {
						t.Errorf("%s %+v bucket %s: counted %v, rows %v", p.Username, f, k, gv, w)
						break
					}
				}
			}
		}
	}
	if total == 0 {
		t.Fatal("no seizure counted for any caller: the comparison proves nothing")
	}
}

func TestSplitMonths(t *testing.T) {
	for _, tt := range []struct {
		from, to string
		whole    span
		cut      []span
		ok       bool
	}{
		{"", "", span{}, nil, true},
		{"2025-03-01", "", span{"2025-03", ""}, nil, true},
		{"2025-03-15", "", span{"2025-04", ""}, []span{{"2025-03-15", "2025-03-31"}}, true},
		{"", "2025-02-28", span{"", "2025-02"}, nil, true},
		{"", "2024-02-28", span{"", "2024-01"}, []span{{"2024-02-01", "2024-02-28"}}, true}, // 2024 is a leap year
		{"2025-02-10", "2025-05-20", span{"2025-03", "2025-04"}, []span{{"2025-02-10", "2025-02-28"}, {"2025-05-01", "2025-05-20"}}, true},
		{"2025-02-15", "2025-03-05", span{}, []span{{"2025-02-15", "2025-02-28"}, {"2025-03-01", "2025-03-05"}}, true},
		{"2025-02-01", "2025-02-28", span{"2025-02", "2025-02"}, nil, true},
		{"2025-02-10", "2025-02-20", span{}, nil, false},
		{"2025-05-01", "2025-02-01", span{}, nil, false},
		{"2025-5-1", "", span{}, nil, false},
	} {
		whole, cut, ok := splitMonths(tt.from, tt.to)
		if ok != tt.ok || whole != tt.whole || fmt.Sprint(cut) != fmt.Sprint(tt.cut) {
			t.Errorf("splitMonths(%q, %q) = %v %v %v, want %v %v %v", tt.from, tt.to, whole, cut, ok, tt.whole, tt.cut, tt.ok)
		}
	}
}
