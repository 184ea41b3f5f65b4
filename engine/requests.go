package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Requests for information or action (issue 11). The rules: who sees and
// who acts is policy (SeesRequest, CanActOnRequest, AttachRecord,
// RequestHit); every change of state goes through transit; attaching a
// record releases it by the release path in the same transaction; the
// notices of a change are written in its transaction and sent after the
// commit (notify.go).

// Page-cursor lists of this concern (package cursor binds a cursor to its
// list).
const (
	cursorRequests      = "requests"
	cursorNotifications = "notifications"
)

// requestActs maps an action to its audit action.
var requestActs = map[string]string{
	jisr.ReqActAcknowledge: jisr.ActRequestAck,
	jisr.ReqActAnswer:      jisr.ActRequestAnswer,
	jisr.ReqActRefuse:      jisr.ActRequestRefuse,
	jisr.ReqActClose:       jisr.ActRequestClose,
}

// ReminderLead is how long before the due time an addressee that owes a
// reply is reminded, per priority.
var ReminderLead = map[jisr.Priority]time.Duration{
	jisr.PriorityUrgent:  4 * time.Hour,
	jisr.PriorityHigh:    12 * time.Hour,
	jisr.PriorityRoutine: 48 * time.Hour,
}

func requestNotFound(id string) error {
	return jisr.Errorf(jisr.ENOTFOUND, "no request %s, or not one you may see", id)
}

// CreateRequest implements jisr.RequestService.
func (e *Engine) CreateRequest(ctx context.Context, p jisr.Principal, r *jisr.Request) error {
	if err := r.Validate(p.Agency, time.Now()); err != nil {
		return err
	}
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		refused = nil
		deny := func(err error, object string) error {
			refused = err
			return tx.Audit(p, jisr.ActRequestCreate, object, jisr.ErrorCode(err), OutcomeDenied)
		}
		if err := policy.CanSendRequest(p); err != nil {
			return deny(err, "")
		}
		agencies := make([]*jisr.Agency, len(r.To))
		for i, code := range r.To {
			a, err := tx.AgencyByCode(code)
			if jisr.ErrorCode(err) == jisr.ENOTFOUND {
				return jisr.Because(fmt.Sprintf("to[%d]", i), "no_agency", code)
			}
			if err != nil {
				return err
			}
			agencies[i] = a
		}
		type attach struct {
			cur     *jisr.Record
			seq     int64
			release []string
		}
		tokens := policy.Tokens(p)
		var attached []attach
		var seqs []int64
		for i, id := range r.Records {
			cur, seq, err := tx.RequestRecord(tokens, id)
			if jisr.ErrorCode(err) == jisr.ENOTFOUND {
				return deny(&jisr.Error{Code: jisr.ENOTFOUND, Field: fmt.Sprintf("records[%d]", i), Message: fmt.Sprintf("no record %s, or not one you may see", id)}, id)
			}
			if err != nil {
				return err
			}
			release, err := policy.AttachRecord(p, cur, agencies)
			if err != nil {
				return deny(err, id)
			}
			attached = append(attached, attach{cur, seq, release})
			seqs = append(seqs, seq)
		}
		for i, ref := range r.Hits {
			h, err := e.requestHit(tx, p, ref)
			if jisr.ErrorCode(err) == jisr.ENOTFOUND {
				return deny(&jisr.Error{Code: jisr.ENOTFOUND, Field: fmt.Sprintf("hits[%d]", i), Message: "no such hit on your agency's records"}, ref)
			}
			if err != nil {
				return err
			}
			if err := policy.RequestHit(h, r.To); err != nil {
				return err
			}
		}
		r.ID = uuid.Must(uuid.NewV7()).String()
		r.From, r.CreatedBy, r.CreatedAt, r.Version, r.ClosedAt, r.ClosedBy = p.Agency, p.Username, tx.Now(), 1, nil, ""
		r.Replies = nil
		for _, a := range r.To {
			r.Replies = append(r.Replies, jisr.RequestReply{Agency: a, State: jisr.ReqOpen})
		}
		r.State = jisr.ReqOpen
		if _, err := tx.InsertRequest(r, seqs); err != nil {
			return err
		}
		for _, at := range attached {
			if len(at.release) == 0 {
				continue
			}
			rel := widenAgencies(at.cur.Releasability, at.release)
			if err := rel.Validate(at.cur.TLP); err != nil {
				return err
			}
			b, _ := json.Marshal(rel)
			if err := e.releaseForRequest(tx, p, at.cur, at.seq, rel, "releasability="+string(b)+" request="+r.ID); err != nil {
				return err
			}
		}
		detail := fmt.Sprintf("to=%s priority=%s due=%s records=%d hits=%d", strings.Join(r.To, ","), r.Priority,
			r.Due.UTC().Format(time.RFC3339), len(r.Records), len(r.Hits))
		if err := tx.AuditReads(p, jisr.ActRequestCreate, r.ID, detail, OutcomeOK, seqs); err != nil {
			return err
		}
		return e.notice(tx, jisr.NoteRequestNew, r, "")
	})
	if err != nil {
		return err
	}
	return refused
}

// widenAgencies adds agencies to rel.
func widenAgencies(rel jisr.Releasability, agencies []string) jisr.Releasability {
	out := rel
	out.Agencies = slices.Clone(rel.Agencies)
	for _, a := range agencies {
		if !slices.Contains(out.Agencies, a) {
			out.Agencies = append(out.Agencies, a)
		}
	}
	return out
}

// requestHit returns the hit ref as p sees it from a record of p's agency
// (full or blind, as the hits inbox shows it), or ENOTFOUND exactly like
// an absent hit.
func (e *Engine) requestHit(tx Tx, p jisr.Principal, ref string) (*jisr.Hit, error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no such hit on your agency's records")
	h, err := tx.HitByRef(ref)
	if jisr.ErrorCode(err) == jisr.ENOTFOUND {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	for _, side := range [2]struct {
		own, other int64
		agency     string
	}{{h.Seq, h.Other, h.SeqAgency}, {h.Other, h.Seq, h.OtherAgency}} {
		if side.agency != p.Agency || p.Agency == "" {
			continue
		}
		own, err := tx.RecordAt(side.own)
		if err != nil {
			return nil, err
		}
		other, err := tx.RecordAt(side.other)
		if err != nil {
			return nil, err
		}
		disc := policy.HitDisclosure(p, other)
		if disc == "" || !policy.CanRead(p, own) {
			continue
		}
		out := &jisr.Hit{ID: h.Ref, Rule: h.Rule, Record: own.ID, Other: jisr.HitOther{Disclosure: disc, Agency: other.Originator}}
		if disc == jisr.DisclosureFull {
			out.Other.RecordID = other.ID
		}
		return out, nil
	}
	return nil, notFound
}

// viewRequest is row as p sees it (p sees the request): p's replies
// (policy.RequestView), the attached records p reads and the hits p sees
// from its side. seqs are the records shown, for the read index.
func (e *Engine) viewRequest(tx Tx, p jisr.Principal, row *RequestRow) (v *jisr.Request, seqs []int64, err error) {
	v = policy.RequestView(p, row.Request)
	v.Records, v.Hits = nil, nil
	for _, seq := range row.RecordSeqs {
		rec, err := tx.RecordAt(seq)
		if err != nil {
			return nil, nil, err
		}
		if policy.CanRead(p, rec) {
			v.Records = append(v.Records, rec.ID)
			seqs = append(seqs, seq)
		}
	}
	for _, ref := range row.Request.Hits {
		h, err := e.requestHit(tx, p, ref)
		if err == nil {
			v.Hits = append(v.Hits, h.ID)
		} else if jisr.ErrorCode(err) != jisr.ENOTFOUND {
			return nil, nil, err
		}
	}
	now := tx.Now()
	if p.Agency == row.Request.From {
		v.Overdue = row.Request.IsOverdue(now)
	} else if x := row.Request.Reply(p.Agency); x != nil {
		v.Overdue = row.Request.ClosedAt == nil && x.Pending() && now.After(row.Request.Due)
	}
	return v, seqs, nil
}

// Request implements jisr.RequestService.
func (e *Engine) Request(ctx context.Context, p jisr.Principal, id string) (*jisr.Request, error) {
	var out *jisr.Request
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		out, refused = nil, nil
		row, err := tx.RequestByID(id)
		if err == nil && !policy.SeesRequest(p, row.Request.From, row.Request.To) {
			err = requestNotFound(id)
		}
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			refused = requestNotFound(id)
			return tx.Audit(p, jisr.ActRequestRead, id, jisr.ENOTFOUND, OutcomeDenied)
		}
		if err != nil {
			return err
		}
		v, seqs, err := e.viewRequest(tx, p, row)
		if err != nil {
			return err
		}
		out = v
		return tx.AuditReads(p, jisr.ActRequestRead, id, "", OutcomeOK, seqs)
	})
	if err != nil {
		return nil, err
	}
	return out, refused
}

// Requests implements jisr.RequestService.
func (e *Engine) Requests(ctx context.Context, p jisr.Principal, f jisr.RequestFilter) ([]*jisr.Request, string, error) {
	if p.Agency == "" || !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Refused(jisr.EFORBIDDEN, "f_requests")
	}
	switch f.Box {
	case "", jisr.BoxSent, jisr.BoxReceived:
	default:
		return nil, "", jisr.Because("box", "box")
	}
	if f.State != "" && f.State != jisr.ReqOpen && f.State != jisr.ReqAcknowledged && f.State != jisr.ReqAnswered &&
		f.State != jisr.ReqRefused && f.State != jisr.ReqClosed {
		return nil, "", jisr.Because("state", "req_state")
	}
	page := f.Page.Normalize()
	before, err := e.st.RequestPosition(p, cursorRequests, page.Cursor)
	if err != nil {
		return nil, "", err
	}
	var out []*jisr.Request
	next := ""
	err = e.st.Write(ctx, func(tx Tx) error {
		out, next = nil, ""
		var seqs []int64
		at := before
		batch := page.Limit + 1
		for len(out) < page.Limit && at > 0 {
			rows, err := e.st.RequestList(ctx, p.Agency, f.Box, at, batch)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				break
			}
			for _, row := range rows {
				at = row.Pos
				v, s, err := e.viewRequest(tx, p, row)
				if err != nil {
					return err
				}
				if (f.State != "" && v.State != f.State) || (f.Overdue && !v.Overdue) {
					continue
				}
				out = append(out, v)
				seqs = append(seqs, s...)
				if len(out) == page.Limit {
					next = e.st.RequestCursor(p, cursorRequests, row.Pos)
					break
				}
			}
			if len(rows) < batch {
				if len(out) < page.Limit {
					next = ""
				}
				break
			}
		}
		detail := fmt.Sprintf("box=%s state=%s overdue=%v n=%d", f.Box, f.State, f.Overdue, len(out))
		return tx.AuditReads(p, jisr.ActRequestList, "", detail, OutcomeOK, seqs)
	})
	if err != nil {
		return nil, "", err
	}
	if out == nil {
		out = []*jisr.Request{}
	}
	return out, next, nil
}

// ActOnRequest implements jisr.RequestService: acknowledge, answer,
// refuse or close, through transit.
func (e *Engine) ActOnRequest(ctx context.Context, p jisr.Principal, id, action, text string) error {
	audit, ok := requestActs[action]
	if !ok {
		return jisr.Because("action", "req_action")
	}
	switch action {
	case jisr.ReqActAnswer:
		if err := jisr.ValidateRequestAnswer("answer", text); err != nil {
			return err
		}
	case jisr.ReqActRefuse:
		if err := jisr.ValidateRequestAnswer("reason", text); err != nil {
			return err
		}
	}
	const may = "may" // the state transit expects when the action may start
	var row *RequestRow
	return e.transit(ctx, p, transition{action: audit, ref: id, noun: "request", from: may,
		find: func(tx Tx) (string, string, error) {
			var err error
			row, err = tx.RequestByID(id)
			if err == nil && !policy.SeesRequest(p, row.Request.From, row.Request.To) {
				err = requestNotFound(id)
			}
			if jisr.ErrorCode(err) == jisr.ENOTFOUND {
				return id, "", requestNotFound(id)
			}
			if err != nil {
				return "", "", err
			}
			state := row.Request.OverallState()
			if action != jisr.ReqActClose && state != jisr.ReqClosed {
				if x := row.Request.Reply(p.Agency); x != nil {
					state = x.State
				}
			}
			if slices.Contains(jisr.RequestFrom[action], state) {
				return id, may, nil
			}
			return id, state, nil
		},
		may: func() error { return policy.CanActOnRequest(p, action, row.Request) },
		apply: func(tx Tx) (string, error) {
			r := row.Request
			now := tx.Now()
			if action == jisr.ReqActClose {
				if err := tx.CloseRequest(row.Pos, p.Username); err != nil {
					return "", err
				}
				r.ClosedAt, r.ClosedBy = &now, p.Username
				return "state=closed", e.notice(tx, jisr.NoteRequestClosed, r, "")
			}
			x := r.Reply(p.Agency)
			if x.AcknowledgedAt == nil {
				x.AcknowledgedAt, x.AcknowledgedBy = &now, p.Username
			}
			kind := jisr.NoteRequestAcknowledged
			switch action {
			case jisr.ReqActAnswer:
				x.Answer, x.AnsweredAt, x.AnsweredBy, kind = text, &now, p.Username, jisr.NoteRequestAnswered
			case jisr.ReqActRefuse:
				x.Reason, x.AnsweredAt, x.AnsweredBy, kind = text, &now, p.Username, jisr.NoteRequestRefused
			}
			x.State = jisr.RequestTo[action]
			if err := tx.UpdateReply(row.Pos, x, row.Reminded[x.Agency], row.Escalated[x.Agency]); err != nil {
				return "", err
			}
			return "agency=" + x.Agency + " state=" + x.State, e.notice(tx, kind, r, x.Agency)
		}})
}

// RequestFigures implements jisr.RequestService: response times over the
// requests the caller's agency made or received, and nothing else.
func (e *Engine) RequestFigures(ctx context.Context, p jisr.Principal) (*jisr.RequestFigures, error) {
	if p.Agency == "" || !policy.CanReadRecords(p.Role) {
		return nil, jisr.Refused(jisr.EFORBIDDEN, "f_request_figures")
	}
	times, err := e.st.RequestTimes(ctx, p.Agency)
	if err != nil {
		return nil, err
	}
	figs := Figures(times, time.Now())
	err = e.st.Write(ctx, func(tx Tx) error {
		return tx.Audit(p, jisr.ActRequestList, "", fmt.Sprintf("figures replies=%d", len(times)), OutcomeOK)
	})
	if err != nil {
		return nil, err
	}
	return figs, nil
}

// Figures computes the response-time figures of replies at now: per
// addressee and per pair, the number of requests, the replies still owed
// and overdue, and the median and 90th percentile (nearest rank) of the
// time to acknowledge and to answer or refuse.
func Figures(times []RequestTime, now time.Time) *jisr.RequestFigures {
	type acc struct {
		f        jisr.RequestFigure
		ack, ans []float64
	}
	agencies, pairs := map[string]*acc{}, map[string]*acc{}
	add := func(m map[string]*acc, key, from, to string, t RequestTime) {
		a := m[key]
		if a == nil {
			a = &acc{f: jisr.RequestFigure{From: from, To: to}}
			m[key] = a
		}
		a.f.Requests++
		pending := t.Closed == nil && (t.State == jisr.ReqOpen || t.State == jisr.ReqAcknowledged)
		if pending {
			a.f.Open++
			if now.After(t.Due) {
				a.f.Overdue++
			}
		}
		if t.Acknowledged != nil {
			a.ack = append(a.ack, t.Acknowledged.Sub(t.Created).Seconds())
		}
		if t.Answered != nil {
			a.ans = append(a.ans, t.Answered.Sub(t.Created).Seconds())
		}
	}
	for _, t := range times {
		add(agencies, t.To, "", t.To, t)
		add(pairs, t.From+"\x00"+t.To, t.From, t.To, t)
	}
	done := func(m map[string]*acc) []jisr.RequestFigure {
		out := []jisr.RequestFigure{}
		for _, a := range m {
			a.f.AckMedian, a.f.AckP90 = percentile(a.ack, 50), percentile(a.ack, 90)
			a.f.AnswerMedian, a.f.AnswerP90 = percentile(a.ans, 50), percentile(a.ans, 90)
			out = append(out, a.f)
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].From != out[j].From {
				return out[i].From < out[j].From
			}
			return out[i].To < out[j].To
		})
		return out
	}
	return &jisr.RequestFigures{Agencies: done(agencies), Pairs: done(pairs)}
}

// percentile is the nearest-rank q-th percentile of v, nil when v is empty.
func percentile(v []float64, q int) *float64 {
	if len(v) == 0 {
		return nil
	}
	s := slices.Clone(v)
	slices.Sort(s)
	rank := (q*len(s) + 99) / 100 // ceil(q/100 · n)
	x := s[max(rank, 1)-1]
	return &x
}

// SweepRequests reminds addressees of requests coming due and escalates
// overdue ones to the addressee's supervisors (and tells the requester),
// each once per addressee, as the node. It returns how many reminders and
// escalations it made.
//
// With several processes on one database the sweep runs in one of them at
// a time (a process that finds another sweeping skips its turn).
func (e *Engine) SweepRequests(ctx context.Context, now time.Time) (int, error) {
	n := 0
	_, err := e.once(ctx, "request-sweep", func(ctx context.Context) error {
		var err error
		n, err = e.sweepRequests(ctx, now)
		return err
	})
	return n, err
}

func (e *Engine) sweepRequests(ctx context.Context, now time.Time) (int, error) {
	lead := time.Duration(0)
	for _, d := range ReminderLead {
		lead = max(lead, d)
	}
	rows, err := e.st.RequestsDue(ctx, now.Add(lead), 500)
	if err != nil {
		return 0, err
	}
	system := jisr.Principal{System: true, Username: "system"}
	n := 0
	for _, row := range rows {
		r := row.Request
		for _, x := range r.Replies {
			if !x.Pending() {
				continue
			}
			var kind string
			switch {
			case now.After(r.Due) && !row.Escalated[x.Agency]:
				kind = jisr.NoteRequestOverdue
			case !now.After(r.Due) && now.After(r.Due.Add(-ReminderLead[r.Priority])) && !row.Reminded[x.Agency]:
				kind = jisr.NoteRequestReminder
			default:
				continue
			}
			agency := x.Agency
			const due = "due"
			var cur *RequestRow
			action := jisr.ActRequestEscalate
			if kind == jisr.NoteRequestReminder {
				action = jisr.ActRequestRemind
			}
			err := e.transit(ctx, system, transition{action: action, ref: r.ID, noun: "request", from: due,
				find: func(tx Tx) (string, string, error) {
					var err error
					if cur, err = tx.RequestByID(r.ID); err != nil {
						return "", "", err
					}
					y := cur.Request.Reply(agency)
					if cur.Request.ClosedAt != nil || y == nil || !y.Pending() ||
						(kind == jisr.NoteRequestOverdue && cur.Escalated[agency]) || (kind == jisr.NoteRequestReminder && cur.Reminded[agency]) {
						return r.ID, "done", nil
					}
					return r.ID, due, nil
				},
				may: func() error { return nil },
				apply: func(tx Tx) (string, error) {
					y := cur.Request.Reply(agency)
					reminded, escalated := cur.Reminded[agency], cur.Escalated[agency]
					if kind == jisr.NoteRequestOverdue {
						escalated, y.Escalated = true, true
					} else {
						reminded = true
					}
					if err := tx.UpdateReply(cur.Pos, y, reminded, escalated); err != nil {
						return "", err
					}
					return kind + " agency=" + agency, e.notice(tx, kind, cur.Request, agency)
				}})
			switch jisr.ErrorCode(err) {
			case "":
				n++
			case jisr.ECONFLICT: // answered or swept meanwhile
			default:
				return n, err
			}
		}
	}
	return n, nil
}
