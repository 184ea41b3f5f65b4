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
	// Filters (issue 11), applied by the engine: match kind, the other
	// agency, status (pending, released, declined, full) and strength
	// (strong: a shared identifier, site or duplicate seizure; weak: a
	// name or a common value); strong hits come first.
	Rule, Agency, Status, Strength, Group string
	Rules, Agencies                       []string
	// Grouped shows the hits per entity or value of our records (the
	// engine's HitGroups), each group linking to its hits.
	Grouped bool
	Groups  []jisr.HitGroup
	Partial bool
	// Query is the filter as a query string (for the groups' links).
	Query string
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
	q := r.URL.Query()
	cursor := q.Get("cursor")
	d := &hitsPage{CanAnswer: canAnswerHits(st.P), Err: actionErr, Rule: q.Get("rule"), Agency: q.Get("agency"),
		Status: q.Get("status"), Strength: q.Get("strength"), Group: q.Get("group"), Grouped: q.Get("view") == "groups",
		Rules: []string{jisr.RuleSelector, jisr.RuleSite, jisr.RuleDuplicate, jisr.RuleName}}
	f := jisr.HitFilter{Kind: d.Rule, Agency: d.Agency, Status: d.Status, Strength: d.Strength, Group: d.Group}
	var next string
	var err error
	if d.Grouped {
		d.Groups, d.Partial, err = h.cfg.Hits.HitGroups(r.Context(), st.P, f)
	} else {
		d.Hits, next, err = h.cfg.Hits.Hits(r.Context(), st.P, f, jisr.Page{Limit: 200, Cursor: cursor})
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if h.cfg.Agencies != nil {
		all, err := h.cfg.Agencies.Agencies(r.Context())
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, a := range all {
			if a.Code != st.P.Agency {
				d.Agencies = append(d.Agencies, a.Code)
			}
		}
	}
	filters := url.Values{}
	for k, v := range map[string]string{"rule": d.Rule, "agency": d.Agency, "status": d.Status, "strength": d.Strength, "group": d.Group} {
		if v != "" {
			filters.Set(k, v)
		}
	}
	if d.Grouped {
		v := cloneValues(filters)
		v.Del("group")
		d.Query = v.Encode()
	}
	if next != "" {
		v := cloneValues(filters)
		v.Set("cursor", next)
		d.Next = "/hits?" + v.Encode()
	}
	if cursor != "" {
		d.First = "/hits?" + filters.Encode()
	}
	status := http.StatusOK
	if actionErr != nil {
		status = statusOf(actionErr)
	}
	h.renderStatus(w, r, status, "hits", "hits.title", d)
}

// GroupURL is the page of one group's hits under the same filter.
func (d *hitsPage) GroupURL(key string) string {
	v, _ := url.ParseQuery(d.Query)
	v.Set("group", key)
	return "/hits?" + v.Encode()
}

// hitConfirm states what releasing our record to the other agency of a
// hit discloses, and to whom, before the release (GET
// /hits/{hid}/confirm?record=ID).
func (h *Handler) hitConfirm(w http.ResponseWriter, r *http.Request) {
	h.showHitConfirm(w, r, r.PathValue("hid"), r.URL.Query().Get("record"), r.URL.Query().Get("next"))
}

func (h *Handler) showHitConfirm(w http.ResponseWriter, r *http.Request, hid, rid, next string) {
	st := stateOf(r)
	rec, err := h.cfg.Records.Record(r.Context(), st.P, rid)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	hs, err := h.cfg.Hits.RecordHits(r.Context(), st.P, rid)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, x := range hs {
		if x.ID == hid {
			h.render(w, r, "hitconfirm", "hits.confirm_title", &hitConfirmPage{Hit: x, Record: rec, Next: safeNext(next)})
			return
		}
	}
	h.renderError(w, r, jisr.Errorf(jisr.ENOTFOUND, "no such hit on your agency's records"))
}

type hitConfirmPage struct {
	Hit    *jisr.Hit
	Record *jisr.Record
	Next   string
}

// HitWho says in words who must act on a blind hit still pending: the
// caller (a liaison officer or supervisor of the record's agency), or its
// agency's liaison officers — and, either way, the other agency, which
// may release its own record.
func (p *Page) HitWho(x *jisr.Hit) string {
	if canAnswerHits(p.P) {
		return p.T("hits.awaiting_you", x.Other.Agency)
	}
	return p.T("hits.awaiting_liaison", x.Other.Agency)
}

// HitReason says why a blind hit matched, from our side only: the kind of
// value (shown beside it when it is a shared identifier, which is ours
// too), never the far record's words.
func (p *Page) HitReason(x *jisr.Hit) string { return p.TE("hits.reason", x.Rule) }

func (h *Handler) hitAnswer(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	release := r.PostFormValue("decision") == "release"
	if release && r.PostFormValue("confirm") != "yes" {
		// Releasing discloses a record: it is confirmed first, on a page
		// that says what goes to whom (a hit the caller may not see is not
		// found there, like an absent one).
		h.showHitConfirm(w, r, r.PathValue("hid"), r.PostFormValue("record"), r.PostFormValue("next"))
		return
	}
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
