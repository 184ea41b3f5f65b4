package names

import (
	"math"
	"strings"
)

// Costs of the weighted edit distance between transliterated parts. A
// cost of 1 is a wholly different consonant.

// consSub is the cost of writing consonant a for consonant b. Pairs not
// listed cost 1.
func consSub(a, b byte) float64 {
	if a == b {
		return 0
	}
	if a > b {
		a, b = b, a
	}
	switch string([]byte{a, b}) {
	case "CD": // th for ذ/ظ (Iraq, Gulf): Thiab, Kathim
		return 0.15
	case "Dd": // d for ذ/ض (Levant): Diab, Dia
		return 0.2
	case "Dz": // z for ذ/ظ/ض: Zafer, Zia
		return 0.2
	case "Ct": // t for ث (Levant): Tamer
		return 0.3
	case "Cd":
		return 0.35
	case "Cs": // s for ث (Egypt)
		return 0.4
	case "kq", "gq": // Qasim/Kassem/Gasim
		return 0.2
	case "gj": // Gamal
		return 0.3
	case "Gg", "gk":
		return 0.3
	case "Gx", "Gq":
		return 0.6
	case "hx":
		return 0.5
	case "kx":
		return 0.45
	case "sz":
		return 0.6
	case "Ss":
		return 0.7
	case "Eh":
		return 0.7
	case "IU", "Uw", "Iy":
		return 0.1
	case "Uy", "Iw", "wy":
		return 0.6
	case "Th", "Tt":
		return 0.3
	case "Hh":
		return 0
	case "HT":
		return 0.05
	}
	return 1
}

func isArabicVocalic(s byte) bool {
	switch s {
	case 'A', 'I', 'U', 'T', 'Y', 'a', 'i', 'E', 'w', 'y':
		return true
	}
	return false
}

// vowelFor is the cost of the Latin vowel letters v standing for the
// Arabic vocalic atom x.
func vowelFor(v string, x byte) float64 {
	switch x {
	case 'A':
		switch v {
		case "a", "aa", "ah":
			return 0
		case "ae", "ea", "aai":
			return 0.3
		case "e", "o", "ai", "ay":
			return 0.5
		}
	case 'a': // initial alef: its vowel may be any short vowel
		switch v {
		case "a", "aa":
			return 0
		case "e":
			return 0.1
		case "i", "u", "o", "ou":
			return 0.2
		}
	case 'i':
		switch v {
		case "i", "e", "ee":
			return 0
		case "a", "ei":
			return 0.3
		}
	case 'I':
		switch v {
		case "i", "ee", "ii", "y", "iy", "ie", "ey", "ei", "ea":
			return 0
		case "ai", "ay", "aye", "eee":
			return 0.15
		case "e":
			return 0.3
		}
	case 'U':
		switch v {
		case "u", "ou", "oo", "uu", "w", "o", "ow", "oe", "ue", "uo":
			return 0
		case "au", "aw":
			return 0.2
		}
	case 'T':
		switch v {
		case "a", "e", "ah", "eh", "aa", "at", "et":
			return 0
		case "i":
			return 0.5
		}
	case 'Y':
		switch v {
		case "a", "aa", "ah":
			return 0
		case "e":
			return 0.2
		case "i", "y":
			return 0.35
		}
	case 'E': // ayn or hamza: spelled by the vowel next to it, or not at all
		if len(v) == 1 || len(v) == 2 && v[0] == v[1] {
			return 0.05
		}
		return 0.35
	case 'w':
		switch v {
		case "w", "ou":
			return 0
		case "u", "o", "oo", "oua":
			return 0.1
		}
	case 'y':
		switch v {
		case "y", "i":
			return 0.05
		case "ee", "ie", "iy":
			return 0.1
		case "e", "ey":
			return 0.3
		}
	}
	return 1 // another vowel than the one written in Arabic: another name
}

// costs of leaving an atom of one side unmatched when comparing Latin with
// Arabic script.
func delArabic(s byte) float64 {
	switch s {
	case 'A', 'I', 'U':
		return 0.85 // long vowels are nearly always written in Latin
	case 'a', 'i':
		return 0.6
	case 'E':
		return 0.25
	case 'T':
		return 0.4
	case 'Y':
		return 0.4
	case 'w', 'y':
		return 0.7
	}
	return 1
}

func delLatinVsArabic(a atom, first, last bool) float64 {
	switch a.sym {
	case symVowel:
		if first {
			return 0.6 // an Arabic word never starts with a vowel
		}
		if last && a.run != "e" {
			return 0.4 // a final vowel is written in Arabic (ي, ة, ى, و, ا); French final e is silent
		}
		if len(a.run) == 1 {
			return 0.05 // a short vowel, not written in Arabic
		}
		return 0.45
	case 'E':
		return 0.1
	case 'H':
		return 0.05
	case 'h':
		return 0.7
	case 'w', 'y':
		return 0.7
	}
	return 1
}

// crossCost is the edit cost between a Latin reading l and an Arabic
// reading r, and the weight (cost of deleting everything) it is measured
// against.
func crossCost(l, r []atom) (cost, weight float64) {
	n, m := len(l), len(r)
	var buf [24 * 24]float64
	var d []float64
	w := m + 1
	if (n+1)*(m+1) <= len(buf) {
		d = buf[:(n+1)*(m+1)]
	} else {
		d = make([]float64, (n+1)*(m+1))
	}
	for i := 1; i <= n; i++ {
		d[i*w] = d[(i-1)*w] + delLatinVsArabic(l[i-1], i == 1, i == n)
	}
	for j := 1; j <= m; j++ {
		d[j] = d[j-1] + delArabic(r[j-1].sym)
	}
	for i := 1; i <= n; i++ {
		la := l[i-1]
		for j := 1; j <= m; j++ {
			ra := r[j-1]
			best := d[(i-1)*w+j] + delLatinVsArabic(la, i == 1, i == n)
			if c := d[i*w+j-1] + delArabic(ra.sym); c < best {
				best = c
			}
			var sub float64
			if la.sym == symVowel {
				if isArabicVocalic(ra.sym) {
					sub = vowelFor(la.run, ra.sym)
				} else {
					sub = 1.2
				}
				// A vowel run standing for two Arabic atoms: Said ← س ع ي د,
				// Raed ← ر ا ئ د, Ziad ← ز ي ا د.
				if j >= 2 && len(la.run) >= 2 && isArabicVocalic(r[j-2].sym) && isArabicVocalic(ra.sym) {
					for k := 1; k < len(la.run); k++ {
						c := vowelFor(la.run[:k], r[j-2].sym) + vowelFor(la.run[k:], ra.sym)
						if c2 := d[(i-1)*w+j-2] + c; c2 < best {
							best = c2
						}
					}
				}
			} else if ra.sym == 'E' {
				if la.sym == 'E' {
					sub = 0
				} else {
					sub = consSub(la.sym, ra.sym)
				}
			} else {
				sub = consSub(la.sym, ra.sym)
			}
			if c := d[(i-1)*w+j-1] + sub; c < best {
				best = c
			}
			d[i*w+j] = best
		}
	}
	var wl, wr float64
	for i, a := range l {
		wl += delLatinVsArabic(a, i == 0, i == n-1)
	}
	for _, a := range r {
		wr += delArabic(a.sym)
	}
	return d[n*w+m], math.Max(wl, wr)
}

// vowelClass folds a Latin vowel run for comparing two Latin spellings.
func vowelClass(v string) string {
	switch v {
	case "a", "aa", "ah":
		return "a"
	case "e", "eh":
		return "e"
	case "i", "ee", "ii", "ie", "iy", "y", "ea":
		return "i"
	case "o", "u", "ou", "oo", "uu", "ow", "oe", "ue":
		return "u"
	case "ai", "ay", "ei", "ey", "aye", "eye":
		return "ai"
	case "au", "aw", "ao":
		return "au"
	}
	return v
}

func vowelSubLatin(a, b string) float64 {
	ca, cb := vowelClass(a), vowelClass(b)
	if ca == cb {
		return 0
	}
	if ca > cb {
		ca, cb = cb, ca
	}
	switch ca + "/" + cb {
	case "a/e", "e/i":
		return 0.2
	case "ai/i", "ai/e":
		return 0.2
	case "a/ai", "au/u", "a/au":
		return 0.3
	case "a/i", "a/u", "e/u":
		return 0.5
	case "i/u":
		return 0.6
	}
	// Other runs (ia, ua, ae): a small edit distance over the letters.
	return math.Min(0.6, 0.2*float64(levenshtein(a, b)))
}

func delLatin(a atom, first bool) float64 {
	switch a.sym {
	case symVowel:
		if first {
			return 0.5
		}
		return 0.3
	case 'E':
		return 0.1
	case 'H':
		return 0.1
	case 'w', 'y':
		return 0.6
	}
	return 1
}

// latinCost compares two Latin readings.
func latinCost(a, b []atom) (cost, weight float64) {
	n, m := len(a), len(b)
	var buf [24 * 24]float64
	var d []float64
	w := m + 1
	if (n+1)*(m+1) <= len(buf) {
		d = buf[:(n+1)*(m+1)]
	} else {
		d = make([]float64, (n+1)*(m+1))
	}
	for i := 1; i <= n; i++ {
		d[i*w] = d[(i-1)*w] + delLatin(a[i-1], i == 1)
	}
	for j := 1; j <= m; j++ {
		d[j] = d[j-1] + delLatin(b[j-1], j == 1)
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			x, y := a[i-1], b[j-1]
			best := d[(i-1)*w+j] + delLatin(x, i == 1)
			if c := d[i*w+j-1] + delLatin(y, j == 1); c < best {
				best = c
			}
			var sub float64
			switch {
			case x.sym == symVowel && y.sym == symVowel:
				sub = vowelSubLatin(x.run, y.run)
			case x.sym == symVowel || y.sym == symVowel:
				v, c := x, y
				if y.sym == symVowel {
					v, c = y, x
				}
				switch {
				case c.sym == 'E':
					sub = 0.15 // Ja'far / Jaafar
				case c.sym == 'w' && (v.run == "u" || v.run == "ou" || v.run == "o"):
					sub = 0.15
				case c.sym == 'y' && (v.run == "i" || v.run == "ee"):
					sub = 0.15
				default:
					sub = 1.2
				}
			default:
				sub = consSub(x.sym, y.sym)
			}
			if c := d[(i-1)*w+j-1] + sub; c < best {
				best = c
			}
			d[i*w+j] = best
		}
	}
	var wa, wb float64
	for i, x := range a {
		wa += delLatin(x, i == 0)
	}
	for i, y := range b {
		wb += delLatin(y, i == 0)
	}
	return d[n*w+m], math.Max(wa, wb)
}

// levenshtein over runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			if prev[j]+1 < c {
				c = prev[j] + 1
			}
			if cur[j-1]+1 < c {
				c = cur[j-1] + 1
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// How tells how two parts matched.
type How string

const (
	HowExact       How = "exact"        // the same after normalisation
	HowVariant     How = "variant"      // another spelling in the same script
	HowCrossScript How = "cross-script" // Arabic script against a Latin spelling
	HowInitial     How = "initial"      // an initial against a name
	HowConfusable  How = "distinct"     // a known different name (Omar/Amr)
)

// partSim compares two parts: a similarity in [0,1] and how it matched.
func partSim(a, b *Part) (float64, How) {
	if a.Kind == Initial || b.Kind == Initial {
		return initialSim(a, b), HowInitial
	}
	if kindGroup(a.Kind) != kindGroup(b.Kind) {
		return 0, HowVariant
	}
	if a.Kind == AbdAllah || b.Kind == AbdAllah {
		if a.Kind == b.Kind {
			if a.Script == b.Script {
				return 1, HowExact
			}
			return 1, HowCrossScript
		}
		return 0, HowVariant
	}
	best := 0.0
	how := HowVariant
	if a.Script != b.Script {
		how = HowCrossScript
	}
	for ia, ra := range a.readings {
		for ib, rb := range b.readings {
			s := readingSim(a.Script, b.Script, &ra, &rb)
			if ia > 0 || ib > 0 {
				s *= 0.97 // a less likely reading
			}
			if s > best {
				best = s
			}
		}
	}
	if best >= 0.999 && a.Script == b.Script {
		how = HowExact
	}
	if a.Kind != b.Kind {
		best *= 0.8 // Abd vs Abu, Din vs Allah: same shape, different compound
	}
	if a.Article != b.Article {
		best *= 0.97 // Ali is closer to علي than to العلي; often dropped, so only a little
	}
	if confusable(a, b) {
		if best > 0.45 {
			best = 0.45
		}
		how = HowConfusable
	}
	return best, how
}

func kindGroup(k Kind) int {
	switch k {
	case Abd, AbdAllah:
		return 1
	case Abu:
		return 2
	case Din, Allah:
		return 3
	}
	return 0
}

func readingSim(sa, sb Script, a, b *reading) float64 {
	if a.strict == b.strict && sa == sb {
		return 1
	}
	var cost, weight float64
	switch {
	case sa == Arabic && sb == Arabic:
		d := levenshtein(a.strict, b.strict)
		l := max(len([]rune(a.strict)), len([]rune(b.strict)))
		if l == 0 {
			return 0
		}
		return clamp01(1 - 1.3*float64(d)/float64(l))
	case sa == Latin && sb == Latin:
		cost, weight = latinCost(a.ll, b.ll)
	case sa == Latin:
		cost, weight = crossCost(a.atoms, b.atoms)
	default:
		cost, weight = crossCost(b.atoms, a.atoms)
	}
	if weight <= 0 {
		return 0
	}
	return clamp01(1 - cost/(0.6*weight+1.2))
}

func clamp01(x float64) float64 {
	if x < 0 {
		return 0
	}
	if x > 1 {
		return 1
	}
	return x
}

// initialSim compares an initial with a part: does the part start with
// that letter (in its Latin reading)?
func initialSim(a, b *Part) float64 {
	if a.Kind == Initial && b.Kind == Initial {
		if len(a.readings) > 0 && len(b.readings) > 0 && firstSym(a) == firstSym(b) {
			return 0.7
		}
		return 0
	}
	ini, full := a, b
	if b.Kind == Initial {
		ini, full = b, a
	}
	if ini.Script != Latin {
		if full.Script == Arabic && len(full.Stem) > 0 && strings.HasPrefix(full.Stem, ini.Stem) {
			return 0.7
		}
		return 0
	}
	c := ini.Stem
	if c == "" {
		return 0
	}
	var first string
	switch full.Kind {
	case Abd, AbdAllah:
		first = "a"
	case Abu:
		first = "a"
	default:
		if full.Script == Latin && full.Stem != "" {
			first = full.Stem[:1]
		} else if len(full.readings) > 0 && len(full.readings[0].atoms) > 0 {
			first = arabicInitials(full.readings[0].atoms[0].sym)
		}
	}
	if strings.Contains(first, c) {
		return 0.7
	}
	return 0
}

func firstSym(p *Part) byte {
	if len(p.readings[0].atoms) == 0 {
		return 0
	}
	return p.readings[0].atoms[0].sym
}

// arabicInitials lists the Latin letters an Arabic initial atom may be
// written with.
func arabicInitials(s byte) string {
	switch s {
	case 'a', 'E':
		return "aeiou"
	case 'i':
		return "ie"
	case 'C':
		return "ts"
	case 'D':
		return "dz"
	case 'x':
		return "k"
	case 'S':
		return "sc"
	case 'G':
		return "g"
	case 'q':
		return "qkg"
	case 'k':
		return "kc"
	case 'j':
		return "jgd"
	case 'w':
		return "wo"
	case 'y':
		return "yi"
	}
	return string([]byte{s})
}
