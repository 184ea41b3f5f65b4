// Package namegen generates realistic Arab personal names in Arabic script
// together with the Latin spellings that agencies of Iraq, the Levant, the
// Gulf and the Maghreb would write for them. It is deterministic for a seed
// and is meant for demo data, tests and benchmarks. Pure logic, no I/O.
package namegen

import (
	"math/rand"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person is one generated person.
type Person struct {
	Arabic string   // full name in Arabic script, parts separated by spaces
	Latin  []string // several realistic romanisations, first = most common
	Female bool
	// The Arabic parts: given name, father's name, grandfather's name
	// (may be empty) and family name or nisba (with ال when it takes one).
	Given, Father, Grandfather, Family string
}

// Generator produces persons. It is not safe for concurrent use; give each
// goroutine its own Generator.
type Generator struct {
	rng *rand.Rand
}

// New returns a generator whose output depends only on seed.
func New(seed int64) *Generator {
	return &Generator{rng: rand.New(rand.NewSource(seed))}
}

type spelling struct {
	text   string
	region byte // 0 = common everywhere
}

type name struct {
	ar        string
	spellings []spelling
}

var (
	males, females, fams []name
	byArabic             = map[string]*name{}
	famByArabic          = map[string]*name{}
)

func init() {
	males = compile(maleGiven, byArabic)
	females = compile(femaleGiven, byArabic)
	fams = compile(families, famByArabic)
}

func compile(es []entry, idx map[string]*name) []name {
	out := make([]name, len(es))
	for i, e := range es {
		n := name{ar: e.ar}
		for _, s := range strings.Split(e.lat, "|") {
			sp := spelling{text: s}
			if j := strings.LastIndexByte(s, ':'); j > 0 && j == len(s)-2 {
				sp.text, sp.region = s[:j], s[j+1]
			}
			n.spellings = append(n.spellings, sp)
		}
		out[i] = n
	}
	for i := range out {
		if _, dup := idx[out[i].ar]; !dup {
			idx[out[i].ar] = &out[i]
		}
	}
	return out
}

// regions a romanisation may follow; the weights make Iraqi, Levantine and
// Gulf spellings most frequent.
var regions = []byte{0, 0, 'i', 'i', 'l', 'l', 'g', 'g', 'm', 's', 'e'}

// Person returns a new person with a 3- or 4-part name.
func (g *Generator) Person() Person {
	var p Person
	p.Female = g.rng.Intn(4) == 0
	if p.Female {
		p.Given = females[g.rng.Intn(len(females))].ar
	} else {
		p.Given = males[g.rng.Intn(len(males))].ar
	}
	p.Father = g.pickMale(p.Given)
	if g.rng.Intn(2) == 0 {
		p.Grandfather = g.pickMale(p.Father)
	}
	p.Family = fams[g.rng.Intn(len(fams))].ar
	parts := []string{p.Given, p.Father}
	if p.Grandfather != "" {
		parts = append(parts, p.Grandfather)
	}
	parts = append(parts, p.Family)
	p.Arabic = strings.Join(parts, " ")

	p.Latin = append(p.Latin, g.render(p, 0, true))
	seen := map[string]bool{strings.ToLower(p.Latin[0]): true}
	want := 2 + g.rng.Intn(3)
	for tries := 0; len(p.Latin) < want+1 && tries < 12; tries++ {
		s := g.render(p, regions[g.rng.Intn(len(regions))], false)
		if k := strings.ToLower(s); !seen[k] {
			seen[k] = true
			p.Latin = append(p.Latin, s)
		}
	}
	return p
}

func (g *Generator) pickMale(not string) string {
	for {
		if n := males[g.rng.Intn(len(males))].ar; n != not {
			return n
		}
	}
}

// Variant returns one more random Latin spelling of p, as another agency
// might write it: other transliterations, another form of the article,
// upper case, family name first, an initial, a dropped grandfather, "bin".
func (g *Generator) Variant(p Person) string {
	if !known(p) {
		// Not a person of this generator: another of its spellings if it
		// has some, else its name as it is.
		if len(p.Latin) > 0 {
			return p.Latin[g.rng.Intn(len(p.Latin))]
		}
		return p.Arabic
	}
	s := g.render(p, regions[g.rng.Intn(len(regions))], false)
	switch g.rng.Intn(10) {
	case 0:
		return strings.ToUpper(s)
	case 1: // FAMILY, Given Father
		toks := g.parts(p, regions[g.rng.Intn(len(regions))])
		fam := toks[len(toks)-1]
		return strings.ToUpper(fam) + ", " + strings.Join(toks[:len(toks)-1], " ")
	}
	return s
}

// known reports whether every part of p is in the generator's lists.
func known(p Person) bool {
	return byArabic[p.Given] != nil && byArabic[p.Father] != nil &&
		(p.Grandfather == "" || byArabic[p.Grandfather] != nil) && famByArabic[p.Family] != nil
}

// parts renders the parts of p as Latin strings for one region.
func (g *Generator) parts(p Person, region byte) []string {
	out := []string{g.spell(byArabic[p.Given], region)}
	out = append(out, g.spell(byArabic[p.Father], region))
	if p.Grandfather != "" {
		out = append(out, g.spell(byArabic[p.Grandfather], region))
	}
	out = append(out, g.family(p.Family, region))
	return out
}

// render writes the whole name; canonical picks the first spellings.
func (g *Generator) render(p Person, region byte, canonical bool) string {
	if canonical {
		out := []string{first(byArabic[p.Given]), first(byArabic[p.Father])}
		if p.Grandfather != "" {
			out = append(out, first(byArabic[p.Grandfather]))
		}
		f := famByArabic[p.Family]
		if f == nil {
			out = append(out, p.Family)
		} else if strings.HasPrefix(p.Family, "ال") {
			out = append(out, "al-"+f.spellings[0].text)
		} else {
			out = append(out, f.spellings[0].text)
		}
		return strings.Join(out, " ")
	}
	toks := g.parts(p, region)
	if len(toks) == 4 && g.rng.Intn(5) == 0 {
		toks = append(toks[:2], toks[3]) // grandfather left out
	}
	if region == 'g' && g.rng.Intn(3) == 0 && len(toks) >= 3 {
		link := "bin"
		if p.Female {
			link = "bint"
		}
		toks = append([]string{toks[0], link}, toks[1:]...)
	}
	if g.rng.Intn(12) == 0 {
		r, _ := utf8.DecodeRuneInString(toks[0])
		toks[0] = string(unicode.ToUpper(r)) + "."
	}
	return strings.Join(toks, " ")
}

func first(n *name) string {
	if n == nil {
		return ""
	}
	return n.spellings[0].text
}

// spell picks a spelling of n for a region: a spelling tagged with the
// region when there is one (usually), otherwise an untagged one, earlier
// spellings being more likely.
func (g *Generator) spell(n *name, region byte) string {
	if n == nil {
		return ""
	}
	var tagged, common []string
	for _, s := range n.spellings {
		switch {
		case s.region == 0:
			common = append(common, s.text)
		case s.region == region:
			tagged = append(tagged, s.text)
		}
	}
	if len(tagged) > 0 && (region == 's' || g.rng.Intn(3) > 0) {
		return tagged[g.rng.Intn(len(tagged))]
	}
	// Skewed towards the first spellings.
	i := g.rng.Intn(len(common))
	if j := g.rng.Intn(len(common)); j < i {
		i = j
	}
	return common[i]
}

// family renders the family name with an article in one of its forms when
// the Arabic has ال: al-X, Al-X, Al X, AlX, el-X, El X, ash-Shami (sun
// letters assimilated), or none at all.
func (g *Generator) family(ar string, region byte) string {
	f := famByArabic[ar]
	if f == nil {
		return ar
	}
	stem := g.spell(f, region)
	if !strings.HasPrefix(ar, "ال") {
		return stem
	}
	next, _ := utf8.DecodeRuneInString(ar[len("ال"):])
	if region == 's' {
		if sun(next) {
			return "a" + assimilated(stem) + "-" + stem
		}
		return "al-" + stem
	}
	var forms []string
	switch region {
	case 'l', 'e':
		forms = []string{"el-", "El-", "El ", "al-", "Al-", ""}
	case 'm':
		forms = []string{"El ", "El-", "El", ""}
	case 'g':
		forms = []string{"Al-", "Al ", "al-", "Al", ""}
	default:
		forms = []string{"al-", "Al-", "al-", "Al ", "Al", ""}
	}
	art := forms[g.rng.Intn(len(forms))]
	if art == "Al" || art == "El" {
		return art + strings.ToLower(stem)
	}
	if art == "" && sun(next) && g.rng.Intn(4) == 0 {
		return "A" + assimilated(stem) + "-" + stem // Ash-Shammari
	}
	return art + stem
}

// sun reports whether an Arabic letter is a sun letter, which assimilates
// the l of the article.
func sun(r rune) bool {
	return strings.ContainsRune("تثدذرزسشصضطظلن", r)
}

// assimilated returns the first consonant of a Latin stem, in lower case,
// as it doubles in an assimilated article: Shami → sh, Dulaimi → d.
func assimilated(stem string) string {
	l := strings.ToLower(stem)
	for _, d := range []string{"sh", "th", "dh", "ch"} {
		if strings.HasPrefix(l, d) {
			return d
		}
	}
	if l == "" {
		return "l"
	}
	r, _ := utf8.DecodeRuneInString(l)
	return string(r)
}
