package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Outcomes and agreed disclosures (issue 11): what leads led to, with the
// figures per agency and the form to report one; the announcements of
// operations' results with each originating agency's consent, and the
// changes the policy allows the caller (the engine checks again).

func (h *Handler) outcomeRoutes(m *http.ServeMux) {
	if h.cfg.Outcomes == nil || h.cfg.Disclosures == nil {
		return
	}
	m.HandleFunc("GET /outcomes", h.auth(h.outcomeList))
	m.HandleFunc("POST /outcomes", h.auth(h.csrf(h.outcomeCreate)))
	m.HandleFunc("GET /disclosures", h.auth(h.disclosureList))
	m.HandleFunc("GET /disclosures/{id}", h.auth(h.disclosureView))
	m.HandleFunc("POST /disclosures/{id}/act", h.auth(h.csrf(h.disclosureAct)))
}

type outcomesPage struct {
	Outcomes  []*jisr.Outcome
	Figures   []jisr.OutcomeFigure
	Kinds     []string
	LeadKinds []string
	Form      jisr.Outcome
	Err       error
}

func (h *Handler) outcomesData(r *http.Request, d *outcomesPage) error {
	st := stateOf(r)
	os, _, err := h.cfg.Outcomes.Outcomes(r.Context(), st.P, jisr.Page{Limit: 200})
	if err != nil {
		return err
	}
	figs, err := h.cfg.Outcomes.OutcomeFigures(r.Context(), st.P)
	if err != nil {
		return err
	}
	d.Outcomes, d.Figures, d.Kinds, d.LeadKinds = os, figs, jisr.OutcomeKinds, jisr.LeadKinds
	return nil
}

func (h *Handler) outcomeList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &outcomesPage{Form: jisr.Outcome{Of: jisr.Lead{Kind: q.Get("of_kind"), ID: q.Get("of")}}}
	if err := h.outcomesData(r, d); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "outcomes", "outcomes.title", d)
}

func (h *Handler) outcomeCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	r.ParseForm()
	f := r.PostFormValue
	arrests, _ := strconv.Atoi(strings.TrimSpace(f("arrests")))
	d := &outcomesPage{Form: jisr.Outcome{Of: jisr.Lead{Kind: f("of_kind"), ID: strings.TrimSpace(f("of"))}, Kind: f("kind"), Text: f("text"),
		Arrests: arrests, Records: nonEmpty(strings.Fields(f("records")))}}
	o := d.Form
	if err := h.cfg.Outcomes.CreateOutcome(r.Context(), st.P, &o); err != nil {
		d.Err = err
		if perr := h.outcomesData(r, d); perr != nil {
			h.renderError(w, r, perr)
			return
		}
		h.renderStatus(w, r, statusOf(err), "outcomes", "outcomes.title", d)
		return
	}
	http.Redirect(w, r, "/outcomes?done=outcome_reported", http.StatusSeeOther)
}

func (h *Handler) disclosureList(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	ds, _, err := h.cfg.Disclosures.Disclosures(r.Context(), st.P, jisr.Page{Limit: 200})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "disclosures", "disclosures.title", ds)
}

type disclosurePage struct {
	D    *jisr.Disclosure
	Acts []string
	Err  error
}

func (h *Handler) disclosureView(w http.ResponseWriter, r *http.Request) {
	h.showDisclosure(w, r, r.PathValue("id"), nil)
}

func (h *Handler) showDisclosure(w http.ResponseWriter, r *http.Request, id string, actionErr error) {
	st := stateOf(r)
	d, err := h.cfg.Disclosures.Disclosure(r.Context(), st.P, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := &disclosurePage{D: d, Err: actionErr}
	if d.State == jisr.DiscDraft {
		for _, act := range []string{jisr.DiscActConsent, jisr.DiscActRefuse, jisr.DiscActEdit, jisr.DiscActApprove} {
			if policy.CanActOnDisclosure(st.P, act, d) == nil {
				p.Acts = append(p.Acts, act)
			}
		}
	}
	status := http.StatusOK
	if actionErr != nil {
		status = statusOf(actionErr)
	}
	pg := h.page(w, r, "disclosure.title", p)
	pg.Title = d.Title
	h.renderPage(w, r, status, "disclosure", pg)
}

func (h *Handler) disclosureAct(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	r.ParseForm()
	if err := h.cfg.Disclosures.ActOnDisclosure(r.Context(), st.P, id, r.PostFormValue("action"), r.PostFormValue("title"), strings.TrimSpace(r.PostFormValue("text"))); err != nil {
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			h.renderError(w, r, err)
			return
		}
		h.showDisclosure(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/disclosures/"+url.PathEscape(id)+"?done=disclosure_changed", http.StatusSeeOther)
}
