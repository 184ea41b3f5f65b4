package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
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

// GraphRecords implements engine.RecordStore: one statement for the whole
// frontier, the audience filter applied to the records and so to the keys.
func (s *Store) GraphRecords(ctx context.Context, tokens []string, ids []string, limit int) (map[string]engine.GraphRecord, error) {
	out := map[string]engine.GraphRecord{}
	if len(ids) == 0 || len(tokens) == 0 {
		return out, nil
	}
	a := args{ids}
	cond := visible(&a, tokens)
	rows, err := s.pool.Query(ctx, `WITH g AS (SELECT r.seq, r.id, r.body FROM records r WHERE r.id = ANY($1::text[]) AND `+cond+`)
		SELECT seq, 0::bigint, id, body FROM g
		UNION ALL
		SELECT seq, rn, key, NULL FROM (SELECT sp.seq, k.key, ROW_NUMBER() OVER (PARTITION BY sp.seq ORDER BY sp.key_id) AS rn
			FROM selector_postings sp JOIN selector_keys k ON k.id = sp.key_id
			WHERE sp.seq IN (SELECT seq FROM g) AND k.key NOT LIKE 'coordcell:%' AND k.key NOT LIKE '%:*:%') x
		WHERE rn <= `+a.p(limit)+`
		ORDER BY 1, 2`, a...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	bySeq := map[int64]string{}
	for rows.Next() {
		var seq, rn int64
		var text string
		var body []byte
		if err := rows.Scan(&seq, &rn, &text, &body); err != nil {
			return nil, internal(err)
		}
		if rn == 0 {
			r, err := decodeBody(body)
			if err != nil {
				return nil, internal(err)
			}
			bySeq[seq] = text
			out[text] = engine.GraphRecord{Seq: seq, Record: r}
			continue
		}
		id := bySeq[seq]
		gr := out[id]
		gr.Keys = append(gr.Keys, text)
		out[id] = gr
	}
	return out, internal(rows.Err())
}

// ReadableHoldersOf implements engine.RecordStore: one statement for all
// keys, the first limit readable holders of each numbered by a window.
func (s *Store) ReadableHoldersOf(ctx context.Context, tokens []string, keys []string, limit int) (map[string][]*jisr.Record, error) {
	out := map[string][]*jisr.Record{}
	if len(keys) == 0 || len(tokens) == 0 {
		return out, nil
	}
	byID := make(map[int64]string, len(keys))
	ids := make([]int64, 0, len(keys))
	for _, k := range keys {
		id := keyID(k)
		if _, ok := byID[id]; !ok {
			byID[id] = k
			ids = append(ids, id)
		}
	}
	a := args{ids}
	cond := visible(&a, tokens)
	rows, err := s.pool.Query(ctx, `SELECT x.key_id, x.seq, r.body FROM (
			SELECT sp.key_id, sp.seq, ROW_NUMBER() OVER (PARTITION BY sp.key_id ORDER BY sp.seq DESC) AS rn
			FROM selector_postings sp JOIN records r ON r.seq = sp.seq
			WHERE sp.key_id = ANY($1::bigint[]) AND `+cond+`) x
		JOIN records r ON r.seq = x.seq WHERE x.rn <= `+a.p(limit)+` ORDER BY x.key_id, x.seq DESC`, a...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	decoded := map[int64]*jisr.Record{}
	for rows.Next() {
		var id, seq int64
		var body []byte
		if err := rows.Scan(&id, &seq, &body); err != nil {
			return nil, internal(err)
		}
		r := decoded[seq]
		if r == nil {
			if r, err = decodeBody(body); err != nil {
				return nil, internal(err)
			}
			decoded[seq] = r
		}
		out[byID[id]] = append(out[byID[id]], r)
	}
	return out, internal(rows.Err())
}
