package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"time"

	"github.com/jisr-cell/jisr"
)

// mapMaxRecords bounds the markers of one map request.
const mapMaxRecords = 2000

type mapPage struct {
	F                      jisr.RecordFilter
	Substance, Concealment string // the map's own filters
	Substances             []string
	Concealments           []string
	TileURL                string
}

// mapFilters are the substance and concealment asked for, each "" or a
// value of its pick list.
func mapFilters(q url.Values) (substance, concealment string) {
	if v := q.Get("substance"); slices.Contains(jisr.Substances, v) {
		substance = v
	}
	if v := q.Get("concealment"); slices.Contains(jisr.Concealments, v) {
		concealment = v
	}
	return substance, concealment
}

func (h *Handler) mapPage(w http.ResponseWriter, r *http.Request) {
	f := filterFrom(r.URL.Query())
	if f.Kind != jisr.KindSeizure && f.Kind != jisr.KindFacility {
		f.Kind = ""
	}
	d := &mapPage{F: f, TileURL: h.cfg.TileURL, Substances: jisr.Substances, Concealments: jisr.Concealments}
	d.Substance, d.Concealment = mapFilters(r.URL.Query())
	h.render(w, r, "map", "map.title", d)
}

// mapLabel is a country's or town's name on the map, in the user's
// language: countries by their Natural Earth English name (the vendored
// borders carry it), towns at their sourced coordinates (places.json).
type mapLabel struct {
	Match string  `json:"match,omitempty"` // Natural Earth's name of a country
	Label string  `json:"label"`
	Lat   float64 `json:"lat,omitempty"`
	Lon   float64 `json:"lon,omitempty"`
}

// naturalEarth are the Natural Earth names that differ from ours.
var naturalEarth = map[string]string{"TR": "Turkey"}

func mapLabels(p *Page) (countries, towns []mapLabel) {
	for code, names := range jisr.Countries {
		ne := names[0]
		if v, ok := naturalEarth[code]; ok {
			ne = v
		}
		countries = append(countries, mapLabel{Match: ne, Label: p.Pick(names[1], names[0])})
	}
	sort.Slice(countries, func(i, j int) bool { return countries[i].Match < countries[j].Match })
	for _, pl := range jisr.Places {
		if pl.Kind == "town" && (pl.Lat != 0 || pl.Lon != 0) {
			towns = append(towns, mapLabel{Label: p.Pick(pl.NameAR, pl.NameEN), Lat: pl.Lat, Lon: pl.Lon})
		}
	}
	return countries, towns
}

// mapFeature is one marker: a seizure, a lab or a crossing.
type mapFeature struct {
	ID     string  `json:"id,omitempty"`
	Kind   string  `json:"kind"` // seizure, facility, crossing
	Title  string  `json:"title"`
	Date   string  `json:"date,omitempty"`
	TLP    string  `json:"tlp,omitempty"`
	Lat    float64 `json:"lat"`
	Lon    float64 `json:"lon"`
	Label  string  `json:"label,omitempty"`  // kind / facility type / crossing, translated
	Approx bool    `json:"approx,omitempty"` // placed at its crossing, not at its own coordinates
}

// mapData returns the seizures and facilities the caller may see, with
// coordinates, and the known crossings. It reads through RecordService like
// every page, so the access policy filters it.
func (h *Handler) mapData(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	p := h.page(w, r, "map.title", nil)
	f := filterFrom(r.URL.Query())
	kinds := []jisr.Kind{jisr.KindSeizure, jisr.KindFacility}
	if f.Kind == jisr.KindSeizure || f.Kind == jisr.KindFacility {
		kinds = []jisr.Kind{f.Kind}
	}
	// The substance, concealment and month are filters of the query (the
	// engine's, through the caller's audience like every list), so a
	// seizure that matches them is found however many newer ones do not.
	f.Substance, f.Concealment = mapFilters(r.URL.Query())
	if until := r.URL.Query().Get("until"); until != "" {
		end, ok := monthEnd(until)
		if !ok {
			writeJSONError(w, jisr.Because("until", "date_partial"))
			return
		}
		if f.To == "" || end < f.To {
			f.To = end
		}
	}
	out := struct {
		Features  []mapFeature `json:"features"`
		Crossings []mapFeature `json:"crossings"`
		Countries []mapLabel   `json:"countries"`
		Towns     []mapLabel   `json:"towns"`
		Months    []string     `json:"months"`
		Truncated bool         `json:"truncated,omitempty"`
	}{Features: []mapFeature{}, Crossings: []mapFeature{}, Months: []string{}}
	out.Countries, out.Towns = mapLabels(p)
	// The months of the time slider: every month with a seizure the caller
	// may see in the dates asked (the statistics, through the same access
	// path), not only those of the markers read.
	if f.Kind != jisr.KindFacility {
		sf := jisr.RecordFilter{Country: f.Country, From: f.From, To: f.To, Crossing: f.Crossing}
		stats, err := h.cfg.Records.Stats(r.Context(), st.P, sf)
		if err != nil {
			writeJSONError(w, err)
			return
		}
		for _, b := range stats.ByMonth {
			if b.Key != "" && b.Seizures > 0 {
				out.Months = append(out.Months, b.Key)
			}
		}
		sort.Strings(out.Months)
	}
	for _, k := range kinds {
		f.Kind = k
		f.Page = jisr.Page{Limit: jisr.MaxPageLimit}
		n := 0
		for {
			recs, next, err := h.cfg.Records.Records(r.Context(), st.P, f)
			if err != nil {
				writeJSONError(w, err)
				return
			}
			for _, rec := range recs {
				if ft, ok := featureOf(p, rec); ok {
					out.Features = append(out.Features, ft)
				}
			}
			n += len(recs)
			if next == "" {
				break
			}
			if n >= mapMaxRecords {
				out.Truncated = true
				break
			}
			f.Page.Cursor = next
		}
	}
	for _, pl := range jisr.Places {
		if (pl.Kind == "crossing" || pl.Kind == "port") && (pl.Lat != 0 || pl.Lon != 0) {
			out.Crossings = append(out.Crossings, mapFeature{Kind: pl.Kind, Title: p.Pick(pl.NameAR, pl.NameEN),
				Label: p.Other(pl.NameAR, pl.NameEN), Lat: pl.Lat, Lon: pl.Lon})
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(out)
}

// monthEnd is the last day of the month YYYY-MM.
func monthEnd(m string) (string, bool) {
	t, err := time.Parse("2006-01", m)
	if err != nil || len(m) != 7 {
		return "", false
	}
	return t.AddDate(0, 1, -1).Format("2006-01-02"), true
}

func featureOf(p *Page, rec *jisr.Record) (mapFeature, bool) {
	ft := mapFeature{ID: rec.ID, Kind: string(rec.Kind), Title: rec.Title, Date: rec.OccurredOn, TLP: string(rec.TLP),
		Label: p.TE("kind", string(rec.Kind))}
	if rec.Facility != nil {
		ft.Label = p.TE("facility", rec.Facility.Type)
	}
	switch {
	case rec.Place.Lat != nil && rec.Place.Lon != nil:
		ft.Lat, ft.Lon = *rec.Place.Lat, *rec.Place.Lon
	case rec.Seizure != nil && rec.Seizure.Crossing != "":
		pl := jisr.PlaceByCode(rec.Seizure.Crossing)
		if pl == nil || pl.Lat == 0 && pl.Lon == 0 { // a place without sourced coordinates
			return ft, false
		}
		ft.Lat, ft.Lon, ft.Approx = pl.Lat, pl.Lon, true
	default:
		return ft, false
	}
	return ft, true
}

func writeJSONError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(statusOf(err))
	json.NewEncoder(w).Encode(map[string]string{"error": jisr.ErrorCode(err), "message": jisr.ErrorMessage(err)})
}
