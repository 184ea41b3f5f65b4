package misp_test

import (
	"bytes"
	"testing"

	"github.com/jisr-cell/jisr/formats/internal/formatstest"
	"github.com/jisr-cell/jisr/formats/misp"
)

// FuzzRead: any MISP file is read or refused, never a panic; every record
// read has a title and a narrative.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	w := misp.NewWriter(&buf, formatstest.Agencies())
	for _, r := range formatstest.Records(3) {
		w.Write(r)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"response":[{"Event":{"info":"x","Tag":[{"name":"tlp:red"}],"Attribute":[{"type":"phone-number","value":"+9647807269252","comment":"jisr:e1:Phone"}],"Object":[{"name":"person","Attribute":[{"object_relation":"first-name","value":"A"}]}]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := misp.Read(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, r := range recs {
			if r.Title == "" || (r.NarrativeEN == "" && r.NarrativeAR == "") {
				t.Fatalf("record without title or narrative: %+v", r)
			}
		}
	})
}
