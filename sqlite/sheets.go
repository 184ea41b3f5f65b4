package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// SheetMapping implements engine.SheetStore.
func (s *Store) SheetMapping(ctx context.Context, agency, signature string) ([]byte, error) {
	var b []byte
	err := s.db.QueryRowContext(ctx, `SELECT mapping FROM sheet_mappings WHERE agency = ? AND signature = ?`, agency, signature).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return b, internal(err)
}

// PutSheetMapping implements engine.SheetTx.
func (tx *Tx) PutSheetMapping(agency, signature string, mapping []byte) error {
	_, err := tx.Exec(`INSERT INTO sheet_mappings (agency, signature, mapping, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (agency, signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`, agency, signature, mapping, nanos(tx.now))
	return internal(err)
}
