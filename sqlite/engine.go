package sqlite

import (
	"context"

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
	return readable(ctx, s.db, tokens, id)
}

// SeqsOf implements engine.RecordStore.
func (s *Store) SeqsOf(ctx context.Context, ids []string) ([]int64, error) { return s.seqsOf(ctx, ids) }

// Cursors implements engine.RecordStore.
func (s *Store) Cursors() *cursor.Codec { return s.cursors }

// KeyedText implements engine.RecordStore.
func (s *Store) KeyedText(v string) string { return s.keyedText(v) }

// KeyedNode implements engine.RecordStore.
func (s *Store) KeyedNode(node string) string { return s.keyedNode(node) }
