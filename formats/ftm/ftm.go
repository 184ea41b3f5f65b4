// Package ftm writes records as FollowTheMoney entities, one JSON object a
// line ({"id", "schema", "properties"}), as Aleph and the followthemoney
// tools load them, and reads them back (read.go). Pure mapping.
//
// A record is a Document (title, body text, date, publisher, country,
// the values it mentions); each entity of a schema FtM has (Person,
// Organization, Company, Vehicle, Vessel, Address, BankAccount,
// CryptoWallet) is an entity of that schema whose proof is the document;
// jisr's own schemas (Phone, Container, DrugQuantity, Precursor,
// Machinery) become Notes on the document, their values written as
// "Schema — prop: value; …", phones also the document's phoneMentioned;
// each link is an UnknownLink whose role is the link type.
package ftm

import (
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
)

// Entity is a FollowTheMoney entity.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
}

// DocID is the id of a record's document; EntityID of an entity.
func DocID(recordID string) string         { return "jisr-" + recordID }
func EntityID(recordID, eid string) string { return "jisr-" + recordID + "-" + eid }

// native maps jisr's schemas that FtM has to their FtM properties (jisr
// property → FtM property).
var native = map[string]map[string]string{
	"Person": {"name": "name", "nationality": "nationality", "birthDate": "birthDate", "gender": "gender",
		"passportNumber": "passportNumber", "idNumber": "idNumber", "notes": "notes"},
	"Organization": {"name": "name", "country": "country", "notes": "notes"},
	"Company":      {"name": "name", "country": "country", "registrationNumber": "registrationNumber", "notes": "notes"},
	"Vehicle":      {"registrationNumber": "registrationNumber", "country": "country", "type": "type", "model": "model"},
	"Vessel":       {"name": "name", "imoNumber": "imoNumber", "mmsi": "mmsi", "flag": "flag"},
	"Address":      {"full": "full", "city": "city", "country": "country", "latitude": "latitude", "longitude": "longitude"},
	"BankAccount":  {"iban": "iban", "accountNumber": "accountNumber", "bankName": "bankName", "country": "country"},
	"CryptoWallet": {"publicKey": "publicKey", "currency": "currencySymbol"},
}

// countryProps are FtM properties of type country (lower-case ISO codes).
var countryProps = map[string]bool{"nationality": true, "country": true, "flag": true}

// Native says whether an entity schema maps to an FtM schema of its own.
func Native(schema string) bool { return native[schema] != nil }

// Entities maps a record to its FtM entities: the document first.
func Entities(r *jisr.Record, agencies map[string]*jisr.Agency) []Entity {
	doc := Entity{ID: DocID(r.ID), Schema: "Document", Properties: map[string][]string{}}
	set := func(e *Entity, p string, vals ...string) {
		for _, v := range vals {
			if v = strings.TrimSpace(v); v != "" {
				e.Properties[p] = append(e.Properties[p], v)
			}
		}
	}
	set(&doc, "title", r.Title)
	set(&doc, "fileName", r.ID+".jisr.json")
	set(&doc, "bodyText", r.NarrativeEN, r.NarrativeAR)
	set(&doc, "date", r.OccurredOn)
	if !r.CreatedAt.IsZero() {
		set(&doc, "createdAt", r.CreatedAt.UTC().Format("2006-01-02T15:04:05"))
	}
	if !r.UpdatedAt.IsZero() {
		set(&doc, "modifiedAt", r.UpdatedAt.UTC().Format("2006-01-02T15:04:05"))
	}
	pub := r.Originator
	if a := agencies[r.Originator]; a != nil && a.NameEN != "" {
		pub = a.NameEN
	}
	set(&doc, "publisher", pub)
	set(&doc, "country", strings.ToLower(r.Place.Country))
	set(&doc, "keywords", "jisr:"+string(r.Kind), "TLP:"+string(r.TLP), "handling:"+string(r.Handling), "grading:"+r.Grading.String(), "originator:"+r.Originator)
	if r.HandlingConditions != "" {
		set(&doc, "keywords", "handling-conditions:"+r.HandlingConditions)
	}
	if r.ReviewBy != "" {
		set(&doc, "keywords", "review-by:"+r.ReviewBy)
	}
	set(&doc, "notes", r.Caveats...)
	if r.Place.Name != "" || r.Place.NameAR != "" {
		set(&doc, "locationMentioned", r.Place.Name, r.Place.NameAR)
	}
	out := []Entity{doc}
	ids := map[string]string{}
	for i := range r.Entities {
		e := &r.Entities[i]
		id := EntityID(r.ID, e.ID)
		ids[e.ID] = id
		m := native[e.Schema]
		if m == nil {
			n := Entity{ID: id, Schema: "Note", Properties: map[string][]string{}}
			set(&n, "description", NoteText(e))
			set(&n, "entity", doc.ID)
			out = append(out, n)
			if e.Schema == "Phone" {
				set(&out[0], "phoneMentioned", e.Props["number"]...)
			}
			continue
		}
		x := Entity{ID: id, Schema: e.Schema, Properties: map[string][]string{}}
		for _, p := range sortedKeys(e.Props) {
			fp, ok := m[p]
			if !ok {
				continue
			}
			for _, v := range e.Props[p] {
				if countryProps[fp] {
					v = strings.ToLower(v)
				}
				set(&x, fp, v)
			}
		}
		if e.Schema == "Vehicle" {
			var rest []string
			for _, p := range []string{"make", "color"} {
				if v := e.Props[p]; len(v) > 0 {
					rest = append(rest, p+": "+strings.Join(v, ", "))
				}
			}
			set(&x, "notes", strings.Join(rest, "; "))
		}
		if e.Role != "" {
			set(&x, "keywords", "role:"+e.Role)
		}
		set(&x, "proof", doc.ID)
		switch e.Schema {
		case "Person":
			set(&out[0], "peopleMentioned", e.Props["name"]...)
		case "Company", "Organization":
			set(&out[0], "companiesMentioned", e.Props["name"]...)
		case "BankAccount":
			set(&out[0], "ibanMentioned", e.Props["iban"]...)
		}
		out = append(out, x)
	}
	for i, l := range r.Links {
		from, to := ids[l.From], ids[l.To]
		if from == "" || to == "" {
			continue
		}
		x := Entity{ID: EntityID(r.ID, "link"+itoa(i)), Schema: "UnknownLink", Properties: map[string][]string{}}
		set(&x, "subject", from)
		set(&x, "object", to)
		set(&x, "role", l.Type)
		set(&x, "recordId", r.ID)
		out = append(out, x)
	}
	return out
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NoteText writes an entity of a schema FtM lacks as one line:
// "Schema — prop: v1, v2; prop: v" (role too), which ParseNote reads back.
func NoteText(e *jisr.Entity) string {
	var parts []string
	if e.Role != "" {
		parts = append(parts, "role: "+e.Role)
	}
	for _, p := range sortedKeys(e.Props) {
		if len(e.Props[p]) > 0 {
			parts = append(parts, p+": "+strings.Join(e.Props[p], ", "))
		}
	}
	return e.Schema + " — " + strings.Join(parts, "; ")
}

// Writer writes the entities of each record, one a line.
type Writer struct {
	w        io.Writer
	agencies map[string]*jisr.Agency
}

// NewWriter writes entities on w.
func NewWriter(w io.Writer, agencies map[string]*jisr.Agency) *Writer {
	return &Writer{w: w, agencies: agencies}
}

// Write writes a record's entities.
func (x *Writer) Write(r *jisr.Record) error {
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	for _, e := range Entities(r, x.agencies) {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	_, err := io.WriteString(x.w, sb.String())
	return err
}

// Close does nothing: every line is whole.
func (x *Writer) Close() error { return nil }
