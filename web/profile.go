package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/selectors"
)

// profilePage is one page for a person, company or identifier: the
// records the user may read that mention it, its spellings, what else
// those records hold, a timeline and its hits (SearchService.Profile,
// through the access policy).
type profilePage struct {
	P        *jisr.Profile
	Graph    string // the link graph's starting node
	Lookout  string // URL of a new lookout on it
	Timeline []monthCount
	Max      int
}

type monthCount struct {
	Month string
	N     int
}

// ProfileURL is the address of the profile of a person, company or
// identifier (a selector type and its canonical value).
func ProfileURL(typ, value string) string {
	return "/profiles?" + url.Values{"type": {typ}, "value": {value}}.Encode()
}

// ProfileURL is the address of a profile, for templates.
func (p *Page) ProfileURL(typ, value string) string { return ProfileURL(typ, value) }

// NameProfile is the profile address of an entity's name: persons as
// persons, companies and organisations as companies, nothing for others.
func (p *Page) NameProfile(schema, name string) string {
	switch schema {
	case "Person":
		return ProfileURL(jisr.ProfilePerson, name)
	case "Company", "Organization":
		return ProfileURL(jisr.ProfileCompany, name)
	}
	return ""
}

// propProfile is the profile address of an identifier property's value
// (a phone number, a plate…), read as the engine reads it; "" if none.
func propProfile(e jisr.Entity, spec jisr.PropSpec, v, country string) string {
	if spec.Selector == "" {
		return ""
	}
	types := []selectors.Type{selectors.Type(spec.Selector)}
	if spec.Selector == "wallet" {
		types = []selectors.Type{selectors.BTC, selectors.ETH, selectors.TRON}
	}
	region := e.First("country")
	if region == "" && e.Schema == "Person" {
		region = e.First("nationality")
	}
	if region == "" {
		region = country
	}
	for _, t := range types {
		c := region
		if t == selectors.Passport || t == selectors.NationalID {
			c = ""
		}
		if s, err := selectors.Normalize(t, v, c); err == nil || s.Value != "" && s.Type != "" {
			return ProfileURL(string(s.Type), s.Value)
		}
	}
	return ""
}

// ProfileTitle is what a profile is of, as people write it.
func (p *Page) ProfileTitle(pr *jisr.Profile) template.HTML {
	switch pr.Type {
	case jisr.ProfilePerson, jisr.ProfileCompany:
		return template.HTML(`<bdi dir="auto">` + template.HTMLEscapeString(pr.Value) + `</bdi>`)
	}
	return p.Sel(pr.Type, pr.Value)
}

// ProfileKind names the type of a profile or link in the user's language.
func (p *Page) ProfileKind(t string) string {
	switch t {
	case jisr.ProfilePerson, jisr.ProfileCompany:
		return p.T("profile.kind." + t)
	}
	return p.TE("sel", t)
}

// LinkValue shows a linked identifier or name.
func (p *Page) LinkValue(l jisr.ProfileLink) template.HTML {
	switch l.Type {
	case jisr.ProfilePerson, jisr.ProfileCompany:
		return template.HTML(`<bdi dir="auto">` + template.HTMLEscapeString(l.Value) + `</bdi>`)
	}
	return p.Sel(l.Type, l.Value)
}

func (h *Handler) profilePage(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	typ, value := strings.TrimSpace(q.Get("type")), strings.TrimSpace(q.Get("value"))
	if typ == "" && value != "" {
		// Typed into a box: an identifier if it reads as one, else a name.
		node := nodeOf(value, st.P.Country)
		if h.cfg.Graph != nil {
			if n := h.resolveNode(r, st.P, value); strings.HasPrefix(n, "sel:") {
				node = n // the reading of the value that finds something
			}
		}
		if strings.HasPrefix(node, "sel:") {
			typ, value, _ = strings.Cut(strings.TrimPrefix(node, "sel:"), ":")
		} else {
			typ = jisr.ProfilePerson
		}
	}
	pr, err := h.cfg.Search.Profile(r.Context(), st.P, jisr.ProfileQuery{Type: typ, Value: value})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := &profilePage{P: pr, Lookout: "/lookouts/new?" + url.Values{"type": {pr.Type}, "value": {pr.Value}}.Encode()}
	switch pr.Type {
	case jisr.ProfilePerson, jisr.ProfileCompany:
		if len(pr.Mentions) > 0 {
			d.Graph = pr.Type + ":" + pr.Value // the person or company node
		}
	default:
		d.Graph = "sel:" + pr.Type + ":" + pr.Value
	}
	months := map[string]int{}
	for _, m := range pr.Mentions {
		if len(m.OccurredOn) >= 7 {
			months[m.OccurredOn[:7]]++
		}
	}
	for m, n := range months {
		d.Timeline = append(d.Timeline, monthCount{m, n})
		d.Max = max(d.Max, n)
	}
	sort.Slice(d.Timeline, func(i, j int) bool { return d.Timeline[i].Month < d.Timeline[j].Month })
	h.render(w, r, "profile", "profile.title", d)
}

// MonthLabel writes a YYYY-MM month in the user's language.
func (p *Page) MonthLabel(k string) string { return monthLabel(p.Locale)(k) }

// CaptionProfile is the profile address of an entity's caption value: a
// person's or company's name, or an identifier that is the entity's caption
// (a phone's number, a container's number); "" for none.
func (p *Page) CaptionProfile(r *jisr.Record, e jisr.Entity, v string) string {
	if e.Role == "informant-protected" {
		return ""
	}
	if u := p.NameProfile(e.Schema, v); u != "" {
		return u
	}
	s := jisr.SchemaByName(e.Schema)
	if s == nil {
		return ""
	}
	for _, spec := range s.Props {
		if spec.Name == s.Caption {
			return propProfile(e, spec, v, p.recordCountry(r))
		}
	}
	return ""
}

// Qty writes a seizure's quantity: pills, kilograms or both.
func (p *Page) Qty(pills, kg float64) template.HTML {
	var parts []string
	if pills > 0 {
		parts = append(parts, string(ltr(p.Num(pills)))+" "+template.HTMLEscapeString(p.TE("val", "pills")))
	}
	if kg > 0 {
		parts = append(parts, string(ltr(p.Num(kg)))+" "+template.HTMLEscapeString(p.TE("val", "kg")))
	}
	if len(parts) == 0 {
		return "—"
	}
	return template.HTML(strings.Join(parts, template.HTMLEscapeString(p.ListSep())))
}
