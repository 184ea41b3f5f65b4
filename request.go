package jisr

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Priority is how fast a request must be answered.
type Priority string

// Priorities, most pressing first.
const (
	PriorityUrgent  Priority = "urgent"
	PriorityHigh    Priority = "high"
	PriorityRoutine Priority = "routine"
)

// Priorities lists the priorities, most pressing first.
var Priorities = []Priority{PriorityUrgent, PriorityHigh, PriorityRoutine}

// DefaultDue is how long an addressee has to answer a request of each
// priority when the requester gives no due time.
var DefaultDue = map[Priority]time.Duration{
	PriorityUrgent:  24 * time.Hour,
	PriorityHigh:    72 * time.Hour,
	PriorityRoutine: 14 * 24 * time.Hour,
}

// States of a request for one addressee. A request goes to one or more
// agencies; each addressee acknowledges it, then answers or refuses it
// (with a reason); the requester closes the whole request (at any time,
// which also withdraws it).
//
//	open ──acknowledge──▶ acknowledged ──answer──▶ answered ──close──▶ closed
//	  │                        └────────refuse──▶ refused  ──close──▶ closed
//	  └──answer/refuse (acknowledges at the same time)
const (
	ReqOpen         = "open"
	ReqAcknowledged = "acknowledged"
	ReqAnswered     = "answered"
	ReqRefused      = "refused"
	ReqClosed       = "closed"
)

// Request actions: the changes of state, named as in the API.
const (
	ReqActAcknowledge = "acknowledge"
	ReqActAnswer      = "answer"
	ReqActRefuse      = "refuse"
	ReqActClose       = "close"
)

// RequestFrom lists, for each action, the states it starts from (of the
// caller's agency's reply for the addressees' actions, of the request for
// close).
var RequestFrom = map[string][]string{
	ReqActAcknowledge: {ReqOpen},
	ReqActAnswer:      {ReqOpen, ReqAcknowledged},
	ReqActRefuse:      {ReqOpen, ReqAcknowledged},
	ReqActClose:       {ReqOpen, ReqAcknowledged, ReqAnswered, ReqRefused},
}

// RequestTo is the state each action leads to.
var RequestTo = map[string]string{
	ReqActAcknowledge: ReqAcknowledged,
	ReqActAnswer:      ReqAnswered,
	ReqActRefuse:      ReqRefused,
	ReqActClose:       ReqClosed,
}

// Limits of a request.
const (
	MaxSubject        = 300    // a request's subject
	MaxRequestBody    = 20_000 // a request's text
	MaxRequestTo      = 20     // addressees of one request
	MaxRequestRecords = 50     // records attached to one request
	MaxRequestHits    = 50     // hits a request is about
	MaxAnswer         = 20_000 // an addressee's answer
	MaxHitRef         = 64     // a hit reference as given
	MaxRecordID       = 64     // a record id as given
)

// Request is a request for information or action from one agency to one or
// more others, about records, hits or blind hits. Records attached are
// released to the addressees by sending. Each addressee has its own Reply;
// an addressee sees its own reply only, the requesting agency sees all.
type Request struct {
	ID        string    `json:"id"`
	From      string    `json:"from"`       // requesting agency
	CreatedBy string    `json:"created_by"` // the requester (username)
	To        []string  `json:"to"`         // addressee agencies
	Subject   string    `json:"subject"`
	Body      string    `json:"body"`
	Priority  Priority  `json:"priority"`
	Due       time.Time `json:"due"`
	// Records are the attached records the viewer may read; Hits the hits
	// the request is about that the viewer may see (a hit is seen from
	// each side as HitService shows it: blind stays blind).
	Records []string `json:"records,omitempty"`
	Hits    []string `json:"hits,omitempty"`
	// State is the viewer's state: for an addressee, its own reply's; for
	// the requester, the request's (closed, or the least advanced reply).
	State     string         `json:"state"`
	Overdue   bool           `json:"overdue,omitempty"` // due passed and some reply not yet answered or refused
	Replies   []RequestReply `json:"replies"`
	Version   int            `json:"version"`
	CreatedAt time.Time      `json:"created_at"`
	ClosedAt  *time.Time     `json:"closed_at,omitempty"`
	ClosedBy  string         `json:"closed_by,omitempty"`
}

// RequestReply is one addressee's part of a request.
type RequestReply struct {
	Agency         string     `json:"agency"`
	State          string     `json:"state"`
	Answer         string     `json:"answer,omitempty"`
	Reason         string     `json:"reason,omitempty"` // of a refusal
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	AcknowledgedBy string     `json:"acknowledged_by,omitempty"`
	AnsweredAt     *time.Time `json:"answered_at,omitempty"` // answered or refused
	AnsweredBy     string     `json:"answered_by,omitempty"`
	Escalated      bool       `json:"escalated,omitempty"` // overdue, told to the addressee's supervisors
}

// Pending reports whether the addressee still owes an answer.
func (r RequestReply) Pending() bool { return r.State == ReqOpen || r.State == ReqAcknowledged }

// Reply returns the reply of agency, or nil.
func (r *Request) Reply(agency string) *RequestReply {
	for i := range r.Replies {
		if r.Replies[i].Agency == agency {
			return &r.Replies[i]
		}
	}
	return nil
}

// OverallState is the request's state as the requester sees it: closed,
// or else the least advanced of the replies (open before acknowledged
// before refused before answered).
func (r *Request) OverallState() string {
	if r.ClosedAt != nil {
		return ReqClosed
	}
	rank := map[string]int{ReqOpen: 0, ReqAcknowledged: 1, ReqRefused: 2, ReqAnswered: 3}
	state := ""
	for _, x := range r.Replies {
		if state == "" || rank[x.State] < rank[state] {
			state = x.State
		}
	}
	if state == "" {
		state = ReqOpen
	}
	return state
}

// IsOverdue reports whether at now the due time has passed while a reply
// is still owed and the request is not closed.
func (r *Request) IsOverdue(now time.Time) bool {
	if r.ClosedAt != nil || !now.After(r.Due) {
		return false
	}
	for _, x := range r.Replies {
		if x.Pending() {
			return true
		}
	}
	return false
}

// Validate checks a new request as sent: addressees, subject, text,
// priority, due time (after now; the default of the priority if zero),
// records and hits. Errors are EINVALID naming the JSON field. Checks that
// need the store (agencies that exist, records the caller reads) are the
// engine's. from is the requesting agency, which may not address itself.
func (r *Request) Validate(from string, now time.Time) error {
	if len(r.To) == 0 {
		return Because("to", "one_agency")
	}
	if err := checkList("to", len(r.To), MaxRequestTo); err != nil {
		return err
	}
	for i, a := range r.To {
		f := "to[" + itoa(i) + "]"
		if err := CheckText(f, a, MaxAgencyCode); err != nil {
			return err
		}
		if !ValidAgencyCode(a) {
			return Because(f, "agency_code")
		}
		if a == from {
			return Because(f, "request_own")
		}
		if slices.Contains(r.To[:i], a) {
			return Because(f, "used_twice", a)
		}
	}
	if err := CheckText("subject", r.Subject, MaxSubject); err != nil {
		return err
	}
	if strings.TrimSpace(r.Subject) == "" {
		return Because("subject", "required")
	}
	if err := CheckText("body", r.Body, MaxRequestBody); err != nil {
		return err
	}
	if strings.TrimSpace(r.Body) == "" {
		return Because("body", "say_ask")
	}
	if r.Priority == "" {
		r.Priority = PriorityRoutine
	}
	if !slices.Contains(Priorities, r.Priority) {
		return Because("priority", "priority")
	}
	if r.Due.IsZero() {
		r.Due = now.Add(DefaultDue[r.Priority]).UTC().Truncate(time.Second)
	} else if !r.Due.After(now) {
		return Because("due", "must_future")
	} else if r.Due.After(now.AddDate(1, 0, 0)) {
		return Because("due", "within_year")
	}
	if err := checkList("records", len(r.Records), MaxRequestRecords); err != nil {
		return err
	}
	for i, id := range r.Records {
		f := "records[" + itoa(i) + "]"
		if err := CheckText(f, id, MaxRecordID); err != nil {
			return err
		}
		if strings.TrimSpace(id) == "" {
			return Because(f, "empty")
		}
		if slices.Contains(r.Records[:i], id) {
			return Because(f, "record_twice", id)
		}
	}
	if err := checkList("hits", len(r.Hits), MaxRequestHits); err != nil {
		return err
	}
	for i, h := range r.Hits {
		f := "hits[" + itoa(i) + "]"
		if err := CheckText(f, h, MaxHitRef); err != nil {
			return err
		}
		if strings.TrimSpace(h) == "" {
			return Because(f, "empty")
		}
		if slices.Contains(r.Hits[:i], h) {
			return Because(f, "hit_twice", h)
		}
	}
	return nil
}

// ValidateRequestAnswer checks an addressee's answer (answer) or refusal
// (reason): required, valid text, at most MaxAnswer characters.
func ValidateRequestAnswer(field, text string) error {
	if err := CheckText(field, text, MaxAnswer); err != nil {
		return err
	}
	if strings.TrimSpace(text) == "" {
		if field == "reason" {
			return Because(field, "say_refuse")
		}
		return Because(field, "required")
	}
	return nil
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}

// RequestFilter selects requests in a list: made by the caller's agency
// (Box "sent"), addressed to it ("received"), or both (""); optionally in
// one state (the viewer's) or overdue only.
type RequestFilter struct {
	Box     string // "", "sent", "received"
	State   string
	Overdue bool
	Page    Page
}

// Request list boxes.
const (
	BoxSent     = "sent"
	BoxReceived = "received"
)

// RequestFigures are the response times of requests, per agency (as
// addressee) and per pair (requester → addressee), over the requests the
// caller's agency made or received. Durations are in seconds.
type RequestFigures struct {
	Agencies []RequestFigure `json:"agencies"`
	Pairs    []RequestFigure `json:"pairs"`
}

// RequestFigure is one row of RequestFigures. From is empty in the per
// agency rows.
type RequestFigure struct {
	From         string   `json:"from,omitempty"`
	To           string   `json:"to"`
	Requests     int      `json:"requests"`
	Open         int      `json:"open"`    // replies still owed
	Overdue      int      `json:"overdue"` // of which past due
	AckMedian    *float64 `json:"ack_median_s,omitempty"`
	AckP90       *float64 `json:"ack_p90_s,omitempty"`
	AnswerMedian *float64 `json:"answer_median_s,omitempty"`
	AnswerP90    *float64 `json:"answer_p90_s,omitempty"`
}

// RequestService carries requests between agencies. A request the caller
// may not see is ENOTFOUND exactly like an absent one; a change whose
// state has moved on is ECONFLICT (of concurrent answers one wins).
type RequestService interface {
	// CreateRequest sends r from the caller's agency. Attached records are
	// released to the addressees (policy.AttachRecord); hits must be seen
	// by the caller, and their far agency addressed.
	CreateRequest(ctx context.Context, p Principal, r *Request) error
	// Request returns one request as the caller may see it.
	Request(ctx context.Context, p Principal, id string) (*Request, error)
	// Requests lists the requests made by or addressed to the caller's
	// agency, newest first, with an opaque cursor.
	Requests(ctx context.Context, p Principal, f RequestFilter) ([]*Request, string, error)
	// ActOnRequest acknowledges, answers (text), refuses (text is the
	// reason) or closes a request (ReqAct…).
	ActOnRequest(ctx context.Context, p Principal, id, action, text string) error
	// RequestFigures returns the response-time figures.
	RequestFigures(ctx context.Context, p Principal) (*RequestFigures, error)
}

// Notification kinds.
const (
	NoteRequestNew          = "request.new"          // to the addressees
	NoteRequestAcknowledged = "request.acknowledged" // to the requester
	NoteRequestAnswered     = "request.answered"     // to the requester
	NoteRequestRefused      = "request.refused"      // to the requester
	NoteRequestClosed       = "request.closed"       // to the addressees
	NoteRequestReminder     = "request.reminder"     // to the addressees, before the due time
	NoteRequestOverdue      = "request.overdue"      // to the addressee's supervisors, and the requester
)

// Notification kinds of joint operations and agreed disclosures; Agency
// is the agency that acted, Subject the operation's name or the
// disclosure's title (the recipient sees the operation or disclosure).
const (
	NoteOperationInvited    = "operation.invited"    // to the agencies taking part or widened to
	NoteOperationChanged    = "operation.changed"    // to the other participants: closed, delivery started, handed over, acknowledged, ended, task set
	NoteDisclosureProposed  = "disclosure.proposed"  // to the originating agencies: consent asked (new draft, or edited)
	NoteDisclosureConsented = "disclosure.consented" // to the drafting agency
	NoteDisclosureRefused   = "disclosure.refused"   // to the drafting agency (the reason is in the disclosure)
	NoteDisclosureApproved  = "disclosure.approved"  // to the originating agencies
)

// NoteKinds lists every notification kind.
var NoteKinds = []string{NoteRequestNew, NoteRequestAcknowledged, NoteRequestAnswered,
	NoteRequestRefused, NoteRequestClosed, NoteRequestReminder, NoteRequestOverdue,
	NoteLookoutNew, NoteLookoutMatch,
	NoteOperationInvited, NoteOperationChanged,
	NoteDisclosureProposed, NoteDisclosureConsented, NoteDisclosureRefused, NoteDisclosureApproved}

// Notification tells one user that something happened. It carries no more
// than the recipient may read: the request's subject (the recipient reads
// the request) and the other agency's code; never a record's content, and
// of a blind hit only the agency.
type Notification struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"`
	Object    string    `json:"object"`          // the request id
	Agency    string    `json:"agency"`          // the other agency
	Subject   string    `json:"subject"`         // the request's subject
	Priority  Priority  `json:"priority"`        // of the request
	Due       time.Time `json:"due"`             // of the request
	Read      bool      `json:"read"`            // seen by the recipient
	CreatedAt time.Time `json:"created_at"`      //
	User      string    `json:"-"`               // the recipient (username), inside the node only
	Lang      string    `json:"-"`               // the recipient's language, for e-mail
	Email     string    `json:"-"`               // the recipient's address when opted in, for e-mail
	ForAgency string    `json:"-"`               // the agency whose webhook carries it
	Event     string    `json:"event,omitempty"` // "" for stored notices
}

// NotificationFilter selects a user's notifications.
type NotificationFilter struct {
	Unread bool
	Page   Page
}

// NotificationService keeps each user's notifications.
type NotificationService interface {
	// Notifications lists the caller's notifications, newest first.
	Notifications(ctx context.Context, p Principal, f NotificationFilter) ([]*Notification, string, error)
	// UnreadCount counts the caller's unread notifications.
	UnreadCount(ctx context.Context, p Principal) (int, error)
	// MarkRead marks the caller's notifications read: those named, or all
	// when ids is empty.
	MarkRead(ctx context.Context, p Principal, ids []string) error
	// SetEmailNotices turns the caller's e-mail notices on or off.
	SetEmailNotices(ctx context.Context, p Principal, on bool) error
	// EmailNotices reports whether the caller receives e-mail notices.
	EmailNotices(ctx context.Context, p Principal) (bool, error)
}

// EventService carries the caller's notifications live (server-sent
// events at GET /api/v1/events).
type EventService interface {
	// Events opens a live stream of the caller's notifications; stop
	// ends it. The channel is closed when the stream is dropped (a client
	// too slow to read) or stopped.
	Events(ctx context.Context, p Principal) (events <-chan *Notification, stop func(), err error)
}
