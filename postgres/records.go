package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/textnorm"
)

// maxLexeme is the longest lexeme a tsvector holds (bytes); a longer term
// is left out of the index (no one types a 2 KB word).
const maxLexeme = 2046

// lexemes are the search terms of a record (engine: RecordRow.Text,
// folded terms separated by spaces), stored unparsed as the lexemes of its
// tsvector (array_to_tsvector), so PostgreSQL's parser never splits or
// changes them: the same terms as SQLite's full-text index.
func lexemes(text string) []string {
	out := []string{}
	for _, t := range strings.Fields(text) {
		if len(t) <= maxLexeme {
			out = append(out, t)
		}
	}
	return out
}

// tsQuery is the tsquery of what a user typed: its terms folded and split
// like the indexed text (textnorm.Terms), each a quoted lexeme, ANDed; a
// word ending in "*" searches its last term as a prefix (:*). The same
// terms as textnorm.MatchQuery gives SQLite; no user text is read as
// tsquery syntax.
func tsQuery(q string) string {
	var parts []string
	for _, f := range strings.Fields(q) {
		terms := textnorm.Terms(f)
		for _, t := range terms {
			parts = append(parts, `'`+strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t)+`'`)
		}
		if strings.HasSuffix(f, "*") && len(terms) > 0 {
			parts[len(parts)-1] += ":*"
		}
	}
	return strings.Join(parts, " & ")
}

func decodeBody(b []byte) (*jisr.Record, error) {
	var r jisr.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// PutRecord implements engine.RecordTx: the record row (insert when seq
// is 0), its audience and its search terms.
func (tx *Tx) PutRecord(row *engine.RecordRow, seq int64) (int64, error) {
	r := row.Record
	if tx.room != nil {
		return 0, tx.room
	}
	tx.wrote = true
	lex := lexemes(row.Text)
	if seq == 0 {
		var ext any
		if r.ExternalID != "" {
			ext = r.ExternalID
		}
		err := tx.queryRow(`INSERT INTO records (id, kind, originator, country, occurred_on, crossing, concealment, pills, kg, lat, lon, tlp, handling, version, created_at, updated_at, body, external_id, tsv)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18, array_to_tsvector($19::text[])) RETURNING seq`,
			r.ID, string(r.Kind), r.Originator, row.Country, row.OccurredOn, row.Crossing, row.Concealment,
			row.Pills, row.Kg, row.Lat, row.Lon, string(r.TLP), string(r.Handling), r.Version, r.CreatedAt.UnixNano(), r.UpdatedAt.UnixNano(), row.Body, ext, lex).Scan(&seq)
		if err != nil {
			if ext != nil && isUnique(err, "records_external_id") {
				return 0, engine.ErrExternalIDTaken
			}
			return 0, internal(err)
		}
	} else {
		if _, err := tx.exec(`UPDATE records SET kind=$1, country=$2, occurred_on=$3, crossing=$4, concealment=$5, pills=$6, kg=$7, lat=$8, lon=$9, tlp=$10, handling=$11, version=$12, updated_at=$13, body=$14,
			tsv = array_to_tsvector($15::text[]) WHERE seq=$16`,
			string(r.Kind), row.Country, row.OccurredOn, row.Crossing, row.Concealment, row.Pills, row.Kg, row.Lat, row.Lon, string(r.TLP), string(r.Handling),
			r.Version, r.UpdatedAt.UnixNano(), row.Body, lex, seq); err != nil {
			return 0, internal(err)
		}
		if _, err := tx.exec(`DELETE FROM record_audience WHERE seq = $1`, seq); err != nil {
			return 0, internal(err)
		}
	}
	if len(row.Audience) > 0 {
		if _, err := tx.exec(`INSERT INTO record_audience (seq, token) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, seq, row.Audience); err != nil {
			return 0, internal(err)
		}
	}
	return seq, nil
}

// PutVersion implements engine.RecordTx.
func (tx *Tx) PutVersion(seq int64, v jisr.RecordVersion, body []byte) error {
	_, err := tx.exec(`INSERT INTO record_versions (seq, version, at, by, body) VALUES ($1,$2,$3,$4,$5)`,
		seq, v.Version, v.At.UnixNano(), v.By, body)
	return internal(err)
}

// ReadableRecordIn implements engine.RecordTx.
func (tx *Tx) ReadableRecordIn(tokens []string, id string) (*jisr.Record, int64, error) {
	return readable(tx.ctx, tx.tx, tokens, id)
}

// ReadableRecord implements engine.AttachmentTx.
func (tx *Tx) ReadableRecord(tokens []string, id string) (*jisr.Record, int64, error) {
	return readable(tx.ctx, tx.tx, tokens, id)
}

// ReadableRecord implements engine.RecordStore.
func (s *Store) ReadableRecord(ctx context.Context, tokens []string, id string) (*jisr.Record, int64, error) {
	return readable(ctx, s.pool, tokens, id)
}

// visible is the SQL condition that the record aliased r is in an
// audience of the caller's tokens (the one audience filter of every read).
func visible(a *args, tokens []string) string {
	return `EXISTS (SELECT 1 FROM record_audience a WHERE a.seq = r.seq AND a.token = ANY(` + a.p(nonNil(tokens)) + `::text[]))`
}

// readable returns the record id and its seq if it is in an audience of
// tokens; nil otherwise.
func readable(ctx context.Context, q querier, tokens []string, id string) (*jisr.Record, int64, error) {
	a := args{id}
	var seq int64
	var body []byte
	err := q.QueryRow(ctx, `SELECT r.seq, r.body FROM records r WHERE r.id = $1 AND `+visible(&a, tokens), a...).Scan(&seq, &body)
	if errors.Is(err, pgx.ErrNoRows) {
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
func recordQuery(a *args, tokens []string, f jisr.RecordFilter, cols string) (string, error) {
	where := []string{visible(a, tokens)}
	if f.Text != "" {
		q := tsQuery(f.Text)
		if q == "" {
			return "", jisr.Because("q", "no_words")
		}
		where = append(where, "r.tsv @@ "+a.p(q)+"::tsquery")
	}
	add := func(c string, v any) { where = append(where, c+a.p(v)) }
	if f.Kind != "" {
		add("r.kind = ", string(f.Kind))
	}
	if f.Originator != "" {
		add("r.originator = ", f.Originator)
	}
	if f.Country != "" {
		add("r.country = ", f.Country)
	}
	if f.From != "" {
		add("r.occurred_on >= ", f.From)
	}
	if f.To != "" {
		add("r.occurred_on <= ", f.To)
	}
	if f.Crossing != "" {
		add("r.crossing = ", f.Crossing)
	}
	if f.Concealment != "" {
		add("r.concealment = ", f.Concealment)
	}
	if f.Substance != "" {
		// A drug quantity of the substance, read from the body (no column
		// holds substances): containment in the body as JSON.
		where = append(where, `convert_from(r.body, 'UTF8')::jsonb @> jsonb_build_object('entities', jsonb_build_array(jsonb_build_object('schema', 'DrugQuantity',
			'props', jsonb_build_object('substance', jsonb_build_array(`+a.p(f.Substance)+`::text)))))`)
	}
	return `SELECT ` + cols + ` FROM records r WHERE ` + strings.Join(where, " AND "), nil
}

// RecordPage implements engine.RecordStore.
func (s *Store) RecordPage(ctx context.Context, tokens []string, f jisr.RecordFilter, before int64, limit int) ([]engine.StoredRecord, error) {
	var a args
	q, err := recordQuery(&a, tokens, f, "r.seq, r.body")
	if err != nil {
		return nil, err
	}
	if before > 0 {
		q += " AND r.seq < " + a.p(before)
	}
	q += " ORDER BY r.seq DESC LIMIT " + a.p(limit)
	var out []engine.StoredRecord
	err = s.eachRow(ctx, q, a, func(sr engine.StoredRecord) error { out = append(out, sr); return nil })
	return out, err
}

// EachReadable implements engine.RecordStore.
func (s *Store) EachReadable(ctx context.Context, tokens []string, f jisr.RecordFilter, fn func(engine.StoredRecord) error) error {
	var a args
	q, err := recordQuery(&a, tokens, f, "r.seq, r.body")
	if err != nil {
		return err
	}
	return s.eachRow(ctx, q+" ORDER BY r.seq", a, fn)
}

// eachRow runs q, which selects seq and body, and calls fn with each record.
func (s *Store) eachRow(ctx context.Context, q string, a args, fn func(engine.StoredRecord) error) error {
	rows, err := s.pool.Query(ctx, q, a...)
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
	var a args
	q, err := recordQuery(&a, tokens, f, "count(*)")
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.pool.QueryRow(ctx, q, a...).Scan(&n); err != nil {
		return 0, internal(err)
	}
	return n, nil
}

// RecordVersions implements engine.RecordStore.
func (s *Store) RecordVersions(ctx context.Context, seq int64) ([]jisr.RecordVersion, error) {
	rows, err := s.pool.Query(ctx, `SELECT version, at, by, body FROM record_versions WHERE seq = $1 ORDER BY version`, seq)
	return collect(rows, err, func(r pgx.Rows) (jisr.RecordVersion, error) {
		var v jisr.RecordVersion
		var at int64
		var body []byte
		if err := r.Scan(&v.Version, &at, &v.By, &body); err != nil {
			return v, err
		}
		v.At = time.Unix(0, at).UTC()
		var err error
		v.Record, err = decodeBody(body)
		return v, err
	})
}

// SeqsOf implements engine.RecordStore.
func (s *Store) SeqsOf(ctx context.Context, ids []string) ([]int64, error) {
	rows, err := s.pool.Query(ctx, `SELECT seq FROM records WHERE id = ANY($1::text[]) ORDER BY seq`, nonNil(ids))
	return collect(rows, err, func(r pgx.Rows) (int64, error) { var q int64; return q, r.Scan(&q) })
}

// RecordAt implements engine.HitStore.
func (s *Store) RecordAt(ctx context.Context, seq int64) (*jisr.Record, error) {
	return recordAt(ctx, s.pool, seq)
}

// RecordAt implements engine.HitTx and engine.RequestTx.
func (tx *Tx) RecordAt(seq int64) (*jisr.Record, error) { return recordAt(tx.ctx, tx.tx, seq) }

func recordAt(ctx context.Context, q querier, seq int64) (*jisr.Record, error) {
	var body []byte
	if err := q.QueryRow(ctx, `SELECT body FROM records WHERE seq = $1`, seq).Scan(&body); err != nil {
		return nil, internal(err)
	}
	r, err := decodeBody(body)
	return r, internal(err)
}

// ReadableRecords implements engine.HitStore.
func (s *Store) ReadableRecords(ctx context.Context, tokens []string, seqs []int64) (map[int64]*jisr.Record, error) {
	out := map[int64]*jisr.Record{}
	if len(seqs) == 0 || len(tokens) == 0 {
		return out, nil
	}
	a := args{seqs}
	err := s.eachRow(ctx, `SELECT r.seq, r.body FROM records r WHERE r.seq = ANY($1::bigint[]) AND `+visible(&a, tokens), a,
		func(sr engine.StoredRecord) error { out[sr.Seq] = sr.Record; return nil })
	return out, err
}

// ExternalIDTaken implements engine.RecordTx.
func (tx *Tx) ExternalIDTaken(agency, externalID string) (bool, error) {
	var ok bool
	err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM records WHERE originator = $1 AND external_id = $2)`, agency, externalID).Scan(&ok)
	return ok, internal(err)
}

// ExternalIDExists implements engine.RecordStore.
func (s *Store) ExternalIDExists(ctx context.Context, agency, externalID string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM records WHERE originator = $1 AND external_id = $2)`, agency, externalID).Scan(&ok)
	return ok, internal(err)
}

// Flush implements engine.RecordTx: nothing is held back.
func (tx *Tx) Flush() error { return nil }

// UserStanding implements engine.RecordTx.
func (tx *Tx) UserStanding(username string) (agency string, role jisr.Role, disabled, found bool, err error) {
	var r string
	err = tx.queryRow(`SELECT agency, role, disabled FROM users WHERE username = $1`, username).Scan(&agency, &r, &disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", false, false, nil
	}
	if err != nil {
		return "", "", false, false, internal(err)
	}
	return agency, jisr.Role(r), disabled, true, nil
}

// TotalRecords counts every record of the node, whatever its audience
// (the node's own command line; never exposed to API callers).
func (s *Store) TotalRecords(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM records`).Scan(&n)
	return n, internal(err)
}
