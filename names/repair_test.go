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
	// Arabic script, for the Latin queries.
	"ar-rahman":    "عبد الرحمن يوسف شمص",
	"ar-othman":    "عثمان يوسف صالح شمص",
	"ar-qader":     "عبد القادر سعيد الساعدي",
	"ar-khidr":     "فراس خضر سعيد الساعدي",
	"ar-jabbar":    "ماجد عبد الجبار الكعبي",
	"ar-adel":      "ماجد صالح عادل الكعبي",
	"ar-fadlallah": "محمد حسين فضل الله",
	"ar-ali":       "علي محمد حسين",
	"ar-nasrallah": "حسن نصر الله",
	"ar-nizar":     "حسن نزار الصالح",
}

// TestRepairCompounds: an Arabic query whose compound (عبد, أبو, الدين,
// الله) was broken by one typo finds the name first, one case per class
// of typo; each failed before repairCompounds, the distractor ranking
// first. The same for Latin queries (Abd, Allah) against Arabic script. The last cases are names typed right whose words are one edit
// from a compound word (عيد, الزين): the name as typed stays first.
func TestRepairCompounds(t *testing.T) {
	// Latin names for the Arabic queries, Arabic ones for the Latin.
	lat, ar := NewIndex(), NewIndex()
	for id, n := range repairNames {
		if strings.HasPrefix(id, "ar-") {
			ar.Add(id, n)
		} else {
			lat.Add(id, n)
		}
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
		{"Latin Abd: the space moved", "AbdelR ahman Yousef Chammas", "ar-rahman"},
		{"Latin Abd: a letter replaced", "Abduk Qader Saeed Saadi", "ar-qader"},
		{"Latin Abd: two letters swapped", "Majed Abudl Jabar Alkaabi", "ar-jabbar"},
		{"Latin Allah: a letter dropped", "Muhammad Husayn Fadl llah", "ar-fadlallah"},
		{"Latin Allah: a letter replaced", "Hasan Nasr Allsh", "ar-nasrallah"},
	} {
		x := lat
		if !hasArabic(c.query) {
			x = ar
		}
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
