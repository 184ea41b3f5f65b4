// Package match says what in a record can meet another agency's record:
// the canonical selectors of its structured entities and of its free-text
// narratives, and the rule for near-duplicate seizures. Pure logic; the
// store keeps the postings (selector → records) and records the hits.
package match

import (
	"math"
	"sort"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/selectors"
)

// Found is one selector of a record.
type Found struct {
	Key    string `json:"key"`   // posting key, "phone:+9647701234567"
	Type   string `json:"type"`  // selector type
	Value  string `json:"value"` // canonical value
	Raw    string `json:"raw"`   // as written in the record
	Entity string `json:"entity,omitempty"`
	Valid  bool   `json:"valid"`
	// Text is true for a selector found in a narrative rather than an entity.
	Text bool `json:"text,omitempty"`
	// Index are the posting keys to file the record under; Query the keys
	// to look up for other records holding the same thing (they differ for
	// identity documents whose issuing country may be unknown).
	Index []string `json:"-"`
	Query []string `json:"-"`
}

// SiteRadius is how close two facilities' coordinates must be to match.
const SiteRadius = 1000.0 // metres

// Selectors returns the selectors of a record, de-duplicated by key.
// country is the originating agency's country: the default region for
// phone numbers and plates written without one. Persons marked
// informant-protected give no selectors, so they never match for others.
func Selectors(r *jisr.Record, country string) []Found {
	seen := map[string]int{}
	var out []Found
	add := func(s selectors.Selector, entity string, text bool) {
		k := s.Key()
		if i, ok := seen[k]; ok {
			if !text && out[i].Text { // prefer the structured sighting
				out[i].Entity, out[i].Text, out[i].Raw = entity, false, s.Raw
			}
			return
		}
		seen[k] = len(out)
		out = append(out, Found{Key: k, Type: string(s.Type), Value: s.Value, Raw: s.Raw, Entity: entity, Valid: s.Valid, Text: text,
			Index: s.IndexKeys(), Query: s.QueryKeys(SiteRadius)})
	}
	for i := range r.Entities {
		e := &r.Entities[i]
		if policy.Protected(e) {
			continue
		}
		schema := jisr.SchemaByName(e.Schema)
		if schema == nil {
			continue
		}
		region := e.First("country")
		if region == "" && e.Schema == "Person" {
			region = e.First("nationality")
		}
		if region == "" {
			region = country
		}
		for _, spec := range schema.Props {
			if spec.Selector == "" {
				continue
			}
			for _, v := range e.Props[spec.Name] {
				for _, t := range typesFor(spec.Selector) {
					c := region
					if t == selectors.Passport || t == selectors.NationalID {
						c = "" // the issuing country is not the holder's nationality
					}
					s, err := selectors.Normalize(t, v, c)
					if err == nil || (s.Value != "" && s.Type != "") {
						add(s, e.ID, false)
						break
					}
				}
			}
		}
	}
	for _, text := range []string{r.NarrativeAR, r.NarrativeEN} {
		for _, s := range selectors.Extract(text, country) {
			if s.Type == selectors.Coord {
				continue // narrative coordinates are too loose to match on
			}
			add(s, "", true)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// typesFor maps a schema's selector name to selector types to try.
func typesFor(name string) []selectors.Type {
	if name == "wallet" {
		return []selectors.Type{selectors.BTC, selectors.ETH, selectors.TRON}
	}
	return []selectors.Type{selectors.Type(name)}
}

// Site returns the coordinates of a facility (lab, warehouse, press) for
// matching by distance; ok is false for other records.
func Site(r *jisr.Record) (lat, lon float64, ok bool) {
	if r.Kind != jisr.KindFacility || r.Place.Lat == nil || r.Place.Lon == nil {
		return 0, 0, false
	}
	return *r.Place.Lat, *r.Place.Lon, true
}

// SiteCells returns the grid cells whose postings may hold a facility
// within SiteRadius of (lat, lon); the first is the point's own cell.
func SiteCells(lat, lon float64) []string {
	own := selectors.CellKey(lat, lon)
	cells := []string{own}
	for _, c := range selectors.NearbyCellKeys(lat, lon, SiteRadius) {
		if c != own {
			cells = append(cells, c)
		}
	}
	return cells
}

// Near reports whether two sites are within SiteRadius.
func Near(lat1, lon1, lat2, lon2 float64) bool {
	return selectors.Distance(lat1, lon1, lat2, lon2) <= SiteRadius
}

// SimilarQuantity reports whether two reported quantities could be the
// same seizure counted by two agencies (within 25% of the larger).
func SimilarQuantity(a, b float64) bool {
	if a <= 0 || b <= 0 {
		return false
	}
	return math.Abs(a-b) <= 0.25*math.Max(a, b)
}
