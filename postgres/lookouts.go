package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

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

func queryLookouts(ctx context.Context, q querier, query string, args ...any) ([]*engine.LookoutRow, error) {
	rs, err := q.Query(ctx, query, args...)
	out, err := collect(rs, err, func(r pgx.Rows) (*engine.LookoutRow, error) {
		l := &jisr.Lookout{}
		row := &engine.LookoutRow{Lookout: l}
		var created, expires int64
		var ended *int64
		if err := r.Scan(&row.Pos, &l.ID, &l.Type, &l.Value, &l.Note, &l.From, &l.CreatedBy, &created, &expires, &l.State, &ended, &l.EndedBy, &l.Version); err != nil {
			return nil, err
		}
		l.CreatedAt, l.Expires, l.EndedAt = time.Unix(0, created).UTC(), time.Unix(0, expires).UTC(), fromNanos(ended)
		return row, nil
	})
	if err != nil {
		return nil, err
	}
	for _, row := range out {
		l := row.Lookout
		rs, err := q.Query(ctx, `SELECT agency FROM lookout_to WHERE pos = $1 ORDER BY i`, row.Pos)
		to, err := collect(rs, err, func(r pgx.Rows) (string, error) { var a string; return a, r.Scan(&a) })
		if err != nil {
			return nil, err
		}
		l.To = nonNil(to)
		if err := q.QueryRow(ctx, `SELECT coalesce(min(key), '') FROM lookout_keys WHERE pos = $1`, row.Pos).Scan(&l.Key); err != nil {
			return nil, internal(err)
		}
	}
	return out, nil
}

// LookoutList implements engine.LookoutStore.
func (s *Store) LookoutList(ctx context.Context, agency, box, state string, before int64, limit int) ([]*engine.LookoutRow, error) {
	var where string
	switch box {
	case jisr.BoxSent:
		where = `from_agency = $1 AND pos < $2`
	case jisr.BoxReceived:
		where = `pos IN (SELECT pos FROM lookout_to WHERE agency = $1 AND pos < $2)`
	default:
		where = `pos IN (SELECT pos FROM lookouts WHERE from_agency = $1 AND pos < $2 UNION SELECT pos FROM lookout_to WHERE agency = $1 AND pos < $2)`
	}
	a := args{agency, before}
	if state != "" {
		where += ` AND state = ` + a.p(state)
	}
	return queryLookouts(ctx, s.pool, `SELECT `+lookoutCols+` FROM lookouts WHERE `+where+` ORDER BY pos DESC LIMIT `+a.p(limit), a...)
}

// LookoutsEnding implements engine.LookoutStore.
func (s *Store) LookoutsEnding(ctx context.Context, now time.Time, limit int) ([]*engine.LookoutRow, error) {
	return queryLookouts(ctx, s.pool, `SELECT `+lookoutCols+` FROM lookouts WHERE state = 'active' AND expires <= $1 ORDER BY expires, pos LIMIT $2`, nanos(now), limit)
}

// ActivePersonLookouts implements engine.LookoutStore.
func (s *Store) ActivePersonLookouts(ctx context.Context) ([]*engine.LookoutRow, error) {
	return queryLookouts(ctx, s.pool, `SELECT `+lookoutCols+` FROM lookouts WHERE state = 'active' AND type = $1 ORDER BY pos`, jisr.LookPerson)
}

// InsertLookout implements engine.LookoutTx.
func (tx *Tx) InsertLookout(l *jisr.Lookout, keys []string) (int64, error) {
	var pos int64
	if err := tx.queryRow(`INSERT INTO lookouts (id, type, value, note, from_agency, created_by, created_at, expires, state) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING pos`,
		l.ID, l.Type, l.Value, l.Note, l.From, l.CreatedBy, nanos(l.CreatedAt), nanos(l.Expires), l.State).Scan(&pos); err != nil {
		return 0, internal(err)
	}
	tx.peer = append(tx.peer, peerRow{lookout: l.ID})
	for i, a := range l.To {
		if _, err := tx.exec(`INSERT INTO lookout_to (pos, agency, i) VALUES ($1,$2,$3)`, pos, a, i); err != nil {
			return 0, internal(err)
		}
	}
	for _, k := range keys {
		if _, err := tx.exec(`INSERT INTO lookout_keys (key, pos) VALUES ($1,$2) ON CONFLICT DO NOTHING`, k, pos); err != nil {
			return 0, internal(err)
		}
	}
	return pos, nil
}

// LookoutByID implements engine.LookoutTx.
func (tx *Tx) LookoutByID(id string) (*engine.LookoutRow, error) {
	rows, err := queryLookouts(tx.ctx, tx.tx, `SELECT `+lookoutCols+` FROM lookouts WHERE id = $1`, id)
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
	var id string
	err := tx.queryRow(`UPDATE lookouts SET state = $1, ended_at = $2, ended_by = $3, version = version + 1 WHERE pos = $4 RETURNING id`, state, nanos(tx.now), by, pos).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return jisr.Internal(errors.New("lookout not found"))
	}
	if err != nil {
		return internal(err)
	}
	tx.peer = append(tx.peer, peerRow{lookout: id})
	return nil
}

// LookoutsByKeys implements engine.LookoutTx.
func (tx *Tx) LookoutsByKeys(keys []string) ([]*engine.LookoutRow, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	return queryLookouts(tx.ctx, tx.tx, `SELECT `+lookoutCols+` FROM lookouts WHERE pos IN (SELECT pos FROM lookout_keys WHERE key = ANY($1::text[]))
		AND state = 'active' AND expires > $2 ORDER BY pos`, keys, nanos(tx.now))
}

// AddLookoutMatch implements engine.LookoutTx.
func (tx *Tx) AddLookoutMatch(pos, seq int64, agency, why string) (bool, error) {
	res, err := tx.exec(`INSERT INTO lookout_matches (pos, seq, agency, why, at) VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING`, pos, seq, agency, why, nanos(tx.now))
	if err != nil {
		return false, internal(err)
	}
	return res.RowsAffected() == 1, nil
}

// LookoutMatchRows implements engine.LookoutTx.
func (tx *Tx) LookoutMatchRows(pos int64) ([]engine.LookoutMatchRow, error) {
	rs, err := tx.query(`SELECT seq, agency, why, at FROM lookout_matches WHERE pos = $1 ORDER BY at, seq`, pos)
	return collect(rs, err, func(r pgx.Rows) (engine.LookoutMatchRow, error) {
		var m engine.LookoutMatchRow
		var at int64
		if err := r.Scan(&m.Seq, &m.Agency, &m.Why, &at); err != nil {
			return m, err
		}
		m.At = time.Unix(0, at).UTC()
		return m, nil
	})
}
