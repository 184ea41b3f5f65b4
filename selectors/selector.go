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
// The package is pure logic: no I/O, no global mutable state, safe for
// concurrent use.
//
// # Canonical values and keys
//
// Key is "<type>:<value>". Values:
//
//	phone        E.164, "+9647701234567"; Country is the number's region
//	plate        "<CC>:<plate>", see NormalizePlate for the rules per country,
//	             e.g. "IQ:BG:12345ا", "SA:ABJ1234", "JO:12-34567", "LB:B123456"
//	container    ISO 6346, 11 characters, "CSQU3054383"
//	imo          7 digits, "9074729" (the "IMO" prefix is dropped)
//	mmsi         9 digits, "273123456"; Country from the MID where known
//	iban         upper case without spaces, "IQ98NBIQ850123456789012"
//	imei         15 digits, "490154203237518"
//	card         13–19 digits, "4111111111111111"
//	email        lower case, "ali.hassan@example.com"
//	passport     "<CC>:<number>", "SY:N012345678"; CC is the issuing country,
//	             "XX" when it is not known
//	national_id  "<CC>:<number>", as passport
//	btc          base58 addresses as written (case matters), bech32 lower case
//	eth          "0x" + 40 lower-case hex digits
//	tron         base58 as written, "T…"
//	coord        "lat,lon" in decimal degrees with 5 decimals (about 1 m),
//	             "33.85000,35.86000"; see CellKey and NearbyCellKeys
//
// # Offsets
//
// Start and End given by Extract count runes (Unicode code points) of the
// input: Raw == string([]rune(text)[Start:End]). For Arabic and Latin text
// this equals UTF-16 code units, which is what a browser counts, except for
// characters outside the Basic Multilingual Plane such as emoji. Normalize
// sets Start to 0 and End to the rune length of raw.
package selectors

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Type is the kind of a selector.
type Type string

// The selector types.
const (
	Phone      Type = "phone"
	Plate      Type = "plate"
	Container  Type = "container"
	IMO        Type = "imo"
	MMSI       Type = "mmsi"
	IBAN       Type = "iban"
	IMEI       Type = "imei"
	Card       Type = "card"
	Email      Type = "email"
	Passport   Type = "passport"
	NationalID Type = "national_id"
	BTC        Type = "btc"
	ETH        Type = "eth"
	TRON       Type = "tron"
	Coord      Type = "coord"
)

// Types lists every selector type, in a fixed order.
var Types = []Type{Phone, Plate, Container, IMO, MMSI, IBAN, IMEI, Card, Email,
	Passport, NationalID, BTC, ETH, TRON, Coord}

// Selector is one canonical selector.
type Selector struct {
	Type    Type   `json:"type"`
	Value   string `json:"value"`
	Raw     string `json:"raw"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Valid   bool   `json:"valid"`
	Country string `json:"country,omitempty"`
}

// Key returns the posting key "<type>:<value>". For plates, passports and
// national IDs the value already carries the country, which is part of
// their identity; for the other types the country is informative only.
func (s Selector) Key() string {
	return string(s.Type) + ":" + s.Value
}

// ErrMalformed is wrapped by Normalize's error when raw cannot be read as a
// selector of the type at all; the returned Selector is then empty.
var ErrMalformed = errors.New("malformed")

// ErrInvalid is wrapped by Normalize's error when raw has the shape of the
// type but fails its check (check digit, checksum, numbering plan). The
// returned Selector is still filled in, with Valid false, so a caller may
// keep the value (real data has typos) while showing the error.
var ErrInvalid = errors.New("invalid")

// FieldError is the error Normalize returns. Its message is meant for the
// user who typed the value.
type FieldError struct {
	Type   Type
	Reason string
	err    error // ErrMalformed or ErrInvalid
}

func (e *FieldError) Error() string { return string(e.Type) + ": " + e.Reason }

// Unwrap returns ErrMalformed or ErrInvalid.
func (e *FieldError) Unwrap() error { return e.err }

func malformed(t Type, format string, a ...any) error {
	return &FieldError{Type: t, Reason: fmt.Sprintf(format, a...), err: ErrMalformed}
}

func invalid(t Type, format string, a ...any) error {
	return &FieldError{Type: t, Reason: fmt.Sprintf(format, a...), err: ErrInvalid}
}

// Normalize turns a structured form field into a selector of type t.
// country is an ISO 3166-1 alpha-2 code: for phones the default region of
// the agency that enters the number; for plates, passports and national IDs
// the issuing country (may be empty for an unknown country, see the type's
// rules). The error, if any, wraps ErrMalformed (nothing usable; the
// Selector is empty) or ErrInvalid (the Selector is filled in with Valid
// false), and its message says what is wrong.
func Normalize(t Type, raw, country string) (Selector, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	var s Selector
	var err error
	switch t {
	case Phone:
		s, err = normalizePhone(raw, country)
	case Plate:
		s, err = NormalizePlate(raw, country)
	case Container:
		s, err = normalizeContainer(raw)
	case IMO:
		s, err = normalizeIMO(raw)
	case MMSI:
		s, err = normalizeMMSI(raw)
	case IBAN:
		s, err = normalizeIBAN(raw)
	case IMEI:
		s, err = normalizeIMEI(raw)
	case Card:
		s, err = normalizeCard(raw)
	case Email:
		s, err = normalizeEmail(raw)
	case Passport, NationalID:
		s, err = normalizeDocument(t, raw, country)
	case BTC:
		s, err = normalizeBTC(raw)
	case ETH:
		s, err = normalizeETH(raw)
	case TRON:
		s, err = normalizeTRON(raw)
	case Coord:
		s, err = normalizeCoord(raw)
	default:
		return Selector{}, malformed(t, "unknown selector type %q", string(t))
	}
	if errors.Is(err, ErrMalformed) {
		return Selector{}, err
	}
	s.Type = t
	s.Raw = raw
	s.Start = 0
	s.End = utf8.RuneCountInString(raw)
	return s, err
}
