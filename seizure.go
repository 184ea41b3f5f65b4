package jisr

import (
	_ "embed"
	"encoding/json"
	"sort"
)

// Seizure carries the fields of UNODC's Individual Drug Seizures (IDS)
// report as structured values from pick lists, plus what investigators need.
// The place and date of the seizure are the record's Place and OccurredOn;
// the drugs seized are the record's DrugQuantity entities.
type Seizure struct {
	Crossing           string `json:"crossing,omitempty"`     // code of a crossing or port from Places
	HidingPlace        string `json:"hiding_place,omitempty"` // concealment method, from Concealments
	Installation       string `json:"installation,omitempty"` // from Installations
	Transport          string `json:"transport,omitempty"`    // from Transports
	ProducingCountry   string `json:"producing_country,omitempty"`
	DepartureCountry   string `json:"departure_country,omitempty"`
	DestinationCountry string `json:"destination_country,omitempty"`
	Routing            string `json:"routing,omitempty"` // from Routings
	Arrests            int    `json:"arrests,omitempty"`
}

// IDS pick lists.
var (
	Concealments = []string{
		"fruit-pomegranates", "fruit-apples", "fruit-oranges", "date-paste", "sweets",
		"cheese-boxes", "coffee-bags", "wooden-pallets", "iron-sheets", "truck-floor",
		"truck-radiator", "tyres", "fuel-tank", "machinery", "water-heater", "tumble-drier",
		"air-conditioning-unit", "furniture", "metal-beds", "construction-stones",
		"paper-cylinders", "crushed-powder", "drone", "projectile", "body-carry", "luggage", "other",
	}
	Installations = []string{
		"land-border-crossing", "seaport", "airport", "road-checkpoint", "postal-facility",
		"residence", "warehouse", "laboratory", "farm", "at-sea", "other",
	}
	Transports = []string{
		"commercial-road", "private-road", "commercial-air", "private-air",
		"commercial-sea", "private-sea", "rail", "mail", "pedestrian", "drone", "animal", "other",
	}
	Routings = []string{
		"domestic", "border-inbound", "border-outbound", "transit", "international-waters",
	}
)

// PlaceRef is a known place: a crossing, port, town or region, with its
// coordinates and the source they were taken from.
type PlaceRef struct {
	Code      string   `json:"code"`
	Kind      string   `json:"kind"` // crossing, port, town, region
	NameEN    string   `json:"name_en"`
	NameAR    string   `json:"name_ar"`
	Countries []string `json:"countries"`
	Lat       float64  `json:"lat"`
	Lon       float64  `json:"lon"`
	Source    string   `json:"source"`
}

//go:embed places.json
var placesJSON []byte

// Places are the crossings, ports and towns shipped with jisr (see
// places.json for each coordinate's source).
var Places = mustPlaces(placesJSON)

func mustPlaces(b []byte) []PlaceRef {
	var v struct {
		Places []PlaceRef `json:"places"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		panic("jisr: places.json: " + err.Error())
	}
	sort.Slice(v.Places, func(i, j int) bool { return v.Places[i].Code < v.Places[j].Code })
	return v.Places
}

// PlaceByCode returns a known place or nil.
func PlaceByCode(code string) *PlaceRef {
	i := sort.Search(len(Places), func(i int) bool { return Places[i].Code >= code })
	if i < len(Places) && Places[i].Code == code {
		return &Places[i]
	}
	return nil
}

// Countries of the cell and their neighbours, with names, for pick lists.
var Countries = map[string][2]string{ // code → {English, Arabic}
	"IQ": {"Iraq", "العراق"}, "LB": {"Lebanon", "لبنان"}, "JO": {"Jordan", "الأردن"},
	"SY": {"Syria", "سوريا"}, "SA": {"Saudi Arabia", "السعودية"}, "AE": {"United Arab Emirates", "الإمارات"},
	"KW": {"Kuwait", "الكويت"}, "QA": {"Qatar", "قطر"}, "BH": {"Bahrain", "البحرين"}, "OM": {"Oman", "عُمان"},
	"EG": {"Egypt", "مصر"}, "TR": {"Türkiye", "تركيا"}, "IR": {"Iran", "إيران"}, "YE": {"Yemen", "اليمن"},
	"IT": {"Italy", "إيطاليا"}, "GR": {"Greece", "اليونان"}, "CN": {"China", "الصين"}, "MA": {"Morocco", "المغرب"},
	"DZ": {"Algeria", "الجزائر"}, "TN": {"Tunisia", "تونس"}, "LY": {"Libya", "ليبيا"}, "SD": {"Sudan", "السودان"},
	"PS": {"Palestine", "فلسطين"}, "DE": {"Germany", "ألمانيا"}, "NL": {"Netherlands", "هولندا"}, "BE": {"Belgium", "بلجيكا"},
	"MY": {"Malaysia", "ماليزيا"},
}
