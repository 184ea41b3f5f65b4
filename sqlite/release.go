package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// AddReleaseRequest implements engine.RecordTx.
func (tx *Tx) AddReleaseRequest(rr *jisr.ReleaseRequest, seq int64, originator string) (int64, error) {
	wanted, _ := json.Marshal(rr.Wanted)
	res, err := tx.Exec(`INSERT INTO release_requests (seq, record_id, originator, requester, agency, wanted, reason, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)`,
		seq, rr.RecordID, originator, rr.Requester, rr.Agency, string(wanted), rr.Reason, rr.Status, rr.CreatedAt.UnixNano())
	if err != nil {
		return 0, jisr.Internal(err)
	}
	id, _ := res.LastInsertId()
	return id, nil
}

// ReleaseRequestTo implements engine.RecordTx.
func (tx *Tx) ReleaseRequestTo(id int64, agency string) (*jisr.ReleaseRequest, error) {
	rr, err := scanRequest(tx.QueryRow(`SELECT `+requestCols+` FROM release_requests WHERE id = ? AND originator = ?`, id, agency))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, jisr.Internal(err)
	}
	return rr, nil
}

// AnswerReleaseRequest implements engine.RecordTx.
func (tx *Tx) AnswerReleaseRequest(id int64, status, answer string) error {
	if _, err := tx.Exec(`UPDATE release_requests SET status = ?, answer = ?, answered_at = ? WHERE id = ?`, status, answer, tx.now.UnixNano(), id); err != nil {
		return jisr.Internal(err)
	}
	return nil
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
