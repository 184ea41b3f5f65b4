package sheet

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/textnorm"
)

// Field is a target of a column.
type Field struct {
	Name    string
	LabelEN string
	// Synonyms are headers (Arabic and English, folded for comparison)
	// proposed for the field.
	Synonyms []string
}

// Ignore and Narrative are the targets of columns that are not fields:
// left out, or kept in the narrative as "Header: value".
const (
	Ignore    = "ignore"
	Narrative = "narrative"
)

// Fields are the targets a column may have, in the order the mapping
// page shows them.
var Fields = []Field{
	{"external_id", "Reference (case number)", []string{"رقم القضية", "رقم المحضر", "المرجع", "الرقم المرجعي", "رقم الضبط", "reference", "ref", "case number", "case no", "external id", "id"}},
	{"title", "Title", []string{"العنوان", "الموضوع", "title", "subject"}},
	{"narrative_ar", "Narrative (Arabic)", []string{"الوصف", "التفاصيل", "ملخص الواقعة", "الواقعة", "السرد"}},
	{"narrative_en", "Narrative (English)", []string{"description", "details", "summary", "narrative"}},
	{"occurred_on", "Date", []string{"التاريخ", "تاريخ الضبط", "تاريخ الواقعة", "تاريخ الحادثة", "date", "date of seizure", "seizure date", "occurred on"}},
	{"place.country", "Country", []string{"الدولة", "البلد", "دولة الضبط", "country", "country of seizure"}},
	{"place.admin", "Governorate / province", []string{"المحافظة", "المنطقة", "governorate", "province", "region"}},
	{"place.name", "Place", []string{"المكان", "الموقع", "مكان الضبط", "place", "location", "place of seizure"}},
	{"place.lat", "Latitude", []string{"خط العرض", "latitude", "lat"}},
	{"place.lon", "Longitude", []string{"خط الطول", "longitude", "lon", "lng"}},
	{"seizure.crossing", "Crossing / port", []string{"المنفذ", "المعبر", "المنفذ الحدودي", "الميناء", "crossing", "border crossing", "port", "crossing / port"}},
	{"seizure.hiding_place", "Concealment", []string{"طريقة الإخفاء", "الإخفاء", "مكان الإخفاء", "concealment", "hiding place", "concealment method"}},
	{"seizure.installation", "Installation", []string{"نوع الموقع", "installation"}},
	{"seizure.transport", "Transport", []string{"وسيلة النقل", "النقل", "transport", "means of transport"}},
	{"seizure.producing_country", "Producing country", []string{"بلد المنشأ", "بلد الإنتاج", "producing country", "country of origin", "origin"}},
	{"seizure.departure_country", "Departure country", []string{"بلد المغادرة", "قادمة من", "departure country", "from"}},
	{"seizure.destination_country", "Destination country", []string{"بلد الوجهة", "الوجهة", "destination country", "destination", "to"}},
	{"seizure.routing", "Routing", []string{"المسار", "routing"}},
	{"seizure.arrests", "Arrests", []string{"عدد الموقوفين", "الموقوفين", "عدد المقبوض عليهم", "arrests", "arrested"}},
	{"drug.substance", "Drug", []string{"المادة", "نوع المادة", "المادة المخدرة", "نوع المخدر", "drug", "substance", "drug type"}},
	{"drug.amount", "Quantity", []string{"الكمية", "العدد", "quantity", "amount"}},
	{"drug.unit", "Unit", []string{"الوحدة", "وحدة القياس", "unit"}},
	{"person.name", "Person: name", []string{"اسم المتهم", "المتهم", "الاسم", "اسم المشتبه به", "المشتبه به", "اسم السائق", "name", "suspect", "suspect name", "person"}},
	{"person.nationality", "Person: nationality", []string{"الجنسية", "nationality"}},
	{"person.birthDate", "Person: date of birth", []string{"تاريخ الميلاد", "المواليد", "date of birth", "birth date", "dob"}},
	{"person.idNumber", "Person: national ID", []string{"الرقم الوطني", "رقم الهوية", "الرقم الشخصي", "national id", "id number"}},
	{"person.passportNumber", "Person: passport", []string{"رقم الجواز", "رقم جواز السفر", "passport", "passport number"}},
	{"phone.number", "Phone", []string{"رقم الهاتف", "الهاتف", "الموبايل", "رقم الجوال", "الجوال", "phone", "phone number", "mobile", "telephone"}},
	{"vehicle.registrationNumber", "Vehicle: plate", []string{"رقم اللوحة", "اللوحة", "رقم المركبة", "plate", "plate number", "vehicle", "registration"}},
	{"vehicle.type", "Vehicle: type", []string{"نوع المركبة", "vehicle type"}},
	{"container.number", "Container", []string{"رقم الحاوية", "الحاوية", "container", "container number"}},
	{"vessel.name", "Vessel: name", []string{"اسم السفينة", "السفينة", "vessel", "vessel name", "ship"}},
	{"vessel.imoNumber", "Vessel: IMO", []string{"رقم imo", "imo", "imo number"}},
	{"bank.iban", "IBAN", []string{"الآيبان", "رقم الآيبان", "رقم الحساب الدولي", "iban"}},
	{"wallet.publicKey", "Crypto wallet", []string{"المحفظة", "عنوان المحفظة", "wallet", "wallet address"}},
	{"email.address", "E-mail", []string{"البريد الإلكتروني", "الإيميل", "email", "e-mail"}},
	{Narrative, "Keep in the narrative", []string{"ملاحظات", "notes", "remarks", "comments"}},
	{Ignore, "Ignore", nil},
}

// FieldByName returns a field or nil.
func FieldByName(name string) *Field {
	for i := range Fields {
		if Fields[i].Name == name {
			return &Fields[i]
		}
	}
	return nil
}

// Mapping says which field each column fills, and the defaults of what
// the sheet does not say.
type Mapping struct {
	// Columns maps a header, as the sheet writes it, to a field name.
	Columns map[string]string `json:"columns"`
	// Calendar of date columns (header → gregorian or hijri); a cell
	// marked هـ or م says its own.
	Calendar map[string]string `json:"calendar,omitempty"`
	// Defaults fill fields no column fills (or an empty cell): kind, tlp,
	// handling, grading ("B2"), place.country, drug.unit, person.role…
	Defaults map[string]string `json:"defaults,omitempty"`
}

// ReadMapping reads a mapping file (JSON).
func ReadMapping(r io.Reader) (*Mapping, error) {
	var m Mapping
	b, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, err
	}
	if err := jisr.DecodeJSON(b, &m); err != nil {
		return nil, err
	}
	return &m, m.Check()
}

var defaultKeys = []string{"kind", "tlp", "handling", "handling_conditions", "grading", "place.country", "drug.unit", "person.role"}

// Check refuses unknown fields, calendars and defaults.
func (m *Mapping) Check() error {
	for h, f := range m.Columns {
		if FieldByName(f) == nil {
			return jisr.Because("columns."+h, "sheet_field", f)
		}
	}
	for h, c := range m.Calendar {
		if c != Gregorian && c != Hijri {
			return jisr.Because("calendar."+h, "calendar")
		}
	}
	for k := range m.Defaults {
		if !slices.Contains(defaultKeys, k) {
			return jisr.Because("defaults."+k, "one_of", strings.Join(defaultKeys, ", "))
		}
	}
	return nil
}

func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(textnorm.Fold(s)))
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == ':' || r == '/' || r == '(' || r == ')' }), " ")
	return s
}

// Propose maps each header to the field its name says (Arabic or
// English); a header it does not know goes to the narrative.
func Propose(header []string) *Mapping {
	m := &Mapping{Columns: map[string]string{}}
	taken := map[string]bool{}
	for _, h := range header {
		if h == "" {
			continue
		}
		fh := fold(h)
		best := ""
		for _, f := range Fields {
			for _, s := range f.Synonyms {
				if fold(s) == fh {
					best = f.Name
				}
			}
		}
		if best == "" { // a header that contains a synonym of two words or more
			for _, f := range Fields {
				for _, s := range f.Synonyms {
					if fs := fold(s); strings.Contains(fs, " ") && strings.Contains(fh, fs) && best == "" {
						best = f.Name
					}
				}
			}
		}
		if best == "" || (taken[best] && best != Narrative) {
			best = Narrative
		}
		taken[best] = true
		m.Columns[h] = best
		if best == "occurred_on" && (strings.Contains(h, "هجري") || strings.Contains(strings.ToLower(h), "hijri")) {
			if m.Calendar == nil {
				m.Calendar = map[string]string{}
			}
			m.Calendar[h] = Hijri
		}
	}
	return m
}

// Row is one row read: its record, or its errors.
type Row struct {
	Number int          // spreadsheet row number
	Record *jisr.Record // nil when Errors
	Errors []*jisr.Error
	Digest string // SHA-256 of the row's cells: its identity for a re-import
}

// cellError names the row's column.
func cellError(col int, header string, e *jisr.Error) *jisr.Error {
	return &jisr.Error{Code: jisr.EINVALID, Field: fmt.Sprintf("%s «%s»", Column(col), header), Reason: e.Reason, Params: e.Params, Message: e.Message}
}

var splitMulti = regexp.MustCompile(`\s*[،,;/\n]\s*`)

// Rows builds a record from each row of t under m, validated as of now.
// A row with errors has no record; a blank row is skipped.
func Rows(t *Table, m *Mapping, now time.Time) []*Row {
	cols := make([]string, len(t.Header))
	for i, h := range t.Header {
		if f, ok := m.Columns[h]; ok {
			cols[i] = f
		} else if h != "" {
			cols[i] = Narrative
		}
	}
	var out []*Row
	for i, cells := range t.Rows {
		if nonEmpty(cells) == 0 {
			continue
		}
		out = append(out, row(t, m, cols, t.FirstRow+i, cells, now))
	}
	return out
}

func row(t *Table, m *Mapping, cols []string, n int, cells []string, now time.Time) *Row {
	rw := &Row{Number: n}
	h := sha256.New()
	for i, c := range cells {
		if i < len(t.Header) {
			h.Write([]byte(t.Header[i]))
		}
		h.Write([]byte{0x1f})
		h.Write([]byte(c))
		h.Write([]byte{0x1e})
	}
	rw.Digest = hex.EncodeToString(h.Sum(nil))
	val := map[string]string{}
	where := map[string]int{} // field → column
	var notes []string
	for i, c := range cells {
		if c == "" || i >= len(cols) {
			continue
		}
		switch f := cols[i]; f {
		case Ignore, "":
		case Narrative:
			notes = append(notes, t.Header[i]+": "+c)
		default:
			if _, dup := val[f]; dup {
				val[f] += "\n" + c
			} else {
				val[f] = c
			}
			where[f] = i
		}
	}
	for k, v := range m.Defaults {
		if val[k] == "" {
			val[k] = v
		}
	}
	// bad notes the error of field f: a reason key (jisr.Reasons) and its
	// parameters, or (reason "") the *jisr.Error in params[0].
	bad := func(f, reason string, params ...any) {
		e, ok := jisr.Because("defaults."+f, reason, params...), false
		if reason == "" {
			if e, ok = params[0].(*jisr.Error); !ok {
				e = jisr.Because("defaults."+f, "not_valid")
			}
			e = &jisr.Error{Code: jisr.EINVALID, Field: "defaults." + f, Reason: e.Reason, Params: e.Params, Message: e.Message}
		}
		if i, ok := where[f]; ok {
			e = cellError(i, t.Header[i], e)
		}
		rw.Errors = append(rw.Errors, e)
	}
	r := &jisr.Record{ExternalID: val["external_id"], Title: val["title"], NarrativeAR: val["narrative_ar"], NarrativeEN: val["narrative_en"]}
	// Markings.
	r.Kind = jisr.Kind(strings.ToLower(val["kind"]))
	if r.Kind == "" {
		r.Kind = jisr.KindReport
		for f := range val {
			if strings.HasPrefix(f, "drug.") || strings.HasPrefix(f, "seizure.") {
				r.Kind = jisr.KindSeizure
			}
		}
	}
	r.TLP = jisr.TLP(strings.ToUpper(orDefault(val["tlp"], string(jisr.TLPAmber))))
	r.Handling = jisr.Handling(strings.ToUpper(orDefault(val["handling"], string(jisr.H1))))
	r.HandlingConditions = val["handling_conditions"]
	g := strings.ToUpper(orDefault(val["grading"], "F6"))
	if len(g) == 2 && g[1] >= '1' && g[1] <= '6' {
		r.Grading = jisr.Grading{Source: g[:1], Information: int(g[1] - '0')}
	} else {
		bad("grading", "sheet_grading", g)
	}
	// Date and place.
	if v := val["occurred_on"]; v != "" {
		cal := ""
		if i, ok := where["occurred_on"]; ok {
			cal = m.Calendar[t.Header[i]]
		}
		if d, err := Date(v, cal); err != nil {
			bad("occurred_on", "", err)
		} else {
			r.OccurredOn = d
		}
	}
	country := func(f string) string {
		v := val[f]
		if v == "" {
			return ""
		}
		if c := Country(v); c != "" {
			return c
		}
		bad(f, "sheet_country", v)
		return ""
	}
	r.Place.Country = country("place.country")
	r.Place.Admin = val["place.admin"]
	if p := val["place.name"]; p != "" {
		if arabic(p) {
			r.Place.NameAR = p
		} else {
			r.Place.Name = p
		}
	}
	if la, lo := val["place.lat"], val["place.lon"]; la != "" || lo != "" {
		x, err1 := strconv.ParseFloat(Digits(la), 64)
		y, err2 := strconv.ParseFloat(Digits(lo), 64)
		if err1 != nil || err2 != nil {
			bad("place.lat", "sheet_latlon")
		} else {
			r.Place.Lat, r.Place.Lon = &x, &y
		}
	}
	// Seizure.
	if r.Kind == jisr.KindSeizure {
		s := &jisr.Seizure{}
		if v := val["seizure.crossing"]; v != "" {
			if p := Crossing(v); p != nil {
				s.Crossing = p.Code
				if r.Place.Country == "" && len(p.Countries) > 0 {
					r.Place.Country = p.Countries[0]
				}
				if r.Place.Name == "" && r.Place.NameAR == "" {
					r.Place.Name, r.Place.NameAR = p.NameEN, p.NameAR
				}
			} else {
				bad("seizure.crossing", "crossing", v)
			}
		}
		pick := func(f string, list []string, syn map[string]string) string {
			v := val[f]
			if v == "" {
				return ""
			}
			if x := Pick(v, list, syn); x != "" {
				return x
			}
			bad(f, "not_one_of", v, strings.Join(list, ", "))
			return ""
		}
		s.HidingPlace = pick("seizure.hiding_place", jisr.Concealments, concealmentSyn)
		s.Installation = pick("seizure.installation", jisr.Installations, nil)
		s.Transport = pick("seizure.transport", jisr.Transports, nil)
		s.Routing = pick("seizure.routing", jisr.Routings, nil)
		s.ProducingCountry = country("seizure.producing_country")
		s.DepartureCountry = country("seizure.departure_country")
		s.DestinationCountry = country("seizure.destination_country")
		if v := val["seizure.arrests"]; v != "" {
			if f, err := Number(v); err != nil || f != float64(int(f)) {
				bad("seizure.arrests", "sheet_whole", v)
			} else {
				s.Arrests = int(f)
			}
		}
		r.Seizure = s
	}
	// Entities.
	add := func(schema, role string, props map[string][]string) {
		for k, v := range props {
			if len(v) == 0 || v[0] == "" {
				delete(props, k)
			}
		}
		if len(props) == 0 {
			return
		}
		r.Entities = append(r.Entities, jisr.Entity{ID: fmt.Sprintf("e%d", len(r.Entities)+1), Schema: schema, Role: role, Props: props})
	}
	if v := val["drug.substance"]; v != "" || val["drug.amount"] != "" {
		sub := Pick(v, jisr.Substances, substanceSyn)
		if sub == "" {
			bad("drug.substance", "not_one_of", v, strings.Join(jisr.Substances, ", "))
		}
		unit := Pick(val["drug.unit"], jisr.DrugUnits, unitSyn)
		if unit == "" {
			bad("drug.unit", "not_one_of", val["drug.unit"], strings.Join(jisr.DrugUnits, ", "))
		}
		amount := ""
		if f, err := Number(val["drug.amount"]); err != nil {
			bad("drug.amount", "", err)
		} else {
			amount = strconv.FormatFloat(f, 'f', -1, 64)
		}
		add("DrugQuantity", "", map[string][]string{"substance": {sub}, "amount": {amount}, "unit": {unit}})
	}
	if v := val["person.name"]; v != "" {
		props := map[string][]string{"name": {v}}
		if n := val["person.nationality"]; n != "" {
			if c := Country(n); c != "" {
				props["nationality"] = []string{c}
			} else {
				bad("person.nationality", "sheet_country", n)
			}
		}
		if b := val["person.birthDate"]; b != "" {
			if d, err := Date(b, ""); err != nil {
				bad("person.birthDate", "", err)
			} else {
				props["birthDate"] = []string{d}
			}
		}
		props["idNumber"] = []string{Digits(val["person.idNumber"])}
		props["passportNumber"] = []string{val["person.passportNumber"]}
		add("Person", orDefault(val["person.role"], "suspect"), props)
	}
	for _, p := range multi(val["phone.number"]) {
		add("Phone", "", map[string][]string{"number": {Digits(p)}})
	}
	if v := val["vehicle.registrationNumber"]; v != "" {
		add("Vehicle", "", map[string][]string{"registrationNumber": {Digits(v)}, "type": {val["vehicle.type"]}})
	}
	for _, c := range multi(val["container.number"]) {
		add("Container", "", map[string][]string{"number": {c}})
	}
	if v := val["vessel.name"]; v != "" {
		add("Vessel", "", map[string][]string{"name": {v}, "imoNumber": {Digits(val["vessel.imoNumber"])}})
	}
	for _, x := range multi(val["bank.iban"]) {
		add("BankAccount", "", map[string][]string{"iban": {x}})
	}
	for _, x := range multi(val["wallet.publicKey"]) {
		add("CryptoWallet", "", map[string][]string{"publicKey": {x}})
	}
	for _, x := range multi(val["email.address"]) {
		add("EmailAddress", "", map[string][]string{"address": {x}})
	}
	// Title and narrative.
	if r.Title == "" {
		r.Title = title(r)
	}
	if len(notes) > 0 {
		r.NarrativeEN = strings.TrimSpace(r.NarrativeEN + "\n\n" + strings.Join(notes, "\n"))
	}
	if r.NarrativeAR == "" && r.NarrativeEN == "" {
		r.NarrativeEN = fmt.Sprintf("Imported from row %d of a spreadsheet.", n)
	}
	if len(rw.Errors) > 0 {
		return rw
	}
	if err := r.Validate(now); err != nil {
		var je *jisr.Error
		if !errors.As(err, &je) {
			je = jisr.Because("", "not_valid")
		}
		f := strings.TrimSuffix(je.Field, "")
		if i, ok := where[f]; ok {
			je = cellError(i, t.Header[i], je)
		}
		rw.Errors = append(rw.Errors, je)
		return rw
	}
	rw.Record = r
	return rw
}

func multi(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range splitMulti.Split(s, -1) {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func title(r *jisr.Record) string {
	var parts []string
	for _, e := range r.Entities {
		if e.Schema == "DrugQuantity" {
			parts = append(parts, e.First("amount")+" "+e.First("unit")+" "+e.First("substance"))
		}
	}
	if r.Kind == jisr.KindSeizure {
		parts = append([]string{"Seizure"}, parts...)
	} else {
		parts = append([]string{"Report"}, parts...)
	}
	if p := orDefault(r.Place.Name, r.Place.NameAR); p != "" {
		parts = append(parts, "— "+p)
	}
	if r.OccurredOn != "" {
		parts = append(parts, r.OccurredOn)
	}
	return strings.Join(parts, " ")
}

// Items turns rows into import items: a row with errors is an item with
// Err naming its column; every item has its row's digest, so a re-import
// of the same file creates nothing twice.
func Items(rows []*Row) func() (*jisr.ImportItem, error) {
	i := 0
	return func() (*jisr.ImportItem, error) {
		if i >= len(rows) {
			return nil, io.EOF
		}
		rw := rows[i]
		i++
		it := &jisr.ImportItem{Line: rw.Number, Record: rw.Record, Digest: rw.Digest}
		if len(rw.Errors) > 0 {
			it.Err = rw.Errors[0]
			if len(rw.Errors) > 1 {
				var more []string
				for _, e := range rw.Errors[1:] {
					more = append(more, e.Field+": "+e.Message)
				}
				first := rw.Errors[0]
				it.Err = &jisr.Error{Code: jisr.EINVALID, Field: first.Field, Reason: first.Reason, Params: first.Params, Message: first.Message + "; also " + strings.Join(more, "; ")}
			}
		}
		return it, nil
	}
}

// Headers lists the sorted headers of a mapping (for stable output).
func (m *Mapping) Headers() []string {
	var hs []string
	for h := range m.Columns {
		hs = append(hs, h)
	}
	sort.Strings(hs)
	return hs
}

// Signature identifies a sheet's layout: its folded headers, in order.
// A mapping is remembered per agency under it.
func Signature(header []string) string {
	h := sha256.New()
	for _, x := range header {
		h.Write([]byte(fold(x)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// MarshalIndent writes a mapping as a file.
func (m *Mapping) MarshalIndent() []byte {
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}
