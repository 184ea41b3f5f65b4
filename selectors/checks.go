package selectors

import "strings"

// stripLabel removes a leading label from a compacted value: "IMO",
// then "NUMBER", "NO", "NR", "#" or ":" ("IMO No.: 9074729").
func stripLabel(v, label string) string {
	if !strings.HasPrefix(v, label) {
		return v
	}
	v = v[len(label):]
	for {
		n := len(v)
		for _, p := range []string{"NUMBER", "NO", "NR", "#", ":"} {
			v = strings.TrimPrefix(v, p)
		}
		if len(v) == n {
			return v
		}
	}
}

// ---- ISO 6346 containers ----

// containerCheckDigit computes the ISO 6346 check digit of the first 10
// characters of an upper-case container number (4 letters, 6 digits).
// Letters count A=10 and upwards, skipping multiples of 11; position i is
// weighted 2^i; the sum mod 11 mod 10 is the check digit.
func containerCheckDigit(s string) int {
	sum := 0
	for i := 0; i < 10; i++ {
		c := s[i]
		var v int
		if c >= '0' && c <= '9' {
			v = int(c - '0')
		} else {
			v = int(c-'A') + 10
			v += (v - 1) / 10 // skip 11, 22, 33
		}
		sum += v << i
	}
	return sum % 11 % 10
}

// containerShape reports 3 letters, a category letter U, J or Z, and 7
// digits.
func containerShape(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := 0; i < 4; i++ {
		if !isUpper(rune(s[i])) {
			return false
		}
	}
	if s[3] != 'U' && s[3] != 'J' && s[3] != 'Z' {
		return false
	}
	return allASCIIDigits(s[4:])
}

func normalizeContainer(raw string) (Selector, error) {
	v := compact(raw)
	if !containerShape(v) {
		return Selector{}, malformed(Container, "a container number is 3 letters, U, J or Z, 6 digits and a check digit, like CSQU3054383")
	}
	s := Selector{Value: v, Valid: containerCheckDigit(v) == int(v[10]-'0')}
	if !s.Valid {
		return s, invalid(Container, "check digit of %s should be %d", v, containerCheckDigit(v))
	}
	return s, nil
}

// ---- IMO ship numbers ----

func imoValid(d string) bool {
	if len(d) != 7 || !allASCIIDigits(d) {
		return false
	}
	sum := 0
	for i := 0; i < 6; i++ {
		sum += int(d[i]-'0') * (7 - i)
	}
	return sum%10 == int(d[6]-'0')
}

func normalizeIMO(raw string) (Selector, error) {
	v := stripLabel(compact(raw), "IMO")
	if len(v) != 7 || !allASCIIDigits(v) {
		return Selector{}, malformed(IMO, "an IMO number is 7 digits, like IMO 9074729")
	}
	s := Selector{Value: v, Valid: imoValid(v)}
	if !s.Valid {
		return s, invalid(IMO, "check digit of IMO %s does not match", v)
	}
	return s, nil
}

// ---- MMSI ----

// midCountry maps Maritime Identification Digits of the region and of the
// usual flags of convenience to ISO 3166-1 alpha-2 codes. Unlisted MIDs in
// 201–775 are valid but carry no country.
var midCountry = map[string]string{
	"425": "IQ", "438": "JO", "450": "LB", "468": "SY", "403": "SA",
	"470": "AE", "471": "AE", "447": "KW", "466": "QA", "408": "BH", "461": "OM",
	"422": "IR", "473": "YE", "475": "YE", "622": "EG", "271": "TR",
	"209": "CY", "210": "CY", "212": "CY", "237": "GR", "239": "GR", "240": "GR", "241": "GR",
	"247": "IT", "215": "MT", "229": "MT", "248": "MT", "249": "MT", "256": "MT",
	"351": "PA", "352": "PA", "353": "PA", "354": "PA", "355": "PA", "356": "PA", "357": "PA",
	"370": "PA", "371": "PA", "372": "PA", "373": "PA", "636": "LR", "637": "LR",
	"538": "MH", "671": "TG", "616": "KM", "667": "SL", "674": "TZ", "677": "TZ",
	"214": "MD", "613": "CM", "511": "PW", "312": "BZ",
}

// mmsiMID returns the MID of an MMSI and whether the MMSI has one of the
// ITU-R M.585 formats carrying a MID in 201–775: ship station MIDxxxxxx,
// group 0MIDxxxxx, coast station 00MIDxxxx, SAR aircraft 111MIDxxx,
// craft associated with a parent ship 98MIDxxxx, aid to navigation
// 99MIDxxxx.
func mmsiMID(d string) (string, bool) {
	if len(d) != 9 || !allASCIIDigits(d) {
		return "", false
	}
	var mid string
	switch {
	case strings.HasPrefix(d, "00"):
		mid = d[2:5]
	case d[0] == '0':
		mid = d[1:4]
	case strings.HasPrefix(d, "111"):
		mid = d[3:6]
	case strings.HasPrefix(d, "98"), strings.HasPrefix(d, "99"):
		mid = d[2:5]
	case d[0] >= '2' && d[0] <= '7':
		mid = d[0:3]
	default:
		return "", false
	}
	return mid, mid >= "201" && mid <= "775"
}

func normalizeMMSI(raw string) (Selector, error) {
	v := stripLabel(compact(raw), "MMSI")
	if len(v) != 9 || !allASCIIDigits(v) {
		return Selector{}, malformed(MMSI, "an MMSI is 9 digits, like 273123456")
	}
	mid, ok := mmsiMID(v)
	s := Selector{Value: v, Valid: ok, Country: midCountry[mid]}
	if !ok {
		return s, invalid(MMSI, "MMSI %s has no maritime identification digits in 201–775", v)
	}
	return s, nil
}

// ---- IBAN ----

// ibanLength is the IBAN length per country, from the SWIFT IBAN registry.
var ibanLength = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
	"JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
	"LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
	"MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
	"PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
	"SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// ibanMod97 computes the ISO 7064 mod 97-10 remainder of an upper-case
// alphanumeric IBAN (country and check digits moved to the end).
func ibanMod97(v string) int {
	rem := 0
	for i := 0; i < len(v); i++ {
		c := v[(i+4)%len(v)]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return -1
		}
	}
	return rem
}

func normalizeIBAN(raw string) (Selector, error) {
	v := stripLabel(compact(raw), "IBAN")
	if len(v) < 5 || !isUpper(rune(v[0])) || !isUpper(rune(v[1])) || !allASCIIDigits(v[2:4]) || !allUpperAlnum(v) {
		return Selector{}, malformed(IBAN, "an IBAN is a country code, 2 check digits and the account, like IQ98 NBIQ 8501 2345 6789 012")
	}
	n, ok := ibanLength[v[:2]]
	if !ok {
		return Selector{}, malformed(IBAN, "no IBAN format is registered for country %s", v[:2])
	}
	if len(v) != n {
		return Selector{}, malformed(IBAN, "an IBAN of %s has %d characters, not %d", v[:2], n, len(v))
	}
	s := Selector{Value: v, Country: v[:2], Valid: ibanMod97(v) == 1}
	if !s.Valid {
		return s, invalid(IBAN, "check digits of IBAN %s do not match", v)
	}
	return s, nil
}

// ---- IMEI and payment cards ----

// imeiValid checks the Luhn digit of 15 ASCII digits and rejects one
// repeated digit (000000000000000 is what emulators report).
func imeiValid(d string) bool { return luhn(d) && !oneDigit(d) }

// luhnDigit computes the Luhn check digit to append to ASCII digits.
func luhnDigit(d string) byte {
	for c := byte('0'); c <= '9'; c++ {
		if luhn(d + string(c)) {
			return c
		}
	}
	return '0' // not reached
}

// imeiCanonical returns the 15-digit IMEI of 14 digits (IMEI without its
// check digit, as some forensic tools print it), 15 digits (IMEI) or 16
// digits (IMEISV: the 14 digits and a 2-digit software version), and
// whether it is valid. Only a 15-digit IMEI has a check digit to verify.
func imeiCanonical(d string) (string, bool) {
	switch len(d) {
	case 14:
		return d + string(luhnDigit(d)), !oneDigit(d)
	case 16:
		return d[:14] + string(luhnDigit(d[:14])), !oneDigit(d[:14])
	}
	return d, imeiValid(d)
}

func normalizeIMEI(raw string) (Selector, error) {
	v := stripLabel(compact(raw), "IMEI")
	v = strings.TrimPrefix(v, "SV") // "IMEISV"
	v = strings.TrimPrefix(v, ":")
	if len(v) < 14 || len(v) > 16 || !allASCIIDigits(v) {
		return Selector{}, malformed(IMEI, "an IMEI is 15 digits (14 without its check digit, 16 as IMEISV)")
	}
	v, ok := imeiCanonical(v)
	s := Selector{Value: v, Valid: ok}
	if !s.Valid {
		if oneDigit(v) {
			return s, invalid(IMEI, "%s is a placeholder, not an IMEI", v)
		}
		return s, invalid(IMEI, "check digit of IMEI %s does not match", v)
	}
	return s, nil
}

// cardBrandOK reports whether a card number has the issuer prefix and a
// length of a known card scheme: Visa (4; 13, 16, 19), Mastercard (51–55,
// 2221–2720; 16), American Express (34, 37; 15), Discover (6011, 644–649,
// 65; 16–19), JCB (3528–3589; 16–19), Diners Club (300–305, 36, 38, 39;
// 14–19), UnionPay (62; 16–19), Maestro (5018, 5020, 5038, 5893, 6304,
// 6759, 6761–6763; 12–19), Mir (2200–2204; 16–19). Saudi mada cards with
// Visa or Mastercard prefixes are covered; mada-only prefixes are not.
func cardBrandOK(d string) bool {
	n := len(d)
	p2 := atoiPrefix(d, 2)
	p3 := atoiPrefix(d, 3)
	p4 := atoiPrefix(d, 4)
	switch {
	case d[0] == '4':
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 >= 2200 && p4 <= 2204:
		return n >= 16
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65, p2 == 62:
		return n >= 16
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16
	case p3 >= 300 && p3 <= 305, p2 == 36, p2 == 38, p2 == 39:
		return n >= 14
	case p4 == 5018, p4 == 5020, p4 == 5038, p4 == 5893, p4 == 6304, p4 == 6759, p4 >= 6761 && p4 <= 6763:
		return n >= 12
	}
	return false
}

func atoiPrefix(d string, n int) int {
	if len(d) < n {
		return -1
	}
	v := 0
	for i := 0; i < n; i++ {
		v = v*10 + int(d[i]-'0')
	}
	return v
}

func normalizeCard(raw string) (Selector, error) {
	v := compact(raw)
	if len(v) < 12 || len(v) > 19 || !allASCIIDigits(v) {
		return Selector{}, malformed(Card, "a card number is 12 to 19 digits")
	}
	s := Selector{Value: v, Valid: luhn(v) && cardBrandOK(v)}
	if !s.Valid {
		if !luhn(v) {
			return s, invalid(Card, "check digit of card number does not match")
		}
		return s, invalid(Card, "no card scheme issues numbers with this prefix and length")
	}
	return s, nil
}

// ---- e-mail ----

func isEmailLocal(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isEmailDomain(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// emailOK checks the shape local@domain.tld of an ASCII address.
func emailOK(v string) bool {
	at := strings.IndexByte(v, '@')
	if at < 1 || at > 64 || strings.Count(v, "@") != 1 || len(v) > 254 {
		return false
	}
	local, dom := v[:at], v[at+1:]
	for i := 0; i < len(local); i++ {
		if !isEmailLocal(local[i]) {
			return false
		}
	}
	if local[0] == '.' || local[len(local)-1] == '.' || strings.Contains(local, "..") {
		return false
	}
	labels := strings.Split(dom, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isEmailDomain(l[i]) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !isASCIILetter(rune(tld[i])) && !(strings.HasPrefix(tld, "xn--")) {
			return false
		}
	}
	return true
}

func normalizeEmail(raw string) (Selector, error) {
	v := strings.ToLower(strings.TrimSpace(raw))
	v = strings.TrimPrefix(v, "mailto:")
	if !emailOK(v) {
		return Selector{}, malformed(Email, "an e-mail address looks like name@example.com")
	}
	return Selector{Value: v, Valid: true}, nil
}

// ---- passports and national IDs ----

// UnknownCountry is the country code used in the value of a passport or
// national ID whose issuing country is not known.
const UnknownCountry = "XX"

// normalizeDocument canonicalises a passport or national ID number: digits
// folded, letters upper-cased, spaces and dashes removed, prefixed with the
// issuing country. Valid checks the shape where it is known:
//
//	national_id SA  10 digits starting 1 (citizen) or 2 (resident), Luhn check
//	national_id JO  10 digits (national number)
//	national_id IQ  12 digits (unified national card)
//	national_id SY  11 digits (national number)
//	passport        5–9 letters and digits (the ICAO machine-readable field
//	                holds 9), at least 4 of them digits
//
// Other national IDs are valid with 5–20 letters and digits.
func normalizeDocument(t Type, raw, country string) (Selector, error) {
	v := compact(raw)
	for _, p := range []string{"NO:", "NO", "#", ":"} {
		if strings.HasPrefix(v, p) && len(v) > len(p)+4 {
			v = v[len(p):]
		}
	}
	if len(v) < 4 || len(v) > 20 || !allUpperAlnum(v) {
		return Selector{}, malformed(t, "a document number is 4 to 20 letters and digits")
	}
	if country == "" {
		country = UnknownCountry
	}
	if len(country) != 2 || !isUpper(rune(country[0])) || !isUpper(rune(country[1])) {
		return Selector{}, malformed(t, "issuing country must be an ISO 3166 alpha-2 code, not %q", country)
	}
	s := Selector{Value: country + ":" + v, Country: country}
	if country == UnknownCountry {
		s.Country = ""
	}
	s.Valid = documentValid(t, v, country)
	if !s.Valid {
		return s, invalid(t, "%s is not a well-formed %s number of %s", v, strings.ReplaceAll(string(t), "_", " "), country)
	}
	return s, nil
}

func documentValid(t Type, v, country string) bool {
	if t == Passport {
		digits := 0
		for i := 0; i < len(v); i++ {
			if v[i] >= '0' && v[i] <= '9' {
				digits++
			}
		}
		return len(v) >= 5 && len(v) <= 9 && digits >= 4
	}
	switch country {
	case "SA":
		return len(v) == 10 && allASCIIDigits(v) && (v[0] == '1' || v[0] == '2') && luhn(v)
	case "JO":
		return len(v) == 10 && allASCIIDigits(v)
	case "IQ":
		return len(v) == 12 && allASCIIDigits(v)
	case "SY":
		return len(v) == 11 && allASCIIDigits(v)
	}
	return len(v) >= 5
}
