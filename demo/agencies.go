// Package demo generates a believable, deterministic cross-border picture
// for a jisr node: the agencies of the joint cell, their users, and records
// (seizures, intelligence reports, labs) with a shared smuggling ring that
// several agencies see from their own side, written in their own spellings
// and formats. The facts it draws on (crossings, concealment methods,
// seizure sizes, production areas) are those of the domain brief; the
// people, phones, vehicles, companies and accounts are invented.
package demo

import "github.com/jisr-cell/jisr"

// Group names used in releasability.
const (
	// GroupLevantCell is the joint communication cell agreed in Amman in
	// February 2024 by Jordan, Iraq, Syria and Lebanon.
	GroupLevantCell = "levant-cell"
	// GroupGulf is the Gulf destination-country group (Saudi Arabia, with
	// Jordan as the transit partner on the Jordan–Saudi corridor).
	GroupGulf = "gulf"
)

type agencyInfo struct {
	code, country, nameAR, nameEN string
	shortAR                       string // as a report names the agency's officers
	shortEN                       string
	instAR, instEN                string // the agency as the subject of a request or finding
	prefix                        string // username prefix
	groups                        []string
	weight                        int // share of records originated, per mille
}

var agencies = []agencyInfo{
	{"IQ-GDNA", "IQ", "المديرية العامة لشؤون المخدرات والمؤثرات العقلية – وزارة الداخلية العراقية", "General Directorate for Narcotics Affairs, Ministry of Interior (Iraq)",
		"مفارز المديرية العامة لشؤون المخدرات", "officers of the General Directorate for Narcotics Affairs", "المديرية العامة لشؤون المخدرات", "The General Directorate for Narcotics Affairs", "iq", []string{GroupLevantCell}, 180},
	{"IQ-KRSC", "IQ", "مجلس أمن إقليم كوردستان – مديرية مكافحة المخدرات", "Kurdistan Region Security Council, counter-narcotics directorate",
		"قوة من أسايش إقليم كوردستان", "Kurdistan Region security officers", "مديرية مكافحة المخدرات في إقليم كوردستان", "The Kurdistan Region counter-narcotics directorate", "krg", nil, 60},
	{"LB-ISF", "LB", "قوى الأمن الداخلي – مكتب مكافحة المخدرات المركزي", "Internal Security Forces, Central Drug Enforcement Bureau (Lebanon)",
		"عناصر مكتب مكافحة المخدرات المركزي", "officers of the ISF drug bureau", "مكتب مكافحة المخدرات المركزي", "The ISF Central Drug Enforcement Bureau", "lb", []string{GroupLevantCell}, 140},
	{"LB-LAF", "LB", "الجيش اللبناني – مديرية المخابرات", "Lebanese Armed Forces, Intelligence Directorate",
		"دورية من مديرية المخابرات في الجيش", "a Lebanese Army intelligence patrol", "مديرية المخابرات في الجيش اللبناني", "Lebanese Army Intelligence", "laf", []string{GroupLevantCell}, 70},
	{"JO-AND", "JO", "مديرية الأمن العام – إدارة مكافحة المخدرات", "Public Security Directorate, Anti-Narcotics Department (Jordan)",
		"كوادر إدارة مكافحة المخدرات", "Anti-Narcotics Department officers", "إدارة مكافحة المخدرات", "The Anti-Narcotics Department", "jo", []string{GroupLevantCell, GroupGulf}, 250},
	{"SY-MOI", "SY", "وزارة الداخلية السورية – إدارة مكافحة المخدرات", "Ministry of Interior, Anti-Narcotics Directorate (Syria)",
		"عناصر إدارة مكافحة المخدرات", "Anti-Narcotics Directorate officers", "إدارة مكافحة المخدرات السورية", "The Syrian Anti-Narcotics Directorate", "sy", []string{GroupLevantCell}, 120},
	{"SA-GDNC", "SA", "المديرية العامة لمكافحة المخدرات", "General Directorate of Narcotics Control (Saudi Arabia)",
		"رجال المديرية العامة لمكافحة المخدرات", "General Directorate of Narcotics Control officers", "المديرية العامة لمكافحة المخدرات", "The General Directorate of Narcotics Control", "sa", []string{GroupGulf}, 180},
}

var agencyIndex = func() map[string]int {
	m := map[string]int{}
	for i, a := range agencies {
		m[a.code] = i
	}
	return m
}()

// AgencyCodes lists the codes of the demo agencies.
func AgencyCodes() []string {
	out := make([]string, len(agencies))
	for i, a := range agencies {
		out[i] = a.code
	}
	return out
}

// Groups lists the sharing groups the demo agencies belong to.
func Groups() []string { return []string{GroupLevantCell, GroupGulf} }

// Agencies returns the demo agencies: Iraq (IQ-GDNA and the Kurdistan
// Region's IQ-KRSC), Lebanon (LB-ISF drug bureau, LB-LAF army
// intelligence), Jordan (JO-AND), Syria (SY-MOI) and Saudi Arabia
// (SA-GDNC), with their sharing groups.
func Agencies() []*jisr.Agency {
	out := make([]*jisr.Agency, len(agencies))
	for i, a := range agencies {
		out[i] = &jisr.Agency{Code: a.code, Country: a.country, NameAR: a.nameAR, NameEN: a.nameEN,
			Groups: append([]string(nil), a.groups...)}
	}
	return out
}

type userInfo struct {
	username, agency string
	role             jisr.Role
	display, lang    string
}

var users = []userInfo{
	{"iq.analyst", "IQ-GDNA", jisr.RoleAnalyst, "حيدر كاظم الساعدي", "ar"},
	{"iq.officer", "IQ-GDNA", jisr.RoleOfficer, "علي جاسم العبيدي", "ar"},
	{"iq.liaison", "IQ-GDNA", jisr.RoleLiaison, "مصطفى عبد الحسين الربيعي", "ar"},
	{"iq.supervisor", "IQ-GDNA", jisr.RoleSupervisor, "العميد ثامر ناصر الدليمي", "ar"},
	{"krg.analyst", "IQ-KRSC", jisr.RoleAnalyst, "Rebwar Aziz", "en"},
	{"krg.liaison", "IQ-KRSC", jisr.RoleLiaison, "Shirwan Karim", "en"},
	{"lb.analyst", "LB-ISF", jisr.RoleAnalyst, "Rana Haddad", "fr"},
	{"lb.officer", "LB-ISF", jisr.RoleOfficer, "جورج خوري", "ar"},
	{"lb.liaison", "LB-ISF", jisr.RoleLiaison, "Ziad Chamoun", "fr"},
	{"lb.supervisor", "LB-ISF", jisr.RoleSupervisor, "العقيد ربيع حمادة", "ar"},
	{"laf.analyst", "LB-LAF", jisr.RoleAnalyst, "النقيب علي شمص", "ar"},
	{"laf.liaison", "LB-LAF", jisr.RoleLiaison, "المقدم إيلي نصر", "ar"},
	{"jo.analyst", "JO-AND", jisr.RoleAnalyst, "ليث المومني", "ar"},
	{"jo.officer", "JO-AND", jisr.RoleOfficer, "محمد الزعبي", "ar"},
	{"jo.liaison", "JO-AND", jisr.RoleLiaison, "Lt. Col. Omar Al-Khalayleh", "en"},
	{"jo.supervisor", "JO-AND", jisr.RoleSupervisor, "العميد حسان القضاة", "ar"},
	{"sy.analyst", "SY-MOI", jisr.RoleAnalyst, "سامر الحلبي", "ar"},
	{"sy.officer", "SY-MOI", jisr.RoleOfficer, "باسل الأحمد", "ar"},
	{"sy.liaison", "SY-MOI", jisr.RoleLiaison, "العقيد وائل السعدي", "ar"},
	{"sa.analyst", "SA-GDNC", jisr.RoleAnalyst, "فيصل العتيبي", "ar"},
	{"sa.officer", "SA-GDNC", jisr.RoleOfficer, "عبد الله القحطاني", "ar"},
	{"sa.liaison", "SA-GDNC", jisr.RoleLiaison, "Maj. Fahad Al-Shammari", "en"},
	{"sa.supervisor", "SA-GDNC", jisr.RoleSupervisor, "اللواء سعد الحربي", "ar"},
	// Node-level accounts; they belong to the host agency (the Amman cell
	// sits in Jordan) but read no record content.
	{"admin", "JO-AND", jisr.RoleAdmin, "Node administrator", "en"},
	{"auditor", "JO-AND", jisr.RoleAuditor, "مدقق السجلات", "ar"},
}

// Users returns the demo users: analysts, officers, liaison officers and
// supervisors of every agency, plus one node administrator and one
// auditor. Passwords are not set here.
func Users() []*jisr.User {
	out := make([]*jisr.User, len(users))
	for i, u := range users {
		out[i] = &jisr.User{Username: u.username, DisplayName: u.display, Agency: u.agency, Role: u.role, Lang: u.lang}
	}
	return out
}

// releasers are the usernames that may enter records released beyond
// their agency (liaison officers and supervisors), by agency.
var releasers = func() map[string][]string {
	m := map[string][]string{}
	for _, u := range users {
		if u.role == jisr.RoleLiaison || u.role == jisr.RoleSupervisor {
			m[u.agency] = append(m[u.agency], u.username)
		}
	}
	return m
}()

// authors are the usernames that enter records, by agency.
var authors = func() map[string][]string {
	m := map[string][]string{}
	for _, u := range users {
		switch u.role {
		case jisr.RoleAnalyst, jisr.RoleOfficer, jisr.RoleLiaison, jisr.RoleSupervisor:
			m[u.agency] = append(m[u.agency], u.username)
		}
	}
	return m
}()
