package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Requests for information or action and notifications (issue 11): SQL
// only. The rules are in package engine (requests.go, notify.go).

const requestRowCols = `pos, id, from_agency, created_by, subject, body, priority, due, created_at, closed_at, closed_by, version`

func nanos(t time.Time) int64 { return t.UnixNano() }

func scanRequestRow(r pgx.Row) (*engine.RequestRow, error) {
	var row engine.RequestRow
	q := &jisr.Request{}
	var due, created int64
	var closed *int64
	if err := r.Scan(&row.Pos, &q.ID, &q.From, &q.CreatedBy, &q.Subject, &q.Body, &q.Priority, &due, &created, &closed, &q.ClosedBy, &q.Version); err != nil {
		return nil, err
	}
	q.Due, q.CreatedAt, q.ClosedAt = time.Unix(0, due).UTC(), time.Unix(0, created).UTC(), fromNanos(closed)
	row.Request = q
	return &row, nil
}

// fillRequests reads the replies, records and hits of rows.
func fillRequests(ctx context.Context, q querier, rows []*engine.RequestRow) error {
	for _, row := range rows {
		r := row.Request
		row.Reminded, row.Escalated = map[string]bool{}, map[string]bool{}
		rs, err := q.Query(ctx, `SELECT agency, state, answer, reason, acknowledged_at, acknowledged_by, answered_at, answered_by, reminded, escalated
			FROM request_replies WHERE pos = $1 ORDER BY i`, row.Pos)
		replies, err := collect(rs, err, func(rs pgx.Rows) (jisr.RequestReply, error) {
			var x jisr.RequestReply
			var ack, ans *int64
			var reminded, escalated bool
			if err := rs.Scan(&x.Agency, &x.State, &x.Answer, &x.Reason, &ack, &x.AcknowledgedBy, &ans, &x.AnsweredBy, &reminded, &escalated); err != nil {
				return x, err
			}
			x.AcknowledgedAt, x.AnsweredAt, x.Escalated = fromNanos(ack), fromNanos(ans), escalated
			row.Reminded[x.Agency], row.Escalated[x.Agency] = reminded, escalated
			return x, nil
		})
		if err != nil {
			return err
		}
		for _, x := range replies {
			r.Replies = append(r.Replies, x)
			r.To = append(r.To, x.Agency)
		}
		rs, err = q.Query(ctx, `SELECT x.seq, coalesce(r.id, '') FROM request_records x LEFT JOIN records r ON r.seq = x.seq WHERE x.pos = $1 ORDER BY x.i`, row.Pos)
		recs, err := collect(rs, err, func(rs pgx.Rows) (struct {
			seq int64
			id  string
		}, error) {
			var v struct {
				seq int64
				id  string
			}
			return v, rs.Scan(&v.seq, &v.id)
		})
		if err != nil {
			return err
		}
		for _, v := range recs {
			row.RecordSeqs = append(row.RecordSeqs, v.seq)
			r.Records = append(r.Records, v.id)
		}
		rs, err = q.Query(ctx, `SELECT ref FROM request_hits WHERE pos = $1 ORDER BY i`, row.Pos)
		refs, err := collect(rs, err, func(rs pgx.Rows) (string, error) { var x string; return x, rs.Scan(&x) })
		if err != nil {
			return err
		}
		r.Hits = append(r.Hits, refs...)
	}
	return nil
}

func queryRequests(ctx context.Context, q querier, query string, args ...any) ([]*engine.RequestRow, error) {
	rs, err := q.Query(ctx, query, args...)
	out, err := collect(rs, err, func(r pgx.Rows) (*engine.RequestRow, error) { return scanRequestRow(r) })
	if err != nil {
		return nil, err
	}
	return out, fillRequests(ctx, q, out)
}

// RequestList implements engine.RequestStore.
func (s *Store) RequestList(ctx context.Context, agency, box string, before int64, limit int) ([]*engine.RequestRow, error) {
	var where string
	switch box {
	case jisr.BoxSent:
		where = `from_agency = $1 AND pos < $2`
	case jisr.BoxReceived:
		where = `pos IN (SELECT pos FROM request_replies WHERE agency = $1 AND pos < $2)`
	default:
		where = `pos IN (SELECT pos FROM requests WHERE from_agency = $1 AND pos < $2 UNION SELECT pos FROM request_replies WHERE agency = $1 AND pos < $2)`
	}
	return queryRequests(ctx, s.pool, `SELECT `+requestRowCols+` FROM requests WHERE `+where+` ORDER BY pos DESC LIMIT $3`, agency, before, limit)
}

// RequestsDue implements engine.RequestStore.
func (s *Store) RequestsDue(ctx context.Context, until time.Time, limit int) ([]*engine.RequestRow, error) {
	return queryRequests(ctx, s.pool, `SELECT `+requestRowCols+` FROM requests WHERE closed_at IS NULL AND due < $1
		AND EXISTS (SELECT 1 FROM request_replies x WHERE x.pos = requests.pos AND x.state IN ($2, $3)) ORDER BY due, pos LIMIT $4`,
		nanos(until), jisr.ReqOpen, jisr.ReqAcknowledged, limit)
}

// RequestTimes implements engine.RequestStore.
func (s *Store) RequestTimes(ctx context.Context, agency string) ([]engine.RequestTime, error) {
	q := `SELECT q.from_agency, x.agency, q.created_at, q.due, x.acknowledged_at, x.answered_at, q.closed_at, x.state
		FROM request_replies x JOIN requests q ON q.pos = x.pos`
	var a args
	if agency != "" {
		q += ` WHERE q.from_agency = $1 OR x.agency = $1`
		a = args{agency}
	}
	rs, err := s.pool.Query(ctx, q+` ORDER BY x.pos, x.i`, a...)
	return collect(rs, err, func(rs pgx.Rows) (engine.RequestTime, error) {
		var t engine.RequestTime
		var created, due int64
		var ack, ans, closed *int64
		if err := rs.Scan(&t.From, &t.To, &created, &due, &ack, &ans, &closed, &t.State); err != nil {
			return t, err
		}
		t.Created, t.Due = time.Unix(0, created).UTC(), time.Unix(0, due).UTC()
		t.Acknowledged, t.Answered, t.Closed = fromNanos(ack), fromNanos(ans), fromNanos(closed)
		return t, nil
	})
}

const notificationCols = `pos, id, kind, object, agency, subject, priority, due, created_at, read_at`

// NotificationList implements engine.RequestStore.
func (s *Store) NotificationList(ctx context.Context, userID int64, unread bool, before int64, limit int) ([]*engine.NotificationRow, error) {
	q := `SELECT ` + notificationCols + ` FROM notifications WHERE user_id = $1 AND pos < $2`
	if unread {
		q += ` AND read_at IS NULL`
	}
	rs, err := s.pool.Query(ctx, q+` ORDER BY pos DESC LIMIT $3`, userID, before, limit)
	return collect(rs, err, func(rs pgx.Rows) (*engine.NotificationRow, error) {
		n := &jisr.Notification{}
		var pos, due, created int64
		var read *int64
		if err := rs.Scan(&pos, &n.ID, &n.Kind, &n.Object, &n.Agency, &n.Subject, &n.Priority, &due, &created, &read); err != nil {
			return nil, err
		}
		if due != 0 {
			n.Due = time.Unix(0, due).UTC()
		}
		n.CreatedAt, n.Read = time.Unix(0, created).UTC(), read != nil
		return &engine.NotificationRow{Pos: pos, N: n}, nil
	})
}

// UnreadNotifications implements engine.RequestStore.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n, internal(err)
}

// EmailNotices implements engine.RequestStore.
func (s *Store) EmailNotices(ctx context.Context, userID int64) (bool, error) {
	var on bool
	err := s.pool.QueryRow(ctx, `SELECT email FROM notify_prefs WHERE user_id = $1`, userID).Scan(&on)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	return on, internal(err)
}

// RequestCursor implements engine.RequestStore.
func (s *Store) RequestCursor(p jisr.Principal, list string, pos int64) string {
	return s.cursorAt(p, list, pos)
}

// RequestPosition implements engine.RequestStore.
func (s *Store) RequestPosition(p jisr.Principal, list, c string) (int64, error) {
	return s.position(p, list, c, 1<<62)
}

// RequestByID implements engine.RequestTx.
func (tx *Tx) RequestByID(id string) (*engine.RequestRow, error) {
	rows, err := queryRequests(tx.ctx, tx.tx, `SELECT `+requestRowCols+` FROM requests WHERE id = $1`, id)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no request %s, or not one you may see", id)
	}
	return rows[0], nil
}

// InsertRequest implements engine.RequestTx.
func (tx *Tx) InsertRequest(r *jisr.Request, records []int64) (int64, error) {
	var pos int64
	if err := tx.queryRow(`INSERT INTO requests (id, from_agency, created_by, subject, body, priority, due, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING pos`,
		r.ID, r.From, r.CreatedBy, r.Subject, r.Body, r.Priority, nanos(r.Due), nanos(r.CreatedAt)).Scan(&pos); err != nil {
		return 0, internal(err)
	}
	for i, a := range r.To {
		if _, err := tx.exec(`INSERT INTO request_replies (pos, agency, i, state) VALUES ($1,$2,$3,$4)`, pos, a, i, jisr.ReqOpen); err != nil {
			return 0, internal(err)
		}
	}
	for i, seq := range records {
		if _, err := tx.exec(`INSERT INTO request_records (pos, i, seq) VALUES ($1,$2,$3)`, pos, i, seq); err != nil {
			return 0, internal(err)
		}
	}
	for i, ref := range r.Hits {
		if _, err := tx.exec(`INSERT INTO request_hits (pos, i, ref) VALUES ($1,$2,$3)`, pos, i, ref); err != nil {
			return 0, internal(err)
		}
	}
	return pos, nil
}

func nullTime(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	n := t.UnixNano()
	return &n
}

// UpdateReply implements engine.RequestTx.
func (tx *Tx) UpdateReply(pos int64, x *jisr.RequestReply, reminded, escalated bool) error {
	res, err := tx.exec(`UPDATE request_replies SET state = $1, answer = $2, reason = $3, acknowledged_at = $4, acknowledged_by = $5, answered_at = $6, answered_by = $7,
		reminded = $8, escalated = $9 WHERE pos = $10 AND agency = $11`,
		x.State, x.Answer, x.Reason, nullTime(x.AcknowledgedAt), x.AcknowledgedBy, nullTime(x.AnsweredAt), x.AnsweredBy, reminded, escalated, pos, x.Agency)
	if err != nil {
		return internal(err)
	}
	if res.RowsAffected() != 1 {
		return jisr.Internal(errors.New("request reply not found"))
	}
	_, err = tx.exec(`UPDATE requests SET version = version + 1 WHERE pos = $1`, pos)
	return internal(err)
}

// CloseRequest implements engine.RequestTx.
func (tx *Tx) CloseRequest(pos int64, by string) error {
	_, err := tx.exec(`UPDATE requests SET closed_at = $1, closed_by = $2, version = version + 1 WHERE pos = $3`, nanos(tx.now), by, pos)
	return internal(err)
}

// RequestRecord implements engine.RequestTx: the same audience filter as
// every read of records.
func (tx *Tx) RequestRecord(tokens []string, id string) (*jisr.Record, int64, error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no record %s, or not one you may see", id)
	if len(tokens) == 0 {
		return nil, 0, notFound
	}
	r, seq, err := readable(tx.ctx, tx.tx, tokens, id)
	if err == nil && r == nil {
		err = notFound
	}
	return r, seq, err
}

// HitByRef implements engine.RequestTx.
func (tx *Tx) HitByRef(ref string) (*engine.HitSides, error) {
	h := &engine.HitSides{Ref: ref}
	err := tx.queryRow(`SELECT seq, other, seq_agency, other_agency, rule, status FROM hits WHERE ref = $1`, ref).
		Scan(&h.Seq, &h.Other, &h.SeqAgency, &h.OtherAgency, &h.Rule, &h.Status)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no such hit on your agency's records")
	}
	return h, internal(err)
}

// NoticeUsers implements engine.RequestTx.
func (tx *Tx) NoticeUsers(agencies []string) ([]*engine.NoticeUser, error) {
	if len(agencies) == 0 {
		return nil, nil
	}
	rs, err := tx.query(`SELECT u.id, u.username, u.display_name, u.agency, u.role, u.lang, u.email, u.disabled, coalesce(n.email, false)
		FROM users u LEFT JOIN notify_prefs n ON n.user_id = u.id WHERE u.agency = ANY($1::text[]) ORDER BY u.id`, agencies)
	return collect(rs, err, func(rs pgx.Rows) (*engine.NoticeUser, error) {
		u := &jisr.User{}
		var nu engine.NoticeUser
		var role string
		if err := rs.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Agency, &role, &u.Lang, &u.Email, &u.Disabled, &nu.EmailOptIn); err != nil {
			return nil, err
		}
		u.Role = jisr.Role(role)
		nu.User = u
		return &nu, nil
	})
}

// AddNotifications implements engine.RequestTx.
func (tx *Tx) AddNotifications(ns []*engine.Notice) error {
	if len(ns) == 0 {
		return nil
	}
	ids := make([]string, len(ns))
	for i, x := range ns {
		ids[i] = x.N.ID
	}
	tx.peer = append(tx.peer, peerRow{notices: ids})
	for _, x := range ns {
		n := x.N
		var due int64
		if !n.Due.IsZero() {
			due = nanos(n.Due)
		}
		if _, err := tx.exec(`INSERT INTO notifications (id, user_id, kind, object, agency, subject, priority, due, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
			n.ID, x.UserID, n.Kind, n.Object, n.Agency, n.Subject, n.Priority, due, nanos(n.CreatedAt)); err != nil {
			return internal(err)
		}
	}
	return nil
}

// MarkNotificationsRead implements engine.RequestTx.
func (tx *Tx) MarkNotificationsRead(userID int64, ids []string) (int, error) {
	q := `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`
	a := args{nanos(tx.now), userID}
	if len(ids) > 0 {
		q += ` AND id = ANY(` + a.p(ids) + `::text[])`
	}
	res, err := tx.exec(q, a...)
	if err != nil {
		return 0, internal(err)
	}
	return int(res.RowsAffected()), nil
}

// SetEmailNotices implements engine.RequestTx.
func (tx *Tx) SetEmailNotices(userID int64, on bool) error {
	_, err := tx.exec(`INSERT INTO notify_prefs (user_id, email) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email`, userID, on)
	return internal(err)
}
