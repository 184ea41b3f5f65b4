package selectors

import (
	"strings"
	"unicode/utf8"
)

// plateGov is one governorate that appears on plates.
type plateGov struct {
	country, code string
	names         []string // Arabic and English spellings
}

// plateGovs lists the governorates written on older Iraqi plates and on
// Syrian plates, with their ISO 3166-2 subdivision codes (Halabja, made a
// governorate in 2014, has no code in our reference; jisr uses HJ).
var plateGovs = []plateGov{
	{"IQ", "BG", []string{"بغداد", "Baghdad"}},
	{"IQ", "BA", []string{"البصرة", "بصرة", "Basra", "Basrah"}},
	{"IQ", "NI", []string{"نينوى", "نينوي", "Nineveh", "Ninawa", "Ninewa"}},
	{"IQ", "AR", []string{"أربيل", "اربيل", "Erbil", "Arbil", "Irbil", "Hawler"}},
	{"IQ", "SU", []string{"السليمانية", "Sulaymaniyah", "Sulaimaniya", "Sulaimani"}},
	{"IQ", "DA", []string{"دهوك", "Duhok", "Dohuk", "Dahuk"}},
	{"IQ", "KI", []string{"كركوك", "Kirkuk"}},
	{"IQ", "AN", []string{"الأنبار", "الانبار", "Anbar"}},
	{"IQ", "BB", []string{"بابل", "Babil", "Babylon"}},
	{"IQ", "KA", []string{"كربلاء", "كربلا", "Karbala"}},
	{"IQ", "NA", []string{"النجف", "Najaf"}},
	{"IQ", "QA", []string{"القادسية", "الديوانية", "Qadisiyah", "Diwaniyah"}},
	{"IQ", "MU", []string{"المثنى", "المثني", "Muthanna"}},
	{"IQ", "DQ", []string{"ذي قار", "ذيقار", "Dhi Qar", "Thi Qar"}},
	{"IQ", "MA", []string{"ميسان", "Maysan", "Missan"}},
	{"IQ", "WA", []string{"واسط", "Wasit"}},
	{"IQ", "SD", []string{"صلاح الدين", "Salah ad Din", "Salahuddin", "Saladin"}},
	{"IQ", "DI", []string{"ديالى", "ديالي", "Diyala"}},
	{"IQ", "HJ", []string{"حلبجة", "Halabja"}},
	{"SY", "DI", []string{"دمشق", "Damascus"}},
	{"SY", "RD", []string{"ريف دمشق", "Rif Dimashq", "Damascus Countryside"}},
	{"SY", "HL", []string{"حلب", "Aleppo"}},
	{"SY", "HI", []string{"حمص", "Homs"}},
	{"SY", "HM", []string{"حماة", "حماه", "Hama"}},
	{"SY", "LA", []string{"اللاذقية", "Latakia", "Lattakia"}},
	{"SY", "TA", []string{"طرطوس", "Tartus"}},
	{"SY", "ID", []string{"إدلب", "ادلب", "Idlib"}},
	{"SY", "DY", []string{"دير الزور", "Deir ez-Zor", "Deir ez Zor", "Deir Ezzor"}},
	{"SY", "RA", []string{"الرقة", "Raqqa"}},
	{"SY", "HA", []string{"الحسكة", "Hasakah", "Hassakeh"}},
	{"SY", "DR", []string{"درعا", "Daraa", "Deraa"}},
	{"SY", "SU", []string{"السويداء", "Suwayda", "Sweida"}},
	{"SY", "QU", []string{"القنيطرة", "Quneitra"}},
}

// govIndex maps a folded one- or two-word name to its governorate.
var govIndex = func() map[string]*plateGov {
	m := map[string]*plateGov{}
	for i := range plateGovs {
		g := &plateGovs[i]
		for _, n := range g.names {
			m[foldName(n)] = g
		}
	}
	return m
}()

// foldName folds a name for lookup: Arabic alef forms to ا, ة to ه, ى and
// Persian ی to ي, Persian ک to ك, harakat and tatweel removed, a leading ال
// of each word removed, Latin lower-cased, dashes as spaces.
func foldName(s string) string {
	var buf [128]byte
	return string(appendFold(buf[:0], s))
}

// appendFold appends foldName(s) to dst without allocating when dst has
// room.
func appendFold(dst []byte, s string) []byte {
	wordStart := -1 // index in dst of the current word, -1 between words
	endWord := func() {
		if wordStart >= 0 {
			w := dst[wordStart:]
			// drop a leading ال when more than two letters remain
			if len(w) > 4+2 && w[0] == 0xD8 && w[1] == 0xA7 && w[2] == 0xD9 && w[3] == 0x84 && utf8.RuneCount(w) > 3 {
				copy(w, w[4:])
				dst = dst[:len(dst)-4]
			}
		}
		wordStart = -1
	}
	for _, r := range s {
		if isSpaceLike(r) || isDash(r) {
			endWord()
			continue
		}
		if wordStart < 0 {
			if len(dst) > 0 {
				dst = append(dst, ' ')
			}
			wordStart = len(dst)
		}
		switch {
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			dst = utf8.AppendRune(dst, 'ا')
		case r == 'ة' || r == 'ە' || r == 'ۀ':
			dst = utf8.AppendRune(dst, 'ه')
		case r == 'ى' || r == 'ی':
			dst = utf8.AppendRune(dst, 'ي')
		case r == 'ک':
			dst = utf8.AppendRune(dst, 'ك')
		case r == 0x0640 || (r >= 0x064B && r <= 0x065F) || r == 0x0670:
		case r >= 'A' && r <= 'Z':
			dst = append(dst, byte(r+32))
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	endWord()
	return dst
}

// saudiLatin is the official Arabic-to-Latin letter mapping of Saudi plates.
var saudiLatin = map[rune]byte{
	'ا': 'A', 'أ': 'A', 'إ': 'A', 'آ': 'A', 'ب': 'B', 'ح': 'J', 'د': 'D', 'ر': 'R',
	'س': 'S', 'ص': 'X', 'ط': 'T', 'ع': 'E', 'ق': 'G', 'ك': 'K', 'ل': 'L', 'م': 'Z',
	'ن': 'N', 'ه': 'H', 'ة': 'H', 'و': 'U', 'ى': 'V', 'ي': 'V', 'ی': 'V', 'ک': 'K',
}

const saudiLatinSet = "ABJDRSXTEGKLZNHUV"

// latinPlateArabic maps Latin letters to Arabic series letters for older
// Iraqi plates typed in Latin. This is jisr's own convention: no official
// Latin form of those letters is known to us.
var latinPlateArabic = func() map[byte]rune {
	m := map[byte]rune{}
	for _, p := range []struct {
		r rune
		c byte
	}{{'ا', 'A'}, {'ب', 'B'}, {'ج', 'J'}, {'د', 'D'}, {'ه', 'H'}, {'و', 'W'}, {'ز', 'Z'}, {'ر', 'R'},
		{'س', 'S'}, {'ت', 'T'}, {'ك', 'K'}, {'ل', 'L'}, {'م', 'M'}, {'ن', 'N'}, {'ف', 'F'}, {'ق', 'Q'},
		{'ي', 'Y'}, {'ح', 'X'}, {'ط', 'V'}, {'ص', 'C'}, {'ع', 'E'}, {'غ', 'G'}, {'خ', 'O'}, {'ش', 'P'},
		{'ث', 'U'}, {'ذ', 'I'}} {
		m[p.c] = p.r
	}
	return m
}()

// foldArabicLetter folds letter variants: alef forms to ا, ة to ه, ى and
// the Persian ی to ي, the Persian ک to ك.
func foldArabicLetter(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ة', 'ە', 'ۀ':
		return 'ه'
	case 'ى', 'ی':
		return 'ي'
	case 'ک':
		return 'ك'
	}
	return r
}

// platePart is one token of a plate.
type platePart struct {
	kind byte   // 'd' digits, 'l' Latin letters, 'a' Arabic letters, 'g' governorate, '-' dash
	text string // digits folded to ASCII, Latin upper-cased, Arabic as written without marks
	gov  *plateGov
}

// ignoredPlateWords are words that may stand on or beside a plate without
// being part of its identity (categories, country names).
var ignoredPlateWords = map[string]bool{
	"خصوصي": true, "خصوصيه": true, "اجره": true, "اجرة": true, "حمل": true, "نقل": true, "حكومي": true,
	"خاصه": true, "عامه": true, "عمومي": true, "عموميه": true, "تجاري": true, "مؤقت": true, "مؤقته": true,
	"عراق": true, "سوريه": true, "سوريا": true, "اردن": true, "لبنان": true, "سعوديه": true,
	"private": true, "taxi": true, "truck": true, "iraq": true, "irq": true, "ksa": true,
	"jordan": true, "syria": true, "lebanon": true, "saudi": true,
}

// plateParts splits a plate into parts. It returns false when the text
// holds something no plate has.
func plateParts(s string) ([]platePart, bool) {
	var parts []platePart
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isSpaceLike(r) || r == '.' || r == '|' || r == '/' || r == ',' || r == '،' || r == '(' || r == ')' || r == ':':
			i += w
		case isDash(r):
			parts = append(parts, platePart{kind: '-'})
			i += w
		case isDigit(r):
			j := i
			var b strings.Builder
			for j < len(s) {
				r, w := utf8.DecodeRuneInString(s[j:])
				if !isDigit(r) {
					break
				}
				b.WriteByte(byte('0' + digitValue(r)))
				j += w
			}
			parts = append(parts, platePart{kind: 'd', text: b.String()})
			i = j
		case isASCIILetter(r) || isArabicLetter(r) || r == 0x0640:
			j := i
			latin := isASCIILetter(r)
			for j < len(s) {
				r, w := utf8.DecodeRuneInString(s[j:])
				if latin && !isASCIILetter(r) || !latin && !(isArabicLetter(r) || r == 0x0640 || (r >= 0x064B && r <= 0x065F)) {
					break
				}
				j += w
			}
			word := s[i:j]
			i = j
			// two-word governorates: try the word with the next one
			if g, n := lookupGov(s, word, i); g != nil {
				parts = append(parts, platePart{kind: 'g', gov: g})
				i = n
				continue
			}
			f := foldName(word)
			if ignoredPlateWords[f] {
				continue
			}
			if latin {
				parts = append(parts, platePart{kind: 'l', text: strings.ToUpper(word)})
			} else {
				var b strings.Builder
				for _, r := range word {
					if r == 0x0640 || (r >= 0x064B && r <= 0x065F) {
						continue
					}
					b.WriteRune(r)
				}
				parts = append(parts, platePart{kind: 'a', text: b.String()})
			}
		default:
			return nil, false
		}
	}
	return parts, true
}

// lookupGov looks word up as a governorate, first together with the next
// one or two words (separated by spaces or dashes). It returns the
// governorate and the byte offset after the name.
func lookupGov(s, word string, after int) (*plateGov, int) {
	var ends [2]int
	n := 0
	j := after
	for n < len(ends) {
		k := j
		for k < len(s) {
			r, w := utf8.DecodeRuneInString(s[k:])
			if !isSpaceLike(r) && !isDash(r) {
				break
			}
			k += w
		}
		if k == j {
			break
		}
		e := k
		for e < len(s) {
			r, w := utf8.DecodeRuneInString(s[e:])
			if !(isASCIILetter(r) || isArabicLetter(r)) {
				break
			}
			e += w
		}
		if e == k {
			break
		}
		ends[n] = e
		n++
		j = e
	}
	start := after - len(word)
	var buf [128]byte
	for k := n - 1; k >= 0; k-- {
		if ends[k]-start > 100 {
			continue
		}
		if g := govIndex[string(appendFold(buf[:0], s[start:ends[k]]))]; g != nil {
			return g, ends[k]
		}
	}
	if len(word) > 100 {
		return nil, after
	}
	if g := govIndex[string(appendFold(buf[:0], word))]; g != nil {
		return g, after
	}
	return nil, after
}

func trimZeros(d string) string {
	t := strings.TrimLeft(d, "0")
	if t == "" && d != "" {
		return "0"
	}
	return t
}

// NormalizePlate normalises a vehicle plate of the given country (ISO
// 3166-1 alpha-2; empty when unknown). The country is part of the value.
// Digits of any script are folded, separators dropped, leading zeros of
// the number dropped, and category or country words (خصوصي, أجرة, حمل,
// private, taxi, العراق, KSA …) ignored. Rules per country:
//
//	IQ  unified plates (Kurdistan Region since 2022, the rest of Iraq since
//	    2024): two-digit governorate code 11–29, one Latin letter, the
//	    number: "11 A 12345" → "IQ:BG:A:12345". Older plates: governorate
//	    name + number (1–6 digits) + optional series letter, in any order:
//	    «بغداد ١٢٣٤٥ أ», "Baghdad 12345 A" → "IQ:BG:12345:ا"; the letter is
//	    kept in Arabic (Latin letters are mapped by jisr's table, A=ا B=ب
//	    J=ج D=د H=ه W=و Z=ز R=ر …), and without a governorate the plate is
//	    invalid. Governorates are given as ISO 3166-2 codes (Halabja as HJ).
//	    An old and a new plate never share a key: whether a vehicle kept its
//	    number when re-plated is not known here.
//	SA  up to 3 letters + up to 4 digits. Arabic letters are mapped to the
//	    official Latin ones (ا=A ب=B ح=J د=D ر=R س=S ص=X ط=T ع=E ق=G ك=K
//	    ل=L م=Z ن=N هـ=H و=U ى=V). The Latin letters are printed left to
//	    right in the order the Arabic ones are read right to left, so the
//	    Arabic letters are taken in their logical (typed) order: «أ ب ح ١٢٣٤»
//	    and "1234 ABJ" are both "SA:ABJ:1234". Standard plates pad the
//	    number to four digits with zeros: "0075" and "75" are the same key.
//	    Valid with 3 letters.
//	JO  numeric: code (1–2 digits) and number (1–5 digits), "12-34567" →
//	    "JO:12:34567"; seven digits without separator are read as 2+5.
//	LB  the Latin letter of the registration area (or two, as AP, AG) +
//	    number (1–6 digits): "B 123456", "M-98765" → "LB:B:123456". A
//	    plate typed with an Arabic letter is not mapped (which Arabic
//	    letter stands for which Latin one is not settled) and falls back to
//	    the generic form.
//	SY  governorate name + number (1–6 digits): «دمشق ٥٠٨٤٣٢» →
//	    "SY:DI:508432".
//	other, or a plate that fits none of these rules: generic, the letters
//	    and digits in order, Latin upper-cased, Arabic letter variants
//	    folded: "CC:ABC123"; "XX:…" when the country is not known. A plate
//	    of IQ, SA, JO, LB or SY that falls back to the generic form is
//	    marked invalid.
//
// With no country given, a governorate name in the plate decides it («بغداد
// ١٢٣٤٥» is Iraqi whoever typed it).
func NormalizePlate(raw, country string) (Selector, error) {
	return Normalize(Plate, raw, country)
}

func normalizePlate(raw, country string) (Selector, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if country != "" && (len(country) != 2 || !isUpper(rune(country[0])) || !isUpper(rune(country[1]))) {
		return Selector{}, malformed(Plate, "the plate's country must be an ISO 3166 alpha-2 code, not %q", country)
	}
	parts, ok := plateParts(raw)
	if !ok {
		return Selector{}, malformed(Plate, "a plate holds letters, digits and separators only")
	}
	ndig, nlet := 0, 0
	for _, p := range parts {
		switch p.kind {
		case 'd':
			ndig += len(p.text)
		case 'l', 'a':
			nlet++
		}
	}
	if ndig == 0 || ndig > 12 {
		return Selector{}, malformed(Plate, "a plate has a number of 1 to 12 digits")
	}
	if country == "" || country == UnknownCountry {
		country = ""
		for _, p := range parts {
			if p.kind == 'g' {
				country = p.gov.country // «بغداد ١٢٣٤٥» is Iraqi whoever typed it
				break
			}
		}
	}
	var s Selector
	var why string
	switch country {
	case "IQ", "SY":
		s, why = govPlate(parts, country)
	case "SA":
		s, why = saudiPlate(parts)
	case "JO":
		s, why = jordanPlate(parts)
	case "LB":
		s, why = lebanonPlate(parts)
	}
	if s.Value == "" {
		s = genericPlate(parts, country)
		if why == "" && (country == "IQ" || country == "SY" || country == "SA" || country == "JO" || country == "LB") {
			why = "does not follow the plate format of " + country
		}
	}
	if why != "" {
		s.Valid = false
		return s, invalid(Plate, "%s", why)
	}
	return s, nil
}

func genericPlate(parts []platePart, country string) Selector {
	var b strings.Builder
	cc := country
	if len(cc) != 2 || !isUpper(rune(cc[0])) || !isUpper(rune(cc[1])) {
		cc = UnknownCountry
	}
	b.WriteString(cc)
	b.WriteByte(':')
	for _, p := range parts {
		switch p.kind {
		case 'd', 'l':
			b.WriteString(p.text)
		case 'a':
			for _, r := range p.text {
				b.WriteRune(foldArabicLetter(r))
			}
		case 'g':
			b.WriteString(p.gov.country + "-" + p.gov.code)
		}
	}
	s := Selector{Value: b.String(), Valid: true}
	if cc != UnknownCountry {
		s.Country = cc
	}
	return s
}

// iraqPlateCodes are the two-digit governorate codes of the unified Iraqi
// plates (Kurdistan Region since 2022, the rest of Iraq since 2024), as
// ISO 3166-2 codes.
var iraqPlateCodes = map[string]string{
	"11": "BG", "12": "NI", "13": "MA", "14": "BA", "15": "AN", "16": "QA", "17": "MU", "18": "BB",
	"19": "KA", "20": "DI", "21": "SU", "22": "AR", "23": "HJ", "24": "DA", "25": "KI", "26": "SD",
	"27": "DQ", "28": "NA", "29": "WA",
}

// iraqNewPlate reads the unified format "GG X #####": governorate code,
// one Latin letter, the number.
func iraqNewPlate(parts []platePart) (Selector, bool) {
	var p []platePart
	for _, x := range parts {
		if x.kind != '-' {
			p = append(p, x)
		}
	}
	if len(p) != 3 || p[0].kind != 'd' || p[1].kind != 'l' || p[2].kind != 'd' || len(p[1].text) != 1 || len(p[2].text) > 6 {
		return Selector{}, false
	}
	gov, ok := iraqPlateCodes[p[0].text]
	if !ok {
		return Selector{}, false
	}
	return Selector{Value: "IQ:" + gov + ":" + p[1].text + ":" + trimZeros(p[2].text), Valid: true, Country: "IQ"}, true
}

func govPlate(parts []platePart, country string) (Selector, string) {
	if country == "IQ" {
		if s, ok := iraqNewPlate(parts); ok {
			return s, ""
		}
	}
	var gov *plateGov
	var num string
	var letter rune
	for _, p := range parts {
		switch p.kind {
		case 'g':
			if gov != nil || p.gov.country != country {
				return Selector{}, ""
			}
			gov = p.gov
		case 'd':
			if num != "" {
				return Selector{}, ""
			}
			num = p.text
		case 'a':
			rs := []rune(p.text)
			if len(rs) != 1 || letter != 0 || country != "IQ" {
				return Selector{}, ""
			}
			letter = foldArabicLetter(rs[0])
		case 'l':
			r, ok := latinPlateArabic[p.text[0]]
			if len(p.text) != 1 || letter != 0 || !ok || country != "IQ" {
				return Selector{}, ""
			}
			letter = r
		case '-':
		}
	}
	if num == "" || len(num) > 6 {
		return Selector{}, ""
	}
	v := country + ":"
	why := ""
	if gov != nil {
		v += gov.code + ":"
	} else {
		why = "the plate needs its governorate"
	}
	v += trimZeros(num)
	if letter != 0 {
		v += ":" + string(letter)
	}
	return Selector{Value: v, Valid: why == "", Country: country}, why
}

func saudiPlate(parts []platePart) (Selector, string) {
	var letters []byte
	var num string
	for _, p := range parts {
		switch p.kind {
		case 'd':
			if num != "" {
				return Selector{}, ""
			}
			num = p.text
		case 'a':
			for _, r := range p.text {
				c, ok := saudiLatin[r]
				if !ok {
					return Selector{}, ""
				}
				letters = append(letters, c)
			}
		case 'l':
			for i := 0; i < len(p.text); i++ {
				if !strings.ContainsRune(saudiLatinSet, rune(p.text[i])) {
					return Selector{}, ""
				}
				letters = append(letters, p.text[i])
			}
		case '-':
		default:
			return Selector{}, ""
		}
	}
	if len(letters) == 0 || len(letters) > 3 || num == "" || len(num) > 4 {
		return Selector{}, ""
	}
	why := ""
	if len(letters) != 3 {
		why = "a Saudi private plate has 3 letters"
	}
	return Selector{Value: "SA:" + string(letters) + ":" + trimZeros(num), Valid: why == "", Country: "SA"}, why
}

func jordanPlate(parts []platePart) (Selector, string) {
	var nums []string
	for _, p := range parts {
		switch p.kind {
		case 'd':
			nums = append(nums, p.text)
		case '-':
		default:
			return Selector{}, ""
		}
	}
	var code, num string
	switch {
	case len(nums) == 2:
		code, num = nums[0], nums[1]
	case len(nums) == 1 && len(nums[0]) == 7:
		code, num = nums[0][:2], nums[0][2:]
	default:
		return Selector{}, ""
	}
	if len(code) > 2 || len(num) > 5 {
		return Selector{}, ""
	}
	return Selector{Value: "JO:" + trimZeros(code) + ":" + trimZeros(num), Valid: true, Country: "JO"}, ""
}

func lebanonPlate(parts []platePart) (Selector, string) {
	var letter, num string
	for _, p := range parts {
		switch p.kind {
		case 'd':
			if num != "" {
				return Selector{}, ""
			}
			num = p.text
		case 'l':
			if len(p.text) > 2 || letter != "" {
				return Selector{}, ""
			}
			letter = p.text
		case '-':
		default:
			return Selector{}, ""
		}
	}
	if letter == "" || num == "" || len(num) > 6 {
		return Selector{}, ""
	}
	return Selector{Value: "LB:" + letter + ":" + trimZeros(num), Valid: true, Country: "LB"}, ""
}
