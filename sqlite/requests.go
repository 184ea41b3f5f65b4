package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Requests for information or action and notifications (issue 11): SQL
// only. The rules are in package engine (requests.go, notify.go); who may
// do what is decided in package policy.

var (
	_ engine.RequestStore = (*Store)(nil)
	_ engine.RequestTx    = (*Tx)(nil)
)

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

const requestRowCols = `pos, id, from_agency, created_by, subject, body, priority, due, created_at, closed_at, closed_by, version`

func nanos(t time.Time) int64 { return t.UnixNano() }

func fromNanos(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := time.Unix(0, n.Int64).UTC()
	return &t
}

func scanRequestRow(r scanner) (*engine.RequestRow, error) {
	var row engine.RequestRow
	q := &jisr.Request{}
	var due, created int64
	var closed sql.NullInt64
	if err := r.Scan(&row.Pos, &q.ID, &q.From, &q.CreatedBy, &q.Subject, &q.Body, &q.Priority, &due, &created, &closed, &q.ClosedBy, &q.Version); err != nil {
		return nil, err
	}
	q.Due, q.CreatedAt, q.ClosedAt = time.Unix(0, due).UTC(), time.Unix(0, created).UTC(), fromNanos(closed)
	row.Request = q
	return &row, nil
}

// fill reads the replies, records and hits of rows.
func fillRequests(ctx context.Context, q queryer, rows []*engine.RequestRow) error {
	for _, row := range rows {
		r := row.Request
		row.Reminded, row.Escalated = map[string]bool{}, map[string]bool{}
		rs, err := q.QueryContext(ctx, `SELECT agency, state, answer, reason, acknowledged_at, acknowledged_by, answered_at, answered_by, reminded, escalated
			FROM request_replies WHERE pos = ? ORDER BY i`, row.Pos)
		if err != nil {
			return internal(err)
		}
		for rs.Next() {
			var x jisr.RequestReply
			var ack, ans sql.NullInt64
			var reminded, escalated bool
			if err := rs.Scan(&x.Agency, &x.State, &x.Answer, &x.Reason, &ack, &x.AcknowledgedBy, &ans, &x.AnsweredBy, &reminded, &escalated); err != nil {
				rs.Close()
				return internal(err)
			}
			x.AcknowledgedAt, x.AnsweredAt, x.Escalated = fromNanos(ack), fromNanos(ans), escalated
			row.Reminded[x.Agency], row.Escalated[x.Agency] = reminded, escalated
			r.Replies = append(r.Replies, x)
			r.To = append(r.To, x.Agency)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return internal(err)
		}
		rs, err = q.QueryContext(ctx, `SELECT x.seq, coalesce(r.id, '') FROM request_records x LEFT JOIN records r ON r.seq = x.seq WHERE x.pos = ? ORDER BY x.i`, row.Pos)
		if err != nil {
			return internal(err)
		}
		for rs.Next() {
			var seq int64
			var id string
			if err := rs.Scan(&seq, &id); err != nil {
				rs.Close()
				return internal(err)
			}
			row.RecordSeqs = append(row.RecordSeqs, seq)
			r.Records = append(r.Records, id)
		}
		rs.Close()
		rs, err = q.QueryContext(ctx, `SELECT ref FROM request_hits WHERE pos = ? ORDER BY i`, row.Pos)
		if err != nil {
			return internal(err)
		}
		for rs.Next() {
			var ref string
			if err := rs.Scan(&ref); err != nil {
				rs.Close()
				return internal(err)
			}
			r.Hits = append(r.Hits, ref)
		}
		rs.Close()
	}
	return nil
}

func queryRequests(ctx context.Context, q queryer, query string, args ...any) ([]*engine.RequestRow, error) {
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, internal(err)
	}
	var out []*engine.RequestRow
	for rs.Next() {
		row, err := scanRequestRow(rs)
		if err != nil {
			rs.Close()
			return nil, internal(err)
		}
		out = append(out, row)
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, internal(err)
	}
	return out, fillRequests(ctx, q, out)
}

// RequestList implements engine.RequestStore.
func (s *Store) RequestList(ctx context.Context, agency, box string, before int64, limit int) ([]*engine.RequestRow, error) {
	var where string
	var args []any
	switch box {
	case jisr.BoxSent:
		where, args = `from_agency = ? AND pos < ?`, []any{agency, before}
	case jisr.BoxReceived:
		where, args = `pos IN (SELECT pos FROM request_replies WHERE agency = ? AND pos < ?)`, []any{agency, before}
	default:
		where, args = `pos IN (SELECT pos FROM requests WHERE from_agency = ? AND pos < ? UNION SELECT pos FROM request_replies WHERE agency = ? AND pos < ?)`,
			[]any{agency, before, agency, before}
	}
	return queryRequests(ctx, s.db, `SELECT `+requestRowCols+` FROM requests WHERE `+where+` ORDER BY pos DESC LIMIT ?`, append(args, limit)...)
}

// RequestsDue implements engine.RequestStore.
func (s *Store) RequestsDue(ctx context.Context, until time.Time, limit int) ([]*engine.RequestRow, error) {
	return queryRequests(ctx, s.db, `SELECT `+requestRowCols+` FROM requests WHERE closed_at IS NULL AND due < ?
		AND EXISTS (SELECT 1 FROM request_replies x WHERE x.pos = requests.pos AND x.state IN (?, ?)) ORDER BY due LIMIT ?`,
		nanos(until), jisr.ReqOpen, jisr.ReqAcknowledged, limit)
}

// RequestTimes implements engine.RequestStore.
func (s *Store) RequestTimes(ctx context.Context, agency string) ([]engine.RequestTime, error) {
	q := `SELECT q.from_agency, x.agency, q.created_at, q.due, x.acknowledged_at, x.answered_at, q.closed_at, x.state
		FROM request_replies x JOIN requests q ON q.pos = x.pos`
	var args []any
	if agency != "" {
		q += ` WHERE q.from_agency = ? OR x.agency = ?`
		args = []any{agency, agency}
	}
	rs, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rs.Close()
	var out []engine.RequestTime
	for rs.Next() {
		var t engine.RequestTime
		var created, due int64
		var ack, ans, closed sql.NullInt64
		if err := rs.Scan(&t.From, &t.To, &created, &due, &ack, &ans, &closed, &t.State); err != nil {
			return nil, internal(err)
		}
		t.Created, t.Due = time.Unix(0, created).UTC(), time.Unix(0, due).UTC()
		t.Acknowledged, t.Answered, t.Closed = fromNanos(ack), fromNanos(ans), fromNanos(closed)
		out = append(out, t)
	}
	return out, internal(rs.Err())
}

const notificationCols = `pos, id, kind, object, agency, subject, priority, due, created_at, read_at`

// NotificationList implements engine.RequestStore.
func (s *Store) NotificationList(ctx context.Context, userID int64, unread bool, before int64, limit int) ([]*engine.NotificationRow, error) {
	q := `SELECT ` + notificationCols + ` FROM notifications WHERE user_id = ? AND pos < ?`
	if unread {
		q += ` AND read_at IS NULL`
	}
	rs, err := s.db.QueryContext(ctx, q+` ORDER BY pos DESC LIMIT ?`, userID, before, limit)
	if err != nil {
		return nil, internal(err)
	}
	defer rs.Close()
	var out []*engine.NotificationRow
	for rs.Next() {
		n := &jisr.Notification{}
		var pos, due, created int64
		var read sql.NullInt64
		if err := rs.Scan(&pos, &n.ID, &n.Kind, &n.Object, &n.Agency, &n.Subject, &n.Priority, &due, &created, &read); err != nil {
			return nil, internal(err)
		}
		if due != 0 {
			n.Due = time.Unix(0, due).UTC()
		}
		n.CreatedAt, n.Read = time.Unix(0, created).UTC(), read.Valid
		out = append(out, &engine.NotificationRow{Pos: pos, N: n})
	}
	return out, internal(rs.Err())
}

// UnreadNotifications implements engine.RequestStore.
func (s *Store) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, internal(err)
}

// EmailNotices implements engine.RequestStore.
func (s *Store) EmailNotices(ctx context.Context, userID int64) (bool, error) {
	var on bool
	err := s.db.QueryRowContext(ctx, `SELECT email FROM notify_prefs WHERE user_id = ?`, userID).Scan(&on)
	if errors.Is(err, sql.ErrNoRows) {
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

// txq adapts a transaction to queryer with the transaction's context.
type txq struct{ *sql.Tx }

func (q txq) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return q.Tx.QueryRowContext(ctx, query, args...)
}

func (q txq) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.Tx.QueryContext(ctx, query, args...)
}

// RequestByID implements engine.RequestTx.
func (tx *Tx) RequestByID(id string) (*engine.RequestRow, error) {
	rows, err := queryRequests(context.Background(), txq{tx.Tx}, `SELECT `+requestRowCols+` FROM requests WHERE id = ?`, id)
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
	res, err := tx.Exec(`INSERT INTO requests (id, from_agency, created_by, subject, body, priority, due, created_at) VALUES (?,?,?,?,?,?,?,?)`,
		r.ID, r.From, r.CreatedBy, r.Subject, r.Body, r.Priority, nanos(r.Due), nanos(r.CreatedAt))
	if err != nil {
		return 0, internal(err)
	}
	pos, _ := res.LastInsertId()
	for i, a := range r.To {
		if _, err := tx.Exec(`INSERT INTO request_replies (pos, agency, i, state) VALUES (?,?,?,?)`, pos, a, i, jisr.ReqOpen); err != nil {
			return 0, internal(err)
		}
	}
	for i, seq := range records {
		if _, err := tx.Exec(`INSERT INTO request_records (pos, i, seq) VALUES (?,?,?)`, pos, i, seq); err != nil {
			return 0, internal(err)
		}
	}
	for i, ref := range r.Hits {
		if _, err := tx.Exec(`INSERT INTO request_hits (pos, i, ref) VALUES (?,?,?)`, pos, i, ref); err != nil {
			return 0, internal(err)
		}
	}
	return pos, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixNano()
}

// UpdateReply implements engine.RequestTx.
func (tx *Tx) UpdateReply(pos int64, x *jisr.RequestReply, reminded, escalated bool) error {
	res, err := tx.Exec(`UPDATE request_replies SET state = ?, answer = ?, reason = ?, acknowledged_at = ?, acknowledged_by = ?, answered_at = ?, answered_by = ?,
		reminded = ?, escalated = ? WHERE pos = ? AND agency = ?`,
		x.State, x.Answer, x.Reason, nullTime(x.AcknowledgedAt), x.AcknowledgedBy, nullTime(x.AnsweredAt), x.AnsweredBy, reminded, escalated, pos, x.Agency)
	if err != nil {
		return internal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return jisr.Internal(errors.New("request reply not found"))
	}
	_, err = tx.Exec(`UPDATE requests SET version = version + 1 WHERE pos = ?`, pos)
	return internal(err)
}

// CloseRequest implements engine.RequestTx.
func (tx *Tx) CloseRequest(pos int64, by string) error {
	_, err := tx.Exec(`UPDATE requests SET closed_at = ?, closed_by = ?, version = version + 1 WHERE pos = ?`, nanos(tx.now), by, pos)
	return internal(err)
}

// RequestRecord implements engine.RequestTx: the same audience filter as
// every read of records.
func (tx *Tx) RequestRecord(tokens []string, id string) (*jisr.Record, int64, error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no record %s, or not one you may see", id)
	if len(tokens) == 0 {
		return nil, 0, notFound
	}
	r, seq, err := readable(context.Background(), tx, tokens, id)
	if err == nil && r == nil {
		err = notFound
	}
	return r, seq, err
}

// RecordAt implements engine.RequestTx.
func (tx *Tx) RecordAt(seq int64) (*jisr.Record, error) {
	var body []byte
	if err := tx.QueryRow(`SELECT body FROM records WHERE seq = ?`, seq).Scan(&body); err != nil {
		return nil, internal(err)
	}
	r, err := decodeBody(body)
	return r, internal(err)
}

// HitByRef implements engine.RequestTx.
func (tx *Tx) HitByRef(ref string) (*engine.HitSides, error) {
	h := &engine.HitSides{Ref: ref}
	err := tx.QueryRow(`SELECT seq, other, seq_agency, other_agency, rule, status FROM hits WHERE ref = ?`, ref).
		Scan(&h.Seq, &h.Other, &h.SeqAgency, &h.OtherAgency, &h.Rule, &h.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no such hit on your agency's records")
	}
	return h, internal(err)
}

// AgencyByCode implements engine.RequestTx.
func (tx *Tx) AgencyByCode(code string) (*jisr.Agency, error) {
	a, err := scanAgency(tx.QueryRow(`SELECT code, country, name_ar, name_en, groups FROM agencies WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no agency %s", code)
	}
	return a, internal(err)
}

// NoticeUsers implements engine.RequestTx.
func (tx *Tx) NoticeUsers(agencies []string) ([]*engine.NoticeUser, error) {
	if len(agencies) == 0 {
		return nil, nil
	}
	args := make([]any, len(agencies))
	for i, a := range agencies {
		args[i] = a
	}
	rs, err := tx.Query(`SELECT u.id, u.username, u.display_name, u.agency, u.role, u.lang, u.email, u.disabled, coalesce(n.email, 0)
		FROM users u LEFT JOIN notify_prefs n ON n.user_id = u.id WHERE u.agency IN (`+placeholders(len(agencies))+`) ORDER BY u.id`, args...)
	if err != nil {
		return nil, internal(err)
	}
	defer rs.Close()
	var out []*engine.NoticeUser
	for rs.Next() {
		u := &jisr.User{}
		var nu engine.NoticeUser
		if err := rs.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Agency, &u.Role, &u.Lang, &u.Email, &u.Disabled, &nu.EmailOptIn); err != nil {
			return nil, internal(err)
		}
		nu.User = u
		out = append(out, &nu)
	}
	return out, internal(rs.Err())
}

// AddNotifications implements engine.RequestTx.
func (tx *Tx) AddNotifications(ns []*engine.Notice) error {
	for _, x := range ns {
		n := x.N
		var due int64
		if !n.Due.IsZero() {
			due = nanos(n.Due)
		}
		if _, err := tx.Exec(`INSERT INTO notifications (id, user_id, kind, object, agency, subject, priority, due, created_at) VALUES (?,?,?,?,?,?,?,?,?)`,
			n.ID, x.UserID, n.Kind, n.Object, n.Agency, n.Subject, n.Priority, due, nanos(n.CreatedAt)); err != nil {
			return internal(err)
		}
	}
	return nil
}

// MarkNotificationsRead implements engine.RequestTx.
func (tx *Tx) MarkNotificationsRead(userID int64, ids []string) (int, error) {
	q := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`
	args := []any{nanos(tx.now), userID}
	if len(ids) > 0 {
		q += ` AND id IN (` + placeholders(len(ids)) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	res, err := tx.Exec(q, args...)
	if err != nil {
		return 0, internal(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// SetEmailNotices implements engine.RequestTx.
func (tx *Tx) SetEmailNotices(userID int64, on bool) error {
	_, err := tx.Exec(`INSERT INTO notify_prefs (user_id, email) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email`, userID, on)
	return internal(err)
}
