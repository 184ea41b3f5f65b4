package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/jisr-cell/jisr"
)

//go:embed locales/*.json
var localeFS embed.FS

// Languages of the interface, Arabic first (the default).
var Languages = []string{"ar", "en", "fr"}

var (
	messages = loadMessages()
	matcher  = language.NewMatcher([]language.Tag{language.Arabic, language.English, language.French})
)

func loadMessages() map[string]map[string]string {
	m := map[string]map[string]string{}
	for _, l := range Languages {
		b, err := localeFS.ReadFile("locales/" + l + ".json")
		if err != nil {
			panic("web: locale " + l + ": " + err.Error())
		}
		var kv map[string]string
		if err := json.Unmarshal(b, &kv); err != nil {
			panic("web: locale " + l + ": " + err.Error())
		}
		m[l] = kv
	}
	return m
}

func validLang(l string) bool {
	for _, x := range Languages {
		if l == x {
			return true
		}
	}
	return false
}

// negotiate picks the interface language: the lang cookie (the user's
// choice in the header), else the user's saved preference, else
// Accept-Language, else Arabic.
func negotiate(r *http.Request, u *jisr.User) string {
	if c, err := r.Cookie("lang"); err == nil && validLang(c.Value) {
		return c.Value
	}
	if u != nil && validLang(u.Lang) {
		return u.Lang
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := matcher.Match(tags...)
			if conf != language.No {
				return Languages[idx]
			}
		}
	}
	return "ar"
}

// Locale translates and formats for one language.
type Locale struct {
	Lang        string
	ArabicDigit bool // write numbers with Arabic-Indic digits (Arabic only)
}

// Dir is the text direction of the language.
func (l Locale) Dir() string {
	if l.Lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// T translates a key; extra arguments fill %s/%d verbs of the message.
// A key missing in the language falls back to English, then to the key.
func (l Locale) T(key string, args ...any) string {
	s, ok := messages[l.Lang][key]
	if !ok {
		if s, ok = messages["en"][key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		for i, a := range args {
			switch v := a.(type) {
			case int:
				args[i] = l.Num(v)
			case int64:
				args[i] = l.Num(v)
			}
		}
		s = fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether a key exists.
func (l Locale) Has(key string) bool {
	_, ok := messages[l.Lang][key]
	return ok
}

// TE translates an enumerated value (prefix.value), showing the raw value if
// no translation exists (for values outside the pick lists).
func (l Locale) TE(prefix, value string) string {
	if value == "" {
		return ""
	}
	k := prefix + "." + value
	if s, ok := messages[l.Lang][k]; ok {
		return s
	}
	if s, ok := messages["en"][k]; ok {
		return s
	}
	return value
}

var arabicDigits = strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤",
	"5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩", ",", "٬", ".", "٫")

var arabicDigitsOnly = strings.NewReplacer("0", "٠", "1", "١", "2", "٢", "3", "٣", "4", "٤",
	"5", "٥", "6", "٦", "7", "٧", "8", "٨", "9", "٩")

// Digits rewrites the digits of s for the reader (dates, counts); codes and
// identifiers are never passed through it.
func (l Locale) Digits(s string) string {
	if l.ArabicDigit {
		return arabicDigitsOnly.Replace(s)
	}
	return s
}

// Num formats a number with grouped thousands and at most two decimals.
func (l Locale) Num(v any) string {
	var f float64
	switch x := v.(type) {
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		return fmt.Sprint(v)
	}
	s := groupThousands(f)
	if l.ArabicDigit {
		return arabicDigits.Replace(s)
	}
	if l.Lang == "fr" {
		// French groups with a narrow no-break space and uses a decimal comma.
		return strings.NewReplacer(",", "\u202f", ".", ",").Replace(s)
	}
	return s
}

func groupThousands(f float64) string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Date writes a calendar date (YYYY-MM-DD, or a time) in long form: in
// Arabic with the Levantine month name and the Gulf/Egyptian one, as
// "25 تشرين الثاني/نوفمبر 2026".
func (l Locale) Date(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		t = x.UTC()
	case *time.Time:
		if x == nil || x.IsZero() {
			return ""
		}
		t = x.UTC()
	case string:
		if x == "" {
			return ""
		}
		var err error
		if t, err = time.Parse(time.DateOnly, x); err != nil {
			return x
		}
	default:
		return fmt.Sprint(v)
	}
	month := l.T("month." + strconv.Itoa(int(t.Month())))
	return l.Digits(fmt.Sprintf("%d %s %d", t.Day(), month, t.Year()))
}

// ISODate writes YYYY-MM-DD, for dense tables, isolated left to right.
func (l Locale) ISODate(v any) template.HTML {
	switch x := v.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return ltr(keepOrder(l.Digits(x.UTC().Format(time.DateOnly))))
	case string:
		return ltr(keepOrder(l.Digits(x)))
	}
	return ltr(fmt.Sprint(v))
}

// DateTime writes a UTC timestamp as YYYY-MM-DD HH:MM UTC, isolated left
// to right.
func (l Locale) DateTime(t time.Time) template.HTML {
	return ltr(l.DateTimeText(t))
}

// DateTimeText is DateTime as plain text (attributes, scripts).
func (l Locale) DateTimeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return keepOrder(l.Digits(t.UTC().Format("2006-01-02 15:04"))) + " UTC"
}

// Country is the name of a country in the interface language.
func (l Locale) Country(code string) string {
	n, ok := jisr.Countries[code]
	if !ok {
		return code
	}
	if l.Lang == "ar" {
		return n[1]
	}
	if l.Lang == "fr" {
		if f, ok := messages["fr"]["country."+code]; ok {
			return f
		}
	}
	return n[0]
}

// CountryOther is the country name in the other script (for names shown in both).
func (l Locale) CountryOther(code string) string {
	n, ok := jisr.Countries[code]
	if !ok {
		return ""
	}
	if l.Lang == "ar" {
		return n[0]
	}
	return n[1]
}

// Pick returns the Arabic or the Latin-script form of a name for the
// interface language.
func (l Locale) Pick(ar, latin string) string {
	if l.Lang == "ar" && ar != "" || latin == "" {
		return ar
	}
	return latin
}

// Other returns the form of a name in the other script, if different.
func (l Locale) Other(ar, latin string) string {
	main := l.Pick(ar, latin)
	if main == ar && latin != ar {
		return latin
	}
	if main == latin && ar != latin {
		return ar
	}
	return ""
}

// ErrorText translates the user-safe message of an error.
func (l Locale) ErrorText(err error) string {
	if err == nil {
		return ""
	}
	code := jisr.ErrorCode(err)
	if code == "" {
		return ""
	}
	// An invalid input, a refusal or a conflict carries its reason key and
	// parameters from where it arose (jisr.Because, jisr.Refused).
	if reason, params := jisr.ErrorReason(err); reason != "" && l.Has("reason."+reason) {
		return l.reasonText(reason, params)
	}
	if code == "invalid" {
		return l.invalidText(jisr.ErrorMessage(err))
	}
	return l.T("err." + code)
}

// reasonText renders a reason key and its parameters (jisr.Because) whole
// in the language: a record kind or entity schema named as the language
// names it, other values (codes, identifiers, numbers) isolated left to
// right.
func (l Locale) reasonText(reason string, params []string) string {
	args := make([]any, len(params))
	for i, v := range params {
		switch {
		case reason == "required_for" && v == string(jisr.KindSeizure):
			args[i] = l.TE("kind", v)
		case (reason == "f_role_enter" || reason == "f_role_release_request" || reason == "f_role_consent") && l.Has("role."+v):
			args[i] = l.T("role." + v)
		case reason == "c_consent_asked" && i == 1:
			args[i] = l.TE("consentstatus", v)
		case reason == "required_for":
			if sc := jisr.SchemaByName(v); sc != nil {
				args[i] = l.Pick(sc.LabelAR, sc.LabelEN)
				if l.Lang == "fr" && l.Has("schema."+v) {
					args[i] = l.T("schema." + v)
				}
			} else {
				args[i] = v
			}
		default:
			args[i] = LTRText(v)
		}
	}
	return l.T("reason."+reason, args...)
}

// invalidText is an invalid-input error that carries no reason key: in
// English as written, in another language the generic message with the
// English beside it. Errors are never translated by matching their English
// text: whatever a user meets carries a reason key (jisr.Because) from
// where it arises, rendered by reasonText.
func (l Locale) invalidText(msg string) string {
	if l.Lang == "en" {
		return msg
	}
	return l.T("err.invalid") + " (" + msg + ")"
}
