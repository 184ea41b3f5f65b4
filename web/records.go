package web

import (
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
