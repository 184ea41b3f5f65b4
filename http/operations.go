package http

import (
	"net/http"
	"time"

	"github.com/jisr-cell/jisr"
)

// Joint operations and controlled deliveries (issue 11).
func (s *Server) operationRoutes() []route {
	return []route{
		{"GET /api/v1/operations", s.listOperations},
		{"POST /api/v1/operations", s.createOperation},
		{"GET /api/v1/operations/{id}", s.getOperation},
		{"POST /api/v1/operations/{id}/records", s.actOnOperation(jisr.OpActLink)},
		{"POST /api/v1/operations/{id}/timeline", s.actOnOperation(jisr.OpActEvent)},
		{"POST /api/v1/operations/{id}/tasks", s.actOnOperation(jisr.OpActTask)},
		{"POST /api/v1/operations/{id}/tasks/{tid}/done", s.actOnOperation(jisr.OpActTaskDone)},
		{"POST /api/v1/operations/{id}/widen", s.actOnOperation(jisr.OpActWiden)},
		{"POST /api/v1/operations/{id}/close", s.actOnOperation(jisr.OpActClose)},
		{"POST /api/v1/operations/{id}/deliveries", s.actOnOperation(jisr.OpActDelivery)},
		{"GET /api/v1/operations/{id}/deliveries/{did}", s.getDelivery(false)},
		{"GET /api/v1/operations/{id}/deliveries/{did}/checkpoints", s.getDelivery(true)},
		{"POST /api/v1/operations/{id}/deliveries/{did}/start", s.actOnOperation(jisr.OpActStart)},
		{"POST /api/v1/operations/{id}/deliveries/{did}/handover", s.actOnOperation(jisr.OpActHandover)},
		{"POST /api/v1/operations/{id}/deliveries/{did}/acknowledge", s.actOnOperation(jisr.OpActAcknowledge)},
		{"POST /api/v1/operations/{id}/deliveries/{did}/notes", s.actOnOperation(jisr.OpActNote)},
		{"POST /api/v1/operations/{id}/deliveries/{did}/outcome", s.actOnOperation(jisr.OpActOutcome)},
	}
}

func (s *Server) operationsServed() error {
	if s.Operations == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "this node does not serve operations")
	}
	return nil
}

// NewOperationBody is the body of POST /api/v1/operations.
type NewOperationBody struct {
	Name         string   `json:"name"`
	Summary      string   `json:"summary"`
	Participants []string `json:"participants"`
}

// OperationActBody is the body of the changes to an operation; each takes
// the fields it needs (records; text; title, owner_agency, owner, due;
// agencies; description, legs; state, text).
type OperationActBody struct {
	Text        string     `json:"text"`
	Records     []string   `json:"records"`
	Agencies    []string   `json:"agencies"`
	Title       string     `json:"title"`
	OwnerAgency string     `json:"owner_agency"`
	Owner       string     `json:"owner"`
	Due         *time.Time `json:"due"`
	Description string     `json:"description"`
	Legs        []jisr.Leg `json:"legs"`
	State       string     `json:"state"`
}

func (s *Server) listOperations(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.operationsServed(); err != nil {
		return err
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	os, next, err := s.Operations.Operations(r.Context(), p, pg)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(os, next))
}

func (s *Server) createOperation(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.operationsServed(); err != nil {
		return err
	}
	var body NewOperationBody
	if err := decode(r, &body); err != nil {
		return err
	}
	o := &jisr.Operation{Name: body.Name, Summary: body.Summary, Participants: body.Participants}
	if err := s.Operations.CreateOperation(r.Context(), p, o); err != nil {
		return err
	}
	v, err := s.Operations.Operation(r.Context(), p, o.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/operations/"+o.ID)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getOperation(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.operationsServed(); err != nil {
		return err
	}
	v, err := s.Operations.Operation(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) getDelivery(checkpoints bool) handler {
	return func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		if err := s.operationsServed(); err != nil {
			return err
		}
		v, err := s.Operations.Operation(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		d := v.Delivery(r.PathValue("did"))
		if d == nil {
			return jisr.Errorf(jisr.ENOTFOUND, "no delivery %s in this operation", r.PathValue("did"))
		}
		if checkpoints {
			return writeJSON(w, http.StatusOK, list(d.Legs, ""))
		}
		return writeJSON(w, http.StatusOK, d)
	}
}

func (s *Server) actOnOperation(action string) handler {
	return func(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
		if err := s.operationsServed(); err != nil {
			return err
		}
		var body OperationActBody
		if r.ContentLength != 0 {
			if err := decode(r, &body); err != nil {
				return err
			}
		}
		a := &jisr.OperationAct{Action: action, Delivery: r.PathValue("did"), Task: r.PathValue("tid"), Text: body.Text,
			Records: body.Records, Agencies: body.Agencies, Title: body.Title, OwnerAg: body.OwnerAgency, Owner: body.Owner,
			Legs: body.Legs, State: body.State}
		if action == jisr.OpActDelivery {
			a.Text = body.Description
		}
		if body.Due != nil {
			a.Due = *body.Due
		}
		created, err := s.Operations.ActOnOperation(r.Context(), p, r.PathValue("id"), a)
		if err != nil {
			return err
		}
		v, err := s.Operations.Operation(r.Context(), p, r.PathValue("id"))
		if err != nil {
			return err
		}
		status := http.StatusOK
		if created != "" {
			status = http.StatusCreated
			if action == jisr.OpActDelivery {
				w.Header().Set("Location", "/api/v1/operations/"+v.ID+"/deliveries/"+created)
			}
		}
		return writeJSON(w, status, v)
	}
}
