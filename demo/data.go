package demo

import "github.com/jisr-cell/jisr"

// Static material of the scenario: where seizures happen, how drugs are
// hidden, what trucks and companies look like. Facts from the domain brief;
// coordinates only ever come from jisr.Places (places.json).

type siteKind int

const (
	siteCrossing siteKind = iota
	sitePort
	siteCheckpoint
	siteDrone
	siteAirport
)

// site is a place where an agency seizes: one side of a crossing, a port,
// a road checkpoint.
type site struct {
	agency         string
	code           string // jisr.Places code ("" when the place has none)
	nameEN, nameAR string // as this side names it
	adminEN        string // governorate / province
	adminAR        string
	kind           siteKind
	routing        string
	from, to       []string // departure and destination countries (repeat to weight)
	weight         int
	pair           string // "agency@code" of the other side, for near-duplicates
	big            bool   // ports where tens of millions of pills are seized
}

var sites = []site{
	// Jordan
	{agency: "JO-AND", code: "JO-JABER", nameEN: "Jaber border centre", nameAR: "مركز حدود جابر", adminEN: "Mafraq", adminAR: "المفرق", kind: siteCrossing, routing: "border-inbound",
		from: []string{"SY"}, to: []string{"SA", "SA", "SA", "JO", "KW", "AE"}, weight: 30, pair: "SY-MOI@JO-JABER"},
	{agency: "JO-AND", code: "JO-AQABA", nameEN: "Aqaba port (Duba ferry berth)", nameAR: "ميناء العقبة – رصيف عبّارة ضباء", adminEN: "Aqaba", adminAR: "العقبة", kind: sitePort, routing: "border-outbound",
		from: []string{"JO"}, to: []string{"SA"}, weight: 8, pair: "SA-GDNC@SA-DUBA"},
	{agency: "JO-AND", code: "JO-RAMTHA", nameEN: "Ramtha checkpoint", nameAR: "الرمثا", adminEN: "Irbid", adminAR: "إربد", kind: siteCheckpoint, routing: "transit",
		from: []string{"SY"}, to: []string{"JO", "SA"}, weight: 6},
	{agency: "JO-AND", code: "JO-MAFRAQ", nameEN: "Mafraq", nameAR: "المفرق", adminEN: "Mafraq", adminAR: "المفرق", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY"}, to: []string{"JO", "SA"}, weight: 5},
	{agency: "JO-AND", code: "JO-AMMAN", nameEN: "Amman", nameAR: "عمّان", adminEN: "Amman", adminAR: "العاصمة", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY"}, to: []string{"JO"}, weight: 5},
	{agency: "JO-AND", code: "JO-IRBID", nameEN: "Irbid", nameAR: "إربد", adminEN: "Irbid", adminAR: "إربد", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY"}, to: []string{"JO"}, weight: 4},
	{agency: "JO-AND", nameEN: "northern border zone, Mafraq governorate", nameAR: "المنطقة الحدودية الشمالية – محافظة المفرق", adminEN: "Mafraq", adminAR: "المفرق", kind: siteDrone, routing: "border-inbound",
		from: []string{"SY"}, to: []string{"JO", "SA"}, weight: 5},

	// Iraq
	{agency: "IQ-GDNA", code: "IQ-QAIM", nameEN: "Al-Qa'im border crossing", nameAR: "منفذ القائم الحدودي", adminEN: "Anbar", adminAR: "الأنبار", kind: siteCrossing, routing: "border-inbound",
		from: []string{"SY"}, to: []string{"IQ", "IQ", "SA", "KW"}, weight: 25, pair: "SY-MOI@IQ-QAIM"},
	{agency: "IQ-GDNA", code: "SA-ARAR", nameEN: "Arar border crossing (Iraqi side)", nameAR: "منفذ عرعر الحدودي", adminEN: "Anbar", adminAR: "الأنبار", kind: siteCrossing, routing: "border-outbound",
		from: []string{"IQ"}, to: []string{"SA"}, weight: 7, pair: "SA-GDNC@SA-ARAR"},
	{agency: "IQ-GDNA", code: "IQ-RAMADI", nameEN: "Ramadi checkpoint", nameAR: "سيطرة الرمادي", adminEN: "Anbar", adminAR: "الأنبار", kind: siteCheckpoint, routing: "transit",
		from: []string{"SY"}, to: []string{"IQ"}, weight: 8},
	{agency: "IQ-GDNA", code: "IQ-BAGHDAD", nameEN: "Baghdad", nameAR: "بغداد", adminEN: "Baghdad", adminAR: "بغداد", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY", "LB"}, to: []string{"IQ"}, weight: 8},
	{agency: "IQ-GDNA", code: "IQ-BASRA", nameEN: "Basra", nameAR: "البصرة", adminEN: "Basra", adminAR: "البصرة", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY", "IR"}, to: []string{"IQ", "KW"}, weight: 6},
	{agency: "IQ-KRSC", code: "IQ-IBRAHIM-KHALIL", nameEN: "Ibrahim Khalil border crossing", nameAR: "منفذ إبراهيم الخليل", adminEN: "Duhok", adminAR: "دهوك", kind: siteCrossing, routing: "border-inbound",
		from: []string{"TR", "SY"}, to: []string{"IQ"}, weight: 10},
	{agency: "IQ-KRSC", code: "IQ-ERBIL", nameEN: "Erbil", nameAR: "أربيل", adminEN: "Erbil", adminAR: "أربيل", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY", "IR"}, to: []string{"IQ"}, weight: 10},

	// Lebanon
	{agency: "LB-ISF", code: "LB-BEIRUT-PORT", nameEN: "Port of Beirut", nameAR: "مرفأ بيروت", adminEN: "Beirut", adminAR: "بيروت", kind: sitePort, routing: "border-outbound",
		from: []string{"LB"}, to: []string{"SA", "SA", "AE", "KW", "IT", "GR", "EG"}, weight: 15, big: true},
	{agency: "LB-ISF", code: "LB-MASNAA", nameEN: "Masnaa border crossing", nameAR: "معبر المصنع", adminEN: "Bekaa", adminAR: "البقاع", kind: siteCrossing, routing: "border-outbound",
		from: []string{"LB"}, to: []string{"SY", "JO", "SA"}, weight: 10, pair: "SY-MOI@LB-MASNAA"},
	{agency: "LB-ISF", code: "LB-BAALBEK", nameEN: "Baalbek", nameAR: "بعلبك", adminEN: "Baalbek-Hermel", adminAR: "بعلبك الهرمل", kind: siteCheckpoint, routing: "domestic",
		from: []string{"LB"}, to: []string{"LB", "SY"}, weight: 8},
	{agency: "LB-ISF", code: "LB-BEIRUT", nameEN: "Beirut airport", nameAR: "مطار رفيق الحريري الدولي – بيروت", adminEN: "Beirut", adminAR: "بيروت", kind: siteAirport, routing: "border-outbound",
		from: []string{"LB"}, to: []string{"SA", "KW", "AE"}, weight: 5},
	{agency: "LB-LAF", code: "LB-HERMEL", nameEN: "Hermel", nameAR: "الهرمل", adminEN: "Baalbek-Hermel", adminAR: "بعلبك الهرمل", kind: siteCheckpoint, routing: "border-outbound",
		from: []string{"LB"}, to: []string{"SY"}, weight: 10},
	{agency: "LB-LAF", code: "LB-YAMMOUNEH", nameEN: "Yammouneh", nameAR: "اليمونة", adminEN: "Baalbek-Hermel", adminAR: "بعلبك الهرمل", kind: siteCheckpoint, routing: "domestic",
		from: []string{"LB"}, to: []string{"LB", "SY"}, weight: 6},

	// Syria
	{agency: "SY-MOI", code: "JO-JABER", nameEN: "Nasib border crossing", nameAR: "معبر نصيب الحدودي", adminEN: "Daraa", adminAR: "درعا", kind: siteCrossing, routing: "border-outbound",
		from: []string{"SY"}, to: []string{"JO", "SA", "SA"}, weight: 15, pair: "JO-AND@JO-JABER"},
	{agency: "SY-MOI", code: "IQ-QAIM", nameEN: "Albu Kamal border crossing", nameAR: "معبر البوكمال", adminEN: "Deir ez-Zor", adminAR: "دير الزور", kind: siteCrossing, routing: "border-outbound",
		from: []string{"SY"}, to: []string{"IQ", "SA"}, weight: 8, pair: "IQ-GDNA@IQ-QAIM"},
	{agency: "SY-MOI", code: "LB-MASNAA", nameEN: "Jdeidet Yabous border crossing", nameAR: "معبر جديدة يابوس", adminEN: "Rif Dimashq", adminAR: "ريف دمشق", kind: siteCrossing, routing: "border-inbound",
		from: []string{"LB"}, to: []string{"SY", "JO", "SA"}, weight: 8, pair: "LB-ISF@LB-MASNAA"},
	{agency: "SY-MOI", code: "SY-LATAKIA-PORT", nameEN: "Port of Latakia", nameAR: "مرفأ اللاذقية", adminEN: "Latakia", adminAR: "اللاذقية", kind: sitePort, routing: "border-outbound",
		from: []string{"SY"}, to: []string{"IT", "GR", "SA", "CN", "EG", "AE"}, weight: 8, big: true},
	{agency: "SY-MOI", code: "SY-TARTUS", nameEN: "Port of Tartus", nameAR: "مرفأ طرطوس", adminEN: "Tartus", adminAR: "طرطوس", kind: sitePort, routing: "border-outbound",
		from: []string{"SY"}, to: []string{"SA", "LY", "EG", "GR"}, weight: 4},
	{agency: "SY-MOI", code: "SY-DARAA", nameEN: "Daraa", nameAR: "درعا", adminEN: "Daraa", adminAR: "درعا", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY"}, to: []string{"JO", "SY"}, weight: 5},
	{agency: "SY-MOI", code: "SY-HOMS", nameEN: "Homs", nameAR: "حمص", adminEN: "Homs", adminAR: "حمص", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY", "LB"}, to: []string{"SY", "IQ"}, weight: 4},
	{agency: "SY-MOI", code: "SY-DAMASCUS", nameEN: "Damascus", nameAR: "دمشق", adminEN: "Damascus", adminAR: "دمشق", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY"}, to: []string{"SY", "JO"}, weight: 4},

	// Saudi Arabia
	{agency: "SA-GDNC", code: "SA-HADITHA", nameEN: "Al-Haditha port", nameAR: "منفذ الحديثة", adminEN: "Al-Jawf", adminAR: "الجوف", kind: siteCrossing, routing: "border-inbound",
		from: []string{"JO"}, to: []string{"SA"}, weight: 25},
	{agency: "SA-GDNC", code: "SA-JEDDAH-PORT", nameEN: "Jeddah Islamic Port", nameAR: "ميناء جدة الإسلامي", adminEN: "Makkah", adminAR: "مكة المكرمة", kind: sitePort, routing: "border-inbound",
		from: []string{"LB", "SY", "EG", "JO"}, to: []string{"SA"}, weight: 12},
	{agency: "SA-GDNC", code: "SA-DUBA", nameEN: "Duba port", nameAR: "ميناء ضباء", adminEN: "Tabuk", adminAR: "تبوك", kind: sitePort, routing: "border-inbound",
		from: []string{"JO", "EG"}, to: []string{"SA"}, weight: 8, pair: "JO-AND@JO-AQABA"},
	{agency: "SA-GDNC", code: "SA-ARAR", nameEN: "Jdeidat Arar border crossing", nameAR: "منفذ جديدة عرعر", adminEN: "Northern Borders", adminAR: "الحدود الشمالية", kind: siteCrossing, routing: "border-inbound",
		from: []string{"IQ"}, to: []string{"SA"}, weight: 8, pair: "IQ-GDNA@SA-ARAR"},
	{agency: "SA-GDNC", code: "SA-RIYADH", nameEN: "Riyadh", nameAR: "الرياض", adminEN: "Riyadh", adminAR: "الرياض", kind: siteCheckpoint, routing: "domestic",
		from: []string{"JO", "SY"}, to: []string{"SA"}, weight: 6},
	{agency: "SA-GDNC", code: "SA-TABUK", nameEN: "Tabuk", nameAR: "تبوك", adminEN: "Tabuk", adminAR: "تبوك", kind: siteCheckpoint, routing: "domestic",
		from: []string{"JO"}, to: []string{"SA"}, weight: 5},
	{agency: "SA-GDNC", code: "SA-JEDDAH", nameEN: "Jeddah", nameAR: "جدة", adminEN: "Makkah", adminAR: "مكة المكرمة", kind: siteCheckpoint, routing: "domestic",
		from: []string{"SY", "LB"}, to: []string{"SA"}, weight: 5},
}

// labSite is a production area where labs, warehouses and presses are found.
type labSite struct {
	code           string // jisr.Places code, "" when none
	nameEN, nameAR string
	adminEN        string
	adminAR        string
	country        string
	weight         int
}

var labSites = []labSite{
	{"LB-YAMMOUNEH", "Yammouneh", "اليمونة", "Baalbek-Hermel", "بعلبك الهرمل", "LB", 14},
	{"LB-BAALBEK", "Baalbek", "بعلبك", "Baalbek-Hermel", "بعلبك الهرمل", "LB", 10},
	{"LB-HERMEL", "Hermel", "الهرمل", "Baalbek-Hermel", "بعلبك الهرمل", "LB", 10},
	{"", "Harf al-Sammaka", "حرف السماقة", "Baalbek-Hermel", "بعلبك الهرمل", "LB", 4},
	{"SY-QUSAYR", "Al-Qusayr", "القصير", "Homs", "حمص", "SY", 12},
	{"", "Latakia countryside", "ريف اللاذقية", "Latakia", "اللاذقية", "SY", 8},
	{"", "Qalamoun", "القلمون", "Rif Dimashq", "ريف دمشق", "SY", 8},
	{"SY-DARAA", "Daraa", "درعا", "Daraa", "درعا", "SY", 8},
	{"", "Damascus countryside", "ريف دمشق", "Rif Dimashq", "ريف دمشق", "SY", 6},
}

// concealment phrases: Arabic (after «مخبأة»), English (after "hidden"),
// and whether the load is perishable (refrigerated truck).
type hiding struct {
	ar, en string
	reefer bool
}

var hidings = map[string]hiding{
	"fruit-pomegranates":    {"داخل شحنة رمّان", "in a load of pomegranates", true},
	"fruit-apples":          {"بين صناديق التفاح", "among crates of apples", true},
	"fruit-oranges":         {"داخل شحنة برتقال", "in a consignment of oranges", true},
	"date-paste":            {"داخل عبوات معجون التمر", "inside packs of date paste", false},
	"sweets":                {"داخل علب حلويات (بقلاوة)", "inside boxes of baklava", false},
	"cheese-boxes":          {"داخل علب الجبنة", "in cheese boxes", true},
	"coffee-bags":           {"داخل أكياس القهوة", "in coffee bags", false},
	"wooden-pallets":        {"في تجاويف داخل منصّات خشبية", "in cavities inside wooden pallets", false},
	"iron-sheets":           {"بين ألواح الحديد", "between iron sheets", false},
	"truck-floor":           {"في مخبأ سري أسفل أرضية الشاحنة", "in a hidden compartment under the truck floor", false},
	"truck-radiator":        {"داخل رديتر الشاحنة", "inside the truck's radiator", false},
	"tyres":                 {"داخل الإطارات الاحتياطية", "inside the spare tyres", false},
	"fuel-tank":             {"داخل خزان الوقود", "inside the fuel tank", false},
	"machinery":             {"داخل آلات صناعية", "inside industrial machinery", false},
	"water-heater":          {"داخل سخانات مياه", "inside water heaters", false},
	"tumble-drier":          {"داخل مجففات ملابس", "inside tumble driers", false},
	"air-conditioning-unit": {"داخل وحدات تكييف", "inside air-conditioning units", false},
	"furniture":             {"داخل قطع أثاث", "inside furniture", false},
	"metal-beds":            {"داخل هياكل أسرّة معدنية", "inside metal bed frames", false},
	"construction-stones":   {"داخل حجارة بناء مجوّفة", "inside hollowed construction stones", false},
	"paper-cylinders":       {"داخل أسطوانات ورق صناعي", "inside industrial paper cylinders", false},
	"crushed-powder":        {"مطحونة على شكل مسحوق", "crushed into powder", false},
	"drone":                 {"محمولة على طائرة مسيّرة", "carried by a drone", false},
	"body-carry":            {"بحوزته", "on his person", false},
	"luggage":               {"في حقيبة سفر", "in a suitcase", false},
}

// Concealments by kind of site (repeat to weight).
var (
	truckHidings = []string{"fruit-pomegranates", "fruit-pomegranates", "fruit-apples", "fruit-apples", "fruit-oranges", "date-paste", "date-paste",
		"sweets", "cheese-boxes", "coffee-bags", "wooden-pallets", "wooden-pallets", "iron-sheets", "truck-floor", "truck-floor", "truck-floor",
		"truck-radiator", "tyres", "fuel-tank", "furniture", "metal-beds", "construction-stones", "water-heater", "tumble-drier", "crushed-powder"}
	portHidings = []string{"machinery", "machinery", "paper-cylinders", "air-conditioning-unit", "fruit-pomegranates", "wooden-pallets", "iron-sheets",
		"construction-stones", "water-heater", "tumble-drier", "furniture", "coffee-bags", "date-paste"}
	carHidings = []string{"fuel-tank", "truck-floor", "tyres", "furniture", "crushed-powder", "body-carry", "sweets", "coffee-bags"}
)

type vkind struct{ typ, ar, en string }

var (
	vTruck  = vkind{"truck", "شاحنة", "truck"}
	vReefer = vkind{"refrigerated-truck", "شاحنة تبريد (برّاد)", "refrigerated truck"}
	vVan    = vkind{"van", "فان", "van"}
	vCar    = vkind{"car", "سيارة صالون", "car"}
	vPickup = vkind{"pickup", "سيارة بيك أب", "pickup"}
)

var (
	truckMakes = []string{"Mercedes-Benz Actros", "Volvo FH", "MAN TGX", "Scania R 450", "DAF XF", "Hyundai Xcient", "Mercedes-Benz Axor", "Renault T", "Isuzu Giga"}
	carMakes   = []string{"Toyota Hilux", "Hyundai Accent", "Kia Cerato", "Toyota Land Cruiser", "Nissan Patrol", "GMC Yukon", "Kia Rio", "Hyundai Elantra", "Chevrolet Tahoe"}
	vanMakes   = []string{"Hyundai H100", "Kia Bongo", "Toyota Hiace", "Hyundai H-1"}
	colours    = [][2]string{{"white", "أبيض"}, {"white", "أبيض"}, {"red", "أحمر"}, {"blue", "أزرق"}, {"silver", "فضي"}, {"green", "أخضر"}, {"black", "أسود"}, {"grey", "رمادي"}, {"orange", "برتقالي"}}
)

var vesselNames = []string{"SEA PEARL", "ORIENT STAR", "AL NOOR", "MARIA K", "LEVANT TRADER", "BLUE HORIZON", "CAPE MED", "ANEMOS", "AL SALAM 7", "GOLDEN CREST", "NADIA B", "EAST WIND", "FORTUNE BAY", "MED CARRIER", "SHAMS", "AMAL 3"}
var flags = []string{"PA", "LR", "TG", "SL", "KM", "MT", "MH", "CM", "SY", "LB"}

// Company name parts: front import/export firms and fruit and vegetable traders.
var (
	companyKindsAR = []string{"شركة %s للاستيراد والتصدير", "مؤسسة %s لتجارة الخضار والفواكه", "شركة %s للنقل والتخليص الجمركي", "شركة %s للصناعات الغذائية", "مؤسسة %s التجارية", "شركة %s للتجارة العامة"}
	companyKindsEN = []string{"%s Import & Export Company", "%s Fruit & Vegetable Trading", "%s Transport & Customs Clearance", "%s Food Industries", "%s Trading Est.", "%s General Trading LLC"}
	companyStems   = [][2]string{{"الوادي الأخضر", "Green Valley"}, {"الهلال", "Al-Hilal"}, {"النور", "Al-Nour"}, {"الشام", "Al-Sham"}, {"الفرات", "Euphrates"}, {"البقاع", "Bekaa"},
		{"الرافدين", "Al-Rafidain"}, {"الخليج", "Gulf Star"}, {"الأمانة", "Al-Amana"}, {"السنابل", "Al-Sanabel"}, {"القمة", "Summit"}, {"الياسمين", "Jasmine"},
		{"الصحراء", "Desert Rose"}, {"البركة", "Al-Baraka"}, {"المشرق", "Al-Mashreq"}, {"حوران", "Houran"}, {"الريان", "Al-Rayyan"}, {"الأرز", "Cedar"}}
	banks = map[string][][2]string{ // cc → {bank code, name}
		"JO": {{"LVCB", "Levant Commercial Bank (demo)"}, {"NRTB", "Northern Trade Bank (demo)"}},
		"LB": {{"0801", "Bekaa Savings Bank (demo)"}, {"0512", "Mediterranean Credit Bank (demo)"}},
		"SA": {{"62", "Peninsula Finance Bank (demo)"}, {"74", "Red Sea Bank (demo)"}},
		"IQ": {{"RAFB", "Two Rivers Bank (demo)"}, {"ANBR", "Western Provinces Bank (demo)"}},
	}
)

var countryAR = map[string]string{"IQ": "العراق", "LB": "لبنان", "JO": "الأردن", "SY": "سوريا", "SA": "السعودية", "AE": "الإمارات", "KW": "الكويت",
	"EG": "مصر", "TR": "تركيا", "IR": "إيران", "IT": "إيطاليا", "GR": "اليونان", "CN": "الصين", "LY": "ليبيا"}
var nationalityAR = map[string]string{"IQ": "عراقي الجنسية", "LB": "لبناني الجنسية", "JO": "أردني الجنسية", "SY": "سوري الجنسية", "SA": "سعودي الجنسية", "EG": "مصري الجنسية", "TR": "تركي الجنسية"}

// H3 conditions, Arabic and English.
var h3Conditions = []string{
	"لا يُستخدم أمام القضاء ولا يُعمَّم على الجمارك قبل موافقة ضابط الارتباط في الجهة المرسِلة.",
	"Do not act on this information before the controlled delivery ends; contact the originating liaison officer first.",
	"يُحظر الإعلان عن أي نتيجة مشتركة قبل الاتفاق مع الجهة المرسِلة.",
	"For the receiving liaison officer only; not to be entered into national databases.",
	"لا يُكشف المصدر ولا تُذكر تفاصيل الاتصالات في أي محضر.",
}

// Grading weights, per mille: mostly B2 and C3.
var gradings = []struct {
	g jisr.Grading
	w int
}{
	{jisr.Grading{Source: "B", Information: 2}, 340}, {jisr.Grading{Source: "C", Information: 3}, 240}, {jisr.Grading{Source: "B", Information: 3}, 80},
	{jisr.Grading{Source: "A", Information: 1}, 50}, {jisr.Grading{Source: "A", Information: 2}, 50}, {jisr.Grading{Source: "C", Information: 2}, 60},
	{jisr.Grading{Source: "B", Information: 1}, 30}, {jisr.Grading{Source: "D", Information: 4}, 35}, {jisr.Grading{Source: "C", Information: 4}, 30},
	{jisr.Grading{Source: "E", Information: 5}, 15}, {jisr.Grading{Source: "F", Information: 6}, 45}, {jisr.Grading{Source: "D", Information: 3}, 25},
}

// Pill profile values (strings, as the form stores them).
var (
	logos       = []string{"two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "two-half-moons", "yin-yang", "yin-yang", "camel", "crown", "lexus", "none"}
	pillColours = []string{"white", "white", "off-white", "off-white", "yellow", "beige", "pink"}
	diameters   = []string{"7.0", "7.2", "7.4", "7.5", "7.6", "7.8", "8.0", "8.2", "8.5"}
	thicknesses = []string{"3.1", "3.3", "3.5", "3.6", "3.8", "4.0", "4.2"}
	weights     = []string{"160", "163", "165", "168", "170", "170", "172", "175", "178", "182"}
	scoreLines  = []string{"none", "none", "single", "single", "double"}
)

var logoAR = map[string]string{"two-half-moons": "شعار الهلالين", "yin-yang": "شعار يشبه الين واليانغ", "camel": "شعار الجمل", "crown": "شعار التاج", "lexus": "شعار لكزس", "none": "دون شعار"}
var logoEN = map[string]string{"two-half-moons": "the two half-moons logo", "yin-yang": "a yin-yang-like logo", "camel": "a camel logo", "crown": "a crown logo", "lexus": "a Lexus logo", "none": "no logo"}

var passportPrefix = map[string]string{"JO": "N", "SY": "N0", "LB": "LR", "IQ": "A", "SA": "F", "EG": "A", "TR": "U"}
