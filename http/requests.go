package http

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/jisr-cell/jisr"
)

// Requests for information or action, notifications and the live event
// stream (issue 11).
func (s *Server) requestRoutes() []route {
	return []route{
		{"GET /api/v1/requests", s.listRequests},
		{"POST /api/v1/requests", s.createRequest},
		{"GET /api/v1/requests/{id}", s.getRequest},
		{"POST /api/v1/requests/{id}/acknowledge", s.actOnRequest(jisr.ReqActAcknowledge)},
		{"POST /api/v1/requests/{id}/answer", s.actOnRequest(jisr.ReqActAnswer)},
		{"POST /api/v1/requests/{id}/refuse", s.actOnRequest(jisr.ReqActRefuse)},
		{"POST /api/v1/requests/{id}/close", s.actOnRequest(jisr.ReqActClose)},
		{"GET /api/v1/request-figures", s.requestFigures},
		{"GET /api/v1/notifications", s.notifications},
		{"POST /api/v1/notifications/read", s.markRead},
		{"GET /api/v1/me/notices", s.noticePrefs},
		{"PUT /api/v1/me/notices", s.setNoticePrefs},
		{"GET /api/v1/events", s.events},
	}
}

func (s *Server) requestsServed() error {
	if s.Requests == nil || s.Notifications == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "this node does not serve requests")
	}
	return nil
}

// NewRequestBody is the body of POST /api/v1/requests.
type NewRequestBody struct {
	To       []string      `json:"to"`
	Subject  string        `json:"subject"`
	Body     string        `json:"body"`
	Priority jisr.Priority `json:"priority"`
	Due      *time.Time    `json:"due"`
	Records  []string      `json:"records"`
	Hits     []string      `json:"hits"`
}

// RequestAnswerBody is the body of /answer ({"answer"}) and /refuse
// ({"reason"}); /acknowledge and /close take none (or {}).
type RequestAnswerBody struct {
	Answer string `json:"answer,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// NotificationList is a page of notifications with the unread count.
type NotificationList struct {
	List[*jisr.Notification]
	Unread int `json:"unread"`
}

// MarkReadBody is the body of POST /api/v1/notifications/read: the ids to
// mark read, or none for all.
type MarkReadBody struct {
	IDs []string `json:"ids"`
}

// NoticePrefs is the caller's choice of notices.
type NoticePrefs struct {
	Email *bool `json:"email"`
}

func (s *Server) listRequests(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := jisr.RequestFilter{Box: q.Get("box"), State: q.Get("state"), Page: pg}
	switch q.Get("overdue") {
	case "", "false":
	case "true":
		f.Overdue = true
	default:
		return jisr.Because("overdue", "bool")
	}
	rs, next, err := s.Requests.Requests(r.Context(), p, f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(rs, next))
}

func (s *Server) createRequest(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	var body NewRequestBody
	if err := decode(r, &body); err != nil {
		return err
	}
	req := &jisr.Request{To: body.To, Subject: body.Subject, Body: body.Body, Priority: body.Priority, Records: body.Records, Hits: body.Hits}
	if body.Due != nil {
		req.Due = *body.Due
	}
	if err := s.Requests.CreateRequest(r.Context(), p, req); err != nil {
		return err
	}
	v, err := s.Requests.Request(r.Context(), p, req.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/requests/"+req.ID)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getRequest(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	v, err := s.Requests.Request(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) actOnRequest(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		if err := s.requestsServed(); err != nil {
			return err
		}
		var body RequestAnswerBody
		if r.ContentLength != 0 {
			if err := decode(r, &body); err != nil {
				return err
			}
		}
		text := ""
		switch action {
		case jisr.ReqActAnswer:
			text = body.Answer
		case jisr.ReqActRefuse:
			text = body.Reason
		}
		switch {
		case action == jisr.ReqActAnswer && body.Reason != "":
			return jisr.Because("reason", "answer_not_reason")
		case action == jisr.ReqActRefuse && body.Answer != "":
			return jisr.Because("answer", "reason_not_answer")
		case (action == jisr.ReqActAcknowledge || action == jisr.ReqActClose) && (body.Answer != "" || body.Reason != ""):
			return jisr.Because("body", "no_text", action)
		}
		if err := s.Requests.ActOnRequest(r.Context(), p, r.PathValue("id"), action, text); err != nil {
			return err
		}
		v, err := s.Requests.Request(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, v)
	}
}

func (s *Server) requestFigures(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	f, err := s.Requests.RequestFigures(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, f)
}

func (s *Server) notifications(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	f := jisr.NotificationFilter{Page: pg}
	switch r.URL.Query().Get("unread") {
	case "", "false":
	case "true":
		f.Unread = true
	default:
		return jisr.Because("unread", "bool")
	}
	ns, next, err := s.Notifications.Notifications(r.Context(), p, f)
	if err != nil {
		return err
	}
	n, err := s.Notifications.UnreadCount(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, NotificationList{List: list(ns, next), Unread: n})
}

func (s *Server) markRead(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	var body MarkReadBody
	if r.ContentLength != 0 {
		if err := decode(r, &body); err != nil {
			return err
		}
	}
	if err := s.Notifications.MarkRead(r.Context(), p, body.IDs); err != nil {
		return err
	}
	n, err := s.Notifications.UnreadCount(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]int{"unread": n})
}

func (s *Server) noticePrefs(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	on, err := s.Notifications.EmailNotices(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, NoticePrefs{Email: &on})
}

func (s *Server) setNoticePrefs(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.requestsServed(); err != nil {
		return err
	}
	var body NoticePrefs
	if err := decode(r, &body); err != nil {
		return err
	}
	if body.Email == nil {
		return jisr.Because("email", "email_required")
	}
	if err := s.Notifications.SetEmailNotices(r.Context(), p, *body.Email); err != nil {
		return err
	}
	return s.noticePrefs(w, r, p)
}

// EventHeartbeat is how often an idle event stream sends a comment line,
// so proxies keep it open; EventStreamMax is how long one stream lasts
// before the client is asked to reconnect (it resumes from the list).
var (
	EventHeartbeat = 25 * time.Second
	EventStreamMax = 30 * time.Minute
)

// events is GET /api/v1/events: the caller's notices, live, as
// server-sent events (text/event-stream), each "event: notification"
// with the notification as JSON.
func (s *Server) events(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if s.Events == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "this node does not serve live events")
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		return jisr.Internal(fmt.Errorf("events: the response cannot be flushed"))
	}
	ch, stop, err := s.Events.Events(r.Context(), p)
	if err != nil {
		return err
	}
	defer stop()
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 5000\n: jisr events\n\n")
	fl.Flush()
	beat := time.NewTicker(EventHeartbeat)
	defer beat.Stop()
	end := time.NewTimer(EventStreamMax)
	defer end.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-end.C:
			return nil
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return nil
			}
			fl.Flush()
		case n, ok := <-ch:
			if !ok {
				return nil // dropped (too slow) or the node stops: the client reconnects
			}
			b, _ := json.Marshal(n)
			if _, err := fmt.Fprintf(w, "event: notification\nid: %s\ndata: %s\n\n", n.ID, b); err != nil {
				return nil
			}
			fl.Flush()
		}
	}
}

// closeEvents ends the live event streams when the server shuts down
// (http.Server.Shutdown waits for open requests, and a stream never ends
// by itself): the services' EventService closes them if it can.
func (s *Server) closeEvents() {
	if c, ok := s.Events.(interface{ CloseEvents() }); ok {
		c.CloseEvents()
	}
}
