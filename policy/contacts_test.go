package policy_test

import (
	"testing"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

func TestContacts(t *testing.T) {
	for _, tt := range []struct {
		u    jisr.User
		want bool
	}{
		{jisr.User{Role: jisr.RoleLiaison}, true},
		{jisr.User{Role: jisr.RoleSupervisor}, true},
		{jisr.User{Role: jisr.RoleLiaison, Disabled: true}, false},
		{jisr.User{Role: jisr.RoleAnalyst}, false},
		{jisr.User{Role: jisr.RoleOfficer}, false},
		{jisr.User{Role: jisr.RoleAdmin}, false},
		{jisr.User{Role: jisr.RoleAuditor}, false},
	} {
		if got := policy.Contact(&tt.u); got != tt.want {
			t.Errorf("Contact(%s disabled=%v) = %v", tt.u.Role, tt.u.Disabled, got)
		}
	}
	for role, may := range map[jisr.Role]bool{jisr.RoleAnalyst: true, jisr.RoleLiaison: true, jisr.RoleAdmin: false, jisr.RoleAuditor: false} {
		if err := policy.CanListContacts(jisr.Principal{Agency: "JO-AND", Role: role}); (err == nil) != may {
			t.Errorf("CanListContacts(%s) = %v", role, err)
		}
	}
}
