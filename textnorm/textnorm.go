// Package textnorm folds Arabic and Latin text for full-text search, so that
// the spellings an analyst types meet the spellings a report was written in:
// hamza forms, alef wasla and madda become a bare alef; taa marbuta becomes
// haa; alef maqsura becomes yaa; harakat, Quranic marks and tatweel are
// dropped; Persian and Urdu letters become their Arabic counterparts;
// Arabic-Indic and Persian digits become ASCII digits; Latin letters lose
// case and diacritics. Pure functions, no I/O.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FoldRune maps one rune to its folded form; it returns -1 for a rune that
// is dropped.
func FoldRune(r rune) rune {
	switch {
	case r < 0x80:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640, // harakat, superscript alef, tatweel
		r >= 0x06D6 && r <= 0x06ED, r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x061C:
		return -1
	case r >= 0x0660 && r <= 0x0669: // Arabic-Indic digits
		return '0' + (r - 0x0660)
	case r >= 0x06F0 && r <= 0x06F9: // Extended (Persian) digits
		return '0' + (r - 0x06F0)
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ', 'ٲ', 'ٳ':
		return 'ا'
	case 'ة':
		return 'ه'
	case 'ى', 'ی', 'ې', 'ۍ', 'ئ':
		return 'ي'
	case 'ؤ':
		return 'و'
	case 'ک', 'ڪ':
		return 'ك'
	case 'ە', 'ھ', 'ہ':
		return 'ه'
	case 'گ':
		return 'ك'
	case 'چ':
		return 'ج'
	case 'پ':
		return 'ب'
	case 'ژ':
		return 'ز'
	case 'ڤ', 'ڨ':
		return 'ف'
	case 'ء':
		return -1
	case '،':
		return ','
	case '؛':
		return ';'
	case '؟':
		return '?'
	}
	return unicode.ToLower(r)
}

// Fold returns s folded for search. Latin diacritics are removed (é → e)
// after canonical decomposition; Arabic presentation forms are expanded.
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	decompose := needsNorm(s)
	if decompose {
		s = norm.NFKD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) && (r < 0x0600 || r > 0x06FF) {
			continue // Latin combining marks
		}
		if f := FoldRune(r); f >= 0 {
			b.WriteRune(f)
		}
	}
	if !decompose {
		return b.String()
	}
	return norm.NFC.String(b.String())
}

// needsNorm reports whether s holds runes that only Unicode normalisation
// folds: Latin letters with diacritics, combining marks, compatibility
// ligatures and presentation forms, full-width forms. Plain Arabic and
// ASCII text, the usual case, skips the costly normalisation.
func needsNorm(s string) bool {
	for _, r := range s {
		switch {
		case r < 0xC0:
		case r <= 0x036F, r >= 0x1E00 && r <= 0x1EFF, r >= 0xFB00 && r <= 0xFDFF,
			r >= 0xFE70 && r <= 0xFEFF, r >= 0xFF00 && r <= 0xFFEF:
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Terms splits folded text into search terms: runs of letters and digits.
func Terms(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}
