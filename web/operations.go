package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Joint operations and controlled deliveries (issue 11): the operations
// the agency takes part in or observes with the form to open one, and one
// operation with its records (those the caller reads), timeline, tasks and
// deliveries, offering each change the policy allows the caller now; the
// engine checks again.

func (h *Handler) operationRoutes(m *http.ServeMux) {
	if h.cfg.Operations == nil {
		return
	}
	m.HandleFunc("GET /operations", h.auth(h.operationList))
	m.HandleFunc("POST /operations", h.auth(h.csrf(h.operationCreate)))
	m.HandleFunc("GET /operations/{id}", h.auth(h.operationView))
	m.HandleFunc("POST /operations/{id}/act", h.auth(h.csrf(h.operationAct)))
}

type operationsPage struct {
	Ops      []*jisr.Operation
	Next     string
	Agencies []*jisr.Agency
	Form     jisr.Operation
	Err      error
	CanOpen  bool
}

func (h *Handler) operationsData(r *http.Request, d *operationsPage) error {
	st := stateOf(r)
	c := r.URL.Query().Get("cursor")
	ops, next, err := h.cfg.Operations.Operations(r.Context(), st.P, jisr.Page{Limit: 100, Cursor: c})
	if err != nil {
		return err
	}
	d.Ops = ops
	if next != "" {
		d.Next = "/operations?cursor=" + url.QueryEscape(next)
	}
	all, err := h.cfg.Agencies.Agencies(r.Context())
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.Code != st.P.Agency {
			d.Agencies = append(d.Agencies, a)
		}
	}
	d.CanOpen = policy.CanOpenOperation(st.P) == nil
	return nil
}

func (h *Handler) operationList(w http.ResponseWriter, r *http.Request) {
	d := &operationsPage{}
	if err := h.operationsData(r, d); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "operations", "operations.title", d)
}

func (h *Handler) operationCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	r.ParseForm()
	d := &operationsPage{Form: jisr.Operation{Name: r.PostFormValue("name"), Summary: r.PostFormValue("summary"), Participants: nonEmpty(r.PostForm["participants"])}}
	o := d.Form
	if err := h.cfg.Operations.CreateOperation(r.Context(), st.P, &o); err != nil {
		d.Err = err
		if perr := h.operationsData(r, d); perr != nil {
			h.renderError(w, r, perr)
			return
		}
		h.renderStatus(w, r, statusOf(err), "operations", "operations.title", d)
		return
	}
	http.Redirect(w, r, "/operations/"+url.PathEscape(o.ID)+"?done=operation_opened", http.StatusSeeOther)
}

type operationPage struct {
	O          *jisr.Operation
	Err        error
	P          jisr.Principal
	Observer   bool
	Agencies   []string // participants, for task owners
	CheckKinds []string
	Outcomes   []string
	// DeliveryActs are the buttons of a delivery; LegSlots the legs of the
	// form of a new one.
	DeliveryActs []string
	LegSlots     []int
	// Pick is the record picker's query (by title or any word, among the
	// records the caller reads: the engine's search); Picked its results.
	Pick    string
	Picked  []*jisr.Record
	Picking bool
}

// OpMay reports whether the caller may make the change now (policy and
// state), for the buttons of the operation page.
func (p *Page) OpMay(o *jisr.Operation, action string, d *jisr.Delivery, t *jisr.OpTask) bool {
	if o.State != jisr.OpOpen || policy.CanActOnOperation(p.P, &jisr.OperationAct{Action: action}, o, d, t) != nil {
		return false
	}
	switch action {
	case jisr.OpActStart:
		return d.State == jisr.DelPlanned
	case jisr.OpActHandover:
		return d.State == jisr.DelInTransit && d.Current+1 < len(d.Legs)
	case jisr.OpActAcknowledge:
		return d.State == jisr.DelHandover
	case jisr.OpActNote, jisr.OpActOutcome:
		return d.State == jisr.DelInTransit || d.State == jisr.DelHandover
	case jisr.OpActTaskDone:
		return t.State == "open"
	}
	return true
}

func (h *Handler) operationView(w http.ResponseWriter, r *http.Request) {
	h.showOperation(w, r, r.PathValue("id"), nil)
}

func (h *Handler) showOperation(w http.ResponseWriter, r *http.Request, id string, actionErr error) {
	st := stateOf(r)
	o, err := h.cfg.Operations.Operation(r.Context(), st.P, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &operationPage{O: o, Err: actionErr, P: st.P, Agencies: o.Participants, CheckKinds: jisr.CheckpointKinds, Outcomes: jisr.DeliveryOutcomes,
		DeliveryActs: []string{jisr.OpActStart, jisr.OpActHandover, jisr.OpActAcknowledge}, LegSlots: []int{0, 1, 2, 3}}
	for _, a := range o.Observers {
		d.Observer = d.Observer || a == st.P.Agency
	}
	if q := r.URL.Query(); q.Has("pick") && h.cfg.Records != nil {
		// The record picker: the caller's readable records matching the
		// words (or its newest), found and audited by the engine.
		d.Pick, d.Picking = strings.TrimSpace(q.Get("pick")), true
		recs, _, err := h.cfg.Records.Records(r.Context(), st.P, jisr.RecordFilter{Text: d.Pick, Page: jisr.Page{Limit: 20}})
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, rec := range recs {
			if !slices.Contains(o.Records, rec.ID) {
				d.Picked = append(d.Picked, rec)
			}
		}
	}
	status := http.StatusOK
	if actionErr != nil {
		status = statusOf(actionErr)
	}
	p := h.page(w, r, "operation.title", d)
	p.Title = o.Name
	h.renderPage(w, r, status, "operation", p)
}

func (h *Handler) operationAct(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	r.ParseForm()
	f := r.PostFormValue
	a := &jisr.OperationAct{Action: f("action"), Delivery: f("delivery"), Task: f("task"), Text: strings.TrimSpace(f("text")),
		Records: nonEmpty(strings.Fields(strings.Join(r.PostForm["records"], " "))), Agencies: nonEmpty(r.PostForm["agencies"]), Title: f("title"), OwnerAg: f("owner_agency"), State: f("state")}
	var err error
	if due := f("due"); due != "" {
		t, perr := time.Parse("2006-01-02", due)
		if perr != nil {
			err = jisr.Because("due", "date")
		}
		a.Due = t.UTC().Add(24*time.Hour - time.Second)
	}
	if a.Action == jisr.OpActDelivery {
		for i := range r.PostForm["leg_to"] {
			at := func(k string) string {
				if vs := r.PostForm[k]; i < len(vs) {
					return strings.TrimSpace(vs[i])
				}
				return ""
			}
			if at("leg_to") == "" && at("leg_from") == "" {
				continue
			}
			a.Legs = append(a.Legs, jisr.Leg{From: at("leg_from"), To: at("leg_to"), Kind: at("leg_kind"), Agency: at("leg_agency")})
		}
	}
	if err == nil {
		_, err = h.cfg.Operations.ActOnOperation(r.Context(), st.P, id, a)
	}
	if err != nil {
		if jisr.ErrorCode(err) == jisr.ENOTFOUND && jisr.ErrorField(err) == "" {
			h.renderError(w, r, err)
			return
		}
		h.showOperation(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/operations/"+url.PathEscape(id)+"?done=operation_changed", http.StatusSeeOther)
}
