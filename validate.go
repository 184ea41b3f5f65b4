package jisr

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on record content.
const (
	MaxTitle     = 300
	MaxNarrative = 100_000
	MaxEntities  = 500
	MaxPropValue = 2_000
)

var (
	reDate    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	rePartial = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	reCountry = regexp.MustCompile(`^[A-Z]{2}$`)
	reAgency  = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{2,12})+$`)
	reEntity  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)
)

// ValidDate reports whether s is a real calendar date YYYY-MM-DD.
func ValidDate(s string) bool {
	if !reDate.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// ValidCountry reports whether s looks like an ISO 3166-1 alpha-2 code.
func ValidCountry(s string) bool { return reCountry.MatchString(s) }

// ValidAgencyCode reports whether s is a well-formed agency code such as IQ-GDNA.
func ValidAgencyCode(s string) bool { return reAgency.MatchString(s) }

// Validate checks a record's content. It returns an EINVALID *Error naming
// the first offending field (JSON path, e.g. "entities[2].props.birthDate")
// and does not depend on the store: checks that need it (agency codes that
// exist) are the store's. now is the node's clock.
func (r *Record) Validate(now time.Time) error {
	if !slices.Contains(Kinds, r.Kind) {
		return Invalid("kind", "must be one of %s", join(Kinds))
	}
	if strings.TrimSpace(r.Title) == "" {
		return Invalid("title", "is required")
	}
	if utf8.RuneCountInString(r.Title) > MaxTitle {
		return Invalid("title", "is longer than %d characters", MaxTitle)
	}
	if strings.TrimSpace(r.NarrativeAR) == "" && strings.TrimSpace(r.NarrativeEN) == "" {
		return Invalid("narrative_ar", "a narrative in Arabic or English is required")
	}
	if len(r.NarrativeAR) > MaxNarrative {
		return Invalid("narrative_ar", "is longer than %d bytes", MaxNarrative)
	}
	if len(r.NarrativeEN) > MaxNarrative {
		return Invalid("narrative_en", "is longer than %d bytes", MaxNarrative)
	}
	for _, f := range []struct{ name, v string }{
		{"title", r.Title}, {"narrative_ar", r.NarrativeAR}, {"narrative_en", r.NarrativeEN},
	} {
		if !utf8.ValidString(f.v) {
			return Invalid(f.name, "is not valid UTF-8")
		}
	}
	if r.OccurredOn != "" {
		if !ValidDate(r.OccurredOn) {
			return Invalid("occurred_on", "must be a date as YYYY-MM-DD")
		}
		if d, _ := time.Parse(time.DateOnly, r.OccurredOn); d.After(now.Add(48 * time.Hour)) {
			return Invalid("occurred_on", "is in the future")
		}
	} else if r.Kind == KindSeizure {
		return Invalid("occurred_on", "is required for a seizure")
	}
	if err := r.Place.validate("place"); err != nil {
		return err
	}
	if r.Kind == KindSeizure && r.Place.Country == "" {
		return Invalid("place.country", "is required for a seizure")
	}
	if !strings.Contains("ABCDEF", r.Grading.Source) || len(r.Grading.Source) != 1 {
		return Invalid("grading.source", "must be one of A, B, C, D, E, F (Admiralty source reliability)")
	}
	if r.Grading.Information < 1 || r.Grading.Information > 6 {
		return Invalid("grading.information", "must be 1 to 6 (Admiralty information credibility)")
	}
	if !slices.Contains(Handlings, r.Handling) {
		return Invalid("handling", "must be one of H0, H1, H2, H3")
	}
	if r.Handling == H3 && strings.TrimSpace(r.HandlingConditions) == "" {
		return Invalid("handling_conditions", "H3 needs its conditions written out")
	}
	if !slices.Contains(TLPs, r.TLP) {
		return Invalid("tlp", "must be one of %s", join(TLPs))
	}
	if err := r.Releasability.Validate(r.TLP); err != nil {
		return err
	}
	if r.ReviewBy != "" && !ValidDate(r.ReviewBy) {
		return Invalid("review_by", "must be a date as YYYY-MM-DD")
	}
	switch r.Kind {
	case KindSeizure:
		if r.Seizure == nil {
			return Invalid("seizure", "is required for a seizure record")
		}
		if err := r.Seizure.validate(); err != nil {
			return err
		}
	case KindFacility:
		if r.Facility == nil {
			return Invalid("facility", "is required for a facility record")
		}
		if !slices.Contains(FacilityTypes, r.Facility.Type) {
			return Invalid("facility.type", "must be one of %s", strings.Join(FacilityTypes, ", "))
		}
		if !slices.Contains(FacilityStatuses, r.Facility.Status) {
			return Invalid("facility.status", "must be one of %s", strings.Join(FacilityStatuses, ", "))
		}
	}
	if r.Kind != KindSeizure && r.Seizure != nil {
		return Invalid("seizure", "only seizure records carry seizure fields")
	}
	if r.Kind != KindFacility && r.Facility != nil {
		return Invalid("facility", "only facility records carry facility fields")
	}
	return r.validateEntities()
}

func (p *Place) validate(field string) error {
	if p.Country != "" && !ValidCountry(p.Country) {
		return Invalid(field+".country", "must be an ISO 3166-1 alpha-2 code such as IQ")
	}
	if (p.Lat == nil) != (p.Lon == nil) {
		return Invalid(field+".lat", "latitude and longitude go together")
	}
	if p.Lat != nil && (*p.Lat < -90 || *p.Lat > 90) {
		return Invalid(field+".lat", "must be between -90 and 90")
	}
	if p.Lon != nil && (*p.Lon < -180 || *p.Lon > 180) {
		return Invalid(field+".lon", "must be between -180 and 180")
	}
	return nil
}

// Validate checks the releasability against the TLP: TLP:RED and
// TLP:AMBER+STRICT go to named agencies only.
func (rel *Releasability) Validate(tlp TLP) error {
	for i, a := range rel.Agencies {
		if !ValidAgencyCode(a) {
			return Invalid(fmt.Sprintf("releasability.agencies[%d]", i), "%q is not an agency code such as JO-AND", a)
		}
	}
	for i, c := range rel.Countries {
		if !ValidCountry(c) {
			return Invalid(fmt.Sprintf("releasability.countries[%d]", i), "must be an ISO 3166-1 alpha-2 code")
		}
	}
	for i, g := range rel.Groups {
		if strings.TrimSpace(g) == "" || len(g) > 64 {
			return Invalid(fmt.Sprintf("releasability.groups[%d]", i), "must be a group name of 1 to 64 characters")
		}
	}
	if tlp == TLPRed || tlp == TLPAmberStrict {
		if rel.Community {
			return Invalid("releasability.community", "TLP:%s records go to named agencies only", tlp)
		}
		if len(rel.Countries) > 0 {
			return Invalid("releasability.countries", "TLP:%s records go to named agencies only", tlp)
		}
		if len(rel.Groups) > 0 {
			return Invalid("releasability.groups", "TLP:%s records go to named agencies only", tlp)
		}
	}
	return nil
}

func (s *Seizure) validate() error {
	if s.Crossing != "" && PlaceByCode(s.Crossing) == nil {
		return Invalid("seizure.crossing", "unknown crossing or port %q", s.Crossing)
	}
	for _, f := range []struct {
		field, v string
		list     []string
	}{
		{"seizure.hiding_place", s.HidingPlace, Concealments},
		{"seizure.installation", s.Installation, Installations},
		{"seizure.transport", s.Transport, Transports},
		{"seizure.routing", s.Routing, Routings},
	} {
		if f.v != "" && !slices.Contains(f.list, f.v) {
			return Invalid(f.field, "%q is not in the pick list", f.v)
		}
	}
	for _, f := range []struct{ field, v string }{
		{"seizure.producing_country", s.ProducingCountry},
		{"seizure.departure_country", s.DepartureCountry},
		{"seizure.destination_country", s.DestinationCountry},
	} {
		if f.v != "" && !ValidCountry(f.v) {
			return Invalid(f.field, "must be an ISO 3166-1 alpha-2 code")
		}
	}
	if s.Arrests < 0 {
		return Invalid("seizure.arrests", "cannot be negative")
	}
	return nil
}

func (r *Record) validateEntities() error {
	if len(r.Entities) > MaxEntities {
		return Invalid("entities", "more than %d entities", MaxEntities)
	}
	ids := make(map[string]bool, len(r.Entities))
	drugs := 0
	for i := range r.Entities {
		e := &r.Entities[i]
		at := fmt.Sprintf("entities[%d]", i)
		if !reEntity.MatchString(e.ID) {
			return Invalid(at+".id", "must be 1–32 letters, digits, - or _")
		}
		if ids[e.ID] {
			return Invalid(at+".id", "%q is used twice", e.ID)
		}
		ids[e.ID] = true
		s := SchemaByName(e.Schema)
		if s == nil {
			return Invalid(at+".schema", "unknown schema %q", e.Schema)
		}
		if e.Schema == "DrugQuantity" {
			drugs++
		}
		if e.Role != "" {
			if e.Schema != "Person" {
				return Invalid(at+".role", "only persons have a role")
			}
			if !slices.Contains(PersonRoles, e.Role) {
				return Invalid(at+".role", "must be one of %s", strings.Join(PersonRoles, ", "))
			}
		}
		for name, vals := range e.Props {
			spec := s.Prop(name)
			if spec == nil {
				return Invalid(at+".props."+name, "%s has no property %q", s.Name, name)
			}
			for _, v := range vals {
				if err := spec.check(v); err != "" {
					return Invalid(at+".props."+name, "%s", err)
				}
			}
		}
		for _, spec := range s.Props {
			if spec.Required && e.First(spec.Name) == "" {
				return Invalid(at+".props."+spec.Name, "is required for %s", s.Name)
			}
		}
	}
	if r.Kind == KindSeizure && drugs == 0 {
		return Invalid("entities", "a seizure needs at least one DrugQuantity (what was seized, how much)")
	}
	for i, l := range r.Links {
		at := fmt.Sprintf("links[%d]", i)
		if !ids[l.From] {
			return Invalid(at+".from", "no entity %q in this record", l.From)
		}
		if !ids[l.To] {
			return Invalid(at+".to", "no entity %q in this record", l.To)
		}
		if !slices.Contains(LinkTypes, l.Type) {
			return Invalid(at+".type", "must be one of %s", strings.Join(LinkTypes, ", "))
		}
	}
	return nil
}

func (spec *PropSpec) check(v string) string {
	if strings.TrimSpace(v) == "" {
		return "is empty"
	}
	if len(v) > MaxPropValue || !utf8.ValidString(v) {
		return "is too long or not valid UTF-8"
	}
	switch spec.Type {
	case PropCountry:
		if !ValidCountry(v) {
			return "must be an ISO 3166-1 alpha-2 code such as SY"
		}
	case PropDate:
		if !rePartial.MatchString(v) || (len(v) == 10 && !ValidDate(v)) {
			return "must be a date as YYYY-MM-DD (or YYYY-MM, YYYY)"
		}
	case PropNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return "must be a number ≥ 0"
		}
	case PropEnum:
		if !slices.Contains(spec.Enum, v) {
			return fmt.Sprintf("%q is not one of %s", v, strings.Join(spec.Enum, ", "))
		}
	}
	return ""
}

func join[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}
