package names

import "strings"

// The phonetic alphabet both scripts are transliterated into. Consonants
// are single bytes; Latin vowels are kept as runs ("a", "ou", "ei") because
// a run is the unit that corresponds to an Arabic long vowel, an ayn or a
// hamza.
//
//	b t C(th, ث) j h x(kh, خ) d D(dh, ذ ض ظ) r z s S(sh, ش) G(gh, غ) f q k
//	g(Latin g, گ) l m n w y E(ayn, hamza, Latin apostrophe)
//
// Arabic vowel letters are atoms of their own:
//
//	A long a (ا) · I long i (ي) · U long u (و) · T taa marbuta or final ه
//	Y alef maqsura (ى) · a word-initial alef (ا أ آ) · i initial إ
const (
	symVowel = 'V' // a Latin vowel run; its letters are in atom.run
)

// atom is one unit of a transliterated name part.
type atom struct {
	sym byte
	run string // for symVowel: the Latin vowels, e.g. "ou"
}

func (a atom) String() string {
	if a.sym == symVowel {
		return a.run
	}
	return string(a.sym)
}

func isVowelByte(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

func isLatinLetterByte(c byte) bool { return c >= 'a' && c <= 'z' }

// latinAtoms transliterates one normalised Latin word (a–z and ').
func latinAtoms(s string) []atom {
	out := make([]atom, 0, len(s))
	push := func(sym byte) {
		if n := len(out); n > 0 && out[n-1].sym == sym && sym != symVowel {
			return // double consonants collapse
		}
		out = append(out, atom{sym: sym})
	}
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		next := byte(0)
		if i+1 < n {
			next = s[i+1]
		}
		if isVowelByte(c) {
			j := i
			for j < n && isVowelByte(s[j]) {
				j++
			}
			// A y or w closing a vowel run before a consonant or the
			// end is part of the vowel: Husayn, Fayssal, Tawfiq.
			if j < n && (s[j] == 'y' || s[j] == 'w') && (j+1 == n || !isVowelByte(s[j+1])) {
				j++
			}
			// Final -ah, -eh: the h may only mark the vowel (Fatmeh) or
			// be a consonant (Saleh); it becomes the weak H.
			if j+1 == n && s[j] == 'h' && (s[j-1] == 'a' || s[j-1] == 'e') {
				out = append(out, atom{sym: symVowel, run: s[i:j]}, atom{sym: 'H'})
				i = n
				continue
			}
			out = append(out, atom{sym: symVowel, run: s[i:j]})
			i = j
			continue
		}
		switch {
		case c == 'k' && next == 'h':
			push('x')
			i += 2
		case c == 'g' && next == 'h':
			push('G')
			i += 2
		case c == 's' && next == 'c' && i+2 < n && s[i+2] == 'h':
			push('S')
			i += 3
		case (c == 's' || c == 'c') && next == 'h':
			push('S')
			i += 2
		case c == 't' && next == 'h':
			push('C')
			i += 2
		case c == 'd' && next == 'h':
			push('D')
			i += 2
		case c == 'z' && next == 'h':
			push('D')
			i += 2
		case c == 'd' && next == 'j':
			push('j')
			i += 2
		case c == 'p' && next == 'h':
			push('f')
			i += 2
		case c == 'c' && next == 'k':
			push('k')
			i += 2
		case c == 'c':
			if next == 'e' || next == 'i' || next == 'y' {
				push('s')
			} else {
				push('k')
			}
			i++
		case c == 'x':
			push('k')
			push('s')
			i++
		case c == 'p':
			push('b')
			i++
		case c == 'v':
			push('f')
			i++
		case c == 'y' || c == 'w':
			// Consonant before a vowel; otherwise a vowel (Harby, Abdou'w').
			if next != 0 && isVowelByte(next) {
				push(c)
			} else if c == 'y' {
				out = append(out, atom{sym: symVowel, run: "i"})
			} else {
				out = append(out, atom{sym: symVowel, run: "u"})
			}
			i++
		case c == '\'':
			if len(out) == 0 || out[len(out)-1].sym != 'E' {
				out = append(out, atom{sym: 'E'})
			}
			i++
		case isLatinLetterByte(c):
			push(c)
			i++
		default:
			i++ // digits and anything else carry no sound here
		}
	}
	return out
}

// arabicAtoms transliterates one lightly normalised Arabic word (hamza
// carriers, ة and ى kept).
func arabicAtoms(s string) []atom {
	if strictOf(s) == "عمرو" {
		return []atom{{sym: 'E'}, {sym: 'm'}, {sym: 'r'}}
	}
	rs := []rune(s)
	out := make([]atom, 0, len(rs))
	push := func(sym byte) {
		if n := len(out); n > 0 && out[n-1].sym == sym && sym != 'A' && sym != 'I' && sym != 'U' {
			return // shadda is not written; a doubled letter is one sound
		}
		out = append(out, atom{sym: sym})
	}
	isVowelLetter := func(r rune) bool {
		return r == 'ا' || r == 'ى' || r == 'ة' || r == 'أ' || r == 'آ' || r == 'إ'
	}
	for i, r := range rs {
		first, last := i == 0, i == len(rs)-1
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		if !last {
			next = rs[i+1]
		}
		switch r {
		case 'ا', 'آ':
			if first {
				push('a')
			} else {
				push('A')
			}
		case 'أ':
			if first {
				push('a')
			} else {
				push('E')
			}
		case 'إ':
			if first {
				push('i')
			} else {
				push('E')
			}
		case 'ء', 'ئ', 'ؤ', 'ع':
			push('E')
		case 'ب':
			push('b')
		case 'ت', 'ط':
			push('t')
		case 'ث':
			push('C')
		case 'ج':
			push('j')
		case 'چ':
			push('S')
		case 'ح':
			push('h')
		case 'خ':
			push('x')
		case 'د':
			push('d')
		case 'ذ', 'ض', 'ظ':
			push('D')
		case 'ر':
			push('r')
		case 'ز':
			push('z')
		case 'س', 'ص':
			push('s')
		case 'ش':
			push('S')
		case 'غ':
			push('G')
		case 'ف':
			push('f')
		case 'ق':
			push('q')
		case 'ك':
			push('k')
		case 'گ':
			push('g')
		case 'ل':
			push('l')
		case 'م':
			push('m')
		case 'ن':
			push('n')
		case 'ه':
			if last && i > 0 {
				push('T')
			} else {
				push('h')
			}
		case 'ة':
			push('T')
		case 'ى':
			push('Y')
		case 'و':
			if first || isVowelLetter(next) || next == 'ي' && !last && i+2 < len(rs) || prev == 'ا' && !last {
				push('w')
			} else {
				push('U')
			}
		case 'ي':
			if first || isVowelLetter(next) || next == 'و' || prev == 'ا' && !last {
				push('y')
			} else {
				push('I')
			}
		default:
			// Unknown letters and digits carry no sound here.
		}
	}
	return out
}

// skeletonClasses maps an atom to its consonant classes for retrieval
// keys: the first is the usual one, the others are for spellings that are
// ambiguous. An empty result means the atom is not part of the skeleton
// (vowels, ayn, hamza, w, y); a 0 class means "may be left out".
func skeletonClasses(sym byte) []byte {
	switch sym {
	case 'C':
		return []byte{'t', 'd'} // th: ث in the Levant, ذ/ظ in Iraq and the Gulf
	case 'D':
		return []byte{'d', 'z'} // ذ ض ظ: dh, d or z
	case 'q', 'k':
		return []byte{'k'}
	case 'g':
		return []byte{'k', 'j', 'g'} // Gulf/Iraqi g for ق, Egyptian g for ج, غ in foreign names
	case 'G':
		return []byte{'g'}
	case 'H':
		return []byte{0, 'h'} // final h of -ah/-eh: usually silent
	case 'b', 't', 'j', 'h', 'x', 'd', 'r', 'z', 's', 'S', 'f', 'l', 'm', 'n':
		return []byte{sym}
	}
	return nil
}

// coarseClass folds skeleton classes further for the second, fuzzier tier
// of keys: voiced and voiceless pairs and the velars meet, h is dropped.
func coarseClass(c byte) byte {
	switch c {
	case 'd':
		return 't'
	case 'z':
		return 's'
	case 'S':
		return 's'
	case 'k', 'j', 'g', 'x':
		return 'k'
	case 'h':
		return 0
	}
	return c
}

// maxKeyVariants bounds the keys one part yields.
const maxKeyVariants = 6

// skeletonKeys returns the consonant-skeleton keys of a part: one, or a
// few when an ambiguous consonant (th, g, ذ/ض/ظ) allows several classes.
func skeletonKeys(atoms []atom) []string {
	keys := []string{""}
	for _, a := range atoms {
		cs := skeletonClasses(a.sym)
		if len(cs) == 0 {
			continue
		}
		n := len(keys)
		for k := 0; k < n; k++ {
			base := keys[k]
			for _, alt := range cs[1:] {
				if len(keys) < maxKeyVariants {
					keys = append(keys, appendClass(base, alt))
				}
			}
			keys[k] = appendClass(base, cs[0])
		}
	}
	return dedupe(keys)
}

// fuzzyKeys returns the second-tier keys of a part: its coarse skeleton
// and, when that has three or more consonants, the coarse skeleton with
// any one consonant left out.
func fuzzyKeys(atoms []atom) []string {
	var b []byte
	for _, a := range atoms {
		cs := skeletonClasses(a.sym)
		if len(cs) == 0 || cs[0] == 0 {
			continue
		}
		c := coarseClass(cs[0])
		if c == 0 || len(b) > 0 && b[len(b)-1] == c {
			continue
		}
		b = append(b, c)
	}
	if len(b) < 2 {
		return nil
	}
	out := []string{string(b)}
	if len(b) >= 3 {
		for i := range b {
			d := append(append([]byte{}, b[:i]...), b[i+1:]...)
			out = append(out, string(d))
		}
	}
	return dedupe(out)
}

func dedupe(keys []string) []string {
	out := keys[:0]
	for _, k := range keys {
		dup := false
		for _, o := range out {
			if o == k {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}

func appendClass(s string, c byte) string {
	if c == 0 {
		return s
	}
	if len(s) > 0 && s[len(s)-1] == c {
		return s
	}
	return s + string(c)
}

func atomsString(as []atom) string {
	var b strings.Builder
	for i, a := range as {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(a.String())
	}
	return b.String()
}
