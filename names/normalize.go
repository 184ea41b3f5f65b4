// Package names matches personal names across Arabic script and the many
// Latin spellings that agencies use for them: «محمد عبد الله الأسعد»,
// "Mohammed Abdallah al-Asaad", "Muhamad Abdulla Alasad" and
// "M. Abdullah El Assaad" are one person.
//
// It normalises both scripts, parses a name into parts (articles, Abd/Abu
// compounds, -ad-Din and -Allah compounds, bin/ibn particles, initials),
// transliterates each part into a common phonetic alphabet, derives
// consonant-skeleton keys for candidate retrieval, and scores candidate
// pairs by aligning their parts with a weighted edit distance in which known
// variant pairs (q/k/g, th/dh/z/d, ou/u/o, ee/i, -a/-ah/-eh, ayn and hamza)
// are cheap. Index is an in-memory candidate index over many names.
//
// The package is pure logic: it does no I/O.
package names

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isArabicLetter reports whether r is a letter of the Arabic script (base
// block, supplement, extended-A, or presentation forms before NFKC).
func isArabicLetter(r rune) bool {
	switch {
	case r >= 0x0621 && r <= 0x064A, r >= 0x0671 && r <= 0x06D5, r >= 0x0750 && r <= 0x077F,
		r >= 0x08A0 && r <= 0x08FF && unicode.IsLetter(r), r == 0x06EE, r == 0x06EF, r >= 0x06FA && r <= 0x06FC:
		return true
	}
	return false
}

// dropArabic reports runes that carry no letter: harakat, Quranic marks,
// superscript alef, tatweel and directional marks.
func dropArabic(r rune) bool {
	return r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640 ||
		r >= 0x06D6 && r <= 0x06ED && r != 0x06D5 || r == 0x200C || r == 0x200D ||
		r == 0x200E || r == 0x200F || r == 0x061C || r == 0x08F0 || r == 0x08F1 || r == 0x08F2
}

// lightArabic maps Persian, Urdu and Kurdish letters to their Arabic
// counterparts but keeps the distinctions a transliteration needs: hamza
// carriers, taa marbuta and alef maqsura.
func lightArabic(r rune) rune {
	switch r {
	case 'ٱ', 'ٲ', 'ٳ':
		return 'ا'
	case 'ک', 'ڪ':
		return 'ك'
	case 'ی', 'ې', 'ۍ', 'ێ':
		return 'ي'
	case 'ە', 'ھ', 'ہ':
		return 'ه'
	case 'ۀ', 'ۃ':
		return 'ة'
	case 'پ':
		return 'ب'
	case 'ژ':
		return 'ز'
	case 'ڤ', 'ڨ', 'ڥ':
		return 'ف'
	case 'ٹ':
		return 'ت'
	case 'ڈ':
		return 'د'
	case 'ڑ':
		return 'ر'
	case 'ٶ':
		return 'ؤ'
	case 'ٸ':
		return 'ئ'
	}
	return r
}

// strictArabic folds the letters that spellings of one name differ in:
// every hamza form of alef to a bare alef, ؤ to و, ئ and ى to ي, ة to ه;
// a lone hamza is dropped.
func strictArabic(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ':
		return 'ا'
	case 'ؤ':
		return 'و'
	case 'ئ', 'ى':
		return 'ي'
	case 'ة':
		return 'ه'
	case 'ء':
		return -1
	}
	return r
}

// NormalizeArabic returns s with Arabic script normalised for comparison:
// presentation forms expanded (NFKC), harakat, tatweel and Quranic marks
// removed, Persian/Urdu variants mapped (ک→ك, ی→ي, ە→ه, پ→ب, گ→گ kept as
// g), hamza forms folded (أ إ آ ٱ → ا, ؤ → و, ئ → ي, ء dropped), taa
// marbuta to haa and alef maqsura to yaa. Punctuation and symbols become
// spaces, other runes are kept, Latin letters lower-cased, runs of spaces
// collapsed.
func NormalizeArabic(s string) string {
	return normalize(s, true)
}

func lightNorm(s string) string {
	return normalize(s, false)
}

func normalize(s string, strict bool) string {
	out := normalizeOnce(s, strict)
	// Lower-casing or dropping a mark can leave a sequence that NFKC would
	// compose (Y+ring lowered to y+ring is ẙ; alef, tatweel, hamza above
	// without the tatweel is أ). Fold again until the text is stable, so
	// that a folded key folds to itself; two more passes settle every case.
	for i := 0; i < 3 && !isASCII(out) && !norm.NFKC.IsNormalString(out); i++ {
		out = normalizeOnce(out, strict)
	}
	return out
}

func normalizeOnce(s string, strict bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if !isASCII(s) {
		s = norm.NFKC.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if dropArabic(r) {
			continue
		}
		if unicode.IsSpace(r) || r == 0x00A0 || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		r = lightArabic(r)
		if strict {
			r = strictArabic(r)
			if r < 0 {
				continue
			}
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// NormalizeLatin returns a Latin-script spelling folded for comparison:
// lower case, diacritics removed (é → e, ā → a, ṣ → s), the signs used for
// ayn and hamza (' ʿ ʾ ’ ‘ ` ´) turned into a plain apostrophe, hyphens,
// dots and other punctuation turned into spaces, spaces collapsed. With
// chat set, the Arabizi digits inside words become letters (3 → ', 7 → h,
// 2 → ', 5 → kh, 6 → t, 9 → s, 8 → gh).
func NormalizeLatin(s string, chat bool) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\'' || r == 'ʿ' || r == 'ʾ' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ' || r == 'ʻ' || r == '′':
			if !space {
				b.WriteByte('\'')
			}
			continue
		case r >= '0' && r <= '9':
			if chat && (i > 0 && unicode.IsLetter(rs[i-1]) || i+1 < len(rs) && unicode.IsLetter(rs[i+1])) {
				if m := chatDigit(r); m != "" {
					if m == "'" && space {
						continue // an ayn or hamza starting a word is dropped
					}
					b.WriteString(m)
					space = false
					continue
				}
			}
			b.WriteRune(r)
			space = false
		case unicode.IsLetter(r):
			r = foldLatinLetter(unicode.ToLower(r))
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.Trim(b.String(), " '")
}

func chatDigit(r rune) string {
	switch r {
	case '2', '3':
		return "'"
	case '5':
		return "kh"
	case '6':
		return "t"
	case '7':
		return "h"
	case '8':
		return "gh"
	case '9':
		return "s"
	}
	return ""
}

// foldLatinLetter maps letters NFKD does not decompose.
func foldLatinLetter(r rune) rune {
	switch r {
	case 'ı':
		return 'i'
	case 'ø':
		return 'o'
	case 'đ', 'ð':
		return 'd'
	case 'ł':
		return 'l'
	case 'ß':
		return 's'
	case 'þ':
		return 't'
	case 'ħ':
		return 'h'
	case 'ə':
		return 'e'
	}
	return r
}

// Normalize folds a name for display-independent comparison: Arabic-script
// runs as NormalizeArabic, Latin as NormalizeLatin with Arabizi digits.
// Mixed input is handled word by word.
func Normalize(s string) string {
	if !hasArabic(s) {
		return NormalizeLatin(s, true)
	}
	fields := strings.Fields(NormalizeArabic(s))
	for i, f := range fields {
		if !hasArabic(f) {
			fields[i] = NormalizeLatin(f, true)
		}
	}
	return strings.Join(strings.Fields(strings.Join(fields, " ")), " ")
}

func hasArabic(s string) bool {
	for _, r := range s {
		if isArabicLetter(r) {
			return true
		}
	}
	return false
}

func norm_NFKC(s string) string {
	if isASCII(s) {
		return s
	}
	return norm.NFKC.String(s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
