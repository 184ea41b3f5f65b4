package sheet

import (
	"strings"
	"unicode"

	"github.com/jisr-cell/jisr"
)

func arabic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Pick finds v in a pick list: the value itself, with spaces for dashes,
// or a synonym (Arabic names as offices write them), compared folded.
func Pick(v string, list []string, syn map[string]string) string {
	fv := fold(strings.ReplaceAll(v, "-", " "))
	if fv == "" {
		return ""
	}
	for _, x := range list {
		if fold(strings.ReplaceAll(x, "-", " ")) == fv {
			return x
		}
	}
	for k, x := range syn {
		if fold(k) == fv {
			return x
		}
	}
	for k, x := range syn { // a longer cell that names the value
		if fk := fold(k); len([]rune(fk)) >= 4 && strings.Contains(fv, fk) {
			return x
		}
	}
	return ""
}

var substanceSyn = map[string]string{
	"كبتاغون": "captagon", "كبتاجون": "captagon", "كابتاغون": "captagon", "حبوب كبتاغون": "captagon", "الكبتاغون": "captagon",
	"امفيتامين": "amphetamine", "أمفيتامين": "amphetamine", "ميثامفيتامين": "methamphetamine", "كريستال": "methamphetamine",
	"الكريستال ميث": "methamphetamine", "شبو": "methamphetamine", "crystal meth": "methamphetamine", "meth": "methamphetamine",
	"حشيش": "cannabis-resin", "الحشيش": "cannabis-resin", "hashish": "cannabis-resin", "hash": "cannabis-resin",
	"ماريجوانا": "cannabis-herb", "قنب": "cannabis-herb", "marijuana": "cannabis-herb", "cannabis": "cannabis-herb",
	"هيروين": "heroin", "كوكايين": "cocaine", "ترامادول": "tramadol", "بريغابالين": "pregabalin", "ليريكا": "pregabalin",
	"lyrica": "pregabalin", "كلونازيبام": "clonazepam", "أخرى": "other",
}

var unitSyn = map[string]string{
	"حبة": "pills", "حبه": "pills", "حبوب": "pills", "قرص": "pills", "أقراص": "pills", "pill": "pills", "tablets": "pills", "tablet": "pills",
	"كغ": "kg", "كغم": "kg", "كيلو": "kg", "كيلوغرام": "kg", "كيلوجرام": "kg", "kilogram": "kg", "kilograms": "kg", "kgs": "kg",
	"غ": "g", "غرام": "g", "جرام": "g", "غم": "g", "gram": "g", "grams": "g",
	"لتر": "l", "ليتر": "l", "litre": "l", "liter": "l", "litres": "l",
}

var concealmentSyn = map[string]string{
	"رمان": "fruit-pomegranates", "تفاح": "fruit-apples", "برتقال": "fruit-oranges", "معجون التمر": "date-paste", "عجوة": "date-paste",
	"حلويات": "sweets", "جبنة": "cheese-boxes", "قهوة": "coffee-bags", "طبالي": "wooden-pallets", "منصات خشبية": "wooden-pallets",
	"صفائح حديد": "iron-sheets", "أرضية الشاحنة": "truck-floor", "أرضية": "truck-floor", "رديتر": "truck-radiator", "المبرد": "truck-radiator",
	"إطارات": "tyres", "الإطارات": "tyres", "خزان الوقود": "fuel-tank", "خزان الديزل": "fuel-tank", "آلات": "machinery",
	"سخان": "water-heater", "مجفف": "tumble-drier", "مكيف": "air-conditioning-unit", "أثاث": "furniture", "أسرة معدنية": "metal-beds",
	"حجارة": "construction-stones", "بلوك": "construction-stones", "أسطوانات ورق": "paper-cylinders", "بودرة": "crushed-powder",
	"طائرة مسيرة": "drone", "درون": "drone", "مقذوف": "projectile", "على الجسم": "body-carry", "حقائب": "luggage", "الأمتعة": "luggage",
}

// Country reads a country: its ISO code, or its English or Arabic name
// (with or without the article).
func Country(v string) string {
	if c := strings.ToUpper(strings.TrimSpace(v)); jisr.ValidCountry(c) {
		if _, ok := jisr.Countries[c]; ok {
			return c
		}
	}
	fv := fold(v)
	for c, names := range jisr.Countries {
		for _, n := range names {
			fn := fold(n)
			if fn == fv || fold("ال"+n) == fv || strings.TrimPrefix(fv, "ال") == strings.TrimPrefix(fn, "ال") {
				return c
			}
		}
	}
	for k, c := range countrySyn {
		if fold(k) == fv {
			return c
		}
	}
	return ""
}

var countrySyn = map[string]string{
	"سورية": "SY", "سوري": "SY", "سورية العربية": "SY", "syrian": "SY", "عراقي": "IQ", "iraqi": "IQ", "أردني": "JO", "jordanian": "JO",
	"لبناني": "LB", "lebanese": "LB", "سعودي": "SA", "saudi": "SA", "المملكة العربية السعودية": "SA", "ksa": "SA", "إماراتي": "AE",
	"uae": "AE", "emirati": "AE", "كويتي": "KW", "مصري": "EG", "egyptian": "EG", "تركي": "TR", "turkey": "TR", "turkish": "TR",
	"إيراني": "IR", "iranian": "IR", "يمني": "YE", "فلسطيني": "PS",
}

// Crossing finds a crossing or port by code, English or Arabic name.
func Crossing(v string) *jisr.PlaceRef {
	fv := fold(v)
	if p := jisr.PlaceByCode(strings.ToUpper(strings.TrimSpace(v))); p != nil {
		return p
	}
	for i := range jisr.Places {
		p := &jisr.Places[i]
		if p.Kind != "crossing" && p.Kind != "port" {
			continue
		}
		for _, n := range []string{p.NameEN, p.NameAR} {
			if fn := fold(n); fn == fv || (len([]rune(fv)) >= 4 && strings.Contains(fn, fv)) || strings.Contains(fv, fn) {
				return p
			}
		}
	}
	return nil
}
