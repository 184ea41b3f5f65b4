package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/match"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/selectors"
)

// agencyCountry returns the country of an agency (cached; agencies do not
// change country).
func (s *Store) agencyCountry(code string) string {
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

// index writes the selector postings of a record and records its hits:
// for each selector, the other records already holding it (unless the
// value is common); for a facility, the facilities within a kilometre; for
// a seizure, possible duplicates reported by another agency.
func (tx *Tx) index(pr *prepared, seq int64, update bool) error {
	r := pr.r
	var rx *rehits
	if update {
		if _, err := tx.Exec(`UPDATE selector_keys SET count = count - 1 WHERE id IN (SELECT key_id FROM selector_postings WHERE seq = ?)`, seq); err != nil {
			return jisr.Internal(err)
		}
		if _, err := tx.Exec(`DELETE FROM selector_postings WHERE seq = ?`, seq); err != nil {
			return jisr.Internal(err)
		}
		var err error
		if rx, err = tx.oldHits(seq); err != nil {
			return err
		}
	}
	limit := tx.s.CommonLimit
	upsert, post, postings := tx.Stmt(tx.s.stmts.upsertKey), tx.Stmt(tx.s.stmts.insertPosting), tx.Stmt(tx.s.stmts.postings)
	newKey, bumpKey := tx.Stmt(tx.s.stmts.newKey), tx.Stmt(tx.s.stmts.bumpKey)
	// file posts the record under key and reports whether the key is
	// common (held by more than the limit: no hits for it).
	file := func(key string) (id int64, common bool, err error) {
		id = keyID(key)
		var count int64
		var stored string
		if _, err := newKey.Exec(id, key); err != nil {
			return 0, false, jisr.Internal(fmt.Errorf("selector key: %w", err))
		}
		if _, err := bumpKey.Exec(id); err != nil {
			return 0, false, jisr.Internal(fmt.Errorf("selector key: %w", err))
		}
		if err := upsert.QueryRow(id).Scan(&stored, &count, &common); err != nil {
			return 0, false, jisr.Internal(fmt.Errorf("selector key: %w", err))
		}
		if stored != key {
			tx.s.Logger.Warn("selector key hash collision; no hits for this value", "key", key)
			return id, true, nil
		}
		if _, err := post.Exec(id, seq); err != nil {
			return 0, false, jisr.Internal(err)
		}
		if !common && count > int64(limit) {
			// Over-matching value: flag it and stop making hits for it.
			if _, err := tx.Exec(`UPDATE selector_keys SET common = 1 WHERE id = ?`, id); err != nil {
				return 0, false, jisr.Internal(err)
			}
			common = true
		}
		if common {
			rx.keepCommon(id)
		}
		return id, common, nil
	}
	addHit := func(rule string, keyID int64, o holder, score float64, expl string) error {
		return tx.addHit(rx, hitCand{rule, keyID, o, score, expl}, seq, r.Originator)
	}
	for _, f := range pr.selectors {
		var mainID int64
		common := false
		for _, k := range f.Index {
			id, c, err := file(k)
			if err != nil {
				return err
			}
			if k == f.Key {
				mainID, common = id, c
			}
		}
		if common {
			continue
		}
		seen := map[int64]bool{}
		for _, q := range f.Query {
			others, err := holders(postings, keyID(q), seq, limit)
			if err != nil {
				return err
			}
			for _, o := range others {
				if seen[o.seq] {
					continue
				}
				seen[o.seq] = true
				if err := addHit(jisr.RuleSelector, mainID, o, 0, ""); err != nil {
					return err
				}
			}
		}
	}
	if lat, lon, ok := match.Site(r); ok {
		cells := match.SiteCells(lat, lon)
		// The facility is posted in its own cell; its cell and the
		// neighbouring ones are searched for facilities within the radius.
		id, common, err := file(cells[0])
		if err != nil {
			return err
		}
		for _, c := range cells {
			if common {
				break
			}
			others, err := holders(postings, keyID(c), seq, limit)
			if err != nil {
				return err
			}
			for _, o := range others {
				var olat, olon sql.NullFloat64
				if err := tx.QueryRow(`SELECT lat, lon FROM records WHERE seq = ?`, o.seq).Scan(&olat, &olon); err != nil || !olat.Valid {
					continue
				}
				if !match.Near(lat, lon, olat.Float64, olon.Float64) {
					continue
				}
				expl := fmt.Sprintf("sites %.0f m apart", selectors.Distance(lat, lon, olat.Float64, olon.Float64))
				if err := addHit(jisr.RuleSite, id, o, 0, expl); err != nil {
					return err
				}
			}
		}
	}
	if err := tx.duplicates(pr, seq, rx); err != nil {
		return err
	}
	return tx.settleHits(rx, seq, r.Originator)
}

// Hits are stable: when a record changes, a hit it still makes with the
// same record by the same rule (and, for selectors, the same value) keeps
// its row, so its ref and its answer; only hits it no longer makes are
// deleted. Name hits are settled by the name worker (see nameHits).

// hitCand is a hit found while indexing a record.
type hitCand struct {
	rule  string
	key   int64 // selector key id; 0 for none
	o     holder
	score float64
	expl  string
}

// oldHit is a stored hit of a record being re-indexed.
type oldHit struct {
	id, key int64
	kept    bool
}

// rehits holds the stored hits of a record being re-indexed, by rule and
// far record. nil when the record is new.
type rehits struct {
	old      map[string][]*oldHit
	deferred []hitCand      // selector hits with no stored hit of the same value
	common   map[int64]bool // keys now common: their stored hits stay
}

func bucket(rule string, other int64) string { return rule + ":" + strconv.FormatInt(other, 10) }

// oldHits loads the stored hits of seq (but name hits).
func (tx *Tx) oldHits(seq int64) (*rehits, error) {
	rx := &rehits{old: map[string][]*oldHit{}, common: map[int64]bool{}}
	rows, err := tx.Query(`SELECT id, rule, coalesce(key_id, 0), CASE WHEN seq = ? THEN other ELSE seq END FROM hits WHERE (seq = ? OR other = ?) AND rule != 'name'`, seq, seq, seq)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var h oldHit
		var rule string
		var other int64
		if err := rows.Scan(&h.id, &rule, &h.key, &other); err != nil {
			return nil, jisr.Internal(err)
		}
		b := bucket(rule, other)
		rx.old[b] = append(rx.old[b], &h)
	}
	return rx, internal(rows.Err())
}

func (rx *rehits) keepCommon(key int64) {
	if rx != nil {
		rx.common[key] = true
	}
}

// claim returns the stored hit that c is, if any: for selectors the one of
// the same value (or, with anyKey, any one left), for other rules any.
func (rx *rehits) claim(c hitCand, anyKey bool) *oldHit {
	if rx == nil {
		return nil
	}
	for _, h := range rx.old[bucket(c.rule, c.o.seq)] {
		if !h.kept && (c.rule != jisr.RuleSelector || anyKey || h.key == c.key) {
			h.kept = true
			return h
		}
	}
	return nil
}

// addHit records hit c of the record seq (of agency), or keeps the stored
// hit it is.
func (tx *Tx) addHit(rx *rehits, c hitCand, seq int64, agency string) error {
	if h := rx.claim(c, false); h != nil {
		if c.rule == jisr.RuleSelector {
			return nil
		}
		// A site or duplicate hit keeps its ref; its explanation follows the records.
		if _, err := tx.Exec(`UPDATE hits SET score = ?, explanation = ? WHERE id = ?`, c.score, c.expl, h.id); err != nil {
			return jisr.Internal(err)
		}
		return nil
	}
	if rx != nil && c.rule == jisr.RuleSelector {
		// Perhaps the same shared thing under another key (nearby
		// coordinates, a document of unknown country): decided at the end.
		rx.deferred = append(rx.deferred, c)
		return nil
	}
	return tx.insertHit(c, seq, agency)
}

func (tx *Tx) insertHit(c hitCand, seq int64, agency string) error {
	var key any
	if c.key != 0 {
		key = c.key
	}
	if _, err := tx.Stmt(tx.s.stmts.insertHit).Exec(newRef(), c.rule, key, seq, c.o.seq, c.score, c.expl, agency, c.o.agency, tx.now.UnixNano()); err != nil {
		return jisr.Internal(err)
	}
	tx.hits++
	return nil
}

// settleHits ends a re-indexing: a selector hit found under another key
// takes over a stored hit of the same pair left over (and its key); the
// stored hits not found again are deleted, but those of a value now common.
func (tx *Tx) settleHits(rx *rehits, seq int64, agency string) error {
	if rx == nil {
		return nil
	}
	for _, c := range rx.deferred {
		if h := rx.claim(c, true); h != nil {
			if _, err := tx.Exec(`UPDATE hits SET key_id = ? WHERE id = ?`, c.key, h.id); err != nil {
				return jisr.Internal(err)
			}
			continue
		}
		if err := tx.insertHit(c, seq, agency); err != nil {
			return err
		}
	}
	for _, hs := range rx.old {
		for _, h := range hs {
			if h.kept || rx.common[h.key] {
				continue
			}
			if _, err := tx.Exec(`DELETE FROM hits WHERE id = ?`, h.id); err != nil {
				return jisr.Internal(err)
			}
		}
	}
	return nil
}

// newRef returns the reference of a new hit: 128 random bits in hex.
func newRef() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return hex.EncodeToString(b[:])
}

// holder is a record that holds a selector, and its agency.
type holder struct {
	seq    int64
	agency string
}

// holders returns up to limit records other than seq posted under key id.
func holders(postings *sql.Stmt, id, seq int64, limit int) ([]holder, error) {
	rows, err := postings.Query(id, seq, limit)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	defer rows.Close()
	var out []holder
	for rows.Next() {
		var h holder
		if err := rows.Scan(&h.seq, &h.agency); err != nil {
			return nil, jisr.Internal(err)
		}
		out = append(out, h)
	}
	return out, internal(rows.Err())
}

// duplicates records possible duplicate seizures: another agency's seizure
// at the same crossing, a day either side, with a similar quantity.
func (tx *Tx) duplicates(pr *prepared, seq int64, rx *rehits) error {
	r, d := pr.r, pr.d
	if r.Kind != jisr.KindSeizure || d.crossing == "" || d.occurred == "" {
		return nil
	}
	day, err := time.Parse(time.DateOnly, d.occurred)
	if err != nil {
		return nil
	}
	rows, err := tx.Query(`SELECT seq, originator, pills, kg FROM records WHERE crossing = ? AND crossing != '' AND occurred_on BETWEEN ? AND ? AND kind = 'seizure' AND originator != ? AND seq != ? LIMIT 50`,
		d.crossing, day.AddDate(0, 0, -1).Format(time.DateOnly), day.AddDate(0, 0, 1).Format(time.DateOnly), r.Originator, seq)
	if err != nil {
		return jisr.Internal(err)
	}
	type cand struct {
		seq       int64
		agency    string
		pills, kg float64
	}
	var cs []cand
	for rows.Next() {
		var c cand
		if err := rows.Scan(&c.seq, &c.agency, &c.pills, &c.kg); err != nil {
			rows.Close()
			return jisr.Internal(err)
		}
		cs = append(cs, c)
	}
	rows.Close()
	for _, c := range cs {
		if !match.SimilarQuantity(d.pills, c.pills) && !match.SimilarQuantity(d.kg, c.kg) {
			continue
		}
		expl := fmt.Sprintf("same crossing %s, dates within a day, quantities %s and %s", d.crossing, qty(d.pills, d.kg), qty(c.pills, c.kg))
		if err := tx.addHit(rx, hitCand{jisr.RuleDuplicate, 0, holder{c.seq, c.agency}, 0, expl}, seq, r.Originator); err != nil {
			return err
		}
	}
	return nil
}

func qty(pills, kg float64) string {
	if pills > 0 {
		return strconv.FormatFloat(pills, 'f', 0, 64) + " pills"
	}
	return strconv.FormatFloat(kg, 'f', 1, 64) + " kg"
}

type hitRow struct {
	id, seq, other  int64
	ref             string // the hit's name outside the node
	rule, key, expl string
	status          string
	score           float64
	common          bool
	seqAgency       string
	otherAgency     string
	at              int64
}

const hitCols = `h.id, h.ref, h.rule, coalesce(k.key, ''), coalesce(k.common, 0), h.seq, h.other, h.score, h.explanation, h.status, h.seq_agency, h.other_agency, h.created_at`

func scanHit(r scanner) (*hitRow, error) {
	var h hitRow
	err := r.Scan(&h.id, &h.ref, &h.rule, &h.key, &h.common, &h.seq, &h.other, &h.score, &h.expl, &h.status, &h.seqAgency, &h.otherAgency, &h.at)
	return &h, err
}

type recordRef struct {
	r   *jisr.Record
	seq int64
}

// bySeq loads a record by seq with no access check: callers decide with
// policy what of it to show.
func (s *Store) bySeq(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, seq int64) (*jisr.Record, error) {
	var body []byte
	if err := q.QueryRowContext(ctx, `SELECT body FROM records WHERE seq = ?`, seq).Scan(&body); err != nil {
		return nil, err
	}
	return decodeBody(body)
}

// view turns a stored hit into what p may see of it from the side own.
// It returns nil when p may learn nothing of it.
func (s *Store) view(ctx context.Context, p jisr.Principal, h *hitRow, own *jisr.Record, other *jisr.Record) *jisr.Hit {
	disc := policy.HitDisclosure(p, other)
	if disc == "" || !policy.CanRead(p, own) {
		return nil
	}
	out := &jisr.Hit{ID: h.ref, Rule: h.rule, Record: own.ID, Score: h.score, Common: h.common,
		CreatedAt: time.Unix(0, h.at).UTC(), Other: jisr.HitOther{Disclosure: disc, Agency: other.Originator}}
	if t, v, ok := strings.Cut(h.key, ":"); ok && h.rule == jisr.RuleSelector {
		out.Type, out.Value = t, v
	}
	if disc == jisr.DisclosureFull {
		out.Other.RecordID, out.Other.Title, out.Other.Kind = other.ID, other.Title, other.Kind
		out.Explanation = h.expl
	} else {
		out.Status = h.status
		if h.rule == jisr.RuleDuplicate {
			out.Explanation = "another agency reported a seizure at the same crossing on about the same day with a similar quantity"
		}
	}
	return out
}

// RecordHits implements jisr.HitService.
func (s *Store) RecordHits(ctx context.Context, p jisr.Principal, recordID string) ([]*jisr.Hit, error) {
	own, seq, err := load(ctx, s.db, p, recordID)
	if err != nil {
		return nil, s.deny(ctx, p, jisr.ActHitRead, recordID, "", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.seq = ? OR h.other = ? ORDER BY h.id DESC LIMIT 500`, seq, seq)
	if err != nil {
		return nil, internal(err)
	}
	var hs []*hitRow
	for rows.Next() {
		h, err := scanHit(rows)
		if err != nil {
			rows.Close()
			return nil, internal(err)
		}
		hs = append(hs, h)
	}
	rows.Close()
	out := []*jisr.Hit{}
	for _, h := range hs {
		otherSeq := h.other
		if otherSeq == seq {
			otherSeq = h.seq
		}
		other, err := s.bySeq(ctx, s.db, otherSeq)
		if err != nil {
			return nil, internal(err)
		}
		if v := s.view(ctx, p, h, own, other); v != nil {
			out = append(out, v)
		}
	}
	seqs, err := s.hitSeqs(ctx, out)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, p, jisr.ActHitRead, recordID, fmt.Sprintf("n=%d", len(out)), append(seqs, seq)); err != nil {
		return nil, err
	}
	return out, nil
}

// Hits implements jisr.HitService: the inbox of the caller's agency.
func (s *Store) Hits(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.Hit, string, error) {
	page = page.Normalize()
	out := []*jisr.Hit{}
	if !policy.CanReadRecords(p.Role) {
		return out, "", nil
	}
	before, err := s.position(p, cursor.Hits, page.Cursor, 1<<62)
	if err != nil {
		return nil, "", err
	}
	next := ""
	for len(out) < page.Limit && before > 0 {
		rows, err := s.db.QueryContext(ctx, `SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id
			WHERE h.id IN (SELECT id FROM hits WHERE seq_agency = ? AND id < ? UNION SELECT id FROM hits WHERE other_agency = ? AND id < ?)
			ORDER BY h.id DESC LIMIT ?`, p.Agency, before, p.Agency, before, page.Limit)
		if err != nil {
			return nil, "", internal(err)
		}
		var hs []*hitRow
		for rows.Next() {
			h, err := scanHit(rows)
			if err != nil {
				rows.Close()
				return nil, "", internal(err)
			}
			hs = append(hs, h)
		}
		rows.Close()
		if len(hs) == 0 {
			before = 0
			break
		}
		for _, h := range hs {
			before = h.id
			ownSeq, otherSeq := h.seq, h.other
			if h.seqAgency != p.Agency {
				ownSeq, otherSeq = h.other, h.seq
			}
			own, err := s.bySeq(ctx, s.db, ownSeq)
			if err != nil {
				return nil, "", internal(err)
			}
			other, err := s.bySeq(ctx, s.db, otherSeq)
			if err != nil {
				return nil, "", internal(err)
			}
			if v := s.view(ctx, p, h, own, other); v != nil {
				out = append(out, v)
				if len(out) == page.Limit {
					next = s.cursorAt(p, cursor.Hits, h.id)
					break
				}
			}
		}
	}
	seqs, err := s.hitSeqs(ctx, out)
	if err != nil {
		return nil, "", err
	}
	if err := s.auditRead(ctx, p, jisr.ActHitInbox, "", fmt.Sprintf("n=%d", len(out)), seqs); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// hitSeqs are the records hits show by id (the caller's own, and the far
// side when disclosed in full), for the read index.
func (s *Store) hitSeqs(ctx context.Context, hs []*jisr.Hit) ([]int64, error) {
	var ids []string
	for _, h := range hs {
		ids = append(ids, h.Record)
		if h.Other.RecordID != "" {
			ids = append(ids, h.Other.RecordID)
		}
	}
	return s.seqsOf(ctx, ids)
}

// AnswerHit implements jisr.HitService. The hit is found, checked and
// answered in one write transaction (transit): first whether the caller
// sees it at all — from a record of its agency, as its inbox shows it —
// then its role, then whether it is still pending. A release widens the
// record to the other agency in the same transaction.
func (s *Store) AnswerHit(ctx context.Context, p jisr.Principal, ref string, release bool) error {
	var h *hitRow
	var own *jisr.Record
	var ownSeq int64
	var otherAgency string
	return s.transit(ctx, p, transition{action: jisr.ActHitAnswer, ref: ref, noun: "hit", from: jisr.HitPending,
		find: func(tx *Tx) (string, string, error) {
			var err error
			if h, own, ownSeq, otherAgency, err = s.visibleHit(ctx, tx, p, ref); err != nil {
				return "", "", err
			}
			return own.ID, h.status, nil
		},
		may: func() error { return policy.CanAnswerHit(p, own) },
		apply: func(tx *Tx) (string, error) {
			status := jisr.HitDeclined
			if release {
				status = jisr.HitReleased
				next := *own
				next.Releasability = widen(own.Releasability, jisr.Releasability{Agencies: []string{otherAgency}})
				if err := next.Releasability.Validate(own.TLP); err != nil {
					return "", err
				}
				if err := tx.replace(ctx, p, own, ownSeq, &next); err != nil {
					return "", err
				}
				b, _ := json.Marshal(next.Releasability)
				if err := tx.audit(p, jisr.ActRelease, own.ID, "releasability="+string(b)+" hit="+h.ref, outcomeOK); err != nil {
					return "", err
				}
			}
			// The hit keeps its row through the re-indexing of the record
			// (stable hits), so the answer stays on it.
			if _, err := tx.Exec(`UPDATE hits SET status = ? WHERE id = ?`, status, h.id); err != nil {
				return "", jisr.Internal(err)
			}
			return fmt.Sprintf("hit=%s %s to %s", h.ref, status, otherAgency), nil
		}})
}

// visibleHit finds the hit named ref as p sees it: from a record of p's
// agency, with something to show of it (view). Any other hit, and an
// absent one, is the same not found.
func (s *Store) visibleHit(ctx context.Context, tx *Tx, p jisr.Principal, ref string) (h *hitRow, own *jisr.Record, ownSeq int64, otherAgency string, err error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no such hit on your agency's records")
	h, err = scanHit(tx.QueryRow(`SELECT `+hitCols+` FROM hits h LEFT JOIN selector_keys k ON k.id = h.key_id WHERE h.ref = ?`, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, 0, "", notFound
	}
	if err != nil {
		return nil, nil, 0, "", jisr.Internal(err)
	}
	for _, side := range []struct {
		own, other      int64
		agency, oagency string
	}{{h.seq, h.other, h.seqAgency, h.otherAgency}, {h.other, h.seq, h.otherAgency, h.seqAgency}} {
		if side.agency != p.Agency {
			continue
		}
		own, err := s.bySeq(ctx, tx, side.own)
		if err != nil {
			return nil, nil, 0, "", jisr.Internal(err)
		}
		other, err := s.bySeq(ctx, tx, side.other)
		if err != nil {
			return nil, nil, 0, "", jisr.Internal(err)
		}
		if s.view(ctx, p, h, own, other) != nil {
			return h, own, side.own, side.oagency, nil
		}
	}
	return nil, nil, 0, "", notFound
}

// RecordSelectors returns the selectors indexed for a record the caller may read.
func (s *Store) RecordSelectors(ctx context.Context, p jisr.Principal, recordID string) ([]match.Found, error) {
	r, _, err := load(ctx, s.db, p, recordID)
	if err != nil {
		return nil, err
	}
	return match.Selectors(policy.Redact(p, r), s.agencyCountry(r.Originator)), nil
}

// IndexStats describes the selector index, for benchmarks.
type IndexStats struct {
	Postings, Keys, Hits int64
	SelectorBytes        int64 // pages of the selector tables and their indexes
}

// IndexStats measures the selector index.
func (s *Store) IndexStats(ctx context.Context) (IndexStats, error) {
	var st IndexStats
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM selector_postings), (SELECT count(*) FROM selector_keys), (SELECT count(*) FROM hits),
		(SELECT coalesce(sum(pgsize),0) FROM dbstat WHERE name IN ('selector_keys','selector_postings','selector_postings_seq','sqlite_autoindex_selector_keys_1'))`).Scan(&st.Postings, &st.Keys, &st.Hits, &st.SelectorBytes)
	return st, internal(err)
}

// keyID is the row id of a selector key: the first 63 bits of its SHA-256.
func keyID(key string) int64 {
	h := sha256.Sum256([]byte(key))
	return int64(binary.BigEndian.Uint64(h[:8]) >> 1)
}
