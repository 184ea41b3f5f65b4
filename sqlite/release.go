package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// RequestRelease implements jisr.RecordService.
func (s *Store) RequestRelease(ctx context.Context, p jisr.Principal, rr *jisr.ReleaseRequest) error {
	if err := rr.Validate(); err != nil {
		return err
	}
	var denied error
	err := s.write(ctx, func(tx *Tx) error {
		cur, seq, err := load(ctx, tx, p, rr.RecordID)
		if err == nil {
			err = policy.CanRequestRelease(p, cur)
		}
		if err != nil {
			denied = err
			return tx.audit(p, jisr.ActReleaseAsk, rr.RecordID, "", outcomeDenied)
		}
		if err := rr.Wanted.Validate(cur.TLP); err != nil {
			return err
		}
		if err := tx.checkReleasability(rr.Wanted); err != nil {
			return err
		}
		wanted, _ := json.Marshal(rr.Wanted)
		rr.Requester, rr.Agency, rr.Status, rr.CreatedAt = p.Username, p.Agency, jisr.RequestPending, tx.now
		res, err := tx.Exec(`INSERT INTO release_requests (seq, record_id, originator, requester, agency, wanted, reason, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)`,
			seq, cur.ID, cur.Originator, rr.Requester, rr.Agency, string(wanted), rr.Reason, rr.Status, tx.now.UnixNano())
		if err != nil {
			return jisr.Internal(err)
		}
		rr.ID, _ = res.LastInsertId()
		return tx.audit(p, jisr.ActReleaseAsk, cur.ID, "request="+strconv.FormatInt(rr.ID, 10)+" wanted="+string(wanted), outcomeOK)
	})
	if err != nil {
		return err
	}
	return denied
}

const requestCols = `id, record_id, requester, agency, wanted, reason, status, answer, created_at, answered_at`

func scanRequest(r scanner) (*jisr.ReleaseRequest, error) {
	var rr jisr.ReleaseRequest
	var wanted string
	var created int64
	var answered sql.NullInt64
	if err := r.Scan(&rr.ID, &rr.RecordID, &rr.Requester, &rr.Agency, &wanted, &rr.Reason, &rr.Status, &rr.Answer, &created, &answered); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(wanted), &rr.Wanted)
	rr.CreatedAt = time.Unix(0, created).UTC()
	if answered.Valid {
		t := time.Unix(0, answered.Int64).UTC()
		rr.AnsweredAt = &t
	}
	return &rr, nil
}

// AnswerRelease implements jisr.RecordService. The request is read,
// checked and answered in one write transaction (transit).
func (s *Store) AnswerRelease(ctx context.Context, p jisr.Principal, id int64, accept bool, answer string) error {
	if err := jisr.ValidateAnswer(answer); err != nil {
		return err
	}
	var rr *jisr.ReleaseRequest
	var cur *jisr.Record
	var seq int64
	return s.transit(ctx, p, transition{action: jisr.ActReleaseReply, ref: strconv.FormatInt(id, 10), noun: "release request", from: jisr.RequestPending,
		find: func(tx *Tx) (string, string, error) {
			// A request is visible to its originator's readers only; an
			// absent one and another agency's are the same not found.
			notFound := jisr.Errorf(jisr.ENOTFOUND, "no release request %d addressed to your agency", id)
			var err error
			rr, err = scanRequest(tx.QueryRow(`SELECT `+requestCols+` FROM release_requests WHERE id = ? AND originator = ?`, id, p.Agency))
			if errors.Is(err, sql.ErrNoRows) {
				return "", "", notFound
			}
			if err != nil {
				return "", "", jisr.Internal(err)
			}
			if cur, seq, err = load(ctx, tx, p, rr.RecordID); err != nil {
				if jisr.ErrorCode(err) == jisr.ENOTFOUND {
					err = notFound
				}
				return "", "", err
			}
			return rr.RecordID, rr.Status, nil
		},
		may: func() error { return policy.CanAnswerRelease(p, cur) },
		apply: func(tx *Tx) (string, error) {
			status := jisr.RequestRefused
			if accept {
				status = jisr.RequestAccepted
				next := *cur
				next.Releasability = widen(cur.Releasability, rr.Wanted)
				if err := next.Releasability.Validate(cur.TLP); err != nil {
					return "", err
				}
				if err := tx.replace(ctx, p, cur, seq, &next); err != nil {
					return "", err
				}
			}
			if _, err := tx.Exec(`UPDATE release_requests SET status = ?, answer = ?, answered_at = ? WHERE id = ?`, status, answer, tx.now.UnixNano(), id); err != nil {
				return "", jisr.Internal(err)
			}
			return fmt.Sprintf("request=%d %s", id, status), nil
		}})
}

func widen(a, b jisr.Releasability) jisr.Releasability {
	union := func(x, y []string) []string {
		out := append([]string{}, x...)
		for _, v := range y {
			found := false
			for _, w := range out {
				found = found || w == v
			}
			if !found {
				out = append(out, v)
			}
		}
		return out
	}
	return jisr.Releasability{
		Community: a.Community || b.Community,
		Agencies:  union(a.Agencies, b.Agencies),
		Countries: union(a.Countries, b.Countries),
		Groups:    union(a.Groups, b.Groups),
	}
}

// ReleaseRequests implements jisr.RecordService: requests the caller's
// agency made or must answer.
func (s *Store) ReleaseRequests(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.ReleaseRequest, string, error) {
	if !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Errorf(jisr.EFORBIDDEN, "release requests are for agency staff")
	}
	page = page.Normalize()
	before, err := s.position(p, cursor.ReleaseRequests, page.Cursor, 1<<62)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+requestCols+` FROM release_requests WHERE (agency = ? OR originator = ?) AND id < ? ORDER BY id DESC LIMIT ?`,
		p.Agency, p.Agency, before, page.Limit+1)
	if err != nil {
		return nil, "", internal(err)
	}
	return scanPage(rows, page.Limit, scanRequest, func(rr *jisr.ReleaseRequest) string { return s.cursorAt(p, cursor.ReleaseRequests, rr.ID) })
}

// Stats implements jisr.RecordService: aggregates of the seizures the
// caller may see, and only those. One query reads the caller's seizures
// once, grouped by country, month, concealment and crossing together; the
// four breakdowns and the totals are summed from those groups. With a text
// query the full-text index drives (recordQuery), so the plan does not
// depend on the caller's tokens.
func (s *Store) Stats(ctx context.Context, p jisr.Principal, f jisr.RecordFilter) (*jisr.SeizureStats, error) {
	f.Kind = jisr.KindSeizure
	st := &jisr.SeizureStats{ByCountry: []jisr.StatBucket{}, ByMonth: []jisr.StatBucket{}, ByConcealment: []jisr.StatBucket{}, ByCrossing: []jisr.StatBucket{}}
	if len(policy.Tokens(p)) > 0 {
		q, args, err := statsQuery(p, f)
		if err != nil {
			return nil, err
		}
		rows, err := s.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, internal(err)
		}
		buckets := [4]map[string]*jisr.StatBucket{{}, {}, {}, {}}
		for rows.Next() {
			var keys [4]string
			var n int
			var pills, kg float64
			if err := rows.Scan(&keys[0], &keys[1], &keys[2], &keys[3], &n, &pills, &kg); err != nil {
				rows.Close()
				return nil, internal(err)
			}
			st.Seizures += n
			st.Pills += pills
			st.Kilograms += kg
			for i, k := range keys {
				if k == "" {
					continue
				}
				b := buckets[i][k]
				if b == nil {
					b = &jisr.StatBucket{Key: k}
					buckets[i][k] = b
				}
				b.Seizures += n
				b.Pills += pills
				b.Kilograms += kg
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, internal(err)
		}
		for i, out := range []*[]jisr.StatBucket{&st.ByCountry, &st.ByMonth, &st.ByConcealment, &st.ByCrossing} {
			for _, b := range buckets[i] {
				*out = append(*out, *b)
			}
			slices.SortFunc(*out, func(a, b jisr.StatBucket) int { return strings.Compare(a.Key, b.Key) })
		}
	}
	if err := s.auditOnly(ctx, p, jisr.ActStats, "", fmt.Sprintf("seizures=%d", st.Seizures), outcomeOK); err != nil {
		return nil, err
	}
	return st, nil
}

// statsQuery is the query of Stats: the caller's seizures grouped by
// country, month, concealment and crossing. The seizure columns are read
// from their index, never from the record rows (a page or more each, with
// their bodies), also when the full-text index drives.
func statsQuery(p jisr.Principal, f jisr.RecordFilter) (string, []any, error) {
	f.Kind = jisr.KindSeizure
	q, args, err := recordQuery(p, f, "r.country, substr(r.occurred_on, 1, 7), r.concealment, r.crossing, count(*), total(r.pills), total(r.kg)")
	if err != nil {
		return "", nil, err
	}
	q = strings.Replace(q, " records r", " records r INDEXED BY records_kind_stats", 1)
	return q + " GROUP BY 1, 2, 3, 4", args, nil
}

// ExportRecords implements jisr.RecordService. Records the caller may read
// but not pass on (policy.Withheld: another agency's H2, TLP:RED or
// TLP:AMBER+STRICT) are left out; every record exported carries its
// caveats (policy.Caveats).
func (s *Store) ExportRecords(ctx context.Context, p jisr.Principal, f jisr.RecordFilter, fn func(*jisr.Record) error) (int, error) {
	n := 0
	withheld := map[string]int{}
	var seqs []int64
	// The export is audited before anything leaves, and again with what
	// left: every record, in the read index.
	if err := s.auditOnly(ctx, p, jisr.ActExport, "", "started "+s.listDetail(f, 0), outcomeOK); err != nil {
		return 0, err
	}
	if len(policy.Tokens(p)) > 0 {
		q, args, err := recordQuery(p, f, "r.seq, r.body")
		if err != nil {
			return 0, err
		}
		rows, err := s.db.QueryContext(ctx, q+" ORDER BY r.seq", args...)
		if err != nil {
			return 0, internal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var body []byte
			if err := rows.Scan(&seq, &body); err != nil {
				return n, internal(err)
			}
			r, err := decodeBody(body)
			if err != nil {
				return n, internal(err)
			}
			if why := policy.Withheld(p, r); why != "" {
				withheld[why]++
				continue
			}
			c := *policy.Redact(p, r)
			c.Caveats = policy.Caveats(p, r)
			if err := fn(&c); err != nil {
				return n, err
			}
			n++
			seqs = append(seqs, seq)
		}
		if err := rows.Err(); err != nil {
			return n, internal(err)
		}
	}
	detail := fmt.Sprintf("done %s withheld_h2=%d withheld_red=%d withheld_amber_strict=%d", s.listDetail(f, n),
		withheld[policy.HeldH2], withheld[policy.HeldRed], withheld[policy.HeldStrict])
	if err := s.auditRead(ctx, p, jisr.ActExport, "", detail, seqs); err != nil {
		return n, err
	}
	return n, nil
}
