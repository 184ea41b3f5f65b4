package sheet

import "testing"

func TestDates(t *testing.T) {
	for _, c := range []struct{ in, cal, want string }{
		{"03/02/2025", "", "2025-02-03"},
		{"٠٣/٠٢/٢٠٢٥", "", "2025-02-03"},
		{"3-2-25", "", "2025-02-03"},
		{"2025-02-03", "", "2025-02-03"},
		{"03.02.2025 م", Hijri, "2025-02-03"},
		{"45691", "", "2025-02-03"}, // Excel serial
		// Hijri, tabular calendar: 1 Ramadan 1446 AH = 1 March 2025 (as
		// Umm al-Qura); 1 Muharram 1446 = 8 July 2024 and 10 Dhu al-Hijjah
		// 1445 = 17 June 2024 (Umm al-Qura: a day earlier, documented).
		{"01/09/1446 هـ", "", "2025-03-01"},
		{"١/٩/١٤٤٦هـ", "", "2025-03-01"},
		{"01/01/1446", Hijri, "2024-07-08"},
		{"10/12/1445 AH", "", "2024-06-17"},
	} {
		got, err := Date(c.in, c.cal)
		if err != nil || got != c.want {
			t.Errorf("Date(%q, %q) = %q, %v; want %q", c.in, c.cal, got, err, c.want)
		}
	}
	for _, bad := range []string{"31/02/2025", "yesterday", "13/13/2025", "30/02/1446 هـ", "2025/13/01"} {
		if got, err := Date(bad, ""); err == nil {
			t.Errorf("Date(%q) = %q, want an error", bad, got)
		}
	}
	if d := HijriToGregorian(1, 1, 1).Format("2006-01-02"); d != "0622-07-19" {
		t.Errorf("epoch: %s", d)
	}
	if n, err := Number("١٬٢٠٠٬٠٠٠"); err != nil || n != 1200000 {
		t.Errorf("Number: %v %v", n, err)
	}
	if n, err := Number("2٫5"); err != nil || n != 2.5 {
		t.Errorf("Number: %v %v", n, err)
	}
}
