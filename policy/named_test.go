package policy_test

import (
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

func TestNamedRecipients(t *testing.T) {
	r := &jisr.Record{Originator: "JO-AND", CreatedBy: "jo.writer", TLP: jisr.TLPRed,
		Releasability: jisr.Releasability{Agencies: []string{"IQ-GDNA"}, Users: []string{"iq.analyst"}}}
	cases := []struct {
		p    jisr.Principal
		want bool
	}{
		{jisr.Principal{Username: "iq.analyst", Agency: "IQ-GDNA", Role: jisr.RoleAnalyst}, true},
		{jisr.Principal{Username: "iq.liaison", Agency: "IQ-GDNA", Role: jisr.RoleLiaison}, false},
		{jisr.Principal{Username: "jo.analyst", Agency: "JO-AND", Role: jisr.RoleAnalyst}, false},
		{jisr.Principal{Username: "jo.writer", Agency: "JO-AND", Role: jisr.RoleAnalyst}, true},
		{jisr.Principal{Username: "jo.sup", Agency: "JO-AND", Role: jisr.RoleSupervisor}, true},
		// A user of the same name whose role reads nothing has no tokens.
		{jisr.Principal{Username: "iq.analyst", Agency: "IQ-GDNA", Role: jisr.RoleAdmin}, false},
	}
	for _, c := range cases {
		if got := policy.CanRead(c.p, r); got != c.want {
			t.Errorf("%s (%s): reads %v, want %v", c.p.Username, c.p.Role, got, c.want)
		}
	}
	if !policy.Released(r) {
		t.Error("a record named to a user of another agency is released")
	}
	own := *r
	own.Releasability = jisr.Releasability{Users: []string{"jo.analyst"}}
	if policy.Released(&own) {
		t.Error("a record named to users of its own agency only is not released")
	}
	agencyOf := func(u string) (string, bool, error) {
		return map[string]string{"iq.analyst": "IQ-GDNA", "sa.officer": "SA-GDNC"}[u], u != "ghost", nil
	}
	for _, c := range []struct {
		users []string
		field string
	}{
		{[]string{"iq.analyst"}, ""},
		{[]string{"iq.analyst", "sa.officer"}, "releasability.users[1]"},
		{[]string{"ghost"}, "releasability.users[0]"},
	} {
		x := *r
		x.Releasability.Users = c.users
		err := policy.NamedRecipients(&x, agencyOf)
		if jisr.ErrorField(err) != c.field {
			t.Errorf("%v: error %v, want field %q", c.users, err, c.field)
		}
	}
}
