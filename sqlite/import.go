package sqlite

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/keys"
)

// What an import needs of the store besides putting records (the import
// loop is the engine's: engine/import.go).

// ExternalIDTaken implements engine.RecordTx.
func (tx *Tx) ExternalIDTaken(agency, externalID string) (bool, error) {
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM records WHERE originator = ? AND external_id = ?`, agency, externalID).Scan(&n); err != nil {
		return false, jisr.Internal(err)
	}
	return n > 0, nil
}

// ExternalIDExists implements engine.RecordStore.
func (s *Store) ExternalIDExists(ctx context.Context, agency, externalID string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE originator = ? AND external_id = ?`, agency, externalID).Scan(&n); err != nil {
		return false, internal(err)
	}
	return n > 0, nil
}

// CheckRoom implements engine.RecordTx.
func (tx *Tx) CheckRoom() error { return tx.checkRoom() }

// Flush implements engine.RecordTx.
func (tx *Tx) Flush() error { return tx.flushFTS() }

// Room implements engine.RecordStore.
func (s *Store) Room(ctx context.Context) error { return s.note(s.free(readerQ{ctx, s})) }

// NodeKeys implements engine.RecordStore.
func (s *Store) NodeKeys() *keys.Node { return s.keys }
