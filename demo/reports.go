package demo

import (
	"strconv"

	"github.com/jisr-cell/jisr"
)

// called is «المدعو» or «المدعوة», as reports introduce a person.
func called(w who) string { return fem(w, "المدعو ", "المدعوة ") }

// fem picks the masculine or feminine form for w.
func fem(w who, m, f string) string {
	if w.female {
		return f
	}
	return m
}

var sourceWordAR = map[string]string{"A": "موثوق تماماً", "B": "موثوق عادةً", "C": "موثوق إلى حدٍّ ما", "D": "غير موثوق عادةً", "E": "غير موثوق", "F": "لا يمكن تقييم موثوقيته"}
var sourceWordEN = map[string]string{"A": "a completely reliable", "B": "a usually reliable", "C": "a fairly reliable", "D": "a not usually reliable", "E": "an unreliable", "F": "an unassessed"}

var windows = [][2]string{
	{"خلال الأسبوعين المقبلين", "within the next two weeks"},
	{"مطلع الشهر القادم", "early next month"},
	{"خلال أيام", "within days"},
	{"قبل نهاية الشهر الجاري", "before the end of the month"},
}

// reportPlace picks where a report is about: one of the agency's own sites,
// or a crossing on a neighbour's side.
func (g *Generator) reportSite(ai int) int {
	for tries := 0; ; tries++ {
		a := ai
		if g.pct(350) || tries > 3 {
			nb := neighbours[agencies[ai].code]
			a = agencyIndex[nb[g.r.IntN(len(nb))]]
		}
		si := g.pickSite(a)
		if k := sites[si].kind; k == siteCrossing || k == sitePort || tries > 8 {
			return si
		}
	}
}

func placeOfSite(s *site) jisr.Place {
	p := jisr.Place{Name: s.nameEN, NameAR: s.nameAR, Country: agencies[agencyIndex[s.agency]].country, Admin: s.adminEN}
	if s.code != "" {
		p.Lat, p.Lon = coords(s.code)
	}
	return p
}

func (g *Generator) report(ai int) *jisr.Record {
	x := g.newRec(ai)
	a := x.a
	off := g.occurred()
	r := &jisr.Record{Kind: jisr.KindReport}
	kind := g.r.IntN(100)
	informant := kind >= 80 && kind < 90
	g.header(r, x, off, informant)
	if informant && r.Handling == jisr.H0 {
		r.Handling = jisr.H2
	}
	srcAR, srcEN := sourceWordAR[r.Grading.Source], sourceWordEN[r.Grading.Source]
	var ar, en []string
	var titleAR, titleEN string

	switch {
	case kind < 40 || informant: // a shipment is being prepared
		si := g.reportSite(ai)
		s := &sites[si]
		r.Place = placeOfSite(s)
		var inf who
		if informant {
			inf = x.person(jisr.RoleProtectedInformant, a.country, 0, 0, 0)
		}
		s1 := x.person("suspect", g.pick(homeCountries), 450, ringTraders, ringOrganiser)
		s2 := x.person("suspect", g.pick(homeCountries), 300, ringDrivers, ringOrganiser)
		x.link(s1.id, s2.id, "associateOf")
		if informant {
			x.link(inf.id, s1.id, "associateOf")
		}
		var call string
		switch {
		case s1.phID != "" && s2.phID != "":
			x.link(s1.phID, s2.phID, "called")
		case s2.phID == "":
			// The number s2 is reached on, called from s1's phone if he has one.
			var pid string
			pid, call = x.extraPhone(s1)
			x.link(s2.id, pid, "owns")
		}
		byContainer := s.kind == sitePort && s.code != "JO-AQABA" && s.code != "SA-DUBA"
		var drv who
		var veh vehicle
		var plateText, ct string
		comp, compID := x.company(s1)
		hk := g.pick(truckHidings)
		if byContainer {
			hk = g.pick(portHidings)
		}
		hideAR, hideEN := hidePhrase(hk)
		if byContainer {
			c := newContainer(g.r)
			if g.pct(400) {
				c = g.ring.containers[g.skew(len(g.ring.containers))]
			}
			ct = containerStyle(c, g.r.IntN(3))
			cid := x.add("Container", "", map[string][]string{"number": x.v(ct)})
			x.link(cid, compID, "shippedBy")
		} else {
			drvID := x.drawIdent("driver", g.pick(s.from), 350, 0, ringDrivers)
			drv = x.personFrom(drvID, "driver")
			veh, _ = x.vehicleFor(drv, true, phoneCountry(drvID.nat))
			_, plateText = x.addVehicle(veh, drv)
		}
		pills := roundTo(g.logUniform(100_000, 5_000_000), 10_000)
		w := windows[g.r.IntN(len(windows))]
		if informant {
			ar = append(g.arbuf[:0], "أفاد مصدر بشري ", srcAR, " بأن ")
			en = append(g.enbuf[:0], "A"+srcEN[1:], " human source reports that ")
		} else {
			ar = append(g.arbuf[:0], "تفيد معلومات من مصدر ", srcAR, " بأن ")
			en = append(g.enbuf[:0], "Information from ", srcEN, " source indicates that ")
		}
		ar = append(ar, called(s1), s1.ar)
		en = append(en, s1.lat)
		if s1.hasPh {
			ar = append(ar, " (هاتف ", x.phoneText(s1.phText), ")")
			en = append(en, " (phone ", s1.phText, ")")
		}
		ar = append(ar, fem(s1, " يعمل", " تعمل"), " على تجهيز شحنة من حبوب الكبتاغون تقدَّر بنحو ", qtyAR(pills, x.indic), " حبة، من المتوقع تهريبها عبر ", s.nameAR, " ", w[0])
		en = append(en, " is preparing a shipment of about ", thousands(pills, ","), " Captagon pills to be smuggled through ", s.nameEN, " ", w[1])
		if byContainer {
			ar = append(ar, " داخل الحاوية رقم ", ct, "،", hideAR, ".")
			en = append(en, " in container ", ct, ",", hideEN, ".")
		} else {
			ar = append(ar, " على متن ", veh.vk.ar, " تحمل لوحة ", x.plateAR(veh), " يقودها ", drv.ar, "،", hideAR, ".")
			en = append(en, " in a ", veh.vk.en, " with plate ", plateText, " driven by ", drv.lat, ",", hideEN, ".")
		}
		ar = append(ar, fem(s1, " ويتواصل المذكور", " وتتواصل المذكورة"), " بشكل متكرر مع ", s2.ar)
		en = append(en, fem(s1, " He", " She"), " is in frequent contact with ", s2.lat)
		switch {
		case s2.hasPh:
			ar = append(ar, " على الرقم ", x.phoneText(s2.phText))
			en = append(en, " on ", s2.phText)
		case call != "":
			ar = append(ar, " عبر الرقم ", x.phoneText(call))
			en = append(en, " through ", call)
		}
		ar = append(ar, fem(s1, "، ويستخدم ", "، وتستخدم "), comp.ar, " واجهةً لتغطية عمليات الشحن.")
		en = append(en, ", and uses ", comp.en, " as a front for the shipments.")
		if drv.hasPh {
			ar = append(ar, " هاتف السائق: ", x.phoneText(drv.phText), ".")
			en = append(en, " Driver's phone: ", drv.phText, ".")
		}
		titleAR = "شحنة كبتاغون مرتقبة عبر " + s.nameAR
		titleEN = "Captagon shipment expected through " + s.nameEN
		if informant {
			titleAR = "معلومات مصدر بشري: " + titleAR
			titleEN = "Human source: " + titleEN
		}

	case kind < 65: // money
		s := &sites[g.pickSite(ai)]
		r.Place = placeOfSite(s)
		s1 := x.person("suspect", g.pick(homeCountries), 500, ringTraders, ringOrganiser)
		comp, compID := x.company(s1)
		_, iban := x.bankAccount(comp, compID)
		ar = append(g.arbuf[:0], "رصدت ", a.instAR, " تحويلات مالية متكررة من الحساب ", iban, " العائد إلى ", comp.ar, " لصالح ", called(s1), s1.ar,
			"، يُعتقد أنها ثمن شحنات كبتاغون سابقة.")
		en = append(g.enbuf[:0], a.instEN, " traced repeated transfers from account ", iban, " held by ", comp.en, " to ", s1.lat, ", believed to pay for earlier Captagon shipments.")
		if g.pct(450) {
			_, iban2 := x.bankAccount(company{}, s1.id)
			ar = append(ar, " وتصب المبالغ لاحقاً في الحساب ", iban2, ".")
			en = append(en, " The money then moves to account ", iban2, ".")
		}
		if g.pct(350) {
			wl := g.ring.wallets[g.skew(len(g.ring.wallets))]
			if g.pct(300) {
				wl = wallet{newTronAddress(g.r), "USDT-TRC20"}
			}
			wid := x.add("CryptoWallet", "", map[string][]string{"publicKey": x.v(wl.addr), "currency": x.v(wl.cur)})
			x.link(s1.id, wid, "owns")
			ar = append(ar, fem(s1, " كما يستخدم المذكور", " كما تستخدم المذكورة"), " محفظة رقمية (", wl.addr, ") لتلقي مبالغ بعملة USDT.")
			en = append(en, fem(s1, " He", " She"), " also receives USDT in the wallet ", wl.addr, ".")
		}
		if s1.hasPh {
			ar = append(ar, " الهاتف المرتبط بالحساب: ", x.phoneText(s1.phText), ".")
			en = append(en, " Phone linked to the account: ", s1.phText, ".")
		}
		titleAR = "تحويلات مالية مرتبطة بتهريب الكبتاغون – " + comp.ar
		titleEN = "Money linked to Captagon smuggling – " + comp.en

	case kind < 80: // a lab
		ls := &labSites[cumPick(g.r, labCum)]
		r.Place = labPlace(ls)
		s1 := x.person("suspect", ls.country, 400, ringTraders, ringOrganiser)
		x.lab(ls, s1, "")
		drv := x.person("driver", ls.country, 250, 0, ringDrivers)
		veh, _ := x.vehicleFor(drv, g.pct(500), ls.country)
		_, plateText := x.addVehicle(veh, drv)
		ar = append(g.arbuf[:0], "تشير المعلومات إلى وجود معمل لتصنيع حبوب الكبتاغون في ", ls.nameAR, " (", ls.adminAR, ") ", fem(s1, "يديره ", "تديره "), called(s1), s1.ar)
		en = append(g.enbuf[:0], "Information points to a Captagon lab in ", ls.nameEN, " (", ls.adminEN, ") run by ", s1.lat)
		if s1.hasPh {
			ar = append(ar, fem(s1, " الذي يستخدم", " التي تستخدم"), " الرقم ", x.phoneText(s1.phText))
			en = append(en, ", who uses the number ", s1.phText)
		}
		ar = append(ar, "، ويُنقل الإنتاج بواسطة ", veh.vk.ar, " تحمل لوحة ", x.plateAR(veh), " يقودها ", drv.ar, ".")
		en = append(en, ". The output is moved in a ", veh.vk.en, ", plate ", plateText, ", driven by ", drv.lat, ".")
		titleAR = "معمل كبتاغون مشتبه به في " + ls.nameAR
		titleEN = "Suspected Captagon lab in " + ls.nameEN

	default: // controlled delivery
		si := g.pickSite(ai)
		for tries := 0; tries < 6 && sites[si].kind != sitePort; tries++ {
			si = g.pickSite(g.pickAgency())
		}
		s := &sites[si]
		r.Place = placeOfSite(s)
		c := newContainer(g.r)
		if g.pct(400) {
			c = g.ring.containers[g.skew(len(g.ring.containers))]
		}
		ct := containerStyle(c, g.r.IntN(3))
		cid := x.add("Container", "", map[string][]string{"number": x.v(ct)})
		s1 := x.person("owner", g.pick(homeCountries), 350, ringDrivers, ringTraders)
		comp, compID := x.company(s1)
		x.link(cid, compID, "shippedBy")
		dest := agencies[agencyIndex[neighbours[a.code][0]]]
		ar = append(g.arbuf[:0], "تطلب ", a.instAR, " التنسيق مع الجهة المختصة في ", countryAR[dest.country], " لتنفيذ تسليم مراقَب للحاوية رقم ", ct,
			" المشحونة باسم ", comp.ar, "، والتي يُشتبه باحتوائها على حبوب كبتاغون مخبأة ", hidings[g.pick(portHidings)].ar, "، وذلك لتحديد المستلم النهائي.")
		en = append(g.enbuf[:0], a.instEN, " asks the competent service in ", jisr.Countries[dest.country][0], " to run a controlled delivery of container ", ct,
			", shipped by ", comp.en, " and believed to hold Captagon pills, to identify the final consignee.")
		if s1.hasPh {
			ar = append(ar, " رقم التواصل المدوّن على بوليصة الشحن: ", x.phoneText(s1.phText), ".")
			en = append(en, " Contact number on the bill of lading: ", s1.phText, ".")
		}
		titleAR = "طلب تسليم مراقب – الحاوية " + ct
		titleEN = "Controlled delivery request – container " + ct
	}
	g.finish(r, x, titleAR, titleEN, ar, en)
	g.arbuf, g.enbuf = ar[:0], en[:0]
	return r
}

// presses counts tablet presses in Arabic: «آلة واحدة», «آلتان», «٣ آلات».
// nominative: subject (آلتا) or object (آلتي) of the sentence.
func (x *rec) presses(n int, nominative bool) string {
	switch {
	case n == 1:
		return "آلة كبس واحدة"
	case n == 2 && nominative:
		return "آلتا كبس"
	case n == 2:
		return "آلتي كبس"
	}
	return x.num(strconv.Itoa(n)) + " آلات كبس"
}

func labPlace(ls *labSite) jisr.Place {
	p := jisr.Place{Name: ls.nameEN, NameAR: ls.nameAR, Country: ls.country, Admin: ls.adminEN}
	if ls.code != "" {
		p.Lat, p.Lon = coords(ls.code)
	}
	return p
}

// lab adds an Organization for a lab or warehouse, its Address, and links
// the person running it. It returns the organisation's and address's IDs.
func (x *rec) lab(ls *labSite, owner who, kindAR string) (string, string) {
	if kindAR == "" {
		kindAR = "معمل كبتاغون"
	}
	org := x.add("Organization", "", map[string][]string{"name": x.v(kindAR + " – " + ls.nameAR), "country": x.v(ls.country)})
	full := "خراج بلدة " + ls.nameAR + "، " + ls.adminAR
	if x.g.pct(400) {
		full = "outskirts of " + ls.nameEN + ", " + ls.adminEN
	}
	props := map[string][]string{"full": x.v(full), "city": x.v(ls.nameEN), "country": x.v(ls.country)}
	if p := placeOf[ls.code]; p != nil && (p.Lat != 0 || p.Lon != 0) {
		props["latitude"] = x.v(strconv.FormatFloat(p.Lat, 'f', 4, 64))
		props["longitude"] = x.v(strconv.FormatFloat(p.Lon, 'f', 4, 64))
	}
	addr := x.add("Address", "", props)
	x.link(org, addr, "locatedAt")
	if owner.id != "" {
		x.link(owner.id, org, "memberOf")
	}
	return org, addr
}

var (
	facilityAR = map[string]string{"lab": "معمل لتصنيع حبوب الكبتاغون", "warehouse": "مستودع لتخزين حبوب الكبتاغون", "press": "مكبس لحبوب الكبتاغون",
		"storage": "موقع لتخزين المواد الأولية", "tunnel": "نفق يُستخدم لتهريب المعدات والحبوب"}
	facilityEN = map[string]string{"lab": "a Captagon production lab", "warehouse": "a warehouse holding Captagon pills", "press": "a Captagon pill press",
		"storage": "a precursor storage site", "tunnel": "a tunnel used to move machinery and pills"}
	unitAR = map[string]string{"kg": "كغ", "l": "ليتر"}
	// The same, in the accusative, as the object of «دهمت».
	facilityAccAR = map[string]string{"lab": "معملاً لتصنيع حبوب الكبتاغون", "warehouse": "مستودعاً لتخزين حبوب الكبتاغون", "press": "مكبساً لحبوب الكبتاغون",
		"storage": "موقعاً لتخزين المواد الأولية", "tunnel": "نفقاً يُستخدم لتهريب المعدات والحبوب"}
)

var precursorAR = map[string]string{"caffeine": "الكافيين", "theophylline": "الثيوفيلين", "paracetamol": "الباراسيتامول", "phenylacetone (P2P)": "الفينيل أسيتون",
	"acetone": "الأسيتون", "sulphuric acid": "حمض الكبريتيك", "formamide": "الفورماميد", "toluene": "التولوين", "lidocaine": "الليدوكائين"}
var labPrecursors = []string{"caffeine", "caffeine", "theophylline", "paracetamol", "phenylacetone (P2P)", "acetone", "sulphuric acid", "formamide", "toluene", "lidocaine"}

func (g *Generator) facility(ai int) *jisr.Record {
	x := g.newRec(ai)
	a := x.a
	off := g.occurred()
	r := &jisr.Record{Kind: jisr.KindFacility}

	var ls *labSite
	for tries := 0; tries < 8; tries++ {
		ls = &labSites[cumPick(g.r, labCum)]
		if a.country != "LB" && a.country != "SY" || ls.country == a.country {
			break
		}
	}
	own := ls.country == a.country
	g.header(r, x, off, !own && g.pct(400))
	r.Place = labPlace(ls)

	f := &jisr.Facility{Type: "lab", Status: "suspected"}
	switch v := g.r.IntN(100); {
	case v < 55:
	case v < 73:
		f.Type = "warehouse"
	case v < 85:
		f.Type = "press"
	case v < 95:
		f.Type = "storage"
	default:
		if ls.country == "LB" {
			f.Type = "tunnel"
		}
	}
	if own {
		switch v := g.r.IntN(10); {
		case v < 6:
			f.Status = "dismantled"
		case v < 7:
			f.Status = "active"
		}
	} else if g.pct(150) {
		f.Status = "active"
	}
	f.Mobile = f.Type == "lab" && g.pct(120)
	r.Facility = f

	kindAR, kindEN := facilityAR[f.Type], facilityEN[f.Type]

	s1 := x.person("owner", ls.country, 350, ringTraders, ringOrganiser)
	_, addr := x.lab(ls, s1, kindAR)
	var ar, en []string
	switch f.Status {
	case "dismantled":
		ar = append(g.arbuf[:0], "دهمت ", a.shortAR, " ", facilityAccAR[f.Type], " في ", ls.nameAR, " (", ls.adminAR, ")")
		en = append(g.enbuf[:0], a.shortEN, " raided ", kindEN, " in ", ls.nameEN, " (", ls.adminEN, ")")
	case "active":
		ar = append(g.arbuf[:0], "تأكد وجود ", kindAR, " ناشط في ", ls.nameAR, " (", ls.adminAR, ")")
		en = append(g.enbuf[:0], "Confirmed: ", kindEN, " is active in ", ls.nameEN, " (", ls.adminEN, ")")
	default:
		ar = append(g.arbuf[:0], "تشير معلومات متقاطعة إلى وجود ", kindAR, " في ", ls.nameAR, " (", ls.adminAR, ")")
		en = append(g.enbuf[:0], "Cross-checked information points to ", kindEN, " in ", ls.nameEN, " (", ls.adminEN, ")")
	}
	ar = append(ar, " يعود ", fem(s1, "للمدعو ", "للمدعوة "), s1.ar)
	en = append(en, ", belonging to ", s1.lat)
	if s1.hasPh {
		ar = append(ar, " (", x.phoneText(s1.phText), ")")
		en = append(en, " (", s1.phText, ")")
	}
	ar = append(ar, ".")
	en = append(en, ".")

	if f.Type == "lab" || f.Type == "press" {
		n := 1 + g.r.IntN(6)
		mid := x.add("Machinery", "", map[string][]string{"type": x.v("tablet-press"), "count": x.v(strconv.Itoa(n))})
		x.link(mid, addr, "locatedAt")
		if f.Status == "dismantled" {
			ar = append(ar, " وضُبطت ", x.presses(n, true), " لكبس الحبوب")
			en = append(en, " Seized: ", strconv.Itoa(n), " tablet presses")
			if g.pct(600) {
				m2 := x.add("Machinery", "", map[string][]string{"type": x.v(g.pick([]string{"mixer", "dryer", "generator", "reactor"})), "count": x.v(strconv.Itoa(1 + g.r.IntN(3)))})
				x.link(m2, addr, "locatedAt")
			}
			k := 1 + g.r.IntN(3)
			for i := 0; i < k; i++ {
				sub := g.pick(labPrecursors)
				amt := 20 + g.r.IntN(1500)
				unit := "kg"
				if sub == "acetone" || sub == "toluene" || sub == "phenylacetone (P2P)" || sub == "sulphuric acid" {
					unit = "l"
				}
				pid := x.add("Precursor", "", map[string][]string{"substance": x.v(sub), "amount": x.v(strconv.Itoa(amt)), "unit": x.v(unit)})
				x.link(pid, addr, "locatedAt")
				sep, sepEN := " و", ", "
				if i == 0 {
					sep, sepEN = " إضافة إلى ", " and "
				}
				ar = append(ar, sep, x.num(strconv.Itoa(amt)), " ", unitAR[unit], " من ", precursorAR[sub])
				en = append(en, sepEN, strconv.Itoa(amt), " ", unit, " of ", sub)
			}
			ar = append(ar, ".")
			en = append(en, ".")
		} else {
			ar = append(ar, " ويُعتقد أن الموقع يضم ", x.presses(n, false), ".")
			en = append(en, " It is believed to hold ", strconv.Itoa(n), " tablet presses.")
		}
	}
	if f.Type == "tunnel" {
		m := 100 + g.r.IntN(250)
		t := 2 + g.r.IntN(9)
		x.add("Machinery", "", map[string][]string{"type": x.v("other"), "description": x.v("machinery of about " + strconv.Itoa(t) + " t moved through the tunnel")})
		ar = append(ar, " يبلغ طول النفق نحو ", x.num(strconv.Itoa(m)), " متر، وعُثر بداخله على معدات تزن قرابة ", x.num(strconv.Itoa(t)), " أطنان.")
		en = append(en, " The tunnel is about ", strconv.Itoa(m), " m long; machinery weighing about ", strconv.Itoa(t), " t was found inside.")
	}
	if (f.Status == "dismantled" || f.Type == "warehouse") && g.pct(550) {
		pills := roundTo(g.logUniform(20_000, 3_000_000), 1000)
		x.drug(pills, false)
		ar = append(ar, " كما عُثر على ", qtyAR(pills, x.indic), " حبة كبتاغون جاهزة للتهريب.")
		en = append(en, " ", thousands(pills, ","), " finished Captagon pills were found ready for smuggling.")
	}
	if f.Mobile || g.pct(350) {
		drv := x.person("driver", ls.country, 300, 0, ringDrivers)
		v := g.newVehicle(ls.country, false)
		if f.Mobile {
			v.vk, v.make = vVan, g.pick(vanMakes)
		}
		vid, plateText := x.addVehicle(v, drv)
		x.link(vid, addr, "locatedAt")
		if f.Mobile {
			ar = append(ar, " المعمل متنقل داخل ", v.vk.ar, " تحمل لوحة ", x.plateAR(v), " يقودها ", drv.ar, ".")
			en = append(en, " The lab is mobile, inside a ", v.vk.en, " with plate ", plateText, " driven by ", drv.lat, ".")
		} else {
			ar = append(ar, " وتتردد على الموقع ", v.vk.ar, " تحمل لوحة ", x.plateAR(v), ".")
			en = append(en, " A ", v.vk.en, " with plate ", plateText, " visits the site.")
		}
	}
	if g.pct(250) {
		guard := x.person("suspect", ls.country, 150, ringTraders, ringOrganiser)
		x.link(guard.id, s1.id, "associateOf")
	}
	titleAR := kindAR + " في " + ls.nameAR
	titleEN := kindEN + " in " + ls.nameEN
	if f.Status == "dismantled" {
		titleAR = "تفكيك " + titleAR
		titleEN = "Dismantled: " + titleEN
	}
	g.finish(r, x, titleAR, titleEN, ar, en)
	g.arbuf, g.enbuf = ar[:0], en[:0]
	return r
}
