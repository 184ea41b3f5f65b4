package misp_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/internal/formatstest"
	"github.com/jisr-cell/jisr/formats/misp"
)

// TestMISPRoundTrip: the demo scenario written as MISP events and read
// back is the same records, field by field.
func TestMISPRoundTrip(t *testing.T) {
	recs := formatstest.Records(150)
	var buf bytes.Buffer
	w := misp.NewWriter(&buf, formatstest.Agencies())
	for _, r := range recs {
		w.Write(r)
	}
	back, err := misp.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(recs) {
		t.Fatalf("%d records read back of %d", len(back), len(recs))
	}
	for i, r := range recs {
		if d := formatstest.Diff(r, back[i], formatstest.All); len(d) > 0 {
			t.Errorf("record %s changed through MISP:\n%s", r.ID, strings.Join(d, "\n"))
		}
		if err := back[i].Validate(time.Now()); err != nil {
			t.Errorf("record %s read back is not valid: %v", r.ID, err)
		}
	}
}

// TestMISPReadOthers reads an event another MISP wrote (an API answer with
// a person object): what jisr holds becomes entities, tags map, the rest
// is in the narrative.
func TestMISPReadOthers(t *testing.T) {
	in := `{"response":[{"Event":{"uuid":"5f8a3c1e-0f6e-4b59-9d07-6f2b8a0c9e11","info":"Shipment via Aqaba","date":"2025-03-02",
 "Orgc":{"name":"Partner CERT"},
 "Tag":[{"name":"tlp:amber+strict"},{"name":"admiralty-scale:source-reliability=\"b\""},{"name":"admiralty-scale:information-credibility=\"2\""},{"name":"misp-galaxy:threat-actor=\"X\""}],
 "Attribute":[
  {"type":"phone-number","category":"Person","value":"+962791234567"},
  {"type":"iban","category":"Financial fraud","value":"JO94CBJO0010000000000131000302","comment":"salary account"},
  {"type":"btc","category":"Financial fraud","value":"1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
  {"type":"email-src","category":"Network activity","value":"ship@example.com"},
  {"type":"text","category":"Other","value":"Container loaded at night."},
  {"type":"ip-dst","category":"Network activity","value":"203.0.113.7"}
 ],
 "Object":[{"name":"person","Attribute":[
  {"object_relation":"first-name","type":"first-name","value":"Hadi"},
  {"object_relation":"last-name","type":"last-name","value":"Karimi"},
  {"object_relation":"nationality","type":"nationality","value":"Iranian"},
  {"object_relation":"passport-number","type":"passport-number","value":"K1234567"}]}]}}]}`
	recs, err := misp.Read(strings.NewReader(in))
	if err != nil || len(recs) != 1 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	r := recs[0]
	if r.TLP != jisr.TLPAmberStrict || r.Grading != (jisr.Grading{Source: "B", Information: 2}) || r.OccurredOn != "2025-03-02" || r.ExternalID != "5f8a3c1e-0f6e-4b59-9d07-6f2b8a0c9e11" {
		t.Errorf("record %+v", r)
	}
	got := map[string]string{}
	for _, e := range r.Entities {
		for k, v := range e.Props {
			got[e.Schema+"."+k] = v[0]
		}
	}
	for k, v := range map[string]string{"Phone.number": "+962791234567", "BankAccount.iban": "JO94CBJO0010000000000131000302",
		"CryptoWallet.publicKey": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "EmailAddress.address": "ship@example.com",
		"Person.name": "Hadi Karimi", "Person.passportNumber": "K1234567"} {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, s := range []string{"Container loaded at night.", "203.0.113.7", "salary account", "nationality: Iranian", "misp-galaxy:threat-actor", "Partner CERT"} {
		if !strings.Contains(r.NarrativeEN, s) {
			t.Errorf("the narrative lost %q:\n%s", s, r.NarrativeEN)
		}
	}
	if err := r.Validate(time.Now()); err != nil {
		t.Errorf("not valid: %v", err)
	}
}
