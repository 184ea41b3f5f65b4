package selectors

import (
	"strings"
	"unicode/utf8"
)

// arabicStopwords are short words made of Saudi plate letters that must not
// be taken for plate letters.
var arabicStopwords = map[string]bool{
	"على": true, "علي": true, "عند": true, "بعد": true, "من": true, "الى": true, "إلى": true, "عن": true,
	"مع": true, "او": true, "أو": true, "ثم": true, "قد": true, "لا": true, "ما": true, "هو": true, "هي": true,
	"ان": true, "أن": true, "إن": true, "كان": true, "له": true, "لها": true, "بها": true, "به": true, "وهو": true,
	"وهي": true, "ال": true, "عام": true, "سنة": true, "سنه": true, "يوم": true, "كل": true, "بين": true,
}

// wordEnd returns the end of the run of word runes at i of one script:
// digits, ASCII letters or Arabic letters.
func wordEnd(s string, i int) (end int, kind byte) {
	r, _ := utf8.DecodeRuneInString(s[i:])
	switch {
	case isDigit(r):
		kind = 'd'
	case isASCIILetter(r):
		kind = 'l'
	case isArabicLetter(r):
		kind = 'a'
	default:
		return i, 0
	}
	j := i
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		ok := false
		switch kind {
		case 'd':
			ok = isDigit(r)
		case 'l':
			ok = isASCIILetter(r)
		case 'a':
			ok = isArabicLetter(r) || r == 0x0640 || (r >= 0x064B && r <= 0x065F)
		}
		if !ok {
			break
		}
		j += w
	}
	return j, kind
}

// skipPlateSep skips spaces and the separators written inside plates.
func skipPlateSep(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !(isSpaceLike(r) || isDash(r) || r == '|' || r == '/' || r == ':' || r == '«' || r == '»' || r == '"') {
			break
		}
		i += w
	}
	return i
}

// plateRules are the countries whose plates NormalizePlate knows.
var plateRules = map[string]bool{"IQ": true, "SY": true, "SA": true, "JO": true, "LB": true}

// plateAt reads a plate after a plate keyword.
func (sc *scanner) plateAt(i int) (cand, bool) {
	s := sc.text
	var ends [8]int
	n := 0
	j := i
	govCountry := ""
	ndig, nlatin, narabic, digitRunes := 0, 0, 0, 0
	oddLatin := false
	firstDigits := "" // the first part, when it is digits
	dashBetweenDigits := false
	lastDigitsEnd := -1
	for n < len(ends) && j < len(s) {
		if n > 0 {
			k := skipPlateSep(s, j)
			if k > j && lastDigitsEnd == j {
				for _, r := range s[j:k] {
					if isDash(r) {
						r2, _ := utf8.DecodeRuneInString(s[k:])
						if isDigit(r2) {
							dashBetweenDigits = true
						}
					}
				}
			}
			j = k
		}
		e, kind := wordEnd(s, j)
		if kind == 0 {
			break
		}
		w := s[j:e]
		switch kind {
		case 'd':
			if e-j > 12*2 {
				return cand{}, false
			}
			ndig++
			digitRunes += utf8.RuneCountInString(w)
			if n == 0 {
				firstDigits = foldDigits(w)
			}
			lastDigitsEnd = e
		case 'l', 'a':
			if g, after := lookupGov(s, w, e); g != nil {
				govCountry = g.country
				e = after
				break
			}
			// "والبصرة": a governorate after the conjunction و
			if kind == 'a' && len(w) > len("و")+4 && strings.HasPrefix(w, "و") {
				if g, after := lookupGov(s, w[len("و"):], e); g != nil {
					if n == 0 {
						i = j + len("و") // the plate starts after the و
					} else if govCountry != "" {
						goto done // a second plate begins here
					}
					govCountry = g.country
					e = after
					break
				}
			}
			if _, ok := lookupWord(w); ok {
				goto done // a keyword or nationality word: the main loop notes it
			}
			if ignoredPlateWords[foldName(w)] {
				break
			}
			if kind == 'l' {
				if e-j > 3 || !isUpper(rune(s[j])) { // plate letters are capitals: not "and"
					goto done
				}
				nlatin++
				for k := j; k < e; k++ {
					if e-j > 1 && !strings.ContainsRune(saudiLatinSet, rune(s[k]&^0x20)) {
						oddLatin = true // "ISO 6346" is no plate
					}
				}
			} else {
				// Joined letters ("ابح") only where a Saudi plate is
				// expected: too many short Arabic words are made of
				// Saudi plate letters.
				if rc := utf8.RuneCountInString(w); rc > 3 || rc > 1 && sc.country != "SA" && sc.nat != "SA" || arabicStopwords[w] {
					goto done
				}
				narabic++
			}
		}
		j = e
		ends[n] = e
		n++
	}
done:
	if n == 0 || ndig == 0 {
		return cand{}, false
	}
	// countries to try, most telling first
	var tries [5]string
	nt := 0
	add := func(cc string) {
		if cc == "" {
			return
		}
		for _, t := range tries[:nt] {
			if t == cc {
				return
			}
		}
		tries[nt] = cc
		nt++
	}
	add(govCountry)
	if sc.natWord <= natSpan {
		add(sc.nat)
	}
	if govCountry == "" {
		if n >= 3 && nlatin == 1 && narabic == 0 && ndig == 2 {
			if _, ok := iraqPlateCodes[firstDigits]; ok {
				add("IQ") // unified Iraqi plate "11 A 12345"
			}
		}
		if dashBetweenDigits && nlatin == 0 && narabic == 0 {
			add("JO")
		}
		if nlatin+narabic > 0 {
			add("SA")
		}
	}
	add(sc.country)
	for k := n - 1; k >= 0; k-- {
		raw := s[i:ends[k]]
		for _, cc := range tries[:nt] {
			if !plateRules[cc] && sc.kwOther > 0 {
				continue // a generic plate only right after its keyword
			}
			if sel, err := normalizePlate(raw, cc); err == nil {
				return cand{t: Plate, bs: i, be: ends[k], value: sel.Value, valid: true, country: sel.Country}, true
			}
		}
	}
	cc := sc.country
	if nt > 0 {
		cc = tries[0]
	}
	// Nothing valid: report the plate as invalid if it has a plate's
	// worth of digits and follows the keyword with nothing but fillers
	// between, so a typo still shows; "3 trucks" or "forged in 2024" do not.
	if digitRunes < 3 || sc.kwOther > 0 || oddLatin {
		return cand{}, false
	}
	sel, err := normalizePlate(s[i:ends[n-1]], cc)
	if sel.Value == "" || err == nil {
		return cand{}, false
	}
	return cand{t: Plate, bs: i, be: ends[n-1], value: sel.Value, valid: false, country: sel.Country}, true
}

// documentAt reads a passport or national ID number after its keyword.
func (sc *scanner) documentAt(i int) (cand, bool) {
	s := sc.text
	j := i
	var buf [24]byte
	m, digits := 0, 0
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		switch {
		case isDigit(r):
			if m == len(buf) {
				return cand{}, false
			}
			buf[m] = byte('0' + digitValue(r))
			digits++
		case isASCIILetter(r):
			if m == len(buf) {
				return cand{}, false
			}
			buf[m] = byte(r) &^ 0x20
		default:
			goto end
		}
		m++
		j += w
	}
end:
	if m < 5 || m > 20 || digits < 4 || !boundaryAfter(s, j) {
		return cand{}, false
	}
	t := Passport
	if sc.kw == kwNationalID {
		t = NationalID
	}
	cc := sc.issuer
	if cc == "" && sc.natWord <= natSpan {
		cc = sc.nat
	}
	sel, err := normalizeDocument(t, string(buf[:m]), cc)
	if sel.Value == "" {
		_ = err
		return cand{}, false
	}
	return cand{t: t, bs: i, be: j, value: sel.Value, valid: sel.Valid, country: sel.Country}, true
}
