package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Lookouts (issue 11): SQL only. The rules are in package engine
// (lookouts.go); who may do what is decided in package policy.

var (
	_ engine.LookoutStore = (*Store)(nil)
	_ engine.LookoutTx    = (*Tx)(nil)
)

const lookoutCols = `pos, id, type, value, note, from_agency, created_by, created_at, expires, state, ended_at, ended_by, version`

func queryLookouts(ctx context.Context, q queryer, query string, args ...any) ([]*engine.LookoutRow, error) {
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, internal(err)
	}
	var out []*engine.LookoutRow
	for rs.Next() {
		l := &jisr.Lookout{}
		row := &engine.LookoutRow{Lookout: l}
		var created, expires int64
		var ended sql.NullInt64
		if err := rs.Scan(&row.Pos, &l.ID, &l.Type, &l.Value, &l.Note, &l.From, &l.CreatedBy, &created, &expires, &l.State, &ended, &l.EndedBy, &l.Version); err != nil {
			rs.Close()
			return nil, internal(err)
		}
		l.CreatedAt, l.Expires, l.EndedAt = time.Unix(0, created).UTC(), time.Unix(0, expires).UTC(), fromNanos(ended)
		out = append(out, row)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, internal(err)
	}
	for _, row := range out {
		l := row.Lookout
		l.To = []string{}
		rs, err := q.QueryContext(ctx, `SELECT agency FROM lookout_to WHERE pos = ? ORDER BY i`, row.Pos)
		if err != nil {
			return nil, internal(err)
		}
		for rs.Next() {
			var a string
			if err := rs.Scan(&a); err != nil {
				rs.Close()
				return nil, internal(err)
			}
			l.To = append(l.To, a)
		}
		rs.Close()
		if err := q.QueryRowContext(ctx, `SELECT coalesce(min(key), '') FROM lookout_keys WHERE pos = ?`, row.Pos).Scan(&l.Key); err != nil {
			return nil, internal(err)
		}
	}
	return out, nil
}

// LookoutList implements engine.LookoutStore.
func (s *Store) LookoutList(ctx context.Context, agency, box, state string, before int64, limit int) ([]*engine.LookoutRow, error) {
	var where string
	var args []any
	switch box {
	case jisr.BoxSent:
		where, args = `from_agency = ? AND pos < ?`, []any{agency, before}
	case jisr.BoxReceived:
		where, args = `pos IN (SELECT pos FROM lookout_to WHERE agency = ? AND pos < ?)`, []any{agency, before}
	default:
		where, args = `pos IN (SELECT pos FROM lookouts WHERE from_agency = ? AND pos < ? UNION SELECT pos FROM lookout_to WHERE agency = ? AND pos < ?)`,
			[]any{agency, before, agency, before}
	}
	if state != "" {
		where += ` AND state = ?`
		args = append(args, state)
	}
	return queryLookouts(ctx, s.db, `SELECT `+lookoutCols+` FROM lookouts WHERE `+where+` ORDER BY pos DESC LIMIT ?`, append(args, limit)...)
}

// LookoutsEnding implements engine.LookoutStore.
func (s *Store) LookoutsEnding(ctx context.Context, now time.Time, limit int) ([]*engine.LookoutRow, error) {
	return queryLookouts(ctx, s.db, `SELECT `+lookoutCols+` FROM lookouts WHERE state = 'active' AND expires <= ? ORDER BY expires LIMIT ?`, nanos(now), limit)
}

// ActivePersonLookouts implements engine.LookoutStore.
func (s *Store) ActivePersonLookouts(ctx context.Context) ([]*engine.LookoutRow, error) {
	return queryLookouts(ctx, s.db, `SELECT `+lookoutCols+` FROM lookouts WHERE state = 'active' AND type = ?`, jisr.LookPerson)
}

// InsertLookout implements engine.LookoutTx.
func (tx *Tx) InsertLookout(l *jisr.Lookout, keys []string) (int64, error) {
	res, err := tx.Exec(`INSERT INTO lookouts (id, type, value, note, from_agency, created_by, created_at, expires, state) VALUES (?,?,?,?,?,?,?,?,?)`,
		l.ID, l.Type, l.Value, l.Note, l.From, l.CreatedBy, nanos(l.CreatedAt), nanos(l.Expires), l.State)
	if err != nil {
		return 0, internal(err)
	}
	pos, _ := res.LastInsertId()
	for i, a := range l.To {
		if _, err := tx.Exec(`INSERT INTO lookout_to (pos, agency, i) VALUES (?,?,?)`, pos, a, i); err != nil {
			return 0, internal(err)
		}
	}
	for _, k := range keys {
		if _, err := tx.Exec(`INSERT OR IGNORE INTO lookout_keys (key, pos) VALUES (?,?)`, k, pos); err != nil {
			return 0, internal(err)
		}
	}
	return pos, nil
}

// LookoutByID implements engine.LookoutTx.
func (tx *Tx) LookoutByID(id string) (*engine.LookoutRow, error) {
	rows, err := queryLookouts(context.Background(), txq{tx.Tx}, `SELECT `+lookoutCols+` FROM lookouts WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no lookout %s, or not one you may see", id)
	}
	return rows[0], nil
}

// EndLookout implements engine.LookoutTx.
func (tx *Tx) EndLookout(pos int64, state, by string) error {
	res, err := tx.Exec(`UPDATE lookouts SET state = ?, ended_at = ?, ended_by = ?, version = version + 1 WHERE pos = ?`, state, nanos(tx.now), by, pos)
	if err != nil {
		return internal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return jisr.Internal(errors.New("lookout not found"))
	}
	return nil
}

// LookoutsByKeys implements engine.LookoutTx.
func (tx *Tx) LookoutsByKeys(keys []string) ([]*engine.LookoutRow, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(keys)+1)
	for _, k := range keys {
		args = append(args, k)
	}
	args = append(args, nanos(tx.now))
	return queryLookouts(context.Background(), txq{tx.Tx}, `SELECT `+lookoutCols+` FROM lookouts WHERE pos IN (SELECT pos FROM lookout_keys WHERE key IN (`+
		placeholders(len(keys))+`)) AND state = 'active' AND expires > ? ORDER BY pos`, args...)
}

// AddLookoutMatch implements engine.LookoutTx.
func (tx *Tx) AddLookoutMatch(pos, seq int64, agency, why string) (bool, error) {
	res, err := tx.Exec(`INSERT OR IGNORE INTO lookout_matches (pos, seq, agency, why, at) VALUES (?,?,?,?,?)`, pos, seq, agency, why, nanos(tx.now))
	if err != nil {
		return false, internal(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// LookoutMatchRows implements engine.LookoutTx.
func (tx *Tx) LookoutMatchRows(pos int64) ([]engine.LookoutMatchRow, error) {
	rs, err := tx.Query(`SELECT seq, agency, why, at FROM lookout_matches WHERE pos = ? ORDER BY at, seq`, pos)
	if err != nil {
		return nil, internal(err)
	}
	defer rs.Close()
	var out []engine.LookoutMatchRow
	for rs.Next() {
		var m engine.LookoutMatchRow
		var at int64
		if err := rs.Scan(&m.Seq, &m.Agency, &m.Why, &at); err != nil {
			return nil, internal(err)
		}
		m.At = time.Unix(0, at).UTC()
		out = append(out, m)
	}
	return out, internal(rs.Err())
}
