package demo

import (
	"crypto/sha256"
	"math/big"
	"math/rand/v2"
	"strconv"
)

// This file makes the identifiers of the scenario: phone numbers in each
// country's numbering plan and in the formats people write them, number
// plates in each country's style, ISO 6346 container numbers, IMO ship
// numbers, IBANs and crypto wallet addresses, all with valid check digits.

// digits returns n random decimal digits.
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// toIndic rewrites ASCII digits as Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩), as
// many Arabic reports write numbers.
func toIndic(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			// U+0660 + d is 0xD9 0xA0+d in UTF-8.
			b = append(b, 0xD9, 0xA0+(c-'0'))
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// ---- Phones ----

// phone is a mobile number: the country and its national significant
// number (without the trunk 0).
type phone struct {
	cc  string // ISO country: IQ, LB, JO, SY, SA
	nsn string
}

var dialCode = map[string]string{"IQ": "964", "LB": "961", "JO": "962", "SY": "963", "SA": "966"}

// newPhone draws a mobile number in the country's numbering plan: Iraq
// 75x/77x/78x/79x + 7 digits, Lebanon 3 or 70/71/81 + 6 and the 76x, 788/789,
// 791/792 ranges, Jordan 77/78/79, Syria 93–96/98/99 + 7 digits, Saudi
// Arabia 50/53–56/58/59 + 7 digits.
func newPhone(r *rand.Rand, cc string) phone {
	switch cc {
	case "IQ":
		return phone{cc, [...]string{"770", "771", "772", "773", "780", "781", "782", "750", "751", "790"}[r.IntN(10)] + digits(r, 7)}
	case "LB": // 3 + 6 digits, or 70/71/81 + 6, 76[013-9]/788/789/791/792 + 5
		switch r.IntN(8) {
		case 0, 1:
			return phone{cc, "3" + digits(r, 6)}
		case 2:
			return phone{cc, "70" + digits(r, 6)}
		case 3:
			return phone{cc, "71" + digits(r, 6)}
		case 4:
			return phone{cc, "81" + digits(r, 6)}
		case 5:
			return phone{cc, "76" + string("0134"[r.IntN(4)]) + digits(r, 5)}
		case 6:
			return phone{cc, [...]string{"788", "789"}[r.IntN(2)] + digits(r, 5)}
		default:
			return phone{cc, [...]string{"791", "792"}[r.IntN(2)] + digits(r, 5)}
		}
	case "JO": // 77x/78x with x in 0–2, 5–9; 79 + any
		if r.IntN(2) == 0 {
			return phone{cc, "79" + digits(r, 7)}
		}
		return phone{cc, [...]string{"77", "78"}[r.IntN(2)] + string("0125789"[r.IntN(7)]) + digits(r, 6)}
	case "SY":
		return phone{cc, [...]string{"93", "94", "95", "96", "98", "99"}[r.IntN(6)] + digits(r, 7)}
	default: // SA
		return phone{"SA", [...]string{"50", "53", "54", "55", "56", "58", "59"}[r.IntN(7)] + digits(r, 7)}
	}
}

// e164 is +CCNSN.
func (p phone) e164() string { return "+" + dialCode[p.cc] + p.nsn }

// national is the number as dialled inside the country, with the trunk 0
// (Lebanese 7x/81 numbers have none: 70 123 456, but 03 123 456).
func (p phone) national() string {
	if p.cc == "LB" && p.nsn[0] != '3' {
		return p.nsn
	}
	return "0" + p.nsn
}

// format writes the number in one of the styles seen in reports:
// 0 +962791234567, 1 +962 79 123 4567, 2 0791234567, 3 079 123 4567
// (grouped the local way), 4 00962791234567, 5 (+962) 791234567.
func (p phone) format(style int) string {
	cc, n := dialCode[p.cc], p.nsn
	switch style % 6 {
	case 0:
		return "+" + cc + n
	case 1:
		return "+" + cc + " " + group(p.cc, n)
	case 2:
		return p.national()
	case 3:
		return group(p.cc, p.national())
	case 4:
		return "00" + cc + n
	default:
		return "(+" + cc + ") " + n
	}
}

// group spaces a number the way it is written locally.
func group(cc, n string) string {
	switch cc {
	case "IQ": // 0770 123 4567 / 770 123 4567
		return n[:len(n)-7] + " " + n[len(n)-7:len(n)-4] + " " + n[len(n)-4:]
	case "LB": // 03 123 456 / 70 123 456
		return n[:len(n)-6] + " " + n[len(n)-6:len(n)-3] + " " + n[len(n)-3:]
	case "SY": // 0933 123 456
		return n[:len(n)-6] + " " + n[len(n)-6:len(n)-3] + " " + n[len(n)-3:]
	default: // JO 079 123 4567, SA 055 123 4567
		return n[:len(n)-7] + " " + n[len(n)-7:len(n)-4] + " " + n[len(n)-4:]
	}
}

// ---- Plates ----

// plate is a vehicle registration: country and its parts.
type plate struct {
	cc     string
	prefix string // JO code, IQ province number, LB letter, SY governorate, SA letters
	num    string
	letter string // IQ series letter
}

var (
	saLetters   = []byte("ABDEGHJKLNRSTUVXZ")
	saLettersAR = map[byte]string{'A': "أ", 'B': "ب", 'D': "د", 'E': "ع", 'G': "ق", 'H': "هـ", 'J': "ح", 'K': "ك", 'L': "ل", 'N': "ن", 'R': "ر", 'S': "س", 'T': "ط", 'U': "و", 'V': "ى", 'X': "ص", 'Z': "م"}
	syGovs      = [][2]string{{"Damascus", "دمشق"}, {"Rif Dimashq", "ريف دمشق"}, {"Daraa", "درعا"}, {"Homs", "حمص"}, {"Latakia", "اللاذقية"}, {"Tartus", "طرطوس"}, {"Hama", "حماة"}, {"Aleppo", "حلب"}, {"Deir ez-Zor", "دير الزور"}}
	lbLetters   = []string{"B", "M", "G", "N", "T", "O", "Z", "S", "R"}
	iqLetters   = []string{"A", "B", "D", "H", "R", "S", "K", "M"}
	iqLettersAR = map[string]string{"A": "أ", "B": "ب", "D": "د", "H": "هـ", "R": "ر", "S": "س", "K": "ك", "M": "م"}
	iqGovs      = [][2]string{{"Baghdad", "بغداد"}, {"Baghdad", "بغداد"}, {"Basra", "البصرة"}, {"Anbar", "الأنبار"}, {"Nineveh", "نينوى"}, {"Erbil", "أربيل"},
		{"Duhok", "دهوك"}, {"Babil", "بابل"}, {"Karbala", "كربلاء"}, {"Najaf", "النجف"}, {"Diyala", "ديالى"}, {"Kirkuk", "كركوك"}}
)

func newPlate(r *rand.Rand, cc string) plate {
	switch cc {
	case "JO": // 20-12345 (trucks and cars carry a numeric code)
		return plate{cc: cc, prefix: [...]string{"10", "13", "17", "20", "22", "30", "40", "50", "70"}[r.IntN(9)], num: digits(r, 5)}
	case "IQ": // Baghdad 34567 B: governorate, number, series letter
		return plate{cc: cc, prefix: strconv.Itoa(r.IntN(len(iqGovs))), letter: iqLetters[r.IntN(len(iqLetters))], num: strconv.Itoa(10000 + r.IntN(90000))}
	case "LB": // B 123456
		return plate{cc: cc, prefix: lbLetters[r.IntN(len(lbLetters))], num: strconv.Itoa(100000 + r.IntN(900000))}
	case "SY": // Damascus 512345
		return plate{cc: cc, prefix: strconv.Itoa(r.IntN(len(syGovs))), num: strconv.Itoa(100000 + r.IntN(900000))}
	default: // SA: TND 4821
		b := []byte{saLetters[r.IntN(len(saLetters))], saLetters[r.IntN(len(saLetters))], saLetters[r.IntN(len(saLetters))]}
		return plate{cc: "SA", prefix: string(b), num: strconv.Itoa(1000 + r.IntN(9000))}
	}
}

// latin writes the plate in Latin characters; style varies the separators.
func (p plate) latin(style int) string {
	switch p.cc {
	case "JO":
		switch style % 3 {
		case 0:
			return p.prefix + "-" + p.num
		case 1:
			return p.prefix + " " + p.num
		default:
			return p.prefix + p.num
		}
	case "IQ":
		g := iqGovs[atoi(p.prefix)][0]
		switch style % 3 {
		case 0:
			return g + " " + p.num + " " + p.letter
		case 1:
			return p.num + " " + p.letter + " " + g
		default:
			return g + "-" + p.num + "-" + p.letter
		}
	case "LB":
		if style%2 == 0 {
			return p.prefix + " " + p.num
		}
		return p.prefix + p.num
	case "SY":
		g := syGovs[atoi(p.prefix)][0]
		if style%2 == 0 {
			return g + " " + p.num
		}
		return p.num + " " + g
	default:
		if style%2 == 0 {
			return p.prefix + " " + p.num
		}
		return p.prefix + p.num
	}
}

// arabic writes the plate as an Arabic report would.
func (p plate) arabic(indic bool) string {
	num := p.num
	if indic {
		num = toIndic(num)
	}
	switch p.cc {
	case "JO":
		pre := p.prefix
		if indic {
			pre = toIndic(pre)
		}
		return pre + "-" + num
	case "IQ":
		return iqGovs[atoi(p.prefix)][1] + " " + num + " " + iqLettersAR[p.letter]
	case "LB":
		return p.prefix + " " + num
	case "SY":
		return syGovs[atoi(p.prefix)][1] + " " + num
	default:
		b := make([]byte, 0, 16)
		for i := 0; i < len(p.prefix); i++ {
			if i > 0 {
				b = append(b, ' ')
			}
			b = append(b, saLettersAR[p.prefix[i]]...)
		}
		return string(b) + " " + num
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// ---- Containers (ISO 6346) ----

// iso6346Value maps a letter to its value: A=10, then skipping multiples of 11.
func iso6346Value(c byte) int {
	if c >= '0' && c <= '9' {
		return int(c - '0')
	}
	v := 10 + int(c-'A')
	// B..K shift by 1, L..U by 2, V..Z by 3 (11, 22, 33 are skipped).
	if c >= 'B' {
		v++
	}
	if c >= 'L' {
		v++
	}
	if c >= 'V' {
		v++
	}
	return v
}

// ISO6346CheckDigit returns the check digit of the first 10 characters of
// a container number (owner code, category letter, 6-digit serial).
func ISO6346CheckDigit(s string) int {
	sum := 0
	for i := 0; i < 10; i++ {
		sum += iso6346Value(s[i]) << i
	}
	return sum % 11 % 10
}

// ValidISO6346 reports whether s (spaces and dashes ignored) is an 11
// character container number with a correct check digit.
func ValidISO6346(s string) bool {
	b := make([]byte, 0, 11)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '-' {
			b = append(b, c)
		}
	}
	if len(b) != 11 {
		return false
	}
	for i := 0; i < 4; i++ {
		if b[i] < 'A' || b[i] > 'Z' {
			return false
		}
	}
	for i := 4; i < 11; i++ {
		if b[i] < '0' || b[i] > '9' {
			return false
		}
	}
	return ISO6346CheckDigit(string(b)) == int(b[10]-'0')
}

var ownerCodes = []string{"MSCU", "MEDU", "MAEU", "MSKU", "CMAU", "CGMU", "HLCU", "HLXU", "TGHU", "TCNU", "OOLU", "CSNU", "EMCU", "YMLU", "SEGU", "FCIU"}

// newContainer draws an ISO 6346 container number, e.g. MSCU1234565.
func newContainer(r *rand.Rand) string {
	s := ownerCodes[r.IntN(len(ownerCodes))] + digits(r, 6)
	return s + strconv.Itoa(ISO6346CheckDigit(s))
}

// containerStyle writes a container number as MSCU1234565, MSCU 123456 5
// or MSCU 123456-5.
func containerStyle(c string, style int) string {
	switch style % 3 {
	case 1:
		return c[:4] + " " + c[4:10] + " " + c[10:]
	case 2:
		return c[:4] + " " + c[4:10] + "-" + c[10:]
	}
	return c
}

// ---- IMO ship numbers ----

// newIMO returns a 7-digit IMO number with a valid check digit.
func newIMO(r *rand.Rand) string {
	d := "9" + digits(r, 5)
	sum := 0
	for i := 0; i < 6; i++ {
		sum += int(d[i]-'0') * (7 - i)
	}
	return d + strconv.Itoa(sum%10)
}

// ValidIMO reports whether s ("IMO 9234567" or "9234567") has a valid check digit.
func ValidIMO(s string) bool {
	if len(s) > 4 && s[:4] == "IMO " {
		s = s[4:]
	}
	if len(s) != 7 {
		return false
	}
	sum := 0
	for i := 0; i < 7; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < 6 {
			sum += int(s[i]-'0') * (7 - i)
		}
	}
	return sum%10 == int(s[6]-'0')
}

// ---- IBAN ----

// ibanShape is the BBAN layout of a country: bank code letters or digits
// and the length of the rest.
var ibanShape = map[string]struct {
	bankLetters bool
	bankLen     int
	restLen     int // digits after the bank code
}{
	"JO": {true, 4, 22},  // JOkk BBBB ssss + 18: 30 chars
	"LB": {false, 4, 20}, // LBkk bbbb + 20: 28 chars
	"SA": {false, 2, 18}, // SAkk bb + 18: 24 chars
	"IQ": {true, 4, 15},  // IQkk BBBB sss + 12: 23 chars
}

// newIBAN draws an IBAN of a country with valid mod-97 check digits.
func newIBAN(r *rand.Rand, cc, bank string) string {
	sh := ibanShape[cc]
	bban := bank + digits(r, sh.restLen)
	return cc + ibanCheck(cc, bban) + bban
}

// ibanCheck computes the two check digits: 98 - (BBAN CC 00 mod 97).
func ibanCheck(cc, bban string) string {
	m := mod97(bban + cc + "00")
	c := 98 - m
	if c < 10 {
		return "0" + strconv.Itoa(c)
	}
	return strconv.Itoa(c)
}

func mod97(s string) int {
	m := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			m = (m*10 + int(c-'0')) % 97
		} else {
			v := int(c-'A') + 10
			m = (m*100 + v) % 97
		}
	}
	return m
}

// ValidIBAN reports whether s (spaces ignored) passes the mod-97 check.
func ValidIBAN(s string) bool {
	b := make([]byte, 0, 34)
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			b = append(b, s[i])
		}
	}
	if len(b) < 15 {
		return false
	}
	return mod97(string(b[4:])+string(b[:4])) == 1
}

// ibanGrouped writes an IBAN in groups of four, as printed on statements.
func ibanGrouped(s string) string {
	b := make([]byte, 0, len(s)+len(s)/4)
	for i := 0; i < len(s); i++ {
		if i > 0 && i%4 == 0 {
			b = append(b, ' ')
		}
		b = append(b, s[i])
	}
	return string(b)
}

// ---- Crypto wallets ----

const b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// newTronAddress returns a TRON (USDT-TRC20) address: Base58Check of 0x41
// followed by 20 random bytes, so its checksum is valid.
func newTronAddress(r *rand.Rand) string {
	payload := make([]byte, 21, 25)
	payload[0] = 0x41
	for i := 1; i < 21; i++ {
		payload[i] = byte(r.IntN(256))
	}
	h1 := sha256.Sum256(payload)
	h2 := sha256.Sum256(h1[:])
	payload = append(payload, h2[:4]...)
	n := new(big.Int).SetBytes(payload)
	var out []byte
	mod := new(big.Int)
	base := big.NewInt(58)
	for n.Sign() > 0 {
		n.DivMod(n, base, mod)
		out = append(out, b58[mod.Int64()])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

// newEthAddress returns a lower-case Ethereum address (USDT-ERC20).
func newEthAddress(r *rand.Rand) string {
	const hx = "0123456789abcdef"
	b := make([]byte, 42)
	b[0], b[1] = '0', 'x'
	for i := 2; i < 42; i++ {
		b[i] = hx[r.IntN(16)]
	}
	return string(b)
}
