package selectors

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// digitValue returns the value of a decimal digit in ASCII, Arabic-Indic
// (٠–٩), Extended Arabic-Indic / Persian (۰–۹) or full-width form, or -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 0x0660 && r <= 0x0669:
		return int(r - 0x0660)
	case r >= 0x06F0 && r <= 0x06F9:
		return int(r - 0x06F0)
	case r >= 0xFF10 && r <= 0xFF19:
		return int(r - 0xFF10)
	}
	return -1
}

func isDigit(r rune) bool { return digitValue(r) >= 0 }

func isASCIILetter(r rune) bool { return r|0x20 >= 'a' && r|0x20 <= 'z' }

func isUpper(r rune) bool { return r >= 'A' && r <= 'Z' }

// isArabicLetter reports an Arabic-script letter (not a digit, not
// punctuation).
func isArabicLetter(r rune) bool {
	return (r >= 0x0620 && r <= 0x064A) || (r >= 0x066E && r <= 0x06D3) || r == 0x06D5 ||
		(r >= 0x06FA && r <= 0x06FF) || (r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFC)
}

// isWordRune reports a rune that belongs to a word: a letter, a digit or an
// Arabic combining mark (harakat, tatweel).
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIILetter(r) || (r >= '0' && r <= '9')
	}
	if r >= 0x0600 && r <= 0x06FF { // the Arabic block, most of the text
		return (r >= 0x0620 && r <= 0x0669) || (r >= 0x066E && r <= 0x06D3) || r == 0x06D5 || r >= 0x06EE
	}
	return isDigit(r) || unicode.IsLetter(r)
}

// foldDigits returns s with every decimal digit in any supported script
// replaced by its ASCII digit. Other runes are kept.
func foldDigits(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if d := digitValue(r); d >= 0 {
			b.WriteByte(byte('0' + d))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isSpaceLike reports white space including no-break and narrow spaces,
// and the bidi marks that Arabic editors insert.
func isSpaceLike(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', 0x00A0, 0x202F, 0x2009, 0x200A, 0x2007, 0x200E, 0x200F,
		0x061C, 0x200B, 0x200C, 0x200D, 0x2066, 0x2067, 0x2068, 0x2069, 0x202A, 0x202B, 0x202C:
		return true
	}
	return false
}

// isDash reports the hyphen and the dashes people type between digits.
func isDash(r rune) bool {
	switch r {
	case '-', 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0xFE63, 0xFF0D:
		return true
	}
	return false
}

// compact removes spaces, dashes, dots, slashes and underscores, folds
// digits and upper-cases ASCII letters.
func compact(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case isSpaceLike(r) || isDash(r) || r == '.' || r == '/' || r == '_':
		case isDigit(r):
			b.WriteByte(byte('0' + digitValue(r)))
		case r >= 'a' && r <= 'z':
			b.WriteByte(byte(r - 32))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func allUpperAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// luhn reports whether a string of ASCII digits passes the Luhn check.
func luhn(d string) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}
