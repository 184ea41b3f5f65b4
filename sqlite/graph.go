package sqlite

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// SelectorKeysOf implements engine.RecordStore.
func (s *Store) SelectorKeysOf(ctx context.Context, seq int64, limit int) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT k.key FROM selector_postings sp JOIN selector_keys k ON k.id = sp.key_id
		WHERE sp.seq = ? AND k.key NOT LIKE 'coordcell:%' AND k.key NOT LIKE '%:*:%' LIMIT ?`, seq, limit)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var key string
		if err := rows.Scan(&key); err != nil {
			return nil, internal(err)
		}
		out = append(out, key)
	}
	return out, internal(rows.Err())
}

// ReadableHolders implements engine.RecordStore.
func (s *Store) ReadableHolders(ctx context.Context, tokens []string, key string, limit int) ([]*jisr.Record, error) {
	cond, args := visible(tokens)
	rows, err := s.db.QueryContext(ctx, `SELECT r.body FROM selector_postings sp JOIN records r ON r.seq = sp.seq
		WHERE sp.key_id = ? AND `+cond+` ORDER BY r.seq DESC LIMIT ?`, append(append([]any{keyID(key)}, args...), limit)...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []*jisr.Record
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return nil, internal(err)
		}
		r, err := decodeBody(body)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, r)
	}
	return out, internal(rows.Err())
}
