package jisr_test

import (
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
)

func validSeizure() *jisr.Record {
	return &jisr.Record{
		Kind: jisr.KindSeizure, Title: "Pills in a fruit truck", NarrativeEN: "Seized at the crossing.",
		OccurredOn: "2026-10-01", Place: jisr.Place{Country: "JO"},
		Grading: jisr.Grading{Source: "B", Information: 2}, Handling: jisr.H0, TLP: jisr.TLPAmber,
		Seizure: &jisr.Seizure{Crossing: "JO-JABER", HidingPlace: "fruit-pomegranates", Transport: "commercial-road"},
		Entities: []jisr.Entity{
			{ID: "d1", Schema: "DrugQuantity", Props: map[string][]string{"substance": {"captagon"}, "amount": {"565000"}, "unit": {"pills"}}},
			{ID: "p1", Schema: "Person", Role: "driver", Props: map[string][]string{"name": {"محمد الأسعد", "Mohammed al-Asaad"}}},
		},
	}
}

func TestValidate(t *testing.T) {
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		edit  func(r *jisr.Record)
		field string // "" means valid
	}{
		{"valid", func(r *jisr.Record) {}, ""},
		{"kind", func(r *jisr.Record) { r.Kind = "rumour" }, "kind"},
		{"title", func(r *jisr.Record) { r.Title = " " }, "title"},
		{"narrative", func(r *jisr.Record) { r.NarrativeEN = "" }, "narrative_ar"},
		{"date format", func(r *jisr.Record) { r.OccurredOn = "01/10/2026" }, "occurred_on"},
		{"date impossible", func(r *jisr.Record) { r.OccurredOn = "2026-02-30" }, "occurred_on"},
		{"date future", func(r *jisr.Record) { r.OccurredOn = "2027-01-01" }, "occurred_on"},
		{"country", func(r *jisr.Record) { r.Place.Country = "Jordan" }, "place.country"},
		{"lat without lon", func(r *jisr.Record) { v := 32.0; r.Place.Lat = &v }, "place.lat"},
		{"grading source", func(r *jisr.Record) { r.Grading.Source = "G" }, "grading.source"},
		{"grading info", func(r *jisr.Record) { r.Grading.Information = 7 }, "grading.information"},
		{"handling", func(r *jisr.Record) { r.Handling = "H9" }, "handling"},
		{"H3 conditions", func(r *jisr.Record) { r.Handling = jisr.H3 }, "handling_conditions"},
		{"tlp", func(r *jisr.Record) { r.TLP = "AMBER-ISH" }, "tlp"},
		{"RED to a country", func(r *jisr.Record) { r.TLP = jisr.TLPRed; r.Releasability.Countries = []string{"IQ"} }, "releasability.countries"},
		{"bad agency code", func(r *jisr.Record) { r.Releasability.Agencies = []string{"iraq"} }, "releasability.agencies[0]"},
		{"seizure missing", func(r *jisr.Record) { r.Seizure = nil }, "seizure"},
		{"unknown crossing", func(r *jisr.Record) { r.Seizure.Crossing = "XX-NOWHERE" }, "seizure.crossing"},
		{"concealment not in list", func(r *jisr.Record) { r.Seizure.HidingPlace = "in a cake" }, "seizure.hiding_place"},
		{"no drugs", func(r *jisr.Record) { r.Entities = r.Entities[1:] }, "entities"},
		{"unknown schema", func(r *jisr.Record) { r.Entities[1].Schema = "Spaceship" }, "entities[1].schema"},
		{"unknown prop", func(r *jisr.Record) { r.Entities[1].Props["shoeSize"] = []string{"44"} }, "entities[1].props.shoeSize"},
		{"bad amount", func(r *jisr.Record) { r.Entities[0].Props["amount"] = []string{"lots"} }, "entities[0].props.amount"},
		{"bad unit", func(r *jisr.Record) { r.Entities[0].Props["unit"] = []string{"boxes"} }, "entities[0].props.unit"},
		{"missing required", func(r *jisr.Record) { delete(r.Entities[1].Props, "name") }, "entities[1].props.name"},
		{"bad role", func(r *jisr.Record) { r.Entities[1].Role = "kingpin" }, "entities[1].role"},
		{"duplicate entity id", func(r *jisr.Record) { r.Entities[1].ID = "d1" }, "entities[1].id"},
		{"dangling link", func(r *jisr.Record) { r.Links = []jisr.Link{{From: "p1", To: "x", Type: "owns"}} }, "links[0].to"},
		{"bad birth date", func(r *jisr.Record) { r.Entities[1].Props["birthDate"] = []string{"1980-13-01"} }, "entities[1].props.birthDate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validSeizure()
			tt.edit(r)
			err := r.Validate(now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("valid record refused: %v", err)
				}
				return
			}
			if jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) != tt.field {
				t.Fatalf("got %v (field %q), want invalid %q", err, jisr.ErrorField(err), tt.field)
			}
			if jisr.ErrorMessage(err) == "" {
				t.Fatal("no message")
			}
		})
	}
}
