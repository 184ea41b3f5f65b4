package sqlite

import (
	"context"

	"github.com/jisr-cell/jisr"
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
