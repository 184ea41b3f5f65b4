package selectors

import (
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// phoneParse holds a parsed number.
type phoneParse struct {
	e164   string
	region string
	valid  bool
	typ    phonenumbers.PhoneNumberType
	intl   bool // written with + or 00
	trunk  bool // written with the national trunk prefix
	num    *phonenumbers.PhoneNumber
}

// writtenNationally reports whether digits are the number as its national
// format writes it: "70123456" for the Lebanese mobile 70 123 456, but not
// "7701234567" for the Iraqi 0770 123 4567.
func (p phoneParse) writtenNationally(digits string) bool {
	if p.num == nil {
		return false
	}
	return phonenumbers.NormalizeDigitsOnly(phonenumbers.Format(p.num, phonenumbers.NATIONAL)) == digits
}

// phoneDigits folds and strips raw to "+digits" or "digits". It returns ""
// when raw holds anything other than digits, separators, and one leading +.
func phoneDigits(raw string) string {
	var b [40]byte
	n := 0
	for i, r := range raw {
		switch {
		case isDigit(r):
			if n == len(b) {
				return ""
			}
			b[n] = byte('0' + digitValue(r))
			n++
		case r == '+' || r == 0xFF0B:
			if strings.ContainsAny(raw[i+len(string(r)):], "+\uff0b") {
				return ""
			}
			if n == len(b) {
				return ""
			}
			if n != 0 {
				// "9647701234567+": the plus sign moved to the end by
				// right-to-left editing; nothing may follow it.
				if strings.TrimFunc(raw[i+len(string(r)):], isSpaceLike) != "" {
					return ""
				}
				copy(b[1:n+1], b[:n])
			}
			b[0] = '+'
			n++
		case isSpaceLike(r) || isDash(r) || r == '.' || r == '(' || r == ')' || r == '/':
		default:
			return ""
		}
	}
	return string(b[:n])
}

// parsePhone reads digits as produced by phoneDigits.
func parsePhone(d, region string) phoneParse {
	var p phoneParse
	var nsn string
	cc := 0
	switch {
	case strings.HasPrefix(d, "+"):
		p.intl = true
		cc, nsn = splitCountryCode(d[1:])
	case strings.HasPrefix(d, "00") && !strings.HasPrefix(d, "000"):
		p.intl = true
		cc, nsn = splitCountryCode(d[2:])
	default:
		cc = phonenumbers.GetCountryCodeForRegion(region)
		if cc == 0 {
			return p
		}
		nsn = d
		if ndd := phonenumbers.GetNddPrefixForRegion(region, true); ndd != "" && strings.HasPrefix(nsn, ndd) {
			nsn = nsn[len(ndd):]
			p.trunk = true
		}
	}
	if cc == 0 {
		return p
	}
	p = p.check(cc, nsn)
	if !p.valid && p.intl {
		// "+964 0770…": a trunk prefix kept after the country code.
		if reg := phonenumbers.GetRegionCodeForCountryCode(cc); reg != "ZZ" {
			if ndd := phonenumbers.GetNddPrefixForRegion(reg, true); ndd != "" && strings.HasPrefix(nsn, ndd) {
				if q := p.check(cc, nsn[len(ndd):]); q.valid {
					q.trunk = true
					return q
				}
			}
		}
	}
	if !p.valid && !p.intl && !p.trunk {
		// 9647701234567: the calling code typed without + or 00.
		ccs := strconv.Itoa(cc)
		if strings.HasPrefix(d, ccs) {
			if q := p.check(cc, d[len(ccs):]); q.valid {
				q.intl = true
				return q
			}
		}
	}
	return p
}

func (p phoneParse) check(cc int, nsn string) phoneParse {
	p.e164, p.region, p.valid, p.typ = "", "", false, phonenumbers.UNKNOWN
	if len(nsn) < 4 || len(nsn) > 14 || !allASCIIDigits(nsn) {
		return p
	}
	num := &phonenumbers.PhoneNumber{}
	num.CountryCode = new(int32)
	*num.CountryCode = int32(cc)
	nn, err := strconv.ParseUint(nsn, 10, 64)
	if err != nil {
		return p
	}
	num.NationalNumber = &nn
	if z := len(nsn) - len(strings.TrimLeft(nsn, "0")); z > 0 {
		if z == len(nsn) {
			return p
		}
		t := true
		zz := int32(z)
		num.ItalianLeadingZero = &t
		num.NumberOfLeadingZeros = &zz
	}
	p.e164 = "+" + strconv.Itoa(cc) + nsn
	p.num = num
	p.typ = phonenumbers.GetNumberType(num)
	p.valid = p.typ != phonenumbers.UNKNOWN
	if p.valid {
		p.region = phonenumbers.GetRegionCodeForNumber(num)
	} else {
		p.region = phonenumbers.GetRegionCodeForCountryCode(cc)
		if p.region == "ZZ" || p.region == "001" {
			p.region = ""
		}
	}
	return p
}

// splitCountryCode splits an international number into its calling code
// (1–3 digits) and national significant number.
func splitCountryCode(d string) (int, string) {
	for n := 1; n <= 3 && n < len(d); n++ {
		cc, _ := strconv.Atoi(d[:n])
		if cc == 0 {
			return 0, ""
		}
		if phonenumbers.GetRegionCodeForCountryCode(cc) != "ZZ" {
			return cc, d[n:]
		}
	}
	return 0, ""
}

// libParse asks libphonenumber's parser, for inputs the fast reading does
// not take.
func libParse(d, region string) phoneParse {
	var p phoneParse
	n, err := phonenumbers.Parse(d, region)
	if err != nil {
		return p
	}
	p.intl = strings.HasPrefix(d, "+") || strings.HasPrefix(d, "00")
	p.typ = phonenumbers.GetNumberType(n)
	p.valid = p.typ != phonenumbers.UNKNOWN
	if !p.valid {
		return p
	}
	p.e164 = phonenumbers.Format(n, phonenumbers.E164)
	p.region = phonenumbers.GetRegionCodeForNumber(n)
	return p
}

func normalizePhone(raw, country string) (Selector, error) {
	d := phoneDigits(strings.TrimSpace(raw))
	digits := strings.TrimPrefix(d, "+")
	if len(digits) < 4 || len(digits) > 17 {
		return Selector{}, malformed(Phone, "a phone number is 4 to 15 digits, optionally with + or 00 and the country code")
	}
	if !strings.HasPrefix(d, "+") && !strings.HasPrefix(d, "00") && phonenumbers.GetCountryCodeForRegion(country) == 0 {
		return Selector{}, malformed(Phone, "a national number needs a default country, or write it with + and the country code")
	}
	p := parsePhone(d, country)
	if !p.valid {
		if q := libParse(d, country); q.valid {
			p = q
		}
	}
	if p.e164 == "" {
		return Selector{}, malformed(Phone, "cannot read %q as a phone number", raw)
	}
	s := Selector{Value: p.e164, Valid: p.valid, Country: p.region}
	if !p.valid {
		return s, invalid(Phone, "%s is not a valid number in the numbering plan", p.e164)
	}
	return s, nil
}
