// Package inbound holds what the readers of outside formats share: a
// record builder with jisr's defaults for what a format does not say, the
// narrative that keeps what has no place of its own, and the reading of
// TLP names. Pure.
package inbound

import (
	"fmt"
	"slices"
	"strings"

	"github.com/jisr-cell/jisr"
)

// Defaults of an imported record for what its format does not say: a
// report, graded F6 (reliability and credibility cannot be judged),
// handling H1 (not for judicial proceedings without the provider's
// consent: the provider is outside jisr), TLP:AMBER.
const (
	DefaultHandling = jisr.H1
	DefaultTLP      = jisr.TLPAmber
)

// Builder builds one record from an outside format.
type Builder struct {
	Record *jisr.Record
	source string
	text   []string
	notes  []string
	n      int
}

// NewBuilder starts a record read from source (a format's name).
func NewBuilder(source string) *Builder {
	return &Builder{source: source, Record: &jisr.Record{
		Kind: jisr.KindReport, Grading: jisr.Grading{Source: "F", Information: 6},
		Handling: DefaultHandling, TLP: DefaultTLP,
	}}
}

// Text adds a paragraph of the record's own narrative.
func (b *Builder) Text(s string) {
	if s = strings.TrimSpace(s); s != "" {
		b.text = append(b.text, s)
	}
}

// Note keeps something that has no place of its own in the narrative.
func (b *Builder) Note(s string) {
	if s = strings.TrimSpace(s); s != "" && !slices.Contains(b.notes, s) {
		b.notes = append(b.notes, s)
	}
}

// Entity adds an entity and returns its id: the same entity (schema, role
// and properties) given twice is one; an id already taken is replaced by
// the next free e<n>.
func (b *Builder) Entity(e jisr.Entity) string {
	for _, x := range b.Record.Entities {
		if x.Schema == e.Schema && x.Role == e.Role && sameProps(x.Props, e.Props) {
			return x.ID
		}
	}
	if e.ID == "" || slices.ContainsFunc(b.Record.Entities, func(x jisr.Entity) bool { return x.ID == e.ID }) {
		for {
			b.n++
			id := fmt.Sprintf("e%d", b.n)
			if !slices.ContainsFunc(b.Record.Entities, func(x jisr.Entity) bool { return x.ID == id }) {
				e.ID = id
				break
			}
		}
	}
	if e.Props == nil {
		e.Props = map[string][]string{}
	}
	b.Record.Entities = append(b.Record.Entities, e)
	return e.ID
}

func sameProps(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// Finish writes the narrative: the record's own text, then what had no
// place ("Also in the <source> file: …"); a record with neither says where
// it came from (a narrative is required).
func (b *Builder) Finish() {
	r := b.Record
	parts := b.text
	if r.NarrativeEN != "" {
		parts = append([]string{r.NarrativeEN}, parts...)
	}
	if len(b.notes) > 0 {
		parts = append(parts, "Also in the "+b.source+" file:\n"+strings.Join(b.notes, "\n"))
	}
	r.NarrativeEN = strings.Join(parts, "\n\n")
	if r.NarrativeEN == "" && r.NarrativeAR == "" {
		r.NarrativeEN = "Imported from a " + b.source + " file."
	}
	if r.Title == "" {
		r.Title = "Imported from a " + b.source + " file"
	}
}

// TLP reads a TLP name as MISP, STIX and FIRST write it ("amber+strict",
// "TLP:AMBER", "white" for TLP 1.0's CLEAR).
func TLP(s string) (jisr.TLP, bool) {
	s = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "TLP:"), "tlp:")))
	if s == "WHITE" {
		return jisr.TLPClear, true
	}
	for _, t := range jisr.TLPs {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}
