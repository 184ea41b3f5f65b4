package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
)

// AddReleaseRequest implements engine.RecordTx.
func (tx *Tx) AddReleaseRequest(rr *jisr.ReleaseRequest, seq int64, originator string) error {
	wanted, _ := json.Marshal(rr.Wanted)
	err := tx.queryRow(`INSERT INTO release_requests (ref, seq, record_id, originator, requester, agency, wanted, reason, status, created_at, kind, use_for, recipient, purpose) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id`,
		rr.ID, seq, rr.RecordID, originator, rr.Requester, rr.Agency, string(wanted), rr.Reason, rr.Status, rr.CreatedAt.UnixNano(), rr.Kind, rr.Use, rr.To, rr.Purpose).Scan(&rr.Pos)
	return internal(err)
}

// ReleaseRequestTo implements engine.RecordTx.
func (tx *Tx) ReleaseRequestTo(id string, agency string) (*jisr.ReleaseRequest, error) {
	rr, err := scanRelease(tx.queryRow(`SELECT `+releaseCols+` FROM release_requests WHERE ref = $1 AND originator = $2`, id, agency))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return rr, internal(err)
}

// ConsentAsked implements engine.RecordTx.
func (tx *Tx) ConsentAsked(recordID, agency, use, to string) (*jisr.ReleaseRequest, error) {
	rr, err := scanRelease(tx.queryRow(`SELECT `+releaseCols+` FROM release_requests WHERE record_id = $1 AND agency = $2 AND kind = 'consent' AND use_for = $3 AND recipient = $4 AND status IN ('pending','accepted') ORDER BY id LIMIT 1`, recordID, agency, use, to))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return rr, internal(err)
}

// AnswerReleaseRequest implements engine.RecordTx.
func (tx *Tx) AnswerReleaseRequest(id string, status, answer string) error {
	_, err := tx.exec(`UPDATE release_requests SET status = $1, answer = $2, answered_at = $3 WHERE ref = $4`, status, answer, tx.now.UnixNano(), id)
	return internal(err)
}

const releaseCols = `id, ref, record_id, requester, agency, wanted, reason, status, answer, created_at, answered_at, kind, use_for, recipient, purpose`

func scanRelease(r pgx.Row) (*jisr.ReleaseRequest, error) {
	var rr jisr.ReleaseRequest
	var wanted string
	var created int64
	var answered *int64
	if err := r.Scan(&rr.Pos, &rr.ID, &rr.RecordID, &rr.Requester, &rr.Agency, &wanted, &rr.Reason, &rr.Status, &rr.Answer, &created, &answered, &rr.Kind, &rr.Use, &rr.To, &rr.Purpose); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(wanted), &rr.Wanted)
	rr.CreatedAt = time.Unix(0, created).UTC()
	rr.AnsweredAt = fromNanos(answered)
	return &rr, nil
}

// ReleaseRequestPage implements engine.RecordStore.
func (s *Store) ReleaseRequestPage(ctx context.Context, agency string, before int64, limit int) ([]*jisr.ReleaseRequest, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+releaseCols+` FROM release_requests WHERE (agency = $1 OR originator = $1) AND id < $2 ORDER BY id DESC LIMIT $3`,
		agency, before, limit)
	return collect(rows, err, func(r pgx.Rows) (*jisr.ReleaseRequest, error) { return scanRelease(r) })
}

// GrantedConsents implements engine.RecordStore.
func (s *Store) GrantedConsents(ctx context.Context, agency, recordID string) ([]*jisr.ReleaseRequest, error) {
	q := `SELECT ` + releaseCols + ` FROM release_requests WHERE kind = 'consent' AND status = 'accepted' AND (agency = $1 OR originator = $1)`
	args := []any{agency}
	if recordID != "" {
		q += ` AND record_id = $2`
		args = append(args, recordID)
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY id`, args...)
	return collect(rows, err, func(r pgx.Rows) (*jisr.ReleaseRequest, error) { return scanRelease(r) })
}

func fromNanos(n *int64) *time.Time {
	if n == nil {
		return nil
	}
	t := time.Unix(0, *n).UTC()
	return &t
}
