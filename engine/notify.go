package engine

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/notify"
	"github.com/jisr-cell/jisr/policy"
)

// Notices (issue 11). A change that tells someone writes the notices in
// its own transaction, one row per recipient that policy.NotifiesRequest
// names (only users who see the request); after the commit they go live to
// the recipients' open streams (notify.Hub), by e-mail to those who opted
// in (in their language), and to the webhooks of the agencies
// policy.NotifiesAgency names. A notice carries the request's subject and
// the other agency, never a record's content; of a blind hit, nothing but
// what the request already shows.

// Mailer sends one notice by e-mail (package mail).
type Mailer interface {
	Send(ctx context.Context, to, lang string, n *jisr.Notification) error
}

// Webhooks queues one notice for an agency's webhook (package webhook);
// it never blocks.
type Webhooks interface {
	Notify(agency string, n *jisr.Notification)
}

// Outlets are where notices go besides the store. Any may be nil.
type Outlets struct {
	Hub      *notify.Hub
	Mail     Mailer
	Webhooks Webhooks
	Log      *slog.Logger
}

// notices is the engine's state for notices: the outlets and the e-mail
// queue (bounded; a full queue drops the e-mail, the notice stays in jisr).
type notices struct {
	out   Outlets
	mail  chan mailJob
	stop  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	start sync.Once
}

type mailJob struct {
	to, lang string
	n        *jisr.Notification
}

// MailQueue is how many e-mails may wait to be sent.
const MailQueue = 1000

// WithOutlets sends notices to the outlets as well as the store.
func WithOutlets(o Outlets) Option {
	return func(e *Engine) {
		if o.Log == nil {
			o.Log = slog.Default()
		}
		e.notices.out = o
	}
}

// hub returns the event hub, made on first use.
func (e *Engine) hub() *notify.Hub {
	e.notices.start.Do(func() {
		if e.notices.out.Hub == nil {
			e.notices.out.Hub = notify.NewHub()
		}
		if e.notices.out.Log == nil {
			e.notices.out.Log = slog.Default()
		}
		e.notices.stop = make(chan struct{})
		if e.notices.out.Mail != nil {
			e.notices.mail = make(chan mailJob, MailQueue)
			e.notices.wg.Go(e.mailWorker)
		}
	})
	return e.notices.out.Hub
}

// CloseEvents ends every live stream (the HTTP server calls it when it
// shuts down, so that it waits for none).
func (e *Engine) CloseEvents() { e.hub().CloseAll() }

// closeNotices stops the e-mail worker (what is queued is dropped).
func (e *Engine) closeNotices() {
	e.hub().CloseAll()
	e.notices.once.Do(func() { close(e.notices.stop) })
	e.notices.wg.Wait()
}

func (e *Engine) mailWorker() {
	for {
		select {
		case <-e.notices.stop:
			return
		case j := <-e.notices.mail:
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			if err := e.notices.out.Mail.Send(ctx, j.to, j.lang, j.n); err != nil {
				e.notices.out.Log.Warn("e-mail notice not sent", "user", j.n.User, "kind", j.n.Kind, "err", err)
			}
			cancel()
		}
	}
}

// notice writes, in tx, the notices of kind about r to everyone
// policy.NotifiesRequest names (agency: the addressee concerned, "" for
// all), and sends them on after the commit.
func (e *Engine) notice(tx Tx, kind string, r *jisr.Request, agency string) error {
	agencies := policy.NotifiesAgency(kind, r, agency)
	users, err := tx.NoticeUsers(agencies)
	if err != nil {
		return err
	}
	now := tx.Now()
	base := jisr.Notification{Kind: kind, Object: r.ID, Subject: r.Subject, Priority: r.Priority, Due: r.Due, CreatedAt: now}
	other := func(of string) string { // the other agency, as of's users see it
		if of != r.From {
			return r.From
		}
		if agency != "" {
			return agency
		}
		if len(r.To) == 1 {
			return r.To[0]
		}
		return ""
	}
	var rows []*Notice
	var mails []mailJob
	for _, u := range users {
		if !policy.NotifiesRequest(kind, r, agency, u.User) {
			continue
		}
		n := base
		n.ID, n.User, n.Lang, n.Agency = uuid.Must(uuid.NewV7()).String(), u.User.Username, u.User.Lang, other(u.User.Agency)
		rows = append(rows, &Notice{UserID: u.User.ID, N: &n})
		if u.EmailOptIn && u.User.Email != "" {
			n.Email = u.User.Email
			mails = append(mails, mailJob{to: u.User.Email, lang: u.User.Lang, n: &n})
		}
	}
	if err := tx.AddNotifications(rows); err != nil {
		return err
	}
	tx.AfterCommit(func() {
		h := e.hub()
		for _, x := range rows {
			h.Publish(x.N)
		}
		if e.notices.mail != nil {
			for _, m := range mails {
				select {
				case e.notices.mail <- m:
				default:
					e.notices.out.Log.Warn("e-mail queue full: notice not mailed", "user", m.n.User, "kind", m.n.Kind)
				}
			}
		}
		if w := e.notices.out.Webhooks; w != nil {
			for _, a := range agencies {
				n := base
				n.ID, n.Agency = uuid.Must(uuid.NewV7()).String(), other(a)
				w.Notify(a, &n)
			}
		}
	})
	return nil
}

// Notifications implements jisr.NotificationService. Users whose role
// reads no records have none (a notice names a request, which only
// reading roles see).
func (e *Engine) Notifications(ctx context.Context, p jisr.Principal, f jisr.NotificationFilter) ([]*jisr.Notification, string, error) {
	out := []*jisr.Notification{}
	if p.UserID == 0 || !policy.CanReadRecords(p.Role) {
		return out, "", nil
	}
	page := f.Page.Normalize()
	before, err := e.st.RequestPosition(p, cursorNotifications, page.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := e.st.NotificationList(ctx, p.UserID, f.Unread, before, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		next = e.st.RequestCursor(p, cursorNotifications, rows[len(rows)-1].Pos)
	}
	for _, r := range rows {
		out = append(out, r.N)
	}
	return out, next, nil
}

// UnreadCount implements jisr.NotificationService.
func (e *Engine) UnreadCount(ctx context.Context, p jisr.Principal) (int, error) {
	if p.UserID == 0 || !policy.CanReadRecords(p.Role) {
		return 0, nil
	}
	return e.st.UnreadNotifications(ctx, p.UserID)
}

// MarkRead implements jisr.NotificationService.
func (e *Engine) MarkRead(ctx context.Context, p jisr.Principal, ids []string) error {
	if len(ids) > jisr.MaxPageLimit {
		return jisr.Because("ids", "too_many", jisr.MaxPageLimit)
	}
	for i, id := range ids {
		if err := jisr.CheckText("ids["+strconv.Itoa(i)+"]", id, 64); err != nil {
			return err
		}
	}
	if p.UserID == 0 {
		return nil
	}
	return e.st.Write(ctx, func(tx Tx) error {
		_, err := tx.MarkNotificationsRead(p.UserID, ids)
		return err
	})
}

// SetEmailNotices implements jisr.NotificationService.
func (e *Engine) SetEmailNotices(ctx context.Context, p jisr.Principal, on bool) error {
	if p.UserID == 0 {
		return jisr.Refused(jisr.EFORBIDDEN, "f_notices_users")
	}
	return e.st.Write(ctx, func(tx Tx) error { return tx.SetEmailNotices(p.UserID, on) })
}

// EmailNotices implements jisr.NotificationService.
func (e *Engine) EmailNotices(ctx context.Context, p jisr.Principal) (bool, error) {
	if p.UserID == 0 {
		return false, nil
	}
	return e.st.EmailNotices(ctx, p.UserID)
}

// Events implements jisr.EventService: the caller's notices, live.
func (e *Engine) Events(ctx context.Context, p jisr.Principal) (<-chan *jisr.Notification, func(), error) {
	if p.UserID == 0 || p.Username == "" || !policy.CanReadRecords(p.Role) {
		return nil, nil, jisr.Refused(jisr.EFORBIDDEN, "f_live_notices")
	}
	s := e.hub().Subscribe(p.Username)
	return s.C, s.Close, nil
}

// noticeTo writes base, in tx, to each user of agencies that allow names
// (the policy's Notifies… rule for the item), and sends the notices on
// after the commit; an agency's webhook carries base when allow names its
// liaison officers. Used by operations and disclosures.
func (e *Engine) noticeTo(tx Tx, base jisr.Notification, agencies []string, allow func(u *jisr.User, a *jisr.Agency) bool) error {
	users, err := tx.NoticeUsers(agencies)
	if err != nil {
		return err
	}
	byCode := map[string]*jisr.Agency{}
	for _, code := range agencies {
		a, err := tx.AgencyByCode(code)
		if err != nil && jisr.ErrorCode(err) != jisr.ENOTFOUND {
			return err
		}
		byCode[code] = a
	}
	var rows []*Notice
	var mails []mailJob
	for _, u := range users {
		if !allow(u.User, byCode[u.User.Agency]) {
			continue
		}
		n := base
		n.ID, n.User, n.Lang = uuid.Must(uuid.NewV7()).String(), u.User.Username, u.User.Lang
		rows = append(rows, &Notice{UserID: u.User.ID, N: &n})
		if u.EmailOptIn && u.User.Email != "" {
			n.Email = u.User.Email
			mails = append(mails, mailJob{to: u.User.Email, lang: u.User.Lang, n: &n})
		}
	}
	var hooks []string
	for _, code := range agencies {
		if byCode[code] != nil && allow(&jisr.User{Agency: code, Role: jisr.RoleLiaison}, byCode[code]) {
			hooks = append(hooks, code)
		}
	}
	if len(rows) > 0 {
		if err := tx.AddNotifications(rows); err != nil {
			return err
		}
	}
	e.deliver(tx, base, rows, mails, hooks)
	return nil
}
