package misp_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr/formats/internal/formatstest"
	"github.com/jisr-cell/jisr/formats/misp"
)

// categoryTypes are the category-type combinations of the MISP core format
// (draft-dulaunoy-misp-core-format, "type") for the types jisr writes.
var categoryTypes = map[string][]string{
	"Person":             {"full-name", "date-of-birth", "gender", "passport-number", "nationality", "phone-number", "identity-card-number", "email", "text", "comment", "other"},
	"Financial fraud":    {"btc", "dash", "xmr", "iban", "bic", "bank-account-nr", "phone-number", "comment", "text", "other"},
	"Other":              {"comment", "text", "other", "phone-number"},
	"Internal reference": {"text", "link", "comment", "other"},
}

// TestMISPEventsFollowSchema writes the demo scenario as MISP events and
// checks every event against the MISP core format's requirements, and
// every attribute's category-type pair.
func TestMISPEventsFollowSchema(t *testing.T) {
	recs := formatstest.Records(150)
	var buf bytes.Buffer
	w := misp.NewWriter(&buf, formatstest.Agencies())
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	c := formatstest.Schemas(t, "testdata", "https://jisr.invalid/testdata/")
	s, err := c.Compile("https://jisr.invalid/testdata/misp-core-format.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 16<<20)
	n := 0
	types := map[string]int{}
	for sc.Scan() {
		n++
		formatstest.Validate(t, s, sc.Bytes(), "event")
		var f misp.File
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		for _, a := range f.Event.Attribute {
			types[a.Type]++
			if !slices.Contains(categoryTypes[a.Category], a.Type) {
				t.Errorf("attribute %s/%s is not a valid category-type pair", a.Category, a.Type)
			}
		}
		tlp := 0
		for _, tg := range f.Event.Tag {
			if strings.HasPrefix(tg.Name, "tlp:") {
				tlp++
			}
		}
		if tlp != 1 || f.Event.Distribution != "0" {
			t.Errorf("event %s: %d tlp tags, distribution %s", f.Event.UUID, tlp, f.Event.Distribution)
		}
	}
	if n != len(recs) {
		t.Fatalf("%d events for %d records", n, len(recs))
	}
	for _, typ := range []string{"phone-number", "iban", "full-name", "text"} {
		if types[typ] == 0 {
			t.Errorf("no %s attribute in the demo events: %v", typ, types)
		}
	}
	t.Logf("%d events, attribute types %v", n, types)
}
