package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// lines feeds an import as a file would: each record is a JSON line (its
// digest the SHA-256 of the line); a string is a line that is not a record.
func lines(items ...any) func() (*jisr.ImportItem, error) {
	i := 0
	return func() (*jisr.ImportItem, error) {
		if i == len(items) {
			return nil, io.EOF
		}
		i++
		it := &jisr.ImportItem{Line: i}
		switch v := items[i-1].(type) {
		case *jisr.Record:
			b, _ := json.Marshal(v)
			sum := sha256.Sum256(b)
			it.Digest = hex.EncodeToString(sum[:])
			var r jisr.Record // a fresh copy, as decoded from the file
			json.Unmarshal(b, &r)
			it.Record = &r
		case string:
			sum := sha256.Sum256([]byte(v))
			it.Digest = hex.EncodeToString(sum[:])
			it.Err = jisr.Because("", "json_at", v)
		}
		return it, nil
	}
}

func testImport(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	jo, iq := As(t, s, "jo.liaison"), As(t, s, "iq.analyst") // a liaison officer may release what it imports
	count := func(marker string) int {
		t.Helper()
		n, err := s.CountRecords(ctx, jo, jisr.RecordFilter{Text: marker})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rec := func(marker string) *jisr.Record {
		return Seizure(marker, jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	}
	bad := func(marker string) *jisr.Record {
		r := rec(marker)
		r.Entities[1].Props["name"] = nil
		r.Grading.Source = "Z"
		return r
	}

	// A bad record late in the file: nothing is kept, and the error names
	// the line and the field.
	var file []any
	for i := 0; i < 6; i++ {
		file = append(file, rec(fmt.Sprintf("qximpa%d", i)))
	}
	file[4] = bad("qximpa4")
	rep, err := s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{})
	if code(err) != jisr.EINVALID || !strings.Contains(jisr.ErrorMessage(err), "line 5: field grading.source") || rep.Created != 0 {
		t.Fatalf("bad line 5: %+v %v", rep, err)
	}
	if n := count("qximpa*"); n != 0 {
		t.Fatalf("a failed import kept %d records", n)
	}

	// Every error is reported, each with its line, up to the cap.
	file = []any{rec("qximpb1"), bad("qximpb2"), rec("qximpb3"), `{"kind":`, rec("qximpb5"), bad("qximpb6")}
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{})
	if err == nil || len(rep.Errors) != 3 || rep.Truncated {
		t.Fatalf("three bad lines: %+v %v", rep, err)
	}
	for i, want := range []string{"line 2: field grading.source", "line 4: is not valid JSON", "line 6: field grading.source"} {
		if !strings.HasPrefix(rep.Errors[i].Message, want) {
			t.Errorf("error %d = %q, want %q…", i, rep.Errors[i].Message, want)
		}
	}
	rep, _ = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{MaxErrors: 2})
	if len(rep.Errors) != 2 || !rep.Truncated {
		t.Fatalf("capped at 2: %+v", rep)
	}

	// A dry run writes nothing and says what an import would do.
	file = []any{rec("qximpc1"), rec("qximpc2"), rec("qximpc3")}
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{DryRun: true})
	if err != nil || rep.Read != 3 || rep.Created != 3 || rep.Present != 0 || count("qximpc*") != 0 {
		t.Fatalf("dry run: %+v %v", rep, err)
	}
	if rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{DryRun: true, CommitEvery: 3}); err != nil || rep.Read != 3 {
		t.Fatalf("dry run in chunks of the file's length: %+v %v", rep, err)
	}

	// Importing the same file twice creates nothing twice.
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{})
	if err != nil || rep.Created != 3 || rep.Present != 0 || rep.Originator != "JO-AND" || rep.CreatedBy != "jo.liaison" {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	file = append(file, rec("qximpc4"), rec("qximpc4")) // a new record, and the same line twice
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{DryRun: true})
	if err != nil || rep.Created != 1 || rep.Present != 4 {
		t.Fatalf("dry run of the file again: %+v %v", rep, err)
	}
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{})
	if err != nil || rep.Created != 1 || rep.Present != 4 || count("qximpc*") != 4 {
		t.Fatalf("second import: %+v %v (%d records)", rep, err, count("qximpc*"))
	}

	// An external id of the file identifies the record across edits of
	// its line; the same id twice in a file is an error naming both lines.
	withID := func(marker, id string) *jisr.Record { r := rec(marker); r.ExternalID = id; return r }
	rep, err = s.ImportRecords(ctx, jo, lines(withID("qximpd1", "CASE-2026-17")), jisr.ImportOptions{})
	if err != nil || rep.Created != 1 {
		t.Fatalf("external id: %+v %v", rep, err)
	}
	rep, err = s.ImportRecords(ctx, jo, lines(withID("qximpd1 corrected", "CASE-2026-17"), withID("qximpd2", "CASE-2026-18")), jisr.ImportOptions{})
	if err != nil || rep.Created != 1 || rep.Present != 1 {
		t.Fatalf("external id again: %+v %v", rep, err)
	}
	_, err = s.ImportRecords(ctx, jo, lines(withID("qximpd3", "CASE-9"), withID("qximpd4", "CASE-9")), jisr.ImportOptions{})
	if code(err) != jisr.EINVALID || !strings.Contains(jisr.ErrorMessage(err), "line 2: field external_id") || !strings.Contains(jisr.ErrorMessage(err), "line 1") {
		t.Fatalf("the same id twice: %v", err)
	}
	// The id is the originator's: another agency never sees it.
	list, _, err := s.Records(ctx, jo, jisr.RecordFilter{Text: "qximpd2"})
	if err != nil || len(list) != 1 || list[0].ExternalID != "CASE-2026-18" {
		t.Fatalf("the originator's copy: %v %v", list, err)
	}
	got, err := s.Record(ctx, iq, list[0].ID)
	if err != nil || got.ExternalID != "" {
		t.Fatalf("another agency sees the external id: %+v %v", got, err)
	}
	got, err = s.Record(ctx, iq, list[0].ID)
	if err == nil && strings.Contains(mustJSON(got), "CASE-2026") {
		t.Fatal("the external id leaks to another agency")
	}

	// Records become the importer's agency's; another agency's are refused,
	// never relabelled; the file's created_by is ignored.
	other := rec("qximpe1")
	other.Originator = "IQ-GDNA"
	mine := rec("qximpe2")
	mine.Originator, mine.CreatedBy = "JO-AND", "someone.else"
	_, err = s.ImportRecords(ctx, jo, lines(mine, other), jisr.ImportOptions{})
	if code(err) != jisr.EINVALID || !strings.Contains(jisr.ErrorMessage(err), "line 2: field originator") {
		t.Fatalf("another agency's record: %v", err)
	}
	rep, err = s.ImportRecords(ctx, jo, lines(mine), jisr.ImportOptions{})
	if err != nil || rep.Created != 1 {
		t.Fatalf("own record: %+v %v", rep, err)
	}
	list, _, _ = s.Records(ctx, jo, jisr.RecordFilter{Text: "qximpe2"})
	if len(list) != 1 || list[0].Originator != "JO-AND" || list[0].CreatedBy != "jo.liaison" {
		t.Fatalf("imported as %+v", list)
	}

	// With CommitEvery, what was committed stays after a failure, and the
	// same import run again (fixed) resumes without duplicates.
	file = nil
	for i := 0; i < 7; i++ {
		file = append(file, rec(fmt.Sprintf("qximpf%d", i)))
	}
	file[5] = bad("qximpf5")
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{CommitEvery: 2})
	if err == nil || rep.Created != 4 || count("qximpf*") != 4 {
		t.Fatalf("batched import with a bad line: %+v %v (%d records)", rep, err, count("qximpf*"))
	}
	file[5] = rec("qximpf5")
	rep, err = s.ImportRecords(ctx, jo, lines(file...), jisr.ImportOptions{CommitEvery: 2})
	if err != nil || rep.Created != 3 || rep.Present != 4 || count("qximpf*") != 7 {
		t.Fatalf("resumed import: %+v %v (%d records)", rep, err, count("qximpf*"))
	}
}
