package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
)

// hitsPage is the inbox of hits on the caller's agency's records: where a
// phone, plate, person or site of ours meets a record of another agency,
// in full or blind.
type hitsPage struct {
	Hits      []*jisr.Hit
	Next      string
	First     string
	CanAnswer bool
	Err       error
}

// canAnswerHits: the originator's liaison officers and supervisors answer
// blind hits (policy.CanAnswerHit; the store checks again).
func canAnswerHits(p jisr.Principal) bool {
	return p.Role == jisr.RoleLiaison || p.Role == jisr.RoleSupervisor
}

func (h *Handler) hitsPage(w http.ResponseWriter, r *http.Request) {
	h.showHits(w, r, nil)
}

func (h *Handler) showHits(w http.ResponseWriter, r *http.Request, actionErr error) {
	st := stateOf(r)
	cursor := r.URL.Query().Get("cursor")
	hs, next, err := h.cfg.Hits.Hits(r.Context(), st.P, jisr.Page{Limit: 100, Cursor: cursor})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &hitsPage{Hits: hs, CanAnswer: canAnswerHits(st.P), Err: actionErr}
	if next != "" {
		d.Next = "/hits?cursor=" + url.QueryEscape(next)
	}
	if cursor != "" {
		d.First = "/hits"
	}
	status := http.StatusOK
	if actionErr != nil {
		status = statusOf(actionErr)
	}
	h.renderStatus(w, r, status, "hits", "hits.title", d)
}

func (h *Handler) hitAnswer(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	release := r.PostFormValue("decision") == "release"
	if err := h.cfg.Hits.AnswerHit(r.Context(), st.P, r.PathValue("hid"), release); err != nil {
		h.showHits(w, r, err)
		return
	}
	back := safeNext(r.PostFormValue("next"))
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"done=hit_answered", http.StatusSeeOther)
}

type personsPage struct {
	Q        string
	Matches  []*jisr.PersonMatch // without a Search service
	Found    *jisr.PersonPage
	MinScore int // percent
	Next     string
	First    string
	Searched bool
}

// personsPage searches persons and companies by name across scripts and
// spellings, in the records the caller may read: one row per person with
// its records, a threshold the user picks, the count and pages.
func (h *Handler) personsPage(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	d := &personsPage{Q: strings.TrimSpace(q.Get("q"))}
	var minScore float64
	minScore, d.MinScore = percentParam(q)
	if d.Q != "" && h.cfg.Search != nil {
		pq := jisr.PersonQuery{Name: d.Q, MinScore: minScore, Page: jisr.Page{Cursor: q.Get("cursor")}}
		if n, err := strconv.Atoi(q.Get("limit")); err == nil {
			pq.Page.Limit = n
		}
		found, err := h.cfg.Search.FindPersons(r.Context(), st.P, pq)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		d.Found, d.Searched = found, true
		if found.Next != "" {
			q2 := cloneValues(q)
			q2.Set("cursor", found.Next)
			d.Next = "/persons?" + q2.Encode()
		}
		if pq.Page.Cursor != "" {
			q2 := cloneValues(q)
			q2.Del("cursor")
			d.First = "/persons?" + q2.Encode()
		}
	} else if d.Q != "" {
		ms, err := h.cfg.Persons.SearchPersons(r.Context(), st.P, d.Q, 100)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		d.Matches, d.Searched = ms, true
	}
	h.render(w, r, "persons", "persons.title", d)
}

// Percent writes a score in [0,1] as a whole percentage.
func (p *Page) Percent(v float64) string {
	return p.Num(float64(int(v*100+0.5))) + "%"
}
