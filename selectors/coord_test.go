package selectors

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

func TestNormalizeCoord(t *testing.T) {
	runNormCases(t, []normCase{
		{Coord, "33.85, 35.86", "", "33.85000,35.86000", true, ""},
		{Coord, "33.85,35.86", "", "33.85000,35.86000", true, ""},
		{Coord, "٣٣٫٨٥، ٣٥٫٨٦", "", "33.85000,35.86000", true, ""},
		{Coord, "33.85N 35.86E", "", "33.85000,35.86000", true, ""},
		{Coord, "35.86E 33.85N", "", "33.85000,35.86000", true, ""},
		{Coord, "33°51'N 35°51'E", "", "33.85000,35.85000", true, ""},
		{Coord, "33° 51′ 30″ N, 35° 51′ 12″ E", "", "33.85833,35.85333", true, ""},
		{Coord, "32°30'00\"N 36°05'15\"E", "", "32.50000,36.08750", true, ""},
		{Coord, "-33.9249, 18.4241", "", "-33.92490,18.42410", true, ""},
		{Coord, "33.9249S 18.4241E", "", "-33.92490,18.42410", true, ""},
		{Coord, "N33.85 E35.86", "", "33.85000,35.86000", true, ""},
		{Coord, "N 33°51.5' E 035°51.6'", "", "33.85833,35.86000", true, ""},
		{Coord, "٣٣٫٨٥ شمالاً و٣٥٫٨٦ شرقاً", "", "33.85000,35.86000", true, ""},
		{Coord, "33.85 شمالا، 35.86 شرقا", "", "33.85000,35.86000", true, ""},
		{Coord, "33.9 جنوباً 18.4 غرباً", "", "-33.90000,-18.40000", true, ""},
		{Coord, "33.85 شمالي 35.86", "", "", false, ""},
		{Coord, "33.85", "", "", false, ""},
		{Coord, "95.1, 35.86", "", "", false, ""},
		{Coord, "33.85, 185.1", "", "", false, ""},
		{Coord, "33.85N 35.86N", "", "", false, ""},
		{Coord, "33.85, 35.86 and more", "", "", false, ""},
	})
}

func TestDistance(t *testing.T) {
	// One degree of longitude on the equator is 2πR/360.
	if d := Distance(0, 0, 0, 1); math.Abs(d-111195.08) > 1 {
		t.Errorf("equator degree = %.2f m", d)
	}
	// Quarter of a meridian.
	if d := Distance(0, 30, 90, 30); math.Abs(d-earthRadius*math.Pi/2) > 1 {
		t.Errorf("quarter meridian = %.2f m", d)
	}
	if d := Distance(33.85, 35.86, 33.85, 35.86); d != 0 {
		t.Errorf("same point = %v", d)
	}
	// Beirut–Damascus as the crow flies is about 85 km.
	if d := Distance(33.8886, 35.4955, 33.5131, 36.2919); d < 80000 || d > 90000 {
		t.Errorf("Beirut–Damascus = %.0f m", d)
	}
}

func TestCoordLatLonAndCells(t *testing.T) {
	s, err := Normalize(Coord, "33.85, 35.86", "")
	if err != nil {
		t.Fatal(err)
	}
	lat, lon, ok := s.LatLon()
	if !ok || lat != 33.85 || lon != 35.86 {
		t.Fatalf("LatLon = %v %v %v", lat, lon, ok)
	}
	if _, _, ok := (Selector{Type: Phone, Value: "1,2"}).LatLon(); ok {
		t.Fatal("LatLon of a phone")
	}
	if CellKey(33.851, 35.861) != CellKey(33.859, 35.869) {
		t.Fatal("two points of one cell differ")
	}
	if CellKey(33.849, 35.861) == CellKey(33.851, 35.861) {
		t.Fatal("points of two cells share a key")
	}
	if CellKey(10, 179.999) == CellKey(10, -179.999) {
		t.Fatal("antimeridian cells merged")
	}
	// The cell is 1.1 km by 0.92 km at 33.85°N: 500 m around its centre
	// reaches only the cells east and west; around a corner, four cells.
	if got := len(NearbyCellKeys(33.855, 35.865, 500)); got != 3 {
		t.Fatalf("500 m around a cell centre: %d cells, want 3", got)
	}
	if got := len(NearbyCellKeys(33.8501, 35.8601, 100)); got != 4 {
		t.Fatalf("100 m around a cell corner: %d cells, want 4", got)
	}
	if got := len(NearbyCellKeys(33.855, 35.865, 1000)); got != 9 {
		t.Fatalf("1 km around a cell centre: %d cells, want 9", got)
	}
}

// Every point within the radius lies in one of the nearby cells: the
// posting lookup never misses a lab that is close enough.
func TestNearbyCellKeysCover(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 3000; n++ {
		lat := rng.Float64()*50 + 10 // 10°N–60°N
		lon := rng.Float64()*360 - 180
		radius := []float64{100, 1000, 2500, 10000}[n%4]
		keys := map[string]bool{}
		for _, k := range NearbyCellKeys(lat, lon, radius) {
			keys[k] = true
		}
		for m := 0; m < 20; m++ {
			// a point at a random bearing and distance ≤ radius
			d := rng.Float64() * radius
			b := rng.Float64() * 2 * math.Pi
			dLat := d * math.Cos(b) / (earthRadius * math.Pi / 180)
			dLon := d * math.Sin(b) / (earthRadius * math.Pi / 180 * math.Cos(lat*math.Pi/180))
			plat, plon := lat+dLat, lon+dLon
			if plon > 180 {
				plon -= 360
			} else if plon < -180 {
				plon += 360
			}
			if Distance(lat, lon, plat, plon) > radius {
				continue
			}
			if !keys[CellKey(plat, plon)] {
				t.Fatalf("point %.5f,%.5f at %.0f m of %.5f,%.5f not in the %d nearby cells for %.0f m",
					plat, plon, Distance(lat, lon, plat, plon), lat, lon, len(keys), radius)
			}
		}
	}
	if NearbyCellKeys(math.NaN(), 0, 10) != nil {
		t.Fatal("NaN gives cells")
	}
	if n := len(NearbyCellKeys(33, 35, 1e9)); n > 1000 {
		t.Fatalf("radius not capped: %d cells", n)
	}
}

// Two labs 600 m apart in different cells find each other through
// IndexKeys and QueryKeys; a lab 5 km away is filtered out by Distance.
func TestIndexAndQueryKeys(t *testing.T) {
	index := map[string][]string{} // posting key → lab
	labs := map[string][2]float64{"a": {33.8599, 35.8650}, "far": {33.9050, 35.8650}}
	for name, p := range labs {
		s, err := Normalize(Coord, fmt.Sprintf("%f, %f", p[0], p[1]), "")
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range s.IndexKeys() {
			index[k] = append(index[k], name)
		}
	}
	q, _ := Normalize(Coord, "33.8653, 35.8650", "") // 600 m north of "a", next cell
	if CellKey(33.8653, 35.8650) == CellKey(33.8599, 35.8650) {
		t.Fatal("test points share a cell")
	}
	var near []string
	for _, k := range q.QueryKeys(1000) {
		for _, name := range index[k] {
			p := labs[name]
			if Distance(33.8653, 35.8650, p[0], p[1]) <= 1000 {
				near = append(near, name)
			}
		}
	}
	if len(near) != 1 || near[0] != "a" {
		t.Fatalf("near = %v", near)
	}
	ph, _ := Normalize(Phone, "07701234567", "IQ")
	if k := ph.IndexKeys(); len(k) != 1 || k[0] != "phone:+9647701234567" {
		t.Fatalf("phone index keys %v", k)
	}
	if k := ph.QueryKeys(1000); len(k) != 1 || k[0] != "phone:+9647701234567" {
		t.Fatalf("phone query keys %v", k)
	}
}

// A passport of unknown issuing country and one of a known country find
// each other; passports of two known countries do not.
func TestDocumentIndexAndQueryKeys(t *testing.T) {
	index := map[string][]string{}
	file := func(name string, s Selector) {
		for _, k := range s.IndexKeys() {
			index[k] = append(index[k], name)
		}
	}
	find := func(s Selector) []string {
		var out []string
		for _, k := range s.QueryKeys(0) {
			out = append(out, index[k]...)
		}
		return out
	}
	sy, _ := Normalize(Passport, "N01234567", "SY")
	iq, _ := Normalize(Passport, "N01234567", "IQ")
	xx, _ := Normalize(Passport, "N01234567", "")
	file("sy", sy)
	file("iq", iq)
	if got := fmt.Sprint(find(xx)); got != "[sy iq]" {
		t.Fatalf("unknown country finds %s", got)
	}
	if got := fmt.Sprint(find(sy)); got != "[sy]" {
		t.Fatalf("Syrian finds %s", got)
	}
	file("xx", xx)
	if got := fmt.Sprint(find(sy)); got != "[sy xx]" {
		t.Fatalf("Syrian finds %s", got)
	}
	nid, _ := Normalize(NationalID, "19870012345", "SY")
	if k := nid.IndexKeys(); len(k) != 2 || k[1] != "national_id:*:19870012345" {
		t.Fatalf("national ID index keys %v", k)
	}
}
