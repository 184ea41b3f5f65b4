package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr/engine"
)

// Selector postings and hits (engine.HitStore, engine.HitTx): the queries
// only. Which values are common, which records meet and what each side of
// a hit may see are the engine's rules.

// keyID is the row id of a selector key: the first 63 bits of its SHA-256
// (as in package sqlite, so both stores name keys alike).
func keyID(key string) int64 {
	h := sha256.Sum256([]byte(key))
	return int64(binary.BigEndian.Uint64(h[:8]) >> 1)
}

// AgencyCountry implements engine.HitStore (cached; agencies do not
// change country).
func (s *Store) AgencyCountry(code string) string {
	if v, ok := s.countries.Load(code); ok {
		return v.(string)
	}
	var c string
	if err := s.pool.QueryRow(context.Background(), `SELECT country FROM agencies WHERE code = $1`, code).Scan(&c); err != nil {
		return ""
	}
	s.countries.Store(code, c)
	return c
}

// DropPostings implements engine.HitTx.
func (tx *Tx) DropPostings(seq int64) error {
	if _, err := tx.exec(`UPDATE selector_keys SET count = count - 1 WHERE id IN (SELECT key_id FROM selector_postings WHERE seq = $1)`, seq); err != nil {
		return internal(err)
	}
	_, err := tx.exec(`DELETE FROM selector_postings WHERE seq = $1`, seq)
	return internal(err)
}

// Post implements engine.HitTx: the key counted and the record posted in
// one statement (one round trip); on a collision (another key under the
// same row id) the record is not posted.
func (tx *Tx) Post(key string, seq int64) (engine.Posted, error) {
	p := engine.Posted{KeyID: keyID(key)}
	var stored string
	if err := tx.queryRow(`WITH k AS (
			INSERT INTO selector_keys (id, key, count) VALUES ($1, $2, 1)
			ON CONFLICT (id) DO UPDATE SET count = selector_keys.count + 1 RETURNING key, count, common),
		p AS (INSERT INTO selector_postings (key_id, seq) SELECT $1, $3 FROM k WHERE k.key = $2 ON CONFLICT DO NOTHING)
		SELECT key, count, common FROM k`, p.KeyID, key, seq).Scan(&stored, &p.Count, &p.Common); err != nil {
		return p, internal(fmt.Errorf("selector key: %w", err))
	}
	p.Collision = stored != key
	return p, nil
}

// MarkCommon implements engine.HitTx.
func (tx *Tx) MarkCommon(keyID int64) error {
	_, err := tx.exec(`UPDATE selector_keys SET common = true WHERE id = $1`, keyID)
	return internal(err)
}

// Holders implements engine.HitTx.
func (tx *Tx) Holders(key string, seq int64, limit int) ([]engine.Holder, error) {
	rows, err := tx.query(`SELECT p.seq, r.originator FROM selector_postings p JOIN records r ON r.seq = p.seq WHERE p.key_id = $1 AND p.seq <> $2 ORDER BY p.seq LIMIT $3`, keyID(key), seq, limit)
	return collect(rows, err, func(r pgx.Rows) (engine.Holder, error) {
		var h engine.Holder
		return h, r.Scan(&h.Seq, &h.Agency)
	})
}

// Site implements engine.HitTx.
func (tx *Tx) Site(seq int64) (lat, lon float64, ok bool, err error) {
	var la, lo *float64
	if err := tx.queryRow(`SELECT lat, lon FROM records WHERE seq = $1`, seq).Scan(&la, &lo); err != nil {
		return 0, 0, false, internal(err)
	}
	if la == nil || lo == nil {
		return 0, 0, false, nil
	}
	return *la, *lo, true, nil
}

// Seizures implements engine.HitTx.
func (tx *Tx) Seizures(crossing, from, to, agency string, seq int64, limit int) ([]engine.SeizureAt, error) {
	rows, err := tx.query(`SELECT seq, originator, pills, kg FROM records WHERE crossing = $1 AND crossing <> '' AND occurred_on BETWEEN $2 AND $3 AND kind = 'seizure' AND originator <> $4 AND seq <> $5 ORDER BY seq LIMIT $6`,
		crossing, from, to, agency, seq, limit)
	return collect(rows, err, func(r pgx.Rows) (engine.SeizureAt, error) {
		var c engine.SeizureAt
		return c, r.Scan(&c.Seq, &c.Agency, &c.Pills, &c.Kg)
	})
}

// OldHits implements engine.HitTx.
func (tx *Tx) OldHits(seq int64) ([]engine.OldHit, error) {
	rows, err := tx.query(`SELECT id, rule, coalesce(key_id, 0), CASE WHEN seq = $1 THEN other ELSE seq END FROM hits WHERE (seq = $1 OR other = $1) AND rule <> 'name' ORDER BY id`, seq)
	return collect(rows, err, func(r pgx.Rows) (engine.OldHit, error) {
		var h engine.OldHit
		return h, r.Scan(&h.ID, &h.Rule, &h.KeyID, &h.Other)
	})
}

// InsertHit implements engine.HitTx.
func (tx *Tx) InsertHit(h engine.NewHit) error {
	var key *int64
	if h.KeyID != 0 {
		key = &h.KeyID
	}
	_, err := tx.exec(`INSERT INTO hits (ref, rule, key_id, seq, other, score, explanation, seq_agency, other_agency, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
		h.Ref, h.Rule, key, h.Seq, h.Other, h.Score, h.Explanation, h.SeqAgency, h.OtherAgency, h.At)
	return internal(err)
}

// SetHitExplanation implements engine.HitTx.
func (tx *Tx) SetHitExplanation(id int64, score float64, explanation string) error {
	_, err := tx.exec(`UPDATE hits SET score = $1, explanation = $2 WHERE id = $3`, score, explanation, id)
	return internal(err)
}

// SetHitKey implements engine.HitTx.
func (tx *Tx) SetHitKey(id, keyID int64) error {
	_, err := tx.exec(`UPDATE hits SET key_id = $1 WHERE id = $2`, keyID, id)
	return internal(err)
}

// DeleteHit implements engine.HitTx.
func (tx *Tx) DeleteHit(id int64) error {
	_, err := tx.exec(`DELETE FROM hits WHERE id = $1`, id)
	return internal(err)
}

// SetHitStatus implements engine.HitTx.
func (tx *Tx) SetHitStatus(id int64, status string) error {
	_, err := tx.exec(`UPDATE hits SET status = $1 WHERE id = $2`, status, id)
	return internal(err)
}

const hitCols = `h.id, h.ref, h.rule, coalesce(k.key, ''), coalesce(k.common, false), h.seq, h.other, h.score, h.explanation, h.status, h.seq_agency, h.other_agency, h.created_at`

func scanHit(r pgx.Row) (engine.StoredHit, error) {
	var h engine.StoredHit
	err := r.Scan(&h.ID, &h.Ref, &h.Rule, &h.Key, &h.Common, &h.Seq, &h.Other, &h.Score, &h.Explanation, &h.Status, &h.SeqAgency, &h.OtherAgency, &h.At)
	return h, err
}

// HitRow implements engine.HitTx.
func (tx *Tx) HitRow(ref string) (*engine.StoredHit, error) {
	h, err := scanHit(tx.queryRow(`SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.ref = $1`, ref))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, internal(err)
	}
	return &h, nil
}

// RecordHitRows implements engine.HitStore.
func (s *Store) RecordHitRows(ctx context.Context, seq int64, limit int) ([]engine.StoredHit, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.seq = $1 OR h.other = $1 ORDER BY h.id DESC LIMIT $2`, seq, limit)
	return collect(rows, err, func(r pgx.Rows) (engine.StoredHit, error) { return scanHit(r) })
}

// InboxHitRows implements engine.HitStore: the hits of q.Agency's inbox,
// each seen from its side of q.Agency (own), whose own record is in an
// audience of q.Tokens, selected and ordered as q says.
func (s *Store) InboxHitRows(ctx context.Context, q engine.HitQuery) ([]engine.StoredHit, error) {
	var a args
	weak := a.p(nonNil(q.WeakRules))
	agency := a.p(q.Agency)
	rank := `CASE WHEN coalesce(k.common, false) THEN 2 WHEN h.rule = ANY(` + weak + `::text[]) THEN 1 ELSE 0 END`
	side := func(own, far, ownAgency, farAgency, extra string) string {
		return `SELECT h.id, h.ref, h.rule, coalesce(k.key, '') AS key, coalesce(k.common, false) AS common, h.seq, h.other, h.score, h.explanation, h.status, h.seq_agency, h.other_agency, h.created_at,
			h.` + own + ` AS own_seq, h.` + far + ` AS far_seq, h.` + farAgency + ` AS far_agency, ` + rank + ` AS rank
			FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.` + ownAgency + ` = ` + agency + extra
	}
	first := side("seq", "other", "seq_agency", "other_agency", "")
	second := side("other", "seq", "other_agency", "seq_agency", " AND h.seq_agency <> "+agency)
	pos := `((2 - x.rank)::bigint * ` + strconv.FormatInt(1<<engine.HitRankShift, 10) + ` + x.id)`
	where := []string{visible(&a, q.Tokens), pos + ` < ` + a.p(q.Before), `x.rank BETWEEN ` + a.p(q.MinRank) + ` AND ` + a.p(q.MaxRank)}
	if q.Rule != "" {
		where = append(where, `x.rule = `+a.p(q.Rule))
	}
	if q.Far != "" {
		where = append(where, `x.far_agency = `+a.p(q.Far))
	}
	if q.Status != "" {
		where = append(where, `x.status = `+a.p(q.Status))
	}
	if q.Key != "" {
		where = append(where, `x.key = `+a.p(q.Key))
	}
	if q.OwnSeq != 0 {
		where = append(where, `x.own_seq = `+a.p(q.OwnSeq))
	}
	if q.FarReadable != 0 {
		not := ""
		if q.FarReadable < 0 {
			not = "NOT "
		}
		where = append(where, not+`EXISTS (SELECT 1 FROM record_audience fa WHERE fa.seq = x.far_seq AND fa.token = ANY(`+a.p(nonNil(q.Tokens))+`::text[]))`)
	}
	rows, err := s.pool.Query(ctx, `SELECT x.id, x.ref, x.rule, x.key, x.common, x.seq, x.other, x.score, x.explanation, x.status, x.seq_agency, x.other_agency, x.created_at, `+pos+`
		FROM (`+first+` UNION ALL `+second+`) x JOIN records r ON r.seq = x.own_seq
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+pos+` DESC LIMIT `+a.p(q.Limit), a...)
	return collect(rows, err, func(r pgx.Rows) (engine.StoredHit, error) {
		var h engine.StoredHit
		err := r.Scan(&h.ID, &h.Ref, &h.Rule, &h.Key, &h.Common, &h.Seq, &h.Other, &h.Score, &h.Explanation, &h.Status, &h.SeqAgency, &h.OtherAgency, &h.At, &h.Pos)
		return h, err
	})
}

// IndexStats implements engine.HitStore.
func (s *Store) IndexStats(ctx context.Context) (engine.IndexStats, error) {
	var st engine.IndexStats
	err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM selector_postings), (SELECT count(*) FROM selector_keys), (SELECT count(*) FROM hits),
		pg_total_relation_size('selector_keys') + pg_total_relation_size('selector_postings')`).Scan(&st.Postings, &st.Keys, &st.Hits, &st.SelectorBytes)
	return st, internal(err)
}
