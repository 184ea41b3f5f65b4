package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Requests for information or action (issue 11): the list of requests the
// agency made or received, one request with the actions the caller may
// take, the form of a new request (from a record or a hit), the
// notifications and their live stream. Who may do what is asked of the
// policy; the engine checks again.

func (h *Handler) requestRoutes(m *http.ServeMux) {
	if h.cfg.Requests == nil || h.cfg.Notifications == nil {
		return
	}
	m.HandleFunc("GET /requests", h.auth(h.requestList))
	m.HandleFunc("GET /requests/new", h.auth(h.requestNew))
	m.HandleFunc("POST /requests", h.auth(h.csrf(h.requestCreate)))
	m.HandleFunc("GET /requests/{id}", h.auth(h.requestView))
	m.HandleFunc("POST /requests/{id}/act", h.auth(h.csrf(h.requestAct)))
	m.HandleFunc("GET /notifications", h.auth(h.notificationList))
	m.HandleFunc("POST /notifications/read", h.auth(h.csrf(h.notificationsRead)))
	m.HandleFunc("POST /notifications/email", h.auth(h.csrf(h.notificationsEmail)))
	if h.cfg.Events != nil {
		m.HandleFunc("GET /events", h.auth(h.eventStream))
	}
}

type requestsPage struct {
	Requests []*jisr.Request
	Box      string
	State    string
	Next     string
	First    string
	Now      time.Time
	Figures  *jisr.RequestFigures
}

func (h *Handler) requestList(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	f := jisr.RequestFilter{Box: q.Get("box"), State: q.Get("state"), Page: jisr.Page{Limit: 100, Cursor: q.Get("cursor")}}
	rs, next, err := h.cfg.Requests.Requests(r.Context(), st.P, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &requestsPage{Requests: rs, Box: f.Box, State: f.State, Now: time.Now()}
	if f.Page.Cursor == "" {
		if d.Figures, err = h.cfg.Requests.RequestFigures(r.Context(), st.P); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	base := url.Values{}
	if f.Box != "" {
		base.Set("box", f.Box)
	}
	if f.State != "" {
		base.Set("state", f.State)
	}
	if next != "" {
		v := url.Values{}
		for k, x := range base {
			v[k] = x
		}
		v.Set("cursor", next)
		d.Next = "/requests?" + v.Encode()
	}
	if f.Page.Cursor != "" {
		d.First = "/requests?" + base.Encode()
	}
	h.render(w, r, "requests", "requests.title", d)
}

type requestPage struct {
	R       *jisr.Request
	Acts    []string // actions the caller may take now
	Err     error
	Overdue bool
}

// requestActs are the actions p may take on v now: the policy's answer
// and the state's.
func requestActs(p jisr.Principal, v *jisr.Request) []string {
	var out []string
	for _, act := range []string{jisr.ReqActAcknowledge, jisr.ReqActAnswer, jisr.ReqActRefuse, jisr.ReqActClose} {
		if policy.CanActOnRequest(p, act, v) != nil {
			continue
		}
		state := v.State
		if slices.Contains(jisr.RequestFrom[act], state) {
			out = append(out, act)
		}
	}
	return out
}

func (h *Handler) requestView(w http.ResponseWriter, r *http.Request) {
	h.showRequest(w, r, r.PathValue("id"), nil)
}

func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request, id string, actionErr error) {
	st := stateOf(r)
	v, err := h.cfg.Requests.Request(r.Context(), st.P, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &requestPage{R: v, Acts: requestActs(st.P, v), Err: actionErr}
	status := http.StatusOK
	if actionErr != nil {
		status = statusOf(actionErr)
	}
	p := h.page(w, r, "request.title", d)
	p.Title = v.Subject
	h.renderPage(w, r, status, "request", p)
}

func (h *Handler) requestAct(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	act := r.PostFormValue("action")
	if err := h.cfg.Requests.ActOnRequest(r.Context(), st.P, id, act, strings.TrimSpace(r.PostFormValue("text"))); err != nil {
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			h.renderError(w, r, err)
			return
		}
		h.showRequest(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/requests/"+url.PathEscape(id)+"?done=request_"+act, http.StatusSeeOther)
}

type requestFormPage struct {
	Agencies   []*jisr.Agency
	Priorities []jisr.Priority
	To         []string
	Subject    string
	Body       string
	Priority   jisr.Priority
	Due        string
	Records    []string
	Hits       []string
	Err        error
	ErrField   string
}

func (h *Handler) requestForm(r *http.Request, d *requestFormPage) error {
	st := stateOf(r)
	all, err := h.cfg.Agencies.Agencies(r.Context())
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.Code != st.P.Agency {
			d.Agencies = append(d.Agencies, a)
		}
	}
	d.Priorities = jisr.Priorities
	if d.Priority == "" {
		d.Priority = jisr.PriorityRoutine
	}
	return nil
}

// requestNew is the form of a new request; ?record=ID attaches a record,
// ?hit=REF makes it about a hit and addresses the agency holding it
// (&agency=CODE, as the hit showed it).
func (h *Handler) requestNew(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &requestFormPage{Records: nonEmpty(q["record"]), Hits: nonEmpty(q["hit"]), To: nonEmpty(q["agency"])}
	if q.Get("purpose") == "consent" && len(d.Records) == 1 {
		// H1: no judicial use without the originator's consent. The
		// record page links here for a record of another agency; the
		// request goes to its originator with the record attached.
		l := h.locale(r, stateOf(r).User)
		d.Subject = l.T("request.consent_subject", "\u2066"+d.Records[0]+"\u2069")
		d.Body = l.T("request.consent_body")
		d.Priority = jisr.PriorityHigh
	}
	if err := h.requestForm(r, d); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "requestform", "request.new", d)
}

func (h *Handler) requestCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	r.ParseForm()
	d := &requestFormPage{To: nonEmpty(r.PostForm["to"]), Subject: r.PostFormValue("subject"), Body: r.PostFormValue("body"),
		Priority: jisr.Priority(r.PostFormValue("priority")), Due: r.PostFormValue("due"),
		Records: nonEmpty(r.PostForm["record"]), Hits: nonEmpty(r.PostForm["hit"])}
	req := &jisr.Request{To: d.To, Subject: d.Subject, Body: d.Body, Priority: d.Priority, Records: d.Records, Hits: d.Hits}
	var err error
	if d.Due != "" {
		// datetime-local, read as UTC (the page says so).
		t, perr := time.Parse("2006-01-02T15:04", d.Due)
		if perr != nil {
			err = jisr.Because("due", "datetime")
		}
		req.Due = t.UTC()
	}
	if err == nil {
		err = h.cfg.Requests.CreateRequest(r.Context(), st.P, req)
	}
	if err != nil {
		d.Err, d.ErrField = err, jisr.ErrorField(err)
		if ferr := h.requestForm(r, d); ferr != nil {
			h.renderError(w, r, ferr)
			return
		}
		h.renderStatus(w, r, statusOf(err), "requestform", "request.new", d)
		return
	}
	http.Redirect(w, r, "/requests/"+url.PathEscape(req.ID)+"?done=request_sent", http.StatusSeeOther)
}

type notificationsPage struct {
	Notes []*jisr.Notification
	Next  string
	First string
	Email bool
}

func (h *Handler) notificationList(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	c := r.URL.Query().Get("cursor")
	ns, next, err := h.cfg.Notifications.Notifications(r.Context(), st.P, jisr.NotificationFilter{Page: jisr.Page{Limit: 100, Cursor: c}})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	on, err := h.cfg.Notifications.EmailNotices(r.Context(), st.P)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &notificationsPage{Notes: ns, Email: on}
	if next != "" {
		d.Next = "/notifications?cursor=" + url.QueryEscape(next)
	}
	if c != "" {
		d.First = "/notifications"
	}
	h.render(w, r, "notifications", "notifications.title", d)
}

func (h *Handler) notificationsRead(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	r.ParseForm()
	if err := h.cfg.Notifications.MarkRead(r.Context(), st.P, nonEmpty(r.PostForm["id"])); err != nil {
		h.renderError(w, r, err)
		return
	}
	if next := r.PostFormValue("next"); next != "" {
		http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (h *Handler) notificationsEmail(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if err := h.cfg.Notifications.SetEmailNotices(r.Context(), st.P, r.PostFormValue("email") == "on"); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications?done=notices_saved", http.StatusSeeOther)
}

// eventStream is the web interface's live stream (its session, not a
// bearer token): each notification as "event: notification" with the
// notice's text in the user's language, for the unread count in the header.
func (h *Handler) eventStream(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, stop, err := h.cfg.Events.Events(r.Context(), st.P)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	defer stop()
	l := h.locale(r, st.User)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 5000\n\n")
	fl.Flush()
	beat := time.NewTicker(25 * time.Second)
	defer beat.Stop()
	end := time.NewTimer(30 * time.Minute)
	defer end.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-end.C:
			return
		case <-beat.C:
			fmt.Fprint(w, ": ping\n\n")
			fl.Flush()
		case n, ok := <-ch:
			if !ok {
				return
			}
			b, _ := json.Marshal(map[string]string{"id": n.ID, "kind": n.Kind, "object": n.Object,
				"text": l.T("note."+n.Kind, "\u2066"+n.Agency+"\u2069"), "subject": n.Subject})
			fmt.Fprintf(w, "event: notification\ndata: %s\n\n", b)
			fl.Flush()
		}
	}
}

// unread is the caller's unread count for the header (0 when the node has
// no notifications or on error: the header never fails a page).
func (h *Handler) unread(r *http.Request, p jisr.Principal) int {
	if h.cfg.Notifications == nil || p.UserID == 0 || !policy.CanReadRecords(p.Role) {
		return 0
	}
	n, err := h.cfg.Notifications.UnreadCount(r.Context(), p)
	if err != nil {
		return 0
	}
	return n
}

// ReplyOf is the reply of agency in a request, for the templates.
func (p *Page) ReplyOf(req *jisr.Request, agency string) *jisr.RequestReply { return req.Reply(agency) }

// NoteText is a notification's line in the interface language, with the
// agency code isolated left-to-right.
func (p *Page) NoteText(n *jisr.Notification) template.HTML {
	const mark = "\uE000" // a private-use character: the agency's place
	s := template.HTMLEscapeString(p.T("note."+n.Kind, mark))
	return template.HTML(strings.Replace(s, mark, `<bdi dir="ltr" class="code">`+template.HTMLEscapeString(n.Agency)+`</bdi>`, 1))
}

// Dur writes a duration in seconds as hours (under two days) or days, in
// the interface language; "–" when there is none.
func (p *Page) Dur(secs *float64) string {
	if secs == nil {
		return "–"
	}
	h := *secs / 3600
	if h < 48 {
		return p.T("dur.hours", p.Num(float64(int(h*10+0.5))/10))
	}
	return p.T("dur.days", p.Num(float64(int(h/24*10+0.5))/10))
}
