package web

import (
	"encoding/csv"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/jisr-cell/jisr"
)

type statsPage struct {
	F           jisr.RecordFilter
	S           *jisr.SeizureStats
	ChartCount  template.HTML
	ChartPills  template.HTML
	ChartKg     template.HTML
	Countries   []string
	Crossings   []jisr.PlaceRef
	CSV         string
	SVG         string // monthly chart download, add &measure=
	MaxCountry  float64
	MaxConceal  float64
	MaxCrossing float64
	Figures     *jisr.RequestFigures // response times of requests (requests.go)
	PerCountry  []countryChart       // seizures over time, one small chart per country
}

type countryChart struct {
	Country string
	Chart   template.HTML
}

// perCountryMax bounds the small charts of the statistics page.
const perCountryMax = 6

// alignMonths gives buckets for every month of all, zero where b has none,
// so the small charts of several countries share one time axis.
func alignMonths(all, b []jisr.StatBucket) []jisr.StatBucket {
	m := map[string]jisr.StatBucket{}
	for _, x := range b {
		m[x.Key] = x
	}
	out := make([]jisr.StatBucket, len(all))
	for i, x := range all {
		out[i] = m[x.Key]
		out[i].Key = x.Key
	}
	return out
}

// Share is the width in percent of a bar in a table, in 5% steps (CSS
// classes, since style attributes are refused by the CSP).
func (s *statsPage) Share(v int, max float64) string {
	if max <= 0 {
		return "w0"
	}
	return "w" + strconv.Itoa(int(float64(v)/max*20+0.5)*5)
}

func statsFilter(r *http.Request) jisr.RecordFilter {
	f := filterFrom(r.URL.Query())
	f.Kind = jisr.KindSeizure
	f.Text = ""
	f.Page = jisr.Page{}
	return f
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	f := statsFilter(r)
	s, err := h.cfg.Records.Stats(r.Context(), st.P, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &statsPage{F: f, S: s, Countries: countryCodes(), Crossings: crossings()}
	if h.cfg.Requests != nil {
		if d.Figures, err = h.cfg.Requests.RequestFigures(r.Context(), st.P); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	q := r.URL.Query()
	q.Del("cursor")
	d.CSV = "/stats.csv?" + q.Encode()
	d.SVG = "/stats/chart.svg?" + q.Encode()
	for _, b := range s.ByCountry {
		d.MaxCountry = max(d.MaxCountry, float64(b.Seizures))
	}
	for _, b := range s.ByConcealment {
		d.MaxConceal = max(d.MaxConceal, float64(b.Seizures))
	}
	for _, b := range s.ByCrossing {
		d.MaxCrossing = max(d.MaxCrossing, float64(b.Seizures))
	}
	p := h.page(w, r, "stats.title", d)
	ml := monthLabel(p.Locale)
	d.ChartCount = barChart(p.Locale, p.T("stats.chart_count"), s.ByMonth, func(b jisr.StatBucket) float64 { return float64(b.Seizures) }, ml)
	d.ChartPills = barChart(p.Locale, p.T("stats.chart_pills"), s.ByMonth, func(b jisr.StatBucket) float64 { return b.Pills }, ml)
	d.ChartKg = barChart(p.Locale, p.T("stats.chart_kg"), s.ByMonth, func(b jisr.StatBucket) float64 { return b.Kilograms }, ml)
	if f.Country == "" && len(s.ByMonth) > 1 {
		for i, b := range s.ByCountry {
			if i == perCountryMax {
				break
			}
			fc := f
			fc.Country = b.Key
			cs, err := h.cfg.Records.Stats(r.Context(), st.P, fc)
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			d.PerCountry = append(d.PerCountry, countryChart{Country: b.Key,
				Chart: barChart(p.Locale, p.T("stats.chart_count")+" — "+p.Country(b.Key), alignMonths(s.ByMonth, cs.ByMonth),
					func(b jisr.StatBucket) float64 { return float64(b.Seizures) }, ml)})
		}
	}
	h.renderPage(w, r, http.StatusOK, "stats", p)
}

// statsSVG exports one of the page's monthly charts as a standalone SVG
// file (?measure=count|pills|kg, with the page's filters).
func (h *Handler) statsSVG(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	f := statsFilter(r)
	s, err := h.cfg.Records.Stats(r.Context(), st.P, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(w, r, "stats.title", nil)
	value := map[string]func(jisr.StatBucket) float64{
		"count": func(b jisr.StatBucket) float64 { return float64(b.Seizures) },
		"pills": func(b jisr.StatBucket) float64 { return b.Pills },
		"kg":    func(b jisr.StatBucket) float64 { return b.Kilograms },
	}
	m := r.URL.Query().Get("measure")
	if value[m] == nil {
		m = "count"
	}
	svg := barChart(p.Locale, p.T("stats.chart_"+m), s.ByMonth, value[m], monthLabel(p.Locale))
	if svg == "" {
		svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 40"></svg>`
	}
	w.Header().Set("Content-Type", "image/svg+xml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="jisr-seizures-`+m+`.svg"`)
	io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+string(svg))
}

// statsCSV exports the same aggregates as the page, one row per bucket.
// Keys stay as codes (country, concealment, crossing) so the file is
// language-neutral; a UTF-8 BOM lets spreadsheet programs read Arabic.
func (h *Handler) statsCSV(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	f := statsFilter(r)
	s, err := h.cfg.Records.Stats(r.Context(), st.P, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="jisr-seizures-`+time.Now().UTC().Format("20060102")+`.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	cw.Write([]string{"dimension", "key", "seizures", "pills", "kilograms"})
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	cw.Write([]string{"total", "", strconv.Itoa(s.Seizures), num(s.Pills), num(s.Kilograms)})
	for _, g := range []struct {
		dim string
		bs  []jisr.StatBucket
	}{{"month", s.ByMonth}, {"country", s.ByCountry}, {"concealment", s.ByConcealment}, {"crossing", s.ByCrossing}} {
		for _, b := range g.bs {
			cw.Write([]string{g.dim, b.Key, strconv.Itoa(b.Seizures), num(b.Pills), num(b.Kilograms)})
		}
	}
	cw.Flush()
}
