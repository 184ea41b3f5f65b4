package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/blobs"
)

// Attachments: the rules are the engine's (engine/attachments.go), the
// files package blobs'; the store holds the rows and hands out the room.

// FileRoom implements engine.AttachmentStore.
func (s *Store) FileRoom(ctx context.Context) (func(io.Writer) io.Writer, error) {
	free := s.free(readerQ{ctx, s})
	if err := s.note(free); err != nil {
		return nil, err
	}
	return func(w io.Writer) io.Writer { return s.space.Limit(w, free) }, nil
}

// PutFile implements engine.AttachmentStore.
func (s *Store) PutFile(r io.Reader, max int64, limit func(io.Writer) io.Writer) (string, int64, func(bool), error) {
	b, err := s.blobs.Put(r, max, limit, s.blobUsed)
	switch {
	case errors.Is(err, blobs.ErrInterrupted), errors.Is(err, blobs.ErrTooLarge), errors.Is(err, blobs.ErrEmpty):
		return "", 0, nil, err
	case err != nil:
		// Our disk failed, not the client: a fault of the node, logged.
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
	if _, err := tx.Exec(`INSERT INTO attachments (id, seq, name, media_type, size, sha256, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)`,
		a.ID, seq, a.Name, a.MediaType, a.Size, a.SHA256, a.CreatedAt.UnixNano(), a.CreatedBy); err != nil {
		return jisr.Internal(err)
	}
	if tx.room != nil {
		return tx.room
	}
	tx.wrote = true
	return nil
}

// ReadableRecord implements engine.AttachmentTx: the record id and its
// seq if it is in an audience of tokens; nil otherwise.
func (tx *Tx) ReadableRecord(tokens []string, id string) (*jisr.Record, int64, error) {
	cond, args := visible(tokens)
	var seq int64
	var body []byte
	err := tx.QueryRow(`SELECT r.seq, r.body FROM records r WHERE r.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&seq, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, internal(err)
	}
	r, err := decodeBody(body)
	return r, seq, internal(err)
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

// RecordAttachment implements engine.AttachmentStore.
func (s *Store) RecordAttachment(ctx context.Context, seq int64, id string) (*jisr.Attachment, error) {
	a, err := scanAttachment(s.db.QueryRowContext(ctx, `SELECT id, name, media_type, size, sha256, created_at, created_by FROM attachments WHERE id = ? AND seq = ?`, id, seq))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return a, internal(err)
}
