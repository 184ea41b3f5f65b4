package ftm_test

import (
	"bytes"
	"testing"

	"github.com/jisr-cell/jisr/formats/ftm"
	"github.com/jisr-cell/jisr/formats/internal/formatstest"
)

// FuzzRead: any entity file is read or refused, never a panic; every
// record read has a title and a narrative.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	w := ftm.NewWriter(&buf, formatstest.Agencies())
	for _, r := range formatstest.Records(3) {
		w.Write(r)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"id":"n","schema":"Note","properties":{"description":["Phone — number: 1, 2; role: x"],"entity":["d"]}}
{"id":"d","schema":"Document","properties":{"keywords":["jisr:seizure","TLP:RED"]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := ftm.Read(bytes.NewReader(b))
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
