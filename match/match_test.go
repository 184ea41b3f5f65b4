package match_test

import (
	"slices"
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/match"
)

func keys(fs []match.Found) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key)
	}
	return out
}

func TestSelectors(t *testing.T) {
	r := &jisr.Record{
		Kind:        jisr.KindReport,
		NarrativeAR: "اتصل السائق بالرقم ٠٧٧٠١٢٣٤٥٦٧ والحاوية CSQU3054383",
		NarrativeEN: "The driver called 0770 123 4567 again.",
		Entities: []jisr.Entity{
			{ID: "p1", Schema: "Phone", Props: map[string][]string{"number": {"+964 770 123 4567"}}},
			{ID: "v1", Schema: "Vehicle", Props: map[string][]string{"registrationNumber": {"12-34567"}, "country": {"JO"}}},
			{ID: "w1", Schema: "CryptoWallet", Props: map[string][]string{"publicKey": {"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}}},
			{ID: "x1", Schema: "Person", Role: jisr.RoleProtectedInformant, Props: map[string][]string{"name": {"Source"}, "passportNumber": {"N01234567"}}},
			{ID: "d1", Schema: "Person", Props: map[string][]string{"name": {"Ali"}, "passportNumber": {"N07654321"}, "nationality": {"SY"}}},
		},
	}
	got := match.Selectors(r, "IQ")
	ks := keys(got)
	for _, want := range []string{"phone:+9647701234567", "container:CSQU3054383", "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"} {
		if !slices.Contains(ks, want) {
			t.Errorf("missing %s in %q", want, ks)
		}
	}
	n := 0
	for _, f := range got {
		if f.Key == "phone:+9647701234567" {
			n++
			if f.Entity != "p1" || f.Text {
				t.Errorf("the phone should be credited to its entity, not the narrative: %+v", f)
			}
		}
		if f.Type == "passport" && f.Entity == "x1" {
			t.Errorf("informant's passport indexed: %+v", f)
		}
		if f.Type == "passport" && f.Entity == "d1" && !slices.Contains(f.Query, "passport:*:N07654321") && !slices.Contains(f.Index, "passport:*:N07654321") {
			t.Errorf("passport without country-free key: %+v", f)
		}
	}
	if n != 1 {
		t.Errorf("the same phone written three ways gave %d selectors", n)
	}
	var plate bool
	for _, k := range ks {
		plate = plate || (len(k) > 9 && k[:9] == "plate:JO:")
	}
	if !plate {
		t.Errorf("Jordanian plate missing: %q", ks)
	}
}

func TestSite(t *testing.T) {
	lat, lon := 34.0, 36.2
	lab := &jisr.Record{Kind: jisr.KindFacility, Place: jisr.Place{Lat: &lat, Lon: &lon}}
	if _, _, ok := match.Site(lab); !ok {
		t.Fatal("a facility with coordinates is a site")
	}
	seizure := &jisr.Record{Kind: jisr.KindSeizure, Place: jisr.Place{Lat: &lat, Lon: &lon}}
	if _, _, ok := match.Site(seizure); ok {
		t.Fatal("seizures at a crossing must not all match by place")
	}
	if !match.Near(34.0, 36.2, 34.005, 36.2) || match.Near(34.0, 36.2, 34.02, 36.2) {
		t.Fatal("Near: 550 m is near, 2.2 km is not")
	}
	if cells := match.SiteCells(lat, lon); len(cells) < 1 || cells[0] == "" {
		t.Fatalf("cells %q", cells)
	}
}

func TestSimilarQuantity(t *testing.T) {
	tests := []struct {
		a, b float64
		want bool
	}{
		{100000, 110000, true},
		{100000, 125000, true},
		{100000, 140000, false},
		{0, 0, false},
		{565000, 0, false},
	}
	for _, tt := range tests {
		if got := match.SimilarQuantity(tt.a, tt.b); got != tt.want {
			t.Errorf("SimilarQuantity(%v, %v) = %v", tt.a, tt.b, got)
		}
	}
}
