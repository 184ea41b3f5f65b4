package selectors

import (
	"errors"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"ضبط شاحنة تحمل لوحة بغداد ١٢٣٤٥ أ وهاتف السائق ٠٧٧٠١٢٣٤٥٦٧",
	"container MSCU1234565 on vessel IMO 9074729",
	"IQ98 NBIQ 8501 2345 6789 012 +964 770 123 4567 (078) 512-3456",
	"card 4111 1111 1111 1111 IMEI 35-209900-176148-1 at 33°51'30\"N 35°51'E",
	"جواز سفر سوري رقم N01234567 والرقم الوطني ١٩٨٧٠٠١٢٣٤٥ a@b.co",
	"لوحة سعودية أ ب ح ١٢٣٤ plate 12-34567 نمرة ريف دمشق ٥٠٨",
	"1BoatSLRHtKNngkdXEeobR76b53LETtpyT bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	"٣٣٫٨٥، ٣٥٫٨٦ \xff\xfe لوحة \xc3( IMO",
	"P<SYRHASSAN<<ALI<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nN012345679SYR8001014M3001019<<<<<<<<<<<<<<04",
	"IMEISV 4901542032375123 N33.85 E35.86 ٣٣٫٨٥ شمالاً و٣٥٫٨٦ شرقاً لوحات 11 A 12345 والبصرة ٥٤٣٢١ ب",
	"+", "(", "00", "لوحة ", "IMEI", "0x", "@", "°", "IBAN",
}

// FuzzExtract: Extract never panics, its selectors are sorted, do not
// overlap, their offsets lie within the text and Raw is the text between
// them.
func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, "IQ")
	}
	for _, n := range readNarratives(f) {
		f.Add(n.text, n.country)
	}
	f.Add("0791234567", "JO")
	f.Add("ABJ 1234", "SA")
	f.Fuzz(func(t *testing.T, text, cc string) {
		got := Extract(text, cc)
		runes := []rune(text)
		prevEnd := 0
		for _, s := range got {
			if s.Start < prevEnd || s.End <= s.Start || s.End > len(runes) {
				t.Fatalf("bad offsets %d..%d (previous end %d, %d runes) in %q", s.Start, s.End, prevEnd, len(runes), text)
			}
			if string(runes[s.Start:s.End]) != s.Raw {
				t.Fatalf("Raw %q is not text[%d:%d] = %q", s.Raw, s.Start, s.End, string(runes[s.Start:s.End]))
			}
			if s.Value == "" || s.Type == "" {
				t.Fatalf("empty selector %+v", s)
			}
			if !utf8.ValidString(s.Value) {
				t.Fatalf("invalid UTF-8 value %q", s.Value)
			}
			prevEnd = s.End
			// Extract and Normalize agree on the value.
			ncc := cc
			switch s.Type {
			case Plate:
				ncc = s.Country
			case Passport, NationalID:
				continue // the country comes from the words around
			}
			n, err := Normalize(s.Type, s.Raw, ncc)
			if n.Value != s.Value || n.Valid != s.Valid {
				t.Fatalf("Extract gives %s %q valid %v for %q, Normalize %q valid %v (%v)",
					s.Type, s.Value, s.Valid, s.Raw, n.Value, n.Valid, err)
			}
		}
	})
}

// FuzzNormalize: Normalize never panics; a malformed input gives an empty
// selector, anything else a canonical value that normalizes to itself.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		for _, t := range Types {
			f.Add(string(t), s, "IQ")
		}
	}
	f.Add("phone", "+9647701234567", "")
	f.Add("plate", "ص ط ع ٠٠٧٥", "SA")
	f.Fuzz(func(t *testing.T, typ, raw, cc string) {
		s, err := Normalize(Type(typ), raw, cc)
		if errors.Is(err, ErrMalformed) {
			if s != (Selector{}) {
				t.Fatalf("malformed but filled: %+v", s)
			}
			return
		}
		if s.Value == "" || s.Raw != raw || s.End != utf8.RuneCountInString(raw) {
			t.Fatalf("Normalize(%q, %q, %q) = %+v, %v", typ, raw, cc, s, err)
		}
		if (err == nil) != s.Valid {
			t.Fatalf("Normalize(%q, %q, %q): valid %v with error %v", typ, raw, cc, s.Valid, err)
		}
		// The canonical value reads back as itself (plates and documents
		// carry their country inside the value and are not re-read).
		switch s.Type {
		case Plate, Passport, NationalID:
		default:
			again, err2 := Normalize(s.Type, s.Value, "")
			if again.Value != s.Value || again.Valid != s.Valid {
				t.Fatalf("Normalize(%q, %q, %q) = %q valid %v; its value reads as %q valid %v (%v)",
					typ, raw, cc, s.Value, s.Valid, again.Value, again.Valid, err2)
			}
		}
	})
}
