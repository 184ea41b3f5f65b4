package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/textnorm"
)

// derived are the columns computed from a record for filtering and statistics.
type derived struct {
	country, occurred, crossing, concealment string
	pills, kg                                float64
	lat, lon                                 *float64
}

func derive(r *jisr.Record) derived {
	d := derived{country: r.Place.Country, occurred: r.OccurredOn, lat: r.Place.Lat, lon: r.Place.Lon}
	if r.Seizure != nil {
		d.crossing, d.concealment = r.Seizure.Crossing, r.Seizure.HidingPlace
	}
	for i := range r.Entities {
		e := &r.Entities[i]
		if e.Schema != "DrugQuantity" {
			continue
		}
		amount, _ := strconv.ParseFloat(e.First("amount"), 64)
		switch e.First("unit") {
		case "pills":
			d.pills += amount
		case "kg":
			d.kg += amount
		case "g":
			d.kg += amount / 1000
		}
	}
	return d
}

// searchText is what full-text search sees of a record: title, narratives,
// place and the values of its entities, folded and split into terms here
// (the index's ascii tokenizer only splits on the spaces between them). Protected persons are left
// out, so no one outside the originator finds a record by an informant's name.
func searchText(r *jisr.Record) string {
	var b strings.Builder
	add := func(s string) {
		for _, t := range textnorm.Terms(s) {
			b.WriteString(t)
			b.WriteByte(' ')
		}
	}
	add(r.Title)
	add(r.NarrativeAR)
	add(r.NarrativeEN)
	add(r.Place.Name)
	add(r.Place.NameAR)
	add(r.Place.Admin)
	for i := range r.Entities {
		e := &r.Entities[i]
		if policy.Protected(e) {
			continue
		}
		for _, vs := range e.Props {
			for _, v := range vs {
				add(v)
			}
		}
	}
	return b.String()
}

// ftsQuery turns user text into an FTS5 query: every term must appear;
// terms are folded like the indexed text and quoted, so no FTS syntax from
// the user reaches SQLite. A trailing * on a term asks for a prefix.
func ftsQuery(q string) string { return textnorm.MatchQuery(q) }

func encodeBody(r *jisr.Record) ([]byte, error) {
	c := *r
	c.Attachments, c.Caveats = nil, nil
	return json.Marshal(&c)
}

func decodeBody(b []byte) (*jisr.Record, error) {
	var r jisr.Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// checkReleasability verifies that named agencies exist.
func (tx *Tx) checkReleasability(rel jisr.Releasability) error {
	for i, a := range rel.Agencies {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM agencies WHERE code = ?`, a).Scan(&n); err != nil {
			return jisr.Internal(err)
		}
		if n == 0 {
			return jisr.Invalid(fmt.Sprintf("releasability.agencies[%d]", i), "no agency %q in this cell", a)
		}
	}
	return nil
}

// prepared is a record ready to store: everything computed from it is
// computed before the write transaction, so the single writer only writes.
type prepared struct {
	r        *jisr.Record
	body     []byte
	d        derived
	audience []string
	text     string
	ix       *engine.Indexed // what the engine indexes of it
	bulk     bool            // an import: no name hits (see ImportRecords)
}

func (s *Store) prepare(r *jisr.Record) (*prepared, error) {
	body, err := encodeBody(r)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	pr := &prepared{r: r, body: body, d: derive(r), audience: policy.Audience(r), text: searchText(r)}
	if s.indexer != nil {
		pr.ix = s.indexer.PrepareIndex(r, pr.audience, pr.d.pills, pr.d.kg)
	}
	return pr, nil
}

// put writes the record row (insert when seq is 0), its audience and its
// search text, and runs the write hooks.
func (tx *Tx) put(ctx context.Context, pr *prepared, seq int64) (int64, error) {
	r, d := pr.r, pr.d
	update := seq != 0
	if tx.room != nil {
		return 0, tx.room
	}
	if err := tx.checkRecipients(r); err != nil {
		return 0, err
	}
	tx.wrote = true
	if seq == 0 {
		var ext any
		if r.ExternalID != "" {
			ext = r.ExternalID
		}
		res, err := tx.Stmt(tx.s.stmts.insertRecord).Exec(r.ID, string(r.Kind), r.Originator, d.country, d.occurred, d.crossing, d.concealment,
			d.pills, d.kg, d.lat, d.lon, string(r.TLP), string(r.Handling), r.Version, r.CreatedAt.UnixNano(), r.UpdatedAt.UnixNano(), pr.body, ext)
		if err != nil {
			if ext != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: records.originator, records.external_id") {
				return 0, &jisr.Error{Code: jisr.ECONFLICT, Field: "external_id", Message: fmt.Sprintf("your agency already has a record with external id %q", r.ExternalID)}
			}
			return 0, jisr.Internal(err)
		}
		seq, _ = res.LastInsertId()
	} else {
		if _, err := tx.Exec(`UPDATE records SET kind=?, country=?, occurred_on=?, crossing=?, concealment=?, pills=?, kg=?, lat=?, lon=?, tlp=?, handling=?, version=?, updated_at=?, body=? WHERE seq=?`,
			string(r.Kind), d.country, d.occurred, d.crossing, d.concealment, d.pills, d.kg, d.lat, d.lon, string(r.TLP), string(r.Handling),
			r.Version, r.UpdatedAt.UnixNano(), pr.body, seq); err != nil {
			return 0, jisr.Internal(err)
		}
		if _, err := tx.Exec(`DELETE FROM record_audience WHERE seq = ?`, seq); err != nil {
			return 0, jisr.Internal(err)
		}
		if _, err := tx.Exec(`DELETE FROM record_fts WHERE rowid = ?`, seq); err != nil {
			return 0, jisr.Internal(err)
		}
	}
	aud := tx.Stmt(tx.s.stmts.insertAudience)
	for _, t := range pr.audience {
		if _, err := aud.Exec(seq, t); err != nil {
			return 0, jisr.Internal(err)
		}
	}
	// The full-text row is written at the end of the write (flushFTS): any
	// other statement after an FTS5 insert makes FTS5 flush its pending
	// terms to disk, which would cost a segment merge per record.
	tx.fts = append(tx.fts, ftsRow{seq, pr.text})
	if tx.s.indexer != nil && pr.ix != nil {
		n, err := tx.s.indexer.IndexRecord(tx, pr.ix, seq, update, !pr.bulk)
		if err != nil {
			return 0, err
		}
		tx.hits += n
	}
	for _, h := range tx.s.hooks {
		if err := h(ctx, tx, r, seq); err != nil {
			return 0, err
		}
	}
	return seq, nil
}

// CreateRecord implements jisr.RecordService.
func (s *Store) CreateRecord(ctx context.Context, p jisr.Principal, r *jisr.Record) error {
	if err := policy.CanCreate(p); err != nil {
		return s.deny(ctx, p, jisr.ActCreate, "", "", err)
	}
	if !p.System || r.Originator == "" {
		r.Originator = p.Agency
	}
	if !p.System || r.CreatedBy == "" {
		r.CreatedBy = p.Username
	}
	if err := r.Validate(s.Now()); err != nil {
		return err
	}
	if err := policy.CanMark(p, nil, r); err != nil {
		return s.deny(ctx, p, jisr.ActCreate, "", "tlp="+string(r.TLP)+" released", err)
	}
	if r.ExternalID != "" {
		if err := jisr.ValidExternalID(r.ExternalID); err != nil {
			return err
		}
	}
	r.ID, r.Version = newID(), 1
	r.CreatedAt = s.Now().UTC()
	r.UpdatedAt = r.CreatedAt
	pr, err := s.prepare(r)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *Tx) error {
		if err := tx.checkReleasability(r.Releasability); err != nil {
			return err
		}
		if _, err := tx.put(ctx, pr, 0); err != nil {
			return err
		}
		return tx.audit(p, jisr.ActCreate, r.ID, fmt.Sprintf("kind=%s tlp=%s handling=%s hits=%d", r.Kind, r.TLP, r.Handling, tx.hits), outcomeOK)
	})
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// visible is the SQL condition that the record aliased r is in the
// caller's audience; args are the caller's tokens.
func visible(tokens []string) (string, []any) {
	args := make([]any, len(tokens))
	for i, t := range tokens {
		args[i] = t
	}
	return `EXISTS (SELECT 1 FROM record_audience a WHERE a.seq = r.seq AND a.token IN (` + placeholders(len(tokens)) + `))`, args
}

// load returns the current record and its seq if p may see it; ENOTFOUND
// otherwise. q is the reader (the read pool or a write transaction).
func load(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, p jisr.Principal, id string) (*jisr.Record, int64, error) {
	tokens := policy.Tokens(p)
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no record %s, or not one you may see", id)
	if len(tokens) == 0 {
		return nil, 0, notFound
	}
	cond, args := visible(tokens)
	var seq int64
	var body []byte
	err := q.QueryRowContext(ctx, `SELECT r.seq, r.body FROM records r WHERE r.id = ? AND `+cond, append([]any{id}, args...)...).Scan(&seq, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, notFound
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
			return "", nil, jisr.Invalid("q", "has no words to search for")
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

func lastEditor(r *jisr.Record) string {
	if r.UpdatedBy != "" {
		return r.UpdatedBy
	}
	return r.CreatedBy
}

// change loads a record inside the write transaction, checks the caller may
// change it, keeps the current version in the history and stores the new one.
func (s *Store) change(ctx context.Context, p jisr.Principal, id string, action string, check func(cur *jisr.Record) error, edit func(cur *jisr.Record) (*jisr.Record, string, error)) error {
	var denied error
	err := s.write(ctx, func(tx *Tx) error {
		cur, seq, err := load(ctx, tx, p, id)
		if err != nil {
			denied = err
			return tx.audit(p, action, id, "", outcomeDenied)
		}
		if err := check(cur); err != nil {
			denied = err
			return tx.audit(p, action, id, "", outcomeDenied)
		}
		next, detail, err := edit(cur)
		if err != nil {
			return err
		}
		if err := tx.replace(ctx, p, cur, seq, next); err != nil {
			return err
		}
		return tx.audit(p, action, id, detail, outcomeOK)
	})
	if err != nil {
		return err
	}
	return denied
}

// UpdateRecord implements jisr.RecordService.
func (s *Store) UpdateRecord(ctx context.Context, p jisr.Principal, r *jisr.Record) error {
	return s.change(ctx, p, r.ID, jisr.ActUpdate,
		func(cur *jisr.Record) error {
			if err := policy.CanUpdate(p, cur); err != nil {
				return err
			}
			return policy.CanMark(p, cur, r)
		},
		func(cur *jisr.Record) (*jisr.Record, string, error) {
			if r.Version != cur.Version {
				return nil, "", &jisr.Error{Code: jisr.ECONFLICT, Field: "version",
					Message: fmt.Sprintf("the record changed since you opened it (now version %d); reload it and apply your change again", cur.Version)}
			}
			r.Originator = cur.Originator
			if err := r.Validate(s.Now()); err != nil {
				return nil, "", err
			}
			next := *r
			next.Attachments = nil
			return &next, fmt.Sprintf("version=%d", cur.Version+1), nil
		})
}

// SetReleasability implements jisr.RecordService.
func (s *Store) SetReleasability(ctx context.Context, p jisr.Principal, id string, rel jisr.Releasability) error {
	return s.change(ctx, p, id, jisr.ActRelease,
		func(cur *jisr.Record) error { return policy.CanRelease(p, cur) },
		func(cur *jisr.Record) (*jisr.Record, string, error) {
			if err := rel.Validate(cur.TLP); err != nil {
				return nil, "", err
			}
			next := *cur
			next.Releasability = rel
			b, _ := json.Marshal(rel)
			return &next, "releasability=" + string(b), nil
		})
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
