package names

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestNormalizeArabic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"أحمد", "احمد"},
		{"إبراهيم", "ابراهيم"},
		{"آمنة", "امنه"},
		{"ٱلله", "الله"},
		{"مُحَمَّد", "محمد"},          // harakat and shadda
		{"مـــحـمد", "محمد"},          // tatweel
		{"مصطفى", "مصطفي"},            // alef maqsura
		{"فاطمة", "فاطمه"},            // taa marbuta
		{"مؤمن", "مومن"},              // hamza on waw
		{"رائد", "رايد"},              // hamza on yaa
		{"دعاء", "دعا"},               // lone hamza dropped
		{"کریم", "كريم"},              // Persian kaf and yeh
		{"زەینەب", "زهينهب"},          // Kurdish ae
		{"ﻣﺤﻤﺪ", "محمد"},              // presentation forms
		{"ﷲ", "الله"},                 // ligature
		{"  عبد   الله ", "عبد الله"}, // spaces
		{"Ahmad أحمد", "ahmad احمد"},  // Latin lower-cased
		{"\u200fعلي\u200e", "علي"},    // directional marks
		{"يَحْيَىٰ", "يحيي"},          // superscript alef
	}
	for _, tt := range tests {
		if got := NormalizeArabic(tt.in); got != tt.want {
			t.Errorf("NormalizeArabic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeLatin(t *testing.T) {
	tests := []struct {
		in   string
		chat bool
		want string
	}{
		{"Mohammed", false, "mohammed"},
		{"Ḥusayn", false, "husayn"},
		{"ʿAbd al-Raḥmān", false, "abd al rahman"},
		{"Ja‘far", false, "ja'far"},
		{"Jaʿfar", false, "ja'far"},
		{"Ja`far", false, "ja'far"},
		{"Mu’ayyad", false, "mu'ayyad"},
		{"Fayçal", false, "faycal"},
		{"Aïcha", false, "aicha"},
		{"EL-ASSAAD, M.", false, "el assaad m"},
		{"3ali 7amad", true, "ali hamad"},
		{"Sa3id", true, "sa'id"},
		{"3ali", false, "3ali"},
		{"5aled", true, "khaled"},
		{"Agent 007", true, "agent 007"},
	}
	for _, tt := range tests {
		if got := NormalizeLatin(tt.in, tt.chat); got != tt.want {
			t.Errorf("NormalizeLatin(%q, %v) = %q, want %q", tt.in, tt.chat, got, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Mohammed al-Asaad":  "mohammed al asaad",
		"محمد الأسعد":        "محمد الاسعد",
		"محمد Al-Asaad":      "محمد al asaad",
		"Za7ra":              "zahra",
		"":                   "",
		"أ. M. Abdullah, Jr": "ا m abdullah jr",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// partsString renders parsed parts as kind:stem, * marking an article.
func partsString(n Name) string {
	var out []string
	for _, p := range n.Parts {
		s := p.Kind.String() + ":" + p.Stem
		if p.Article {
			s += "*"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestParseName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mohammed Abdallah al-Asaad", "plain:mohammed abdallah: plain:asaad*"},
		{"Muhamad Abdulla Alasad", "plain:muhamad abdallah: plain:asad*"},
		{"M. Abdullah El Assaad", "initial:m abdallah: plain:assaad*"},
		{"محمد عبد الله الأسعد", "plain:محمد abdallah: plain:اسعد*"},
		{"محمد عبدالله الأسعد", "plain:محمد abdallah: plain:اسعد*"},
		{"Abd al-Rahman", "abd:rahman"},
		{"Abd ar-Rahman", "abd:rahman"},
		{"Abdulrahman", "abd:rahman"},
		{"Abderrahmane", "abd:rrahmane"},
		{"Abdel Rahman", "abd:rahman"},
		{"Abd Allah", "abdallah:"},
		{"Abdel Allah", "abdallah:"},
		{"Abdoulah", "abdallah:"},
		{"عبد الرحمن", "abd:رحمن"},
		{"عبدالرحمن", "abd:رحمن"},
		{"Nur al-Din", "din:nur"},
		{"Nureddin", "din:nur"},
		{"Noureddine", "din:nour"},
		{"Salah ad-Din", "din:salah"},
		{"Nour El Din", "din:nour"},
		{"نور الدين", "din:نور"},
		{"Abu Bakr", "abu:bakr"},
		{"Abou Bakr", "abu:bakr"},
		{"أبو بكر", "abu:بكر"},
		{"Nasrallah", "allah:nasr"},
		{"Nasr Allah", "allah:nasr"},
		{"نصر الله", "allah:نصر"},
		{"نصرالله", "allah:نصر"},
		{"ash-Shami", "plain:shami*"},
		{"Ash Shami", "plain:shami*"},
		{"ar-Rashid", "plain:rashid*"},
		{"as Salah", "plain:salah*"},
		{"Aljubouri", "plain:jubouri*"},
		{"Ali", "plain:ali"},
		{"Alaa", "plain:alaa"},
		{"Khalid bin Abdulaziz", "plain:khalid abd:aziz"},
		{"Mohamed Ould Abdallah", "plain:mohamed abdallah:"},
		{"محمد بن سلمان آل سعود", "plain:محمد plain:سلمان plain:سعود"},
		{"Mohammed bin Salman Al Saud", "plain:mohammed plain:salman plain:saud*"},
		{"AL-OTAIBI, Mohammed Abdullah", "plain:mohammed abdallah: plain:otaibi*"},
		{"Mohd Ali", "plain:muhammad plain:ali"},
		{"Ja'far", "plain:ja'far"},
		{"", ""},
		{"  - . ,", ""},
	}
	for _, tt := range tests {
		if got := partsString(ParseName(tt.in)); got != tt.want {
			t.Errorf("ParseName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCompareVariants(t *testing.T) {
	same := [][2]string{
		{"محمد عبد الله الأسعد", "Mohammed Abdallah al-Asaad"},
		{"محمد عبد الله الأسعد", "Muhamad Abdulla Alasad"},
		{"محمد عبد الله الأسعد", "M. Abdullah El Assaad"},
		{"Mohammed Abdallah al-Asaad", "Muhamad Abdulla Alasad"},
		{"حسين", "Hussein"}, {"حسين", "Husain"}, {"حسين", "Hossein"},
		{"عبد الرحمن", "Abderrahmane"}, {"عبد الرحمن", "Abd al-Rahman"},
		{"قاسم", "Qasim"}, {"قاسم", "Kassem"}, {"قاسم", "Gasim"},
		{"جعفر", "Ja'far"}, {"جعفر", "Jaafar"},
		{"ذياب", "Dhiyab"}, {"ذياب", "Thiab"}, {"ذياب", "Diab"},
		{"زعيتر", "Zeaiter"}, {"زعيتر", "Zuaytir"},
		{"كاظم", "Kadhim"}, {"كاظم", "Kathim"}, {"كاظم", "Kazem"},
		{"فاطمة", "Fatmeh"}, {"فاطمة", "Fatima"},
		{"الشامي", "ash-Shami"}, {"الشامي", "Chami"},
		{"نور الدين", "Noureddine"},
		{"Mohammed", "Mhamed"}, {"Mohammed", "Mohd"},
		{"أسامة", "Oussama"},
		{"Ziad", "Ziyad"}, {"Walid", "Oualid"},
		{"Saleh Hamid Zeaiter", "ZEAITER, Salih Hamed"},
	}
	for _, p := range same {
		m := Compare(p[0], p[1])
		if m.Score < 0.85 {
			t.Errorf("Compare(%q, %q) = %.3f [%s], want ≥ 0.85", p[0], p[1], m.Score, m.Explanation)
		}
	}
	different := [][2]string{
		{"عمر", "Amr"}, {"عمرو", "Omar"}, {"Omar", "Amr"}, {"عمر", "عمرو"},
		{"حامد", "Ahmad"}, {"أحمد", "Hamid"}, {"Hamid", "Ahmad"},
		{"صالح", "Salah"}, {"صلاح", "Saleh"}, {"Saleh", "Salah"},
		{"حسن", "Hussein"}, {"حسين", "Hassan"}, {"Hasan", "Husayn"}, {"Hacen", "Hossein"},
		{"سعيد", "Saad"}, {"سعد", "Said"}, {"Said", "Saad"},
	}
	for _, p := range different {
		m := Compare(p[0], p[1])
		if m.Score >= 0.5 {
			t.Errorf("Compare(%q, %q) = %.3f [%s], want < 0.5", p[0], p[1], m.Score, m.Explanation)
		}
	}
	for _, p := range [][2]string{{"محمد", "Ahmad"}, {"Khaled", "Walid"}, {"Jubouri", "Jaberi"}, {"الجبوري", "al-Jaberi"}, {"التميمي", "Tamami"}} {
		if m := Compare(p[0], p[1]); m.Score >= 0.8 {
			t.Errorf("Compare(%q, %q) = %.3f [%s], want < 0.8", p[0], p[1], m.Score, m.Explanation)
		}
	}
}

func TestCompareExplanation(t *testing.T) {
	m := Compare("محمد عبد الله الأسعد", "M. Abdullah El Assaad")
	want := []struct {
		q, c string
		how  How
	}{{"محمد", "M", HowInitial}, {"عبد الله", "Abdullah", HowCrossScript}, {"الأسعد", "El-Assaad", HowCrossScript}}
	if len(m.Explanation.Pairs) != len(want) {
		t.Fatalf("explanation %s", m.Explanation)
	}
	for i, w := range want {
		p := m.Explanation.Pairs[i]
		if p.Query != w.q || p.Candidate != w.c || p.How != w.how || p.Score <= 0 || p.Score > 1 {
			t.Errorf("pair %d = %+v, want %s~%s %s", i, p, w.q, w.c, w.how)
		}
	}
	m = Compare("Mohammed Ali Hassan al-Jubouri", "Mohammed Hassan")
	if len(m.Explanation.QueryOnly) != 2 || len(m.Explanation.CandidateOnly) != 0 {
		t.Errorf("left-over parts: %s", m.Explanation)
	}
	if !strings.Contains(m.Explanation.String(), "query only: Ali, al-Jubouri") {
		t.Errorf("String() = %q", m.Explanation.String())
	}
}

func TestCompareProperties(t *testing.T) {
	names := []string{"محمد عبد الله الأسعد", "Mohammed Abdallah al-Asaad", "Hussein Ali", "ZEAITER, Salih", "عمرو", "Omar", "Abu Bakr al-Baghdadi"}
	for _, a := range names {
		if s := Compare(a, a).Score; s < 0.999 {
			t.Errorf("Compare(%q, itself) = %.3f", a, s)
		}
		for _, b := range names {
			ab, ba := Compare(a, b).Score, Compare(b, a).Score
			if math.Abs(ab-ba) > 0.1 {
				t.Errorf("Compare not near symmetric: %q~%q %.3f, reverse %.3f", a, b, ab, ba)
			}
			if ab < 0 || ab > 1 {
				t.Errorf("score %.3f out of [0,1]", ab)
			}
		}
	}
	// A missing part lowers the score; swapping given and father names too.
	full := Compare("محمد عبد الله الأسعد", "Mohammed Abdallah al-Asaad").Score
	part := Compare("محمد عبد الله الأسعد", "Mohammed al-Asaad").Score
	swap := Compare("محمد عبد الله الأسعد", "Abdallah Mohammed al-Asaad").Score
	if !(part < full && swap < full && part > 0.6 && swap > 0.6) {
		t.Errorf("full %.3f, missing part %.3f, swapped %.3f", full, part, swap)
	}
	// The family name written first is not a swap.
	if s := Compare("محمد عبد الله الأسعد", "AL-ASAAD Mohammed Abdallah").Score; s < full-0.02 {
		t.Errorf("family first: %.3f vs %.3f", s, full)
	}
}

func TestIndex(t *testing.T) {
	x := NewIndex()
	x.Add("a", "محمد عبد الله الأسعد")
	x.Add("b", "عمرو سعيد المصري")
	x.Add("c", "عمر سعيد المصري")
	x.Add("d", "Hussein Ali al-Jubouri")
	if x.Len() != 4 {
		t.Fatalf("Len = %d", x.Len())
	}
	top := func(q string) string {
		rs := x.Search(q, 3)
		if len(rs) == 0 {
			return ""
		}
		for i := 1; i < len(rs); i++ {
			if rs[i].Score > rs[i-1].Score {
				t.Errorf("%q: results not best first", q)
			}
		}
		return rs[0].ID
	}
	for q, want := range map[string]string{
		"Muhamad Abdulla Alasad": "a",
		"M. Abdullah El Assaad":  "a",
		"Amr Said El Masry":      "b",
		"Omar Saeed al-Masri":    "c",
		"حسين علي الجبوري":       "d",
		"Husain Aly Aljubouri":   "d",
	} {
		if got := top(q); got != want {
			t.Errorf("Search(%q) top = %q, want %q", q, got, want)
		}
	}
	if rs := x.Search("Xyzzy Plugh", 5); len(rs) > 0 && rs[0].Score > 0.5 {
		t.Errorf("nonsense query matched %+v", rs[0])
	}
	if rs := x.Search("", 5); rs != nil {
		t.Errorf("empty query gave %v", rs)
	}
	if rs := x.Search("Mohammed", 0); rs != nil {
		t.Errorf("k=0 gave %v", rs)
	}
	rs := x.Search("Mohammed Abdallah al-Asaad", 1)
	if len(rs) != 1 || rs[0].Explanation.Pairs == nil || rs[0].Score < 0.9 {
		t.Fatalf("want one explained hit, got %+v", rs)
	}
	if got := x.Name("a"); got != "محمد عبد الله الأسعد" {
		t.Errorf("Name(a) = %q", got)
	}
	// Replace and remove.
	x.Add("a", "Fatima Hassan")
	if top("Mohammed Abdallah al-Asaad") == "a" {
		t.Error("replaced name still found")
	}
	if top("فاطمة حسن") != "a" {
		t.Error("new name of a not found")
	}
	x.Remove("a")
	x.Remove("nope")
	if x.Len() != 3 || x.Name("a") != "" {
		t.Errorf("after Remove: Len %d, Name %q", x.Len(), x.Name("a"))
	}
	if top("فاطمة حسن") == "a" {
		t.Error("removed name still found")
	}
}

func TestIndexCompaction(t *testing.T) {
	x := NewIndex()
	for i := 0; i < 3000; i++ {
		x.Add(strconv.Itoa(i), fmt.Sprintf("Ali Hassan %d", i))
	}
	x.Add("keep", "Zainab Hussein al-Musawi")
	for i := 0; i < 3000; i++ {
		x.Remove(strconv.Itoa(i))
	}
	if x.Len() != 1 {
		t.Fatalf("Len = %d", x.Len())
	}
	var postings int
	for _, pl := range x.postings {
		postings += len(pl)
	}
	if postings > 1024*3+10 {
		t.Errorf("%d postings left after removing 3000 of 3001 names", postings)
	}
	if rs := x.Search("Ali Hassan", 5); len(rs) != 0 {
		t.Errorf("removed names found: %v", rs)
	}
	if rs := x.Search("زينب حسين الموسوي", 5); len(rs) != 1 || rs[0].ID != "keep" {
		t.Errorf("kept name: %v", rs)
	}
	if len(x.docs) > 1100 || len(x.strArena) > 1100*20 {
		t.Errorf("arenas not compacted: %d documents, %d bytes", len(x.docs), len(x.strArena))
	}
	if x.Name("keep") != "Zainab Hussein al-Musawi" || x.Name("5") != "" {
		t.Errorf("Name after compaction: %q %q", x.Name("keep"), x.Name("5"))
	}
	// The index keeps working after compaction: add, replace, remove.
	x.Add("new", "Ali Hassan al-Tamimi")
	x.Add("keep", "Zainab Hussein al-Musawi")
	if rs := x.Search("علي حسن التميمي", 5); len(rs) == 0 || rs[0].ID != "new" {
		t.Errorf("after compaction: %v", rs)
	}
	if rs := x.Search("Zaynab Husayn al-Mousawi", 5); len(rs) != 1 || rs[0].ID != "keep" {
		t.Errorf("replaced after compaction: %v", rs)
	}
	x.Remove("new")
	if x.Len() != 1 || x.Name("new") != "" {
		t.Errorf("Len %d after removing new", x.Len())
	}
}

// TestIndexConcurrent adds, removes and searches at once; run with -race.
func TestIndexConcurrent(t *testing.T) {
	x := NewIndex()
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(2)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				id := fmt.Sprintf("%d-%d", w, i)
				x.Add(id, "Mohammed Ali Hassan")
				if i%3 == 0 {
					x.Remove(id)
				}
			}
		}(w)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				for _, r := range x.Search("محمد علي حسن", 5) {
					if r.Score < 0.9 {
						t.Errorf("score %.3f", r.Score)
					}
				}
			}
		}()
	}
	wg.Wait()
	if x.Len() != 4*200 {
		t.Errorf("Len = %d, want 800", x.Len())
	}
}

func TestIndexAddBatch(t *testing.T) {
	ids := make([]string, 10000)
	ns := make([]string, 10000)
	for i := range ids {
		ids[i] = "id" + strconv.Itoa(i)
		ns[i] = fmt.Sprintf("Ali %d", i)
	}
	ns[7777] = "Jaafar Kadhim al-Musawi"
	x := NewIndex()
	x.AddBatch(ids, ns)
	if x.Len() != 10000 {
		t.Fatalf("Len = %d", x.Len())
	}
	if rs := x.Search("جعفر كاظم الموسوي", 1); len(rs) != 1 || rs[0].ID != "id7777" {
		t.Errorf("got %v", rs)
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"أحمد", "Ja'far", "ﷲ", "3ali", "\xff\xfe", "Ḥusayn", "ـــ", " - ", "00000Y\u030a", "\u0627\u0640\u0654"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Normalize(s), NormalizeArabic(s), NormalizeLatin(s, true)} {
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8 %q from %q", out, s)
			}
			if strings.Contains(out, "  ") || strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") {
				t.Fatalf("unclean spaces %q from %q", out, s)
			}
		}
		if a := NormalizeArabic(s); NormalizeArabic(a) != a {
			t.Fatalf("NormalizeArabic not idempotent: %q → %q → %q", s, a, NormalizeArabic(a))
		}
	})
}

func FuzzParseName(f *testing.F) {
	for _, s := range []string{"محمد عبد الله الأسعد", "M. Abdullah El Assaad", "Abd al-Rahman", "AL-X, Y", "عبد", "al", "abdallah-", "\xff", "ben ben ben"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := ParseName(s)
		for _, p := range n.Parts {
			if p.Text == "" || p.Kind > Initial {
				t.Fatalf("bad part %+v of %q", p, s)
			}
		}
		m := Compare(s, s)
		if m.Score < 0 || m.Score > 1 || math.IsNaN(m.Score) {
			t.Fatalf("Compare(%q, itself) = %v", s, m.Score)
		}
		initials := false
		for _, p := range n.Parts {
			initials = initials || p.Kind == Initial
		}
		if len(n.Parts) > 0 && !initials && len(n.Parts) <= maxParts && m.Score < 0.99 {
			t.Fatalf("Compare(%q, itself) = %.3f [%s]", s, m.Score, m.Explanation)
		}
		x := NewIndex()
		x.Add("1", s)
		x.Search(s, 3)
	})
}

func TestPartKeys(t *testing.T) {
	keys := func(s string) []string {
		n := ParseName(s)
		if len(n.Parts) != 1 {
			t.Fatalf("%q: %d parts", s, len(n.Parts))
		}
		return partKeys(&n.Parts[0])
	}
	meet := func(a, b string) bool {
		for _, x := range keys(a) {
			for _, y := range keys(b) {
				if x == y {
					return true
				}
			}
		}
		return false
	}
	for _, p := range [][2]string{
		{"Thiab", "ذياب"}, {"Dhiyab", "ذياب"}, {"Diab", "ذياب"},
		{"Gasim", "قاسم"}, {"Kassem", "قاسم"}, {"Gamal", "جمال"},
		{"Kathim", "كاظم"}, {"Kazem", "كاظم"}, {"Zafer", "ظافر"},
		{"Mohammed", "محمد"}, {"Mhamed", "محمد"}, {"Hussein", "حسين"},
		{"Jaafar", "جعفر"}, {"Ja'far", "جعفر"}, {"Fatmeh", "فاطمة"}, {"Saleh", "صالح"},
		{"Abdulrahman", "عبد الرحمن"}, {"Abderrahmane", "عبد الرحمن"}, {"Abdallah", "عبد الله"},
		{"Noureddine", "نور الدين"}, {"Abubakar", "أبو بكر"}, {"Nasrallah", "نصر الله"},
		{"al-Shammari", "الشمري"}, {"Chammari", "الشمري"},
	} {
		if !meet(p[0], p[1]) {
			t.Errorf("no common key: %q %v, %q %v", p[0], keys(p[0]), p[1], keys(p[1]))
		}
	}
	if k := keys("Thiab"); len(k) < 2 {
		t.Errorf("Thiab (th: ث or ذ) has one key only: %v", k)
	}
	for _, p := range [][2]string{{"Mohammed", "أحمد"}, {"Abdulrahman", "رحمن"}, {"Nureddin", "نور"}} {
		if meet(p[0], p[1]) {
			t.Errorf("%q and %q share a key", p[0], p[1])
		}
	}
}

// TestIndexRandomOps checks the index against a map under random adds,
// replacements and removals (compaction included).
func TestIndexRandomOps(t *testing.T) {
	x := NewIndex()
	want := map[string]string{}
	given := []string{"Ali", "Hassan", "Omar", "Zainab", "محمد", "حسين", "Khaled", "فاطمة"}
	seed := uint32(7)
	rnd := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	for i := 0; i < 20000; i++ {
		id := strconv.Itoa(rnd(1500))
		switch rnd(3) {
		case 0, 1:
			name := given[rnd(len(given))] + " " + given[rnd(len(given))] + " " + syllables(i)
			x.Add(id, name)
			want[id] = name
		default:
			x.Remove(id)
			delete(want, id)
		}
	}
	if x.Len() != len(want) {
		t.Fatalf("Len %d, want %d", x.Len(), len(want))
	}
	for i := 0; i < 1500; i++ {
		id := strconv.Itoa(i)
		if got := x.Name(id); got != want[id] {
			t.Fatalf("Name(%s) = %q, want %q", id, got, want[id])
		}
	}
	live := 0
	for _, d := range x.docs {
		if d.alive {
			live++
		}
	}
	if live != len(want) {
		t.Errorf("%d live documents, want %d", live, len(want))
	}
	for _, pl := range x.postings {
		for i := 1; i < len(pl); i++ {
			if pl[i] <= pl[i-1] {
				t.Fatal("posting list not sorted or has duplicates")
			}
		}
	}
	for id, name := range want {
		rs := x.Search(name, 3)
		found := false
		for _, r := range rs {
			found = found || r.ID == id
		}
		if !found {
			t.Errorf("Search(%q) did not find %s: %v", name, id, rs)
			break
		}
	}
}

// syllables spells n as a made-up word, one syllable a digit.
func syllables(n int) string {
	syl := []string{"ba", "di", "fu", "ka", "li", "mo", "nu", "ra", "si", "tu"}
	var b strings.Builder
	for _, c := range strconv.Itoa(n) {
		b.WriteString(syl[c-'0'])
	}
	return b.String()
}
