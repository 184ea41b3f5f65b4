package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Selector postings and hits (engine.HitStore, engine.HitTx): the queries
// only. Which values are common, which records meet and what each side of
// a hit may see are the engine's rules.

// AgencyCountry implements engine.HitStore (cached; agencies do not
// change country).
func (s *Store) AgencyCountry(code string) string {
	if v, ok := s.countries.Load(code); ok {
		return v.(string)
	}
	var c string
	if err := s.db.QueryRow(`SELECT country FROM agencies WHERE code = ?`, code).Scan(&c); err != nil {
		return ""
	}
	s.countries.Store(code, c)
	return c
}

// DropPostings implements engine.HitTx.
func (tx *Tx) DropPostings(seq int64) error {
	if _, err := tx.Exec(`UPDATE selector_keys SET count = count - 1 WHERE id IN (SELECT key_id FROM selector_postings WHERE seq = ?)`, seq); err != nil {
		return jisr.Internal(err)
	}
	if _, err := tx.Exec(`DELETE FROM selector_postings WHERE seq = ?`, seq); err != nil {
		return jisr.Internal(err)
	}
	return nil
}

// Post implements engine.HitTx.
func (tx *Tx) Post(key string, seq int64) (engine.Posted, error) {
	p := engine.Posted{KeyID: keyID(key)}
	var stored string
	if _, err := tx.stmt(tx.s.stmts.newKey).Exec(p.KeyID, key); err != nil {
		return p, jisr.Internal(fmt.Errorf("selector key: %w", err))
	}
	if _, err := tx.stmt(tx.s.stmts.bumpKey).Exec(p.KeyID); err != nil {
		return p, jisr.Internal(fmt.Errorf("selector key: %w", err))
	}
	if err := tx.stmt(tx.s.stmts.upsertKey).QueryRow(p.KeyID).Scan(&stored, &p.Count, &p.Common); err != nil {
		return p, jisr.Internal(fmt.Errorf("selector key: %w", err))
	}
	if stored != key {
		p.Collision = true
		return p, nil
	}
	if _, err := tx.stmt(tx.s.stmts.insertPosting).Exec(p.KeyID, seq); err != nil {
		return p, jisr.Internal(err)
	}
	return p, nil
}

// MarkCommon implements engine.HitTx.
func (tx *Tx) MarkCommon(keyID int64) error {
	_, err := tx.Exec(`UPDATE selector_keys SET common = 1 WHERE id = ?`, keyID)
	return internal(err)
}

// Holders implements engine.HitTx.
func (tx *Tx) Holders(key string, seq int64, limit int) ([]engine.Holder, error) {
	rows, err := tx.stmt(tx.s.stmts.postings).Query(keyID(key), seq, limit)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	defer rows.Close()
	var out []engine.Holder
	for rows.Next() {
		var h engine.Holder
		if err := rows.Scan(&h.Seq, &h.Agency); err != nil {
			return nil, jisr.Internal(err)
		}
		out = append(out, h)
	}
	return out, internal(rows.Err())
}

// Site implements engine.HitTx.
func (tx *Tx) Site(seq int64) (lat, lon float64, ok bool, err error) {
	var la, lo sql.NullFloat64
	if err := tx.QueryRow(`SELECT lat, lon FROM records WHERE seq = ?`, seq).Scan(&la, &lo); err != nil {
		return 0, 0, false, internal(err)
	}
	return la.Float64, lo.Float64, la.Valid && lo.Valid, nil
}

// Seizures implements engine.HitTx.
func (tx *Tx) Seizures(crossing, from, to, agency string, seq int64, limit int) ([]engine.SeizureAt, error) {
	rows, err := tx.Query(`SELECT seq, originator, pills, kg FROM records WHERE crossing = ? AND crossing != '' AND occurred_on BETWEEN ? AND ? AND kind = 'seizure' AND originator != ? AND seq != ? LIMIT ?`,
		crossing, from, to, agency, seq, limit)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	defer rows.Close()
	var out []engine.SeizureAt
	for rows.Next() {
		var c engine.SeizureAt
		if err := rows.Scan(&c.Seq, &c.Agency, &c.Pills, &c.Kg); err != nil {
			return nil, jisr.Internal(err)
		}
		out = append(out, c)
	}
	return out, internal(rows.Err())
}

// OldHits implements engine.HitTx.
func (tx *Tx) OldHits(seq int64) ([]engine.OldHit, error) {
	rows, err := tx.Query(`SELECT id, rule, coalesce(key_id, 0), CASE WHEN seq = ? THEN other ELSE seq END FROM hits WHERE (seq = ? OR other = ?) AND rule != 'name'`, seq, seq, seq)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	defer rows.Close()
	var out []engine.OldHit
	for rows.Next() {
		var h engine.OldHit
		if err := rows.Scan(&h.ID, &h.Rule, &h.KeyID, &h.Other); err != nil {
			return nil, jisr.Internal(err)
		}
		out = append(out, h)
	}
	return out, internal(rows.Err())
}

// InsertHit implements engine.HitTx.
func (tx *Tx) InsertHit(h engine.NewHit) error {
	var key any
	if h.KeyID != 0 {
		key = h.KeyID
	}
	if _, err := tx.stmt(tx.s.stmts.insertHit).Exec(h.Ref, h.Rule, key, h.Seq, h.Other, h.Score, h.Explanation, h.SeqAgency, h.OtherAgency, h.At); err != nil {
		return jisr.Internal(err)
	}
	return nil
}

// SetHitExplanation implements engine.HitTx.
func (tx *Tx) SetHitExplanation(id int64, score float64, explanation string) error {
	_, err := tx.Exec(`UPDATE hits SET score = ?, explanation = ? WHERE id = ?`, score, explanation, id)
	return internal(err)
}

// SetHitKey implements engine.HitTx.
func (tx *Tx) SetHitKey(id, keyID int64) error {
	_, err := tx.Exec(`UPDATE hits SET key_id = ? WHERE id = ?`, keyID, id)
	return internal(err)
}

// DeleteHit implements engine.HitTx.
func (tx *Tx) DeleteHit(id int64) error {
	_, err := tx.Exec(`DELETE FROM hits WHERE id = ?`, id)
	return internal(err)
}

// SetHitStatus implements engine.HitTx.
func (tx *Tx) SetHitStatus(id int64, status string) error {
	_, err := tx.Exec(`UPDATE hits SET status = ? WHERE id = ?`, status, id)
	return internal(err)
}

const hitCols = `h.id, h.ref, h.rule, coalesce(k.key, ''), coalesce(k.common, 0), h.seq, h.other, h.score, h.explanation, h.status, h.seq_agency, h.other_agency, h.created_at`

func scanHit(r scanner) (engine.StoredHit, error) {
	var h engine.StoredHit
	err := r.Scan(&h.ID, &h.Ref, &h.Rule, &h.Key, &h.Common, &h.Seq, &h.Other, &h.Score, &h.Explanation, &h.Status, &h.SeqAgency, &h.OtherAgency, &h.At)
	return h, err
}

func scanHits(rows *sql.Rows, err error) ([]engine.StoredHit, error) {
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []engine.StoredHit
	for rows.Next() {
		h, err := scanHit(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, h)
	}
	return out, internal(rows.Err())
}

// HitRow implements engine.HitTx.
func (tx *Tx) HitRow(ref string) (*engine.StoredHit, error) {
	h, err := scanHit(tx.QueryRow(`SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.ref = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, jisr.Internal(err)
	}
	return &h, nil
}

// RecordHitRows implements engine.HitStore.
func (s *Store) RecordHitRows(ctx context.Context, seq int64, limit int) ([]engine.StoredHit, error) {
	return scanHits(s.db.QueryContext(ctx, `SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.seq = ? OR h.other = ? ORDER BY h.id DESC LIMIT ?`, seq, seq, limit))
}

// InboxHitRows implements engine.HitStore: the hits of q.Agency's inbox,
// each seen from its side of q.Agency (own), whose own record is in an
// audience of q.Tokens, selected and ordered as q says.
func (s *Store) InboxHitRows(ctx context.Context, q engine.HitQuery) ([]engine.StoredHit, error) {
	weak := "0"
	var args []any
	if len(q.WeakRules) > 0 {
		weak = "h.rule IN (" + placeholders(len(q.WeakRules)) + ")"
	}
	rank := `CASE WHEN coalesce(k.common, 0) THEN 2 WHEN ` + weak + ` THEN 1 ELSE 0 END`
	side := func(own, far, ownAgency, farAgency, extra string) string {
		for _, w := range q.WeakRules {
			args = append(args, w)
		}
		args = append(args, q.Agency)
		return `SELECT h.id, h.ref, h.rule, coalesce(k.key, '') AS key, coalesce(k.common, 0) AS common, h.seq, h.other, h.score, h.explanation, h.status, h.seq_agency, h.other_agency, h.created_at, h.` + own + ` AS own_seq, h.` + far + ` AS far_seq, h.` + farAgency + ` AS far_agency, ` + rank + ` AS rank
			FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.` + ownAgency + ` = ?` + extra
	}
	first := side("seq", "other", "seq_agency", "other_agency", "")
	second := side("other", "seq", "other_agency", "seq_agency", " AND h.seq_agency != ?")
	args = append(args, q.Agency)
	cond, targs := visible(q.Tokens)
	pos := `((2 - x.rank) * ` + strconv.FormatInt(1<<engine.HitRankShift, 10) + ` + x.id)`
	where := []string{cond, pos + ` < ?`, `x.rank BETWEEN ? AND ?`}
	args = append(args, targs...)
	args = append(args, q.Before, q.MinRank, q.MaxRank)
	if q.Rule != "" {
		where, args = append(where, `x.rule = ?`), append(args, q.Rule)
	}
	if q.Far != "" {
		where, args = append(where, `x.far_agency = ?`), append(args, q.Far)
	}
	if q.Status != "" {
		where, args = append(where, `x.status = ?`), append(args, q.Status)
	}
	if q.Key != "" {
		where, args = append(where, `x.key = ?`), append(args, q.Key)
	}
	if q.OwnSeq != 0 {
		where, args = append(where, `x.own_seq = ?`), append(args, q.OwnSeq)
	}
	if q.FarReadable != 0 {
		fcond, fargs := visible(q.Tokens)
		fcond = strings.ReplaceAll(fcond, "r.aud", "f.aud")
		not := ""
		if q.FarReadable < 0 {
			not = "NOT "
		}
		where, args = append(where, not+`EXISTS (SELECT 1 FROM records f WHERE f.seq = x.far_seq AND `+fcond+`)`), append(args, fargs...)
	}
	args = append(args, q.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT x.id, x.ref, x.rule, x.key, x.common, x.seq, x.other, x.score, x.explanation, x.status, x.seq_agency, x.other_agency, x.created_at, `+pos+`
		FROM (`+first+` UNION ALL `+second+`) x JOIN records r ON r.seq = x.own_seq
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+pos+` DESC LIMIT ?`, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []engine.StoredHit
	for rows.Next() {
		var h engine.StoredHit
		if err := rows.Scan(&h.ID, &h.Ref, &h.Rule, &h.Key, &h.Common, &h.Seq, &h.Other, &h.Score, &h.Explanation, &h.Status, &h.SeqAgency, &h.OtherAgency, &h.At, &h.Pos); err != nil {
			return nil, internal(err)
		}
		out = append(out, h)
	}
	return out, internal(rows.Err())
}

// RecordAt implements engine.HitStore.
func (s *Store) RecordAt(ctx context.Context, seq int64) (*jisr.Record, error) {
	return recordAt(ctx, s.db, seq)
}

func recordAt(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, seq int64) (*jisr.Record, error) {
	var body []byte
	if err := q.QueryRowContext(ctx, `SELECT body FROM records WHERE seq = ?`, seq).Scan(&body); err != nil {
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
	args := make([]any, 0, len(seqs)+len(tokens))
	for _, q := range seqs {
		args = append(args, q)
	}
	cond, targs := visible(tokens)
	rows, err := s.db.QueryContext(ctx, `SELECT r.seq, r.body FROM records r WHERE r.seq IN (`+placeholders(len(seqs))+`) AND `+cond, append(args, targs...)...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var body []byte
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, internal(err)
		}
		r, err := decodeBody(body)
		if err != nil {
			return nil, internal(err)
		}
		out[seq] = r
	}
	return out, internal(rows.Err())
}

// IndexStats implements engine.HitStore.
func (s *Store) IndexStats(ctx context.Context) (engine.IndexStats, error) {
	var st engine.IndexStats
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM selector_postings), (SELECT count(*) FROM selector_keys), (SELECT count(*) FROM hits),
		(SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name IN ('selector_keys','selector_postings','selector_postings_seq','sqlite_autoindex_selector_keys_1'))`).Scan(&st.Postings, &st.Keys, &st.Hits, &st.SelectorBytes)
	return st, internal(err)
}

// stmt returns a prepared statement of the writer bound to this
// transaction, once per transaction: binding one (Tx.Stmt) for every
// row written costs an allocation and a statement to close at the end.
func (tx *Tx) stmt(st *sql.Stmt) *sql.Stmt {
	if b, ok := tx.stmts[st]; ok {
		return b
	}
	if tx.stmts == nil {
		tx.stmts = map[*sql.Stmt]*sql.Stmt{}
	}
	b := tx.Stmt(st)
	tx.stmts[st] = b
	return b
}

// keyID is the row id of a selector key: the first 63 bits of its SHA-256.
func keyID(key string) int64 {
	h := sha256.Sum256([]byte(key))
	return int64(binary.BigEndian.Uint64(h[:8]) >> 1)
}
