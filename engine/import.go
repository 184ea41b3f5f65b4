package engine

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// ImportBatch is how many records an import validates and prepares ahead
// of the writer and audits together.
const ImportBatch = 2000

// importChunk is a run of records read, validated and prepared, with the
// errors found among them.
type importChunk struct {
	recs      []*prepared
	lines     []int
	errs      []*jisr.Error
	present   int // lines repeated in the file (same external id and content)
	read      int // records read so far
	truncated bool
	fatal     error // reading the input failed
}

// lineError names the line (and the field) of an error of an import.
func lineError(line int, err error) *jisr.Error {
	code, field, msg := jisr.EINVALID, "", err.Error()
	reason, params := "not_valid", []string(nil) // a foreign error: its text stays in Message
	var je *jisr.Error
	if errors.As(err, &je) {
		code, field, msg, reason, params = je.Code, je.Field, je.Message, je.Reason, je.Params
	}
	if field != "" {
		return &jisr.Error{Code: code, Field: field, Reason: reason, Params: params, Message: fmt.Sprintf("line %d: field %s: %s", line, field, msg)}
	}
	return &jisr.Error{Code: code, Reason: reason, Params: params, Message: fmt.Sprintf("line %d: %s", line, msg)}
}

// lineID is the external id of a record that has none: a digest of its
// line keyed with a secret of the node, so the same line imported again is
// the same record, and no one can confirm a guess of a line (an informant's
// name in it, say) from the id.
func (e *Engine) lineID(digest string) string {
	k := sha256.Sum256(append([]byte("jisr import line id\x00"), e.st.NodeKeys().Seed()...))
	m := hmac.New(sha256.New, k[:])
	m.Write([]byte(digest))
	return "line:" + hex.EncodeToString(m.Sum(nil))[:32]
}

// ImportRecords implements jisr.RecordService.
//
// Every record is validated (an error names its line and field; up to
// MaxErrors are collected). The records become the caller's agency's,
// created by the caller: a record whose originator is another agency is
// refused, since relabelling it would strip that agency's control over it.
// A record is known by its external id, or by a keyed digest of its line:
// one the agency already holds is counted as present and not created again.
//
// By default the whole import is one transaction of its own (no savepoint,
// so memory stays flat; SQLite spills to the WAL): any error and nothing is
// kept. With CommitEvery, every that many records are committed as they
// come, and a failed import is resumed by running it again.
func (e *Engine) ImportRecords(ctx context.Context, p jisr.Principal, next func() (*jisr.ImportItem, error), opt jisr.ImportOptions) (*jisr.ImportReport, error) {
	rep := &jisr.ImportReport{Originator: p.Agency, CreatedBy: p.Username}
	if err := policy.CanCreate(p); err != nil {
		return rep, e.deny(ctx, p, jisr.ActImport, "", "", err)
	}
	if opt.MaxErrors <= 0 {
		opt.MaxErrors = 100
	}
	if !opt.DryRun {
		if err := e.st.Room(ctx); err != nil {
			return rep, err
		}
	}
	agencies := map[string]bool{}
	all, err := e.Agencies(ctx)
	if err != nil {
		return rep, err
	}
	for _, a := range all {
		agencies[a.Code] = true
	}
	size := ImportBatch
	if opt.CommitEvery > 0 {
		size = opt.CommitEvery
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan importChunk, 1)
	go e.readImport(ctx, p, next, opt, size, agencies, chunks)

	var firstID, lastID string
	// take adds a chunk's read count and errors to the report; false
	// once nothing more may be written.
	take := func(c importChunk) (bool, error) {
		rep.Read = c.read
		rep.Present += c.present
		rep.Errors = append(rep.Errors, c.errs...)
		rep.Truncated = rep.Truncated || c.truncated
		if c.fatal != nil {
			return false, c.fatal
		}
		return len(rep.Errors) == 0, nil
	}
	// store writes a chunk's records in tx.
	store := func(tx Tx, c importChunk) error {
		created, present := 0, 0
		for i, pr := range c.recs {
			r := pr.row.Record
			if r.ExternalID != "" {
				taken, err := tx.ExternalIDTaken(r.Originator, r.ExternalID)
				if err != nil {
					return err
				}
				if taken {
					present++
					continue
				}
			}
			if err := checkReleasability(tx, r.Releasability); err != nil {
				return lineError(c.lines[i], err)
			}
			if _, _, err := e.put(tx, pr, 0); err != nil {
				if jisr.ErrorCode(err) == jisr.EINVALID {
					return lineError(c.lines[i], err)
				}
				return err
			}
			if firstID == "" {
				firstID = r.ID
			}
			lastID = r.ID
			created++
		}
		if err := tx.Flush(); err != nil {
			return err
		}
		if created > 0 {
			if err := tx.Audit(p, jisr.ActImport, "", fmt.Sprintf("n=%d first=%s last=%s", created, firstID, lastID), OutcomeOK); err != nil {
				return err
			}
		}
		if err := tx.CheckRoom(); err != nil {
			return err
		}
		rep.Created += created
		rep.Present += present
		firstID = ""
		return nil
	}
	progress := func() {
		if opt.Progress != nil {
			opt.Progress(rep.Read)
		}
	}

	switch {
	case opt.DryRun:
		for c := range chunks {
			ok, err := take(c)
			if err != nil {
				return rep, err
			}
			if ok {
				for _, pr := range c.recs {
					taken := false
					if r := pr.row.Record; r.ExternalID != "" {
						if taken, err = e.st.ExternalIDExists(ctx, r.Originator, r.ExternalID); err != nil {
							return rep, err
						}
					}
					if taken {
						rep.Present++
					} else {
						rep.Created++
					}
				}
			}
			progress()
		}
		detail := fmt.Sprintf("dry-run read=%d would_create=%d present=%d errors=%d", rep.Read, rep.Created, rep.Present, len(rep.Errors))
		if err := e.auditOnly(ctx, p, jisr.ActImport, "", detail, OutcomeOK); err != nil {
			return rep, err
		}
		if len(rep.Errors) > 0 {
			rep.Created = 0
			return rep, importFailed(rep)
		}
		return rep, nil

	case opt.CommitEvery > 0:
		for c := range chunks {
			ok, err := take(c)
			if err == nil && ok {
				err = e.st.Write(ctx, func(tx Tx) error { return store(tx, c) })
			}
			if err != nil {
				return rep, e.failImport(ctx, p, rep, err)
			}
			progress()
		}
		if len(rep.Errors) > 0 {
			return rep, e.failImport(ctx, p, rep, importFailed(rep))
		}
		return rep, e.auditOnly(ctx, p, jisr.ActImport, "", fmt.Sprintf("done created=%d present=%d", rep.Created, rep.Present), OutcomeOK)

	default:
		err := e.st.WriteAlone(ctx, func(tx Tx) error {
			for c := range chunks {
				ok, err := take(c)
				if err != nil {
					return err
				}
				if ok {
					if err := store(tx, c); err != nil {
						return err
					}
				}
				progress()
			}
			if len(rep.Errors) > 0 {
				return importFailed(rep)
			}
			return tx.Audit(p, jisr.ActImport, "", fmt.Sprintf("done created=%d present=%d", rep.Created, rep.Present), OutcomeOK)
		})
		if err != nil {
			rep.Created, rep.Present = 0, 0
			return rep, e.failImport(ctx, p, rep, err)
		}
		return rep, nil
	}
}

// importFailed is the error of an import with invalid records: the first
// error, and how many there are.
func importFailed(rep *jisr.ImportReport) error {
	first := rep.Errors[0]
	msg := first.Message
	if n := len(rep.Errors); n > 1 {
		more := fmt.Sprintf("%d", n-1)
		if rep.Truncated {
			more += "+"
		}
		msg += " (and " + more + " more errors)"
	}
	return &jisr.Error{Code: first.Code, Field: first.Field, Reason: first.Reason, Params: first.Params, Message: msg}
}

// failImport audits a failed import and returns err, joined with the
// failure of that audit entry if it could not be written.
func (e *Engine) failImport(ctx context.Context, p jisr.Principal, rep *jisr.ImportReport, err error) error {
	detail := fmt.Sprintf("failed read=%d created=%d errors=%d cause=%s", rep.Read, rep.Created, len(rep.Errors), jisr.ErrorCode(err))
	if aerr := e.auditOnly(context.WithoutCancel(ctx), p, jisr.ActImport, "", detail, OutcomeFailed); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

// readImport reads, validates and prepares the records of an import in
// chunks of size, beside the writer.
func (e *Engine) readImport(ctx context.Context, p jisr.Principal, next func() (*jisr.ImportItem, error), opt jisr.ImportOptions, size int, agencies map[string]bool, out chan<- importChunk) {
	defer close(out)
	now := e.now()
	seed := maphash.MakeSeed()
	seen := map[uint64]int{} // external id → line of its first record
	var c importChunk
	read, nerr := 0, 0
	send := func() bool {
		c.read = read
		select {
		case out <- c:
			c = importChunk{}
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		it, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.fatal = err
			break
		}
		read++
		c.read = read
		if nerr >= opt.MaxErrors {
			c.truncated = true
			break
		}
		pr, dup, ie := e.importOne(p, it, now, agencies, seen, seed, opt.DryRun || nerr > 0)
		switch {
		case ie != nil:
			c.errs = append(c.errs, ie)
			nerr++
		case dup:
			c.present++
		default:
			c.recs = append(c.recs, pr)
			c.lines = append(c.lines, it.Line)
		}
		if len(c.recs)+len(c.errs)+c.present >= size {
			if !send() {
				return
			}
		}
	}
	send()
}

// importOne checks one item of an import and prepares its record (unless
// only checking). dup is a line repeated in the file.
func (e *Engine) importOne(p jisr.Principal, it *jisr.ImportItem, now time.Time, agencies map[string]bool, seen map[uint64]int, seed maphash.Seed, check bool) (*prepared, bool, *jisr.Error) {
	if it.Err != nil {
		return nil, false, lineError(it.Line, it.Err)
	}
	r := it.Record
	if r == nil {
		return nil, false, lineError(it.Line, jisr.Because("", "not_record"))
	}
	// Whose records they become: the caller's agency's, created by the
	// caller. Another agency's record is refused, never relabelled.
	if !p.System {
		if r.Originator != "" && r.Originator != p.Agency {
			return nil, false, lineError(it.Line, jisr.Because("originator", "import_originator", r.Originator, p.Agency))
		}
		r.Originator, r.CreatedBy = p.Agency, p.Username
	} else {
		if r.Originator == "" {
			r.Originator = p.Agency
		}
		if r.CreatedBy == "" {
			r.CreatedBy = p.Username
		}
		if !agencies[r.Originator] {
			return nil, false, lineError(it.Line, jisr.Because("originator", "no_agency", r.Originator))
		}
	}
	r.ID, r.Attachments, r.UpdatedBy = "", nil, ""
	if err := r.Validate(now); err != nil {
		return nil, false, lineError(it.Line, err)
	}
	// Who may set markings (TLP, releasability) decides for imports too.
	if err := policy.CanMark(p, nil, r); err != nil {
		return nil, false, lineError(it.Line, err)
	}
	for i, a := range r.Releasability.Agencies {
		if !agencies[a] {
			return nil, false, lineError(it.Line, jisr.Because(fmt.Sprintf("releasability.agencies[%d]", i), "no_agency", a))
		}
	}
	explicit := r.ExternalID != ""
	if explicit {
		if err := jisr.ValidExternalID(r.ExternalID); err != nil {
			return nil, false, lineError(it.Line, err)
		}
	} else if it.Digest != "" {
		r.ExternalID = e.lineID(it.Digest)
	}
	if r.ExternalID != "" {
		k := maphash.String(seed, r.Originator+"\x00"+r.ExternalID)
		if first, ok := seen[k]; ok {
			if explicit {
				return nil, false, lineError(it.Line, jisr.Because("external_id", "import_dup_id", r.ExternalID, first))
			}
			return nil, true, nil // the same line twice
		}
		seen[k] = it.Line
	}
	if check {
		return &prepared{row: RecordRow{Record: r}}, false, nil
	}
	r.ID, r.Version = newID(), 1
	r.CreatedAt = e.now().UTC()
	r.UpdatedAt = r.CreatedAt
	pr, err := e.prepare(r)
	if err != nil {
		return nil, false, lineError(it.Line, err)
	}
	pr.bulk = true
	return pr, false, nil
}
