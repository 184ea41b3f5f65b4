package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/textnorm"
)

// ftsQuery turns user text into an FTS5 query: every term must appear;
// terms are folded like the indexed text and quoted, so no FTS syntax from
// the user reaches SQLite. A trailing * on a term asks for a prefix.
func ftsQuery(q string) string { return textnorm.MatchQuery(q) }

func decodeBody(b []byte) (*jisr.Record, error) {
	var r jisr.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// PutRecord implements engine.RecordTx: the record row (insert when seq
// is 0), its audience and its search text.
func (tx *Tx) PutRecord(row *engine.RecordRow, seq int64) (int64, error) {
	r := row.Record
	if tx.room != nil {
		return 0, tx.room
	}
	tx.wrote = true
	aud, err := tx.audienceSet(row.Audience)
	if err != nil {
		return 0, err
	}
	if seq == 0 {
		var ext any
		if r.ExternalID != "" {
			ext = r.ExternalID
		}
		res, err := tx.Stmt(tx.s.stmts.insertRecord).Exec(r.ID, string(r.Kind), r.Originator, row.Country, row.OccurredOn, row.Crossing, row.Concealment,
			row.Pills, row.Kg, row.Lat, row.Lon, string(r.TLP), string(r.Handling), r.Version, r.CreatedAt.UnixNano(), r.UpdatedAt.UnixNano(), row.Body, ext, aud)
		if err != nil {
			if ext != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: records.originator, records.external_id") {
				return 0, engine.ErrExternalIDTaken
			}
			return 0, jisr.Internal(err)
		}
		seq, _ = res.LastInsertId()
		if r.Kind == jisr.KindSeizure {
			c := counted{seq, aud, r.Originator, row.Country, row.OccurredOn, row.Concealment, row.Crossing, row.Pills, row.Kg}
			if err := tx.countSeizure(c, 1); err != nil {
				return 0, err
			}
		}
	} else {
		old := counted{seq: seq}
		var kind string
		if err := tx.Stmt(tx.s.stmts.countedRow).QueryRow(seq).Scan(&kind, &old.aud, &old.originator, &old.country, &old.day,
			&old.concealment, &old.crossing, &old.pills, &old.kg); err != nil {
			return 0, jisr.Internal(err)
		}
		if kind == string(jisr.KindSeizure) {
			if err := tx.countSeizure(old, -1); err != nil {
				return 0, err
			}
		}
		if r.Kind == jisr.KindSeizure {
			c := counted{seq, aud, old.originator, row.Country, row.OccurredOn, row.Concealment, row.Crossing, row.Pills, row.Kg}
			if err := tx.countSeizure(c, 1); err != nil {
				return 0, err
			}
		}
		if _, err := tx.Exec(`UPDATE records SET kind=?, country=?, occurred_on=?, crossing=?, concealment=?, pills=?, kg=?, lat=?, lon=?, tlp=?, handling=?, version=?, updated_at=?, body=?, aud=? WHERE seq=?`,
			string(r.Kind), row.Country, row.OccurredOn, row.Crossing, row.Concealment, row.Pills, row.Kg, row.Lat, row.Lon, string(r.TLP), string(r.Handling),
			r.Version, r.UpdatedAt.UnixNano(), row.Body, aud, seq); err != nil {
			return 0, jisr.Internal(err)
		}
		if _, err := tx.Exec(`DELETE FROM record_audience WHERE seq = ?`, seq); err != nil {
			return 0, jisr.Internal(err)
		}
		if _, err := tx.Exec(`DELETE FROM record_fts WHERE rowid = ?`, seq); err != nil {
			return 0, jisr.Internal(err)
		}
	}
	ins := tx.Stmt(tx.s.stmts.insertAudience)
	for _, t := range row.Audience {
		if _, err := ins.Exec(seq, t); err != nil {
			return 0, jisr.Internal(err)
		}
	}
	// The full-text row is written at the end of the write (flushFTS): any
	// other statement after an FTS5 insert makes FTS5 flush its pending
	// terms to disk, which would cost a segment merge per record.
	tx.fts = append(tx.fts, ftsRow{seq, row.Text})
	return seq, nil
}

// counted is what seizure_counts keeps of a seizure: the key of its group
// (its audience set, originator, place country, month, concealment and
// crossing) and its amounts; seq is the record's.
type counted struct {
	seq, aud                                        int64
	originator, country, day, concealment, crossing string
	pills, kg                                       float64
}

// countSeizure adds the seizure c to its group of seizure_counts, its
// one-breakdown counts (seizure_dims) and seizure_facts (n = 1) or takes it
// away (n = -1), with plain single-row statements: an upsert or a
// trigger would make SQLite open a statement journal for the record's
// insert, whose cost grows with the transaction. A group whose count falls
// to zero is removed. Every write of a record row goes through PutRecord,
// which calls this; nothing deletes records.
func (tx *Tx) countSeizure(c counted, n int) error {
	month := c.day
	if len(month) > 7 {
		month = month[:7]
	}
	key := []any{c.aud, c.originator, c.country, month, c.concealment, c.crossing}
	if n > 0 {
		if _, err := tx.Stmt(tx.s.stmts.newCount).Exec(key...); err != nil {
			return jisr.Internal(err)
		}
	}
	if _, err := tx.Stmt(tx.s.stmts.bumpCount).Exec(append([]any{n, float64(n) * c.pills, float64(n) * c.kg}, key...)...); err != nil {
		return jisr.Internal(err)
	}
	if n < 0 {
		if _, err := tx.Stmt(tx.s.stmts.dropCount).Exec(key...); err != nil {
			return jisr.Internal(err)
		}
	}
	// The seizure's row of seizure_facts (migration 0043).
	if n > 0 {
		if _, err := tx.Stmt(tx.s.stmts.newFact).Exec(c.seq, c.aud, c.originator, c.country, c.day, c.concealment, c.crossing, c.pills, c.kg); err != nil {
			return jisr.Internal(err)
		}
	} else if _, err := tx.Stmt(tx.s.stmts.dropFact).Exec(c.seq); err != nil {
		return jisr.Internal(err)
	}
	// The same seizure in each one-breakdown count (migration 0042).
	for i, k := range [4]string{c.country, month, c.concealment, c.crossing} {
		dim := []any{c.aud, c.originator, engine.SeizureBreakdowns[i], k}
		if n > 0 {
			if _, err := tx.Stmt(tx.s.stmts.newDim).Exec(dim...); err != nil {
				return jisr.Internal(err)
			}
		}
		if _, err := tx.Stmt(tx.s.stmts.bumpDim).Exec(append([]any{n, float64(n) * c.pills, float64(n) * c.kg}, dim...)...); err != nil {
			return jisr.Internal(err)
		}
		if n < 0 {
			if _, err := tx.Stmt(tx.s.stmts.dropDim).Exec(dim...); err != nil {
				return jisr.Internal(err)
			}
		}
	}
	return nil
}

// audienceSet returns the id of the audience set of tokens, adding the set
// when it is new (migration 0031).
func (tx *Tx) audienceSet(tokens []string) (int64, error) {
	sorted := slices.Clone(tokens)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	key := strings.Join(sorted, "\x1f")
	var id int64
	err := tx.Stmt(tx.s.stmts.findAudSet).QueryRow(key).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, jisr.Internal(err)
	}
	res, err := tx.Stmt(tx.s.stmts.insertAudSet).Exec(key)
	if err != nil {
		return 0, jisr.Internal(err)
	}
	id, _ = res.LastInsertId()
	for _, t := range sorted {
		if _, err := tx.Stmt(tx.s.stmts.insertAudSetToken).Exec(t, id); err != nil {
			return 0, jisr.Internal(err)
		}
	}
	return id, nil
}

// PutVersion implements engine.RecordTx.
func (tx *Tx) PutVersion(seq int64, v jisr.RecordVersion, body []byte) error {
	if _, err := tx.Exec(`INSERT INTO record_versions (seq, version, at, by, body) VALUES (?,?,?,?,?)`,
		seq, v.Version, v.At.UnixNano(), v.By, body); err != nil {
		return jisr.Internal(err)
	}
	return nil
}

// ReadableRecordIn implements engine.RecordTx.
func (tx *Tx) ReadableRecordIn(tokens []string, id string) (*jisr.Record, int64, error) {
	return readable(context.Background(), tx, tokens, id)
}

// visible is the SQL condition that the record aliased r is in the
// caller's audience; args are the caller's tokens.
func visible(tokens []string) (string, []any) {
	args := make([]any, len(tokens))
	for i, t := range tokens {
		args[i] = t
	}
	// The unary + keeps aud out of index searches: given the choice,
	// SQLite seeks the covering index once per readable set for every
	// full-text match (a hundred seeks a row) instead of testing the row's
	// set against the list once.
	return `+r.aud IN (SELECT aud FROM audience_set_tokens WHERE token IN (` + placeholders(len(tokens)) + `))`, args
}

type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// readable returns the record id and its seq if it is in an audience of
// tokens; nil otherwise.
func readable(ctx context.Context, q querier, tokens []string, id string) (*jisr.Record, int64, error) {
	cond, args := visible(tokens)
	var seq int64
	var body []byte
	err := q.QueryRowContext(ctx, `SELECT r.seq, r.body FROM records r WHERE r.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&seq, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, internal(err)
	}
	r, err := decodeBody(body)
	if err != nil {
		return nil, 0, internal(err)
	}
	return r, seq, nil
}

// recordQuery builds the selection of the records readable with tokens
// that match f (validated by the engine).
func recordQuery(tokens []string, f jisr.RecordFilter, cols string) (string, []any, error) {
	cond, args := visible(tokens)
	where := []string{cond}
	from := "records r"
	if f.Text != "" {
		q := ftsQuery(f.Text)
		if q == "" {
			return "", nil, jisr.Because("q", "no_words")
		}
		// CROSS JOIN keeps the full-text index as the outer loop: left to
		// choose, SQLite's planner scanned records by kind and ran the
		// full-text query once per row for callers with more tokens (a
		// plan, and a cost, that depended on who asked).
		from = "record_fts f CROSS JOIN records r ON r.seq = f.rowid"
		where = append(where, "record_fts MATCH ?")
		args = append(args, q)
	}
	add := func(c string, v any) { where = append(where, c); args = append(args, v) }
	if f.Kind != "" {
		add("r.kind = ?", string(f.Kind))
	}
	if f.Originator != "" {
		add("r.originator = ?", f.Originator)
	}
	if f.Country != "" {
		add("r.country = ?", f.Country)
	}
	if f.From != "" {
		add("r.occurred_on >= ?", f.From)
	}
	if f.To != "" {
		add("r.occurred_on <= ?", f.To)
	}
	if f.Crossing != "" {
		add("r.crossing = ?", f.Crossing)
	}
	if f.Concealment != "" {
		add("r.concealment = ?", f.Concealment)
	}
	if f.Substance != "" {
		// A drug quantity of the substance, read from the body (no column
		// holds substances): a scan of the rows the other conditions leave.
		add(`EXISTS (SELECT 1 FROM json_each(CAST(r.body AS TEXT), '$.entities') e, json_each(e.value, '$.props.substance') s
			WHERE json_extract(e.value, '$.schema') = 'DrugQuantity' AND s.value = ?)`, f.Substance)
	}
	return `SELECT ` + cols + ` FROM ` + from + ` WHERE ` + strings.Join(where, " AND "), args, nil
}

// RecordPage implements engine.RecordStore. With full text, the order is
// the index's rowid (the record's seq), so FTS5 walks its matches newest
// first and stops at the page (no sort of all matches).
func (s *Store) RecordPage(ctx context.Context, tokens []string, f jisr.RecordFilter, before int64, limit int) ([]engine.StoredRecord, error) {
	q, args, err := recordQuery(tokens, f, "r.seq, r.body")
	if err != nil {
		return nil, err
	}
	order := "r.seq"
	if f.Text != "" {
		order = "f.rowid"
	}
	if before > 0 {
		q += " AND " + order + " < ?"
		args = append(args, before)
	}
	q += " ORDER BY " + order + " DESC LIMIT ?"
	args = append(args, limit)
	var out []engine.StoredRecord
	err = s.eachRow(ctx, q, args, func(sr engine.StoredRecord) error { out = append(out, sr); return nil })
	return out, err
}

// EachReadable implements engine.RecordStore.
func (s *Store) EachReadable(ctx context.Context, tokens []string, f jisr.RecordFilter, fn func(engine.StoredRecord) error) error {
	q, args, err := recordQuery(tokens, f, "r.seq, r.body")
	if err != nil {
		return err
	}
	return s.eachRow(ctx, q+" ORDER BY r.seq", args, fn)
}

// eachRow runs q, which selects seq and body, and calls fn with each record.
func (s *Store) eachRow(ctx context.Context, q string, args []any, fn func(engine.StoredRecord) error) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var body []byte
		if err := rows.Scan(&seq, &body); err != nil {
			return internal(err)
		}
		r, err := decodeBody(body)
		if err != nil {
			return internal(err)
		}
		if err := fn(engine.StoredRecord{Seq: seq, Record: r}); err != nil {
			return err
		}
	}
	return internal(rows.Err())
}

// CountReadable implements engine.RecordStore.
func (s *Store) CountReadable(ctx context.Context, tokens []string, f jisr.RecordFilter) (int, error) {
	q, args, err := recordQuery(tokens, f, "count(*)")
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, internal(err)
	}
	return n, nil
}

// RecordVersions implements engine.RecordStore.
func (s *Store) RecordVersions(ctx context.Context, seq int64) ([]jisr.RecordVersion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version, at, by, body FROM record_versions WHERE seq = ? ORDER BY version`, seq)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var all []jisr.RecordVersion
	for rows.Next() {
		var v jisr.RecordVersion
		var at int64
		var body []byte
		if err := rows.Scan(&v.Version, &at, &v.By, &body); err != nil {
			return nil, internal(err)
		}
		v.At = time.Unix(0, at).UTC()
		if v.Record, err = decodeBody(body); err != nil {
			return nil, internal(err)
		}
		all = append(all, v)
	}
	return all, internal(rows.Err())
}

// RecordAttachments implements engine.RecordStore.
func (s *Store) RecordAttachments(ctx context.Context, seq int64) ([]jisr.Attachment, error) {
	return s.attachments(ctx, seq)
}

type ftsRow struct {
	seq  int64
	text string
}

// flushFTS writes the full-text rows of the current write, one after the
// other so FTS5 keeps them in memory until the commit.
func (tx *Tx) flushFTS() error {
	if len(tx.fts) == 0 {
		return nil
	}
	st := tx.Stmt(tx.s.stmts.insertFTS)
	for _, f := range tx.fts {
		if _, err := st.Exec(f.seq, f.text); err != nil {
			return jisr.Internal(err)
		}
	}
	tx.fts = tx.fts[:0]
	return nil
}
