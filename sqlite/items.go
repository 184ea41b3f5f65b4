package sqlite

import (
	"context"
	"errors"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Workflow items kept as documents (issue 11): SQL only. The rules are in
// package engine (operations.go, outcomes.go, disclosures.go).

var (
	_ engine.ItemStore = (*Store)(nil)
	_ engine.ItemTx    = (*Tx)(nil)
)

func queryItems(ctx context.Context, q queryer, query string, args ...any) ([]*engine.ItemRow, error) {
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, internal(err)
	}
	var out []*engine.ItemRow
	for rs.Next() {
		row := &engine.ItemRow{}
		if err := rs.Scan(&row.Pos, &row.ID, &row.Kind, &row.Body, &row.Version); err != nil {
			rs.Close()
			return nil, internal(err)
		}
		out = append(out, row)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, internal(err)
	}
	for _, row := range out {
		rs, err := q.QueryContext(ctx, `SELECT seq FROM item_records WHERE pos = ? ORDER BY seq`, row.Pos)
		if err != nil {
			return nil, internal(err)
		}
		for rs.Next() {
			var seq int64
			if err := rs.Scan(&seq); err != nil {
				rs.Close()
				return nil, internal(err)
			}
			row.Seqs = append(row.Seqs, seq)
		}
		rs.Close()
	}
	return out, nil
}

const itemCols = `pos, id, kind, body, version`

// ItemList implements engine.ItemStore.
func (s *Store) ItemList(ctx context.Context, kind, agency string, before int64, limit int) ([]*engine.ItemRow, error) {
	if agency == "" {
		return queryItems(ctx, s.db, `SELECT `+itemCols+` FROM items WHERE kind = ? AND pos < ? ORDER BY pos DESC LIMIT ?`, kind, before, limit)
	}
	return queryItems(ctx, s.db, `SELECT `+itemCols+` FROM items WHERE kind = ? AND pos IN (SELECT pos FROM item_agencies WHERE agency = ? AND pos < ?)
		ORDER BY pos DESC LIMIT ?`, kind, agency, before, limit)
}

func (tx *Tx) itemLinks(pos int64, agencies []string, seqs []int64) error {
	if _, err := tx.Exec(`DELETE FROM item_agencies WHERE pos = ?`, pos); err != nil {
		return internal(err)
	}
	if _, err := tx.Exec(`DELETE FROM item_records WHERE pos = ?`, pos); err != nil {
		return internal(err)
	}
	for _, a := range agencies {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO item_agencies (pos, agency) VALUES (?,?)`, pos, a); err != nil {
			return internal(err)
		}
	}
	for _, seq := range seqs {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO item_records (pos, seq) VALUES (?,?)`, pos, seq); err != nil {
			return internal(err)
		}
	}
	return nil
}

// InsertItem implements engine.ItemTx.
func (tx *Tx) InsertItem(kind, id string, body []byte, agencies []string, seqs []int64) (int64, error) {
	res, err := tx.Exec(`INSERT INTO items (id, kind, body, created_at, updated_at) VALUES (?,?,?,?,?)`, id, kind, body, nanos(tx.now), nanos(tx.now))
	if err != nil {
		return 0, internal(err)
	}
	pos, _ := res.LastInsertId()
	return pos, tx.itemLinks(pos, agencies, seqs)
}

// ItemByID implements engine.ItemTx.
func (tx *Tx) ItemByID(kind, id string) (*engine.ItemRow, error) {
	rows, err := queryItems(context.Background(), txq{tx.Tx}, `SELECT `+itemCols+` FROM items WHERE kind = ? AND id = ?`, kind, id)
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
	res, err := tx.Exec(`UPDATE items SET body = ?, version = version + 1, updated_at = ? WHERE pos = ?`, body, nanos(tx.now), pos)
	if err != nil {
		return internal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return jisr.Internal(errors.New("item not found"))
	}
	return tx.itemLinks(pos, agencies, seqs)
}

// ItemsLinking implements engine.ItemTx.
func (tx *Tx) ItemsLinking(kind string, seq int64) ([]*engine.ItemRow, error) {
	return queryItems(context.Background(), txq{tx.Tx}, `SELECT `+itemCols+` FROM items WHERE kind = ? AND pos IN (SELECT pos FROM item_records WHERE seq = ?) ORDER BY pos`, kind, seq)
}
