package web

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/jisr-cell/jisr"
)

// PlaceName is the name of a known place (crossing, port) by code.
func (p *Page) PlaceName(code string) string {
	if pl := jisr.PlaceByCode(code); pl != nil {
		return p.Pick(pl.NameAR, pl.NameEN)
	}
	return code
}

// PlaceOther is the name of a known place in the other script.
func (p *Page) PlaceOther(code string) string {
	if pl := jisr.PlaceByCode(code); pl != nil {
		return p.Other(pl.NameAR, pl.NameEN)
	}
	return ""
}

// SchemaLabel is an entity schema's label in the interface language.
func (p *Page) SchemaLabel(name string) string {
	if s := jisr.SchemaByName(name); s != nil {
		if p.Lang == "ar" {
			return s.LabelAR
		}
		if p.Lang == "fr" && p.Has("schema."+name) {
			return p.T("schema." + name)
		}
		return s.LabelEN
	}
	return name
}

// PropValue is one property of an entity, ready to show.
type PropValue struct {
	Name   string
	Label  string
	Values []string
	Ident  bool // an identifier: shown left-to-right in a monospace face
	// Hrefs are the profiles of identifier values (parallel to Values;
	// "" where none), filled by PropsOf.
	Hrefs []string
}

// PropsOf is Props with each identifier linked to its profile, read in the
// record's country as the engine reads it.
func (p *Page) PropsOf(r *jisr.Record, e jisr.Entity) []PropValue {
	out := p.Props(e)
	s := jisr.SchemaByName(e.Schema)
	if s == nil || p.Data == nil {
		return out
	}
	for i := range out {
		for _, spec := range s.Props {
			if spec.Name != out[i].Name {
				continue
			}
			out[i].Hrefs = make([]string, len(out[i].Values))
			for j, v := range e.Props[spec.Name] {
				if j < len(out[i].Hrefs) {
					out[i].Hrefs[j] = propProfile(e, spec, v, p.recordCountry(r))
				}
			}
		}
	}
	return out
}

// Href is the i-th link of a property's values, or "".
func (v PropValue) Href(i int) string {
	if i < len(v.Hrefs) {
		return v.Hrefs[i]
	}
	return ""
}

// Props lists an entity's properties in schema order, translated.
func (p *Page) Props(e jisr.Entity) []PropValue {
	s := jisr.SchemaByName(e.Schema)
	if s == nil {
		return nil
	}
	var out []PropValue
	for _, spec := range s.Props {
		vs := e.Props[spec.Name]
		if len(vs) == 0 || spec.Name == s.Caption { // the caption is shown as the entity's name
			continue
		}
		pv := PropValue{Name: spec.Name, Label: p.TE("prop", spec.Name), Ident: spec.Type == jisr.PropIdentifier}
		for _, v := range vs {
			switch spec.Type {
			case jisr.PropEnum:
				v = p.TE("val", v)
			case jisr.PropCountry:
				v = p.Country(v)
			case jisr.PropNumber:
				if f, err := strconv.ParseFloat(v, 64); err == nil && spec.Name != "latitude" && spec.Name != "longitude" {
					v = p.Num(f)
				} else {
					v = p.Digits(v)
				}
			case jisr.PropDate:
				v = p.Digits(v)
			}
			pv.Values = append(pv.Values, v)
		}
		out = append(out, pv)
	}
	return out
}

// Names are the values of an entity's caption property: all spellings of
// a name, Arabic and Latin, side by side.
func (p *Page) Names(e jisr.Entity) []string {
	s := jisr.SchemaByName(e.Schema)
	if s == nil {
		return []string{e.ID}
	}
	vs := e.Props[s.Caption]
	if len(vs) == 0 {
		return []string{e.ID}
	}
	spec := s.Prop(s.Caption)
	if spec != nil && spec.Type == jisr.PropEnum {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = p.TE("val", v)
		}
		return out
	}
	return vs
}

// IsArabic reports whether a string is mostly in Arabic script.
func IsArabic(s string) bool {
	ar, lat := 0, 0
	for _, r := range s {
		switch {
		case r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0xFB50 && r <= 0xFEFF:
			ar++
		case r < 0x0250 && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xC0):
			lat++
		}
	}
	return ar > lat
}

// GradingText explains an Admiralty grading.
func (p *Page) GradingText(g jisr.Grading) string {
	if g.Source == "" {
		return ""
	}
	return p.T("grading.source."+g.Source) + " · " + p.T("grading.info."+string(rune('0'+g.Information)))
}

// RelSummary describes a record's releasability in words.
func (p *Page) RelSummary(r *jisr.Record) string {
	return p.relText(r.Releasability, r.TLP == jisr.TLPClear)
}

// RelText describes a releasability (e.g. what a request asks for).
func (p *Page) RelText(rel jisr.Releasability) string { return p.relText(rel, false) }

func (p *Page) relText(rel jisr.Releasability, clear bool) string {
	var parts []string
	if rel.Community || clear {
		parts = append(parts, p.T("rel.community"))
	}
	for _, a := range rel.Agencies {
		parts = append(parts, p.AgencyName(a))
	}
	for _, c := range rel.Countries {
		parts = append(parts, p.T("rel.country_of", p.Country(c)))
	}
	for _, g := range rel.Groups {
		parts = append(parts, p.T("rel.group_of", p.GroupName(g)))
	}
	if len(rel.Users) > 0 {
		// User names are identifiers: each isolated left to right (LRI … PDI)
		// inside the running text.
		names := make([]string, len(rel.Users))
		for i, u := range rel.Users {
			names[i] = "\u2066" + u + "\u2069"
		}
		parts = append(parts, p.T("rel.named", strings.Join(names, p.ListSep())))
	}
	if len(parts) == 0 {
		return p.T("rel.originator_only")
	}
	return strings.Join(parts, p.ListSep())
}

// ListSep separates the items of a list in running text.
func (p *Page) ListSep() string {
	if p.Lang == "ar" {
		return "، "
	}
	return ", "
}

// ByID returns the caption of an entity of the record by id.
func (p *Page) EntityCaption(r *jisr.Record, id string) string {
	for _, e := range r.Entities {
		if e.ID == id {
			return strings.Join(p.Names(e), " / ")
		}
	}
	return id
}

// CaptionDir is the direction of an entity's caption: identifiers (phone
// numbers, plates, IBANs) are always left to right, names follow their script.
func (p *Page) CaptionDir(e jisr.Entity) string {
	if s := jisr.SchemaByName(e.Schema); s != nil {
		if spec := s.Prop(s.Caption); spec != nil && spec.Type == jisr.PropIdentifier {
			return "ltr"
		}
	}
	return "auto"
}

// GroupName is a sharing group's name in the interface language: the
// translation "group.<name>" when the node's groups have one, else the
// name as configured.
func (p *Page) GroupName(g string) string { return p.TE("group", g) }

var reFormEnt = regexp.MustCompile(`^e\.([A-Za-z]+)\.(\d+)(?:\.([A-Za-z_]+))?$`)
var reFormLink = regexp.MustCompile(`^l\.(\d+)(?:\.(from|to|type))?$`)

// FieldName names a form field (as the error summary links to it) in the
// interface language: "Person 2 · Name", "Links 1 · To", "Title".
func (p *Page) FieldName(field string) string {
	if m := reFormEnt.FindStringSubmatch(field); m != nil {
		n, _ := strconv.Atoi(m[2])
		s := p.SchemaLabel(m[1]) + " " + p.Num(n+1)
		if m[3] != "" {
			s += " · " + p.TE("prop", m[3])
		}
		return s
	}
	if m := reFormLink.FindStringSubmatch(field); m != nil {
		n, _ := strconv.Atoi(m[1])
		s := p.T("record.links") + " " + p.Num(n+1)
		if m[2] != "" {
			s += " · " + p.T("link."+m[2])
		}
		return s
	}
	for _, k := range []string{"field." + field, field, "field." + strings.TrimPrefix(field, "seizure."), "field." + strings.ReplaceAll(field, ".", "_")} {
		if p.Has(k) {
			return p.T(k)
		}
	}
	switch field {
	case "grading.source", "grading.information":
		return p.T("field.grading")
	case "place.country":
		return p.T("field.country")
	case "entities":
		return p.T("record.entities")
	}
	return field
}
