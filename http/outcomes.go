package http

import (
	"net/http"

	"github.com/jisr-cell/jisr"
)

// Outcomes and agreed disclosures (issue 11).
func (s *Server) outcomeRoutes() []route {
	return []route{
		{"GET /api/v1/outcomes", s.listOutcomes},
		{"POST /api/v1/outcomes", s.createOutcome},
		{"GET /api/v1/outcomes/{id}", s.getOutcome},
		{"GET /api/v1/outcome-figures", s.outcomeFigures},
		{"GET /api/v1/disclosures", s.listDisclosures},
		{"POST /api/v1/disclosures", s.createDisclosure},
		{"GET /api/v1/disclosures/{id}", s.getDisclosure},
		{"PUT /api/v1/disclosures/{id}", s.editDisclosure},
		{"POST /api/v1/disclosures/{id}/consent", s.consentDisclosure},
		{"POST /api/v1/disclosures/{id}/approve", s.approveDisclosure},
	}
}

func (s *Server) outcomesServed() error {
	if s.Outcomes == nil || s.Disclosures == nil {
		return jisr.Errorf(jisr.ENOTFOUND, "this node does not serve outcomes")
	}
	return nil
}

// NewOutcomeBody is the body of POST /api/v1/outcomes.
type NewOutcomeBody struct {
	Of      jisr.Lead `json:"of"`
	Kind    string    `json:"kind"`
	Text    string    `json:"text"`
	Arrests int       `json:"arrests"`
	Records []string  `json:"records"`
}

// NewDisclosureBody is the body of POST /api/v1/disclosures; PUT takes
// title and text.
type NewDisclosureBody struct {
	Operation string   `json:"operation"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	Records   []string `json:"records"`
}

// ConsentBody is the body of POST /api/v1/disclosures/{id}/consent: true,
// or false with a reason.
type ConsentBody struct {
	Consent *bool  `json:"consent"`
	Reason  string `json:"reason"`
}

func (s *Server) listOutcomes(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	os, next, err := s.Outcomes.Outcomes(r.Context(), p, pg)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(os, next))
}

func (s *Server) createOutcome(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	var body NewOutcomeBody
	if err := decode(r, &body); err != nil {
		return err
	}
	o := &jisr.Outcome{Of: body.Of, Kind: body.Kind, Text: body.Text, Arrests: body.Arrests, Records: body.Records}
	if err := s.Outcomes.CreateOutcome(r.Context(), p, o); err != nil {
		return err
	}
	v, err := s.Outcomes.Outcome(r.Context(), p, o.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/outcomes/"+o.ID)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getOutcome(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	v, err := s.Outcomes.Outcome(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) outcomeFigures(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	f, err := s.Outcomes.OutcomeFigures(r.Context(), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(f, ""))
}

func (s *Server) listDisclosures(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	pg, err := page(r)
	if err != nil {
		return err
	}
	ds, next, err := s.Disclosures.Disclosures(r.Context(), p, pg)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list(ds, next))
}

func (s *Server) createDisclosure(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	var body NewDisclosureBody
	if err := decode(r, &body); err != nil {
		return err
	}
	d := &jisr.Disclosure{Operation: body.Operation, Title: body.Title, Text: body.Text, Records: body.Records}
	if err := s.Disclosures.CreateDisclosure(r.Context(), p, d); err != nil {
		return err
	}
	v, err := s.Disclosures.Disclosure(r.Context(), p, d.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/disclosures/"+d.ID)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) getDisclosure(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	v, err := s.Disclosures.Disclosure(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) actDisclosure(w http.ResponseWriter, r *http.Request, p jisr.Principal, action, title, text string) error {
	if err := s.Disclosures.ActOnDisclosure(r.Context(), p, r.PathValue("id"), action, title, text); err != nil {
		return err
	}
	v, err := s.Disclosures.Disclosure(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

func (s *Server) editDisclosure(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	var body struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	}
	if err := decode(r, &body); err != nil {
		return err
	}
	return s.actDisclosure(w, r, p, jisr.DiscActEdit, body.Title, body.Text)
}

func (s *Server) consentDisclosure(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	var body ConsentBody
	if err := decode(r, &body); err != nil {
		return err
	}
	switch {
	case body.Consent == nil:
		return jisr.Because("consent", "consent_bool")
	case *body.Consent && body.Reason != "":
		return jisr.Because("reason", "consent_no_reason")
	case *body.Consent:
		return s.actDisclosure(w, r, p, jisr.DiscActConsent, "", "")
	}
	return s.actDisclosure(w, r, p, jisr.DiscActRefuse, "", body.Reason)
}

func (s *Server) approveDisclosure(w http.ResponseWriter, r *http.Request, p jisr.Principal) error {
	if err := s.outcomesServed(); err != nil {
		return err
	}
	if r.ContentLength != 0 {
		var body struct{}
		if err := decode(r, &body); err != nil {
			return err
		}
	}
	return s.actDisclosure(w, r, p, jisr.DiscActApprove, "", "")
}
