package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr/engine"
)

// Source is a SQLite node's database, read in one snapshot (a read
// transaction of database/sql).
type Source interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// copyOrder lists the tables of a SQLite node in an order that respects
// their references; tables not listed that both databases have follow,
// by name.
var copyOrder = []string{
	"agencies", "users", "sessions", "recovery_codes", "login_locks", "node_settings",
	"records", "record_audience", "record_versions", "attachments", "release_requests",
	"audit", "audit_reads", "selector_keys", "selector_postings", "hits", "person_names",
	"requests", "request_replies", "request_records", "request_hits", "notifications", "notify_prefs",
	"lookouts", "lookout_to", "lookout_keys", "lookout_matches", "items", "item_agencies", "item_records",
}

// CopyFrom copies every row of a SQLite node (src, opened read-only) into
// this store's database, which must hold no record, user nor audit entry:
// the same positions, bodies, hits and audit entries byte for byte (the
// trail verifies with the same node key), then each record's search
// terms rebuilt from its body (engine.SearchText) and the identity
// sequences moved past the copied rows. It runs in one transaction under
// the write lock: a failed copy leaves the database as it was. It returns
// the rows copied by table.
func (s *Store) CopyFrom(ctx context.Context, src Source) (map[string]int64, error) {
	out := map[string]int64{}
	err := s.write(ctx, func(tx *Tx) error {
		var n int64
		if err := tx.queryRow(`SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM users) + (SELECT count(*) FROM audit)`).Scan(&n); err != nil {
			return internal(err)
		}
		if n > 0 {
			return fmt.Errorf("the database already holds a node (%d records, users and audit entries): copy into an empty one", n)
		}
		var srcTables []string
		rows, err := src.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'record_fts%' AND name <> 'schema_migrations'`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return err
			}
			srcTables = append(srcTables, t)
		}
		rows.Close()
		dst := map[string]map[string]string{} // table → column → data type
		prows, err := tx.query(`SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`)
		if err != nil {
			return internal(err)
		}
		for prows.Next() {
			var t, c, ty string
			if err := prows.Scan(&t, &c, &ty); err != nil {
				prows.Close()
				return internal(err)
			}
			if dst[t] == nil {
				dst[t] = map[string]string{}
			}
			dst[t][c] = ty
		}
		prows.Close()
		order := slices.Clone(copyOrder)
		slices.Sort(srcTables)
		for _, t := range srcTables {
			if !slices.Contains(order, t) {
				order = append(order, t)
			}
		}
		for _, t := range order {
			if !slices.Contains(srcTables, t) || dst[t] == nil {
				continue
			}
			n, err := copyTable(ctx, tx, src, t, dst[t])
			if err != nil {
				return fmt.Errorf("copy %s: %w", t, err)
			}
			out[t] = n
		}
		// The search terms, from each record's body.
		recs, err := tx.query(`SELECT seq, body FROM records ORDER BY seq`)
		if err != nil {
			return internal(err)
		}
		var b pgx.Batch
		for recs.Next() {
			var seq int64
			var body []byte
			if err := recs.Scan(&seq, &body); err != nil {
				recs.Close()
				return internal(err)
			}
			r, err := decodeBody(body)
			if err != nil {
				recs.Close()
				return fmt.Errorf("record %d: %w", seq, err)
			}
			b.Queue(`UPDATE records SET tsv = array_to_tsvector($1::text[]) WHERE seq = $2`, lexemes(engine.SearchText(r)), seq)
		}
		recs.Close()
		if err := tx.tx.SendBatch(tx.ctx, &b).Close(); err != nil {
			return internal(err)
		}
		// Identity sequences past the copied rows.
		ids, err := tx.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`)
		if err != nil {
			return internal(err)
		}
		var pairs [][2]string
		for ids.Next() {
			var t, c string
			if err := ids.Scan(&t, &c); err != nil {
				ids.Close()
				return internal(err)
			}
			pairs = append(pairs, [2]string{t, c})
		}
		ids.Close()
		for _, p := range pairs {
			q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max(%s), 0) + 1, false) FROM %s`,
				quoteLit(p[0]), quoteLit(p[1]), pgx.Identifier{p[1]}.Sanitize(), pgx.Identifier{p[0]}.Sanitize())
			if _, err := tx.exec(q); err != nil {
				return internal(err)
			}
		}
		return nil
	})
	return out, err
}

func quoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// copyTable copies the columns both tables have, converting SQLite's
// integers to booleans and text to bytes where PostgreSQL's column wants.
func copyTable(ctx context.Context, tx *Tx, src Source, table string, dstCols map[string]string) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+pgx.Identifier{table}.Sanitize())
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var keep []int
	var names []string
	for i, c := range cols {
		if _, ok := dstCols[c]; ok {
			keep = append(keep, i)
			names = append(names, c)
		}
	}
	var data [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		row := make([]any, len(keep))
		for j, i := range keep {
			v := vals[i]
			switch dstCols[cols[i]] {
			case "boolean":
				if n, ok := v.(int64); ok {
					v = n != 0
				}
			case "bytea":
				if s, ok := v.(string); ok {
					v = []byte(s)
				}
			case "text":
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
			}
			row[j] = v
		}
		data = append(data, row)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(data) == 0 {
		return 0, nil
	}
	return tx.tx.CopyFrom(ctx, pgx.Identifier{table}, names, pgx.CopyFromRows(data))
}
