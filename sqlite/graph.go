package sqlite

import (
	"context"
	"encoding/json"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
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

// GraphRecords implements engine.RecordStore: one statement for the whole
// frontier, the audience filter applied to the records and so to the keys.
func (s *Store) GraphRecords(ctx context.Context, tokens []string, ids []string, limit int) (map[string]engine.GraphRecord, error) {
	out := map[string]engine.GraphRecord{}
	if len(ids) == 0 || len(tokens) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, internal(err)
	}
	cond, targs := visible(tokens)
	rows, err := s.db.QueryContext(ctx, `WITH g AS (SELECT r.seq, r.id, r.body FROM records r WHERE r.id IN (SELECT value FROM json_each(?)) AND `+cond+`)
		SELECT seq, 0, id, body FROM g
		UNION ALL
		SELECT seq, rn, key, NULL FROM (SELECT sp.seq, k.key, ROW_NUMBER() OVER (PARTITION BY sp.seq ORDER BY sp.key_id) AS rn
			FROM selector_postings sp JOIN selector_keys k ON k.id = sp.key_id
			WHERE sp.seq IN (SELECT seq FROM g) AND k.key NOT LIKE 'coordcell:%' AND k.key NOT LIKE '%:*:%')
		WHERE rn <= ?
		ORDER BY 1, 2`, append(append([]any{string(list)}, targs...), limit)...)
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
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, internal(err)
	}
	cond, targs := visible(tokens)
	rows, err := s.db.QueryContext(ctx, `SELECT x.key_id, x.seq, r.body FROM (
			SELECT sp.key_id, sp.seq, ROW_NUMBER() OVER (PARTITION BY sp.key_id ORDER BY sp.seq DESC) AS rn
			FROM selector_postings sp JOIN records r ON r.seq = sp.seq
			WHERE sp.key_id IN (SELECT value FROM json_each(?)) AND `+cond+`) x
		JOIN records r ON r.seq = x.seq WHERE x.rn <= ? ORDER BY x.key_id, x.seq DESC`, append(append([]any{string(list)}, targs...), limit)...)
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
