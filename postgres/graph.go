package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
)

// SelectorKeysOf implements engine.RecordStore.
func (s *Store) SelectorKeysOf(ctx context.Context, seq int64, limit int) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT k.key FROM selector_postings sp JOIN selector_keys k ON k.id = sp.key_id
		WHERE sp.seq = $1 AND k.key NOT LIKE 'coordcell:%' AND k.key NOT LIKE '%:*:%' ORDER BY sp.key_id LIMIT $2`, seq, limit)
	return collect(rows, err, func(r pgx.Rows) (string, error) { var k string; return k, r.Scan(&k) })
}

// ReadableHolders implements engine.RecordStore.
func (s *Store) ReadableHolders(ctx context.Context, tokens []string, key string, limit int) ([]*jisr.Record, error) {
	a := args{keyID(key)}
	cond := visible(&a, tokens)
	rows, err := s.pool.Query(ctx, `SELECT r.body FROM selector_postings sp JOIN records r ON r.seq = sp.seq
		WHERE sp.key_id = $1 AND `+cond+` ORDER BY r.seq DESC LIMIT `+a.p(limit), a...)
	return collect(rows, err, func(r pgx.Rows) (*jisr.Record, error) {
		var body []byte
		if err := r.Scan(&body); err != nil {
			return nil, err
		}
		return decodeBody(body)
	})
}
