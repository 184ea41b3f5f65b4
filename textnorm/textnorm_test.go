package textnorm_test

import (
	"testing"
	"unicode/utf8"

	"github.com/jisr-cell/jisr/textnorm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"أحمد", "احمد"},
		{"إبراهيم", "ابراهيم"},
		{"آمنة", "امنه"},
		{"مُحَمَّد", "محمد"},
		{"مـــحـمد", "محمد"},
		{"مصطفى", "مصطفي"},
		{"فاطمة", "فاطمه"},
		{"مسؤول", "مسوول"},
		{"کریم", "كريم"},
		{"٠٧٧٠١٢٣٤٥٦٧", "07701234567"},
		{"۰۹۱۲", "0912"},
		{"José ÁLVAREZ", "jose alvarez"},
		{"Captagon", "captagon"},
		{"ﻻ", "لا"}, // presentation-form ligature
	}
	for _, tt := range tests {
		if got := textnorm.Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	got := textnorm.Terms("ضُبِطَت شاحنة، في معبر جابر؛ ٥٦٥ ألف حبة")
	want := []string{"ضبطت", "شاحنه", "في", "معبر", "جابر", "565", "الف", "حبه"}
	if len(got) != len(want) {
		t.Fatalf("Terms = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Terms = %q, want %q", got, want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"أحمد", "José", "٠٧٧", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := textnorm.Fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, out)
		}
		if again := textnorm.Fold(out); utf8.ValidString(s) && again != out {
			t.Fatalf("Fold is not idempotent: %q → %q → %q", s, out, again)
		}
	})
}
