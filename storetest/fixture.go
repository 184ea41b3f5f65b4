// Package storetest is the contract every jisr store must meet: one suite,
// run against each store (SQLite now, PostgreSQL later). It checks
// behaviour a user relies on, above all that no caller sees what policy
// keeps from them — not a record, not a word of it, not a count.
package storetest

import (
	"context"
	"testing"

	"github.com/jisr-cell/jisr"
)

// Store is what a jisr store implements.
type Store interface {
	jisr.RecordService
	jisr.UserService
	jisr.AccountService
	jisr.AgencyService
	jisr.AuditService
	jisr.HitService
	jisr.PersonService
	jisr.SearchService
	jisr.GraphService
}

// System is the node acting for itself.
var System = jisr.Principal{System: true, Username: "system"}

// Password is the password of every fixture user.
const Password = "correct horse battery staple"

// Agencies of the fixture.
var Agencies = []*jisr.Agency{
	{Code: "JO-AND", Country: "JO", NameEN: "Anti-Narcotics Department", NameAR: "إدارة مكافحة المخدرات", Groups: []string{"levant"}},
	{Code: "IQ-GDNA", Country: "IQ", NameEN: "General Directorate for Narcotics Affairs", NameAR: "المديرية العامة لشؤون المخدرات", Groups: []string{"levant"}},
	{Code: "IQ-KRSC", Country: "IQ", NameEN: "Kurdistan Region security", NameAR: "أمن إقليم كردستان"},
	{Code: "LB-ISF", Country: "LB", NameEN: "Internal Security Forces", NameAR: "قوى الأمن الداخلي", Groups: []string{"levant"}},
	{Code: "SA-GDNC", Country: "SA", NameEN: "General Directorate of Narcotics Control", NameAR: "المديرية العامة لمكافحة المخدرات", Groups: []string{"gulf"}},
}

// Users of the fixture: username → agency, role.
var Users = []*jisr.User{
	{Username: "jo.analyst", Agency: "JO-AND", Role: jisr.RoleAnalyst},
	{Username: "jo.liaison", Agency: "JO-AND", Role: jisr.RoleLiaison},
	{Username: "jo.admin", Agency: "JO-AND", Role: jisr.RoleAdmin},
	{Username: "jo.auditor", Agency: "JO-AND", Role: jisr.RoleAuditor},
	{Username: "iq.analyst", Agency: "IQ-GDNA", Role: jisr.RoleAnalyst},
	{Username: "iq.liaison", Agency: "IQ-GDNA", Role: jisr.RoleLiaison},
	{Username: "krsc.analyst", Agency: "IQ-KRSC", Role: jisr.RoleAnalyst},
	{Username: "lb.analyst", Agency: "LB-ISF", Role: jisr.RoleAnalyst},
	{Username: "lb.liaison", Agency: "LB-ISF", Role: jisr.RoleLiaison},
	{Username: "sa.officer", Agency: "SA-GDNC", Role: jisr.RoleOfficer},
}

// Seeder is what Seed and As need: a store, or the engine over one.
type Seeder interface {
	jisr.AgencyService
	jisr.UserService
}

// Seed creates the fixture agencies and users.
func Seed(t testing.TB, s Seeder) {
	t.Helper()
	ctx := context.Background()
	for _, a := range Agencies {
		c := *a
		if err := s.CreateAgency(ctx, System, &c); err != nil {
			t.Fatalf("create agency %s: %v", a.Code, err)
		}
	}
	for _, u := range Users {
		c := *u
		if err := s.CreateUser(ctx, System, &c, Password); err != nil {
			t.Fatalf("create user %s: %v", u.Username, err)
		}
	}
}

// As returns the principal of a fixture user, as the store resolves it.
func As(t testing.TB, s Seeder, username string) jisr.Principal {
	t.Helper()
	token, _, err := s.Login(context.Background(), username, Password, "127.0.0.1")
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	p, _, err := s.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatalf("authenticate %s: %v", username, err)
	}
	return p
}

// Seizure returns a valid seizure record whose narrative carries marker.
func Seizure(marker string, tlp jisr.TLP, h jisr.Handling, rel jisr.Releasability) *jisr.Record {
	r := &jisr.Record{
		Kind: jisr.KindSeizure, Title: "Seizure " + marker,
		NarrativeEN: "Customs found pills hidden in pomegranates. Reference " + marker + ".",
		NarrativeAR: "ضبطت كمية من الحبوب المخدرة مخبأة في الرمان",
		OccurredOn:  "2026-10-01", Place: jisr.Place{Country: "JO", Name: "Jaber"},
		Grading: jisr.Grading{Source: "B", Information: 2}, Handling: h, TLP: tlp, Releasability: rel,
		Seizure: &jisr.Seizure{HidingPlace: "fruit-pomegranates", Transport: "commercial-road", Routing: "border-inbound"},
		Entities: []jisr.Entity{
			{ID: "d1", Schema: "DrugQuantity", Props: map[string][]string{"substance": {"captagon"}, "amount": {"100000"}, "unit": {"pills"}}},
			{ID: "p1", Schema: "Person", Role: "driver", Props: map[string][]string{"name": {"Driver" + marker}}},
		},
	}
	if h == jisr.H3 {
		r.HandlingConditions = "not to be shared with customs"
	}
	return r
}
