package http

import (
	"net/http"
	"time"

	"github.com/jisr-cell/jisr"
)

// Lookouts (issue 11).
func (s *Server) lookoutRoutes() []route {
	return []route{
		{"GET /api/v1/lookouts", s.listLookouts},
		{"POST /api/v1/lookouts", s.createLookout},
		{"GET /api/v1/lookouts/{id}", s.getLookout},
		{"POST /api/v1/lookouts/{id}/withdraw", s.withdrawLookout},
		{"GET /api/v1/lookouts/{id}/matches", s.lookoutMatches},
	}
}

func (s *Server) lookoutsServed() error {
	if s.Lookouts == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "this node does not serve lookouts")
	}
	return nil
}

// NewLookoutBody is the body of POST /api/v1/lookouts.
type NewLookoutBody struct {
	Type    string     `json:"type"`
	Value   string     `json:"value"`
	To      []string   `json:"to"`
	Expires *time.Time `json:"expires"`
	Note    string     `json:"note"`
}

func (s *Server) listLookouts(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.lookoutsServed(); err != nil {
		return err
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	ls, next, err := s.Lookouts.Lookouts(r.Context(), p, jisr.LookoutFilter{Box: q.Get("box"), State: q.Get("state"), Page: pg})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(ls, next))
}

func (s *Server) createLookout(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.lookoutsServed(); err != nil {
		return err
	}
	var body NewLookoutBody
	if err := decode(r, &body); err != nil {
		return err
	}
	l := &jisr.Lookout{Type: body.Type, Value: body.Value, To: body.To, Note: body.Note}
	if l.To == nil {
		l.To = []string{}
	}
	if body.Expires != nil {
		l.Expires = *body.Expires
	}
	if err := s.Lookouts.CreateLookout(r.Context(), p, l); err != nil {
		return err
	}
	v, err := s.Lookouts.Lookout(r.Context(), p, l.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/lookouts/"+l.ID)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getLookout(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.lookoutsServed(); err != nil {
		return err
	}
	v, err := s.Lookouts.Lookout(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) withdrawLookout(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.lookoutsServed(); err != nil {
		return err
	}
	if r.ContentLength != 0 {
		var body struct{}
		if err := decode(r, &body); err != nil {
			return err
		}
	}
	if err := s.Lookouts.WithdrawLookout(r.Context(), p, r.PathValue("id")); err != nil {
		return err
	}
	v, err := s.Lookouts.Lookout(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) lookoutMatches(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.lookoutsServed(); err != nil {
		return err
	}
	ms, err := s.Lookouts.LookoutMatches(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(ms, ""))
}
