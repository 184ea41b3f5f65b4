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

var (
	reDate    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	rePartial = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	reCountry = regexp.MustCompile(`^[A-Z]{2}$`)
	reAgency  = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{2,12})+$`)
	reEntity  = regexp.MustCompile(fmt.Sprintf(`^[A-Za-z0-9_-]{1,%d}$`, MaxEntityID))
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
		return Because("kind", "one_of", join(Kinds))
	}
	if strings.TrimSpace(r.Title) == "" {
		return Because("title", "required")
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"title", r.Title, MaxTitle},
		{"narrative_ar", r.NarrativeAR, MaxNarrative},
		{"narrative_en", r.NarrativeEN, MaxNarrative},
		{"handling_conditions", r.HandlingConditions, MaxConditions},
		{"occurred_on", r.OccurredOn, 0},
		{"review_by", r.ReviewBy, 0},
	} {
		if err := CheckText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	if strings.TrimSpace(r.NarrativeAR) == "" && strings.TrimSpace(r.NarrativeEN) == "" {
		return Because("narrative_ar", "narrative")
	}
	if r.OccurredOn != "" {
		if !ValidDate(r.OccurredOn) {
			return Because("occurred_on", "date")
		}
		if d, _ := time.Parse(time.DateOnly, r.OccurredOn); d.After(now.Add(48 * time.Hour)) {
			return Because("occurred_on", "future")
		}
	} else if r.Kind == KindSeizure {
		return Because("occurred_on", "required_for", "seizure")
	}
	if err := r.Place.validate("place"); err != nil {
		return err
	}
	if r.Kind == KindSeizure && r.Place.Country == "" {
		return Because("place.country", "required_for", "seizure")
	}
	if !strings.Contains("ABCDEF", r.Grading.Source) || len(r.Grading.Source) != 1 {
		return Because("grading.source", "admiralty_src")
	}
	if r.Grading.Information < 1 || r.Grading.Information > 6 {
		return Because("grading.information", "admiralty_info")
	}
	if !slices.Contains(Handlings, r.Handling) {
		return Because("handling", "one_of", "H0, H1, H2, H3")
	}
	if r.Handling == H3 && strings.TrimSpace(r.HandlingConditions) == "" {
		return Because("handling_conditions", "h3")
	}
	if !slices.Contains(TLPs, r.TLP) {
		return Because("tlp", "one_of", join(TLPs))
	}
	if err := r.Releasability.Validate(r.TLP); err != nil {
		return err
	}
	if r.ReviewBy != "" && !ValidDate(r.ReviewBy) {
		return Because("review_by", "date")
	}
	switch r.Kind {
	case KindSeizure:
		if r.Seizure == nil {
			return Because("seizure", "required_seizure")
		}
		if err := r.Seizure.validate(); err != nil {
			return err
		}
	case KindFacility:
		if r.Facility == nil {
			return Because("facility", "required_facility")
		}
		if !slices.Contains(FacilityTypes, r.Facility.Type) {
			return Because("facility.type", "one_of", strings.Join(FacilityTypes, ", "))
		}
		if !slices.Contains(FacilityStatuses, r.Facility.Status) {
			return Because("facility.status", "one_of", strings.Join(FacilityStatuses, ", "))
		}
	}
	if r.Kind != KindSeizure && r.Seizure != nil {
		return Because("seizure", "only_seizure")
	}
	if r.Kind != KindFacility && r.Facility != nil {
		return Because("facility", "only_facility")
	}
	return r.validateEntities()
}

func (p *Place) validate(field string) error {
	for _, f := range []struct{ name, v string }{
		{"name", p.Name}, {"name_ar", p.NameAR}, {"admin", p.Admin}, {"country", p.Country},
	} {
		if err := CheckText(field+"."+f.name, f.v, MaxPlaceText); err != nil {
			return err
		}
	}
	if p.Country != "" && !ValidCountry(p.Country) {
		return Because(field+".country", "country")
	}
	if (p.Lat == nil) != (p.Lon == nil) {
		return Because(field+".lat", "latlon")
	}
	if p.Lat != nil && (*p.Lat < -90 || *p.Lat > 90) {
		return Because(field+".lat", "between", "-90", "90")
	}
	if p.Lon != nil && (*p.Lon < -180 || *p.Lon > 180) {
		return Because(field+".lon", "between", "-180", "180")
	}
	return nil
}

// Validate checks the releasability against the TLP: TLP:RED and
// TLP:AMBER+STRICT go to named agencies only.
func (rel *Releasability) Validate(tlp TLP) error {
	for _, l := range []struct {
		name string
		n    int
	}{{"agencies", len(rel.Agencies)}, {"countries", len(rel.Countries)}, {"groups", len(rel.Groups)}, {"users", len(rel.Users)}} {
		if err := checkList("releasability."+l.name, l.n, MaxReleaseItems); err != nil {
			return err
		}
	}
	for i, a := range rel.Agencies {
		if len(a) > MaxAgencyCode || !ValidAgencyCode(a) {
			return Because(fmt.Sprintf("releasability.agencies[%d]", i), "agency", a)
		}
	}
	for i, c := range rel.Countries {
		if !ValidCountry(c) {
			return Because(fmt.Sprintf("releasability.countries[%d]", i), "country")
		}
	}
	for i, g := range rel.Groups {
		if err := checkGroup(fmt.Sprintf("releasability.groups[%d]", i), g); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for i, u := range rel.Users {
		if !ValidUsername(u) {
			return Because(fmt.Sprintf("releasability.users[%d]", i), "not_username", u)
		}
		if seen[u] {
			return Because(fmt.Sprintf("releasability.users[%d]", i), "used_twice", u)
		}
		seen[u] = true
	}
	if len(rel.Users) > 0 && tlp != TLPRed {
		return Because("releasability.users", "named_red_only", tlp)
	}
	if tlp == TLPRed || tlp == TLPAmberStrict {
		if rel.Community {
			return Because("releasability.community", "named_only", string(tlp))
		}
		if len(rel.Countries) > 0 {
			return Because("releasability.countries", "named_only", string(tlp))
		}
		if len(rel.Groups) > 0 {
			return Because("releasability.groups", "named_only", string(tlp))
		}
	}
	return nil
}

// reUsername is the form of a user name.
var reUsername = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// ValidUsername reports whether u has the form of a user name: 2–63
// lower-case letters, digits, dots, dashes or underscores.
func ValidUsername(u string) bool { return reUsername.MatchString(u) }

// checkGroup checks the name of a sharing group.
func checkGroup(field, g string) error {
	if err := CheckText(field, g, 0); err != nil {
		return err
	}
	if strings.TrimSpace(g) == "" || utf8.RuneCountInString(g) > MaxGroupName {
		return Because(field, "group_name", MaxGroupName)
	}
	return nil
}

func (s *Seizure) validate() error {
	if s.Crossing != "" && PlaceByCode(s.Crossing) == nil {
		return Because("seizure.crossing", "crossing", s.Crossing)
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
			return Because(f.field, "pick_list", f.v)
		}
	}
	for _, f := range []struct{ field, v string }{
		{"seizure.producing_country", s.ProducingCountry},
		{"seizure.departure_country", s.DepartureCountry},
		{"seizure.destination_country", s.DestinationCountry},
	} {
		if f.v != "" && !ValidCountry(f.v) {
			return Because(f.field, "country")
		}
	}
	if s.Arrests < 0 {
		return Because("seizure.arrests", "negative")
	}
	return nil
}

func (r *Record) validateEntities() error {
	if err := checkList("entities", len(r.Entities), MaxEntities); err != nil {
		return err
	}
	if err := checkList("links", len(r.Links), MaxLinks); err != nil {
		return err
	}
	ids := make(map[string]bool, len(r.Entities))
	drugs := 0
	for i := range r.Entities {
		e := &r.Entities[i]
		at := fmt.Sprintf("entities[%d]", i)
		for _, f := range []struct{ name, v string }{{"id", e.ID}, {"schema", e.Schema}, {"role", e.Role}} {
			if err := CheckText(at+"."+f.name, f.v, 0); err != nil {
				return err
			}
		}
		if !reEntity.MatchString(e.ID) {
			return Because(at+".id", "entity_id", MaxEntityID)
		}
		if ids[e.ID] {
			return Because(at+".id", "used_twice", e.ID)
		}
		ids[e.ID] = true
		s := SchemaByName(e.Schema)
		if s == nil {
			return Because(at+".schema", "schema", e.Schema)
		}
		if e.Schema == "DrugQuantity" {
			drugs++
		}
		if e.Role != "" {
			if e.Schema != "Person" {
				return Because(at+".role", "role_person")
			}
			if !slices.Contains(PersonRoles, e.Role) {
				return Because(at+".role", "one_of", strings.Join(PersonRoles, ", "))
			}
		}
		for name, vals := range e.Props {
			spec := s.Prop(name)
			if spec == nil {
				if err := CheckText(at+".props", name, 0); err != nil {
					return err
				}
				return Because(at+".props."+name, "no_property", s.Name, name)
			}
			if err := checkList(at+".props."+name, len(vals), MaxPropValues); err != nil {
				return err
			}
			for j, v := range vals {
				if err := CheckText(fmt.Sprintf("%s.props.%s[%d]", at, name, j), v, MaxPropValue); err != nil {
					return err
				}
				if err := spec.check(at+".props."+name, v); err != nil {
					return err
				}
			}
		}
		for _, spec := range s.Props {
			if spec.Required && e.First(spec.Name) == "" {
				return Because(at+".props."+spec.Name, "required_for", s.Name)
			}
		}
	}
	if r.Kind == KindSeizure && drugs == 0 {
		return Because("entities", "need_drug")
	}
	for i, l := range r.Links {
		at := fmt.Sprintf("links[%d]", i)
		for _, f := range []struct{ name, v string }{{"from", l.From}, {"to", l.To}, {"type", l.Type}} {
			if err := CheckText(at+"."+f.name, f.v, 0); err != nil {
				return err
			}
		}
		if !ids[l.From] {
			return Because(at+".from", "no_entity", l.From)
		}
		if !ids[l.To] {
			return Because(at+".to", "no_entity", l.To)
		}
		if !slices.Contains(LinkTypes, l.Type) {
			return Because(at+".type", "one_of", strings.Join(LinkTypes, ", "))
		}
	}
	return nil
}

// check is why a property value is not valid (nil if it is), as a reason
// key and its parameters for the field.
func (spec *PropSpec) check(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return Because(field, "empty")
	}
	switch spec.Type {
	case PropCountry:
		if !ValidCountry(v) {
			return Because(field, "country")
		}
	case PropDate:
		if !rePartial.MatchString(v) || (len(v) == 10 && !ValidDate(v)) {
			return Because(field, "date_partial")
		}
	case PropNumber:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return Because(field, "number")
		}
	case PropEnum:
		if !slices.Contains(spec.Enum, v) {
			return Because(field, "not_one_of", v, strings.Join(spec.Enum, ", "))
		}
	}
	return nil
}

func join[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// Validate checks the free-text fields of a user: the user name's length,
// the display name and the e-mail address (valid UTF-8, no NUL, within
// Limits). The store checks the rest (the user name's form, the role, that
// the agency exists).
func (u *User) Validate() error {
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"username", u.Username, MaxUsername},
		{"display_name", u.DisplayName, MaxDisplayName},
		{"email", u.Email, MaxEmail},
		{"lang", u.Lang, 0},
		{"agency", u.Agency, MaxAgencyCode},
	} {
		if err := CheckText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	return nil
}

// ValidatePasswordText refuses a password that is not valid UTF-8, holds a
// NUL or is longer than MaxPassword characters; the store judges its
// strength.
func ValidatePasswordText(pw string) error {
	return CheckText("password", pw, MaxPassword)
}

// Validate checks an agency: its code, country, names and sharing groups.
func (a *Agency) Validate() error {
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"code", a.Code, MaxAgencyCode},
		{"country", a.Country, 0},
		{"name_en", a.NameEN, MaxAgencyName},
		{"name_ar", a.NameAR, MaxAgencyName},
	} {
		if err := CheckText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	if !ValidAgencyCode(a.Code) {
		return Because("code", "agency_code")
	}
	if !ValidCountry(a.Country) {
		return Because("country", "country")
	}
	if strings.TrimSpace(a.NameEN) == "" {
		return Because("name_en", "required")
	}
	if strings.TrimSpace(a.NameAR) == "" {
		return Because("name_ar", "required")
	}
	if err := checkList("groups", len(a.Groups), MaxAgencyGroups); err != nil {
		return err
	}
	for i, g := range a.Groups {
		if err := checkGroup(fmt.Sprintf("groups[%d]", i), g); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks the reason of a release request. The releasability
// wanted is checked against the record's TLP by Releasability.Validate.
func (rr *ReleaseRequest) Validate() error {
	switch rr.Kind {
	case "", ReleaseKindRelease:
		rr.Kind = ReleaseKindRelease
	case ReleaseKindConsent:
		return rr.validateConsent()
	default:
		return Because("kind", "one_of", ReleaseKindRelease+", "+ReleaseKindConsent)
	}
	switch {
	case rr.Use != "":
		return Because("use", "consent_only")
	case rr.To != "":
		return Because("to", "consent_only")
	case rr.Purpose != "":
		return Because("purpose", "consent_purpose")
	}
	if err := CheckText("reason", rr.Reason, MaxReason); err != nil {
		return err
	}
	if strings.TrimSpace(rr.Reason) == "" {
		return Because("reason", "say_need")
	}
	return nil
}

func (rr *ReleaseRequest) validateConsent() error {
	if !slices.Contains(ConsentUses, rr.Use) {
		if rr.Use == "" {
			return Because("use", "required")
		}
		return Because("use", "one_of", strings.Join(ConsentUses, ", "))
	}
	if err := CheckText("to", rr.To, MaxAgencyName); err != nil {
		return err
	}
	rr.To = strings.TrimSpace(rr.To)
	if rr.Use == UseOnward && rr.To == "" {
		return Because("to", "required") // the body the record would be passed on to
	}
	if rr.Use != UseOnward && rr.To != "" {
		return Because("to", "onward_only")
	}
	if rr.Reason != "" {
		return Because("reason", "release_reason")
	}
	if !rr.Wanted.Empty() {
		return Because("wanted", "consent_releases_nothing")
	}
	if err := CheckText("purpose", rr.Purpose, MaxReason); err != nil {
		return err
	}
	if strings.TrimSpace(rr.Purpose) == "" {
		return Because("purpose", "required") // the case, the court, the occasion
	}
	return nil
}

// ValidateAnswer checks the answer written to a release request.
func ValidateAnswer(answer string) error {
	return CheckText("answer", answer, MaxReason)
}

// Empty reports whether rel releases to nobody beyond the originator.
func (rel Releasability) Empty() bool {
	return !rel.Community && len(rel.Agencies) == 0 && len(rel.Countries) == 0 && len(rel.Groups) == 0 && len(rel.Users) == 0
}
