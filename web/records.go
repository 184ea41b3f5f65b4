package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
)

// listPage is the record list and search.
type listPage struct {
	F         jisr.RecordFilter
	Records   []*jisr.Record
	Count     int
	Next      string // URL of the next page, if any
	First     string // URL of the first page, when not on it
	Kinds     []jisr.Kind
	Countries []string
	Crossings []jisr.PlaceRef
	Limit     int
	// A search (Search service and words given): ranked results.
	Search   *jisr.SearchResults
	Sort     string
	MinScore int // the name threshold in percent
}

// scoreChoices are the name thresholds offered, in percent.
var scoreChoices = []int{60, 70, 80, 90, 95}

// ScoreChoices are the name thresholds a user may pick, in percent.
func (p *Page) ScoreChoices() []int { return scoreChoices }

// percentParam reads a threshold in percent (min_score) as a fraction; 0
// (the service's default) when absent or out of the choices' range.
func percentParam(q url.Values) (float64, int) {
	n, err := strconv.Atoi(q.Get("min_score"))
	if err != nil || n < 30 || n > 100 {
		return 0, defaultPercent
	}
	return float64(n) / 100, n
}

// filterFrom reads the list/search/stats filter from the query string.
func filterFrom(q url.Values) jisr.RecordFilter {
	f := jisr.RecordFilter{
		Kind:       jisr.Kind(q.Get("kind")),
		Originator: strings.TrimSpace(q.Get("originator")),
		Country:    strings.TrimSpace(q.Get("country")),
		From:       strings.TrimSpace(q.Get("from")),
		To:         strings.TrimSpace(q.Get("to")),
		Crossing:   strings.TrimSpace(q.Get("crossing")),
		Text:       strings.TrimSpace(q.Get("q")),
	}
	if !slices.Contains(jisr.Kinds, f.Kind) {
		f.Kind = ""
	}
	if f.From != "" && !jisr.ValidDate(f.From) {
		f.From = ""
	}
	if f.To != "" && !jisr.ValidDate(f.To) {
		f.To = ""
	}
	f.Page.Cursor = q.Get("cursor")
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		f.Page.Limit = n
	}
	f.Page = f.Page.Normalize()
	return f
}

// countryCodes is the sorted list of countries for pick lists, the cell's
// five first.
func countryCodes() []string {
	first := []string{"IQ", "LB", "JO", "SY", "SA"}
	var rest []string
	for c := range jisr.Countries {
		if !slices.Contains(first, c) {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	return append(first, rest...)
}

// crossings are the crossings and ports of jisr.Places.
func crossings() []jisr.PlaceRef {
	var out []jisr.PlaceRef
	for _, p := range jisr.Places {
		if p.Kind == "crossing" || p.Kind == "port" {
			out = append(out, p)
		}
	}
	return out
}

func (h *Handler) recordList(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	f := filterFrom(q)
	if f.Text != "" && h.cfg.Search != nil {
		h.searchList(w, r, f)
		return
	}
	recs, next, err := h.cfg.Records.Records(r.Context(), st.P, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	count, err := h.cfg.Records.CountRecords(r.Context(), st.P, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &listPage{F: f, Records: recs, Count: count, Kinds: jisr.Kinds, Countries: countryCodes(),
		Crossings: crossings(), Limit: f.Page.Limit}
	if next != "" {
		q2 := cloneValues(q)
		q2.Set("cursor", next)
		d.Next = "/records?" + q2.Encode()
	}
	if f.Page.Cursor != "" {
		q2 := cloneValues(q)
		q2.Del("cursor")
		d.First = "/records?" + q2.Encode()
	}
	h.render(w, r, "records", "records.title", d)
}

func cloneValues(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// searchList is the record list for words: full text and names across
// scripts, ranked by relevance or date at the user's choice, with what
// matched and why, the total, and pages.
func (h *Handler) searchList(w http.ResponseWriter, r *http.Request, f jisr.RecordFilter) {
	st := stateOf(r)
	q := r.URL.Query()
	sq := jisr.SearchQuery{Filter: f, Sort: q.Get("sort")}
	if sq.Sort != jisr.SortDate {
		sq.Sort = jisr.SortRelevance
	}
	var pct int
	sq.MinNameScore, pct = percentParam(q)
	res, err := h.cfg.Search.Search(r.Context(), st.P, sq)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &listPage{F: f, Search: res, Count: res.Total, Sort: sq.Sort, MinScore: pct, Kinds: jisr.Kinds,
		Countries: countryCodes(), Crossings: crossings(), Limit: f.Page.Limit}
	if res.Next != "" {
		q2 := cloneValues(q)
		q2.Set("cursor", res.Next)
		d.Next = "/records?" + q2.Encode()
	}
	if f.Page.Cursor != "" {
		q2 := cloneValues(q)
		q2.Del("cursor")
		d.First = "/records?" + q2.Encode()
	}
	h.render(w, r, "records", "records.title", d)
}

// defaultPercent is jisr.DefaultNameScore in percent.
var defaultPercent = int(math.Round(jisr.DefaultNameScore * 100))
