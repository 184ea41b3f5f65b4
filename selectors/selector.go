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
		s, err = normalizePlate(raw, country)
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

// IndexKeys returns the posting keys to file a record under for this
// selector: Key; for a coordinate also its CellKey, so that nearby points
// can be found; for a passport or national ID also a key without the
// issuing country ("passport:*:N01234567"), so that a mention whose
// country is unknown finds it.
func (s Selector) IndexKeys() []string {
	if lat, lon, ok := s.LatLon(); ok {
		return []string{s.Key(), CellKey(lat, lon)}
	}
	if _, num, ok := s.document(); ok {
		return []string{s.Key(), string(s.Type) + ":*:" + num}
	}
	return []string{s.Key()}
}

// QueryKeys returns the posting keys to look up to find records holding
// the same selector: Key; for a coordinate the cells within radius metres
// (NearbyCellKeys), whose hits must then be filtered with Distance; for a
// passport or national ID of a known country also the same number of
// unknown country, and for one of unknown country the number under any
// country.
func (s Selector) QueryKeys(radius float64) []string {
	if lat, lon, ok := s.LatLon(); ok {
		return NearbyCellKeys(lat, lon, radius)
	}
	if cc, num, ok := s.document(); ok {
		if cc == UnknownCountry {
			return []string{string(s.Type) + ":*:" + num}
		}
		return []string{s.Key(), string(s.Type) + ":" + UnknownCountry + ":" + num}
	}
	return []string{s.Key()}
}

// document splits the value of a passport or national ID.
func (s Selector) document() (cc, num string, ok bool) {
	if s.Type != Passport && s.Type != NationalID {
		return "", "", false
	}
	return strings.Cut(s.Value, ":")
}
