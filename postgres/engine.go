package postgres

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/keys"
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
	return tx.auditReads(p, action, object, detail, outcome, nil)
}

// AuditReads implements engine.TxCore.
func (tx *Tx) AuditReads(p jisr.Principal, action, object, detail, outcome string, seqs []int64) error {
	return tx.auditReads(p, action, object, detail, outcome, seqs)
}

// AfterCommit implements engine.TxCore.
func (tx *Tx) AfterCommit(f func()) { tx.after = append(tx.after, f) }

// Cursors implements engine.RecordStore.
func (s *Store) Cursors() *cursor.Codec { return s.cursors }

// KeyedText implements engine.RecordStore.
func (s *Store) KeyedText(v string) string { return s.hasher.Text(v) }

// KeyedNode implements engine.RecordStore.
func (s *Store) KeyedNode(node string) string { return s.hasher.Node(node) }

// NodeKeys implements engine.RecordStore.
func (s *Store) NodeKeys() *keys.Node { return s.keys }

// Derive returns a key derived from the node key (keys.Node.Derive), for
// the engine's options (engine.WithTOTPKey).
func (s *Store) Derive(info string, size int) ([]byte, error) {
	return s.keys.Derive(info, size)
}
