package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

type dashboardPage struct {
	Partner   []*jisr.Record         // newest records from other agencies
	Mine      []*jisr.Record         // newest records of the caller's agency
	ToAnswer  []*jisr.ReleaseRequest // pending requests addressed to the caller's agency
	Asked     []*jisr.ReleaseRequest // requests the caller's agency made
	CanAnswer bool
	Stats     *jisr.SeizureStats
	Chart     template.HTML
	Since     string
	HitsOn    bool
	Hits      []*jisr.Hit          // latest hits on the agency's records
	Figures   *jisr.RequestFigures // response times of requests (requests.go)
	Blind     int                  // blind hits awaiting the agency's decision (the whole inbox, up to blindCountMax)
	BlindMore bool                 // more than blindCountMax
	titles    map[string]string
}

// TitleOf is the title of a record the dashboard listed, else "".
func (d *dashboardPage) TitleOf(id string) string { return d.titles[id] }

// Bounds of the dashboard's work: the blind hits counted, and the records
// read for the titles of requests and hits not among the newest records.
const (
	blindCountMax   = 5000
	titleLookupsMax = 40
)

// latestHits is the first n distinct lines of the hits inbox: hits that
// would read the same (the same two records by the same rule and value,
// such as several name pairs of one person) are shown once.
func latestHits(hits []*jisr.Hit, n int) []*jisr.Hit {
	var out []*jisr.Hit
	seen := map[string]bool{}
	for _, x := range hits {
		k := x.Record + "|" + x.Rule + "|" + x.Type + "|" + x.Value + "|" + x.Other.Disclosure + "|" + x.Other.RecordID + "|" + x.Other.Agency
		if x.Rule == jisr.RuleName && x.Reason != nil && x.Reason.Name != nil {
			k += "|" + x.Reason.Ours + "|" + x.Reason.Name.Name
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		if out = append(out, x); len(out) == n {
			break
		}
	}
	return out
}

func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if !policy.CanReadRecords(st.P.Role) {
		// Administrators and auditors read no records: send them to their pages.
		switch {
		case policy.CanAudit(st.P) == nil:
			http.Redirect(w, r, "/audit", http.StatusSeeOther)
		default:
			http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		}
		return
	}
	ctx := r.Context()
	d := &dashboardPage{CanAnswer: st.P.Role == jisr.RoleLiaison || st.P.Role == jisr.RoleSupervisor}
	recs, _, err := h.cfg.Records.Records(ctx, st.P, jisr.RecordFilter{Page: jisr.Page{Limit: 200}})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d.titles = map[string]string{}
	for _, rec := range recs {
		d.titles[rec.ID] = rec.Title
		if rec.Originator != st.P.Agency && len(d.Partner) < 12 {
			d.Partner = append(d.Partner, rec)
		}
		if rec.Originator == st.P.Agency && len(d.Mine) < 6 {
			d.Mine = append(d.Mine, rec)
		}
	}
	reqs, _, err := h.cfg.Records.ReleaseRequests(ctx, st.P, jisr.Page{Limit: 200})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, q := range reqs {
		if q.Agency == st.P.Agency {
			d.Asked = append(d.Asked, q)
		} else if q.Status == jisr.RequestPending {
			d.ToAnswer = append(d.ToAnswer, q)
		}
	}
	if h.cfg.Hits != nil {
		d.HitsOn = true
		hits, next, err := h.cfg.Hits.Hits(ctx, st.P, jisr.HitFilter{}, jisr.Page{Limit: 200})
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		// Every blind hit still awaiting the agency's decision is counted,
		// over the whole inbox (bounded), not only its first page.
		for seen, page := 0, hits; ; {
			for _, x := range page {
				if x.Other.Disclosure == jisr.DisclosureBlind && x.Status == jisr.HitPending {
					d.Blind++
				}
			}
			seen += len(page)
			if next == "" {
				break
			}
			if seen >= blindCountMax {
				d.BlindMore = true
				break
			}
			if page, next, err = h.cfg.Hits.Hits(ctx, st.P, jisr.HitFilter{}, jisr.Page{Limit: 200, Cursor: next}); err != nil {
				h.renderError(w, r, err)
				return
			}
		}
		d.Hits = latestHits(hits, 8)
	}
	// Requests and hits name their records by title: those not among the
	// newest records listed are read one by one (through the policy, as
	// any read; one the caller may no longer read keeps its short id).
	var want []string
	for _, q := range append(append([]*jisr.ReleaseRequest(nil), d.ToAnswer...), d.Asked...) {
		want = append(want, q.RecordID)
	}
	for _, x := range d.Hits {
		want = append(want, x.Record)
	}
	looked := 0
	for _, id := range want {
		if _, ok := d.titles[id]; ok || looked >= titleLookupsMax {
			continue
		}
		looked++
		d.titles[id] = ""
		if rec, err := h.cfg.Records.Record(ctx, st.P, id); err == nil {
			d.titles[id] = rec.Title
		}
	}
	if h.cfg.Requests != nil {
		if d.Figures, err = h.cfg.Requests.RequestFigures(ctx, st.P); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	d.Since = time.Now().UTC().AddDate(-1, 0, 0).Format(time.DateOnly)
	d.Stats, err = h.cfg.Records.Stats(ctx, st.P, jisr.RecordFilter{Kind: jisr.KindSeizure, From: d.Since})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(w, r, "dashboard.title", d)
	d.Chart = barChart(p.Locale, p.T("dashboard.chart"), d.Stats.ByMonth,
		func(b jisr.StatBucket) float64 { return float64(b.Seizures) }, monthLabel(p.Locale))
	h.renderPage(w, r, http.StatusOK, "dashboard", p)
}
