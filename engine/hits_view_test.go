package engine

import (
	"testing"

	"github.com/jisr-cell/jisr"
)

// TestNameHitReasonFromRecords (issue 12): the names of a name hit — ours,
// theirs, and how they meet part by part — come from the two records'
// entities, never from reading back the stored English explanation: a hit
// whose explanation is empty or unreadable still says why, on each side
// its own name first, and never names a protected person.
func TestNameHitReasonFromRecords(t *testing.T) {
	own := &jisr.Record{ID: "r1", Originator: "JO-AND", Entities: []jisr.Entity{
		{ID: "p1", Schema: "Person", Props: map[string][]string{"name": {"Jaafar Hassan Al-Tikriti"}}},
		{ID: "p2", Schema: "Person", Role: jisr.RoleProtectedInformant, Props: map[string][]string{"name": {"Jaafar Hassan Tikriti"}}},
		{ID: "p3", Schema: "Person", Props: map[string][]string{"name": {"Omar"}}},
	}}
	other := &jisr.Record{ID: "r2", Originator: "IQ-GDNA", Entities: []jisr.Entity{
		{ID: "q1", Schema: "Person", Props: map[string][]string{"name": {"جعفر حسن التكريتي"}}},
		{ID: "q2", Schema: "Company", Props: map[string][]string{"name": {"Jaafar Hassan Trading"}}},
	}}
	for _, expl := range []string{"", "garbage", `"x" ~ "y": x~y 1.00 exact`} {
		h := &StoredHit{Ref: "h", Rule: jisr.RuleName, Score: 0.9, Explanation: expl}
		r := hitReason(h, own, other, hitNamePair(h, own, other))
		if r == nil || r.Key != jisr.RuleName || r.Ours != "Jaafar Hassan Al-Tikriti" || r.Name == nil || r.Name.Name != "جعفر حسن التكريتي" || len(r.Name.Parts) == 0 {
			t.Fatalf("explanation %q: reason %+v", expl, r)
		}
		// From the other side, its own name comes first.
		back := hitReason(h, other, own, hitNamePair(h, other, own))
		if back == nil || back.Ours != "جعفر حسن التكريتي" || back.Name.Name != "Jaafar Hassan Al-Tikriti" {
			t.Fatalf("explanation %q: from the other side %+v", expl, back)
		}
		if b := blindReason(h, hitNamePair(h, own, other)); b == nil || b.Key != "name_blind" || b.Ours != "Jaafar Hassan Al-Tikriti" {
			t.Fatalf("explanation %q: blind %+v", expl, b)
		}
		if g := hitGroup(h, own, hitNamePair(h, own, other)); g != "name:r1:Jaafar Hassan Al-Tikriti" {
			t.Fatalf("explanation %q: group %q", expl, g)
		}
		if !nameHitOf(own, other, map[string]bool{"جعفر حسن التكريتي": true}) || nameHitOf(own, other, map[string]bool{"Omar": true}) {
			t.Fatalf("explanation %q: nameHitOf", expl)
		}
	}
	// A record that no longer holds a person of two parts: no reason, no name.
	gone := &jisr.Record{ID: "r3", Entities: []jisr.Entity{{ID: "p3", Schema: "Person", Props: map[string][]string{"name": {"Omar"}}}}}
	h := &StoredHit{Ref: "h", Rule: jisr.RuleName, Explanation: `"Omar" ~ "جعفر حسن التكريتي": …`}
	if r := hitReason(h, gone, other, hitNamePair(h, gone, other)); r != nil {
		t.Fatalf("gone: %+v", r)
	}
	if b := blindReason(h, hitNamePair(h, gone, other)); b == nil || b.Ours != "" {
		t.Fatalf("gone: blind %+v", b)
	}
}

// BenchmarkNamePair: the cost of computing a name hit's names from its two
// records, per hit shown, for records of 3 and of 10 persons each.
func BenchmarkNamePair(b *testing.B) {
	first := []string{"Jaafar", "Omar", "Khalid", "Ali", "Hassan", "Yasin", "Karim", "Nabil", "Samir", "Tariq"}
	arab := []string{"جعفر", "عمر", "خالد", "علي", "حسن", "ياسين", "كريم", "نبيل", "سمير", "طارق"}
	rec := func(n int, names []string) *jisr.Record {
		r := &jisr.Record{}
		for i := range n {
			r.Entities = append(r.Entities, jisr.Entity{ID: "p" + names[i], Schema: "Person", Props: map[string][]string{"name": {names[i] + " " + names[(i+3)%10] + " " + names[(i+7)%10]}}})
		}
		return r
	}
	for _, n := range []int{3, 10} {
		own, other := rec(n, first), rec(n, arab)
		b.Run(map[int]string{3: "3x3", 10: "10x10"}[n], func(b *testing.B) {
			for b.Loop() {
				namePair(own, other)
			}
		})
	}
}
