package selectors

import "strings"

// mrzValue is the ICAO 9303 value of an MRZ character.
func mrzValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 0 // '<'
}

// mrzCheck computes the ICAO 9303 check digit of s: weights 7, 3, 1
// repeated, sum mod 10.
func mrzCheck(s string) byte {
	w := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		sum += mrzValue(s[i]) * w[i%3]
	}
	return byte('0' + sum%10)
}

func isMRZChar(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '<' }

// iso3to2 maps the ICAO three-letter codes of the region and of usual
// travel countries to ISO 3166-1 alpha-2. Germany is "D" in passports.
var iso3to2 = map[string]string{
	"IRQ": "IQ", "SYR": "SY", "JOR": "JO", "LBN": "LB", "SAU": "SA", "ARE": "AE", "KWT": "KW",
	"QAT": "QA", "BHR": "BH", "OMN": "OM", "YEM": "YE", "EGY": "EG", "TUR": "TR", "IRN": "IR",
	"PSE": "PS", "ISR": "IL", "LBY": "LY", "SDN": "SD", "TUN": "TN", "DZA": "DZ", "MAR": "MA",
	"PAK": "PK", "AFG": "AF", "IND": "IN", "BGD": "BD", "GBR": "GB", "USA": "US", "CAN": "CA",
	"FRA": "FR", "D": "DE", "ITA": "IT", "ESP": "ES", "GRC": "GR", "CYP": "CY", "NLD": "NL",
	"BEL": "BE", "SWE": "SE", "NOR": "NO", "DNK": "DK", "AUT": "AT", "CHE": "CH", "RUS": "RU",
	"UKR": "UA", "ROU": "RO", "BGR": "BG", "SRB": "RS", "ARM": "AM", "AZE": "AZ", "GEO": "GE",
	"CHN": "CN", "ERI": "ER", "ETH": "ET", "SOM": "SO",
}

// mrzAt reads the second line of a TD3 machine-readable zone at s[i:]. It
// returns the passport selector for the document number and the end of the
// line.
func mrzAt(s string, i int) (cand, int, bool) {
	if i+44 > len(s) || (i+44 < len(s) && isMRZChar(s[i+44])) || (i > 0 && isMRZChar(s[i-1])) {
		return cand{}, 0, false
	}
	l := s[i : i+44]
	for k := 0; k < 44; k++ {
		if !isMRZChar(l[k]) {
			return cand{}, 0, false
		}
	}
	// dates and check digits must be digits, the nationality letters
	for _, k := range []int{9, 13, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27, 43} {
		if l[k] < '0' || l[k] > '9' {
			return cand{}, 0, false
		}
	}
	if l[10] < 'A' || l[10] > 'Z' || (l[20] != 'M' && l[20] != 'F' && l[20] != 'X' && l[20] != '<') {
		return cand{}, 0, false
	}
	docOK := mrzCheck(l[0:9]) == l[9]
	composite := mrzCheck(l[0:10]+l[13:20]+l[21:43]) == l[43]
	if !docOK && !composite {
		return cand{}, 0, false // not an MRZ line, or read too badly to use
	}
	num := strings.TrimRight(l[0:9], "<")
	if len(num) < 5 || strings.ContainsRune(num, '<') {
		return cand{}, 0, false
	}
	cc := iso3to2[strings.TrimRight(l[10:13], "<")]
	// the first line, right above: "P<SYR…" gives the issuing state
	if j := strings.LastIndexByte(s[:i], '\n'); j >= 0 && i-j-1 <= 2 {
		prev := strings.TrimRight(s[:j], "\r")
		if k := strings.LastIndexByte(prev, '\n'); k >= 0 {
			prev = prev[k+1:]
		}
		prev = strings.TrimSpace(prev)
		if len(prev) == 44 && prev[0] == 'P' {
			if c, ok := iso3to2[strings.TrimRight(prev[2:5], "<")]; ok {
				cc = c
			}
		}
	}
	sel, _ := normalizeDocument(Passport, num, cc)
	return cand{t: Passport, bs: i, be: i + len(num), value: sel.Value, valid: docOK && composite && sel.Valid,
		country: sel.Country}, i + 44, true
}
