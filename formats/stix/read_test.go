package stix_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/internal/formatstest"
	"github.com/jisr-cell/jisr/formats/stix"
)

// TestSTIXRoundTrip: the demo scenario written as a bundle and read back
// is the same records, field by field (STIX carries every field, the
// ones it has no property for as x_jisr_ custom properties).
func TestSTIXRoundTrip(t *testing.T) {
	recs := formatstest.Records(150)
	var buf bytes.Buffer
	w := stix.NewWriter(&buf, stix.Options{Agencies: formatstest.Agencies()})
	for _, r := range recs {
		w.Write(r)
	}
	w.Close()
	back, err := stix.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(recs) {
		t.Fatalf("%d records read back of %d", len(back), len(recs))
	}
	for i, r := range recs {
		if back[i].ExternalID != stix.ID("report", r.ID) {
			t.Errorf("record %s read back with external id %q", r.ID, back[i].ExternalID)
		}
		if d := formatstest.Diff(r, back[i], formatstest.All); len(d) > 0 {
			t.Errorf("record %s changed through STIX:\n%s", r.ID, strings.Join(d, "\n"))
		}
		if err := back[i].Validate(time.Now()); err != nil {
			t.Errorf("record %s read back is not valid: %v", r.ID, err)
		}
	}
}

// TestSTIXReadOthers reads a bundle another platform wrote: what jisr
// holds becomes entities, the TLP maps, the rest is in the narrative.
func TestSTIXReadOthers(t *testing.T) {
	bundle := `{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
 {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"amber"}}},
 {"type":"identity","spec_version":"2.1","id":"identity--a1","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"Partner FIU","identity_class":"organization"},
 {"type":"report","spec_version":"2.1","id":"report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3","created_by_ref":"identity--a1","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"Captagon payments","description":"Transfers linked to a trafficking ring.","published":"2024-01-01T00:00:00Z","object_refs":["indicator--1","identity--p1","email-addr--e1","malware--m1","relationship--r1","x-opencti-thing--9"],"object_marking_refs":["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]},
 {"type":"indicator","spec_version":"2.1","id":"indicator--1","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"accounts","pattern":"[bank-account:iban = 'JO94CBJO0010000000000131000302'] OR [phone-number:value = '+962 79 123 4567']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"},
 {"type":"identity","spec_version":"2.1","id":"identity--p1","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"Abu Hadi","identity_class":"individual","roles":["suspect"]},
 {"type":"email-addr","spec_version":"2.1","id":"email-addr--e1","value":"hadi@example.com"},
 {"type":"malware","spec_version":"2.1","id":"malware--m1","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","name":"StealerX","is_family":true},
 {"type":"relationship","spec_version":"2.1","id":"relationship--r1","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","relationship_type":"owns","source_ref":"identity--p1","target_ref":"indicator--1"},
 {"type":"x-opencti-thing","id":"x-opencti-thing--9","name":"something custom"},
 {"type":"indicator","spec_version":"2.1","id":"indicator--loose","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","pattern":"[x-jisr-vessel:imo_number = '9074729']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}
]}`
	recs, err := stix.Read(strings.NewReader(bundle))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want the report and the loose indicator", len(recs))
	}
	r := recs[0]
	if r.TLP != jisr.TLPRed || r.Title != "Captagon payments" || r.ExternalID != "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3" || r.Kind != jisr.KindReport {
		t.Errorf("record: %+v", r)
	}
	want := map[string]string{"BankAccount": "iban=JO94CBJO0010000000000131000302", "Phone": "number=+962 79 123 4567", "Person": "name=Abu Hadi", "EmailAddress": "address=hadi@example.com"}
	got := map[string]string{}
	for _, e := range r.Entities {
		for k, v := range e.Props {
			got[e.Schema] = k + "=" + v[0]
		}
		if e.Schema == "Person" && e.Role != "suspect" {
			t.Errorf("person's role %q", e.Role)
		}
	}
	for s, v := range want {
		if got[s] != v {
			t.Errorf("%s: %q, want %q (%v)", s, got[s], v, got)
		}
	}
	for _, s := range []string{"Transfers linked to a trafficking ring.", "StealerX", "something custom", "Source: Partner FIU"} {
		if !strings.Contains(r.NarrativeEN, s) {
			t.Errorf("the narrative lost %q:\n%s", s, r.NarrativeEN)
		}
	}
	if len(r.Links) != 1 || r.Links[0].Type != "owns" {
		t.Errorf("links %v", r.Links)
	}
	if err := r.Validate(time.Now()); err != nil {
		t.Errorf("not valid: %v", err)
	}
	if e := recs[1].Entities; len(e) != 1 || e[0].Schema != "Vessel" || e[0].First("imoNumber") != "9074729" {
		t.Errorf("loose indicator: %+v", recs[1])
	}
}
