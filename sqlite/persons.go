package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// The names of persons, companies and organisations (person_names) and
// name hits: the queries only. The cross-script name index, its audience
// tags and the name-hit worker are the engine's.

// EachName implements engine.HitStore.
func (s *Store) EachName(ctx context.Context, fn func(engine.NameRow) error) error {
	rows, err := s.wdb.QueryContext(ctx, `SELECT n.seq, n.entity, n.i, n.name, n.kind,
		coalesce((SELECT group_concat(token, char(31)) FROM (SELECT token FROM record_audience a WHERE a.seq = n.seq ORDER BY token)), '')
		FROM person_names n`)
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n engine.NameRow
		var aud string
		if err := rows.Scan(&n.Seq, &n.Entity, &n.I, &n.Name, &n.Schema, &aud); err != nil {
			return internal(err)
		}
		if aud != "" {
			n.Audience = strings.Split(aud, "\x1f")
		}
		if err := fn(n); err != nil {
			return err
		}
	}
	return internal(rows.Err())
}

// PutNames implements engine.HitTx.
func (tx *Tx) PutNames(seq int64, names []engine.PersonName, update bool) ([]engine.PersonName, error) {
	var old []engine.PersonName
	if update {
		rows, err := tx.Query(`SELECT entity, i, kind FROM person_names WHERE seq = ?`, seq)
		if err != nil {
			return nil, jisr.Internal(err)
		}
		for rows.Next() {
			var n engine.PersonName
			if err := rows.Scan(&n.Entity, &n.I, &n.Schema); err != nil {
				rows.Close()
				return nil, jisr.Internal(err)
			}
			old = append(old, n)
		}
		rows.Close()
		if _, err := tx.Exec(`DELETE FROM person_names WHERE seq = ?`, seq); err != nil {
			return nil, jisr.Internal(err)
		}
	}
	ins := tx.stmt(tx.s.stmts.insertName)
	for _, n := range names {
		if _, err := ins.Exec(seq, n.Entity, n.I, n.Name, n.Schema); err != nil {
			return nil, jisr.Internal(err)
		}
	}
	return old, nil
}

// PersonNamesOf implements engine.HitStore.
func (s *Store) PersonNamesOf(ctx context.Context, seq int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM person_names WHERE seq = ? AND kind = 'Person'`, seq)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, internal(err)
		}
		out = append(out, n)
	}
	return out, internal(rows.Err())
}

// SeqsWithPersons implements engine.HitStore.
func (s *Store) SeqsWithPersons(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT seq FROM person_names WHERE kind = 'Person' ORDER BY seq`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			return nil, internal(err)
		}
		out = append(out, seq)
	}
	return out, internal(rows.Err())
}

// DeleteNameHitsBut implements engine.HitTx.
func (tx *Tx) DeleteNameHitsBut(seq int64, keep []int64) error {
	args := []any{seq}
	stale := "1"
	if len(keep) > 0 {
		for _, o := range keep {
			args = append(args, o)
		}
		stale = `(CASE WHEN seq = ?1 THEN other ELSE seq END) NOT IN (` + placeholders(len(keep)) + `)`
	}
	_, err := tx.Exec(`DELETE FROM hits WHERE rule = 'name' AND (seq = ?1 OR other = ?1) AND `+stale, args...)
	return internal(err)
}

// NameHitExists implements engine.HitTx.
func (tx *Tx) NameHitExists(a, b int64) (bool, error) {
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM hits WHERE rule = 'name' AND ((seq = ? AND other = ?) OR (seq = ? AND other = ?))`, a, b, b, a).Scan(&n); err != nil {
		return false, jisr.Internal(err)
	}
	return n > 0, nil
}

// Originator implements engine.HitTx.
func (tx *Tx) Originator(seq int64) (string, bool, error) {
	var agency string
	err := tx.QueryRow(`SELECT originator FROM records WHERE seq = ?`, seq).Scan(&agency)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, jisr.Internal(err)
	}
	return agency, true, nil
}
