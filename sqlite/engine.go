package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/engine"
)

// The store as package engine sees it (engine.Store, engine.Tx).
var (
	_ engine.Store = (*Store)(nil)
	_ engine.Tx    = (*Tx)(nil)
)

// Write implements engine.StoreCore.
func (s *Store) Write(ctx context.Context, fn func(engine.Tx) error) error {
	return s.write(ctx, func(tx *Tx) error { return fn(tx) })
}

// WriteAlone implements engine.StoreCore.
func (s *Store) WriteAlone(ctx context.Context, fn func(engine.Tx) error) error {
	return s.writeAlone(ctx, func(tx *Tx) error { return fn(tx) })
}

// Audit implements engine.TxCore.
func (tx *Tx) Audit(p jisr.Principal, action, object, detail, outcome string) error {
	return tx.audit(p, action, object, detail, outcome)
}

// AuditReads implements engine.TxCore.
func (tx *Tx) AuditReads(p jisr.Principal, action, object, detail, outcome string, seqs []int64) error {
	return tx.auditReads(p, action, object, detail, outcome, seqs)
}

// AfterCommit implements engine.TxCore.
func (tx *Tx) AfterCommit(f func()) { tx.after = append(tx.after, f) }

// ReadableRecord implements engine.RecordStore.
func (s *Store) ReadableRecord(ctx context.Context, tokens []string, id string) (*jisr.Record, int64, error) {
	cond, args := visible(tokens)
	var seq int64
	var body []byte
	err := s.db.QueryRowContext(ctx, `SELECT r.seq, r.body FROM records r WHERE r.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&seq, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, internal(err)
	}
	r, err := decodeBody(body)
	if err != nil {
		return nil, 0, internal(err)
	}
	return r, seq, nil
}

// SeqsOf implements engine.RecordStore.
func (s *Store) SeqsOf(ctx context.Context, ids []string) ([]int64, error) { return s.seqsOf(ctx, ids) }

// Cursors implements engine.RecordStore.
func (s *Store) Cursors() *cursor.Codec { return s.cursors }

// KeyedText implements engine.RecordStore.
func (s *Store) KeyedText(v string) string { return s.keyedText(v) }

// KeyedNode implements engine.RecordStore.
func (s *Store) KeyedNode(node string) string { return s.keyedNode(node) }
