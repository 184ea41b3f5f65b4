package names

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the structure of one name part.
type Kind uint8

const (
	Plain    Kind = iota // a simple name: Muhammad, الأسعد (the article is not part of it)
	Abd                  // Abd + name: Abd al-Rahman, عبد الرحمن; Stem holds the name after Abd
	AbdAllah             // Abdullah, Abdallah, عبد الله (no stem)
	Abu                  // Abu + name: Abu Bakr, أبو بكر
	Din                  // name + ad-Din: Nur al-Din, نور الدين
	Allah                // name + Allah other than Abd: Nasrallah, نصر الله
	Initial              // a single letter: "M."
)

var kindNames = [...]string{"plain", "abd", "abdallah", "abu", "din", "allah", "initial"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Script of a name part.
type Script uint8

const (
	Latin Script = iota
	Arabic
)

// Part is one parsed name part.
type Part struct {
	Text   string // the words of the input it was made from, as written
	Kind   Kind
	Script Script
	// Stem is the normalised spelling of the part without its article and
	// compound words: "rahman" for "Abd al-Rahman", "رحمن" for عبد الرحمن.
	Stem    string
	Article bool // it had an article (al-, el-, ash-, ال)
	// readings are the ways the part may be read (a glued "Alasad" may be
	// al-Asad or Alasad); the first is the likely one.
	readings []reading
}

// reading is one transliterated reading of a part.
type reading struct {
	atoms  []atom
	ll     []atom // Latin only: atoms for comparing with another Latin spelling
	strict string // strictly normalised stem (Arabic) or Latin stem, for exact equality
}

// latinReading reads a normalised Latin stem.
func latinReading(stem string) reading {
	f := frenchW(stem)
	return reading{atoms: latinAtoms(f), ll: latinAtoms(llForm(f)), strict: stem}
}

// frenchW rewrites the French spelling of w, "ou" before a vowel, as w:
// Oualid, Merouane, Azzaoui, Badaoui.
func frenchW(s string) string {
	if !strings.Contains(s, "ou") {
		return s
	}
	b := []byte(s)
	out := b[:0:0]
	for i := 0; i < len(b); i++ {
		if b[i] == 'o' && i+2 < len(b) && b[i+1] == 'u' && (b[i+2] == 'a' || b[i+2] == 'e' || b[i+2] == 'i') {
			out = append(out, 'w')
			i++
			continue
		}
		out = append(out, b[i])
	}
	return string(out)
}

// llForm prepares a Latin stem for comparison with another Latin
// spelling: y and w inside the word, and a w starting it before a vowel,
// are read as vowels, so Ziad meets Ziyad, Nayef Naif and Walid Oualid.
func llForm(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case c == 'y' && i > 0:
			b[i] = 'i'
		case c == 'w' && (i > 0 || len(b) > 1 && isVowelByte(b[1])):
			b[i] = 'u'
		}
	}
	return string(b)
}

// Name is a parsed full name.
type Name struct {
	Input string
	Parts []Part
}

type word struct {
	text   string // as written
	norm   string // normalised: Latin a–z and ', Arabic lightly normalised
	arabic bool
	dot    bool // followed by a dot (initials)
	// afterArticle: the word follows a separate article (El Assaad), so
	// it has no glued one.
	afterArticle bool
}

// Bounds on what a name may hold; input beyond them is ignored.
const (
	maxWordLen = 64 // bytes of a normalised word
	maxWords   = 24
)

// splitWords splits a name on spaces, hyphens, dots, commas and other
// punctuation; the apostrophe stays inside Latin words (Ja'far).
func splitWords(s string) []word {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	var out []word
	var cur []rune
	flush := func(dot bool) {
		if len(cur) == 0 {
			return
		}
		t := string(cur)
		cur = cur[:0]
		w := word{text: t, dot: dot}
		if hasArabic(t) {
			w.arabic = true
			w.norm = lightNorm(t)
			// Drop anything but Arabic letters.
			w.norm = strings.Map(func(r rune) rune {
				if isArabicLetter(r) {
					return r
				}
				return -1
			}, w.norm)
		} else {
			w.norm = strings.Map(func(r rune) rune {
				if r >= 'a' && r <= 'z' || r == '\'' {
					return r
				}
				return -1
			}, NormalizeLatin(t, true))
			w.norm = strings.Trim(w.norm, "'")
		}
		// No name word is this long; bound the cost of comparing.
		w.norm = clip(w.norm, maxWordLen)
		if w.norm != "" && len(out) < maxWords {
			out = append(out, w)
		}
	}
	for _, r := range norm_NFKC(s) {
		switch {
		case r == '\'' || r == 'ʿ' || r == 'ʾ' || r == '’' || r == '‘' || r == '`' || r == '´' || r == 'ʼ' || r == 'ʻ':
			cur = append(cur, r)
		case r == '.':
			flush(true)
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == 0x0640 || r == 0x200C || r == 0x200D:
			if len(cur) > 0 && hasArabic(string(r)) != hasArabic(string(cur)) && unicode.IsLetter(r) && !unicode.IsDigit(cur[len(cur)-1]) {
				flush(false) // a change of script splits words
			}
			cur = append(cur, r)
		default:
			flush(false)
		}
	}
	flush(false)
	return out
}

// Latin words that are particles of lineage or house, dropped from
// comparison: bin, ibn, bint, ben, ould (Mauritania), Al (house of).
var latinParticles = map[string]bool{
	"bin": true, "ibn": true, "bint": true, "ben": true, "bn": true, "ould": true,
	"ould'": true, "wuld": true, "walad": true, "binti": true, "bte": true, "bt": true,
}

var arabicParticles = map[string]bool{"بن": true, "ابن": true, "بنت": true, "ولد": true, "إبن": true, "أبن": true}

// Abbreviations agencies use for Muhammad.
var latinAbbrev = map[string]string{"mohd": "muhammad", "muhd": "muhammad", "mhd": "muhammad", "md": "muhammad", "mohd'": "muhammad"}

// Latin forms of the article as a separate word; the assimilated forms
// only count before a word that starts with their consonant (ash-Shami).
var latinArticles = map[string]string{
	"al": "", "el": "", "il": "", "ul": "", "'l": "",
	"ad": "d", "ed": "d", "ud": "d", "adh": "dh", "at": "t", "et": "t", "ath": "th",
	"ar": "r", "er": "r", "ur": "r", "az": "z", "ez": "z", "as": "s", "es": "s",
	"ash": "sh", "esh": "sh", "an": "n", "en": "n", "un": "n", "ay": "", "a": "",
}

var abdWords = map[string]bool{
	"abd": true, "abdul": true, "abdel": true, "abdal": true, "abdol": true, "abdu": true,
	"abdoul": true, "abdou": true, "abdur": true, "abder": true, "abdar": true, "abdus": true,
	"abdes": true, "abdas": true, "abdil": true, "abdi": true, "abed": true, "abdoel": true,
}

var abuWords = map[string]bool{"abu": true, "abou": true, "abo": true, "aboo": true, "abi": true, "abul": true}

// ParseName parses a full name into parts. Articles, particles (bin,
// ibn, ould, بن) and compound words (Abd, Abu, ad-Din, Allah) are folded
// into the parts they belong to.
func ParseName(s string) Name {
	// "FAMILY, Given Father": move the family name to the end.
	if i := strings.IndexAny(s, ",،"); i > 0 && strings.Count(s, ",")+strings.Count(s, "،") == 1 {
		_, w := utf8.DecodeRuneInString(s[i:])
		if head, tail := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+w:]); head != "" && tail != "" {
			s = tail + " " + head
		}
	}
	ws := splitWords(s)
	n := Name{Input: s}
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		var nextW *word
		if i+1 < len(ws) {
			nextW = &ws[i+1]
		}
		if w.arabic {
			p, used := parseArabic(w, ws[i+1:], len(n.Parts) > 0)
			i += used
			if p != nil {
				if (p.Kind == Din || p.Kind == Allah) && p.Stem == "" {
					if attachSuffix(&n, p) {
						continue
					}
					p = arabicCompound(w.text, w.norm, Plain) // a lone الدين or الله
				}
				n.Parts = append(n.Parts, *p)
			}
			continue
		}
		p, used := parseLatin(w, nextW, ws[i+1:], len(n.Parts) > 0)
		i += used
		if p != nil {
			if (p.Kind == Din || p.Kind == Allah) && p.Stem == "" {
				if attachSuffix(&n, p) {
					continue
				}
				p = latinPart(p.Text, w.norm, Plain, false) // a lone Din or Allah
			}
			n.Parts = append(n.Parts, *p)
		}
	}
	return n
}

// attachSuffix joins a separate ad-Din or Allah word to the part before.
func attachSuffix(n *Name, suffix *Part) bool {
	if len(n.Parts) == 0 || suffix.Stem != "" {
		return false
	}
	prev := &n.Parts[len(n.Parts)-1]
	if prev.Kind != Plain {
		return false
	}
	prev.Kind = suffix.Kind
	prev.Text += " " + suffix.Text
	return true
}

func latinPart(text, stem string, kind Kind, article bool) *Part {
	p := &Part{Text: text, Kind: kind, Script: Latin, Stem: stem, Article: article}
	if stem != "" {
		p.readings = []reading{latinReading(stem)}
	}
	return p
}

// parseLatin parses the Latin word w (and maybe words after it); used is
// how many following words it consumed.
func parseLatin(w word, next *word, rest []word, notFirst bool) (*Part, int) {
	t := w.norm
	if latinParticles[t] && next != nil {
		return nil, 0
	}
	if full, ok := latinAbbrev[t]; ok {
		return latinPart(w.text, full, Plain, false), 0
	}
	// Separate article: al Asaad, el-Assaad, ash-Shami, ad-Din.
	if cons, ok := latinArticles[t]; ok && next != nil && !next.arabic && len(next.norm) > 1 {
		if cons == "" && (t == "al" || t == "el" || t == "il" || t == "ul" || t == "'l") ||
			cons != "" && strings.HasPrefix(next.norm, cons) {
			if isDinWord(next.norm) || isAllahWord(next.norm) {
				p, used := parseLatin(*next, nil, nil, notFirst)
				p.Text = w.text + " " + p.Text
				p.Article = true
				return p, used + 1
			}
			nw := *next
			nw.afterArticle = true
			p, used := parseLatin(nw, nextOf(rest, 1), rest[1:], notFirst)
			if p != nil {
				p.Text = w.text + "-" + p.Text
				p.Article = true
			}
			return p, used + 1
		}
	}
	// A separate Abd or Abu word joins the next word.
	if abdWords[t] && next != nil && !next.arabic {
		stem := stripLatinArticle(next.norm)
		if len(rest) > 1 && isLatinArticleWord(next.norm, rest[1].norm) {
			// Abd al-Rahman: "abd", "al", "rahman"
			stem = rest[1].norm
			return abdPart(w.text+" "+next.text+"-"+rest[1].text, stem), 2
		}
		return abdPart(w.text+" "+next.text, stem), 1
	}
	if abuWords[t] && next != nil && !next.arabic {
		stem := stripLatinArticle(next.norm)
		return latinPart(w.text+" "+next.text, stem, Abu, false), 1
	}
	// Separate ad-Din / Allah words.
	if notFirst && isDinWord(t) {
		return &Part{Text: w.text, Kind: Din, Script: Latin}, 0
	}
	if notFirst && isAllahWord(t) {
		return &Part{Text: w.text, Kind: Allah, Script: Latin}, 0
	}
	// An initial.
	if len(t) == 1 || len(t) == 2 && w.dot && t != "al" {
		p := &Part{Text: w.text, Kind: Initial, Script: Latin, Stem: t[:1]}
		p.readings = []reading{latinReading(t[:1])}
		return p, 0
	}
	// Glued Abd: Abdulrahman, Abderrahmane, Abdallah.
	if strings.HasPrefix(t, "abd") && len(t) >= 6 {
		r := t[3:]
		for _, v := range []string{"ou", "u", "e", "a", "o", "i", ""} {
			if strings.HasPrefix(r, v) && isAllahStem(r[len(v):]) {
				return abdPart(w.text, r[len(v):]), 0
			}
		}
		for _, v := range []string{"oul", "oel", "ul", "el", "al", "ol", "il", "ou", "u", "e", "a", "o", "i"} {
			if strings.HasPrefix(r, v) && len(r)-len(v) >= 2 {
				r = r[len(v):]
				break
			}
		}
		return abdPart(w.text, r), 0
	}
	// Glued Abu: Abubakr, Aboubakr.
	for _, pre := range []string{"abou", "abu", "abo"} {
		if strings.HasPrefix(t, pre) && len(t)-len(pre) >= 4 {
			p := latinPart(w.text, t[len(pre):], Abu, false)
			// Also read it as one plain word.
			p.readings = append(p.readings, latinReading(t))
			return p, 0
		}
	}
	// Glued ad-Din: Nureddin, Salahuddin, Noureddine, Salahaldin, Ezzedine.
	if stem, ok := cutDin(t); ok {
		return latinPart(w.text, stem, Din, false), 0
	}
	// Glued Allah: Nasrallah, Nasrullah.
	if stem, ok := cutAllah(t); ok {
		return latinPart(w.text, stem, Allah, false), 0
	}
	// Glued article: Alasad, Aljubouri, Elmalki, Ashshami, Arrashid.
	if stem, ok := cutGluedArticle(t); ok && !w.afterArticle {
		p := latinPart(w.text, stem, Plain, true)
		p.readings = append(p.readings, latinReading(t))
		return p, 0
	}
	return latinPart(w.text, t, Plain, false), 0
}

func nextOf(ws []word, i int) *word {
	if i < len(ws) {
		return &ws[i]
	}
	return nil
}

func isLatinArticleWord(a, next string) bool {
	cons, ok := latinArticles[a]
	if !ok || a == "a" || a == "ay" {
		return false
	}
	return cons == "" || strings.HasPrefix(next, cons)
}

// stripLatinArticle removes a glued article from the word after Abd/Abu
// (Abd Alrahman, Abu Alabbas).
func stripLatinArticle(t string) string {
	for _, a := range []string{"al", "el"} {
		if strings.HasPrefix(t, a) && len(t)-len(a) >= 3 {
			return t[len(a):]
		}
	}
	return t
}

func abdPart(text, stem string) *Part {
	if isAllahStem(stem) {
		return &Part{Text: text, Kind: AbdAllah, Script: Latin, readings: []reading{{strict: "allah"}}}
	}
	return latinPart(text, stripLatinArticle(stem), Abd, false)
}

// isAllahStem: what is left of Abdullah, Abdallah, Abd Allah, Abdulla,
// Abdellah after Abd and its linking vowel.
func isAllahStem(s string) bool {
	switch s {
	case "allah", "alla", "alah", "ala", "llah", "lla", "lah", "la", "ullah", "ulla", "ellah", "ella",
		"illah", "illa", "ollah", "olla", "'llah", "'allah":
		return true
	}
	return false
}

func isDinWord(t string) bool {
	switch t {
	case "din", "deen", "dine", "eddin", "eddine", "uddin", "addin", "iddin", "ddin", "edin", "eddeen", "uddeen", "aldin", "eldin", "ul-din", "oddin":
		return true
	}
	return false
}

func isAllahWord(t string) bool {
	switch t {
	case "allah", "alla", "ullah", "ulla", "allah'", "ellah":
		return true
	}
	return false
}

// cutDin splits a glued -ad-Din compound.
func cutDin(t string) (string, bool) {
	for _, suf := range []string{"eddine", "eddin", "uddin", "addin", "iddin", "oddin", "aldin", "eldin", "ulddin", "edine", "edin", "uddeen", "eddeen", "adeen", "aldeen", "ud-din"} {
		if strings.HasSuffix(t, suf) && len(t)-len(suf) >= 2 {
			return t[:len(t)-len(suf)], true
		}
	}
	return "", false
}

func cutAllah(t string) (string, bool) {
	for _, suf := range []string{"allah", "ullah", "ollah", "ellah", "alla", "ulla"} {
		if strings.HasSuffix(t, suf) && len(t)-len(suf) >= 3 {
			return t[:len(t)-len(suf)], true
		}
	}
	return "", false
}

// cutGluedArticle splits Alasad, Eljubouri, Elmalki. (Glued assimilated
// forms such as Ashshami are too rare to be worth confusing Assaad.)
func cutGluedArticle(t string) (string, bool) {
	for _, a := range []string{"al", "el"} {
		if strings.HasPrefix(t, a) && len(t)-len(a) >= 4 {
			return t[len(a):], true
		}
	}
	return "", false
}

// parseArabic parses an Arabic word and maybe the words after it.
func parseArabic(w word, rest []word, notFirst bool) (*Part, int) {
	t := w.norm
	st := strictOf(t)
	if arabicParticles[st] && len(rest) > 0 {
		return nil, 0
	}
	if st == "ال" && len(rest) > 0 { // آل (house of) or a detached article
		return nil, 0
	}
	if st == "عبد" && len(rest) > 0 && rest[0].arabic {
		stem := stripArabicArticle(rest[0].norm)
		return arabicCompound(w.text+" "+rest[0].text, stem, Abd), 1
	}
	if (st == "ابو" || st == "ابي" || st == "ابا") && len(rest) > 0 && rest[0].arabic {
		stem := stripArabicArticle(rest[0].norm)
		return arabicCompound(w.text+" "+rest[0].text, stem, Abu), 1
	}
	if notFirst && st == "الدين" {
		return &Part{Text: w.text, Kind: Din, Script: Arabic}, 0
	}
	if notFirst && st == "الله" {
		return &Part{Text: w.text, Kind: Allah, Script: Arabic}, 0
	}
	rs := []rune(t)
	if strings.HasPrefix(st, "عبدال") && len(rs) >= 6 {
		return arabicCompound(w.text, string(rs[5:]), Abd), 0
	}
	if strings.HasSuffix(st, "الدين") && len(rs) >= 7 {
		return arabicCompound(w.text, string(rs[:len(rs)-5]), Din), 0
	}
	if strings.HasSuffix(st, "الله") && len(rs) >= 6 {
		return arabicCompound(w.text, string(rs[:len(rs)-4]), Allah), 0
	}
	if len(rs) == 1 {
		p := &Part{Text: w.text, Kind: Initial, Script: Arabic, Stem: st}
		p.readings = []reading{{atoms: arabicAtoms(t), strict: st}}
		return p, 0
	}
	if strings.HasPrefix(st, "ال") && len(rs) >= 4 {
		stem := string(rs[2:])
		p := arabicCompound(w.text, stem, Plain)
		p.Article = true
		p.readings = append(p.readings, reading{atoms: arabicAtoms(t), strict: st})
		return p, 0
	}
	return arabicCompound(w.text, t, Plain), 0
}

func arabicCompound(text, stem string, k Kind) *Part {
	st := strictOf(stem)
	if k == Abd && (st == "له" || st == "لله" || st == "الله") {
		return &Part{Text: text, Kind: AbdAllah, Script: Arabic, readings: []reading{{strict: "allah"}}}
	}
	return &Part{Text: text, Kind: k, Script: Arabic, Stem: st,
		readings: []reading{{atoms: arabicAtoms(stem), strict: st}}}
}

func stripArabicArticle(t string) string {
	rs := []rune(t)
	if len(rs) >= 4 && strings.HasPrefix(strictOf(t), "ال") {
		return string(rs[2:])
	}
	if strictOf(t) == "الله" {
		return t
	}
	return t
}

func strictOf(t string) string {
	return strings.Map(strictArabic, t)
}
