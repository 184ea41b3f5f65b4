package selectors

import (
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

type cand struct {
	t       Type
	bs, be  int // byte offsets
	value   string
	valid   bool
	country string
}

// typeRank orders candidates of equal length: the more specific first.
func typeRank(t Type) int {
	switch t {
	case Container, IBAN, ETH, BTC, TRON, Email:
		return 0
	case Plate, Passport, NationalID, IMO, MMSI:
		return 1
	case Coord:
		return 2
	case IMEI:
		return 3
	case Card:
		return 4
	}
	return 5
}

type kwKind uint8

const (
	kwNone kwKind = iota
	kwPlate
	kwPhone
	kwPassport
	kwNationalID
	kwCard
	kwIMEI
	kwIMO
	kwMMSI
	kwFiller
	kwNationality
	kwNationalWeak // الوطني، national: a national ID only after رقم / before ID
	kwRef          // case, file, bug …: the numbers after are references
	kwContainer    // حاوية, container: a container number may be in lower case
)

type kwEntry struct {
	kind    kwKind
	country string // for nationality words
}

var keywords = func() map[string]kwEntry {
	m := map[string]kwEntry{}
	add := func(k kwKind, words ...string) {
		for _, w := range words {
			m[w] = kwEntry{kind: k}
		}
	}
	add(kwPlate, "لوحة", "لوحه", "اللوحة", "اللوحه", "لوحتها", "لوحتهما", "لوحات", "اللوحات", "لوحاتها", "لوحاتهما", "نمرة", "نمره", "النمرة", "النمره", "نمرتها",
		"plate", "plates", "plaque", "immatriculation", "immatriculée")
	add(kwPhone, "هاتف", "الهاتف", "هاتفه", "هاتفها", "هواتف", "phones", "جوال", "الجوال", "جواله", "موبايل", "الموبايل", "خلوي", "الخلوي",
		"تلفون", "التلفون", "واتساب", "واتس", "ثريا", "phone", "telephone", "tel", "mobile", "whatsapp", "téléphone",
		"thuraya") // not "cell" (the joint cell), "signal" or "portable": too common
	add(kwPassport, "جواز", "الجواز", "جوازه", "جوازها", "passport", "passeport")
	add(kwNationalID, "هوية", "الهوية", "هويته", "هويتها", "nid")
	// a Saudi residence permit: issued by Saudi Arabia whatever the
	// holder's nationality
	for _, w := range []string{"اقامة", "إقامة", "الإقامة", "الاقامة", "اقامته", "إقامته", "iqama"} {
		m[w] = kwEntry{kind: kwNationalID, country: "SA"}
	}
	// "الأمن الوطني", "National Museum": these words make a national ID
	// context only with a number word: "الرقم الوطني", "national ID".
	add(kwNationalWeak, "الوطني", "وطني", "الوطنية", "وطنية", "المدني", "مدني", "national", "civil")
	add(kwCard, "بطاقة", "بطاقه", "البطاقة", "البطاقه", "فيزا", "ماستركارد", "card", "visa", "mastercard", "carte")
	add(kwIMEI, "imei", "ايمي", "آيمي", "إيمي", "الايمي", "الآيمي", "الإيمي")
	add(kwContainer, "حاوية", "الحاوية", "حاويه", "الحاويه", "حاويات", "الحاويات", "حاويتها", "كونتينر", "الكونتينر",
		"container", "containers", "conteneur")
	add(kwRef, "قضية", "القضية", "قضيه", "القضيه", "ملف", "الملف", "محضر", "المحضر", "كتاب", "الكتاب", "كتابنا",
		"إضبارة", "الإضبارة", "اضبارة", "الاضبارة", "دعوى", "الدعوى", "مذكرة", "المذكرة", "بلاغ", "البلاغ",
		"case", "file", "ref", "reference", "report", "commit", "bug", "bugs", "issue", "ticket", "version",
		"release", "build", "closes", "dossier", "affaire")
	add(kwIMO, "imo")
	add(kwMMSI, "mmsi")
	add(kwFiller, "رقم", "رقمها", "رقمه", "الرقم", "سفر", "السفر", "تحمل", "يحمل", "ذات", "number", "no", "num", "nr",
		"n", "numéro", "with", "bearing", "registered", "the", "of", "is", "id", "card")
	nat := func(cc string, words ...string) {
		for _, w := range words {
			m[w] = kwEntry{kind: kwNationality, country: cc}
		}
	}
	nat("IQ", "عراقي", "عراقية", "عراقيه", "العراقي", "العراقية", "العراقيه", "iraqi")
	nat("JO", "اردني", "أردني", "الاردني", "الأردني", "اردنية", "أردنية", "الاردنية", "الأردنية", "اردنيه", "jordanian")
	nat("SY", "سوري", "سورية", "سوريه", "السوري", "السورية", "السوريه", "syrian")
	nat("LB", "لبناني", "لبنانية", "لبنانيه", "اللبناني", "اللبنانية", "lebanese", "libanais", "libanaise")
	nat("SA", "سعودي", "سعودية", "سعوديه", "السعودي", "السعودية", "saudi")
	nat("KW", "كويتي", "كويتية", "الكويتي", "الكويتية", "kuwaiti")
	nat("AE", "اماراتي", "إماراتي", "اماراتية", "إماراتية", "الإماراتي", "الاماراتي", "emirati")
	nat("QA", "قطري", "قطرية", "القطري", "القطرية", "qatari")
	nat("BH", "بحريني", "بحرينية", "البحريني", "البحرينية", "bahraini")
	nat("TR", "تركي", "تركية", "التركي", "التركية", "turkish")
	nat("EG", "مصري", "مصرية", "المصري", "المصرية", "egyptian")
	return m
}()

// "card" is both a filler ("ID card") and a keyword; the keyword wins.
func init() {
	keywords["card"] = kwEntry{kind: kwCard}
	for k := range keywords {
		h := kwHash(k)
		kwBloom[h>>6] |= 1 << (h & 63)
	}
}

// kwBloom is a Bloom filter (one hash, 64 Ki bits) over the keywords: most
// words of a narrative are no keyword and skip the map lookups.
var kwBloom [1024]uint64

func kwHash(w string) uint32 {
	h := uint32(len(w)) * 0x9E3779B1
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 0x01000193
	}
	return h >> 16
}

func kwMaybe(w string) bool {
	h := kwHash(w)
	return kwBloom[h>>6]&(1<<(h&63)) != 0
}

// lookupWord finds a keyword for an Arabic or Latin word, trying Arabic
// words also without a one-letter conjunction or preposition (و، ب، ل، ف).
func lookupWord(w string) (kwEntry, bool) {
	if w == "" {
		return kwEntry{}, false
	}
	if w[0] < utf8.RuneSelf {
		if len(w) > 24 {
			return kwEntry{}, false
		}
		var buf [24]byte
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= 'A' && c <= 'Z' {
				c += 32
			}
			buf[i] = c
		}
		lw := string(buf[:len(w)]) // does not allocate (small, not kept)
		if !kwMaybe(lw) {
			return kwEntry{}, false
		}
		e, ok := keywords[lw]
		return e, ok
	}
	if kwMaybe(w) {
		if e, ok := keywords[w]; ok {
			return e, true
		}
	}
	r, n := utf8.DecodeRuneInString(w)
	if (r == 'و' || r == 'ب' || r == 'ل' || r == 'ف') && len(w) > n+2 {
		if kwMaybe(w[n:]) {
			if e, ok := keywords[w[n:]]; ok {
				return e, true
			}
		}
		r2, n2 := utf8.DecodeRuneInString(w[n:])
		if r == 'و' && (r2 == 'ب' || r2 == 'ل') && kwMaybe(w[n+n2:]) {
			if e, ok := keywords[w[n+n2:]]; ok {
				return e, true
			}
		}
	}
	return kwEntry{}, false
}

type scanner struct {
	text    string
	country string

	kw      kwKind // keyword context
	kwWords int    // words since the keyword
	kwOther int    // … of them not fillers nor nationality words
	nat     string // nationality seen in or just before the context
	natWord int    // words since the nationality word

	plural    bool   // the keyword is a plural ("plates"): it stays after a hit
	issuer    string // the country that issues the document of the keyword (إقامة: SA)
	prevWord  string // the word before, when it was not a selector
	prevWord2 string // … and the one before it
	prevWeak  bool   // … and it was "national", "civil"

	skipTo int // byte offset the scan resumes at after a selector, if later

	nextAt int // byte offset of the next '@' at or after the scan, -1 if none, -2 not yet looked for

	out []cand
}

// kwSpan is how many words a keyword context lasts; natSpan how many a
// nationality word stays in force.
const (
	kwSpan  = 4
	natSpan = 6
)

// Extract finds the selectors in free text, Arabic and/or English, sorted
// by Start and never overlapping; nil when there are none. country is the
// ISO 3166-1 alpha-2 code of the agency whose text it is, the default
// region of national phone numbers and plates; with "" only international
// phone numbers (+ or 00) are found. Invalid selectors are reported (Valid
// false) only where their shape or a keyword makes them certain: see the
// package documentation, "Extraction". Extract is safe for concurrent use
// and runs in time linear in the length of text.
func Extract(text, country string) []Selector {
	sc := scanner{text: text, country: strings.ToUpper(strings.TrimSpace(country)), natWord: 99, nextAt: -2}
	sc.run()
	if len(sc.out) == 0 {
		return nil
	}
	res := make([]Selector, len(sc.out))
	pos, runes := 0, 0
	for k, c := range sc.out {
		runes += utf8.RuneCountInString(text[pos:c.bs])
		start := runes
		runes += utf8.RuneCountInString(text[c.bs:c.be])
		pos = c.be
		res[k] = Selector{Type: c.t, Value: c.value, Raw: text[c.bs:c.be], Start: start, End: runes,
			Valid: c.valid, Country: c.country}
	}
	return res
}

func (sc *scanner) run() {
	s := sc.text
	prevWord := false   // the rune before i is a word rune
	prevArabic := false // … and an Arabic letter
	i := 0
	for i < len(s) {
		if c := s[i]; c == ' ' && !prevArabic {
			// fast path for the commonest rune
			prevWord = false
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && w == 1 {
			prevWord, prevArabic = false, false
			i++
			continue
		}
		wordRune := isWordRune(r)
		// A word starts after a non-word rune, and where Arabic letters
		// meet Latin letters or digits typed without a space.
		start := (!prevWord || prevArabic && !isArabicLetter(r)) && (wordRune || r == '+' || r == '(' || r == 0xFF0B)
		if !start {
			if !wordRune && (r == '\n' || r == '؛' || r == ';' || r == '!' || r == '?' || r == '؟') {
				sc.kw = kwNone
				sc.natWord = 99
			}
			prevWord = wordRune
			prevArabic = isArabicLetter(r)
			i += w
			continue
		}
		if c, ok := sc.at(i, r); ok {
			sc.out = append(sc.out, c)
			i = max(c.be, sc.skipTo)
			r2, _ := utf8.DecodeLastRuneInString(s[:i])
			prevWord = isWordRune(r2)
			prevArabic = false
			continue
		}
		if !wordRune {
			prevWord, prevArabic = false, false
			i += w
			continue
		}
		// Not a selector: skip the word, noting keywords.
		j := i
		arabic := false
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) || (arabic && !isArabicLetter(r)) {
				break
			}
			arabic = isArabicLetter(r)
			j += w
		}
		sc.word(s[i:j])
		last, _ := utf8.DecodeLastRuneInString(s[i:j])
		prevWord = true
		prevArabic = isArabicLetter(last)
		i = j
	}
}

// pluralKeywords keep their context after a selector: a list may follow.
var pluralKeywords = map[string]bool{"لوحات": true, "اللوحات": true, "لوحاتها": true, "لوحاتهما": true,
	"لوحتهما": true, "plates": true,
	"Plates": true, "هواتف": true, "phones": true}

// numberWords make a following "الوطني" a national ID keyword;
// idWords make a preceding "national" one.
var (
	numberWords = map[string]bool{"رقم": true, "الرقم": true, "رقمه": true, "رقمها": true, "بطاقة": true,
		"البطاقة": true, "بطاقه": true, "البطاقه": true, "بطاقته": true, "هوية": true, "الهوية": true, "السجل": true}
	idWords = map[string]bool{"id": true, "number": true, "no": true, "identity": true, "card": true, "nr": true, "num": true}
)

// arabicPhraseWords are the words before "البحرية" (maritime) in the
// Arabic names of the IMO and of the MMSI.
var arabicPhraseWords = map[string]kwKind{
	"المنظمة": kwIMO, "المنظمه": kwIMO, "منظمة": kwIMO, "منظمه": kwIMO,
	"المتنقلة": kwMMSI, "المتنقله": kwMMSI, "المتنقل": kwMMSI,
}

// word notes a word that is not a selector.
func (sc *scanner) word(w string) {
	e, ok := lookupWord(w)
	prevWeak := sc.prevWeak
	sc.prevWeak = ok && e.kind == kwNationalWeak
	if ok && e.kind == kwNationalWeak {
		if p := sc.prevWord; numberWords[p] || strings.HasPrefix(p, "و") && numberWords[p[len("و"):]] {
			e.kind = kwNationalID
		} else {
			ok = false
		}
	} else if prevWeak && len(w) <= 8 && idWords[strings.ToLower(w)] {
		e, ok = kwEntry{kind: kwNationalID}, true
	}
	// Labels of several words: "رقم المنظمة البحرية الدولية" (IMO), "هوية
	// الخدمة المتنقلة البحرية" (MMSI), "آي إم أو" (IMO spelt out).
	if !ok {
		switch {
		case (w == "البحرية" || w == "البحريه") && arabicPhraseWords[sc.prevWord] == kwIMO:
			e, ok = kwEntry{kind: kwIMO}, true
		case (w == "البحرية" || w == "البحريه") && arabicPhraseWords[sc.prevWord] == kwMMSI:
			e, ok = kwEntry{kind: kwMMSI}, true
		case (w == "أو" || w == "او") && (sc.prevWord == "إم" || sc.prevWord == "ام") && (sc.prevWord2 == "آي" || sc.prevWord2 == "اي" || sc.prevWord2 == "أي"):
			e, ok = kwEntry{kind: kwIMO}, true
		}
	}
	sc.prevWord2 = sc.prevWord
	sc.prevWord = w
	sc.natWord++
	switch {
	case ok && e.kind == kwNationality:
		sc.nat = e.country
		sc.natWord = 0
		if sc.kw != kwNone {
			sc.kwWords++
		}
	case ok && e.kind == kwFiller:
		if sc.kw != kwNone {
			sc.kwWords++
			if sc.kwWords > kwSpan {
				sc.kw = kwNone
			}
		}
	case ok:
		sc.plural = pluralKeywords[w]
		// the keyword after "national" or "passport" does not undo it
		if !(e.kind == kwCard && (sc.kw == kwNationalID || sc.kw == kwPassport) && sc.kwWords <= 1) {
			sc.kw = e.kind
		}
		sc.kwWords, sc.kwOther = 0, 0
		sc.issuer = e.country
		if sc.natWord > natSpan {
			sc.nat = ""
		}
	default:
		if sc.kw != kwNone {
			sc.kwOther++
			sc.kwWords++
			if sc.kwWords > kwSpan {
				sc.kw = kwNone
			}
		}
	}
}

// at runs the detectors at a word start i whose first rune is r.
func (sc *scanner) at(i int, r rune) (cand, bool) {
	s := sc.text
	var best cand
	found := false
	consider := func(c cand, ok bool) {
		if !ok {
			return
		}
		if !found || c.be > best.be || (c.be == best.be && typeRank(c.t) < typeRank(best.t)) {
			best, found = c, true
		}
	}
	ctx := sc.kw
	if ctx == kwPlate {
		if c, ok := sc.plateAt(i); ok {
			if sc.plural { // "لوحات …", "plates …": more may follow
				sc.kwWords, sc.kwOther = 0, 0
			} else {
				sc.kw = kwNone
			}
			return c, true
		}
	}
	if ctx == kwPassport || ctx == kwNationalID {
		if c, ok := sc.documentAt(i); ok {
			sc.kw = kwNone
			return c, true
		}
	}
	if r < utf8.RuneSelf && (isASCIILetter(r) || (r >= '0' && r <= '9')) {
		if sc.nextAt == -2 || (sc.nextAt >= 0 && sc.nextAt < i) {
			if k := strings.IndexByte(s[i:], '@'); k >= 0 {
				sc.nextAt = i + k
			} else {
				sc.nextAt = -1
			}
		}
		if sc.nextAt >= 0 && sc.nextAt-i <= 65 {
			consider(emailAt(s, i))
		}
		// cheap tests of the word's shape before the detectors
		n := asciiWordEnd(s, i) - i
		if n <= 44 && i+44 <= len(s) && (n == 44 || s[i+n] == '<') {
			if c, lineEnd, ok := mrzAt(s, i); ok {
				sc.skipTo = lineEnd // the rest of the line is no selector
				return c, true
			}
		}
		if isASCIILetter(r) {
			if n >= 4 {
				consider(containerAt(s, i, ctx == kwContainer))
				consider(ibanAt(s, i))
			}
			if c := r | 0x20; c == 'i' || c == 'm' {
				consider(sc.labelledAt(i))
			}
			if hemiLetter(s, i) != 0 && (n == 1 || isDigit(rune(s[i+1]))) {
				if lat, lon, end, ok := parseCoordAt(s, i, true); ok && boundaryAfter(s, end) {
					consider(cand{t: Coord, bs: i, be: end, value: formatCoord(lat, lon), valid: true}, true)
				}
			}
		}
		if n >= 14 {
			consider(walletAt(s, i))
		}
		if r == '0' && n == 42 {
			consider(ethAt(s, i))
		}
	}
	if found && best.t != Email {
		return best, true
	}
	if isDigit(r) || r == '+' || r == '(' || r == 0xFF0B {
		if isDigit(r) && coordMaybe(s, i) {
			if lat, lon, end, ok := parseCoordAt(s, i, true); ok && boundaryAfter(s, end) {
				consider(cand{t: Coord, bs: i, be: end, value: formatCoord(lat, lon), valid: true}, true)
			}
		}
		consider(sc.numberAt(i, ctx, found, best.be))
	}
	return best, found
}

// coordMaybe is a cheap test before parseCoordAt: a number of at most
// three digits followed by a decimal point, a degree sign or a hemisphere.
func coordMaybe(s string, i int) bool {
	j, nd := i, 0
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		if !isDigit(r) {
			break
		}
		nd++
		j += w
	}
	if nd == 0 || nd > 3 || j >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	switch r {
	case '.', 0x066B, '°', 'º', '˚':
		return true
	}
	k := skipSpaces(s, j)
	if c := hemiLetter(s, k); c != 0 || k < len(s) && strings.IndexByte("nsew", s[k]) >= 0 {
		return true
	}
	c, _ := arabicHemi(s, k)
	return c != 0
}

// boundaryAfter reports whether s[i:] does not continue a word.
func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r)
}

// asciiWordEnd returns the end of the run of ASCII letters and digits at i.
func asciiWordEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			break
		}
		i++
	}
	return i
}

func emailAt(s string, i int) (cand, bool) {
	j := i
	for j < len(s) && j-i <= 64 && isEmailLocal(s[j]) { // 64: the longest local part, and linear time
		j++
	}
	if j >= len(s) || s[j] != '@' || j == i {
		return cand{}, false
	}
	k := j + 1
	for k < len(s) && k-j <= 255 && isEmailDomain(s[k]) {
		k++
	}
	for k > j+1 && (s[k-1] == '.' || s[k-1] == '-') {
		k--
	}
	v := strings.ToLower(s[i:k])
	if !emailOK(v) || !boundaryAfter(s, k) {
		return cand{}, false
	}
	return cand{t: Email, bs: i, be: k, value: v, valid: true}, true
}

// skipSep skips at most one separator (space, no-break space or dash) at i.
func skipSep(s string, i int, dash bool) int {
	if i >= len(s) {
		return i
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if r == ' ' || r == 0x00A0 || r == 0x202F || (dash && isDash(r)) {
		return i + w
	}
	return i
}

// digitsAt reads up to max digits at i, ASCII, Arabic-Indic or Persian,
// and returns them in ASCII.
func digitsAt(s string, i, max int) (string, int) {
	j := i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j == len(s) || j-i == max || s[j] < utf8.RuneSelf {
		return s[i:j], j
	}
	var buf [20]byte
	m := copy(buf[:], s[i:j])
	for j < len(s) && m < max && m < len(buf) {
		r, w := utf8.DecodeRuneInString(s[j:])
		d := digitValue(r)
		if d < 0 {
			break
		}
		buf[m] = byte('0' + d)
		m++
		j += w
	}
	return string(buf[:m]), j
}

// containerAt reads an ISO 6346 container number at i: owner code and
// category letter, serial and check digit. Letters in lower or mixed case
// ("csqu 305438-3") are read only when fold is set (after a container
// keyword) or when the check digit is right; digits may be Arabic-Indic.
func containerAt(s string, i int, fold bool) (cand, bool) {
	if i+4 > len(s) {
		return cand{}, false
	}
	var owner [4]byte
	lower := false
	for k := 0; k < 4; k++ {
		c := s[i+k]
		if !isASCIILetter(rune(c)) {
			return cand{}, false
		}
		if !isUpper(rune(c)) {
			lower = true
			c -= 'a' - 'A'
		}
		owner[k] = c
	}
	if c := owner[3]; c != 'U' && c != 'J' && c != 'Z' {
		return cand{}, false
	}
	j := skipSep(s, i+4, true)
	d6, j2 := digitsAt(s, j, 7)
	var check string
	end := j2
	switch len(d6) {
	case 7:
		check = d6[6:]
		d6 = d6[:6]
	case 6:
		k := skipSep(s, j2, true)
		if k == j2 {
			return cand{}, false
		}
		var k2 int
		check, k2 = digitsAt(s, k, 2)
		if len(check) != 1 {
			return cand{}, false
		}
		end = k2
	default:
		return cand{}, false
	}
	if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && isDigit(r) || !boundaryAfter(s, end) {
		return cand{}, false
	}
	v := string(owner[:]) + d6 + check
	valid := containerCheckDigit(v) == int(v[10]-'0')
	if lower && !fold && !valid {
		return cand{}, false
	}
	return cand{t: Container, bs: i, be: end, value: v, valid: valid}, true
}

// ibanAt reads an IBAN at i, grouped by four or not. One in lower or
// mixed case ("jo94 cbjo …") is read only when its check digits are right.
func ibanAt(s string, i int) (cand, bool) {
	if i+4 > len(s) || !isASCIILetter(rune(s[i])) || !isASCIILetter(rune(s[i+1])) || s[i+2] < '0' || s[i+2] > '9' || s[i+3] < '0' || s[i+3] > '9' {
		return cand{}, false
	}
	n, ok := ibanLength[strings.ToUpper(s[i:i+2])]
	if !ok {
		return cand{}, false
	}
	var buf [40]byte
	m := 0
	j := i
	lower := false
	for j < len(s) && m < n {
		c := s[j]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
			c -= 'a' - 'A'
			fallthrough
		case c >= '0' && c <= '9' || c >= 'A' && c <= 'Z':
			buf[m] = c
			m++
			j++
		case c == ' ' && m%4 == 0 && j+1 < len(s) && s[j+1] != ' ':
			j++
		default:
			return cand{}, false
		}
	}
	if m != n || !boundaryAfter(s, j) {
		return cand{}, false
	}
	v := string(buf[:m])
	valid := ibanMod97(v) == 1
	if lower && !valid {
		return cand{}, false
	}
	return cand{t: IBAN, bs: i, be: j, value: v, valid: valid, country: v[:2]}, true
}

// labelledAt reads "IMO 9074729", "IMO9074729", "MMSI: 273123456" and
// "IMEI 490154203237518" with the label; the span covers label and number.
func (sc *scanner) labelledAt(i int) (cand, bool) {
	s := sc.text
	e := asciiWordEnd(s, i)
	w := s[i:e]
	var t Type
	var n int
	var label string
	for _, l := range []struct {
		label string
		t     Type
		n     int
	}{{"IMO", IMO, 7}, {"MMSI", MMSI, 9}, {"IMEISV", IMEI, 16}, {"IMEI", IMEI, 16}} {
		if len(w) >= len(l.label) && strings.EqualFold(w[:len(l.label)], l.label) {
			t, n, label = l.t, l.n, l.label
			break
		}
	}
	if t == "" {
		return cand{}, false
	}
	j := i + len(label)
	if j == e { // label alone: separators, "No." or "number" before the digits
		j = skipSpaces(s, j)
		if j < len(s) && (s[j] == ':' || s[j] == '#' || isDash(rune(s[j]))) {
			j = skipSpaces(s, j+1)
		}
		for _, f := range []string{"No.", "no.", "No", "number", "Number", "nr"} {
			if strings.HasPrefix(s[j:], f) && (f[len(f)-1] == '.' || boundaryAfter(s, j+len(f))) {
				j = skipSpaces(s, j+len(f))
				if j < len(s) && s[j] == ':' {
					j = skipSpaces(s, j+1)
				}
				break
			}
		}
	}
	var buf [20]byte
	m := 0
	k := j
	for k < len(s) && m <= n {
		r, w := utf8.DecodeRuneInString(s[k:])
		if d := digitValue(r); d >= 0 {
			buf[m] = byte('0' + d)
			m++
			k += w
			continue
		}
		if t == IMEI && (r == ' ' || isDash(r) || r == '/') && m > 0 && m < n {
			r2, _ := utf8.DecodeRuneInString(s[k+w:])
			if isDigit(r2) {
				k += w
				continue
			}
		}
		break
	}
	if (m != n && !(t == IMEI && m >= 14)) || m > n || !boundaryAfter(s, k) {
		return cand{}, false
	}
	d := string(buf[:m])
	c := cand{t: t, bs: i, be: k, value: d}
	switch t {
	case IMO:
		c.valid = imoValid(d)
	case MMSI:
		mid, ok := mmsiMID(d)
		c.valid, c.country = ok, midCountry[mid]
	case IMEI:
		c.value, c.valid = imeiCanonical(d)
	}
	return c, true
}

// walletAt reads base58 and bech32 addresses at i.
func walletAt(s string, i int) (cand, bool) {
	e := asciiWordEnd(s, i)
	if e-i < 14 || e-i > 90 || !boundaryAfter(s, e) {
		return cand{}, false
	}
	w := s[i:e]
	switch {
	case w[0] == 'T' && len(w) == 34:
		if tronValid(w) {
			return cand{t: TRON, bs: i, be: e, value: w, valid: true}, true
		}
	case (w[0] == '1' || w[0] == '3') && len(w) >= 26 && len(w) <= 35:
		if v, ok := btcValid(w); ok {
			return cand{t: BTC, bs: i, be: e, value: v, valid: true}, true
		}
	case len(w) >= 14 && (w[:3] == "bc1" || w[:3] == "BC1"):
		if v, ok := btcValid(w); ok {
			return cand{t: BTC, bs: i, be: e, value: v, valid: true}, true
		}
	}
	return cand{}, false
}

func ethAt(s string, i int) (cand, bool) {
	if i+42 > len(s) || s[i] != '0' || (s[i+1] != 'x' && s[i+1] != 'X') || !boundaryAfter(s, i+42) {
		return cand{}, false
	}
	v, ok := ethValid(s[i : i+42])
	if v == "" {
		return cand{}, false
	}
	return cand{t: ETH, bs: i, be: i + 42, value: v, valid: ok}, true
}

// group is one digit group of a number in text.
type group struct {
	end    int  // byte offset after the group
	ndig   int  // digits so far, this group included
	glen   int  // digits in this group
	sep    rune // separator before this group (0 for the first)
	sepLen int  // separator runes before this group
}

// numberAt reads a number at i (digits of any script in groups, optionally
// after "+" or "(") and decides between phone, IMEI and card.
func (sc *scanner) numberAt(i int, ctx kwKind, have bool, haveEnd int) (cand, bool) {
	s := sc.text
	var buf [24]byte
	n := 0
	var groups [6]group // no phone, card or IMEI is written in more groups
	ng := 0
	j := i
	plus := false
	if s[j] == '(' && j+1 < len(s) && s[j+1] == '+' { // "(+964) 770 …"
		j++
	}
	if r, w := utf8.DecodeRuneInString(s[j:]); r == '+' || r == 0xFF0B {
		plus = true
		j += w
	}
	var sep rune
	sepLen := 0
	for j < len(s) && ng < len(groups) {
		r, w := utf8.DecodeRuneInString(s[j:])
		if d := digitValue(r); d >= 0 {
			if n == len(buf) {
				return cand{}, false
			}
			if sepLen > 0 || ng == 0 && (n == 0) {
				groups[ng] = group{sep: sep, sepLen: sepLen}
				ng++
				sep, sepLen = 0, 0
			}
			buf[n] = byte('0' + d)
			n++
			g := &groups[ng-1]
			g.ndig, g.glen, g.end = n, g.glen+1, j+w
			j += w
			continue
		}
		if r == ' ' || r == 0x00A0 || r == 0x202F || isDash(r) || r == '.' || r == '(' || r == ')' || r == '/' {
			if sepLen >= 2 || (n == 0 && r != '(' && r != ' ') {
				break
			}
			// "70/123456", as Lebanese numbers are written: a slash only
			// after a first group of two or three digits
			if r == '/' && (ng != 1 || groups[0].glen < 2 || groups[0].glen > 3 || sepLen > 0) {
				break
			}
			if sep == 0 || sep == ' ' {
				sep = r
			}
			sepLen++
			j += w
			continue
		}
		break
	}
	if ng == 0 {
		return cand{}, false
	}
	digits := string(buf[:n])
	first := i // the first digit
	for first < len(s) && !isDigit(rune(s[first])) && s[first] < utf8.RuneSelf {
		first++
	}
	// a ship number some words after its label: "IMO رقم 9074729"
	if (ctx == kwIMO && n == 7 || ctx == kwMMSI && n == 9) && ng == 1 && !plus && boundaryAfter(s, groups[0].end) {
		c := cand{t: IMO, bs: first, be: groups[0].end, value: digits}
		if ctx == kwIMO {
			c.valid = imoValid(digits)
		} else {
			mid, ok := mmsiMID(digits)
			c.t, c.valid, c.country = MMSI, ok, midCountry[mid]
		}
		return c, true
	}
	var best cand
	found := false
	// card and IMEI: the longest group prefix that qualifies
	for g := ng - 1; g >= 0; g-- {
		gr := groups[g]
		if !boundaryAfter(s, gr.end) || plus {
			continue
		}
		d := digits[:gr.ndig]
		if gr.ndig == 15 && spaceDashGroups(groups[:g+1]) && (imeiValid(d) || ctx == kwIMEI) && ctx != kwCard {
			best, found = cand{t: IMEI, bs: first, be: gr.end, value: d, valid: imeiValid(d)}, true
			break
		}
		if gr.ndig >= 13 && gr.ndig <= 19 && cardGrouping(groups[:g+1]) && cardBrandOK(d) && (luhn(d) || ctx == kwCard) {
			best, found = cand{t: Card, bs: first, be: gr.end, value: d, valid: luhn(d)}, true
			break
		}
	}
	if found && (!have || best.be > haveEnd) {
		return best, true
	}
	if have && haveEnd >= groups[ng-1].end {
		return cand{}, false
	}
	// phone: the longest group prefix that reads as a valid number
	for g := ng - 1; g >= 0; g-- {
		gr := groups[g]
		// "9647701234567+": the plus sign moved to the end by right-to-left
		// editing.
		trailingPlus := false
		if !plus && g == ng-1 && gr.end < len(s) && s[gr.end] == '+' && boundaryAfter(s, gr.end+1) {
			trailingPlus = true
			gr.end++
		}
		if gr.ndig < 7 || gr.ndig > 15 || !boundaryAfter(s, gr.end) || notPhoneGroups(groups[:g+1]) {
			continue
		}
		d := digits[:gr.ndig]
		if plus || trailingPlus {
			d = "+" + d
		} else if groups[0].glen == 1 && g > 0 && ctx != kwPhone {
			continue // "7 306 862": a national number does not start so
		}
		p := parsePhone(d, sc.country)
		if !p.valid && p.intl {
			p = libParse(d, sc.country)
		}
		if !p.valid {
			continue
		}
		if !p.intl && ctx == kwRef {
			continue // "القضية رقم 55123456": a case number
		}
		if !p.intl && ctx != kwPhone {
			// Without + or 00 and without a phone keyword, only a mobile
			// number written as its national format writes it (0770… in
			// Iraq, not 770…, which is as likely a bug or case number; 70…
			// in Lebanon, where mobiles take no 0), its digit groups
			// separated alike.
			if p.typ != phonenumbers.MOBILE && p.typ != phonenumbers.FIXED_LINE_OR_MOBILE {
				continue
			}
			if !p.trunk && !p.writtenNationally(digits[:gr.ndig]) {
				continue
			}
			if mixedSeparators(groups[:ng]) || oneDigit(digits[:gr.ndig]) || referenceContext(s, i, gr.end) {
				continue
			}
		}
		be := gr.end
		// parentheses must pair, but for one opening the number: "(0770 …"
		if open, cls := strings.Count(s[i:be], "("), strings.Count(s[i:be], ")"); open != cls && !(open == cls+1 && s[i] == '(') {
			continue
		}
		c := cand{t: Phone, bs: i, be: be, value: p.e164, valid: true, country: p.region}
		// a "(" that opens the number stays only if closed inside it
		if s[i] == '(' && !strings.Contains(s[i:be], ")") {
			c.bs++
		}
		return c, true
	}
	return cand{}, false
}

// oneDigit reports a run of one repeated digit, such as the
// 000000000000000 that emulators report as their IMEI.
func oneDigit(d string) bool {
	return strings.Count(d, d[:1]) == len(d)
}

// referenceContext reports a number written as a reference rather than a
// phone: right after "#" (a bug, case or ticket number, possibly with a
// space between), inside a path or URL (after or before "/", "=", "_"),
// after a word and a hyphen ("comment-34292423"), or before "+" or "@".
func referenceContext(s string, i, end int) bool {
	j := i
	for j > 0 && s[j-1] == ' ' && i-j < 2 {
		j--
	}
	if j > 0 && s[j-1] == '#' {
		return true
	}
	if i > 0 && strings.IndexByte("/=_\\", s[i-1]) >= 0 {
		return true
	}
	if i > 1 && s[i-1] == '-' && isASCIILetter(rune(s[i-2])) { // "comment-34292423"
		return true
	}
	return end < len(s) && strings.IndexByte("/=_+@", s[end]) >= 0
}

// mixedSeparators reports digit groups separated by more than one kind of
// separator (space, dash, dot), as in "09 2021 -0500"; parentheses do not
// count: "(0770) 123-4567" is fine.
func mixedSeparators(gs []group) bool {
	var kind rune
	for _, g := range gs[1:] {
		if g.sep == '(' || g.sep == ')' {
			continue
		}
		k := g.sep
		if isDash(k) {
			k = '-'
		} else if k == 0x00A0 || k == 0x202F {
			k = ' '
		}
		if kind != 0 && k != kind {
			return true
		}
		kind = k
	}
	return false
}

func spaceDashGroups(gs []group) bool {
	for _, g := range gs[1:] {
		if g.sepLen != 1 || !(g.sep == ' ' || isDash(g.sep)) {
			return false
		}
	}
	return true
}

// cardGrouping accepts an unbroken number, groups of four (the last may be
// shorter) and the 4-6-5 / 4-6-4 layout of 15- and 14-digit cards.
func cardGrouping(gs []group) bool {
	if len(gs) == 1 {
		return true
	}
	if !spaceDashGroups(gs) {
		return false
	}
	if len(gs) == 3 && gs[0].glen == 4 && gs[1].glen == 6 && (gs[2].glen == 5 || gs[2].glen == 4) {
		return true
	}
	for k, g := range gs {
		if g.glen != 4 && !(k == len(gs)-1 && g.glen < 4) {
			return false
		}
	}
	return true
}

// notPhoneGroups reports groups that are no phone number: three groups in
// a row shaped like a date (d.m.yyyy, yyyy-mm-dd …), dotted groups with a
// one-digit group, as in the version number 79.0.3945.130, or dots mixed
// with other separators.
func notPhoneGroups(gs []group) bool {
	for k := 0; k+3 <= len(gs); k++ {
		g0, g1, g2 := gs[k], gs[k+1], gs[k+2]
		if g1.sep != g2.sep || g1.sep == ' ' || g1.sepLen != 1 || g2.sepLen != 1 {
			continue
		}
		a, b, c := g0.glen, g1.glen, g2.glen
		if (a <= 2 && b <= 2 && (c == 4 || c == 2)) || (a == 4 && b <= 2 && c <= 2) {
			return true
		}
	}
	dot, other := false, false
	for k, g := range gs {
		if k > 0 && g.sep == '.' && (g.glen == 1 || gs[k-1].glen == 1) {
			return true
		}
		if k > 0 {
			dot = dot || g.sep == '.'
			other = other || g.sep != '.'
		}
	}
	return dot && other // "7 306.862 198": dots mixed with other separators
}
