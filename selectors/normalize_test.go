package selectors

import (
	"errors"
	"testing"
)

// normCase is one Normalize call and what it must give. want "" means the
// input must be rejected as malformed.
type normCase struct {
	t       Type
	raw, cc string
	want    string // canonical value
	valid   bool
	country string
}

func runNormCases(t *testing.T, cases []normCase) {
	t.Helper()
	for _, c := range cases {
		s, err := Normalize(c.t, c.raw, c.cc)
		if c.want == "" {
			if !errors.Is(err, ErrMalformed) || s.Value != "" {
				t.Errorf("Normalize(%s, %q, %q) = %+v, %v; want ErrMalformed", c.t, c.raw, c.cc, s, err)
			}
			continue
		}
		if s.Value != c.want || s.Valid != c.valid {
			t.Errorf("Normalize(%s, %q, %q) = %q valid=%v (%v); want %q valid=%v", c.t, c.raw, c.cc, s.Value, s.Valid, err, c.want, c.valid)
			continue
		}
		if c.valid && err != nil || !c.valid && !errors.Is(err, ErrInvalid) {
			t.Errorf("Normalize(%s, %q, %q) error %v; valid=%v", c.t, c.raw, c.cc, err, c.valid)
		}
		if c.country != "" && s.Country != c.country {
			t.Errorf("Normalize(%s, %q, %q) country %q, want %q", c.t, c.raw, c.cc, s.Country, c.country)
		}
		if s.Type != c.t || s.Raw != c.raw || s.Start != 0 || s.End != len([]rune(c.raw)) {
			t.Errorf("Normalize(%s, %q): type/raw/offsets %+v", c.t, c.raw, s)
		}
		if s.Key() != string(c.t)+":"+c.want {
			t.Errorf("Key() = %q", s.Key())
		}
	}
}

func TestNormalizeCheckDigits(t *testing.T) {
	runNormCases(t, []normCase{
		// ISO 6346: CSQU3054383 is the standard's worked example; the other
		// check digits were computed by hand with the same algorithm.
		{Container, "CSQU3054383", "", "CSQU3054383", true, ""},
		{Container, "csqu 305438 3", "", "CSQU3054383", true, ""},
		{Container, "CSQU-305438-3", "", "CSQU3054383", true, ""},
		{Container, "MSCU1234566", "", "MSCU1234566", true, ""},
		{Container, "MAEU 123456 7", "", "MAEU1234567", true, ""},
		{Container, "TGHU8765436", "", "TGHU8765436", true, ""},
		{Container, "CSQU3054384", "", "CSQU3054384", false, ""},
		{Container, "MSCU1234565", "", "MSCU1234565", false, ""},
		{Container, "CSQX3054383", "", "", false, ""}, // category must be U, J or Z
		{Container, "CSQU305438", "", "", false, ""},
		{Container, "C5QU3054383", "", "", false, ""},

		{IMO, "IMO 9074729", "", "9074729", true, ""},
		{IMO, "9074729", "", "9074729", true, ""},
		{IMO, "IMO No.: 9074729", "", "9074729", true, ""},
		{IMO, "IMO number 9074729", "", "9074729", true, ""},
		{IMO, "imo9176187", "", "9176187", true, ""},
		{IMO, "IMO ٩٠٧٤٧٢٩", "", "9074729", true, ""},
		{IMO, "IMO 9074728", "", "9074728", false, ""},
		{IMO, "IMO 907472", "", "", false, ""},

		{MMSI, "273123456", "", "273123456", true, ""},
		{MMSI, "MMSI 425123456", "", "425123456", true, "IQ"},
		{MMSI, "438 123 456", "", "438123456", true, "JO"},
		{MMSI, "468123456", "", "468123456", true, "SY"},
		{MMSI, "004251234", "", "004251234", true, "IQ"}, // coast station
		{MMSI, "992731234", "", "992731234", true, ""},   // aid to navigation
		{MMSI, "812345678", "", "812345678", false, ""},
		{MMSI, "199123456", "", "199123456", false, ""},
		{MMSI, "200123456", "", "200123456", false, ""}, // MIDs start at 201
		{MMSI, "776123456", "", "776123456", false, ""}, // … and end at 775
		{MMSI, "27312345", "", "", false, ""},

		// IBAN examples of the SWIFT registry.
		{IBAN, "IQ98 NBIQ 8501 2345 6789 012", "", "IQ98NBIQ850123456789012", true, "IQ"},
		{IBAN, "JO94CBJO0010000000000131000302", "", "JO94CBJO0010000000000131000302", true, "JO"},
		{IBAN, "LB62 0999 0000 0001 0019 0122 9114", "", "LB62099900000001001901229114", true, "LB"},
		{IBAN, "sa03 8000 0000 6080 1016 7519", "", "SA0380000000608010167519", true, "SA"},
		{IBAN, "AE07 0331 2345 6789 0123 456", "", "AE070331234567890123456", true, "AE"},
		{IBAN, "KW81CBKU0000000000001234560101", "", "KW81CBKU0000000000001234560101", true, "KW"},
		{IBAN, "QA58DOHB00001234567890ABCDEFG", "", "QA58DOHB00001234567890ABCDEFG", true, "QA"},
		{IBAN, "BH67 BMAG 0000 1299 1234 56", "", "BH67BMAG00001299123456", true, "BH"},
		{IBAN, "IBAN: GB82 WEST 1234 5698 7654 32", "", "GB82WEST12345698765432", true, "GB"},
		{IBAN, "EG380019000500000000263180002", "", "EG380019000500000000263180002", true, "EG"},
		{IBAN, "IQ99NBIQ850123456789012", "", "IQ99NBIQ850123456789012", false, "IQ"},
		{IBAN, "IQ98NBIQ85012345678901", "", "", false, ""},  // one short
		{IBAN, "SY98NBIQ850123456789012", "", "", false, ""}, // no Syrian IBAN
		{IBAN, "IQ98-NBIQ-8501-2345-6789-01!", "", "", false, ""},

		// IMEI 490154203237518 is the usual worked example of its Luhn digit.
		{IMEI, "490154203237518", "", "490154203237518", true, ""},
		{IMEI, "35-209900-176148-1", "", "352099001761481", true, ""},
		{IMEI, "IMEI: ٤٩٠١٥٤٢٠٣٢٣٧٥١٨", "", "490154203237518", true, ""},
		{IMEI, "490154203237517", "", "490154203237517", false, ""},
		{IMEI, "000000000000000", "", "000000000000000", false, ""},        // passes Luhn
		{IMEI, "49015420323751", "", "490154203237518", true, ""},          // check digit left off
		{IMEI, "IMEISV 4901542032375123", "", "490154203237518", true, ""}, // software version 23
		{IMEI, "4901542032375", "", "", false, ""},

		// The card schemes' published test numbers.
		{Card, "4111 1111 1111 1111", "", "4111111111111111", true, ""},
		{Card, "5555-5555-5555-4444", "", "5555555555554444", true, ""},
		{Card, "3782 822463 10005", "", "378282246310005", true, ""},
		{Card, "6011111111111117", "", "6011111111111117", true, ""},
		{Card, "4111111111111112", "", "4111111111111112", false, ""},
		{Card, "9111111111111111", "", "9111111111111111", false, ""}, // no scheme
		{Card, "6304000000000000", "", "6304000000000000", true, ""},  // Maestro
		{Card, "6900000000000008", "", "6900000000000008", false, ""}, // Luhn ok, no scheme 69
		{Card, "41111", "", "", false, ""},

		{Email, " Ali.Hassan@Example.COM ", "", "ali.hassan@example.com", true, ""},
		{Email, "mailto:x_y+z@mail.gov.iq", "", "x_y+z@mail.gov.iq", true, ""},
		{Email, "ali@localhost", "", "", false, ""},
		{Email, "ali..b@example.com", "", "", false, ""},
		{Email, "@example.com", "", "", false, ""},
	})
}

func TestNormalizeDocuments(t *testing.T) {
	runNormCases(t, []normCase{
		{Passport, "n 0123 4567", "sy", "SY:N01234567", true, "SY"},
		{Passport, "A1234567", "IQ", "IQ:A1234567", true, "IQ"},
		{Passport, "A1234567", "", "XX:A1234567", true, ""},
		{Passport, "ABCDEFG1", "JO", "JO:ABCDEFG1", false, "JO"}, // too few digits
		{Passport, "A12", "JO", "", false, ""},
		{Passport, "A1234567", "Syria", "", false, ""},
		// Saudi national ID: 10 digits, 1 or 2 first, Luhn (check digits
		// computed by hand).
		{NationalID, "1012345672", "SA", "SA:1012345672", true, "SA"},
		{NationalID, "٢١٠٩٨٧٦٥٤٦", "SA", "SA:2109876546", true, "SA"},
		{NationalID, "1012345673", "SA", "SA:1012345673", false, "SA"},
		{NationalID, "3012345672", "SA", "SA:3012345672", false, "SA"},
		{NationalID, "9871234567", "JO", "JO:9871234567", true, "JO"},
		{NationalID, "987123456", "JO", "JO:987123456", false, "JO"},
		{NationalID, "1987 0012 3456", "IQ", "IQ:198700123456", true, "IQ"},
		{NationalID, "19870012345", "SY", "SY:19870012345", true, "SY"},
		{NationalID, "123-456", "LB", "LB:123456", true, "LB"},
	})
}

func TestNormalizeCrypto(t *testing.T) {
	runNormCases(t, []normCase{
		// Bitcoin: a known P2PKH address, the BIP 13 P2SH example, BIP 173
		// and BIP 350 test vectors.
		{BTC, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", true, ""},
		{BTC, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", true, ""},
		{BTC, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", true, ""},
		{BTC, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", true, ""},
		{BTC, "1BoatSLRHtKNngkdXEeobR76b53LETtpyU", "", "1BoatSLRHtKNngkdXEeobR76b53LETtpyU", false, ""},
		{BTC, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", false, ""},
		// BIP 350: a version-1 program with a bech32 (not bech32m) checksum.
		{BTC, "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", "", "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", false, ""},
		{BTC, "bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", false, ""}, // mixed case
		{BTC, "0BoatSLRHtKNngkdXEeobR76b53LETtpyT", "", "", false, ""},
		// EIP-55 test vectors.
		{ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true, ""},
		{ETH, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "", "0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359", true, ""},
		{ETH, "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "", "0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb", true, ""},
		{ETH, "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "", "0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb", true, ""},
		{ETH, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true, ""},
		{ETH, "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", "", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true, ""},
		{ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", false, ""},
		{ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", "", "", false, ""},
		{ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", "", "", false, ""},
		// The USDT contract address on TRON.
		{TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", true, ""},
		{TRON, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", "", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", false, ""},
		{TRON, "1R7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "", "", false, ""},
	})
}

func TestNormalizeUnknownType(t *testing.T) {
	if _, err := Normalize("fax", "123", "IQ"); !errors.Is(err, ErrMalformed) {
		t.Fatalf("unknown type: %v", err)
	}
	var fe *FieldError
	_, err := Normalize(Container, "x", "")
	if !errors.As(err, &fe) || fe.Type != Container || fe.Reason == "" {
		t.Fatalf("error is not a FieldError with a reason: %#v", err)
	}
}
