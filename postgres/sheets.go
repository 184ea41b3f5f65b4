package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
)

// SheetMapping implements engine.SheetStore.
func (s *Store) SheetMapping(ctx context.Context, agency, signature string) ([]byte, error) {
	var b []byte
	err := s.pool.QueryRow(ctx, `SELECT mapping FROM sheet_mappings WHERE agency = $1 AND signature = $2`, agency, signature).Scan(&b)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return b, internal(err)
}

// PutSheetMapping implements engine.SheetTx.
func (tx *Tx) PutSheetMapping(agency, signature string, mapping []byte) error {
	_, err := tx.exec(`INSERT INTO sheet_mappings (agency, signature, mapping, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (agency, signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`, agency, signature, mapping, nanos(tx.now))
	return internal(err)
}
