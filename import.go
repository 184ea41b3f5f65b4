package jisr

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ImportItem is one line of an import file.
type ImportItem struct {
	Line   int     // 1-based line of the file, for messages
	Record *Record // nil when the line is not a record (Err says why)
	Err    error   // the line could not be read as a record; reported like a validation error
	// Digest is the hex SHA-256 of the line. A record without an
	// external id is known by it (keyed with the node's secret), so the
	// same line imported twice is one record.
	Digest string
}

// ImportOptions tune an import.
type ImportOptions struct {
	// DryRun validates every record and counts what would be created and
	// what is already present, and writes nothing (but the audit entry).
	DryRun bool
	// CommitEvery, when above 0, commits every that many records instead
	// of once at the end: what was committed stays after a failure, and
	// running the same import again skips it (by external id). 0, the
	// default, makes the import one transaction: all or nothing.
	CommitEvery int
	// MaxErrors is how many errors are collected before the import stops
	// reading (default 100).
	MaxErrors int
	// Progress, if set, is called with the number of records read so far.
	Progress func(n int)
}

// ImportReport says what an import did, or would do (DryRun).
type ImportReport struct {
	Read    int // records read
	Created int // records created (to create, for a dry run)
	Present int // records the agency already holds under the same external id: not created again
	// Errors found, each naming the line and the field, up to MaxErrors;
	// Truncated says more were left unread.
	Errors    []*Error
	Truncated bool
	// Originator and CreatedBy are whose records they become.
	Originator, CreatedBy string
}

// MaxExternalID is the longest external id accepted.
const MaxExternalID = 128

// ValidExternalID checks an external id: 1 to MaxExternalID characters
// of printable UTF-8, no spaces at either end.
func ValidExternalID(id string) error {
	if len(id) > MaxExternalID || !utf8.ValidString(id) || strings.TrimSpace(id) != id || id == "" {
		return Because("external_id", "external_id", MaxExternalID)
	}
	for _, r := range id {
		if !unicode.IsPrint(r) {
			return Because("external_id", "external_id", MaxExternalID)
		}
	}
	return nil
}

// RecordItems turns a source of records that has no file (a generator)
// into import items: the nth record is "line" n, and records without an
// external id have no digest, so nothing makes them idempotent.
func RecordItems(next func() (*Record, error)) func() (*ImportItem, error) {
	n := 0
	return func() (*ImportItem, error) {
		r, err := next()
		if err != nil {
			return nil, err
		}
		n++
		return &ImportItem{Line: n, Record: r}, nil
	}
}

// ImportLines reads the items of an import from JSON lines, one record a
// line, blank lines skipped, each line read strictly (DecodeJSON). A line
// that is not a record is an item with Err (naming the field), so every bad
// line of a file is reported; the id, attachments and caveats of a record
// are the node's, never the file's. Digest is the SHA-256 of the line without the
// spaces around it. Reading errors (a line over MaxRecordLine) end it.
func ImportLines(r io.Reader) func() (*ImportItem, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxRecordLine)
	line := 0
	return func() (*ImportItem, error) {
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			sum := sha256.Sum256(b)
			it := &ImportItem{Line: line, Digest: hex.EncodeToString(sum[:])}
			var rec Record
			if err := DecodeJSON(b, &rec); err != nil {
				var e *Error
				if errors.As(err, &e) && e.Field == "body" {
					err = &Error{Code: e.Code, Reason: e.Reason, Params: e.Params, Message: e.Message}
				}
				it.Err = err
				return it, nil
			}
			rec.ID, rec.Attachments, rec.Caveats, rec.Consents = "", nil, nil, nil // caveats are written on export, never read
			it.Record = &rec
			return it, nil
		}
		if errors.Is(sc.Err(), bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: %w", line+1, Because("", "line_size", MaxRecordLine))
		}
		if err := sc.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
}
