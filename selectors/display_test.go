package selectors

import "testing"

func TestDisplay(t *testing.T) {
	for _, c := range []struct {
		t         Type
		raw, ctry string
		want      string
	}{
		{Phone, "07807269252", "IQ", "+964 780 726 9252"},
		{Phone, "(+961) 71677080", "", "+961 71 677 080"},
		{Plate, "40-81295", "JO", "40-81295"},
		{Container, "MSKU7301151", "", "MSKU 730115 1"},
		{Passport, "N6861876", "", "N6861876"},
		{Passport, "N01234567", "SY", "N01234567"},
		{IBAN, "IQ98NBIQ850123456789012", "", "IQ98 NBIQ 8501 2345 6789 012"},
		{Email, "Ali.Hassan@Example.com", "", "ali.hassan@example.com"},
	} {
		s, _ := Normalize(c.t, c.raw, c.ctry)
		if s.Value == "" {
			t.Fatalf("%s %q: no value", c.t, c.raw)
		}
		if got := Display(c.t, s.Value); got != c.want {
			t.Errorf("Display(%s, %q) = %q, want %q", c.t, s.Value, got, c.want)
		}
		if typ, got := DisplayKey(s.Key()); typ != c.t || got != c.want {
			t.Errorf("DisplayKey(%q) = %s %q, want %q", s.Key(), typ, got, c.want)
		}
	}
	// Iraqi and Syrian governorates are written by name, not by code.
	if got := Display(Plate, "IQ:BG:12345:ا"); got != "بغداد 12345 ا" {
		t.Errorf("Iraqi plate: %q", got)
	}
	if got := Display(Plate, "SA:ABJ:1234"); got != "ABJ 1234" {
		t.Errorf("Saudi plate: %q", got)
	}
}
