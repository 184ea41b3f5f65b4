package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/names/namegen"
	"github.com/jisr-cell/jisr/policy"
)

// ScenarioNow is the fixed "today" of the scenario: occurred dates lie in
// the three years before it, so the output does not depend on the clock.
var ScenarioNow = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

const (
	spanDays = 3 * 365 // occurred dates spread over this many days before ScenarioNow
	dayRange = 1200    // precomputed date strings cover ±dayRange days
)

// Share of each kind, per mille.
const (
	pSeizure  = 550
	pReport   = 350
	pFacility = 100
)

// Generator yields records deterministically from a seed. It is not safe
// for concurrent use.
type Generator struct {
	r     *rand.Rand
	names *namegen.Generator
	ring  ring
	dups  []dupEvent // recent two-sided seizures, for near-duplicates
	dupAt int
	// pool holds the fresh persons generated so far; once it is full, fresh
	// persons are drawn from it again (namesakes are common in the region,
	// and generating names is the costliest part of a record).
	pool []namegen.Person
	// Buffers reused for the pieces of narratives.
	arbuf, enbuf []string
}

const poolSize = 1 << 16

// freshPerson returns a person outside the ring: a newly generated one
// until poolSize have been made, then one of those again.
func (g *Generator) freshPerson() namegen.Person {
	if len(g.pool) < poolSize {
		p := g.names.Person()
		g.pool = append(g.pool, p)
		return p
	}
	return g.pool[g.r.IntN(len(g.pool))]
}

// New returns a generator whose records depend only on seed.
func New(seed int64) *Generator {
	g := &Generator{
		r:     rand.New(rand.NewPCG(uint64(seed), 0x6a69737220646d6f)),
		names: namegen.New(seed ^ 0x5bd1e995),
	}
	g.buildRing()
	return g
}

// Now is the scenario's "today" (ScenarioNow); every record is valid for it.
func (g *Generator) Now() time.Time { return ScenarioNow }

// ---- precomputed tables ----

var (
	entIDs   [jisr.MaxEntities]string
	isoDates [2*dayRange + 1]string // YYYY-MM-DD for offset (days before now) + dayRange
	dmyDates [2*dayRange + 1]string // D/M/YYYY
	births   [40 * 365]string       // birth dates from 1965-01-01
	placeOf  = map[string]*jisr.PlaceRef{}

	agencyCum  []int
	sitesOf    = map[string][]int{}
	siteWeight = map[string]int{}
	pairOf     []int
	labCum     []int
	gradingCum []int
)

func init() {
	for i := range entIDs {
		entIDs[i] = "e" + strconv.Itoa(i+1)
	}
	for i := range isoDates {
		t := ScenarioNow.AddDate(0, 0, dayRange-i)
		isoDates[i] = t.Format(time.DateOnly)
		dmyDates[i] = strconv.Itoa(t.Day()) + "/" + strconv.Itoa(int(t.Month())) + "/" + strconv.Itoa(t.Year())
	}
	b0 := time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range births {
		births[i] = b0.AddDate(0, 0, i).Format(time.DateOnly)
	}
	for i := range jisr.Places {
		placeOf[jisr.Places[i].Code] = &jisr.Places[i]
	}
	c := 0
	for _, a := range agencies {
		c += a.weight
		agencyCum = append(agencyCum, c)
	}
	for i, s := range sites {
		if s.code != "" && placeOf[s.code] == nil {
			panic("demo: site " + s.code + " is not in places.json")
		}
		sitesOf[s.agency] = append(sitesOf[s.agency], i)
		siteWeight[s.agency] += s.weight
	}
	pairOf = make([]int, len(sites))
	for i, s := range sites {
		pairOf[i] = -1
		for j, t := range sites {
			if s.pair != "" && s.pair == t.agency+"@"+t.code {
				pairOf[i] = j
			}
		}
	}
	c = 0
	for _, l := range labSites {
		if l.code != "" && placeOf[l.code] == nil {
			panic("demo: lab site " + l.code + " is not in places.json")
		}
		c += l.weight
		labCum = append(labCum, c)
	}
	c = 0
	for _, gr := range gradings {
		c += gr.w
		gradingCum = append(gradingCum, c)
	}
}

// dateISO returns the date `off` days before ScenarioNow (negative: after).
func dateISO(off int) string { return isoDates[off+dayRange] }
func dateDMY(off int) string { return dmyDates[off+dayRange] }

// coords returns fresh copies of a place's coordinates, or nils when the
// place has none (not sourced).
func coords(code string) (*float64, *float64) {
	p := placeOf[code]
	if p == nil || (p.Lat == 0 && p.Lon == 0) {
		return nil, nil
	}
	lat, lon := p.Lat, p.Lon
	return &lat, &lon
}

// ---- random helpers ----

func (g *Generator) pct(p int) bool          { return g.r.IntN(1000) < p } // p per mille
func (g *Generator) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

// skew picks an index in [0,n) favouring small ones, so that some members of
// the ring recur much more than others.
func (g *Generator) skew(n int) int {
	a, b := g.r.IntN(n), g.r.IntN(n)
	if b < a {
		return b
	}
	return a
}

func cumPick(r *rand.Rand, cum []int) int {
	x := r.IntN(cum[len(cum)-1])
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// logUniform draws from [lo, hi] evenly on a log scale, skewed towards lo.
func (g *Generator) logUniform(lo, hi float64) int {
	u := g.r.Float64()
	u *= u
	return int(math.Exp(math.Log(lo) + u*(math.Log(hi)-math.Log(lo))))
}

func roundTo(n, step int) int {
	if n < step {
		return n
	}
	return (n + step/2) / step * step
}

// ---- numbers in text ----

func thousands(n int, sep string) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/3*len(sep))
	first := len(s) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(s[:first])
	for i := first; i < len(s); i += 3 {
		b.WriteString(sep)
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// qtyAR writes a number of pills as an Arabic report would: «565 ألف»,
// «3 ملايين», «1.2 مليون» or «٤٥٬٢٠٠».
func qtyAR(n int, indic bool) string {
	ind := func(s string) string {
		if indic {
			return toIndic(s)
		}
		return s
	}
	switch {
	case n >= 1_000_000 && n%100_000 == 0:
		m, frac := n/1_000_000, n%1_000_000/100_000
		s := strconv.Itoa(m)
		if frac > 0 {
			s += "." + strconv.Itoa(frac)
		}
		if frac == 0 && m >= 3 && m <= 10 {
			return ind(s) + " ملايين"
		}
		return ind(s) + " مليون"
	case n >= 10_000 && n < 1_000_000 && n%1000 == 0:
		return ind(strconv.Itoa(n/1000)) + " ألف"
	case indic:
		return toIndic(thousands(n, "٬"))
	default:
		return thousands(n, ",")
	}
}

func kgOf(pills int) float64 { return float64(pills) * 0.17 / 1000 }

func fmtKg(kg float64) string {
	if kg >= 100 {
		return thousands(int(kg+0.5), ",")
	}
	return strconv.FormatFloat(kg, 'f', 1, 64)
}

// ---- the ring: people, phones, trucks, containers and companies that
// recur across agencies ----

type rperson struct {
	p        namegen.Person
	nat      string
	birth    string
	passport string
	latinBy  [8]string // the spelling each agency usually writes
	ph       int       // phone index
	veh      int       // vehicle index or -1
	comp     int       // company index or -1
}

type vehicle struct {
	pl     plate
	vk     vkind
	make   string
	colour [2]string
}

type company struct {
	ar, en, cc, reg string
	acc             bankAcc
	hasAcc          bool
}

type bankAcc struct{ iban, name, cc string }

type wallet struct{ addr, cur string }

type ring struct {
	persons    []rperson
	phones     []phone
	vehicles   []vehicle
	containers []string
	companies  []company
	banks      []bankAcc
	wallets    []wallet
}

var homeCountries = []string{"SY", "SY", "SY", "JO", "JO", "LB", "LB", "IQ", "IQ", "SA"}

func (g *Generator) buildRing() {
	r := &g.ring
	for i := 0; i < 40; i++ {
		r.vehicles = append(r.vehicles, g.newVehicle(homeCountries[g.r.IntN(len(homeCountries))], true))
	}
	for i := 0; i < 40; i++ {
		r.containers = append(r.containers, newContainer(g.r))
	}
	for i := 0; i < 24; i++ {
		cc := [...]string{"JO", "LB", "SA", "IQ"}[g.r.IntN(4)]
		b := banks[cc][g.r.IntN(len(banks[cc]))]
		r.banks = append(r.banks, bankAcc{iban: newIBAN(g.r, cc, b[0]), name: b[1], cc: cc})
	}
	for i := 0; i < 28; i++ {
		c := g.newCompany(homeCountries[g.r.IntN(len(homeCountries))])
		if g.pct(600) {
			c.acc, c.hasAcc = r.banks[g.r.IntN(len(r.banks))], true
		}
		r.companies = append(r.companies, c)
	}
	for i := 0; i < 12; i++ {
		if g.pct(750) {
			r.wallets = append(r.wallets, wallet{newTronAddress(g.r), "USDT-TRC20"})
		} else {
			r.wallets = append(r.wallets, wallet{newEthAddress(g.r), "USDT-ERC20"})
		}
	}
	for i := 0; i < 90; i++ {
		nat := homeCountries[g.r.IntN(len(homeCountries))]
		p := g.names.Person()
		for p.Female && i < 84 { // drivers, traders, most organisers: men
			p = g.names.Person()
		}
		rp := rperson{p: p, nat: nat, veh: -1, comp: -1}
		if g.pct(600) {
			rp.birth = births[g.r.IntN(len(births))]
		}
		if g.pct(500) {
			rp.passport = passportPrefix[nat] + digits(g.r, 7)
		}
		for a := range agencies {
			if g.pct(500) {
				rp.latinBy[a] = p.Latin[g.r.IntN(len(p.Latin))]
			} else {
				rp.latinBy[a] = g.names.Variant(p)
			}
		}
		r.phones = append(r.phones, newPhone(g.r, phoneCountry(nat)))
		rp.ph = len(r.phones) - 1
		if i < 40 { // drivers own or drive a ring truck
			rp.veh = i
		}
		if i >= 40 && i < 68 {
			rp.comp = i - 40
		}
		r.persons = append(r.persons, rp)
	}
	for i := 0; i < 30; i++ { // burner phones used by organisers
		r.phones = append(r.phones, newPhone(g.r, phoneCountry(homeCountries[g.r.IntN(len(homeCountries))])))
	}
	g.dups = make([]dupEvent, 0, 64)
}

// phoneCountry: the five countries have plans; others get a Jordanian SIM.
func phoneCountry(nat string) string {
	if _, ok := dialCode[nat]; ok {
		return nat
	}
	return "JO"
}

func (g *Generator) newVehicle(cc string, heavy bool) vehicle {
	v := vehicle{pl: newPlate(g.r, cc), colour: colours[g.r.IntN(len(colours))]}
	if heavy {
		v.vk = vTruck
		v.make = g.pick(truckMakes)
	} else {
		switch g.r.IntN(4) {
		case 0:
			v.vk, v.make = vVan, g.pick(vanMakes)
		case 1:
			v.vk, v.make = vPickup, "Toyota Hilux"
		default:
			v.vk, v.make = vCar, g.pick(carMakes)
		}
	}
	return v
}

func (g *Generator) newCompany(cc string) company {
	stem := companyStems[g.r.IntN(len(companyStems))]
	k := g.r.IntN(len(companyKindsAR))
	return company{
		ar:  strings.Replace(companyKindsAR[k], "%s", stem[0], 1),
		en:  strings.Replace(companyKindsEN[k], "%s", stem[1], 1),
		cc:  cc,
		reg: strconv.Itoa(10000+g.r.IntN(90000)) + "/" + strconv.Itoa(2010+g.r.IntN(15)),
	}
}

// ---- per-record state ----

// rec is what one record is being built from.
type rec struct {
	g     *Generator
	ai    int // agency index
	a     *agencyInfo
	ents  []jisr.Entity
	links []jisr.Link
	indic bool // Arabic-Indic digits in the Arabic narrative
	slab  []string
}

// Phone styles each agency tends to use for numbers of its own country
// (national formats) and foreign ones (international formats).
var localStyles = map[string][]int{
	"IQ-GDNA": {3, 2, 3}, "IQ-KRSC": {0, 3, 1}, "LB-ISF": {3, 2, 1}, "LB-LAF": {2, 3},
	"JO-AND": {2, 3, 1}, "SY-MOI": {2, 3, 3}, "SA-GDNC": {2, 0, 4},
}
var intlStyles = []int{0, 1, 4, 5}

// v returns a property value list; the lists of one record share one
// backing array (each with its capacity capped, so appending copies).
func (x *rec) v(vals ...string) []string {
	if cap(x.slab)-len(x.slab) < len(vals) {
		x.slab = make([]string, 0, 64)
	}
	n := len(x.slab)
	x.slab = append(x.slab, vals...)
	return x.slab[n : n+len(vals) : n+len(vals)]
}

func (x *rec) add(schema, role string, props map[string][]string) string {
	id := entIDs[len(x.ents)]
	x.ents = append(x.ents, jisr.Entity{ID: id, Schema: schema, Role: role, Props: props})
	return id
}

func (x *rec) link(from, to, typ string) {
	x.links = append(x.links, jisr.Link{From: from, To: to, Type: typ})
}

func (x *rec) fmtPhone(p phone) string {
	if p.cc == x.a.country {
		st := localStyles[x.a.code]
		return p.format(st[x.g.r.IntN(len(st))])
	}
	return p.format(intlStyles[x.g.r.IntN(len(intlStyles))])
}

// phoneText writes a phone for a narrative: as in the entity, or with
// Arabic-Indic digits when the report uses them.
func (x *rec) phoneText(s string) string {
	if x.indic {
		return toIndic(s)
	}
	return s
}

func (x *rec) num(s string) string {
	if x.indic {
		return toIndic(s)
	}
	return s
}

// who is a person as one record writes them.
type who struct {
	ar, lat  string
	nat      string
	female   bool
	ring     int // ring index or -1
	ph       phone
	hasPh    bool
	phText   string
	id       string
	phID     string
	passport string // as recorded on the entity, "" when not
}

// ident is who a person is, before a record writes them down.
type ident struct {
	p        namegen.Person
	nat      string
	birth    string
	passport string
	ring     int // ring index or -1
	ph       phone
	hasPh    bool
}

// drawIdent picks a person: from the ring (indexes lo..hi) with probability
// ringP per mille, else a fresh one of nationality natHint.
func (x *rec) drawIdent(role, natHint string, ringP, lo, hi int) ident {
	g := x.g
	// Drivers, owners and the suspects narratives name are men, as in most
	// reports; women appear among other suspects and witnesses.
	male := role == "driver" || role == "owner" || (role == "suspect" && g.pct(900))
	if hi > lo && g.pct(ringP) {
		i := lo + g.skew(hi-lo)
		if rp := &g.ring.persons[i]; !(male && rp.p.Female) {
			id := ident{p: rp.p, nat: rp.nat, birth: rp.birth, passport: rp.passport, ring: i}
			if g.pct(850) {
				id.ph, id.hasPh = g.ring.phones[rp.ph], true
			}
			return id
		}
	}
	id := ident{p: g.freshPerson(), nat: natHint, ring: -1}
	if male {
		for id.p.Female {
			id.p = g.freshPerson()
		}
	}
	if g.pct(350) {
		id.birth = births[g.r.IntN(len(births))]
	}
	if g.pct(200) {
		id.passport = passportPrefix[id.nat] + digits(g.r, 7)
	}
	if g.pct(700) {
		id.ph, id.hasPh = newPhone(g.r, phoneCountry(id.nat)), true
	}
	return id
}

// person adds a Person entity (and the phone they carry) drawn as drawIdent does.
func (x *rec) person(role, natHint string, ringP, lo, hi int) who {
	return x.personFrom(x.drawIdent(role, natHint, ringP, lo, hi), role)
}

// personFrom adds a Person entity for id, spelled the way this agency spells it.
func (x *rec) personFrom(id ident, role string) who {
	g := x.g
	w := who{ar: id.p.Arabic, nat: id.nat, female: id.p.Female, ring: id.ring, ph: id.ph, hasPh: id.hasPh}
	switch {
	case id.ring >= 0 && g.pct(800):
		w.lat = g.ring.persons[id.ring].latinBy[x.ai]
	case id.ring >= 0:
		w.lat = g.names.Variant(id.p)
	case g.pct(700):
		w.lat = id.p.Latin[0]
	default:
		w.lat = id.p.Latin[g.r.IntN(len(id.p.Latin))]
	}
	props := make(map[string][]string, 5)
	switch v := g.r.IntN(100); {
	case v < 72:
		props["name"] = x.v(w.ar, w.lat)
	case v < 88:
		props["name"] = x.v(w.ar)
	default:
		props["name"] = x.v(w.lat)
	}
	if w.nat != "" {
		props["nationality"] = x.v(w.nat)
	}
	if w.female {
		props["gender"] = x.v("female")
	} else if g.pct(300) {
		props["gender"] = x.v("male")
	}
	if id.birth != "" && g.pct(700) {
		props["birthDate"] = x.v(id.birth)
	}
	if id.passport != "" && g.pct(700) {
		props["passportNumber"] = x.v(id.passport)
		w.passport = id.passport
	}
	w.id = x.add("Person", role, props)
	if w.hasPh {
		w.phText = x.fmtPhone(w.ph)
		w.phID = x.add("Phone", "", map[string][]string{"number": x.v(w.phText), "country": x.v(w.ph.cc)})
		x.link(w.id, w.phID, "owns")
	}
	return w
}

// extraPhone adds a phone the person called: a ring burner (often) or a fresh number.
func (x *rec) extraPhone(from who) (string, string) {
	g := x.g
	var p phone
	if g.pct(350) {
		p = g.ring.phones[90+g.skew(30)]
	} else if g.pct(250) {
		p = g.ring.phones[g.skew(90)]
	} else {
		p = newPhone(g.r, homeCountries[g.r.IntN(len(homeCountries))])
	}
	txt := x.fmtPhone(p)
	id := x.add("Phone", "", map[string][]string{"number": x.v(txt), "country": x.v(p.cc)})
	if from.phID != "" {
		x.link(from.phID, id, "called")
	}
	return id, txt
}

// vehicleFor returns the vehicle driven by w: his ring truck, another ring
// truck, or a fresh one.
func (x *rec) vehicleFor(w who, heavy bool, cc string) (vehicle, bool) {
	g := x.g
	if heavy && w.ring >= 0 && g.ring.persons[w.ring].veh >= 0 && g.pct(700) {
		return g.ring.vehicles[g.ring.persons[w.ring].veh], true
	}
	if heavy && g.pct(120) {
		return g.ring.vehicles[g.skew(len(g.ring.vehicles))], true
	}
	return g.newVehicle(cc, heavy), false
}

func (x *rec) addVehicle(v vehicle, driver who) (string, string) {
	plateText := v.pl.latin(x.g.r.IntN(3))
	if x.a.country == v.pl.cc && x.g.pct(400) {
		plateText = v.pl.arabic(false)
	}
	props := map[string][]string{"registrationNumber": x.v(plateText), "country": x.v(v.pl.cc), "type": x.v(v.vk.typ)}
	if x.g.pct(800) {
		props["make"] = x.v(v.make)
	}
	if x.g.pct(600) {
		props["color"] = x.v(v.colour[0])
	}
	id := x.add("Vehicle", "", props)
	if driver.id != "" {
		x.link(driver.id, id, "drives")
	}
	return id, plateText
}

// plateForText writes the plate for the Arabic narrative.
func (x *rec) plateAR(v vehicle) string {
	if x.g.pct(500) {
		return v.pl.arabic(x.indic)
	}
	return v.pl.latin(x.g.r.IntN(3))
}

func (x *rec) addCompany(c company, owner who) string {
	props := map[string][]string{"country": x.v(c.cc)}
	switch x.g.r.IntN(3) {
	case 0:
		props["name"] = x.v(c.ar, c.en)
	case 1:
		props["name"] = x.v(c.ar)
	default:
		props["name"] = x.v(c.en)
	}
	if x.g.pct(500) {
		props["registrationNumber"] = x.v(c.reg)
	}
	id := x.add("Company", "", props)
	if owner.id != "" {
		if x.g.pct(700) {
			x.link(owner.id, id, "owns")
		} else {
			x.link(owner.id, id, "worksAt")
		}
	}
	return id
}

func (x *rec) company(owner who) (company, string) {
	g := x.g
	var c company
	if owner.ring >= 0 && g.ring.persons[owner.ring].comp >= 0 && g.pct(800) {
		c = g.ring.companies[g.ring.persons[owner.ring].comp]
	} else if g.pct(250) {
		c = g.ring.companies[g.skew(len(g.ring.companies))]
	} else {
		c = g.newCompany(x.a.country)
	}
	return c, x.addCompany(c, owner)
}

func (x *rec) bankAccount(c company, owner string) (string, string) {
	g := x.g
	var b bankAcc
	if c.hasAcc {
		b = c.acc
	} else if g.pct(500) {
		b = g.ring.banks[g.skew(24)]
	} else {
		cc := [...]string{"JO", "LB", "SA", "IQ"}[g.r.IntN(4)]
		bk := banks[cc][g.r.IntN(len(banks[cc]))]
		b = bankAcc{newIBAN(g.r, cc, bk[0]), bk[1], cc}
	}
	iban := b.iban
	if g.pct(400) {
		iban = ibanGrouped(iban)
	}
	id := x.add("BankAccount", "", map[string][]string{"iban": x.v(iban), "bankName": x.v(b.name), "country": x.v(b.cc)})
	if owner != "" {
		x.link(owner, id, "owns")
	}
	return id, iban
}

func (x *rec) drug(pills int, inKg bool) string {
	g := x.g
	props := map[string][]string{"substance": x.v("captagon")}
	if inKg {
		props["amount"] = x.v(strconv.FormatFloat(kgOf(pills), 'f', 1, 64))
		props["unit"] = x.v("kg")
	} else {
		props["amount"] = x.v(strconv.Itoa(pills))
		props["unit"] = x.v("pills")
	}
	if g.pct(850) {
		props["logo"] = x.v(g.pick(logos))
		props["color"] = x.v(g.pick(pillColours))
		props["shape"] = x.v("round")
		if g.pct(100) {
			props["shape"] = x.v("oval")
		}
		if g.pct(500) {
			props["diameterMm"] = x.v(g.pick(diameters))
			props["thicknessMm"] = x.v(g.pick(thicknesses))
			props["weightMg"] = x.v(g.pick(weights))
			props["scoreLine"] = x.v(g.pick(scoreLines))
		}
	}
	return x.add("DrugQuantity", "", props)
}

// other drugs sometimes found with the Captagon.
func (x *rec) otherDrug() (ar, en string) {
	g := x.g
	if g.pct(600) {
		kg := 5 + g.r.IntN(400)
		x.add("DrugQuantity", "", map[string][]string{"substance": x.v("cannabis-resin"), "amount": x.v(strconv.Itoa(kg)), "unit": x.v("kg")})
		return " كما ضُبط " + x.num(strconv.Itoa(kg)) + " كغ من حشيش الكيف.", " " + strconv.Itoa(kg) + " kg of cannabis resin were also found."
	}
	kg := 1 + g.r.IntN(40)
	x.add("DrugQuantity", "", map[string][]string{"substance": x.v("methamphetamine"), "amount": x.v(strconv.Itoa(kg)), "unit": x.v("kg")})
	return " كما ضُبط " + x.num(strconv.Itoa(kg)) + " كغ من مادة الكريستال ميث.", " " + strconv.Itoa(kg) + " kg of crystal methamphetamine were also found."
}

// ---- Next ----

// Next returns the next record, without ID, Version or CreatedAt; its
// Originator is a demo agency code and CreatedBy one of that agency's demo
// usernames. Every record passes Validate(ScenarioNow) (and any later now).
func (g *Generator) Next() *jisr.Record {
	var r *jisr.Record
	k := g.r.IntN(1000)
	switch {
	case k < pSeizure:
		if len(g.dups) > 8 && g.pct(45) {
			if r = g.mirrorSeizure(); r != nil {
				break
			}
		}
		r = g.seizure(g.pickAgency())
	case k < pSeizure+pReport:
		r = g.report(g.pickAgency())
	default:
		r = g.facility(g.pickAgency())
	}
	return r
}

func (g *Generator) pickAgency() int { return cumPick(g.r, agencyCum) }

func (g *Generator) newRec(ai int) *rec {
	return &rec{g: g, ai: ai, a: &agencies[ai], ents: make([]jisr.Entity, 0, 12), links: make([]jisr.Link, 0, 8), indic: g.pct(350)}
}

// occurred draws a day offset before ScenarioNow over the last three
// years, recent days likelier (the density falls linearly with age).
func (g *Generator) occurred() int {
	return int(float64(spanDays) * (1 - math.Sqrt(g.r.Float64())))
}

// header fills the fields every record has: author, grading, handling,
// TLP, releasability, review date.
func (g *Generator) header(r *jisr.Record, x *rec, off int, sensitive bool) {
	a := x.a
	au := authors[a.code]
	ai := g.r.IntN(len(au))
	r.Originator, r.CreatedBy = a.code, au[ai]
	r.OccurredOn = dateISO(off)
	r.Grading = gradings[cumPick(g.r, gradingCum)].g

	h := g.r.IntN(100)
	switch {
	case h < 38:
		r.Handling = jisr.H0
	case h < 62:
		r.Handling = jisr.H1
	case h < 88:
		r.Handling = jisr.H2
	default:
		r.Handling = jisr.H3
		r.HandlingConditions = g.pick(h3Conditions)
	}
	t := g.r.IntN(100)
	if sensitive {
		t = 60 + g.r.IntN(40)
	}
	switch {
	case t < 5:
		r.TLP = jisr.TLPClear
	case t < 25:
		r.TLP = jisr.TLPGreen
	case t < 68:
		r.TLP = jisr.TLPAmber
	case t < 88:
		r.TLP = jisr.TLPAmberStrict
	default:
		r.TLP = jisr.TLPRed
	}
	r.Releasability = g.releasability(x.ai, r.TLP)
	if rel := releasers[a.code]; policy.Released(r) && !slices.Contains(rel, r.CreatedBy) {
		// Only liaison officers and supervisors release (policy.CanMark).
		r.CreatedBy = rel[ai%len(rel)]
	}
	if (r.TLP == jisr.TLPRed || r.TLP == jisr.TLPAmberStrict) && g.pct(250) {
		r.NoHitDisclosure = true
	}
	if g.pct(800) {
		r.ReviewBy = dateISO(off - 365 - g.r.IntN(2)*365)
	}
}

// Neighbours each agency most often shares with.
var neighbours = map[string][]string{
	"IQ-GDNA": {"SY-MOI", "JO-AND", "SA-GDNC", "IQ-KRSC"},
	"IQ-KRSC": {"IQ-GDNA", "SY-MOI"},
	"LB-ISF":  {"SY-MOI", "LB-LAF", "JO-AND", "SA-GDNC"},
	"LB-LAF":  {"LB-ISF", "SY-MOI", "IQ-GDNA"},
	"JO-AND":  {"SY-MOI", "SA-GDNC", "IQ-GDNA", "LB-ISF"},
	"SY-MOI":  {"JO-AND", "LB-ISF", "IQ-GDNA"},
	"SA-GDNC": {"JO-AND", "IQ-GDNA", "LB-ISF"},
}

func (g *Generator) releasability(ai int, tlp jisr.TLP) jisr.Releasability {
	a := &agencies[ai]
	nb := neighbours[a.code]
	named := func(max int) []string {
		n := 1 + g.r.IntN(max)
		out := make([]string, 0, n)
		start := g.r.IntN(len(nb))
		for i := 0; i < n && i < len(nb); i++ {
			out = append(out, nb[(start+i)%len(nb)])
		}
		return out
	}
	var rel jisr.Releasability
	switch tlp {
	case jisr.TLPRed:
		rel.Agencies = named(2)
	case jisr.TLPAmberStrict:
		rel.Agencies = named(3)
	case jisr.TLPClear:
		rel.Community = true
	case jisr.TLPGreen:
		switch v := g.r.IntN(10); {
		case v < 4 && len(a.groups) > 0:
			rel.Groups = []string{a.groups[g.r.IntN(len(a.groups))]}
		case v < 9:
			rel.Community = true
		default:
			rel.Countries = []string{agencies[agencyIndex[nb[0]]].country}
		}
	default: // AMBER
		switch v := g.r.IntN(20); {
		case v < 6:
			rel.Agencies = named(1)
		case v < 10:
			rel.Agencies = named(3)
		case v < 13:
			c := agencies[agencyIndex[nb[g.r.IntN(len(nb))]]].country
			if c == a.country {
				c = agencies[agencyIndex[nb[0]]].country
			}
			rel.Countries = []string{c}
			if g.pct(300) && c != "SA" && a.country != "SA" {
				rel.Countries = append(rel.Countries, "SA")
			}
		case v < 18 && len(a.groups) > 0:
			rel.Groups = append([]string(nil), a.groups...)
			if g.pct(300) {
				rel.Agencies = named(1)
			}
		case v < 18:
			rel.Agencies = named(2)
		default:
			rel.Community = true
		}
	}
	return rel
}

// finish sets the record's entities and language: Arabic only for many,
// Arabic and English for some, English only for a few (the Kurdistan
// Region service and Lebanon's francophone analysts write in English more).
func (g *Generator) finish(r *jisr.Record, x *rec, titleAR, titleEN string, ar, en []string) {
	r.Entities, r.Links = x.ents, x.links
	enOnly := 80
	if x.a.code == "IQ-KRSC" {
		enOnly = 450
	}
	switch v := g.r.IntN(1000); {
	case v < enOnly:
		r.Title, r.NarrativeEN = titleEN, join(en)
	case v < enOnly+350:
		r.Title, r.NarrativeAR, r.NarrativeEN = titleAR, join(ar), join(en)
	default:
		r.Title, r.NarrativeAR = titleAR, join(ar)
	}
}
