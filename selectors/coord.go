package selectors

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

const cellStep = 0.01 // degrees

// MaxNearbyRadius bounds the radius NearbyCellKeys accepts, in metres.
const MaxNearbyRadius = 10000.0

const earthRadius = 6371008.8 // mean radius, metres

func formatCoord(lat, lon float64) string {
	return strconv.FormatFloat(round5(lat), 'f', 5, 64) + "," + strconv.FormatFloat(round5(lon), 'f', 5, 64)
}

func round5(x float64) float64 {
	r := math.Round(x*1e5) / 1e5
	if r == 0 {
		return 0 // no "-0.00000"
	}
	return r
}

// LatLon returns the point of a coordinate selector.
func (s Selector) LatLon() (lat, lon float64, ok bool) {
	if s.Type != Coord {
		return 0, 0, false
	}
	a, b, found := strings.Cut(s.Value, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(a, 64)
	lon, err2 := strconv.ParseFloat(b, 64)
	return lat, lon, err1 == nil && err2 == nil
}

func cellIndex(lat, lon float64) (int, int) {
	i := int(math.Floor((lat + 90) / cellStep))
	j := int(math.Floor((lon + 180) / cellStep))
	n := int(math.Round(360 / cellStep))
	j = ((j % n) + n) % n
	return i, j
}

func cellKey(i, j int) string {
	return "coordcell:" + strconv.Itoa(i) + ":" + strconv.Itoa(j)
}

// CellKey returns the posting key of the grid cell holding a point.
func CellKey(lat, lon float64) string {
	return cellKey(cellIndex(lat, lon))
}

// NearbyCellKeys returns the keys of every grid cell that may hold a point
// within radius metres of (lat, lon): the cell of the point and enough of
// its neighbours (3×3 for a radius up to about 0.9 km in the region). The
// radius is capped at MaxNearbyRadius.
func NearbyCellKeys(lat, lon, radius float64) []string {
	if math.IsNaN(lat) || math.IsNaN(lon) || math.IsNaN(radius) {
		return nil
	}
	radius = math.Max(0, math.Min(radius, MaxNearbyRadius))
	dLat := radius / (earthRadius * math.Pi / 180)
	maxLat := math.Min(89.9, math.Abs(lat)+dLat)
	dLon := dLat / math.Cos(maxLat*math.Pi/180)
	i0, _ := cellIndex(lat-dLat, lon)
	i1, _ := cellIndex(lat+dLat, lon)
	nLon := int(math.Ceil(dLon/cellStep)) + 1
	_, jc := cellIndex(lat, lon)
	n := int(math.Round(360 / cellStep))
	if 2*nLon+1 >= n {
		nLon = n / 2
	}
	var keys []string
	seen := map[[2]int]bool{}
	for i := i0; i <= i1; i++ {
		for dj := -nLon; dj <= nLon; dj++ {
			j := ((jc+dj)%n + n) % n
			// keep only cells that reach into the box
			lonLo := float64(j)*cellStep - 180
			if !lonOverlap(lonLo, lonLo+cellStep, lon-dLon, lon+dLon) {
				continue
			}
			k := [2]int{i, j}
			if !seen[k] {
				seen[k] = true
				keys = append(keys, cellKey(i, j))
			}
		}
	}
	return keys
}

// lonOverlap reports whether [a,b) meets [lo,hi] on the circle.
func lonOverlap(a, b, lo, hi float64) bool {
	for _, off := range []float64{-360, 0, 360} {
		if a+off <= hi && b+off >= lo {
			return true
		}
	}
	return false
}

// Distance returns the great-circle distance in metres between two points
// given in decimal degrees (haversine on a sphere of the Earth's mean
// radius; within 0.5% of the ellipsoid).
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp := p2 - p1
	dl := (lon2 - lon1) * math.Pi / 180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * earthRadius * math.Asin(math.Min(1, math.Sqrt(a)))
}

// angle is one parsed latitude or longitude.
type angle struct {
	v        float64
	hemi     byte // 'N','S','E','W' or 0
	decimals int  // digits after the decimal point of the last number
	dms      bool // written with a degree sign or minutes
	neg      bool
}

// parseNumber reads digits with an optional decimal part at s[i:].
func parseNumber(s string, i int) (v float64, decimals, end int, ok bool) {
	var buf [32]byte
	n := 0
	j := i
	intDigits := 0
	dot := false
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		if d := digitValue(r); d >= 0 {
			if n == len(buf) {
				return 0, 0, 0, false
			}
			buf[n] = byte('0' + d)
			n++
			if dot {
				decimals++
			} else {
				intDigits++
			}
			j += w
			continue
		}
		if (r == '.' || r == 0x066B) && !dot && intDigits > 0 {
			r2, _ := utf8.DecodeRuneInString(s[j+w:])
			if isDigit(r2) && n < len(buf) {
				dot = true
				buf[n] = '.'
				n++
				j += w
				continue
			}
		}
		break
	}
	if intDigits == 0 || intDigits > 3 {
		return 0, 0, 0, false
	}
	f, err := strconv.ParseFloat(string(buf[:n]), 64)
	if err != nil {
		return 0, 0, 0, false
	}
	return f, decimals, j, true
}

func skipSpaces(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && r != 0x00A0 && r != 0x202F && r != '\t' && r != 0x200F && r != 0x200E {
			break
		}
		i += w
	}
	return i
}

func hasRune(s string, i int, set string) (int, bool) {
	if i >= len(s) {
		return i, false
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if strings.ContainsRune(set, r) {
		return i + w, true
	}
	return i, false
}

// parseAngle reads one latitude or longitude at s[i:].
func parseAngle(s string, i int) (a angle, end int, ok bool) {
	if i < len(s) && s[i] == '-' {
		a.neg = true
		i++
	} else if c := hemiLetter(s, i); c != 0 { // "N33.85", "E 035°51.6'"
		k := i + 1
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if r, _ := utf8.DecodeRuneInString(s[k:]); isDigit(r) {
			a.hemi = c
			i = k
		}
	}
	deg, dec, j, ok := parseNumber(s, i)
	if !ok {
		return a, i, false
	}
	a.v, a.decimals = deg, dec
	if k, ok := hasRune(s, j, "°º˚"); ok {
		a.dms = true
		j = k
		k = skipSpaces(s, j)
		if m, mdec, k2, ok := parseNumber(s, k); ok && dec == 0 {
			if k3, ok := hasRune(s, k2, "'′’ʹ"); ok && m < 60 {
				a.v += m / 60
				a.decimals = mdec
				j = k3
				k = skipSpaces(s, j)
				if sec, sdec, k4, ok := parseNumber(s, k); ok && mdec == 0 {
					if k5, ok := hasRune(s, k4, "\"″”ʺ"); ok && sec < 60 {
						a.v += sec / 3600
						a.decimals = sdec
						j = k5
					} else if strings.HasPrefix(s[k4:], "''") && sec < 60 {
						a.v += sec / 3600
						a.decimals = sdec
						j = k4 + 2
					}
				}
			}
		}
	}
	if a.hemi == 0 {
		k := skipSpaces(s, j)
		if k < len(s) {
			c := s[k]
			if c >= 'a' && c <= 'z' {
				c -= 32
			}
			if c == 'N' || c == 'S' || c == 'E' || c == 'W' {
				r2, _ := utf8.DecodeRuneInString(s[k+1:])
				if k+1 >= len(s) || !isWordRune(r2) {
					a.hemi = c
					j = k + 1
				}
			} else if c, e := arabicHemi(s, k); c != 0 {
				a.hemi = c
				j = e
			}
		}
	}
	if a.hemi == 'S' || a.hemi == 'W' {
		a.neg = !a.neg
	}
	if a.neg {
		a.v = -a.v
	}
	return a, j, true
}

// hemiLetter returns the upper-case hemisphere letter N, S, E or W at
// s[i], or 0.
func hemiLetter(s string, i int) byte {
	if i < len(s) {
		switch s[i] {
		case 'N', 'S', 'E', 'W':
			return s[i]
		}
	}
	return 0
}

// arabicHemispheres are the Arabic words for the hemispheres, read with
// any ending (شمالاً، شمالا، شمال).
var arabicHemispheres = []struct {
	word string
	c    byte
}{{"شمال", 'N'}, {"جنوب", 'S'}, {"شرق", 'E'}, {"غرب", 'W'}}

// arabicHemi reads an Arabic hemisphere word at s[i:] and returns its
// letter and end, or 0.
func arabicHemi(s string, i int) (byte, int) {
	for _, h := range arabicHemispheres {
		if !strings.HasPrefix(s[i:], h.word) {
			continue
		}
		j := i + len(h.word)
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if r != 'ا' && r != 'ي' && !(r >= 0x064B && r <= 0x065F) {
				break
			}
			j += w
		}
		if r, _ := utf8.DecodeRuneInString(s[j:]); j < len(s) && isArabicLetter(r) {
			return 0, i
		}
		return h.c, j
	}
	return 0, i
}

// parseCoordAt reads a coordinate pair at s[i:]. strict asks for the free
// text rules: no minus signs, and a pair without hemisphere letters or
// degree signs needs a comma and two decimals in each number.
func parseCoordAt(s string, i int, strict bool) (lat, lon float64, end int, ok bool) {
	if strict && i < len(s) && s[i] == '-' {
		return 0, 0, i, false
	}
	a, j, ok := parseAngle(s, i)
	if !ok {
		return 0, 0, i, false
	}
	k := skipSpaces(s, j)
	comma := false
	if k2, ok := hasRune(s, k, ",،;"); ok {
		comma = true
		k = skipSpaces(s, k2)
	}
	if a.hemi != 0 && strings.HasPrefix(s[k:], "و") { // "33.85 شمالاً و35.86 شرقاً"
		k = skipSpaces(s, k+len("و"))
	}
	if strict && k < len(s) && s[k] == '-' {
		return 0, 0, i, false
	}
	b, end, ok := parseAngle(s, k)
	if !ok {
		return 0, 0, i, false
	}
	switch {
	case strict && (a.hemi != 0 || b.hemi != 0) && (!a.dms && a.decimals == 0 || !b.dms && b.decimals == 0):
		return 0, 0, i, false // "12 N 14 E" in a text: too coarse to be a place
	case (a.hemi == 'N' || a.hemi == 'S') && (b.hemi == 'E' || b.hemi == 'W'):
		lat, lon = a.v, b.v
	case (a.hemi == 'E' || a.hemi == 'W') && (b.hemi == 'N' || b.hemi == 'S'):
		lat, lon = b.v, a.v
	case a.hemi == 0 && b.hemi == 0:
		if a.dms != b.dms {
			return 0, 0, i, false
		}
		if !a.dms && (!comma || strict && !plausiblePair(a, b)) {
			return 0, 0, i, false
		}
		lat, lon = a.v, b.v
	default:
		return 0, 0, i, false
	}
	if math.Abs(lat) > 90 || math.Abs(lon) > 180 {
		return 0, 0, i, false
	}
	return lat, lon, end, true
}

// plausiblePair tells a decimal pair in free text from a pair of prices or
// amounts: two decimals or more in each, and both at least 10 in absolute
// value unless they have four decimals or more.
func plausiblePair(a, b angle) bool {
	if a.decimals < 2 || b.decimals < 2 {
		return false
	}
	if a.decimals >= 4 && b.decimals >= 4 {
		return true
	}
	return math.Abs(a.v) >= 10 && math.Abs(b.v) >= 10
}

func normalizeCoord(raw string) (Selector, error) {
	s := strings.TrimSpace(raw)
	lat, lon, end, ok := parseCoordAt(s, 0, false)
	if !ok || skipSpaces(s, end) != len(s) {
		return Selector{}, malformed(Coord, "coordinates look like 33.85, 35.86 or 33°51'N 35°51'E")
	}
	return Selector{Value: formatCoord(lat, lon), Valid: true}, nil
}
