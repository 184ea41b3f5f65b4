package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/jisr-cell/jisr"
)

// AccessUsers are the users the access tests add to the fixture: a second
// agency with its own administrator, auditor and supervisor, a supervisor
// and a second auditor for the operator's agency (JO-AND, whose
// administrator jo.admin is the node's first), and an auditor of LB-ISF.
var AccessUsers = []*jisr.User{
	{Username: "jo.supervisor", Agency: "JO-AND", Role: jisr.RoleSupervisor},
	{Username: "jo.auditor2", Agency: "JO-AND", Role: jisr.RoleAuditor},
	{Username: "iq.admin", Agency: "IQ-GDNA", Role: jisr.RoleAdmin},
	{Username: "iq.auditor", Agency: "IQ-GDNA", Role: jisr.RoleAuditor},
	{Username: "iq.supervisor", Agency: "IQ-GDNA", Role: jisr.RoleSupervisor},
	{Username: "lb.auditor", Agency: "LB-ISF", Role: jisr.RoleAuditor},
}

// SeedAccess adds AccessUsers (after Seed).
func SeedAccess(t testing.TB, s Store) {
	t.Helper()
	for _, u := range AccessUsers {
		c := *u
		if err := s.CreateUser(context.Background(), System, &c, Password); err != nil {
			t.Fatalf("create user %s: %v", u.Username, err)
		}
	}
}

const newPassword = "a brand new password 2026"

// canLogin reports whether username logs in with password.
func canLogin(s Store, username, password string) bool {
	_, _, err := s.Login(context.Background(), username, password, "127.0.0.1")
	return err == nil
}

// testManageUsers: who may create, disable, enable, reset and change the
// role of whom (policy.CanManageUser), on every path.
func testManageUsers(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	SeedAccess(t, s)
	sup, admin := As(t, s, "jo.supervisor"), As(t, s, "jo.admin")
	forbidden := func(what string, err error) {
		t.Helper()
		if code(err) != jisr.EFORBIDDEN {
			t.Errorf("%s: want forbidden, got %v", what, err)
		}
	}

	// Item 7: a supervisor takes over an administrator account.
	forbidden("supervisor resets an administrator's password", s.ResetPassword(ctx, sup, "jo.admin", newPassword))
	if canLogin(s, "jo.admin", newPassword) || !canLogin(s, "jo.admin", Password) {
		t.Error("the administrator's password was changed by a supervisor")
	}
	forbidden("supervisor creates an administrator", s.CreateUser(ctx, sup, &jisr.User{Username: "jo.admin2", Agency: "JO-AND", Role: jisr.RoleAdmin}, Password))
	forbidden("supervisor makes an analyst administrator", s.SetRole(ctx, sup, "jo.analyst", jisr.RoleAdmin))

	// Item 8: a supervisor disables an auditor of its agency.
	forbidden("supervisor disables an auditor", s.SetDisabled(ctx, sup, "jo.auditor", true))
	forbidden("supervisor enables an auditor", s.SetDisabled(ctx, sup, "jo.auditor", false))
	forbidden("supervisor resets an auditor's password", s.ResetPassword(ctx, sup, "jo.auditor", newPassword))
	forbidden("supervisor makes an auditor analyst", s.SetRole(ctx, sup, "jo.auditor", jisr.RoleAnalyst))
	forbidden("supervisor makes an analyst auditor", s.SetRole(ctx, sup, "jo.analyst", jisr.RoleAuditor))
	forbidden("supervisor creates an auditor", s.CreateUser(ctx, sup, &jisr.User{Username: "jo.auditor3", Agency: "JO-AND", Role: jisr.RoleAuditor}, Password))
	if !canLogin(s, "jo.auditor", Password) {
		t.Fatal("the auditor was disabled by a supervisor")
	}
	// A supervisor still manages the agency's reading users.
	if err := s.SetRole(ctx, sup, "jo.analyst", jisr.RoleOfficer); err != nil {
		t.Errorf("supervisor changes an analyst's role: %v", err)
	}
	if err := s.SetRole(ctx, sup, "jo.analyst", jisr.RoleAnalyst); err != nil {
		t.Errorf("supervisor changes the role back: %v", err)
	}
	forbidden("supervisor resets another agency's user", s.ResetPassword(ctx, sup, "iq.liaison", newPassword))

	// The administrator manages auditors; its action is audited and seen
	// by the agency's other auditor.
	if err := s.SetDisabled(ctx, admin, "jo.auditor", true); err != nil {
		t.Fatalf("administrator disables an auditor: %v", err)
	}
	es, _, err := s.AuditEntries(ctx, As(t, s, "jo.auditor2"), jisr.AuditFilter{Object: "jo.auditor"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(es, func(e *jisr.AuditEntry) bool {
		return e.Actor == "jo.admin" && e.Action == jisr.ActAdmin && e.Detail == "disable user" && e.Outcome == "ok"
	}) {
		t.Errorf("the other auditor does not see the administrator disable the auditor: %+v", es)
	}
	if err := s.SetDisabled(ctx, admin, "jo.auditor", false); err != nil {
		t.Fatal(err)
	}
	forbidden("administrator disables itself", s.SetDisabled(ctx, admin, "jo.admin", true))
	forbidden("administrator changes its own role", s.SetRole(ctx, admin, "jo.admin", jisr.RoleLiaison))

	// An administrator manages its own agency only: no proxy account in
	// another agency, no password of another agency's reader.
	forbidden("administrator creates a liaison officer in another agency",
		s.CreateUser(ctx, admin, &jisr.User{Username: "iq.proxy", Agency: "IQ-GDNA", Role: jisr.RoleLiaison}, Password))
	if canLogin(s, "iq.proxy", Password) {
		t.Error("the proxy account logs in")
	}
	forbidden("administrator resets another agency's liaison", s.ResetPassword(ctx, admin, "iq.liaison", newPassword))
	forbidden("administrator disables another agency's analyst", s.SetDisabled(ctx, admin, "iq.analyst", true))
	forbidden("administrator changes another agency's role", s.SetRole(ctx, admin, "iq.analyst", jisr.RoleLiaison))
	if canLogin(s, "iq.liaison", newPassword) {
		t.Error("the administrator took over another agency's liaison")
	}
	// The operator does everything.
	if err := s.ResetPassword(ctx, System, "iq.liaison", newPassword); err != nil {
		t.Errorf("operator resets a password: %v", err)
	}
	if err := s.SetRole(ctx, System, "iq.analyst", jisr.RoleOfficer); err != nil {
		t.Errorf("operator changes a role: %v", err)
	}
	if u, _ := s.UserByName(ctx, "iq.analyst"); u == nil || u.Role != jisr.RoleOfficer {
		t.Errorf("role not changed: %+v", u)
	}
	if err := s.SetRole(ctx, System, "iq.analyst", "chief"); code(err) != jisr.EINVALID {
		t.Errorf("unknown role: %v", err)
	}
	// Users are listed within the caller's agency.
	us, _, err := s.Users(ctx, admin, jisr.Page{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range us {
		if u.Agency != "JO-AND" {
			t.Errorf("administrator lists %s of %s", u.Username, u.Agency)
		}
	}
}

// testAlerts: changes by someone who does not read the agency's records
// alert the agency's auditors and supervisors, and only them.
func testAlerts(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	SeedAccess(t, s)
	if err := s.CreateUser(ctx, System, &jisr.User{Username: "iq.newliaison", Agency: "IQ-GDNA", Role: jisr.RoleLiaison}, Password); err != nil {
		t.Fatal(err)
	}
	if err := s.ResetPassword(ctx, As(t, s, "jo.admin"), "jo.liaison", newPassword); err != nil {
		t.Fatal(err)
	}
	// A supervisor's change to its own agency's reader is no alert.
	if err := s.ResetPassword(ctx, As(t, s, "iq.supervisor"), "iq.analyst", newPassword); err != nil {
		t.Fatal(err)
	}
	alerts := func(who string, f jisr.AuditFilter) []string {
		t.Helper()
		es, _, err := s.AuditEntries(ctx, As(t, s, who), f)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		var out []string
		for _, e := range es {
			if e.Action != jisr.ActUserAlert {
				t.Errorf("%s sees %s %s beyond alerts", who, e.Action, e.Object)
				continue
			}
			// A partial view of the trail shows keyed references, never
			// positions: their gaps would count other agencies' entries.
			if e.Seq != 0 || !strings.HasPrefix(e.Ref, "e:") || len(e.Ref) != 18 {
				t.Errorf("%s sees entry seq=%d ref=%q; want no position and a keyed reference", who, e.Seq, e.Ref)
			}
			out = append(out, e.Actor+">"+e.Object)
		}
		return out
	}
	for _, who := range []string{"iq.supervisor", "iq.auditor"} {
		got := alerts(who, jisr.AuditFilter{Action: jisr.ActUserAlert})
		if !slices.Contains(got, "system>iq.newliaison") || slices.Contains(got, "jo.admin>jo.liaison") || slices.Contains(got, "iq.supervisor>iq.analyst") {
			t.Errorf("%s alerts: %q", who, got)
		}
	}
	if got := alerts("jo.supervisor", jisr.AuditFilter{}); !slices.Contains(got, "jo.admin>jo.liaison") || slices.Contains(got, "system>iq.newliaison") {
		t.Errorf("jo.supervisor alerts: %q", got)
	}
	// A supervisor reads nothing of the trail beyond the alerts, whatever it asks.
	for _, f := range []jisr.AuditFilter{{Action: jisr.ActRead}, {Actor: "jo.analyst"}, {Object: "jo.analyst"}, {Action: jisr.ActAdmin}} {
		alerts("jo.supervisor", f)
	}
	if _, _, err := s.AuditEntries(ctx, As(t, s, "jo.analyst"), jisr.AuditFilter{Action: jisr.ActUserAlert}); code(err) != jisr.EFORBIDDEN {
		t.Errorf("analyst reads alerts: %v", err)
	}
}

// testAuditScope: an agency's auditor sees its agency's users' entries and
// the entries about its agency; the node auditor sees every action but the
// content of its own agency's only.
func testAuditScope(t *testing.T, s Store) {
	ctx := context.Background()
	Seed(t, s)
	SeedAccess(t, s)
	jo, iq, lb := As(t, s, "jo.analyst"), As(t, s, "iq.analyst"), As(t, s, "lb.analyst")
	r := Seizure("qxscope", jisr.TLPAmber, jisr.H0, jisr.Releasability{Agencies: []string{"IQ-GDNA"}})
	if err := s.CreateRecord(ctx, As(t, s, "jo.liaison"), r); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(ctx, iq, r.ID); err != nil {
		t.Fatal(err)
	}
	s.Records(ctx, iq, jisr.RecordFilter{Text: "qxscope qxiqterm"})
	s.Records(ctx, iq, jisr.RecordFilter{Text: "qxscope"})
	s.Records(ctx, lb, jisr.RecordFilter{Text: "qxlbterm"})
	s.Records(ctx, jo, jisr.RecordFilter{Text: "qxjoterm"})

	read := func(who string, f jisr.AuditFilter) ([]*jisr.AuditEntry, string) {
		t.Helper()
		f.Page.Limit = 500
		es, _, err := s.AuditEntries(ctx, As(t, s, who), f)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		b, _ := json.Marshal(es)
		return es, string(b)
	}
	has := func(es []*jisr.AuditEntry, actor, action string) *jisr.AuditEntry {
		for _, e := range es {
			if e.Actor == actor && e.Action == action {
				return e
			}
		}
		return nil
	}

	// Search terms are kept as keyed hashes: an auditor finds who searched
	// for a term by supplying it, and only where it may read the detail.
	searched := func(user, term string) bool {
		es, _ := read(user, jisr.AuditFilter{Term: term})
		return has(es, "", jisr.ActSearch) != nil || len(es) > 0
	}
	// An agency's auditor: its users' entries, whole; nothing of others'.
	es, all := read("iq.auditor", jisr.AuditFilter{})
	if !searched("iq.auditor", "qxiqterm") || has(es, "iq.analyst", jisr.ActRead) == nil {
		t.Error("the Iraqi auditor does not see its analyst's search and read")
	}
	for _, leak := range []string{"qxlbterm", "qxjoterm"} {
		if strings.Contains(all, leak) || searched("iq.auditor", leak) {
			t.Errorf("the Iraqi auditor sees %q", leak)
		}
	}
	if strings.Contains(all, "lb.analyst") {
		t.Error("the Iraqi auditor sees lb.analyst")
	}
	for _, e := range es {
		if e.Agency != "IQ-GDNA" && e.Action != jisr.ActUserAlert && e.Action != jisr.ActAdmin && !strings.HasPrefix(e.Object, "iq.") && e.Object != "IQ-GDNA" {
			t.Errorf("the Iraqi auditor sees entry %d of %s: %s %s", e.Seq, e.Agency, e.Action, e.Object)
		}
	}
	// Filters do not widen the scope.
	if es, all := read("iq.auditor", jisr.AuditFilter{Agency: "LB-ISF"}); len(es) != 0 {
		t.Errorf("agency filter widens the scope: %s", all)
	}
	if es, _ := read("lb.auditor", jisr.AuditFilter{Object: r.ID}); len(es) != 0 {
		t.Errorf("the Lebanese auditor sees who read a Jordanian record: %d entries", len(es))
	}
	// The originator's auditor sees who read its record, in every agency:
	// the action, not the other agency's search terms.
	es, all = read("jo.auditor", jisr.AuditFilter{Object: r.ID})
	if has(es, "iq.analyst", jisr.ActRead) == nil || has(es, "iq.analyst", jisr.ActSearch) == nil {
		t.Errorf("who saw the record: %s", all)
	}
	// The node auditor (JO-AND is the operator's agency): every action,
	// the content of its own agency's only.
	es, all = read("jo.auditor", jisr.AuditFilter{})
	lbSearch := has(es, "lb.analyst", jisr.ActSearch)
	if lbSearch == nil || !lbSearch.Withheld || lbSearch.Detail != "" {
		t.Errorf("node auditor: the Lebanese search should be seen, withheld: %+v", lbSearch)
	}
	for _, leak := range []string{"qxlbterm", "qxiqterm"} {
		if strings.Contains(all, leak) || searched("jo.auditor", leak) {
			t.Errorf("the node auditor reads another agency's content %q", leak)
		}
	}
	if !searched("jo.auditor", "qxjoterm") {
		t.Error("the node auditor does not read its own agency's content")
	}
	// The object filter is no oracle for withheld content.
	if es, _ := read("jo.auditor", jisr.AuditFilter{Object: "qxlbterm"}); len(es) != 0 {
		t.Errorf("object filter finds withheld text: %d entries", len(es))
	}
	// An auditor of a non-operator agency is no node auditor.
	if _, all := read("lb.auditor", jisr.AuditFilter{}); strings.Contains(all, "iq.analyst") || !searched("lb.auditor", "qxlbterm") {
		t.Errorf("the Lebanese auditor's view is wrong: %.300s", all)
	}
}
