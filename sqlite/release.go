package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/jisr-cell/jisr"
)

// AddReleaseRequest implements engine.RecordTx.
func (tx *Tx) AddReleaseRequest(rr *jisr.ReleaseRequest, seq int64, originator string) error {
	wanted, _ := json.Marshal(rr.Wanted)
	res, err := tx.Exec(`INSERT INTO release_requests (ref, seq, record_id, originator, requester, agency, wanted, reason, status, created_at, kind, use_for, recipient, purpose) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		rr.ID, seq, rr.RecordID, originator, rr.Requester, rr.Agency, string(wanted), rr.Reason, rr.Status, rr.CreatedAt.UnixNano(), rr.Kind, rr.Use, rr.To, rr.Purpose)
	if err != nil {
		return jisr.Internal(err)
	}
	rr.Pos, _ = res.LastInsertId()
	return nil
}

// ReleaseRequestTo implements engine.RecordTx.
func (tx *Tx) ReleaseRequestTo(id string, agency string) (*jisr.ReleaseRequest, error) {
	return tx.oneRequest(`WHERE ref = ? AND originator = ?`, id, agency)
}

// oneRequest reads the release request the condition selects, or nil.
func (tx *Tx) oneRequest(where string, args ...any) (*jisr.ReleaseRequest, error) {
	rr, err := scanRequest(tx.QueryRow(`SELECT `+requestCols+` FROM release_requests `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, jisr.Internal(err)
	}
	return rr, nil
}

// ConsentAsked implements engine.RecordTx.
func (tx *Tx) ConsentAsked(recordID, agency, use, to string) (*jisr.ReleaseRequest, error) {
	return tx.oneRequest(`WHERE record_id = ? AND agency = ? AND kind = 'consent' AND use_for = ? AND recipient = ? AND status IN ('pending','accepted') ORDER BY id LIMIT 1`, recordID, agency, use, to)
}

// AnswerReleaseRequest implements engine.RecordTx.
func (tx *Tx) AnswerReleaseRequest(id string, status, answer string) error {
	if _, err := tx.Exec(`UPDATE release_requests SET status = ?, answer = ?, answered_at = ? WHERE ref = ?`, status, answer, tx.now.UnixNano(), id); err != nil {
		return jisr.Internal(err)
	}
	return nil
}

const requestCols = `id, ref, record_id, requester, agency, wanted, reason, status, answer, created_at, answered_at, kind, use_for, recipient, purpose`

func scanRequest(r scanner) (*jisr.ReleaseRequest, error) {
	var rr jisr.ReleaseRequest
	var wanted string
	var created int64
	var answered sql.NullInt64
	if err := r.Scan(&rr.Pos, &rr.ID, &rr.RecordID, &rr.Requester, &rr.Agency, &wanted, &rr.Reason, &rr.Status, &rr.Answer, &created, &answered, &rr.Kind, &rr.Use, &rr.To, &rr.Purpose); err != nil {
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
	return s.requestList(ctx, `SELECT `+requestCols+` FROM release_requests WHERE (agency = ? OR originator = ?) AND id < ? ORDER BY id DESC LIMIT ?`,
		agency, agency, before, limit)
}

// GrantedConsents implements engine.RecordStore.
func (s *Store) GrantedConsents(ctx context.Context, agency, recordID string) ([]*jisr.ReleaseRequest, error) {
	q := `SELECT ` + requestCols + ` FROM release_requests WHERE kind = 'consent' AND status = 'accepted' AND (agency = ? OR originator = ?)`
	args := []any{agency, agency}
	if recordID != "" {
		q += ` AND record_id = ?`
		args = append(args, recordID)
	}
	return s.requestList(ctx, q+` ORDER BY id`, args...)
}

// requestList reads the release requests query q selects.
func (s *Store) requestList(ctx context.Context, q string, args ...any) ([]*jisr.ReleaseRequest, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
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
