package formatstest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
)

// Fields names the parts of a record a round trip compares.
type Fields struct {
	Narratives, Place, Seizure, Facility, Markings, Kind, OccurredOn, Links bool
	// Entities: every entity with every property; EntitySchemas limits the
	// comparison to those schemas (nil: all).
	Entities      bool
	EntitySchemas []string
}

// All compares everything a record carries through an export.
var All = Fields{Narratives: true, Place: true, Seizure: true, Facility: true, Markings: true, Kind: true, OccurredOn: true, Links: true, Entities: true}

// Diff lists what differs between a record and the same record read back.
func Diff(a, b *jisr.Record, f Fields) []string {
	var d []string
	cmp := func(name string, x, y any) {
		jx, _ := json.Marshal(x)
		jy, _ := json.Marshal(y)
		if string(jx) != string(jy) {
			d = append(d, fmt.Sprintf("%s: %s ≠ %s", name, jx, jy))
		}
	}
	cmp("title", a.Title, b.Title)
	cmp("originator", a.Originator, b.Originator)
	if f.Narratives {
		cmp("narrative_en", a.NarrativeEN, b.NarrativeEN)
		cmp("narrative_ar", a.NarrativeAR, b.NarrativeAR)
	}
	if f.Kind {
		cmp("kind", a.Kind, b.Kind)
	}
	if f.OccurredOn {
		cmp("occurred_on", a.OccurredOn, b.OccurredOn)
	}
	if f.Place {
		cmp("place", a.Place, b.Place)
	}
	if f.Seizure {
		cmp("seizure", a.Seizure, b.Seizure)
	}
	if f.Facility {
		cmp("facility", a.Facility, b.Facility)
	}
	if f.Markings {
		cmp("tlp", a.TLP, b.TLP)
		cmp("handling", a.Handling, b.Handling)
		cmp("handling_conditions", a.HandlingConditions, b.HandlingConditions)
		cmp("grading", a.Grading, b.Grading)
		cmp("review_by", a.ReviewBy, b.ReviewBy)
	}
	if f.Entities {
		cmp("entities", entityKeys(a, f.EntitySchemas), entityKeys(b, f.EntitySchemas))
	}
	if f.Links {
		cmp("links", linkKeys(a), linkKeys(b))
	}
	return d
}

func entityKeys(r *jisr.Record, schemas []string) []string {
	var out []string
	for _, e := range r.Entities {
		if schemas != nil && !slices.Contains(schemas, e.Schema) {
			continue
		}
		props := make([]string, 0, len(e.Props))
		for k, v := range e.Props {
			if len(v) > 0 {
				props = append(props, k+"="+strings.Join(v, "|"))
			}
		}
		sort.Strings(props)
		out = append(out, e.ID+" "+e.Schema+" "+e.Role+" "+strings.Join(props, " "))
	}
	sort.Strings(out)
	return out
}

func linkKeys(r *jisr.Record) []string {
	var out []string
	for _, l := range r.Links {
		out = append(out, l.From+" "+l.Type+" "+l.To)
	}
	sort.Strings(out)
	return out
}
