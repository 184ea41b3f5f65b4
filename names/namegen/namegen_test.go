package namegen

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDeterministic(t *testing.T) {
	a, b := New(42), New(42)
	for i := 0; i < 200; i++ {
		pa, pb := a.Person(), b.Person()
		if pa.Arabic != pb.Arabic || strings.Join(pa.Latin, "|") != strings.Join(pb.Latin, "|") {
			t.Fatalf("person %d differs: %+v vs %+v", i, pa, pb)
		}
		if va, vb := a.Variant(pa), b.Variant(pb); va != vb {
			t.Fatalf("variant %d differs: %q vs %q", i, va, vb)
		}
	}
	if New(1).Person().Arabic == New(2).Person().Arabic && New(1).Person().Latin[0] == New(2).Person().Latin[0] {
		// Possible but very unlikely; check a few more.
		x, y := New(1), New(2)
		same := true
		for i := 0; i < 5; i++ {
			if x.Person().Arabic != y.Person().Arabic {
				same = false
			}
		}
		if same {
			t.Fatal("different seeds give the same persons")
		}
	}
}

func TestPersonShape(t *testing.T) {
	g := New(7)
	females, four := 0, 0
	for i := 0; i < 2000; i++ {
		p := g.Person()
		parts := strings.Fields(p.Arabic)
		if p.Given == "" || p.Father == "" || p.Family == "" {
			t.Fatalf("missing part: %+v", p)
		}
		want := p.Given + " " + p.Father
		if p.Grandfather != "" {
			want += " " + p.Grandfather
			four++
		}
		want += " " + p.Family
		if p.Arabic != want {
			t.Fatalf("Arabic %q is not the parts joined (%q)", p.Arabic, want)
		}
		if len(parts) < 3 {
			t.Fatalf("too few parts: %q", p.Arabic)
		}
		if len(p.Latin) < 2 {
			t.Fatalf("want several romanisations, got %q", p.Latin)
		}
		for _, l := range append(p.Latin, g.Variant(p)) {
			if l == "" || !utf8.ValidString(l) || strings.ContainsAny(l, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
				t.Fatalf("bad Latin spelling %q for %q", l, p.Arabic)
			}
		}
		if p.Female {
			females++
			if byArabic[p.Given] == nil || !isFemale(p.Given) {
				t.Fatalf("female with a male given name: %+v", p)
			}
		}
		if p.Given == p.Father || p.Father == p.Grandfather {
			t.Fatalf("repeated adjacent name: %+v", p)
		}
	}
	if females < 200 || females > 800 {
		t.Errorf("females = %d of 2000", females)
	}
	if four < 600 || four > 1400 {
		t.Errorf("4-part names = %d of 2000", four)
	}
}

func isFemale(ar string) bool {
	for _, f := range females {
		if f.ar == ar {
			return true
		}
	}
	return false
}

func TestCanonicalLatin(t *testing.T) {
	g := New(3)
	for i := 0; i < 500; i++ {
		p := g.Person()
		l := p.Latin[0]
		if strings.HasPrefix(p.Family, "ال") && !strings.Contains(l, " al-") {
			t.Fatalf("canonical %q of %q lacks al-", l, p.Arabic)
		}
		n := 3
		if p.Grandfather != "" {
			n = 4
		}
		if len(strings.Fields(l)) < n {
			t.Fatalf("canonical %q has fewer parts than %q", l, p.Arabic)
		}
	}
}

func TestSunLetterArticle(t *testing.T) {
	g := New(1)
	got := g.family("الشامي", 's')
	if got != "ash-Shami" {
		t.Fatalf("family(الشامي, scholarly) = %q, want ash-Shami", got)
	}
	if got := g.family("الخطيب", 's'); got != "al-Khatib" {
		t.Fatalf("family(الخطيب, scholarly) = %q, want al-Khatib", got)
	}
}

func TestDataArabicOnly(t *testing.T) {
	for _, list := range [][]entry{maleGiven, femaleGiven, families} {
		for _, e := range list {
			for _, r := range e.ar {
				if r != ' ' && (r < 0x0600 || r > 0x06FF) {
					t.Errorf("%q: non-Arabic rune %q", e.ar, r)
				}
			}
			for _, s := range strings.Split(e.lat, "|") {
				for _, r := range s {
					if r >= 0x0600 && r <= 0x06FF {
						t.Errorf("%q: Arabic in Latin spelling %q", e.ar, s)
					}
				}
			}
		}
	}
}

func TestVariantOfStranger(t *testing.T) {
	g := New(1)
	if v := g.Variant(Person{Arabic: "زيد"}); v != "زيد" {
		t.Errorf("Variant of an unknown Arabic-only person = %q", v)
	}
	p := Person{Arabic: "زيد عمرو", Latin: []string{"Zaid Amr", "Zayd Amru"}, Given: "زيد", Father: "عمرو", Family: "?"}
	for i := 0; i < 20; i++ {
		if v := g.Variant(p); v != p.Latin[0] && v != p.Latin[1] {
			t.Fatalf("Variant of an unknown person = %q", v)
		}
	}
}
