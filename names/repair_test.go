package names

import (
	"strings"
	"testing"
)

// repairIndex holds, for each name a test below queries with a broken
// compound, a distractor sharing the unbroken parts: a query whose
// compound is not repaired finds the distractor first.
var repairNames = map[string]string{
	"sattar":     "Walid Abdulsattar al-Tikriti",
	"said":       "Walid Said al-Tikriti",
	"razzaq":     "Abdulrazzaq Khalid al-Kaabi",
	"khalid":     "Razzaq Khalid al-Kaabi",
	"hamid":      "Saad Abdulhamid al-Mohammed",
	"hamid2":     "Saad Hamid al-Mohammed",
	"eid":        "Saad Eid al-Mohammed",
	"abubakr":    "Abu Bakr Othman Mourad",
	"bakr":       "Bakr Othman Mourad",
	"nasrallah":  "Hassan Nasrallah",
	"nasser":     "Hassan Nasser Shams",
	"fadlallah":  "Muhammad Husayn Fadlallah",
	"fadel":      "Muhammad Husayn Fadel",
	"nureddin":   "Nur al-Din Ziad al-Suwaidi",
	"nour":       "Nour Ziad al-Suwaidi",
	"salahddin":  "Salah al-Din Ahmad al-Rashid",
	"salah":      "Salah Ahmad al-Rashid",
	"izzeddin":   "Izz al-Din Muhammad al-Ali",
	"azza":       "Azza Muhammad al-Ali",
	"abdullah":   "Abdullah Tariq al-Asaad",
	"abdu":       "Abdu Tariq al-Asaad",
	"zein":       "Ali al-Zein",
	"alaeddin":   "Alaeddin Hassan",
	"abdulhamid": "Abdulhamid Hassan",
}

// TestRepairCompounds: an Arabic query whose compound (عبد, أبو, الدين,
// الله) was broken by one typo finds the name first, one case per class
// of typo; each failed before repairCompounds, the distractor ranking
// first. The last cases are names typed right whose words are one edit
// from a compound word (عيد, الزين): the name as typed stays first.
func TestRepairCompounds(t *testing.T) {
	x := NewIndex()
	for id, n := range repairNames {
		x.Add(id, n)
	}
	for _, c := range []struct{ class, query, want string }{
		{"عبد: a letter dropped", "وليد عد الستار التكريتي", "sattar"},
		{"عبد: a letter doubled", "عبدد الرزاق خالد الكعبي", "razzaq"},
		{"عبد: two letters swapped", "عدب الرزاق خالد الكعبي", "razzaq"},
		{"عبد: a letter replaced (Arabic keyboard neighbour)", "سعد عيد الحميد المحمد", "hamid"},
		{"عبد: the space moved into it", "عب دالله طارق الأسعد", "abdullah"},
		{"عبد الله: the space moved after alef", "عبدا لله طارق الأسعد", "abdullah"},
		{"أبو: a letter replaced", "أبز بكر عثمان مراد", "abubakr"},
		{"الدين: ل dropped", "نور ادين زياد السويدي", "nureddin"},
		{"الدين: a letter replaced", "صلاح الدبن أحمد الرشيد", "salahddin"},
		{"الدين: the space moved", "عزا لدين محمد العلي", "izzeddin"},
		{"الله: the space moved", "حسن نصرا لله", "nasrallah"},
		{"الله: ل dropped", "محمد حسين فضل اله", "fadlallah"},
		{"الله: two letters swapped", "حسن نصر الهل", "nasrallah"},
		{"typed right: عيد is a name", "سعد عيد المحمد", "eid"},
		{"typed right: الزين is a name", "علي الزين", "zein"},
	} {
		rs := x.Search(c.query, 5)
		if len(rs) == 0 || rs[0].ID != c.want {
			var got []string
			for _, r := range rs {
				got = append(got, r.ID)
			}
			t.Errorf("%s: %q found %s first; want %s", c.class, c.query, strings.Join(got, ", "), c.want)
		}
	}
}

func TestOneEdit(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"عبد", "عبد", false}, {"عد", "عبد", true}, {"عبدد", "عبد", true}, {"عدب", "عبد", true},
		{"عيد", "عبد", true}, {"عبيد", "عبد", true}, {"سعد", "عبد", false}, {"ع", "عبد", false},
		{"ادين", "الدين", true}, {"اللدين", "الدين", true}, {"الزين", "الدين", true}, {"الدني", "الدين", true},
		{"الهل", "الله", true}, {"لاله", "الله", true}, {"الحسين", "الدين", false}, {"", "", false}, {"a", "", true},
	} {
		if got := oneEdit(c.a, c.b); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v", c.a, c.b, got)
		}
		if got := oneEdit(c.b, c.a); got != c.want {
			t.Errorf("oneEdit(%q, %q) = %v", c.b, c.a, got)
		}
	}
}
