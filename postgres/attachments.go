package postgres

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/blobs"
)

// Attachments: the rules are the engine's (engine/attachments.go), the
// files package blobs' (in the data folder every process shares); the
// store holds the rows and hands out the room.

// PutFile implements engine.AttachmentStore.
func (s *Store) PutFile(r io.Reader, max int64, limit func(io.Writer) io.Writer) (string, int64, func(bool), error) {
	b, err := s.blobs.Put(r, max, limit, s.blobUsed)
	switch {
	case errors.Is(err, blobs.ErrInterrupted), errors.Is(err, blobs.ErrTooLarge), errors.Is(err, blobs.ErrEmpty):
		return "", 0, nil, err
	case err != nil:
		return "", 0, nil, s.classify(internal(err))
	}
	return b.SHA256, b.Size, b.Done, nil
}

// OpenFile implements engine.AttachmentStore.
func (s *Store) OpenFile(sum string) (io.ReadCloser, error) {
	f, err := s.blobs.Open(sum)
	return f, internal(err)
}

// PutAttachment implements engine.AttachmentTx.
func (tx *Tx) PutAttachment(seq int64, a *jisr.Attachment) error {
	if _, err := tx.exec(`INSERT INTO attachments (id, seq, name, media_type, size, sha256, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
		a.ID, seq, a.Name, a.MediaType, a.Size, a.SHA256, a.CreatedAt.UnixNano(), a.CreatedBy); err != nil {
		return internal(err)
	}
	if tx.room != nil {
		return tx.room
	}
	tx.wrote = true
	return nil
}

const attachmentCols = `id, name, media_type, size, sha256, created_at, created_by`

func scanAttachment(r pgx.Row) (*jisr.Attachment, error) {
	var a jisr.Attachment
	var at int64
	if err := r.Scan(&a.ID, &a.Name, &a.MediaType, &a.Size, &a.SHA256, &at, &a.CreatedBy); err != nil {
		return nil, err
	}
	a.CreatedAt = time.Unix(0, at).UTC()
	return &a, nil
}

// RecordAttachments implements engine.RecordStore.
func (s *Store) RecordAttachments(ctx context.Context, seq int64) ([]jisr.Attachment, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE seq = $1 ORDER BY created_at, id`, seq)
	return collect(rows, err, func(r pgx.Rows) (jisr.Attachment, error) {
		a, err := scanAttachment(r)
		if err != nil {
			return jisr.Attachment{}, err
		}
		return *a, nil
	})
}

// RecordAttachment implements engine.AttachmentStore.
func (s *Store) RecordAttachment(ctx context.Context, seq int64, id string) (*jisr.Attachment, error) {
	a, err := scanAttachment(s.pool.QueryRow(ctx, `SELECT `+attachmentCols+` FROM attachments WHERE id = $1 AND seq = $2`, id, seq))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return a, internal(err)
}
