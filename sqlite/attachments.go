package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/blobs"
	"github.com/jisr-cell/jisr/policy"
)

// MaxAttachment is the largest attachment accepted.
const MaxAttachment = 64 << 20

// AddAttachment implements jisr.RecordService. The file is written and
// synced under its SHA-256 before the row that names it commits.
func (s *Store) AddAttachment(ctx context.Context, p jisr.Principal, recordID, name, mediaType string, body io.Reader) (*jisr.Attachment, error) {
	if err := jisr.CheckAttachmentName(name); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > jisr.MaxAttachmentName {
		return nil, jisr.Invalid("name", "a file name of 1 to %d characters is required", jisr.MaxAttachmentName)
	}
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	if _, _, err := mime.ParseMediaType(mediaType); err != nil {
		return nil, jisr.Invalid("media_type", "is not a media type such as image/jpeg")
	}
	// Check access before reading the body.
	cur, _, err := load(ctx, s.db, p, recordID)
	if err == nil {
		err = policy.CanUpdate(p, cur)
	}
	if err != nil {
		return nil, s.deny(ctx, p, jisr.ActAttach, recordID, name, err)
	}
	// Refuse under the reserve before taking anything, and never let the
	// file itself eat into the reserve.
	free := s.free(readerQ{ctx, s})
	if err := s.note(free); err != nil {
		return nil, err
	}
	limit := func(w io.Writer) io.Writer { return s.space.Limit(w, free) }
	blob, err := s.blobs.Put(body, MaxAttachment, limit, s.blobUsed)
	switch {
	case errors.Is(err, blobs.ErrInterrupted):
		return nil, jisr.Invalid("file", "could not be read: upload interrupted")
	case errors.Is(err, blobs.ErrTooLarge):
		return nil, jisr.Invalid("file", "is larger than %d MiB", MaxAttachment>>20)
	case errors.Is(err, blobs.ErrEmpty):
		return nil, jisr.Invalid("file", "is empty")
	case err != nil:
		// Our disk failed, not the client: a fault of the node, logged.
		return nil, s.classify(internal(err))
	}
	// Until the row commits, the blob is held: a failed write removes it
	// unless another attachment uses the same content.
	committed := false
	defer func() { blob.Done(committed) }()
	sum, n := blob.SHA256, blob.Size
	a := &jisr.Attachment{ID: newID(), Name: name, MediaType: mediaType, Size: n, SHA256: sum, CreatedBy: p.Username}
	err = s.write(ctx, func(tx *Tx) error {
		cur, seq, err := load(ctx, tx, p, recordID)
		if err == nil {
			err = policy.CanUpdate(p, cur)
		}
		if err != nil {
			return err
		}
		a.CreatedAt = tx.now
		if _, err := tx.Exec(`INSERT INTO attachments (id, seq, name, media_type, size, sha256, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)`,
			a.ID, seq, a.Name, a.MediaType, a.Size, a.SHA256, tx.now.UnixNano(), a.CreatedBy); err != nil {
			return jisr.Internal(err)
		}
		if tx.room != nil {
			return tx.room
		}
		tx.wrote = true
		return tx.audit(p, jisr.ActAttach, recordID, fmt.Sprintf("attachment=%s sha256=%s size=%d", a.ID, sum, n), outcomeOK)
	})
	if err != nil {
		return nil, err
	}
	committed = true
	return a, nil
}

func (s *Store) attachments(ctx context.Context, seq int64) ([]jisr.Attachment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, media_type, size, sha256, created_at, created_by FROM attachments WHERE seq = ? ORDER BY created_at`, seq)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []jisr.Attachment
	for rows.Next() {
		a, err := scanAttachment(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, *a)
	}
	return out, internal(rows.Err())
}

func scanAttachment(r scanner) (*jisr.Attachment, error) {
	var a jisr.Attachment
	var at int64
	if err := r.Scan(&a.ID, &a.Name, &a.MediaType, &a.Size, &a.SHA256, &at, &a.CreatedBy); err != nil {
		return nil, err
	}
	a.CreatedAt = time.Unix(0, at).UTC()
	return &a, nil
}

// Attachment implements jisr.RecordService.
func (s *Store) Attachment(ctx context.Context, p jisr.Principal, recordID, attachmentID string) (*jisr.Attachment, io.ReadCloser, error) {
	_, seq, err := load(ctx, s.db, p, recordID)
	var a *jisr.Attachment
	if err == nil {
		a, err = scanAttachment(s.db.QueryRowContext(ctx, `SELECT id, name, media_type, size, sha256, created_at, created_by FROM attachments WHERE id = ? AND seq = ?`, attachmentID, seq))
		if errors.Is(err, sql.ErrNoRows) {
			err = jisr.Errorf(jisr.ENOTFOUND, "no attachment %s on record %s", attachmentID, recordID)
		}
	}
	if err != nil {
		return nil, nil, s.deny(ctx, p, jisr.ActAttachRead, recordID, "attachment="+attachmentID, internal(err))
	}
	f, err := s.blobs.Open(a.SHA256)
	if err != nil {
		return nil, nil, internal(err)
	}
	if err := s.auditRead(ctx, p, jisr.ActAttachRead, recordID, "attachment="+attachmentID, []int64{seq}); err != nil {
		f.Close()
		return nil, nil, err
	}
	return a, f, nil
}
