package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr/engine"
)

// The names of persons, companies and organisations (person_names) and
// name hits: the queries only. The name index and its worker are the engine's.

// EachName implements engine.HitStore.
func (s *Store) EachName(ctx context.Context, fn func(engine.NameRow) error) error {
	rows, err := s.pool.Query(ctx, `SELECT n.seq, n.entity, n.i, n.name, n.kind,
		coalesce((SELECT array_agg(token ORDER BY token) FROM record_audience a WHERE a.seq = n.seq), '{}')
		FROM person_names n ORDER BY n.seq, n.entity, n.i`)
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n engine.NameRow
		if err := rows.Scan(&n.Seq, &n.Entity, &n.I, &n.Name, &n.Schema, &n.Audience); err != nil {
			return internal(err)
		}
		if len(n.Audience) == 0 {
			n.Audience = nil
		}
		if err := fn(n); err != nil {
			return err
		}
	}
	return internal(rows.Err())
}

// NamesOf returns the stored names of the records seqs, as EachName does
// (another process wrote them; see listen.go).
func (s *Store) NamesOf(ctx context.Context, seqs []int64) ([]engine.NameRow, error) {
	rows, err := s.pool.Query(ctx, `SELECT n.seq, n.entity, n.i, n.name, n.kind,
		coalesce((SELECT array_agg(token ORDER BY token) FROM record_audience a WHERE a.seq = n.seq), '{}')
		FROM person_names n WHERE n.seq = ANY($1::bigint[]) ORDER BY n.seq, n.entity, n.i`, seqs)
	return collect(rows, err, func(r pgx.Rows) (engine.NameRow, error) {
		var n engine.NameRow
		err := r.Scan(&n.Seq, &n.Entity, &n.I, &n.Name, &n.Schema, &n.Audience)
		if len(n.Audience) == 0 {
			n.Audience = nil
		}
		return n, err
	})
}

// PutNames implements engine.HitTx.
func (tx *Tx) PutNames(seq int64, names []engine.PersonName, update bool) ([]engine.PersonName, error) {
	var old []engine.PersonName
	if update {
		rows, err := tx.query(`SELECT entity, i, kind FROM person_names WHERE seq = $1 ORDER BY entity, i`, seq)
		old, err = collect(rows, err, func(r pgx.Rows) (engine.PersonName, error) {
			var n engine.PersonName
			return n, r.Scan(&n.Entity, &n.I, &n.Schema)
		})
		if err != nil {
			return nil, err
		}
		if _, err := tx.exec(`DELETE FROM person_names WHERE seq = $1`, seq); err != nil {
			return nil, internal(err)
		}
	}
	tx.peer = append(tx.peer, peerRow{seq: seq, old: old})
	if len(names) == 0 {
		return old, nil
	}
	var b pgx.Batch
	for _, n := range names {
		b.Queue(`INSERT INTO person_names (seq, entity, i, name, kind) VALUES ($1,$2,$3,$4,$5)`, seq, n.Entity, n.I, n.Name, n.Schema)
	}
	if err := tx.tx.SendBatch(tx.ctx, &b).Close(); err != nil {
		return nil, internal(err)
	}
	return old, nil
}

// PersonNamesOf implements engine.HitStore.
func (s *Store) PersonNamesOf(ctx context.Context, seq int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT name FROM person_names WHERE seq = $1 AND kind = 'Person' ORDER BY entity, i`, seq)
	return collect(rows, err, func(r pgx.Rows) (string, error) { var n string; return n, r.Scan(&n) })
}

// SeqsWithPersons implements engine.HitStore.
func (s *Store) SeqsWithPersons(ctx context.Context) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT seq FROM person_names WHERE kind = 'Person' ORDER BY seq`)
	return collect(rows, err, func(r pgx.Rows) (int64, error) { var q int64; return q, r.Scan(&q) })
}

// DeleteNameHitsBut implements engine.HitTx.
func (tx *Tx) DeleteNameHitsBut(seq int64, keep []int64) error {
	if keep == nil {
		keep = []int64{}
	}
	_, err := tx.exec(`DELETE FROM hits WHERE rule = 'name' AND (seq = $1 OR other = $1)
		AND NOT ((CASE WHEN seq = $1 THEN other ELSE seq END) = ANY($2::bigint[]))`, seq, keep)
	return internal(err)
}

// NameHitExists implements engine.HitTx.
func (tx *Tx) NameHitExists(a, b int64) (bool, error) {
	var ok bool
	err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM hits WHERE rule = 'name' AND ((seq = $1 AND other = $2) OR (seq = $2 AND other = $1)))`, a, b).Scan(&ok)
	return ok, internal(err)
}

// Originator implements engine.HitTx.
func (tx *Tx) Originator(seq int64) (string, bool, error) {
	var agency string
	err := tx.queryRow(`SELECT originator FROM records WHERE seq = $1`, seq).Scan(&agency)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, internal(err)
	}
	return agency, true, nil
}
