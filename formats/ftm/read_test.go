package ftm_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/ftm"
	"github.com/jisr-cell/jisr/formats/internal/formatstest"
)

// TestFtMRoundTrip: the demo scenario written as FtM entities and read
// back keeps what FtM carries: title, narratives, date, country and place
// names, TLP, handling and its conditions, grading, review date, kind (a
// facility comes back a report), every entity with every property, links.
// Not carried (README): seizure and facility fields, coordinates and
// governorate of the place.
func TestFtMRoundTrip(t *testing.T) {
	recs := formatstest.Records(150)
	var buf bytes.Buffer
	w := ftm.NewWriter(&buf, formatstest.Agencies())
	for _, r := range recs {
		w.Write(r)
	}
	back, err := ftm.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(recs) {
		t.Fatalf("%d records read back of %d", len(back), len(recs))
	}
	f := formatstest.Fields{Narratives: true, OccurredOn: true, Links: true, Entities: true, Markings: true}
	for i, r := range recs {
		b := back[i]
		if r.Kind == jisr.KindFacility {
			// A facility comes back a report saying so after its narrative.
			if !strings.HasPrefix(b.NarrativeEN, r.NarrativeEN) || !strings.Contains(b.NarrativeEN, "was a facility in jisr") {
				t.Errorf("facility %s: narrative %q", r.ID, b.NarrativeEN)
			}
			c := *b
			c.NarrativeEN = r.NarrativeEN
			b = &c
		}
		if d := formatstest.Diff(r, b, f); len(d) > 0 {
			t.Errorf("record %s changed through FtM:\n%s", r.ID, strings.Join(d, "\n"))
		}
		if b.TLP != r.TLP || b.Handling != r.Handling || b.Grading != r.Grading || b.Place.Country != r.Place.Country || b.Place.Name != r.Place.Name || b.Place.NameAR != r.Place.NameAR {
			t.Errorf("record %s: markings or place changed: %s %s %v %+v", r.ID, b.TLP, b.Handling, b.Grading, b.Place)
		}
		want := r.Kind
		if want == jisr.KindFacility {
			want = jisr.KindReport
		}
		if b.Kind != want || b.ExternalID != ftm.DocID(r.ID) {
			t.Errorf("record %s: kind %s, external id %s", r.ID, b.Kind, b.ExternalID)
		}
		if err := b.Validate(time.Now()); err != nil {
			t.Errorf("record %s read back is not valid: %v", r.ID, err)
		}
	}
}

// TestFtMReadOthers reads entities another tool wrote: persons and
// accounts map back, other schemata and properties go into the narrative.
func TestFtMReadOthers(t *testing.T) {
	in := `{"id":"doc1","schema":"Document","properties":{"title":["Leak"],"fileName":["leak.pdf"],"bodyText":["Payments to the ring."]}}
{"id":"p1","schema":"Person","properties":{"name":["Hadi Karimi"],"nationality":["ir"],"phone":["+98 912 000 0000"],"proof":["doc1"]}}
{"id":"b1","schema":"BankAccount","properties":{"iban":["JO94CBJO0010000000000131000302"],"proof":["doc1"]}}
{"id":"own1","schema":"Ownership","properties":{"owner":["p1"],"asset":["b1"],"proof":["doc1"]}}
{"id":"l1","schema":"UnknownLink","properties":{"subject":["p1"],"object":["b1"],"role":["owns"]}}
{"id":"c9","schema":"Company","properties":{"name":["Loose Trading LLC"],"jurisdiction":["ae"]}}`
	recs, err := ftm.Read(strings.NewReader(in))
	if err != nil || len(recs) != 2 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	r := recs[0]
	if r.Title != "Leak" || r.ExternalID != "doc1" || len(r.Entities) != 2 || len(r.Links) != 1 {
		t.Fatalf("%+v", r)
	}
	if p := r.Entities[0]; p.Schema != "Person" || p.First("nationality") != "IR" {
		t.Errorf("person %+v", p)
	}
	for _, s := range []string{"Payments to the ring.", "phone: +98 912 000 0000", "Ownership"} {
		if !strings.Contains(r.NarrativeEN, s) {
			t.Errorf("the narrative lost %q:\n%s", s, r.NarrativeEN)
		}
	}
	if c := recs[1]; len(c.Entities) != 1 || c.Entities[0].First("name") != "Loose Trading LLC" || !strings.Contains(c.NarrativeEN, "jurisdiction: ae") {
		t.Errorf("loose company: %+v", c)
	}
}
