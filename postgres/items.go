package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Workflow items kept as documents (issue 11): SQL only. The rules are in
// package engine (operations.go, outcomes.go, disclosures.go).

var (
	_ engine.ItemStore = (*Store)(nil)
	_ engine.ItemTx    = (*Tx)(nil)
)

const itemCols = `pos, id, kind, body, version`

func queryItems(ctx context.Context, q querier, query string, args ...any) ([]*engine.ItemRow, error) {
	rs, err := q.Query(ctx, query, args...)
	out, err := collect(rs, err, func(r pgx.Rows) (*engine.ItemRow, error) {
		row := &engine.ItemRow{}
		return row, r.Scan(&row.Pos, &row.ID, &row.Kind, &row.Body, &row.Version)
	})
	if err != nil {
		return nil, err
	}
	for _, row := range out {
		rs, err := q.Query(ctx, `SELECT seq FROM item_records WHERE pos = $1 ORDER BY seq`, row.Pos)
		if row.Seqs, err = collect(rs, err, func(r pgx.Rows) (int64, error) { var q int64; return q, r.Scan(&q) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ItemList implements engine.ItemStore.
func (s *Store) ItemList(ctx context.Context, kind, agency string, before int64, limit int) ([]*engine.ItemRow, error) {
	if agency == "" {
		return queryItems(ctx, s.pool, `SELECT `+itemCols+` FROM items WHERE kind = $1 AND pos < $2 ORDER BY pos DESC LIMIT $3`, kind, before, limit)
	}
	return queryItems(ctx, s.pool, `SELECT `+itemCols+` FROM items WHERE kind = $1 AND pos IN (SELECT pos FROM item_agencies WHERE agency = $2 AND pos < $3)
		ORDER BY pos DESC LIMIT $4`, kind, agency, before, limit)
}

func (tx *Tx) itemLinks(pos int64, agencies []string, seqs []int64) error {
	if _, err := tx.exec(`DELETE FROM item_agencies WHERE pos = $1`, pos); err != nil {
		return internal(err)
	}
	if _, err := tx.exec(`DELETE FROM item_records WHERE pos = $1`, pos); err != nil {
		return internal(err)
	}
	if len(agencies) > 0 {
		if _, err := tx.exec(`INSERT INTO item_agencies (pos, agency) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, pos, agencies); err != nil {
			return internal(err)
		}
	}
	if len(seqs) > 0 {
		if _, err := tx.exec(`INSERT INTO item_records (pos, seq) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, pos, seqs); err != nil {
			return internal(err)
		}
	}
	return nil
}

// InsertItem implements engine.ItemTx.
func (tx *Tx) InsertItem(kind, id string, body []byte, agencies []string, seqs []int64) (int64, error) {
	var pos int64
	if err := tx.queryRow(`INSERT INTO items (id, kind, body, created_at, updated_at) VALUES ($1,$2,$3,$4,$4) RETURNING pos`, id, kind, body, nanos(tx.now)).Scan(&pos); err != nil {
		return 0, internal(err)
	}
	return pos, tx.itemLinks(pos, agencies, seqs)
}

// ItemByID implements engine.ItemTx.
func (tx *Tx) ItemByID(kind, id string) (*engine.ItemRow, error) {
	rows, err := queryItems(tx.ctx, tx.tx, `SELECT `+itemCols+` FROM items WHERE kind = $1 AND id = $2`, kind, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no %s %s, or not one you may see", kind, id)
	}
	return rows[0], nil
}

// UpdateItem implements engine.ItemTx.
func (tx *Tx) UpdateItem(pos int64, body []byte, agencies []string, seqs []int64) error {
	res, err := tx.exec(`UPDATE items SET body = $1, version = version + 1, updated_at = $2 WHERE pos = $3`, body, nanos(tx.now), pos)
	if err != nil {
		return internal(err)
	}
	if res.RowsAffected() != 1 {
		return jisr.Internal(errors.New("item not found"))
	}
	return tx.itemLinks(pos, agencies, seqs)
}

// ItemsLinking implements engine.ItemTx.
func (tx *Tx) ItemsLinking(kind string, seq int64) ([]*engine.ItemRow, error) {
	return queryItems(tx.ctx, tx.tx, `SELECT `+itemCols+` FROM items WHERE kind = $1 AND pos IN (SELECT pos FROM item_records WHERE seq = $2) ORDER BY pos`, kind, seq)
}
