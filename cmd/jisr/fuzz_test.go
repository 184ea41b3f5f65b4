package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/storetest"
)

// FuzzImportLine: a line of "jisr import" is either refused as invalid
// naming a field, or read into a record without an id or attachments of
// its own, holding no invalid UTF-8 or NUL.
func FuzzImportLine(f *testing.F) {
	for _, r := range []*jisr.Record{
		storetest.Seizure("qxfuzz", jisr.TLPAmber, jisr.H3, jisr.Releasability{Agencies: []string{"IQ-GDNA"}}),
		storetest.Seizure("qxfuzz2", jisr.TLPRed, jisr.H0, jisr.Releasability{}),
	} {
		b, _ := json.Marshal(r)
		f.Add(b)
	}
	for _, s := range []string{`{"id":"x","attachments":[{"id":"a"}]}`, "{\"title\":\"\xc3\"}", `{"title":"\u0000"}`, `[1]`, `{"kind":7}`, ``, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := decodeImportLine(line)
		if err != nil {
			if jisr.ErrorCode(err) != jisr.EINVALID || jisr.ErrorField(err) == "" {
				t.Fatalf("%q: %v", line, err)
			}
			return
		}
		if r.ID != "" || r.Attachments != nil {
			t.Fatalf("%q: id %q, attachments %v kept", line, r.ID, r.Attachments)
		}
		if !utf8.Valid(line) {
			t.Fatalf("%q: invalid UTF-8 accepted", line)
		}
		b, _ := json.Marshal(r)
		if bytes.Contains(b, []byte(`\u0000`)) || bytes.Contains(b, []byte(`\ufffd`)) || (!bytes.ContainsRune(line, utf8.RuneError) && !strings.Contains(strings.ToLower(string(line)), `\ufffd`) && bytes.ContainsRune(b, utf8.RuneError)) {
			t.Fatalf("%q: read as %s", line, b)
		}
		r.Validate(time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	})
}
