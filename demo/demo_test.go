package demo

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/selectors"
)

func gen(seed int64, n int) []*jisr.Record {
	g := New(seed)
	out := make([]*jisr.Record, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func TestDeterministic(t *testing.T) {
	enc := func(seed int64) []byte {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		for _, r := range gen(seed, 1000) {
			if err := e.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
		return b.Bytes()
	}
	a, b := enc(7), enc(7)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different records")
	}
	if bytes.Equal(a, enc(8)) {
		t.Fatal("different seeds gave the same records")
	}
}

func TestAllValid(t *testing.T) {
	g := New(1)
	for i := 0; i < 20000; i++ {
		r := g.Next()
		if err := r.Validate(ScenarioNow); err != nil {
			b, _ := json.MarshalIndent(r, "", "  ")
			t.Fatalf("record %d invalid: %v\n%s", i, err, b)
		}
		if r.ID != "" || r.Version != 0 || !r.CreatedAt.IsZero() {
			t.Fatalf("record %d has store fields set", i)
		}
		if utf8.RuneCountInString(r.Title) > jisr.MaxTitle {
			t.Fatalf("record %d: title too long", i)
		}
	}
}

func TestCoverage(t *testing.T) {
	recs := gen(2, 20000)
	seen := map[string]bool{}
	for _, r := range recs {
		seen["agency:"+r.Originator] = true
		seen["tlp:"+string(r.TLP)] = true
		seen["handling:"+string(r.Handling)] = true
		seen["kind:"+string(r.Kind)] = true
		seen["grading:"+r.Grading.String()] = true
		if r.Releasability.Community {
			seen["rel:community"] = true
		}
		if len(r.Releasability.Countries) > 0 {
			seen["rel:countries"] = true
		}
		if len(r.Releasability.Agencies) == 1 && !r.Releasability.Community && len(r.Releasability.Groups) == 0 && len(r.Releasability.Countries) == 0 {
			seen["rel:single-agency"] = true
		}
		for _, g := range r.Releasability.Groups {
			seen["group:"+g] = true
		}
		if r.NarrativeAR != "" {
			seen["lang:ar"] = true
		}
		if r.NarrativeEN != "" {
			seen["lang:en"] = true
		}
		if r.NarrativeAR != "" && strings.ContainsAny(r.NarrativeAR, "٠١٢٣٤٥٦٧٨٩") {
			seen["indic"] = true
		}
		for _, e := range r.Entities {
			seen["schema:"+e.Schema] = true
			if e.Role != "" {
				seen["role:"+e.Role] = true
			}
			if e.Schema == "DrugQuantity" {
				seen["substance:"+e.First("substance")] = true
				if l := e.First("logo"); l != "" {
					seen["logo:"+l] = true
				}
			}
		}
		for _, l := range r.Links {
			seen["link:"+l.Type] = true
		}
		if r.Seizure != nil {
			seen["hiding:"+r.Seizure.HidingPlace] = true
			if r.Seizure.Crossing != "" {
				seen["crossing:"+r.Seizure.Crossing] = true
			}
		}
	}
	var want []string
	for _, a := range Agencies() {
		want = append(want, "agency:"+a.Code)
	}
	for _, x := range jisr.TLPs {
		want = append(want, "tlp:"+string(x))
	}
	for _, x := range jisr.Handlings {
		want = append(want, "handling:"+string(x))
	}
	for _, x := range jisr.Kinds {
		want = append(want, "kind:"+string(x))
	}
	want = append(want, "grading:B2", "grading:C3", "grading:A1", "grading:F6", "grading:E5",
		"rel:community", "rel:countries", "rel:single-agency", "group:"+GroupLevantCell, "group:"+GroupGulf,
		"lang:ar", "lang:en", "indic",
		"schema:Person", "schema:Phone", "schema:Vehicle", "schema:Container", "schema:Vessel", "schema:Company",
		"schema:BankAccount", "schema:CryptoWallet", "schema:Address", "schema:Machinery", "schema:Precursor", "schema:Organization",
		"role:suspect", "role:driver", "role:owner", "role:"+jisr.RoleProtectedInformant,
		"substance:captagon", "substance:cannabis-resin", "substance:methamphetamine",
		"logo:two-half-moons", "logo:yin-yang", "logo:camel",
		"link:owns", "link:drives", "link:called", "link:shippedBy", "link:worksAt", "link:locatedAt",
		"hiding:fruit-pomegranates", "hiding:date-paste", "hiding:drone", "hiding:paper-cylinders",
		"crossing:JO-JABER", "crossing:IQ-QAIM", "crossing:LB-MASNAA", "crossing:SA-HADITHA", "crossing:LB-BEIRUT-PORT", "crossing:SA-JEDDAH-PORT", "crossing:SY-LATAKIA-PORT")
	for _, w := range want {
		if !seen[w] {
			t.Errorf("never generated: %s", w)
		}
	}
}

func TestKindShares(t *testing.T) {
	n := map[jisr.Kind]int{}
	for _, r := range gen(3, 10000) {
		n[r.Kind]++
	}
	check := func(k jisr.Kind, lo, hi int) {
		if n[k] < lo || n[k] > hi {
			t.Errorf("%s: %d of 10000, want %d–%d", k, n[k], lo, hi)
		}
	}
	check(jisr.KindSeizure, 5200, 5800)
	check(jisr.KindReport, 3200, 3800)
	check(jisr.KindFacility, 800, 1200)
}

func TestContainersValid(t *testing.T) {
	n := 0
	for _, r := range gen(4, 20000) {
		for _, e := range r.Entities {
			if e.Schema == "Container" {
				n++
				if !ValidISO6346(e.First("number")) {
					t.Fatalf("bad container number %q", e.First("number"))
				}
			}
			if e.Schema == "Vessel" && !ValidIMO(e.First("imoNumber")) {
				t.Fatalf("bad IMO number %q", e.First("imoNumber"))
			}
			if e.Schema == "BankAccount" && !ValidIBAN(e.First("iban")) {
				t.Fatalf("bad IBAN %q", e.First("iban"))
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d containers", n)
	}
}

func TestCheckDigits(t *testing.T) {
	// Published examples: container CSQU3054383, IMO 9074729, IBAN from the
	// Jordanian central bank's format note.
	if !ValidISO6346("CSQU3054383") || ValidISO6346("CSQU3054384") {
		t.Error("ISO 6346 check digit")
	}
	if !ValidIMO("IMO 9074729") || ValidIMO("9074728") {
		t.Error("IMO check digit")
	}
	if !ValidIBAN("JO94 CBJO 0010 0000 0000 0131 0003 02") || ValidIBAN("JO95CBJO0010000000000131000302") {
		t.Error("IBAN mod 97")
	}
}

func TestRingRecursAcrossAgencies(t *testing.T) {
	phones := map[string]map[string]bool{}
	plates := map[string]map[string]bool{}
	names := map[string]map[string]bool{}
	spellings := map[string]map[string]bool{}
	formats := map[string]map[string]bool{}
	add := func(m map[string]map[string]bool, k, a string) {
		if m[k] == nil {
			m[k] = map[string]bool{}
		}
		m[k][a] = true
	}
	for _, r := range gen(5, 20000) {
		for _, e := range r.Entities {
			switch e.Schema {
			case "Phone":
				cc := agencies[agencyIndex[r.Originator]].country
				sel, err := selectors.Normalize(selectors.Phone, e.First("number"), cc)
				if err != nil {
					t.Fatal(err)
				}
				add(phones, sel.Key(), r.Originator)
				add(formats, sel.Key(), e.First("number"))
			case "Vehicle":
				sel, err := selectors.Normalize(selectors.Plate, e.First("registrationNumber"), e.First("country"))
				if err != nil {
					t.Fatal(err)
				}
				add(plates, sel.Key(), r.Originator)
			case "Person":
				for _, v := range e.Props["name"] {
					if strings.ContainsAny(v, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
						add(names, v, r.Originator)
					} else {
						add(spellings, v, "")
					}
				}
			}
		}
	}
	count := func(m map[string]map[string]bool) int {
		n := 0
		for _, as := range m {
			if len(as) >= 2 {
				n++
			}
		}
		return n
	}
	if c := count(phones); c < 50 {
		t.Errorf("only %d phones seen by ≥2 agencies", c)
	}
	if c := count(plates); c < 20 {
		t.Errorf("only %d plates seen by ≥2 agencies", c)
	}
	if c := count(names); c < 50 {
		t.Errorf("only %d Arabic names seen by ≥2 agencies", c)
	}
	if c := count(formats); c < 50 {
		t.Errorf("only %d phones written in ≥2 formats", c)
	}
}

func TestNearDuplicates(t *testing.T) {
	type key struct{ crossing, plate string }
	seen := map[key]map[string]bool{}
	for _, r := range gen(6, 20000) {
		if r.Seizure == nil || r.Seizure.Crossing == "" {
			continue
		}
		for _, e := range r.Entities {
			if e.Schema == "Vehicle" {
				sel, _ := selectors.Normalize(selectors.Plate, e.First("registrationNumber"), e.First("country"))
				k := key{r.Seizure.Crossing, sel.Key()}
				if seen[k] == nil {
					seen[k] = map[string]bool{}
				}
				seen[k][r.Originator] = true
			}
		}
	}
	n := 0
	for _, as := range seen {
		if len(as) >= 2 {
			n++
		}
	}
	if n < 30 {
		t.Fatalf("only %d seizures reported from both sides of a crossing", n)
	}
}

func TestReleasabilityUsesDemoCodes(t *testing.T) {
	codes := AgencyCodes()
	groups := Groups()
	for i, r := range gen(9, 20000) {
		rel := r.Releasability
		for _, a := range rel.Agencies {
			if !slices.Contains(codes, a) {
				t.Fatalf("record %d: unknown agency %q", i, a)
			}
			if a == r.Originator {
				t.Fatalf("record %d: released to its own originator", i)
			}
		}
		for _, g := range rel.Groups {
			if !slices.Contains(groups, g) {
				t.Fatalf("record %d: unknown group %q", i, g)
			}
		}
		if (r.TLP == jisr.TLPRed || r.TLP == jisr.TLPAmberStrict) && (rel.Community || len(rel.Groups) > 0 || len(rel.Countries) > 0 || len(rel.Agencies) == 0) {
			t.Fatalf("record %d: TLP:%s must go to named agencies only: %+v", i, r.TLP, rel)
		}
		if r.TLP == jisr.TLPAmber && !rel.Community && len(rel.Agencies)+len(rel.Groups)+len(rel.Countries) == 0 {
			t.Fatalf("record %d: AMBER released to nobody", i)
		}
		if !slices.Contains(authors[r.Originator], r.CreatedBy) {
			t.Fatalf("record %d: %q is not a demo author of %s", i, r.CreatedBy, r.Originator)
		}
	}
}

func TestAgenciesAndUsers(t *testing.T) {
	as := Agencies()
	byCode := map[string]*jisr.Agency{}
	for _, a := range as {
		if !jisr.ValidAgencyCode(a.Code) || a.NameAR == "" || a.NameEN == "" || !jisr.ValidCountry(a.Country) {
			t.Errorf("bad agency %+v", a)
		}
		byCode[a.Code] = a
	}
	for _, c := range []string{"IQ", "LB", "JO", "SY", "SA"} {
		found := false
		for _, a := range as {
			found = found || a.Country == c
		}
		if !found {
			t.Errorf("no agency for %s", c)
		}
	}
	roles := map[jisr.Role]bool{}
	names := map[string]bool{}
	for _, u := range Users() {
		if byCode[u.Agency] == nil {
			t.Errorf("user %s: unknown agency %s", u.Username, u.Agency)
		}
		if !u.Role.Valid() || u.DisplayName == "" {
			t.Errorf("bad user %+v", u)
		}
		if names[u.Username] {
			t.Errorf("duplicate username %s", u.Username)
		}
		names[u.Username] = true
		roles[u.Role] = true
	}
	for _, r := range jisr.Roles {
		if !roles[r] {
			t.Errorf("no user with role %s", r)
		}
	}
	for _, n := range []string{"jo.analyst", "iq.liaison", "admin", "auditor"} {
		if !names[n] {
			t.Errorf("missing user %s", n)
		}
	}
}

func TestPlacesFromPlaceData(t *testing.T) {
	for _, r := range gen(10, 5000) {
		if r.Place.Lat == nil {
			continue
		}
		ok := false
		for _, p := range jisr.Places {
			if p.Lat == *r.Place.Lat && p.Lon == *r.Place.Lon {
				ok = true
			}
		}
		if !ok {
			t.Fatalf("coordinates %v,%v not from places.json", *r.Place.Lat, *r.Place.Lon)
		}
	}
}

// TestSample writes a few records to stdout when DEMO_SAMPLE is set, to look at.
func TestSample(t *testing.T) {
	if os.Getenv("DEMO_SAMPLE") == "" {
		t.Skip("set DEMO_SAMPLE=1 to print sample records")
	}
	e := json.NewEncoder(os.Stdout)
	e.SetIndent("", "  ")
	e.SetEscapeHTML(false)
	for _, r := range gen(11, 12) {
		e.Encode(r)
	}
}

// BenchmarkNext measures the steady state: the generator is warmed up
// until its pool of fresh names is full, as it is for most of a large run.
func BenchmarkNext(b *testing.B) {
	g := New(1)
	for range 50_000 {
		g.Next()
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		g.Next()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// TestSummary prints counts by kind and agency for 10,000 records when
// DEMO_SAMPLE is set.
func TestSummary(t *testing.T) {
	if os.Getenv("DEMO_SAMPLE") == "" {
		t.Skip("set DEMO_SAMPLE=1 to print the summary")
	}
	byKind := map[string]map[jisr.Kind]int{}
	tlp := map[jisr.TLP]int{}
	for _, r := range gen(1, 10000) {
		if byKind[r.Originator] == nil {
			byKind[r.Originator] = map[jisr.Kind]int{}
		}
		byKind[r.Originator][r.Kind]++
		tlp[r.TLP]++
	}
	for _, a := range AgencyCodes() {
		m := byKind[a]
		t.Logf("%-8s seizures %5d  reports %5d  facilities %4d  total %5d", a, m[jisr.KindSeizure], m[jisr.KindReport], m[jisr.KindFacility],
			m[jisr.KindSeizure]+m[jisr.KindReport]+m[jisr.KindFacility])
	}
	t.Logf("TLP: %v", tlp)
}

func TestDatesSpread(t *testing.T) {
	var oldest, newest string
	for _, r := range gen(12, 5000) {
		if oldest == "" || r.OccurredOn < oldest {
			oldest = r.OccurredOn
		}
		if r.OccurredOn > newest {
			newest = r.OccurredOn
		}
	}
	if oldest > "2024-01-31" || newest < "2026-11-01" || newest > ScenarioNow.Format("2006-01-02") {
		t.Fatalf("dates span %s … %s, want about 2023-11 … 2026-11", oldest, newest)
	}
}

// TestSelectorsAgree checks the generated identifiers against package
// selectors, which reads them for cross-matching: every phone, plate,
// container, IMO number, IBAN, wallet and passport must normalise without
// error, and most of those a narrative mentions must be found in it.
func TestSelectorsAgree(t *testing.T) {
	type stat struct{ n, found int }
	st := map[selectors.Type]*stat{}
	for _, r := range gen(21, 4000) {
		cc := agencies[agencyIndex[r.Originator]].country
		keys := map[string]bool{}
		for _, text := range []string{r.NarrativeAR, r.NarrativeEN} {
			for _, s := range selectors.Extract(text, cc) {
				keys[s.Key()] = true
				if s.Type == selectors.Passport { // free text rarely says who issued it
					keys["passport-number:"+s.Value[strings.IndexByte(s.Value, ':')+1:]] = true
				}
			}
		}
		for _, e := range r.Entities {
			var typ selectors.Type
			var raw, c string
			switch e.Schema {
			case "Phone":
				typ, raw, c = selectors.Phone, e.First("number"), cc
			case "Vehicle":
				typ, raw, c = selectors.Plate, e.First("registrationNumber"), e.First("country")
			case "Container":
				typ, raw = selectors.Container, e.First("number")
			case "Vessel":
				typ, raw = selectors.IMO, e.First("imoNumber")
			case "BankAccount":
				typ, raw = selectors.IBAN, e.First("iban")
			case "CryptoWallet":
				typ, raw = selectors.TRON, e.First("publicKey")
				if strings.HasPrefix(raw, "0x") {
					typ = selectors.ETH
				}
			case "Person":
				if raw = e.First("passportNumber"); raw == "" {
					continue
				}
				typ, c = selectors.Passport, e.First("nationality")
			default:
				continue
			}
			if st[typ] == nil {
				st[typ] = &stat{}
			}
			st[typ].n++
			s, err := selectors.Normalize(typ, raw, c)
			if err != nil {
				t.Fatalf("%s %q (%s) in a record of %s: %v", typ, raw, c, r.Originator, err)
			}
			if keys[s.Key()] || typ == selectors.Passport && keys["passport-number:"+s.Value[strings.IndexByte(s.Value, ':')+1:]] {
				st[typ].found++
			}
		}
	}
	for typ, min := range map[selectors.Type]float64{selectors.Phone: 0.6, selectors.Plate: 0.6, selectors.Container: 0.95, selectors.IBAN: 0.8, selectors.TRON: 0.9, selectors.Passport: 0.05} {
		s := st[typ]
		if s == nil || s.n == 0 {
			t.Errorf("no %s generated", typ)
			continue
		}
		if f := float64(s.found) / float64(s.n); f < min {
			t.Errorf("%s: %d of %d found in the narratives, want ≥ %.0f%%", typ, s.found, s.n, min*100)
		}
	}
}
