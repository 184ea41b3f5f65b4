package jisr

import (
	"context"
	"time"
)

// Agency is a national service that takes part in the cell. Code is its
// short identifier (e.g. "IQ-GDNA"), Country its ISO 3166-1 alpha-2 code.
type Agency struct {
	Code    string   `json:"code"`
	Country string   `json:"country"`
	NameAR  string   `json:"name_ar"`
	NameEN  string   `json:"name_en"`
	Groups  []string `json:"groups,omitempty"` // named sharing groups it belongs to
}

// Role is what a user may do within their agency.
type Role string

const (
	RoleAnalyst    Role = "analyst"    // reads, searches, enters records
	RoleOfficer    Role = "officer"    // enters and updates records
	RoleLiaison    Role = "liaison"    // liaison officer: releases, answers requests, sees TLP:RED
	RoleSupervisor Role = "supervisor" // all of the above for the agency
	RoleAdmin      Role = "administrator"
	RoleAuditor    Role = "auditor"
)

// Roles lists every role, in the order shown to users.
var Roles = []Role{RoleAnalyst, RoleOfficer, RoleLiaison, RoleSupervisor, RoleAdmin, RoleAuditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// User is a person who logs in to a node. Passwords are never part of it.
type User struct {
	// ID is the store's row number, never shown: users are named by their
	// username, and a node-wide number would count other agencies' users.
	ID          int64     `json:"-"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	Agency      string    `json:"agency"`
	Role        Role      `json:"role"`
	Lang        string    `json:"lang,omitempty"` // preferred interface language: ar, en, fr
	Email       string    `json:"email,omitempty"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
}

// Contact is a point of contact of an agency: a user who may be named as a
// recipient of a TLP:RED record by default (policy.Contact).
type Contact struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
	Agency      string `json:"agency"`
	Role        Role   `json:"role"`
}

// Principal is the authenticated caller of a service: who they are and what
// the access policy needs to know about them. Every service method takes one.
type Principal struct {
	UserID   int64
	Username string
	Agency   string
	Country  string
	Role     Role
	Groups   []string // sharing groups of the caller's agency
	Addr     string   // remote address, for the audit trail
	System   bool     // the node itself (demo loader, import); still audited
}

// Session is a login: a bearer token whose hash is stored.
type Session struct {
	ID        string    `json:"id"`
	UserID    int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	Addr      string    `json:"addr,omitempty"`
}

// AgencyService manages the agencies of the cell.
type AgencyService interface {
	// CreateAgency adds an agency; ECONFLICT if the code exists, EINVALID on bad fields.
	CreateAgency(ctx context.Context, p Principal, a *Agency) error
	// Agencies lists all agencies (names are not secret within the cell).
	Agencies(ctx context.Context) ([]*Agency, error)
	// Agency returns one agency or ENOTFOUND.
	Agency(ctx context.Context, code string) (*Agency, error)
}

// UserService manages users, passwords and sessions.
type UserService interface {
	// CreateUser adds a user with a password; EINVALID, ECONFLICT.
	CreateUser(ctx context.Context, p Principal, u *User, password string) error
	// Users lists users: of the caller's agency, or every agency's for the
	// node's operator and node auditors (policy.UsersScope); EFORBIDDEN for other roles.
	// Creating, disabling, enabling, resetting and changing the role of a user
	// are allowed by policy.CanManageUser; EFORBIDDEN otherwise.
	Users(ctx context.Context, p Principal, page Page) ([]*User, string, error)
	// UserByName returns a user or ENOTFOUND.
	UserByName(ctx context.Context, username string) (*User, error)
	// Contacts lists the points of contact of agencies — their active
	// liaison officers and supervisors, by agency and username —, the
	// default named recipients of a TLP:RED record released to them
	// (policy.Contact); every reader of records may list them. Unknown
	// agencies are left out.
	Contacts(ctx context.Context, p Principal, agencies []string) ([]*Contact, error)
	// SetDisabled disables or enables a user and revokes their sessions.
	SetDisabled(ctx context.Context, p Principal, username string, disabled bool) error
	// ResetPassword sets a new password and revokes the user's sessions.
	ResetPassword(ctx context.Context, p Principal, username, password string) error
	// SetRole gives a user another role and revokes their sessions; EINVALID
	// for an unknown role.
	SetRole(ctx context.Context, p Principal, username string, role Role) error
	// Login checks a password and returns a new session token; EUNAUTHORIZED on failure
	// (the same error whether the user exists or not). Audited either way.
	Login(ctx context.Context, username, password, addr string) (token string, s *Session, err error)
	// Authenticate resolves a bearer token to its principal; EUNAUTHORIZED if unknown, expired or revoked.
	Authenticate(ctx context.Context, token string) (Principal, *User, error)
	// Logout revokes the session of token.
	Logout(ctx context.Context, p Principal, token string) error
}

// Page asks for one page of a list: at most Limit items after Cursor.
type Page struct {
	Limit  int
	Cursor string
}

// DefaultPageLimit and MaxPageLimit bound every list.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 500
)

// Normalize clamps the limit to [1, MaxPageLimit].
func (p Page) Normalize() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageLimit
	}
	if p.Limit > MaxPageLimit {
		p.Limit = MaxPageLimit
	}
	return p
}
