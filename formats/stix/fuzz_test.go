package stix_test

import (
	"bytes"
	"testing"

	"github.com/jisr-cell/jisr/formats/internal/formatstest"
	"github.com/jisr-cell/jisr/formats/stix"
)

// FuzzRead: any bundle is read or refused, never a panic; every record
// read has a title and a narrative.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	w := stix.NewWriter(&buf, stix.Options{Agencies: formatstest.Agencies()})
	for _, r := range formatstest.Records(3) {
		w.Write(r)
	}
	w.Close()
	f.Add(buf.Bytes())
	f.Add([]byte(`{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","id":"indicator--1","pattern":"[x-phone:value = '1\\'2'] OR [email-addr:value = 'a@b.c']"},{"type":"relationship","id":"relationship--1","source_ref":"indicator--1","target_ref":"indicator--1","relationship_type":"owns"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, err := stix.Read(bytes.NewReader(b))
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
