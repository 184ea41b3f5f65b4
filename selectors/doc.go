// Package selectors turns raw values — typed into a form or found in free
// text in Arabic and/or English — into canonical selectors: phone numbers,
// vehicle plates, containers, ships, bank accounts, handsets, cards, e-mail
// addresses, identity documents, crypto wallets and coordinates.
//
// Every selector has a Type, a canonical Value and a validity verdict
// (check digit, numbering plan or checksum). Selector.Key gives the posting
// key used to find the same real-world thing in records of different
// agencies: the same phone, plate or container yields the same key however
// it was typed (Arabic-Indic or Persian digits, spaces, dashes, prefixes,
// Arabic or Latin plate letters).
//
// The package is pure logic: no I/O and no mutable state of its own (the
// phone number library keeps a cache of compiled patterns behind a lock);
// everything is safe for concurrent use.
//
// # Canonical values and keys
//
// Key is "<type>:<value>". Values:
//
//	phone        E.164, "+9647701234567"; Country is the number's region
//	plate        "<CC>:…" with the plate's country, see NormalizePlate for the
//	             rules per country: "IQ:BG:12345:ا", "SA:ABJ:1234",
//	             "JO:12:34567", "LB:B:123456", "SY:DI:508432", "TR:34ABC123"
//	container    ISO 6346, 11 characters, "CSQU3054383"
//	imo          7 digits, "9074729" (the "IMO" prefix is dropped)
//	mmsi         9 digits, "273123456"; Country from the MID where known
//	iban         upper case without spaces, "IQ98NBIQ850123456789012"
//	imei         15 digits, "490154203237518"; 14 digits (no check digit) and
//	             16-digit IMEISVs are completed to the 15-digit IMEI
//	card         13–19 digits, "4111111111111111"
//	email        lower case, "ali.hassan@example.com"
//	passport     "<CC>:<number>", "SY:N01234567"; CC is the issuing country,
//	             "XX" when it is not known
//	national_id  "<CC>:<number>", as passport
//	btc          base58 addresses as written (case matters), bech32 lower case
//	eth          "0x" + 40 lower-case hex digits
//	tron         base58 as written, "T…"
//	coord        "lat,lon" in decimal degrees with 5 decimals (about 1 m),
//	             "33.85000,35.86000". Coordinates match by distance, not by
//	             key: post them under CellKey, query NearbyCellKeys, then
//	             filter with Distance.
//
// # Phone numbers
//
// A phone number is read as follows: digits of any script are folded to
// ASCII; spaces, dashes, dots and parentheses are dropped; a leading "+" or
// "00" marks an international number whose country calling code is read
// from the number; otherwise the number is national in the default region
// (the country argument), and its trunk prefix (the "0" of 0770…) is
// dropped. A national number that already starts with the region's calling
// code without "+" (9647701234567) is taken as international when that
// makes it valid. Validity is decided by libphonenumber's numbering plan
// metadata (github.com/nyaruka/phonenumbers). When this fast reading gives
// no valid number, libphonenumber's own parser is tried as well.
//
// # Coordinates
//
// Accepted forms: decimal pairs "33.85, 35.86" (Arabic comma "،" and
// Arabic decimal separator "٫" too, digits in any script), with optional
// hemisphere letters before or after ("33.85N 35.86E", "N33.85 E35.86") or
// Arabic hemisphere words ("٣٣٫٨٥ شمالاً و٣٥٫٨٦ شرقاً"), and degrees,
// minutes and seconds "33°51'N 35°51'E", "33°51'30.5\"N, 35°51′12″E",
// "N 33°51.5' E 035°51.6'". In free text a pair
// without hemisphere letters needs a comma between the numbers and two
// decimals in each, and both numbers at least 10 unless they have four
// decimals, so that prices such as "3.50, 6.00" are not taken for a place;
// with hemispheres, a number without a degree sign needs a decimal ("12 N
// 14 E" is not read); minus signs are not read in free text. Lat must be
// within ±90 and lon within ±180.
//
// Coordinates are matched by distance, not by equal keys. Index each point
// under CellKey (a 0.01° grid: about 1.1 km north–south, 0.9 km east–west
// at 35°N) and look up NearbyCellKeys of the query point and radius; then
// keep the hits whose Distance is within the radius. Selector.IndexKeys and
// Selector.QueryKeys do this, and let a passport or national ID whose
// issuing country is unknown ("XX") meet the same number of a known
// country; for every other type they are just Key.
//
// # Extraction
//
// Extract scans the text once, left to right, over UTF-8 without regular
// expressions. At the start of each word it asks the detectors that fit
// the first character, keeps the longest candidate found there (ties go to
// the more specific type) and goes on after it, so selectors never overlap:
// the digits of an IBAN, a container or a card are not reported again as a
// phone. What each detector takes:
//
//   - phone: "+" or "00" and a valid number of any country; or a mobile
//     number of the default country written as its national format writes
//     it (0770… in Iraq, not 770…, which is as likely a case number; 70… in
//     Lebanon, whose mobiles take no 0) with one kind of separator between
//     its groups (a slash too after a 2–3 digit prefix, "70/123456"); or any
//     valid number of the default country after a phone keyword (هاتف،
//     جوال، موبايل، phone, tel, mobile, whatsapp …). Spaces, dashes, dots
//     and parentheses may separate digit groups; dates are skipped.
//   - container: 4 letters (U, J or Z fourth) and 7 digits, with optional
//     separators ("MSCU 123456-5"); reported even with a wrong check digit
//     (Valid false), as the shape is distinctive.
//   - iban: upper-case country code with a registered length, 2 digits, the
//     rest with optional single spaces; reported with Valid from mod 97.
//   - imo, mmsi, imei: after their keyword ("IMO 9074729", "MMSI: …",
//     "IMEI …"); an IMEI is also taken without keyword when 15 digits,
//     unbroken or in groups, pass the Luhn check and are not one repeated
//     digit.
//   - card: 13–19 digits, unbroken or in groups of four (Amex 4-6-5), that
//     pass the Luhn check and carry a known scheme's prefix and length.
//     About one in ten random digit runs pass Luhn; the scheme and grouping
//     rules cut most of the rest.
//   - email: ASCII local@domain.tld.
//   - passport, national_id: only after a keyword (جواز سفر، passport;
//     الرقم الوطني، هوية، إقامة، national ID, civil ID …), with the issuing
//     country from a nationality word near it (سوري، عراقية، Jordanian …),
//     else unknown ("XX").
//   - passport, from a machine-readable zone (ICAO Doc 9303, TD3: two lines
//     of 44 characters of A–Z, 0–9 and "<"): the document number of the
//     second line, with the issuing state of the first line when it stands
//     right above, else the holder's nationality; valid when the document
//     number's check digit and the composite check digit hold. The rest of
//     the line is skipped.
//   - plate: only after a plate keyword (لوحة، لوحات، نمرة، plate …); the
//     country from a governorate name in the plate, a nationality word, the
//     shape (12-34567 Jordanian, 11 A 12345 Iraqi, 3 Saudi letters + ≤4
//     digits), or the default country; see NormalizePlate. Latin plate
//     letters must be capitals. A plate of a country without rules of its
//     own, or one that fits no rule (reported invalid), is taken only right
//     after the keyword; after a plural keyword (لوحات، plates) several
//     plates may follow.
//   - btc, tron: base58 addresses with a valid checksum; bech32 "bc1…"
//     with a valid checksum. eth: "0x" + 40 hex digits (Valid false when a
//     mixed-case address fails EIP-55).
//   - coord: see the coordinate forms above.
//
// After a reference word (القضية، الملف، المحضر، الكتاب، case, file, bug,
// version …) national numbers are taken for references, not phones, and so
// are numbers after "#" or inside URLs. Where mobiles are written without
// a trunk prefix (Kuwait, Qatar, Bahrain, Oman; Lebanon's 7x and 81) any
// 8-digit number in a mobile range reads as a phone: on 23 MB of English
// software changelogs, 44 such numbers came out with Qatar as the default
// country, 7 with Lebanon, none with Iraq, Jordan, Syria, Saudi Arabia or
// the Emirates.
// Keyword contexts last four words, nationality words six; a line break
// or a semicolon ends both.
//
// # Offsets
//
// Start and End given by Extract count runes (Unicode code points) of the
// input: Raw == string([]rune(text)[Start:End]). For Arabic and Latin text
// this equals UTF-16 code units, which is what a browser counts, except for
// characters outside the Basic Multilingual Plane such as emoji. Normalize
// sets Start to 0 and End to the rune length of raw.
package selectors
