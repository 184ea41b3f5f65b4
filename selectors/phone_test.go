package selectors

import "testing"

func TestNormalizePhone(t *testing.T) {
	runNormCases(t, []normCase{
		// Iraq: mobile 07xx xxx xxxx.
		{Phone, "0770 123 4567", "IQ", "+9647701234567", true, "IQ"},
		{Phone, "٠٧٧٠١٢٣٤٥٦٧", "IQ", "+9647701234567", true, "IQ"},
		{Phone, "۰۷۷۰-۱۲۳-۴۵۶۷", "IQ", "+9647701234567", true, "IQ"},
		{Phone, "+964 770 123 4567", "JO", "+9647701234567", true, "IQ"},
		{Phone, "00964-770-123-4567", "LB", "+9647701234567", true, "IQ"},
		{Phone, "+964 (0)770 123 4567", "", "+9647701234567", true, "IQ"},
		{Phone, "9647701234567", "IQ", "+9647701234567", true, "IQ"},
		{Phone, "٩٦٤٧٧٠١٢٣٤٥٦٧+", "JO", "+9647701234567", true, "IQ"}, // plus moved by RTL editing
		{Phone, "(+964) 770 123 4567", "", "+9647701234567", true, "IQ"},
		{Phone, "07801234567", "IQ", "+9647801234567", true, "IQ"},
		// Lebanon: 03/70/71/76/78/79/81 + 6 digits.
		{Phone, "03 123 456", "LB", "+9613123456", true, "LB"},
		{Phone, "71 123 456", "LB", "+96171123456", true, "LB"},
		{Phone, "76.123.456", "LB", "+96176123456", true, "LB"},
		{Phone, "81 123 456", "LB", "+96181123456", true, "LB"},
		{Phone, "+961 3 123 456", "IQ", "+9613123456", true, "LB"},
		// Jordan: 07[789] xxxx xxxx.
		{Phone, "079 123 4567", "JO", "+962791234567", true, "JO"},
		{Phone, "0777123456", "JO", "+962777123456", true, "JO"},
		{Phone, "(078) 512-3456", "JO", "+962785123456", true, "JO"},
		// Syria: 09xx xxx xxx.
		{Phone, "0944 123 456", "SY", "+963944123456", true, "SY"},
		{Phone, "+963 933 123 456", "", "+963933123456", true, "SY"},
		// Saudi Arabia: 05x xxx xxxx.
		{Phone, "050 123 4567", "SA", "+966501234567", true, "SA"},
		{Phone, "٠٥٥١٢٣٤٥٦٧", "SA", "+966551234567", true, "SA"},
		// Gulf, written internationally from anywhere.
		{Phone, "+971 50 123 4567", "IQ", "+971501234567", true, "AE"},
		{Phone, "00965 5012 3456", "IQ", "+96550123456", true, "KW"},
		{Phone, "+974 3312 3456", "JO", "+97433123456", true, "QA"},
		{Phone, "+973 3612 3456", "SA", "+97336123456", true, "BH"},
		{Phone, "+90 532 123 45 67", "SY", "+905321234567", true, "TR"},
		// Invalid in the plan, but readable.
		{Phone, "0791234567", "IQ", "+964791234567", false, "IQ"},
		{Phone, "+964 12", "", "", false, ""},
		// Malformed.
		{Phone, "0770 CALL ME", "IQ", "", false, ""},
		{Phone, "07701234567", "", "", false, ""}, // national without region
		{Phone, "++9647701234567", "IQ", "", false, ""},
		{Phone, "964+7701234567", "IQ", "", false, ""},
		{Phone, "1234567890123456789012345678901234567890+", "IQ", "", false, ""},
		{Phone, "", "IQ", "", false, ""},
	})
}

// The same line typed in every usual way gives one key.
func TestPhoneKeysAgree(t *testing.T) {
	forms := []struct{ raw, cc string }{
		{"07701234567", "IQ"}, {"0770 123 4567", "IQ"}, {"0770-123-4567", "IQ"}, {"0770.123.4567", "IQ"},
		{"(0770) 123 4567", "IQ"}, {"+9647701234567", "JO"}, {"00964 770 123 4567", "SA"},
		{"٠٧٧٠ ١٢٣ ٤٥٦٧", "IQ"}, {"۰۷۷۰۱۲۳۴۵۶۷", "IQ"}, {"+٩٦٤٧٧٠١٢٣٤٥٦٧", "LB"}, {"7701234567", "IQ"},
	}
	for _, f := range forms {
		s, err := Normalize(Phone, f.raw, f.cc)
		if err != nil || s.Key() != "phone:+9647701234567" {
			t.Errorf("%q (%s): key %q, %v", f.raw, f.cc, s.Key(), err)
		}
	}
}
