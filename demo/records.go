package demo

import (
	"strconv"

	"github.com/jisr-cell/jisr"
)

// Ring index ranges: 0–39 drivers (each with a truck), 40–67 traders (each
// with a company), 68–89 organisers.
const (
	ringDrivers   = 40
	ringTraders   = 68
	ringOrganiser = 90
)

// dupEvent remembers a seizure at a two-sided crossing so that the other
// side can report the same event a little later (a near-duplicate).
type dupEvent struct {
	site   int
	off    int
	pills  int
	hiding string
	veh    vehicle
	driver ident
	used   bool
}

func (g *Generator) pickSite(ai int) int {
	idx := sitesOf[agencies[ai].code]
	x := g.r.IntN(siteWeight[agencies[ai].code])
	for _, i := range idx {
		if x < sites[i].weight {
			return i
		}
		x -= sites[i].weight
	}
	return idx[len(idx)-1]
}

func (g *Generator) seizure(ai int) *jisr.Record {
	return g.seizureAt(g.newRec(ai), g.pickSite(ai), g.occurred(), nil)
}

// mirrorSeizure reports, from the other side, a seizure already generated
// at a two-sided crossing: same truck, driver and concealment, date ±1 day,
// quantity within a few per cent. nil when there is none to mirror.
func (g *Generator) mirrorSeizure() *jisr.Record {
	for tries := 0; tries < 4; tries++ {
		e := &g.dups[g.r.IntN(len(g.dups))]
		if e.used {
			continue
		}
		e.used = true
		other := pairOf[e.site]
		ev := *e
		ev.off += g.r.IntN(3) - 1
		if ev.off < 0 {
			ev.off = 0
		}
		if g.pct(600) {
			ev.pills = roundTo(ev.pills+ev.pills*(g.r.IntN(7)-3)/100, 1000)
		}
		return g.seizureAt(g.newRec(agencyIndex[sites[other].agency]), other, ev.off, &ev)
	}
	return nil
}

func (g *Generator) seizureAt(x *rec, si, off int, mirror *dupEvent) *jisr.Record {
	s := &sites[si]
	a := x.a
	r := &jisr.Record{Kind: jisr.KindSeizure}
	g.header(r, x, off, false)

	ferry := s.code == "JO-AQABA" || s.code == "SA-DUBA"
	sz := &jisr.Seizure{Routing: s.routing, DepartureCountry: g.pick(s.from), DestinationCountry: g.pick(s.to)}
	if s.kind == siteCrossing || s.kind == sitePort {
		sz.Crossing = s.code
	}
	switch v := g.r.IntN(100); {
	case v < 80:
		sz.ProducingCountry = "SY"
	case v < 97:
		sz.ProducingCountry = "LB"
	}
	if sz.DepartureCountry == "LB" && sz.ProducingCountry == "SY" && g.pct(600) {
		sz.ProducingCountry = "LB"
	}

	// Quantity and concealment.
	var pills int
	var hid string
	switch {
	case s.kind == siteCrossing:
		pills, hid = roundTo(g.logUniform(28_000, 6_000_000), 1000), g.pick(truckHidings)
		sz.Installation, sz.Transport = "land-border-crossing", "commercial-road"
	case ferry:
		pills, hid = roundTo(g.logUniform(28_000, 2_500_000), 1000), g.pick(truckHidings)
		sz.Installation, sz.Transport = "seaport", "commercial-sea"
	case s.kind == sitePort:
		if s.big && g.pct(40) {
			pills = roundTo(15_000_000+g.r.IntN(70_000_000), 100_000)
		} else if s.big {
			pills = roundTo(g.logUniform(400_000, 12_000_000), 10_000)
		} else {
			pills = roundTo(g.logUniform(200_000, 6_000_000), 10_000)
		}
		hid = g.pick(portHidings)
		sz.Installation, sz.Transport = "seaport", "commercial-sea"
	case s.kind == siteDrone:
		pills, hid = roundTo(g.logUniform(1_000, 40_000), 100), "drone"
		sz.Installation, sz.Transport = "other", "drone"
	case s.kind == siteAirport:
		pills, hid = roundTo(g.logUniform(2_000, 60_000), 100), g.pick([]string{"luggage", "luggage", "body-carry", "sweets"})
		sz.Installation, sz.Transport = "airport", "commercial-air"
	default:
		pills, hid = roundTo(g.logUniform(2_000, 250_000), 100), g.pick(carHidings)
		sz.Installation, sz.Transport = "road-checkpoint", "private-road"
	}
	if mirror != nil {
		pills, hid = mirror.pills, mirror.hiding
	}
	sz.HidingPlace = hid
	h := hidings[hid]
	inKg := hid == "crushed-powder" || (pills > 50_000 && g.pct(110))

	r.Place = jisr.Place{Name: s.nameEN, NameAR: s.nameAR, Country: a.country, Admin: s.adminEN}
	if s.code != "" {
		r.Place.Lat, r.Place.Lon = coords(s.code)
	}

	// Who and what.
	x.drug(pills, inKg)
	var extraAR, extraEN string
	if g.pct(90) {
		extraAR, extraEN = x.otherDrug()
	}
	var drv who
	var drvIdent ident
	var veh vehicle
	var plateText, plateAR string
	var container, containerText, vessel, imo string
	var comp company
	var compID string
	arrests := 0
	heavy := s.kind == siteCrossing || ferry || (s.kind == siteCheckpoint && g.pct(300))
	truckCC := g.pick(s.from)
	if truckCC == "IR" || truckCC == "EG" || truckCC == "TR" {
		truckCC = a.country
	}

	if s.kind != siteDrone && !(s.kind == sitePort && !ferry && g.pct(600)) {
		if mirror != nil {
			drvIdent = mirror.driver
		} else {
			drvIdent = x.drawIdent("driver", truckCC, 230, 0, ringDrivers)
		}
		role := "driver"
		if s.kind == siteAirport {
			role = "suspect"
		}
		drv = x.personFrom(drvIdent, role)
		arrests++
		if s.kind != siteAirport {
			if mirror != nil {
				veh = mirror.veh
			} else {
				veh, _ = x.vehicleFor(drv, heavy, truckCC)
			}
			if heavy && h.reefer {
				veh.vk = vReefer
			}
			_, plateText = x.addVehicle(veh, drv)
			plateAR = x.plateAR(veh)
		}
	}
	if s.kind == sitePort && !ferry {
		if g.pct(220) {
			container = g.ring.containers[g.skew(len(g.ring.containers))]
		} else {
			container = newContainer(g.r)
		}
		containerText = containerStyle(container, g.r.IntN(3))
		cid := x.add("Container", "", map[string][]string{"number": x.v(containerText), "sealNumber": x.v("S" + digits(g.r, 7))})
		owner := x.person("owner", sz.DepartureCountry, 200, ringDrivers, ringTraders)
		comp, compID = x.company(owner)
		x.link(cid, compID, "shippedBy")
		arrests++
		if owner.phID != "" && drv.id == "" {
			drv = owner // the consignee's phone goes into the narrative
		}
	}
	if s.kind == sitePort {
		vessel, imo = g.pick(vesselNames), newIMO(g.r)
		if ferry {
			vessel = "AYLA " + strconv.Itoa(1+g.r.IntN(4))
		}
		x.add("Vessel", "", map[string][]string{"name": x.v(vessel), "imoNumber": x.v("IMO " + imo), "flag": x.v(g.pick(flags))})
	}
	var phone2 string
	if drv.phID != "" && g.pct(450) {
		_, phone2 = x.extraPhone(drv)
	}
	var passenger who
	if s.kind == siteCheckpoint && g.pct(350) {
		passenger = x.person("suspect", a.country, 150, ringTraders, ringOrganiser)
		arrests++
	}
	if s.kind == siteCrossing && compID == "" && g.pct(450) {
		owner := x.person("owner", truckCC, 250, ringDrivers, ringTraders)
		comp, compID = x.company(owner)
		if drv.id != "" {
			x.link(drv.id, compID, "worksAt")
		}
	}
	if s.kind == siteDrone && g.pct(300) {
		drv = x.person("suspect", a.country, 100, ringTraders, ringOrganiser)
		arrests++
	}
	if compID != "" && g.pct(80) {
		x.bankAccount(comp, compID)
	}
	if arrests > 0 && g.pct(850) {
		sz.Arrests = arrests
	}
	r.Seizure = sz

	// Narrative.
	in := x.indic
	kg := fmtKg(kgOf(pills))
	// What was found, as the report counts it, and how it was hidden.
	qAR := qtyAR(pills, in) + " حبة كبتاغون"
	qEN := thousands(pills, ",") + " Captagon pills"
	aboutAR, aboutEN := " (نحو "+x.num(kg)+" كغ)", " (about "+kg+" kg)"
	if inKg {
		qAR, qEN = x.num(kg)+" كغ من حبوب الكبتاغون", kg+" kg of Captagon"
		aboutAR, aboutEN = "", ""
	}
	hideAR, hideEN := hidePhrase(hid)
	fromAR, toAR := countryAR[sz.DepartureCountry], countryAR[sz.DestinationCountry]
	fromEN, toEN := jisr.Countries[sz.DepartureCountry][0], jisr.Countries[sz.DestinationCountry][0]
	var ar, en []string
	date := x.num(dateDMY(off))
	switch {
	case s.kind == siteDrone:
		ar = append(g.arbuf[:0], "أسقطت قوات حرس الحدود بالتنسيق مع ", a.shortAR, " في ", s.nameAR, " طائرة مسيّرة قادمة من الأراضي السورية كانت تحمل ", qAR, aboutAR, ".")
		en = append(g.enbuf[:0], "Border guards working with ", a.shortEN, " brought down a drone coming from Syrian territory over the ", s.nameEN, "; it carried ", qEN, aboutEN, ".")
		if drv.id != "" {
			ar = append(ar, " وأُلقي القبض على المستلم ", drv.ar)
			en = append(en, " The receiver, ", drv.lat, ", was arrested")
			if drv.hasPh {
				ar = append(ar, " وضُبط بحوزته هاتف رقمه ", x.phoneText(drv.phText))
				en = append(en, " with a phone, number ", drv.phText)
			}
			ar = append(ar, ".")
			en = append(en, ".")
		}
	case s.kind == siteAirport:
		ar = append(g.arbuf[:0], "ضبطت ", a.shortAR, " في ", s.nameAR, " المسافر ", drv.ar, " (", nationalityAR[drv.nat], ") المتوجه إلى ", toAR, " وبحوزته ", qAR, hideAR, ".")
		en = append(g.enbuf[:0], a.shortEN, " at ", s.nameEN, " stopped a passenger, ", drv.lat, ", bound for ", toEN, ", with ", qEN, hideEN, ".")
		if drv.passport != "" {
			ar = append(ar, " ويحمل جواز سفر رقم ", drv.passport, ".")
			en = append(en, " Passport number ", drv.passport, ".")
		}
		if drv.hasPh {
			ar = append(ar, " رقم هاتفه المدوّن على بطاقة الصعود ", x.phoneText(drv.phText), ".")
			en = append(en, " His phone number on the booking: ", drv.phText, ".")
		}
	case s.kind == sitePort && !ferry:
		ar = append(g.arbuf[:0], "ضبطت ", a.shortAR, " في ", s.nameAR, " الحاوية رقم ", containerText, " الواصلة على متن الباخرة ", vessel, " (IMO ", x.num(imo), ")، وبداخلها ", qAR, hideAR, aboutAR, ".")
		en = append(g.enbuf[:0], a.shortEN, " at ", s.nameEN, " opened container ", containerText, " shipped on the ", vessel, " (IMO ", imo, ") and found ", qEN, aboutEN, hideEN, ".")
		if compID != "" {
			ar = append(ar, " الحاوية مصرّح عنها باسم ", comp.ar)
			en = append(en, " The container was declared by ", comp.en)
			if drv.hasPh {
				ar = append(ar, "، والرقم المدوّن على البيان الجمركي ", x.phoneText(drv.phText))
				en = append(en, "; the phone on the customs declaration is ", drv.phText)
			}
			ar = append(ar, ".")
			en = append(en, ".")
		}
		ar = append(ar, " الوجهة النهائية للشحنة: ", toAR, ".")
		en = append(en, " Final destination: ", toEN, ".")
	case s.kind == siteCheckpoint && !heavy:
		ar = append(g.arbuf[:0], "أوقفت ", a.shortAR, " في ", s.nameAR, " ", veh.vk.ar, " نوع ", veh.make, " لون ", veh.colour[1], " تحمل لوحة ", plateAR, " يقودها ", drv.ar)
		en = append(g.enbuf[:0], a.shortEN, " in ", s.nameEN, " stopped a ", veh.colour[0], " ", veh.make, " ", veh.vk.en, ", plate ", plateText, ", driven by ", drv.lat)
		if passenger.id != "" {
			ar = append(ar, " ويرافقه ", passenger.ar)
			en = append(en, " with ", passenger.lat)
		}
		ar = append(ar, "، وضُبط فيها ", qAR, hideAR, ".")
		en = append(en, ", and found ", qEN, hideEN, ".")
		if drv.hasPh {
			ar = append(ar, " وبتفتيش هاتف السائق (", x.phoneText(drv.phText), ")")
			en = append(en, " The driver's phone (", drv.phText, ")")
			if phone2 != "" {
				ar = append(ar, " تبيّن تواصله المتكرر مع الرقم ", x.phoneText(phone2), ".")
				en = append(en, " shows repeated calls with ", phone2, ".")
			} else {
				ar = append(ar, " تبيّن وجود محادثات تخص الشحنة.")
				en = append(en, " holds messages about the load.")
			}
		}
	default: // trucks at crossings, on ferries, at checkpoints
		if g.pct(500) {
			ar = append(g.arbuf[:0], "ضبطت ", a.shortAR, " في ", s.nameAR, " ", veh.vk.ar, " تحمل لوحة ", plateAR, " يقودها المدعو ", drv.ar)
			if n := nationalityAR[drv.nat]; n != "" {
				ar = append(ar, " (", n, ")")
			}
			ar = append(ar, "، وبعد إخضاعها للتفتيش الدقيق عُثر على ", qAR, hideAR, ".")
		} else {
			ar = append(g.arbuf[:0], "بتاريخ ", date, " وأثناء تدقيق ", veh.vk.ar, " قادمة من ", fromAR, " في ", s.nameAR, " تحمل لوحة ", plateAR, "، اشتبهت ", a.shortAR, " بحمولتها، وأسفر التفتيش عن ضبط ", qAR, hideAR, "، وكان يقودها المدعو ", drv.ar, ".")
		}
		en = append(g.enbuf[:0], a.shortEN, " at ", s.nameEN, " searched a ", veh.vk.en, " (", veh.make, ", plate ", plateText, ") driven by ", drv.lat, " and found ", qEN, aboutEN, hideEN, ".")
		if drv.passport != "" && g.pct(400) {
			ar = append(ar, " السائق يحمل جواز سفر رقم ", drv.passport, ".")
			en = append(en, " The driver's passport number is ", drv.passport, ".")
		}
		if ferry {
			ar = append(ar, " وكانت الشاحنة على متن العبّارة ", vessel, ".")
			en = append(en, " The truck came off the ferry ", vessel, ".")
		}
		if drv.hasPh {
			if phone2 != "" {
				ar = append(ar, " وبتفتيش هاتف السائق (", x.phoneText(drv.phText), ") تبيّن تواصله مع الرقم ", x.phoneText(phone2), ".")
				en = append(en, " His phone, ", drv.phText, ", was in contact with ", phone2, ".")
			} else {
				ar = append(ar, " ويستخدم السائق الرقم ", x.phoneText(drv.phText), ".")
				en = append(en, " The driver's phone: ", drv.phText, ".")
			}
		}
		if compID != "" {
			ar = append(ar, " والشحنة مسجلة باسم ", comp.ar, ".")
			en = append(en, " The cargo is registered to ", comp.en, ".")
		}
		ar = append(ar, " وكانت الشحنة قادمة من ", fromAR, " ومتجهة إلى ", toAR, ".")
		en = append(en, " Coming from ", fromEN, ", bound for ", toEN, ".")
	}
	if lg := firstLogo(x.ents); lg != "" && g.pct(500) {
		ar = append(ar, " وتحمل الحبوب ", logoAR[lg], ".")
		en = append(en, " The pills bear ", logoEN[lg], ".")
	}
	ar = append(ar, extraAR)
	en = append(en, extraEN)
	switch {
	case sz.Arrests == 1:
		ar = append(ar, " وجرى توقيف المشتبه به وإحالته مع المضبوطات إلى القضاء.")
		en = append(en, " One arrest; the case was referred to the prosecutor.")
	case sz.Arrests == 2:
		ar = append(ar, " وجرى توقيف شخصين وإحالتهما مع المضبوطات إلى القضاء.")
		en = append(en, " 2 arrested and referred to the prosecutor.")
	case sz.Arrests > 2:
		ar = append(ar, " وجرى توقيف ", x.num(strconv.Itoa(sz.Arrests)), " أشخاص وإحالتهم مع المضبوطات إلى القضاء.")
		en = append(en, " ", strconv.Itoa(sz.Arrests), " arrested and referred to the prosecutor.")
	}

	what := "في " + veh.vk.ar
	whatEN := "in a " + veh.vk.en
	switch {
	case container != "":
		what, whatEN = "في حاوية", "in a container"
	case s.kind == siteDrone:
		what, whatEN = "على طائرة مسيّرة", "on a drone"
	case s.kind == siteAirport || veh.vk.typ == "":
		what, whatEN = h.ar, h.en
	}
	titleAR := "ضبط " + qAR + " " + what + " – " + s.nameAR
	titleEN := qEN + " " + whatEN + " at " + s.nameEN
	g.finish(r, x, titleAR, titleEN, ar, en)
	g.arbuf, g.enbuf = ar[:0], en[:0]

	if mirror == nil && pairOf[si] >= 0 && drv.id != "" && veh.vk.typ != "" {
		e := dupEvent{site: si, off: off, pills: pills, hiding: hid, veh: veh, driver: drvIdent}
		if len(g.dups) < cap(g.dups) {
			g.dups = append(g.dups, e)
		} else {
			g.dups[g.dupAt] = e
			g.dupAt = (g.dupAt + 1) % len(g.dups)
		}
	}
	return r
}

// hidePhrase says how a load was hidden: « مخبأة داخل شحنة رمّان»,
// " hidden in a load of pomegranates"; crushed powder, drones and body
// carries are not "hidden".
func hidePhrase(key string) (string, string) {
	h := hidings[key]
	switch key {
	case "crushed-powder", "drone", "body-carry":
		return " " + h.ar, " " + h.en
	}
	return " مخبأة " + h.ar, " hidden " + h.en
}

func firstLogo(es []jisr.Entity) string {
	for i := range es {
		if es[i].Schema == "DrugQuantity" {
			return es[i].First("logo")
		}
	}
	return ""
}

func join(parts []string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for _, p := range parts {
		b = append(b, p...)
	}
	return string(b)
}
