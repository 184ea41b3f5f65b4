package engine

import (
	"context"
	"time"

	"github.com/jisr-cell/jisr"
)

// RequestStore is what the engine needs of a store for requests for
// information or action and for notifications (issue 11), outside a write.
// The store decides nothing: it finds and lists rows by the agency or user
// the engine names.
type RequestStore interface {
	// RequestList returns at most limit requests made by or addressed to
	// agency (q.Box narrows to one side), with position below before,
	// newest first; q.State and q.Overdue are applied by the engine.
	RequestList(ctx context.Context, agency string, box string, before int64, limit int) ([]*RequestRow, error)
	// RequestsDue returns at most limit requests not closed with a reply
	// still owed and a due time before until.
	RequestsDue(ctx context.Context, until time.Time, limit int) ([]*RequestRow, error)
	// RequestTimes returns the replies of the requests made by or addressed
	// to agency ("" for every request of the node), for the figures.
	RequestTimes(ctx context.Context, agency string) ([]RequestTime, error)
	// NotificationList returns at most limit notifications of user with
	// position below before, newest first (unread only if unread).
	NotificationList(ctx context.Context, userID int64, unread bool, before int64, limit int) ([]*NotificationRow, error)
	// UnreadNotifications counts user's unread notifications.
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	// EmailNotices reports whether user opted in to e-mail notices.
	EmailNotices(ctx context.Context, userID int64) (bool, error)
	// RequestCursor seals position pos of list for p (package cursor);
	// RequestPosition opens a cursor (EINVALID "cursor" if not p's).
	RequestCursor(p jisr.Principal, list string, pos int64) string
	RequestPosition(p jisr.Principal, list, cursor string) (int64, error)
}

// RequestTx is what the engine needs of a write transaction for requests
// and notifications.
type RequestTx interface {
	// RequestByID returns a request with every reply, or ENOTFOUND.
	RequestByID(id string) (*RequestRow, error)
	// InsertRequest stores a new request (r.ID set by the engine) with one
	// open reply per addressee, its records (store positions) and hits.
	InsertRequest(r *jisr.Request, records []int64) (pos int64, err error)
	// UpdateReply writes one addressee's reply of the request at pos and
	// bumps the request's version.
	UpdateReply(pos int64, reply *jisr.RequestReply, reminded, escalated bool) error
	// CloseRequest closes the request at pos and bumps its version.
	CloseRequest(pos int64, by string) error
	// RequestRecord returns the record id as a caller with the audience
	// tokens tokens may read it, and its position; ENOTFOUND otherwise.
	RequestRecord(tokens []string, id string) (*jisr.Record, int64, error)
	// RecordAt returns the record at position seq, whoever may read it
	// (the engine asks the policy what to show).
	RecordAt(seq int64) (*jisr.Record, error)
	// HitByRef returns the hit named ref (both sides), or ENOTFOUND.
	HitByRef(ref string) (*HitSides, error)
	// AgencyByCode returns an agency, or ENOTFOUND.
	AgencyByCode(code string) (*jisr.Agency, error)
	// NoticeUsers returns the users of the agencies, with their language,
	// e-mail address and e-mail opt-in.
	NoticeUsers(agencies []string) ([]*NoticeUser, error)
	// AddNotifications stores notices (ID, User set; UserID in NoticeUser).
	AddNotifications(ns []*Notice) error
	// MarkNotificationsRead marks user's notices read: those named, or
	// all when ids is empty. It returns how many changed.
	MarkNotificationsRead(userID int64, ids []string) (int, error)
	// SetEmailNotices sets user's e-mail opt-in.
	SetEmailNotices(userID int64, on bool) error
}

// RequestRow is a stored request: the request with every reply and the
// attached records' ids (Request.Records, unfiltered), its position and
// the positions of its records.
type RequestRow struct {
	Pos        int64
	Request    *jisr.Request
	RecordSeqs []int64
	// Reminded and Escalated name the addressees already reminded, and
	// told overdue.
	Reminded, Escalated map[string]bool
}

// RequestTime is one reply of a request, for the figures.
type RequestTime struct {
	From, To                       string
	Created, Due                   time.Time
	Acknowledged, Answered, Closed *time.Time
	State                          string
}

// NotificationRow is a stored notification and its position.
type NotificationRow struct {
	Pos int64
	N   *jisr.Notification
}

// HitSides is a hit as stored: both records and both agencies.
type HitSides struct {
	Ref                    string
	Seq, Other             int64
	SeqAgency, OtherAgency string
	Rule, Status           string
}

// NoticeUser is a user who may be told something.
type NoticeUser struct {
	User       *jisr.User
	EmailOptIn bool
}

// Notice is a notification to store for one user.
type Notice struct {
	UserID int64
	N      *jisr.Notification
}
