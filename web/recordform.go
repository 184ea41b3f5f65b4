package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Empty rows given to each entity section and to links when JavaScript is
// off; with it, rows are added and removed in the page.
const (
	emptyEntityRows = 1
	emptyLinkRows   = 3
)

// formPage is the record entry form, new or edit.
type formPage struct {
	R         *jisr.Record
	Editing   bool
	Sections  []*entSection
	Links     []linkRow
	EntityIDs []string
	Rel       *relChoices
	Releases  bool // the user's role releases records (policy.Releases)
	Countries []string
	Crossings []jisr.PlaceRef
	Kinds     []jisr.Kind
	TLPs      []jisr.TLP
	Handlings []jisr.Handling
	Sources   []string
	Infos     []int

	Concealments, Installations, Transports, Routings []string
	FacilityTypes, FacilityStatuses, PersonRoles      []string
	LinkTypes                                         []string

	Err      error
	ErrField string      // form field the (first) error belongs to
	ErrText  string      // translated
	Errs     []formError // every error, in form order, for the summary
}

// formError is one error of a submitted form: the field it belongs to and
// its translated text.
type formError struct{ Field, Text string }

// E returns the translated errors that belong to the named field.
func (f *formPage) E(field string) string {
	var out []string
	for _, e := range f.Errs {
		if e.Field == field {
			out = append(out, e.Text)
		}
	}
	return strings.Join(out, " · ")
}

// entSection is the rows of one entity schema.
type entSection struct {
	Schema *jisr.Schema
	Rows   []entRow
	Open   bool
}

type entRow struct {
	Index  int
	ID     string
	Role   string
	Values map[string][]string
}

// V returns the i-th value of a property.
func (r entRow) V(prop string, i int) string {
	if vs := r.Values[prop]; i < len(vs) {
		return vs[i]
	}
	return ""
}

// Field is the form name of a property of this row.
func (s *entSection) Field(i int, prop string) string {
	return fmt.Sprintf("e.%s.%d.%s", s.Schema.Name, i, prop)
}

type linkRow struct {
	Index          int
	From, To, Type string
}

// primarySchemas are opened by default for each kind.
var primarySchemas = map[jisr.Kind][]string{
	jisr.KindSeizure:  {"DrugQuantity", "Person", "Vehicle", "Phone"},
	jisr.KindFacility: {"Machinery", "Precursor", "Person", "Address"},
	jisr.KindReport:   {"Person", "Phone", "Vehicle"},
}

func (h *Handler) newForm(r *http.Request, rec *jisr.Record, editing bool) (*formPage, error) {
	f := &formPage{R: rec, Editing: editing, Countries: countryCodes(), Crossings: crossings(),
		Kinds: jisr.Kinds, TLPs: jisr.TLPs, Handlings: jisr.Handlings,
		Sources: []string{"A", "B", "C", "D", "E", "F"}, Infos: []int{1, 2, 3, 4, 5, 6},
		Concealments: jisr.Concealments, Installations: jisr.Installations, Transports: jisr.Transports,
		Routings: jisr.Routings, FacilityTypes: jisr.FacilityTypes, FacilityStatuses: jisr.FacilityStatuses,
		PersonRoles: jisr.PersonRoles, LinkTypes: jisr.LinkTypes}
	f.Releases = policy.Releases(stateOf(r).P)
	var err error
	if f.Rel, err = h.relChoices(r, rec.Releasability); err != nil {
		return nil, err
	}
	for _, s := range jisr.Schemas {
		sec := &entSection{Schema: s, Open: slices.Contains(primarySchemas[rec.Kind], s.Name)}
		for _, e := range rec.Entities {
			if e.Schema == s.Name {
				sec.Rows = append(sec.Rows, entRow{Index: len(sec.Rows), ID: e.ID, Role: e.Role, Values: e.Props})
				f.EntityIDs = append(f.EntityIDs, e.ID)
			}
		}
		empty := emptyEntityRows
		if sec.Open && len(sec.Rows) == 0 {
			empty = 2 // the usual entities of the kind: room for two without script
		}
		if len(sec.Rows) > 0 {
			sec.Open = true
		}
		for range empty {
			i := len(sec.Rows)
			sec.Rows = append(sec.Rows, entRow{Index: i, ID: newEntityID(s.Name, i, f.EntityIDs)})
		}
		f.Sections = append(f.Sections, sec)
	}
	for i, l := range rec.Links {
		f.Links = append(f.Links, linkRow{Index: i, From: l.From, To: l.To, Type: l.Type})
	}
	for range emptyLinkRows {
		f.Links = append(f.Links, linkRow{Index: len(f.Links)})
	}
	return f, nil
}

// newEntityID is the id of a new row: the schema and the row number,
// e.g. vehicle-2, unique within the record.
func newEntityID(schema string, i int, taken []string) string {
	base := strings.ToLower(schema) + "-"
	for n := i + 1; ; n++ {
		id := base + strconv.Itoa(n)
		if !slices.Contains(taken, id) {
			return id
		}
	}
}

func (h *Handler) recordNew(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if err := policy.CanCreate(st.P); err != nil {
		h.renderError(w, r, err)
		return
	}
	kind := jisr.Kind(r.URL.Query().Get("kind"))
	if !slices.Contains(jisr.Kinds, kind) {
		kind = jisr.KindSeizure
	}
	rec := &jisr.Record{Kind: kind, TLP: jisr.TLPAmber, Handling: jisr.H0}
	if kind == jisr.KindSeizure {
		rec.Seizure = &jisr.Seizure{}
		rec.Place.Country = st.P.Country
	}
	if kind == jisr.KindFacility {
		rec.Facility = &jisr.Facility{}
	}
	f, err := h.newForm(r, rec, false)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "recordform", "form.new_title", f)
}

func (h *Handler) recordEdit(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	rec, err := h.cfg.Records.Record(r.Context(), st.P, r.PathValue("id"))
	if err == nil {
		err = policy.CanUpdate(st.P, rec)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f, err := h.newForm(r, rec, true)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, "recordform", "form.edit_title", f)
}

func (h *Handler) recordCreate(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	rec := &jisr.Record{}
	fm, err := parseRecordForm(r, rec)
	if err == nil && h.proposeRecipients(w, r, rec, false) {
		return
	}
	if err == nil {
		err = h.cfg.Records.CreateRecord(r.Context(), st.P, rec)
	}
	if err != nil {
		h.formError(w, r, rec, false, fm, err)
		return
	}
	http.Redirect(w, r, "/records/"+rec.ID+"?done=created", http.StatusSeeOther)
}

func (h *Handler) recordUpdate(w http.ResponseWriter, r *http.Request) {
	st, id := stateOf(r), r.PathValue("id")
	cur, err := h.cfg.Records.Record(r.Context(), st.P, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	rec := &jisr.Record{ID: cur.ID, Kind: cur.Kind, Originator: cur.Originator, CreatedBy: cur.CreatedBy,
		CreatedAt: cur.CreatedAt, Attachments: cur.Attachments}
	fm, err := parseRecordForm(r, rec)
	rec.Kind = cur.Kind // the kind of a record does not change
	if err == nil && h.proposeRecipients(w, r, rec, true) {
		return
	}
	if err == nil {
		err = h.cfg.Records.UpdateRecord(r.Context(), st.P, rec)
	}
	if err != nil {
		h.formError(w, r, rec, true, fm, err)
		return
	}
	http.Redirect(w, r, "/records/"+id+"?done=updated", http.StatusSeeOther)
}

// proposeRecipients turns the TLP:RED role rule into a list the originator
// confirms (policy.Contact): a TLP:RED record released to agencies but
// naming nobody is not saved; the form comes back with those agencies'
// points of contact ticked and a note saying so. Submitted again (the form
// then carries rel_confirmed), the ticked names are the recipients — or,
// with none ticked, the role rule. It reports whether it showed the form.
func (h *Handler) proposeRecipients(w http.ResponseWriter, r *http.Request, rec *jisr.Record, editing bool) bool {
	rel := &rec.Releasability
	if rec.TLP != jisr.TLPRed || len(rel.Users) > 0 || len(rel.Agencies) == 0 || r.PostFormValue("rel_confirmed") != "" {
		return false
	}
	st := stateOf(r)
	// Only for those who may release it: anyone else is refused by the
	// engine (policy.CanMark), with the reason, not offered names.
	if !policy.Releases(st.P) || policy.CanListContacts(st.P) != nil {
		return false
	}
	cs, err := h.cfg.Users.Contacts(r.Context(), st.P, rel.Agencies)
	if err != nil || len(cs) == 0 {
		return false
	}
	for _, c := range cs {
		rel.Users = append(rel.Users, c.Username)
	}
	f, err := h.newForm(r, rec, editing)
	if err != nil {
		h.renderError(w, r, err)
		return true
	}
	f.Rel.Proposed = true
	title := "form.new_title"
	if editing {
		title = "form.edit_title"
	}
	h.renderPage(w, r, http.StatusOK, "recordform", h.page(w, r, title, f))
	return true
}

// formError shows the form again with what was entered and the error
// beside its field.
func (h *Handler) formError(w http.ResponseWriter, r *http.Request, rec *jisr.Record, editing bool, fm *formMap, err error) {
	if jisr.ErrorCode(err) == jisr.EINTERNAL || jisr.ErrorCode(err) == jisr.ENOTFOUND {
		h.renderError(w, r, err)
		return
	}
	f, ferr := h.newForm(r, rec, editing)
	if ferr != nil {
		h.renderError(w, r, ferr)
		return
	}
	title := "form.new_title"
	if editing {
		title = "form.edit_title"
	}
	p := h.page(w, r, title, f)
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
		// fields that could not be read: the validator has its say on the rest
		if v := rec.Validate(time.Now()); v != nil {
			errs = append(errs, v)
			errs = append(errs, moreErrors(*rec, v, time.Now())...)
		}
	} else {
		errs = append(errs, moreErrors(*rec, err, time.Now())...)
	}
	seen := map[string]bool{}
	for _, e := range errs {
		fe := formError{Field: fm.field(jisr.ErrorField(e)), Text: p.ErrorText(e)}
		if !seen[fe.Field] {
			seen[fe.Field] = true
			f.Errs = append(f.Errs, fe)
		}
	}
	f.Err, f.ErrField, f.ErrText = errs[0], f.Errs[0].Field, f.Errs[0].Text
	h.renderPage(w, r, statusOf(err), "recordform", p)
}

// formMap maps the JSON paths the validator names to form fields.
type formMap struct {
	entities map[int]string // entity index → "e.Schema.row"
	links    map[int]string // link index → "l.row"
}

var reIndexed = regexp.MustCompile(`^(entities|links)\[(\d+)\](?:\.(.*))?$`)

func (m *formMap) field(path string) string {
	if path == "" {
		return "_top"
	}
	if strings.HasPrefix(path, "releasability") {
		return "releasability"
	}
	if mm := reIndexed.FindStringSubmatch(path); mm != nil && m != nil {
		i, _ := strconv.Atoi(mm[2])
		prefix := m.entities[i]
		if mm[1] == "links" {
			prefix = m.links[i]
		}
		if prefix == "" {
			return mm[1]
		}
		rest := strings.TrimPrefix(mm[3], "props.")
		if rest == "" || rest == "id" || rest == "schema" {
			return prefix
		}
		return prefix + "." + rest
	}
	return path
}

var (
	reEntField  = regexp.MustCompile(`^e\.([A-Za-z]+)\.(\d+)\.([A-Za-z_]+)$`)
	reLinkField = regexp.MustCompile(`^l\.(\d+)\.(from|to|type)$`)
)

// parseRecordForm fills rec from the posted form. It returns an EINVALID
// error only for what cannot be parsed at all (a number that is not one);
// everything else is for the service's validation.
func parseRecordForm(r *http.Request, rec *jisr.Record) (*formMap, error) {
	form := r.PostForm
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	fm := &formMap{entities: map[int]string{}, links: map[int]string{}}
	var errs []error // every field that cannot be read, shown at once
	fail := func(field, reason string) {
		errs = append(errs, jisr.Because(field, reason))
	}

	if rec.Kind == "" {
		rec.Kind = jisr.Kind(get("kind"))
	}
	rec.Title = get("title")
	rec.NarrativeAR = strings.TrimSpace(strings.ReplaceAll(form.Get("narrative_ar"), "\r\n", "\n"))
	rec.NarrativeEN = strings.TrimSpace(strings.ReplaceAll(form.Get("narrative_en"), "\r\n", "\n"))
	rec.OccurredOn = get("occurred_on")
	rec.ReviewBy = get("review_by")
	rec.Place = jisr.Place{Name: get("place.name"), NameAR: get("place.name_ar"), Country: get("place.country"), Admin: get("place.admin")}
	for _, c := range []struct {
		field string
		dst   **float64
	}{{"place.lat", &rec.Place.Lat}, {"place.lon", &rec.Place.Lon}} {
		if v := get(c.field); v != "" {
			x, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", "."), 64)
			if err != nil {
				fail(c.field, "number")
				continue
			}
			*c.dst = &x
		}
	}
	rec.Grading.Source = get("grading.source")
	if v := get("grading.information"); v != "" {
		rec.Grading.Information, _ = strconv.Atoi(v)
	}
	rec.Handling = jisr.Handling(get("handling"))
	rec.HandlingConditions = get("handling_conditions")
	rec.TLP = jisr.TLP(get("tlp"))
	rec.Releasability = relFrom(r)
	rec.NoHitDisclosure = get("no_hit_disclosure") != ""
	if v, err := strconv.Atoi(get("version")); err == nil {
		rec.Version = v
	}

	rec.Seizure, rec.Facility = nil, nil
	switch rec.Kind {
	case jisr.KindSeizure:
		s := &jisr.Seizure{Crossing: get("seizure.crossing"), HidingPlace: get("seizure.hiding_place"),
			Installation: get("seizure.installation"), Transport: get("seizure.transport"),
			ProducingCountry: get("seizure.producing_country"), DepartureCountry: get("seizure.departure_country"),
			DestinationCountry: get("seizure.destination_country"), Routing: get("seizure.routing")}
		if v := get("seizure.arrests"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				fail("seizure.arrests", "number")
			}
			s.Arrests = n
		}
		rec.Seizure = s
	case jisr.KindFacility:
		rec.Facility = &jisr.Facility{Type: get("facility.type"), Status: get("facility.status"), Mobile: get("facility.mobile") != ""}
	}

	// Entities: e.<Schema>.<row>.<prop>, in schema order then row order.
	type key struct {
		schema int
		row    int
	}
	rows := map[key]*jisr.Entity{}
	for k, vs := range form {
		m := reEntField.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		si := slices.IndexFunc(jisr.Schemas, func(s *jisr.Schema) bool { return s.Name == m[1] })
		if si < 0 {
			continue
		}
		row, _ := strconv.Atoi(m[2])
		kk := key{si, row}
		e := rows[kk]
		if e == nil {
			e = &jisr.Entity{Schema: m[1], Props: map[string][]string{}}
			rows[kk] = e
		}
		switch m[3] {
		case "id":
			e.ID = strings.TrimSpace(vs[0])
		case "role":
			e.Role = strings.TrimSpace(vs[0])
		default:
			for _, v := range vs {
				if v = strings.TrimSpace(v); v != "" {
					e.Props[m[3]] = append(e.Props[m[3]], v)
				}
			}
		}
	}
	keys := make([]key, 0, len(rows))
	for k := range rows {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].schema != keys[j].schema {
			return keys[i].schema < keys[j].schema
		}
		return keys[i].row < keys[j].row
	})
	rec.Entities = nil
	var ids []string
	perSchema := map[string]int{} // rows are numbered again from 0 when the form is shown again
	for _, k := range keys {
		e := rows[k]
		if len(e.Props) == 0 {
			continue // an empty row, left as it was given
		}
		if e.ID == "" || slices.Contains(ids, e.ID) {
			e.ID = newEntityID(e.Schema, k.row, ids)
		}
		ids = append(ids, e.ID)
		fm.entities[len(rec.Entities)] = fmt.Sprintf("e.%s.%d", e.Schema, perSchema[e.Schema])
		perSchema[e.Schema]++
		rec.Entities = append(rec.Entities, *e)
	}

	// Links: l.<row>.from|to|type.
	lrows := map[int]*jisr.Link{}
	for k, vs := range form {
		m := reLinkField.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[1])
		l := lrows[i]
		if l == nil {
			l = &jisr.Link{}
			lrows[i] = l
		}
		v := strings.TrimSpace(vs[0])
		switch m[2] {
		case "from":
			l.From = v
		case "to":
			l.To = v
		case "type":
			l.Type = v
		}
	}
	lkeys := make([]int, 0, len(lrows))
	for k := range lrows {
		lkeys = append(lkeys, k)
	}
	sort.Ints(lkeys)
	rec.Links = nil
	for _, i := range lkeys {
		l := lrows[i]
		if l.From == "" && l.To == "" {
			continue
		}
		fm.links[len(rec.Links)] = fmt.Sprintf("l.%d", len(rec.Links))
		rec.Links = append(rec.Links, *l)
	}
	if rec.Kind != "" && !slices.Contains(jisr.Kinds, rec.Kind) {
		errs = append(errs, jisr.Because("kind", "one_of", "report, seizure, facility"))
	}
	switch len(errs) {
	case 0:
		return fm, nil
	case 1:
		return fm, errs[0]
	}
	return fm, errors.Join(errs...)
}

// Slots are the values of a property padded to n inputs (names get two:
// one in Arabic script, one in Latin script).
func (r entRow) Slots(prop string, n int) []string {
	vs := append([]string(nil), r.Values[prop]...)
	for len(vs) < n {
		vs = append(vs, "")
	}
	return vs
}

// moreErrors finds the further errors of a record the service refused, so
// that the form shows them all at once. The validator names only the first
// offending field; here each field it names is given a harmless value in a
// copy of the record and the copy is checked again, until it passes, names
// a field it cannot stand in for (entities, links), or twelve rounds. The
// service's answer stays the authority: this only tells the user now what
// they would meet on the next submits.
func moreErrors(rec jisr.Record, first error, now time.Time) []error {
	if jisr.ErrorCode(first) != jisr.EINVALID {
		return nil
	}
	var out []error
	seen := map[string]bool{}
	cur := first
	for range 12 {
		f := jisr.ErrorField(cur)
		if f == "" || seen[f] || !standIn(&rec, f) {
			break
		}
		seen[f] = true
		err := rec.Validate(now)
		if err == nil || jisr.ErrorCode(err) != jisr.EINVALID || seen[jisr.ErrorField(err)] {
			break
		}
		out = append(out, err)
		cur = err
	}
	return out
}

// standIn puts a valid value in the named field of r (a copy: pointers are
// replaced, never written through). It reports whether it knows the field.
func standIn(r *jisr.Record, field string) bool {
	switch {
	case field == "title":
		r.Title = "-"
	case field == "narrative_ar" || field == "narrative_en":
		r.NarrativeAR, r.NarrativeEN = "-", ""
	case field == "occurred_on":
		r.OccurredOn = "2000-01-01"
	case field == "review_by":
		r.ReviewBy = ""
	case field == "place.country":
		r.Place.Country = "JO"
	case strings.HasPrefix(field, "place."):
		r.Place = jisr.Place{Country: r.Place.Country}
		if !jisr.ValidCountry(r.Place.Country) {
			r.Place.Country = ""
		}
	case field == "grading.source":
		r.Grading.Source = "A"
	case field == "grading.information":
		r.Grading.Information = 1
	case field == "handling":
		r.Handling = jisr.H0
	case field == "handling_conditions":
		r.HandlingConditions = "-"
	case field == "tlp":
		r.TLP = jisr.TLPAmber
	case strings.HasPrefix(field, "seizure"):
		r.Seizure = &jisr.Seizure{} // every seizure field is optional
	case field == "facility.type" || field == "facility.status" || field == "facility":
		f := jisr.Facility{Type: jisr.FacilityTypes[0], Status: jisr.FacilityStatuses[0]}
		if r.Facility != nil {
			f = *r.Facility
			if field != "facility.status" {
				f.Type = jisr.FacilityTypes[0]
			}
			if field != "facility.type" {
				f.Status = jisr.FacilityStatuses[0]
			}
		}
		r.Facility = &f
	default:
		return false
	}
	return true
}
