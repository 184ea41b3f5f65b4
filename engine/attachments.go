package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/blobs"
	"github.com/jisr-cell/jisr/policy"
)

// MaxAttachment is the largest attachment accepted.
const MaxAttachment = 64 << 20

// AddAttachment implements jisr.RecordService. The name and media type are
// checked and access asked of the policy before the body is read; the
// file is written and synced under its SHA-256 before the row that names
// it commits, and never into the space reserve.
func (e *Engine) AddAttachment(ctx context.Context, p jisr.Principal, recordID, name, mediaType string, body io.Reader) (*jisr.Attachment, error) {
	if err := jisr.CheckAttachmentName(name); err != nil {
		return nil, err
	}
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, "\\", "/")))
	if name == "" || name == "." || name == "/" || utf8.RuneCountInString(name) > jisr.MaxAttachmentName {
		return nil, jisr.Because("name", "file_name", strconv.Itoa(jisr.MaxAttachmentName))
	}
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	if _, _, err := mime.ParseMediaType(mediaType); err != nil {
		return nil, jisr.Because("media_type", "media_type")
	}
	// Check access before reading the body.
	cur, _, err := e.readable(ctx, p, recordID)
	if err == nil {
		err = policy.CanUpdate(p, cur)
	}
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActAttach, recordID, name, err)
	}
	// Refuse under the reserve before taking anything, and never let the
	// file itself eat into the reserve.
	limit, err := e.st.FileRoom(ctx)
	if err != nil {
		return nil, err
	}
	sum, n, done, err := e.st.PutFile(body, MaxAttachment, limit)
	switch {
	case errors.Is(err, blobs.ErrInterrupted):
		return nil, jisr.Because("file", "upload_interrupted")
	case errors.Is(err, blobs.ErrTooLarge):
		return nil, jisr.Because("file", "file_size", MaxAttachment>>20)
	case errors.Is(err, blobs.ErrEmpty):
		return nil, jisr.Because("file", "empty")
	case err != nil:
		return nil, err // the node's disk, not the client
	}
	// Until the row commits, the file is held: a failed write removes it
	// unless another attachment uses the same content.
	committed := false
	defer func() { done(committed) }()
	a := &jisr.Attachment{ID: uuid.Must(uuid.NewV7()).String(), Name: name, MediaType: mediaType, Size: n, SHA256: sum, CreatedBy: p.Username}
	tokens := policy.Tokens(p)
	err = e.st.Write(ctx, func(tx Tx) error {
		cur, seq, err := tx.ReadableRecord(tokens, recordID)
		switch {
		case err != nil:
			return err
		case cur == nil || len(tokens) == 0:
			return jisr.Errorf(jisr.ENOTFOUND, "no record %s, or not one you may see", recordID)
		}
		if err := policy.CanUpdate(p, cur); err != nil {
			return err
		}
		a.CreatedAt = tx.Now()
		if err := tx.PutAttachment(seq, a); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActAttach, recordID, fmt.Sprintf("attachment=%s sha256=%s size=%d", a.ID, sum, n), OutcomeOK)
	})
	if err != nil {
		return nil, err
	}
	committed = true
	return a, nil
}

// Attachment implements jisr.RecordService: an attachment of a record the
// caller may read, audited with the record as a read.
func (e *Engine) Attachment(ctx context.Context, p jisr.Principal, recordID, attachmentID string) (*jisr.Attachment, io.ReadCloser, error) {
	_, seq, err := e.readable(ctx, p, recordID)
	var a *jisr.Attachment
	if err == nil {
		a, err = e.st.RecordAttachment(ctx, seq, attachmentID)
		if err == nil && a == nil {
			err = jisr.Errorf(jisr.ENOTFOUND, "no attachment %s on record %s", attachmentID, recordID)
		}
	}
	if err != nil {
		return nil, nil, e.deny(ctx, p, jisr.ActAttachRead, recordID, "attachment="+attachmentID, err)
	}
	f, err := e.st.OpenFile(a.SHA256)
	if err != nil {
		return nil, nil, jisr.Internal(err)
	}
	if err := e.auditRead(ctx, p, jisr.ActAttachRead, recordID, "attachment="+attachmentID, []int64{seq}); err != nil {
		f.Close()
		return nil, nil, err
	}
	return a, f, nil
}
