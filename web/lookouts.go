package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Lookouts (issue 11): the lookouts the agency issued or received with the
// form of a new one, and one lookout with its matches (full or blind, as
// the engine shows them) and, for who may, the withdraw button.

func (h *Handler) lookoutRoutes(m *http.ServeMux) {
	if h.cfg.Lookouts == nil {
		return
	}
	m.HandleFunc("GET /lookouts", h.auth(h.lookoutList))
	m.HandleFunc("POST /lookouts", h.auth(h.csrf(h.lookoutCreate)))
	m.HandleFunc("GET /lookouts/{id}", h.auth(h.lookoutView))
	m.HandleFunc("POST /lookouts/{id}/withdraw", h.auth(h.csrf(h.lookoutWithdraw)))
}

type lookoutsPage struct {
	Lookouts []*jisr.Lookout
	Box      string
	Next     string
	First    string
	// The form.
	Types    []string
	Logos    []string
	Agencies []*jisr.Agency
	Form     jisr.Lookout
	Expires  string
	Err      error
}

func (h *Handler) lookoutPage(r *http.Request, d *lookoutsPage) error {
	st := stateOf(r)
	q := r.URL.Query()
	d.Box = q.Get("box")
	f := jisr.LookoutFilter{Box: d.Box, Page: jisr.Page{Limit: 100, Cursor: q.Get("cursor")}}
	ls, next, err := h.cfg.Lookouts.Lookouts(r.Context(), st.P, f)
	if err != nil {
		return err
	}
	d.Lookouts = ls
	base := url.Values{}
	if d.Box != "" {
		base.Set("box", d.Box)
	}
	if next != "" {
		v := url.Values{"cursor": {next}}
		if d.Box != "" {
			v.Set("box", d.Box)
		}
		d.Next = "/lookouts?" + v.Encode()
	}
	if f.Page.Cursor != "" {
		d.First = "/lookouts?" + base.Encode()
	}
	d.Types, d.Logos = jisr.LookoutTypes, jisr.PillLogos()
	all, err := h.cfg.Agencies.Agencies(r.Context())
	if err != nil {
		return err
	}
	for _, a := range all {
		if a.Code != st.P.Agency {
			d.Agencies = append(d.Agencies, a)
		}
	}
	if d.Expires == "" {
		d.Expires = time.Now().UTC().AddDate(0, 0, 30).Format("2006-01-02")
	}
	return nil
}

func (h *Handler) lookoutList(w http.ResponseWriter, r *http.Request) {
	d := &lookoutsPage{}
	if err := h.lookoutPage(r, d); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "lookouts", "lookouts.title", d)
}

func (h *Handler) lookoutCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	r.ParseForm()
	d := &lookoutsPage{Form: jisr.Lookout{Type: r.PostFormValue("type"), Value: strings.TrimSpace(r.PostFormValue("value")),
		To: nonEmpty(r.PostForm["to"]), Note: r.PostFormValue("note")}, Expires: r.PostFormValue("expires")}
	l := d.Form
	if l.To == nil {
		l.To = []string{}
	}
	var err error
	if t, perr := time.Parse("2006-01-02", d.Expires); perr != nil {
		err = jisr.Because("expires", "date")
	} else {
		l.Expires = t.UTC().Add(24*time.Hour - time.Second) // the end of the day, UTC
	}
	if err == nil {
		err = h.cfg.Lookouts.CreateLookout(r.Context(), st.P, &l)
	}
	if err != nil {
		d.Err = err
		if perr := h.lookoutPage(r, d); perr != nil {
			h.renderError(w, r, perr)
			return
		}
		h.renderStatus(w, r, statusOf(err), "lookouts", "lookouts.title", d)
		return
	}
	http.Redirect(w, r, "/lookouts/"+url.PathEscape(l.ID)+"?done=lookout_issued", http.StatusSeeOther)
}

type lookoutPage struct {
	L        *jisr.Lookout
	Matches  []*jisr.LookoutMatch
	Withdraw bool
	Err      error
}

func (h *Handler) lookoutView(w http.ResponseWriter, r *http.Request) {
	h.showLookout(w, r, r.PathValue("id"), nil)
}

func (h *Handler) showLookout(w http.ResponseWriter, r *http.Request, id string, actionErr error) {
	st := stateOf(r)
	l, err := h.cfg.Lookouts.Lookout(r.Context(), st.P, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	ms, err := h.cfg.Lookouts.LookoutMatches(r.Context(), st.P, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &lookoutPage{L: l, Matches: ms, Err: actionErr,
		Withdraw: l.State == jisr.LookActive && policy.CanWithdrawLookout(st.P, l) == nil}
	status := http.StatusOK
	if actionErr != nil {
		status = statusOf(actionErr)
	}
	p := h.page(w, r, "lookout.title", d)
	h.renderPage(w, r, status, "lookout", p)
}

func (h *Handler) lookoutWithdraw(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	if err := h.cfg.Lookouts.WithdrawLookout(r.Context(), st.P, id); err != nil {
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			h.renderError(w, r, err)
			return
		}
		h.showLookout(w, r, id, err)
		return
	}
	http.Redirect(w, r, "/lookouts/"+url.PathEscape(id)+"?done=lookout_withdrawn", http.StatusSeeOther)
}

// LookValue shows a lookout's value: a selector as people write it, a name
// as given (dir auto), a pill logo by its name; isolated as it needs.
func (p *Page) LookValue(l *jisr.Lookout) any {
	switch l.Type {
	case jisr.LookPerson:
		return l.Value
	case jisr.LookPillLogo:
		return p.TE("val", l.Value)
	}
	return p.Ident(l.Value)
}

// NoteLink is where a notification leads: its lookout, operation,
// disclosure or request.
func (p *Page) NoteLink(n *jisr.Notification) string {
	for _, k := range []string{"lookout", "operation", "disclosure"} {
		if strings.HasPrefix(n.Kind, k+".") {
			return "/" + k + "s/" + url.PathEscape(n.Object)
		}
	}
	return "/requests/" + url.PathEscape(n.Object)
}

// LookWhy says in the interface language what of a lookout matched: its
// type, or a name and the score of the cross-script comparison.
func (p *Page) LookWhy(why string) template.HTML {
	if score, ok := strings.CutPrefix(why, "name "); ok {
		return template.HTML(template.HTMLEscapeString(p.T("lookout.why_name")) + " " + string(p.LTR(score)))
	}
	return template.HTML(template.HTMLEscapeString(p.TE("looktype", why)))
}
