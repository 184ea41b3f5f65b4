package selectors

import "testing"

func TestNormalizePlate(t *testing.T) {
	runNormCases(t, []normCase{
		// Iraq: governorate, number, series letter, in any order and script.
		{Plate, "بغداد ١٢٣٤٥ أ", "IQ", "IQ:BG:12345:ا", true, "IQ"},
		{Plate, "أ ١٢٣٤٥ بغداد", "IQ", "IQ:BG:12345:ا", true, "IQ"},
		{Plate, "Baghdad 12345 A", "iq", "IQ:BG:12345:ا", true, "IQ"},
		{Plate, "بغداد خصوصي 12345 ا", "IQ", "IQ:BG:12345:ا", true, "IQ"},
		{Plate, "البصرة ٥٤٣٢١ ب", "IQ", "IQ:BA:54321:ب", true, "IQ"},
		{Plate, "Basra 54321 B", "IQ", "IQ:BA:54321:ب", true, "IQ"},
		{Plate, "ذي قار ٧٧٧ ج", "IQ", "IQ:DQ:777:ج", true, "IQ"},
		{Plate, "صلاح الدين 4455", "IQ", "IQ:SD:4455", true, "IQ"},
		{Plate, "أربيل 22334 هـ", "IQ", "IQ:AR:22334:ه", true, "IQ"},
		{Plate, "12345 أ", "IQ", "IQ:12345:ا", false, "IQ"}, // governorate missing
		// Iraq, unified plates: governorate code, Latin letter, number.
		{Plate, "11 A 12345", "IQ", "IQ:BG:A:12345", true, "IQ"},
		{Plate, "22-B-4567", "IQ", "IQ:AR:B:4567", true, "IQ"},
		{Plate, "١٤ c ٩٨٧٦٥", "IQ", "IQ:BA:C:98765", true, "IQ"},
		{Plate, "23 H 100", "IQ", "IQ:HJ:H:100", true, "IQ"},
		{Plate, "30 A 12345", "IQ", "IQ:30A12345", false, "IQ"}, // no governorate 30
		{Plate, "دمشق 12345", "IQ", "IQ:SY-DI12345", false, "IQ"},
		// Saudi Arabia: the official Arabic–Latin letter pairs.
		{Plate, "أ ب ح ١٢٣٤", "SA", "SA:ABJ:1234", true, "SA"},
		{Plate, "ابح 1234", "SA", "SA:ABJ:1234", true, "SA"},
		{Plate, "1234 ABJ", "SA", "SA:ABJ:1234", true, "SA"},
		{Plate, "abj-1234", "SA", "SA:ABJ:1234", true, "SA"},
		{Plate, "ص ط ع ٠٠٧٥", "SA", "SA:XTE:75", true, "SA"},
		{Plate, "XTE 75", "SA", "SA:XTE:75", true, "SA"},
		{Plate, "ق ك ل م ن هـ", "SA", "", false, ""}, // no digits
		{Plate, "ق ك ٩٩٩٩", "SA", "SA:GK:9999", false, "SA"},
		{Plate, "و ى د 5555", "SA", "SA:UVD:5555", true, "SA"},
		{Plate, "ک ی د 5555", "SA", "SA:KVD:5555", true, "SA"}, // typed on a Persian keyboard
		{Plate, "UVD 5555", "SA", "SA:UVD:5555", true, "SA"},
		{Plate, "ABC 1234", "SA", "SA:ABC1234", false, "SA"}, // C is no Saudi plate letter
		// Jordan: code and number.
		{Plate, "12-34567", "JO", "JO:12:34567", true, "JO"},
		{Plate, "١٢-٣٤٥٦٧", "JO", "JO:12:34567", true, "JO"},
		{Plate, "12 34567", "JO", "JO:12:34567", true, "JO"},
		{Plate, "1234567", "JO", "JO:12:34567", true, "JO"},
		{Plate, "9-1234", "JO", "JO:9:1234", true, "JO"},
		{Plate, "123456", "JO", "JO:123456", false, "JO"}, // ambiguous split
		// Lebanon: letter and number.
		{Plate, "B 123456", "LB", "LB:B:123456", true, "LB"},
		{Plate, "M-98765", "LB", "LB:M:98765", true, "LB"},
		{Plate, "AP 12", "LB", "LB:AP:12", true, "LB"},
		{Plate, "ب ١٢٣٤٥٦", "LB", "LB:ب123456", false, "LB"},   // Arabic letters not mapped
		{Plate, "B 1234567", "LB", "LB:B1234567", false, "LB"}, // 6 digits at most
		// Syria: governorate and number.
		{Plate, "دمشق ٥٠٨٤٣٢", "SY", "SY:DI:508432", true, "SY"},
		{Plate, "Damascus 508432", "SY", "SY:DI:508432", true, "SY"},
		{Plate, "ريف دمشق 123456", "SY", "SY:RD:123456", true, "SY"},
		{Plate, "حمص ٦٥٤٣٢١", "SY", "SY:HI:654321", true, "SY"},
		{Plate, "حمص خاصة ٦٥٤٣٢١", "SY", "SY:HI:654321", true, "SY"},
		{Plate, "Deir ez-Zor 1234", "SY", "SY:DY:1234", true, "SY"},
		{Plate, "دیر الزور ۱۲۳۴", "SY", "SY:DY:1234", true, "SY"}, // Persian ی and digits
		{Plate, "الحسکة 55", "SY", "SY:HA:55", true, "SY"},        // Persian ک
		{Plate, "دمشق 1234567", "SY", "SY:SY-DI1234567", false, "SY"},
		// Other countries and unknown: generic.
		{Plate, "34 abc 123", "TR", "TR:34ABC123", true, "TR"},
		{Plate, "ab-12.34", "", "XX:AB1234", true, ""},
		{Plate, "بغداد ١٢٣٤٥ أ", "", "IQ:BG:12345:ا", true, "IQ"},
		{Plate, "Homs 654321", "", "SY:HI:654321", true, "SY"},
		{Plate, "س ص ١٢٣", "EG", "EG:سص123", true, "EG"},
		// Malformed.
		{Plate, "ABC", "IQ", "", false, ""},
		{Plate, "12345", "Iraq", "", false, ""},
		{Plate, "12345 <script>", "IQ", "", false, ""},
	})
}

// The country is part of a plate's identity.
func TestPlateCountryInKey(t *testing.T) {
	a, _ := Normalize(Plate, "12345", "TR")
	b, _ := Normalize(Plate, "12345", "GR")
	if a.Key() == b.Key() {
		t.Fatalf("plates of two countries share a key: %s", a.Key())
	}
	c, _ := Normalize(Plate, "أ ب ح ١٢٣٤", "SA")
	d, _ := Normalize(Plate, "ح ب أ ١٢٣٤", "SA")
	if c.Key() == d.Key() {
		t.Fatalf("letter order lost: %s", c.Key())
	}
}

func TestFoldName(t *testing.T) {
	for in, want := range map[string]string{
		"البصرة":       "بصره",
		"الأنبار":      "انبار",
		"Deir ez-Zor":  "deir ez zor",
		" ذي  قار ":    "ذي قار",
		"إدلب":         "ادلب",
		"ديالى":        "ديالي",
		"الـــرقة":     "رقه",
		"ال":           "ال",
		"الى":          "الي", // too short to lose its ال
		"Rif  Dimashq": "rif dimashq",
	} {
		if got := foldName(in); got != want {
			t.Errorf("foldName(%q) = %q, want %q", in, got, want)
		}
	}
}
