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

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
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
		Users:     union(a.Users, b.Users),
	}
}

// ReleaseRequestPage implements engine.RecordStore.
func (s *Store) ReleaseRequestPage(ctx context.Context, agency string, before int64, limit int) ([]*jisr.ReleaseRequest, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+requestCols+` FROM release_requests WHERE (agency = ? OR originator = ?) AND id < ? ORDER BY id DESC LIMIT ?`,
		agency, agency, before, limit)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []*jisr.ReleaseRequest
	for rows.Next() {
		rr, err := scanRequest(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, rr)
	}
	return out, internal(rows.Err())
}

// SeizureGroups implements engine.RecordStore: one query reads the
// caller's seizures once, grouped by country, month, concealment and
// crossing together. The seizure columns are read from their index, never
// from the record rows (a page or more each, with their bodies), also when
// the full-text index drives (recordQuery), so the plan does not depend on
// the caller's tokens.
func (s *Store) SeizureGroups(ctx context.Context, tokens []string, f jisr.RecordFilter) ([]engine.SeizureGroup, error) {
	q, args, err := statsQuery(tokens, f)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []engine.SeizureGroup
	for rows.Next() {
		var g engine.SeizureGroup
		if err := rows.Scan(&g.Country, &g.Month, &g.Concealment, &g.Crossing, &g.Seizures, &g.Pills, &g.Kilograms); err != nil {
			return nil, internal(err)
		}
		out = append(out, g)
	}
	return out, internal(rows.Err())
}

// statsQuery is the query of SeizureGroups: the seizures readable with
// tokens grouped by country, month, concealment and crossing.
func statsQuery(tokens []string, f jisr.RecordFilter) (string, []any, error) {
	f.Kind = jisr.KindSeizure
	q, args, err := recordQuery(tokens, f, "r.country, substr(r.occurred_on, 1, 7), r.concealment, r.crossing, count(*), total(r.pills), total(r.kg)")
	if err != nil {
		return "", nil, err
	}
	q = strings.Replace(q, " records r", " records r INDEXED BY records_kind_stats", 1)
	return q + " GROUP BY 1, 2, 3, 4", args, nil
}
