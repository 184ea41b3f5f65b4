package web

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/selectors"
)

// Identifiers, numbers, dates and codes read left to right in every
// language: in a right-to-left page the bidirectional algorithm would
// otherwise reorder their parts ("+964 780 726 9252" shows as
// "9252 726 780 964+", "40-81295" written with Arabic-Indic digits as
// "81295-40"). In HTML each one is wrapped in <bdi dir="ltr">; in plain
// text (graph labels drawn on a canvas, JSON for scripts) between LRI and
// PDI (U+2066 … U+2069).

const (
	lri = "\u2066" // left-to-right isolate
	fsi = "\u2068" // first-strong isolate
	pdi = "\u2069" // pop directional isolate
	lrm = "\u200e" // left-to-right mark
)

// ltr is s isolated left to right, escaped, as HTML.
func ltr(s string) template.HTML {
	if s == "" {
		return ""
	}
	return template.HTML(`<bdi dir="ltr">` + template.HTMLEscapeString(s) + `</bdi>`)
}

// ltrClass is ltr with a class on the isolate.
func ltrClass(class, s string) template.HTML {
	if s == "" {
		return ""
	}
	return template.HTML(`<bdi dir="ltr" class="` + class + `">` + template.HTMLEscapeString(s) + `</bdi>`)
}

// LTRText isolates s left to right in plain text (LRI … PDI).
func LTRText(s string) string {
	if s == "" {
		return ""
	}
	return lri + s + pdi
}

// keepOrder makes a left-to-right value written with Arabic-Indic digits
// keep its order inside a left-to-right isolate: the bidirectional
// algorithm takes those digits for Arabic numbers and the separators
// between them ("-", ":", "/", spaces) for right-to-left, so each
// separator is preceded by a left-to-right mark.
func keepOrder(s string) string {
	if !strings.ContainsFunc(s, isArabicDigit) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isArabicDigit(r) && !unicode.IsLetter(r) {
			b.WriteString(lrm)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isArabicDigit(r rune) bool { return r >= 0x0660 && r <= 0x0669 || r >= 0x06F0 && r <= 0x06F9 }

// Ident shows an identifier or code (as the user wrote it) isolated left
// to right in a monospace face.
func (p *Page) Ident(s string) template.HTML { return ltrClass("ident", s) }

// LTR shows a value (a user name, a number, an address) isolated left to right.
func (p *Page) LTR(s string) template.HTML { return ltr(s) }

// Sel shows a selector's canonical value as people write it
// ("+964 780 726 9252", "40-81295", "MSKU 730115 1"), never its posting
// key, isolated left to right.
func (p *Page) Sel(typ, value string) template.HTML {
	return ltrClass("ident", selectors.Display(selectors.Type(typ), value))
}

// SelText is Sel for plain text: the display form between LRI and PDI.
func SelText(typ, value string) string {
	return LTRText(selectors.Display(selectors.Type(typ), value))
}

// Narrative writes free text with every identifier the selector extractor
// finds in it (phones, plates, containers, documents, IBANs…) and every
// other run of digits with separators (dates, case numbers) isolated left
// to right, keeping the text as the writer wrote it. country is the default
// country for national phone numbers and plates.
func (p *Page) Narrative(text, country string) template.HTML {
	if text == "" {
		return ""
	}
	var spans []span
	// Extract counts runes; map them to bytes.
	offs := make([]int, 0, len(text)+1)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	for _, s := range selectors.Extract(text, country) {
		if s.Start >= 0 && s.End <= len(offs)-1 && s.Start < s.End {
			sp := span{start: offs[s.Start], end: offs[s.End]}
			if s.Type != selectors.Coord && p.Can("persons") {
				sp.href = ProfileURL(string(s.Type), s.Value)
			}
			spans = append(spans, sp)
		}
	}
	// Other numeric runs: digits joined by separators ("30-11-2026",
	// "2026/11/30", "(+961) 71677080", "10:30").
	for i := 0; i < len(text); {
		if inSpans(spans, i) {
			i++
			continue
		}
		start, end := numericRun(text, i)
		if end > start {
			spans = append(spans, span{start: start, end: end})
			i = end
			continue
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
	}
	if len(spans) == 0 {
		return template.HTML(template.HTMLEscapeString(text))
	}
	// sort by start (few spans: insertion sort)
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if s.start < at {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[at:s.start]))
		if s.href != "" {
			b.WriteString(`<a class="sel-link" href="` + template.HTMLEscapeString(s.href) + `">`)
		}
		b.WriteString(`<bdi dir="ltr" class="sel">`)
		b.WriteString(template.HTMLEscapeString(keepOrder(text[s.start:s.end])))
		b.WriteString(`</bdi>`)
		if s.href != "" {
			b.WriteString(`</a>`)
		}
		at = s.end
	}
	b.WriteString(template.HTMLEscapeString(text[at:]))
	return template.HTML(b.String())
}

// span is a part of a narrative to isolate (byte offsets), linked to
// the profile of the identifier it is, if any.
type span struct {
	start, end int
	href       string
}

func inSpans(spans []span, i int) bool {
	for _, s := range spans {
		if i >= s.start && i < s.end {
			return true
		}
	}
	return false
}

// numericRun finds, at byte i, a run of digits (any script) with
// separators between them that holds at least two groups of digits, or a
// "+" or "(" before digits; it returns the run's bounds, or i, i.
func numericRun(s string, i int) (int, int) {
	start := i
	r, n := utf8.DecodeRuneInString(s[i:])
	lead := false
	if r == '+' || r == '(' {
		lead = true
		i += n
		if i < len(s) && s[i] == '+' {
			i++
		}
		r, n = utf8.DecodeRuneInString(s[i:])
	}
	if !unicode.IsDigit(r) {
		return start, start
	}
	// a digit run must start a word
	if start > 0 {
		pr, _ := utf8.DecodeLastRuneInString(s[:start])
		if unicode.IsDigit(pr) || unicode.IsLetter(pr) {
			return start, start
		}
	}
	groups, end := 0, i
	for i < len(s) {
		// a group of digits
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsDigit(r) {
				break
			}
			j += n
		}
		if j == i {
			break
		}
		groups++
		end = j
		// separators before the next group: one or two of - / : . , ) ( space
		k, seps := j, 0
		for k < len(s) && seps < 3 {
			c := s[k]
			if c == '-' || c == '/' || c == ':' || c == '.' || c == ',' || c == ')' || c == '(' || c == ' ' {
				k++
				seps++
				continue
			}
			break
		}
		if seps == 0 || k >= len(s) {
			if k < len(s) && s[k] == ')' {
				end = k + 1
			}
			break
		}
		r, _ := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsDigit(r) {
			if strings.HasPrefix(s[j:], ")") {
				end = j + 1
			}
			break
		}
		i = k
	}
	if groups < 2 && !lead {
		return start, start
	}
	return start, end
}

// recordCountry is the default country for reading a record's narratives:
// its place's country, else its originator's.
func (p *Page) recordCountry(r *jisr.Record) string {
	if r.Place.Country != "" {
		return r.Place.Country
	}
	if a := p.agency[r.Originator]; a != nil {
		return a.Country
	}
	return ""
}

// RecordNarrative is Narrative for a record's text.
func (p *Page) RecordNarrative(r *jisr.Record, text string) template.HTML {
	return p.Narrative(text, p.recordCountry(r))
}

// TN is T with each argument (a number, a date, a code) isolated left to
// right inside the translated text, as HTML.
func (p *Page) TN(key string, args ...any) template.HTML {
	marks := make([]any, len(args))
	vals := make([]string, len(args))
	for i, a := range args {
		marks[i] = "\ue000" + string(rune('0'+i)) + "\ue001"
		switch v := a.(type) {
		case int, int64, float64:
			vals[i] = p.Num(v)
		case string:
			vals[i] = v
		default:
			vals[i] = p.Num(v)
		}
	}
	s := template.HTMLEscapeString(p.T(key, marks...))
	for i, v := range vals {
		s = strings.Replace(s, "\ue000"+string(rune('0'+i))+"\ue001", string(ltr(v)), 1)
	}
	return template.HTML(s)
}
