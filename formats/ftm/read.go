package ftm

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/formats/inbound"
)

// MaxLine is the longest entity line read.
const MaxLine = 4 << 20

// MaxEntities is the most entities a file may hold.
const MaxEntities = 1_000_000

// Read reads FollowTheMoney entities, one a line. Each Document (or other
// document schema: PlainText, Pages, …) is a record; the entities whose
// proof is a document, the Notes on it and the links between its entities
// are its entities and links. Entities no document holds make one more
// record. Schemas jisr has (Person, Organization, Company, Vehicle,
// Vessel, Address, BankAccount, CryptoWallet) map back property by
// property; a Note jisr wrote becomes its entity again; anything else
// (other schemata, properties jisr has no place for) is written into the
// narrative, never dropped. External id: the document's FtM id.
func Read(r io.Reader) ([]*jisr.Record, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxLine)
	var all []Entity
	byID := map[string]*Entity{}
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var e Entity
		if err := json.Unmarshal(b, &e); err != nil || e.ID == "" || e.Schema == "" {
			if err == nil {
				err = fmt.Errorf("an entity needs an id and a schema")
			}
			return nil, jisr.Because("body", "at_line", line, err)
		}
		if len(all) >= MaxEntities {
			return nil, jisr.Because("body", "too_many_entities", MaxEntities)
		}
		all = append(all, e)
	}
	if err := sc.Err(); err != nil {
		return nil, jisr.Because("body", "at_line", line+1, err)
	}
	for i := range all {
		byID[all[i].ID] = &all[i]
	}
	isDoc := func(e *Entity) bool {
		return slices.Contains([]string{"Document", "PlainText", "Pages", "HyperText", "Workbook", "Table", "Image", "Email", "Folder", "Article", "Message"}, e.Schema)
	}
	docOf := func(e *Entity) string {
		for _, p := range []string{"proof", "entity", "document"} {
			for _, v := range e.Properties[p] {
				if d := byID[v]; d != nil && isDoc(d) {
					return v
				}
			}
		}
		return ""
	}
	members := map[string][]*Entity{}
	var docs []string
	for i := range all {
		e := &all[i]
		if isDoc(e) {
			if _, ok := members[e.ID]; !ok {
				docs = append(docs, e.ID)
				members[e.ID] = nil
			}
			continue
		}
		members[docOf(e)] = append(members[docOf(e)], e)
	}
	// Links go with the record of their subject.
	for d, ms := range members {
		var keep []*Entity
		for _, e := range ms {
			if e.Schema == "UnknownLink" && d == "" {
				if s := byID[first(e, "subject")]; s != nil && docOf(s) != "" {
					members[docOf(s)] = append(members[docOf(s)], e)
					continue
				}
			}
			keep = append(keep, e)
		}
		members[d] = keep
	}
	var out []*jisr.Record
	for _, d := range docs {
		out = append(out, record(byID[d], members[d]))
	}
	if len(members[""]) > 0 {
		out = append(out, record(nil, members[""]))
	}
	return out, nil
}

func first(e *Entity, p string) string {
	if v := e.Properties[p]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func arabic(s string) bool {
	n, ar := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if unicode.Is(unicode.Arabic, r) {
				ar++
			}
		}
	}
	return n > 0 && ar*2 > n
}

func record(doc *Entity, ms []*Entity) *jisr.Record {
	b := inbound.NewBuilder("FollowTheMoney")
	r := b.Record
	own := false
	if doc != nil {
		r.ExternalID = doc.ID
		if len(r.ExternalID) > jisr.MaxExternalID {
			r.ExternalID = ""
		}
		r.Title = first(doc, "title")
		if r.Title == "" {
			r.Title = first(doc, "fileName")
		}
		for _, k := range doc.Properties["keywords"] {
			switch {
			case strings.HasPrefix(k, "jisr:"):
				if kd := jisr.Kind(strings.TrimPrefix(k, "jisr:")); slices.Contains(jisr.Kinds, kd) {
					r.Kind, own = kd, true
					continue
				}
			case strings.HasPrefix(k, "handling-conditions:") && own:
				r.HandlingConditions = strings.TrimPrefix(k, "handling-conditions:")
				continue
			case strings.HasPrefix(k, "review-by:") && own:
				r.ReviewBy = strings.TrimPrefix(k, "review-by:")
				continue
			case strings.HasPrefix(k, "originator:"):
				// Kept: the engine refuses another agency's record rather
				// than make it the importer's.
				r.Originator = strings.TrimPrefix(k, "originator:")
				continue
			case strings.HasPrefix(k, "TLP:"):
				if t, ok := inbound.TLP(k); ok {
					r.TLP = t
					continue
				}
			case strings.HasPrefix(k, "handling:"):
				if h := jisr.Handling(strings.TrimPrefix(k, "handling:")); slices.Contains(jisr.Handlings, h) {
					r.Handling = h
					continue
				}
			case strings.HasPrefix(k, "grading:"):
				if g := strings.TrimPrefix(k, "grading:"); len(g) == 2 && g[0] >= 'A' && g[0] <= 'F' && g[1] >= '1' && g[1] <= '6' {
					r.Grading = jisr.Grading{Source: g[:1], Information: int(g[1] - '0')}
					continue
				}
			}
			b.Note("keyword: " + k)
		}
		for _, t := range doc.Properties["bodyText"] {
			if arabic(t) && r.NarrativeAR == "" {
				r.NarrativeAR = t
			} else if !arabic(t) && r.NarrativeEN == "" {
				r.NarrativeEN = t
			} else {
				b.Text(t)
			}
		}
		if d := first(doc, "date"); jisr.ValidDate(d) {
			r.OccurredOn = d
		}
		if c := strings.ToUpper(first(doc, "country")); jisr.ValidCountry(c) {
			r.Place.Country = c
		}
		for _, l := range doc.Properties["locationMentioned"] {
			if arabic(l) && r.Place.NameAR == "" {
				r.Place.NameAR = l
			} else if r.Place.Name == "" {
				r.Place.Name = l
			}
		}
		if !own {
			for _, p := range []string{"publisher", "author", "summary", "description", "notes"} {
				for _, v := range doc.Properties[p] {
					b.Note(p + ": " + v)
				}
			}
		}
		switch r.Kind {
		case jisr.KindSeizure:
			r.Seizure = &jisr.Seizure{}
		case jisr.KindFacility:
			// FtM carries no facility type and status: a report.
			r.Kind = jisr.KindReport
			b.Note("This record was a facility in jisr; FollowTheMoney does not carry its type and status.")
		}
	}
	ids := map[string]string{}
	for _, e := range ms {
		if e.Schema == "UnknownLink" {
			continue
		}
		if id, ok := entity(b, e); ok {
			ids[e.ID] = id
		}
	}
	for _, e := range ms {
		if e.Schema != "UnknownLink" {
			continue
		}
		from, to, role := ids[first(e, "subject")], ids[first(e, "object")], first(e, "role")
		if from != "" && to != "" && slices.Contains(jisr.LinkTypes, role) {
			r.Links = append(r.Links, jisr.Link{From: from, To: to, Type: role})
			continue
		}
		b.Note(fmt.Sprintf("link %s %s %s", first(e, "subject"), role, first(e, "object")))
	}
	b.Finish()
	return r
}

// reverse maps FtM properties back to jisr's, per schema.
var reverse = func() map[string]map[string]string {
	m := map[string]map[string]string{}
	for s, props := range native {
		m[s] = map[string]string{}
		for j, f := range props {
			m[s][f] = j
		}
	}
	return m
}()

// entity maps one FtM entity, or writes it into the narrative.
func entity(b *inbound.Builder, e *Entity) (string, bool) {
	if e.Schema == "Note" {
		if x, ok := ParseNote(first(e, "description")); ok {
			x.ID = strings.TrimPrefix(e.ID[strings.LastIndex(e.ID, "-")+1:], "")
			return b.Entity(x), true
		}
	}
	m := reverse[e.Schema]
	if m == nil {
		b.Note(e.Schema + ": " + summary(e))
		return "", false
	}
	x := jisr.Entity{Schema: e.Schema, Props: map[string][]string{}}
	if i := strings.LastIndex(e.ID, "-"); strings.HasPrefix(e.ID, "jisr-") && i > 0 {
		x.ID = e.ID[i+1:]
	}
	var rest []string
	for _, p := range sortedKeys(e.Properties) {
		vals := e.Properties[p]
		switch {
		case p == "proof":
		case p == "keywords":
			for _, k := range vals {
				if role, ok := strings.CutPrefix(k, "role:"); ok && slices.Contains(jisr.PersonRoles, role) {
					x.Role = role
				} else {
					rest = append(rest, "keywords: "+k)
				}
			}
		case e.Schema == "Vehicle" && p == "notes":
			for _, n := range vals {
				for _, part := range strings.Split(n, "; ") {
					k, v, ok := strings.Cut(part, ": ")
					if ok && (k == "make" || k == "color") {
						x.Props[k] = append(x.Props[k], strings.Split(v, ", ")...)
					} else {
						rest = append(rest, "notes: "+part)
					}
				}
			}
		case m[p] != "":
			for _, v := range vals {
				if countryProps[p] {
					v = strings.ToUpper(v)
				}
				x.Props[m[p]] = append(x.Props[m[p]], v)
			}
		default:
			rest = append(rest, p+": "+strings.Join(vals, ", "))
		}
	}
	if len(rest) > 0 {
		b.Note(e.Schema + " " + captionOf(e) + " — " + strings.Join(rest, "; "))
	}
	return b.Entity(x), true
}

func captionOf(e *Entity) string {
	for _, p := range []string{"name", "registrationNumber", "iban", "publicKey", "full", "title"} {
		if v := first(e, p); v != "" {
			return v
		}
	}
	return e.ID
}

func summary(e *Entity) string {
	var parts []string
	for _, p := range sortedKeys(e.Properties) {
		parts = append(parts, p+": "+strings.Join(e.Properties[p], ", "))
	}
	return strings.Join(parts, "; ")
}

// ParseNote reads back what NoteText wrote.
func ParseNote(s string) (jisr.Entity, bool) {
	schema, rest, ok := strings.Cut(s, " — ")
	if !ok || jisr.SchemaByName(schema) == nil {
		return jisr.Entity{}, false
	}
	e := jisr.Entity{Schema: schema, Props: map[string][]string{}}
	for _, part := range strings.Split(rest, "; ") {
		k, v, ok := strings.Cut(part, ": ")
		if !ok {
			return jisr.Entity{}, false
		}
		if k == "role" {
			e.Role = v
			continue
		}
		e.Props[k] = strings.Split(v, ", ")
	}
	return e, true
}
