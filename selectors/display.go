package selectors

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Display writes a canonical value (Selector.Value, or the value part of a
// Key) the way people write it, for showing to a reader: never the posting
// key. Phones in international format ("+964 780 726 9252"), Jordanian plates
// as "40-81295", other plates without their country prefix (Iraqi and Syrian
// governorates by their Arabic name), containers as "MSKU 730115 1", IBANs and
// cards in groups of four, passports and national IDs without the internal
// country prefix, coordinates as "33.85000, 35.86000". A value it cannot read
// is returned unchanged. Display is pure and safe for concurrent use.
func Display(t Type, value string) string {
	switch t {
	case Phone:
		n, err := phonenumbers.Parse(value, "")
		if err != nil {
			return value
		}
		return phonenumbers.Format(n, phonenumbers.INTERNATIONAL)
	case Plate:
		return displayPlate(value)
	case Container:
		if len(value) == 11 {
			return value[:4] + " " + value[4:10] + " " + value[10:]
		}
	case IBAN, Card:
		return groups(value, 4)
	case Passport, NationalID:
		if cc, num, ok := strings.Cut(value, ":"); ok && len(cc) == 2 {
			return num
		}
	case Coord:
		return strings.Replace(value, ",", ", ", 1)
	}
	return value
}

// DisplayKey is Display of a posting key "<type>:<value>"; the type is
// returned too ("" when the key has none of the known types).
func DisplayKey(key string) (Type, string) {
	t, v, ok := strings.Cut(key, ":")
	if !ok {
		return "", key
	}
	for _, x := range Types {
		if Type(t) == x {
			return x, Display(x, v)
		}
	}
	return "", key
}

func displayPlate(v string) string {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts[0]) != 2 {
		return v
	}
	cc, rest := parts[0], parts[1:]
	switch cc {
	case "JO":
		return strings.Join(rest, "-")
	case "IQ", "SY":
		if len(rest) > 1 {
			for i := range plateGovs {
				if g := &plateGovs[i]; g.country == cc && g.code == rest[0] {
					rest = append([]string{g.names[0]}, rest[1:]...)
					break
				}
			}
		}
	}
	return strings.Join(rest, " ")
}

// groups writes s in groups of n characters separated by spaces.
func groups(s string, n int) string {
	if len(s) <= n {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i += n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+n, len(s))])
	}
	return b.String()
}
