package selectors

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

type want struct {
	t     Type
	value string
	raw   string
	valid bool
}

func (w want) String() string { return fmt.Sprintf("%s %s %q %v", w.t, w.value, w.raw, w.valid) }

func checkExtract(t *testing.T, text, cc string, wants []want) {
	t.Helper()
	got := Extract(text, cc)
	var g, w []string
	for _, s := range got {
		g = append(g, want{s.Type, s.Value, s.Raw, s.Valid}.String())
		if rs := []rune(text); s.Start < 0 || s.End > len(rs) || s.Start >= s.End || string(rs[s.Start:s.End]) != s.Raw {
			t.Errorf("%q: offsets %d..%d do not hold %q", text, s.Start, s.End, s.Raw)
		}
	}
	for _, x := range wants {
		w = append(w, x.String())
	}
	if strings.Join(g, "\n") != strings.Join(w, "\n") {
		t.Errorf("Extract(%q, %q):\n got:\n  %s\n want:\n  %s", text, cc, strings.Join(g, "\n  "), strings.Join(w, "\n  "))
	}
}

func TestExtractIssueExamples(t *testing.T) {
	text := "ضبط شاحنة تحمل لوحة بغداد ١٢٣٤٥ أ وهاتف السائق ٠٧٧٠١٢٣٤٥٦٧"
	got := Extract(text, "IQ")
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	// positions counted in runes, checked by hand
	if p := got[0]; p.Type != Plate || p.Value != "IQ:BG:12345:ا" || p.Raw != "بغداد ١٢٣٤٥ أ" || p.Start != 20 || p.End != 33 || !p.Valid || p.Country != "IQ" {
		t.Errorf("plate: %+v", p)
	}
	if p := got[1]; p.Type != Phone || p.Value != "+9647701234567" || p.Raw != "٠٧٧٠١٢٣٤٥٦٧" || p.Start != 47 || p.End != 58 || !p.Valid || p.Country != "IQ" {
		t.Errorf("phone: %+v", p)
	}
	checkExtract(t, "container MSCU1234566 on vessel IMO 9074729", "", []want{
		{Container, "MSCU1234566", "MSCU1234566", true},
		{IMO, "9074729", "IMO 9074729", true},
	})
}

func TestExtract(t *testing.T) {
	cases := []struct {
		name, text, cc string
		wants          []want
	}{
		{"phones of the region", "اتصل من 0791234567 ثم من +961 3 123 456 ثم 00963-944-123-456 و(078) 512-3456", "JO", []want{
			{Phone, "+962791234567", "0791234567", true},
			{Phone, "+9613123456", "+961 3 123 456", true},
			{Phone, "+963944123456", "00963-944-123-456", true},
			{Phone, "+962785123456", "(078) 512-3456", true},
		}},
		{"plus sign at the end, brackets around the code", "رقمه ٩٦٤٧٧٠١٢٣٤٥٦٧+ أو (+962) 79 123 4567", "SA", []want{
			{Phone, "+9647701234567", "٩٦٤٧٧٠١٢٣٤٥٦٧+", true},
			{Phone, "+962791234567", "(+962) 79 123 4567", true},
		}},
		{"two phones side by side", "07701234567 07801234567", "IQ", []want{
			{Phone, "+9647701234567", "07701234567", true},
			{Phone, "+9647801234567", "07801234567", true},
		}},
		{"Persian digits, digits glued to a word", "رقم۰۷۷۰۱۲۳۴۵۶۷ والسائق", "IQ", []want{
			{Phone, "+9647701234567", "۰۷۷۰۱۲۳۴۵۶۷", true},
		}},
		{"Saudi and Lebanese mobiles in their countries", "جوال ٠٥٠١٢٣٤٥٦٧ and 71 123 456", "SA", []want{
			{Phone, "+966501234567", "٠٥٠١٢٣٤٥٦٧", true},
		}},
		{"landline after a phone keyword", "هاتف المكتب 01 719 1234", "IQ", []want{
			{Phone, "+96417191234", "01 719 1234", true},
		}},
		{"national number words", "بطاقته الوطنية ١٩٨٧٠٠١٢٣٤٥٦ and civil ID 287654321012", "IQ", []want{
			{NationalID, "XX:198700123456", "١٩٨٧٠٠١٢٣٤٥٦", true},
			{NationalID, "XX:287654321012", "287654321012", true},
		}},
		{"Lebanese numbers with a slash", "the driver 70/123456, his brother 03/654321; date 12/03/2024", "LB", []want{
			{Phone, "+96170123456", "70/123456", true},
			{Phone, "+9613654321", "03/654321", true},
		}},
		{"Saudi residence permit", "مقيم سوري يحمل إقامة رقم 2109876546", "JO", []want{
			{NationalID, "SA:2109876546", "2109876546", true},
		}},
		{"Lebanese national", "tel 71 123 456 or 03-123456", "LB", []want{
			{Phone, "+96171123456", "71 123 456", true},
			{Phone, "+9613123456", "03-123456", true},
		}},
		{"no phone inside an IBAN", "حول المبلغ إلى IQ98 NBIQ 8501 2345 6789 012 أمس", "IQ", []want{
			{IBAN, "IQ98NBIQ850123456789012", "IQ98 NBIQ 8501 2345 6789 012", true},
		}},
		{"IBAN with a wrong check is still an IBAN", "IBAN JO94CBJO0010000000000131000303.", "JO", []want{
			{IBAN, "JO94CBJO0010000000000131000303", "JO94CBJO0010000000000131000303", false},
		}},
		{"containers in their layouts", "CSQU3054383, MSCU 123456 6 and TGHU 876543-6; bad MSCU1234565", "", []want{
			{Container, "CSQU3054383", "CSQU3054383", true},
			{Container, "MSCU1234566", "MSCU 123456 6", true},
			{Container, "TGHU8765436", "TGHU 876543-6", true},
			{Container, "MSCU1234565", "MSCU1234565", false},
		}},
		{"ship identifiers", "السفينة IMO: 9176187 وMMSI 425123456 and IMO9074728, IMO number 9074729", "", []want{
			{IMO, "9176187", "IMO: 9176187", true},
			{MMSI, "425123456", "MMSI 425123456", true},
			{IMO, "9074728", "IMO9074728", false},
			{IMO, "9074729", "IMO number 9074729", true},
		}},
		{"ship numbers a word after their label", "السفينة IMO رقم ٩٠٧٤٧٢٩ وMMSI الخاص بها 273123456", "", []want{
			{IMO, "9074729", "٩٠٧٤٧٢٩", true},
			{MMSI, "273123456", "273123456", true},
		}},
		{"IMEI without check digit and IMEISV", "IMEI: 49015420323751; IMEISV 4901542032375123", "", []want{
			{IMEI, "490154203237518", "IMEI: 49015420323751", true},
			{IMEI, "490154203237518", "IMEISV 4901542032375123", true},
		}},
		{"IMEI with and without label", "IMEI ٣٥-٢٠٩٩٠٠-١٧٦١٤٨-١ and 490154203237518", "IQ", []want{
			{IMEI, "352099001761481", "IMEI ٣٥-٢٠٩٩٠٠-١٧٦١٤٨-١", true},
			{IMEI, "490154203237518", "490154203237518", true},
		}},
		{"cards", "بطاقة فيزا 4111 1111 1111 1111 وبطاقة 5555-5555-5555-4444 and amex 3782 822463 10005", "", []want{
			{Card, "4111111111111111", "4111 1111 1111 1111", true},
			{Card, "5555555555554444", "5555-5555-5555-4444", true},
			{Card, "378282246310005", "3782 822463 10005", true},
		}},
		{"passport machine-readable zone", "MRZ:\nP<SYRHASSAN<<ALI<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nN012345679SYR8001014M3001019<<<<<<<<<<<<<<04\nICAO specimen L898902C36UTO7408122F1204159ZE184226B<<<<<10 bad N012345689SYR8001014M3001019<<<<<<<<<<<<<<05 worse N012345678SYR8001014M3001019<<<<<<<<<<<<<<04", "IQ", []want{
			{Passport, "SY:N01234567", "N01234567", true},
			{Passport, "XX:L898902C3", "L898902C3", true},
			{Passport, "SY:N01234568", "N01234568", false}, // document check digit wrong, composite holds
		}},
		{"documents after keywords", "جواز سفر سوري رقم N01234567 والرقم الوطني ١٩٨٧٠٠١٢٣٤٥ and Jordanian passport no. A1234567, national ID 9871234567", "", []want{
			{Passport, "SY:N01234567", "N01234567", true},
			{NationalID, "SY:19870012345", "١٩٨٧٠٠١٢٣٤٥", true},
			{Passport, "JO:A1234567", "A1234567", true},
			{NationalID, "JO:9871234567", "9871234567", true},
		}},
		{"plates of four countries", "لوحة سعودية أ ب ح ١٢٣٤ and plate 1234 ABJ, Jordanian plate 12-34567, نمرة دمشق ٥٠٨٤٣٢", "IQ", []want{
			{Plate, "SA:ABJ:1234", "أ ب ح ١٢٣٤", true},
			{Plate, "SA:ABJ:1234", "1234 ABJ", true},
			{Plate, "JO:12:34567", "12-34567", true},
			{Plate, "SY:DI:508432", "دمشق ٥٠٨٤٣٢", true},
		}},
		{"plate number words", "شاحنة لوحة رقم البصرة ٥٤٣٢١ ب محملة", "IQ", []want{
			{Plate, "IQ:BA:54321:ب", "البصرة ٥٤٣٢١ ب", true},
		}},
		{"plate with the default country", "plate B 123456 seen", "LB", []want{
			{Plate, "LB:B:123456", "B 123456", true},
		}},
		{"Saudi letters typed joined, in Saudi text", "لوحة ابح ١٢٣٤ ثم", "SA", []want{
			{Plate, "SA:ABJ:1234", "ابح ١٢٣٤", true},
		}},
		{"a plate that fits no rule is reported invalid", "لوحة ١٢٣٤٥ فقط", "IQ", []want{
			{Plate, "IQ:12345", "١٢٣٤٥", false},
		}},
		{"a plate followed by a phone", "لوحة بغداد ١٢٣٤٥ أ ٠٧٧٠١٢٣٤٥٦٧", "IQ", []want{
			{Plate, "IQ:BG:12345:ا", "بغداد ١٢٣٤٥ أ", true},
			{Phone, "+9647701234567", "٠٧٧٠١٢٣٤٥٦٧", true},
		}},
		{"a list of plates", "ضبطت شاحنتان لوحاتهما: بغداد ١٢٣٤٥ أ والبصرة ٥٤٣٢١ ب", "IQ", []want{
			{Plate, "IQ:BG:12345:ا", "بغداد ١٢٣٤٥ أ", true},
			{Plate, "IQ:BA:54321:ب", "البصرة ٥٤٣٢١ ب", true},
		}},
		{"plates in English", "plates Basra 54321 B and Karbala 777", "IQ", []want{
			{Plate, "IQ:BA:54321:ب", "Basra 54321 B", true},
			{Plate, "IQ:KA:777", "Karbala 777", true},
		}},
		{"unified Iraqi plate", "سيارة لوحة 11 A 12345 وأخرى لوحتها ٢٢ B ٤٥٦٧", "JO", []want{
			{Plate, "IQ:BG:A:12345", "11 A 12345", true},
			{Plate, "IQ:AR:B:4567", "٢٢ B ٤٥٦٧", true},
		}},
		{"English Iraqi plate", "truck with plate Basra 54321 B, driver", "JO", []want{
			{Plate, "IQ:BA:54321:ب", "Basra 54321 B", true},
		}},
		{"wallets", "BTC 1BoatSLRHtKNngkdXEeobR76b53LETtpyT, bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4; USDT TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t ETH 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359 bad 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35A", "", []want{
			{BTC, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", true},
			{BTC, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", true},
			{TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", true},
			{ETH, "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", true},
			{ETH, "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d35a", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d35A", false},
		}},
		{"coordinates", "المعمل عند ٣٣٫٨٥، ٣٥٫٨٦ and the second lab at 33°51'30\"N 35°51'E.", "LB", []want{
			{Coord, "33.85000,35.86000", "٣٣٫٨٥، ٣٥٫٨٦", true},
			{Coord, "33.85833,35.85000", "33°51'30\"N 35°51'E", true},
		}},
		{"coordinates with hemispheres", "GPS N33.8501 E35.8602; المعمل عند ٣٣٫٨٥ شمالاً و٣٥٫٨٦ شرقاً قرب اليمونة", "LB", []want{
			{Coord, "33.85010,35.86020", "N33.8501 E35.8602", true},
			{Coord, "33.85000,35.86000", "٣٣٫٨٥ شمالاً و٣٥٫٨٦ شرقاً", true},
		}},
		{"e-mail", "راسل Ali.Hassan@Example.COM.", "", []want{
			{Email, "ali.hassan@example.com", "Ali.Hassan@Example.COM", true},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkExtract(t, c.text, c.cc, c.wants) })
	}
}

// Numbers that are not selectors must not come out as one.
func TestExtractNegatives(t *testing.T) {
	for _, text := range []string{
		"ضبط 565,000 حبة كبتاغون (110 كغ) بتاريخ 17.02.2024 و2024-02-17 الساعة 14:30",
		"seized 5,380,000 pills worth $20 each, 84 M pills = 14 t, price 3.50, 6.00",
		"case 2024/1187 file 118734 ref 20240217",
		"لوحة",                               // keyword without plate
		"plate shape round, score line",      // keyword, no digits
		"1234567890123",                      // 13 digits, Luhn and scheme fail
		"4111111111111112",                   // Visa prefix, Luhn fails, no keyword
		"passport",                           // keyword alone
		"0x12345",                            // too short for ETH
		"1BoatSLRHtKNngkdXEeobR76b53LETtpyU", // bad checksum
		"CSQX3054383",                        // not a container category
		"IQ98 NBIQ 8501 2345 6789 01",        // IBAN one short
		"email me at @example.com or ali@",
		"في بغداد ٣ ملايين حبة عام ٢٠٢٤",
		"لوحة مزورة عام 2024",
		"اللوحات 3 شاحنات",
		"plate of 2 trucks",
		"phones (E.164), plates, ISO 6346 containers",
		"Thu, 03 2022 -0400 and version 0.25 (2005-04-01)",
		"emulator 000000000000000",
		"the National Laboratory LM96163 and الأمن الوطني 123456",
		"office 01 719 1234", // Baghdad landline without a phone keyword
		"chromium 79.0.3945.130 and 76.0.3809.87-2",
		"release 75  2016-07-31",
		"table 7 306.862 198 and 7 301 862 188",
		"Thu, 09 2021 -0500",
		"bug 7701234567 and 3400113", // national numbers without trunk prefix
		"object-path registration (fd.o #38874)",
	} {
		if got := Extract(text, "IQ"); len(got) != 0 {
			t.Errorf("Extract(%q) = %+v, want nothing", text, got)
		}
	}
}

// Numbers found in software changelogs that read as valid national
// numbers of some country of the region.
func TestExtractNegativesPerCountry(t *testing.T) {
	for _, c := range []struct{ cc, text string }{
		{"LB", "bug 3400113 fixed, see #3694129 and #71600474"},
		{"SY", "Date: Thu, 09 Sep 2021 -0500 and 967832583, 999999999"},
		{"AE", "Date: 05 2019 -0400, ticket 521749519"},
		{"SA", "build 501115509"},
		{"JO", "Date: 07 2019 -0400"},
		{"LB", "signal/tst-minsigstksz-5.  Closes: #1002041."},
		{"KW", "version 99 (2003-11-02)"},
		{"QA", "Closes: #54815033, # 71600474"},
		{"OM", "filler 99999999"},
		{"QA", "https://stackoverflow.com/a/54815033/3782 and ?id=71600474"},
		{"QA", "issues/388#comment-34292423 by 41898282+github-actions, release 510.108.03-1"},
		{"KW", "commit 97117556; القضية رقم 55656208 والملف 60751096"},
		{"IQ", "room 12 N 14 E and ٣٣ شمالاً و٣٥ شرقاً"},
	} {
		if got := Extract(c.text, c.cc); len(got) != 0 {
			t.Errorf("Extract(%q, %s) = %+v, want nothing", c.text, c.cc, got)
		}
	}
	// The same numbers written as phones are found.
	checkExtract(t, "هاتف 3400113 أو 03 400 113", "LB", []want{
		{Phone, "+9613400113", "3400113", true},
		{Phone, "+9613400113", "03 400 113", true},
	})
	// Lebanese mobiles take no trunk 0: 71… as written is a phone.
	checkExtract(t, "السائق 71123456 وأخوه 3123456 و03123456", "LB", []want{
		{Phone, "+96171123456", "71123456", true},
		{Phone, "+9613123456", "03123456", true},
	})
	checkExtract(t, "رقم المهرب 55123456 و5012 3456", "KW", []want{
		{Phone, "+96555123456", "55123456", true},
		{Phone, "+96550123456", "5012 3456", true},
	})
}

// An Arabic narrative full of numbers — dates, times, quantities, weights,
// prices, ages, case and law numbers, thousands separators — and no
// selector, read with every default country of the region.
func TestExtractArabicNumbersAreNotSelectors(t *testing.T) {
	const text = "بتاريخ ٢٠٢٤/٠٢/١٧ الساعة ١٤:٣٠ ضبطت دورية من اللواء ١٢ في منطقة الرطبة ٥٦٥ ألف حبة كبتاغون بوزن ١١٠ كغ، قيمتها ٦ ملايين دولار، أي نحو ٣٫٥ دولار للحبة. رقم القضية ٢٠٢٤/١١٨٧ والمحضر ٤٥٦٧٨٩١٢٣. أحيل المتهمون الثلاثة (٢٥ و٣١ و٤٤ عاماً) إلى محكمة التحقيق المختصة وفق المادة ٢٨ من قانون المخدرات رقم ٥٠ لسنة ٢٠١٧. الشحنة مرت عبر الكيلو ١٦٠ على الطريق الدولي، وكانت الشاحنة تسير بسرعة ٩٠ كم/ساعة. درجة الحرارة ٤٥ درجة. عدد الصناديق ١٢٠٠ صندوق × ٤٧٠ حبة. الكتاب المرقم ٣٤٥٦٧ في ١٠/١/٢٠٢٤. المبلغ ١٬٢٥٠٬٠٠٠ دينار."
	for _, cc := range []string{"IQ", "JO", "LB", "SY", "SA", "AE", "KW", "QA", "BH", "OM"} {
		if got := Extract(text, cc); len(got) != 0 {
			t.Errorf("%s: %+v", cc, got)
		}
	}
}

func TestExtractEmpty(t *testing.T) {
	if got := Extract("", "IQ"); got != nil {
		t.Fatalf("%v", got)
	}
	// Without a default country only international numbers are phones.
	checkExtract(t, "07701234567 +9647701234567", "", []want{{Phone, "+9647701234567", "+9647701234567", true}})
}

// Extract and Normalize agree on the canonical value.
func TestExtractAgreesWithNormalize(t *testing.T) {
	text := "IMO No. 9074729 MMSI: 425123456 هاتف 0770 123 4567 IBAN SA03 8000 0000 6080 1016 7519 container CSQU 305438 3 IMEI 490154203237518 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed لوحة بغداد 12345 أ"
	for _, s := range Extract(text, "IQ") {
		n, err := Normalize(s.Type, s.Raw, "IQ")
		if err != nil || n.Value != s.Value || n.Valid != s.Valid {
			t.Errorf("%s %q: extract %q, normalize %q (%v)", s.Type, s.Raw, s.Value, n.Value, err)
		}
	}
}

// Extraction stays linear on hostile input: four times the text takes
// about four times as long, not sixteen (the test allows ten). Timing is the best of at least
// five runs (more for short ones), so that other work on the machine does
// not decide the verdict.
func TestExtractLinearTime(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing: not with -short or -race")
	}
	inputs := map[string]func(n int) string{
		"dotted words":   func(n int) string { return strings.Repeat("a.", n/2) },
		"dotted @":       func(n int) string { return strings.Repeat("a.", n/2) + "@example.com" },
		"digits":         func(n int) string { return strings.Repeat("1", n) },
		"digit groups":   func(n int) string { return strings.Repeat("12 ", n/3) },
		"dashed digits":  func(n int) string { return strings.Repeat("1-", n/2) },
		"arabic letters": func(n int) string { return strings.Repeat("ب", n/2) },
		"plate keywords": func(n int) string { return strings.Repeat("لوحة بغداد ", n/20) },
		"plate digits":   func(n int) string { return strings.Repeat("لوحة ١ ", n/12) },
		"base58":         func(n int) string { return strings.Repeat("1BoatSLRHtKNngkdXEeobR76b53LETtpy ", n/34) },
		"spaces":         func(n int) string { return "1" + strings.Repeat(" ", n) + "2" },
		"coordinates":    func(n int) string { return strings.Repeat("33.85, ", n/7) },
		"passport":       func(n int) string { return strings.Repeat("passport ", n/9) },
		"long word":      func(n int) string { return strings.Repeat("x", n) + "@" },
	}
	best := func(text string) time.Duration {
		d, total := time.Duration(1<<62), time.Duration(0)
		for k := 0; k < 5 || k < 100 && total < 50*time.Millisecond; k++ {
			start := time.Now()
			Extract(text, "IQ")
			t := time.Since(start)
			d, total = min(d, t), total+t
		}
		return d
	}
	const n = 10000
	for name, gen := range inputs {
		small, large := best(gen(n)), best(gen(4*n))
		t.Logf("%s: %v for %d bytes, %v for 4×", name, small, len(gen(n)), large)
		if large > 10*small+5*time.Millisecond { // linear: 4×, quadratic: 16×
			t.Errorf("%s: %v for %d bytes but %v for four times as much: not linear", name, small, len(gen(n)), large)
		}
	}
}

// Extract is safe for concurrent use (run with -race).
func TestExtractConcurrent(t *testing.T) {
	want := fmt.Sprint(Extract(benchNarrative, "IQ"))
	done := make(chan string)
	for g := 0; g < 8; g++ {
		go func() {
			var last string
			for k := 0; k < 20; k++ {
				last = fmt.Sprint(Extract(benchNarrative, "IQ"))
			}
			done <- last
		}()
	}
	for g := 0; g < 8; g++ {
		if got := <-done; got != want {
			t.Fatalf("concurrent result differs:\n%s\n%s", got, want)
		}
	}
}
