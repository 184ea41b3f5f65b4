package engine

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Users, agencies and sessions (jisr.UserService, jisr.AgencyService):
// who may manage whom is policy.CanManageUser, asked before the write and
// again inside it on the row as it is there; every change is audited, and
// alerted to the user's agency when policy.AlertsAgency says so, in the
// transaction of the change.

// accounts is the engine's state for users and sign-in.
type accounts struct {
	now        func() time.Time
	sessionTTL time.Duration
	// secondFactor are the roles that must sign in with a second factor.
	mu           sync.Mutex
	secondFactor []jisr.Role
	totpKey      []byte
	sealer       *totpSealer
	sealErr      error
	sealOnce     sync.Once
	// throttle counts failed sign-ins; restored from the store's
	// login_locks at first use.
	throttleMu sync.Mutex
	throttle   *throttle
}

// DefaultSessionTTL is how long a session lasts unless WithSessionTTL says.
const DefaultSessionTTL = 12 * time.Hour

// WithClock sets the engine's clock (tests; the store's transactions keep
// their own).
func WithClock(now func() time.Time) Option { return func(e *Engine) { e.acc.now = now } }

// WithSessionTTL sets how long a session lasts.
func WithSessionTTL(d time.Duration) Option { return func(e *Engine) { e.acc.sessionTTL = d } }

// WithTOTPKey sets the 32-byte key that seals TOTP secrets, derived from
// the node key for TOTPKeyInfo. Without it a second factor can be neither
// enrolled nor checked (an internal error, never a pass).
func WithTOTPKey(key []byte) Option {
	return func(e *Engine) { e.acc.totpKey = append([]byte(nil), key...) }
}

// WithSecondFactorRoles makes a second factor compulsory for the roles.
func WithSecondFactorRoles(roles ...jisr.Role) Option {
	return func(e *Engine) { e.acc.secondFactor = roles }
}

// RequireSecondFactor sets the roles that must sign in with a second
// factor.
func (e *Engine) RequireSecondFactor(roles ...jisr.Role) {
	e.acc.mu.Lock()
	e.acc.secondFactor = roles
	e.acc.mu.Unlock()
}

func (e *Engine) secondFactorRoles() []jisr.Role {
	e.acc.mu.Lock()
	defer e.acc.mu.Unlock()
	return e.acc.secondFactor
}

func (e *Engine) now() time.Time {
	if e.acc.now != nil {
		return e.acc.now()
	}
	return time.Now()
}

func (e *Engine) sessionTTL() time.Duration {
	if e.acc.sessionTTL > 0 {
		return e.acc.sessionTTL
	}
	return DefaultSessionTTL
}

func (e *Engine) totpSealer() (*totpSealer, error) {
	e.acc.sealOnce.Do(func() {
		if e.acc.totpKey == nil {
			e.acc.sealErr = jisr.Internal(errors.New("the node has no TOTP sealing key (engine.WithTOTPKey)"))
			return
		}
		e.acc.sealer, e.acc.sealErr = newTOTPSealer(e.acc.totpKey)
	})
	return e.acc.sealer, e.acc.sealErr
}

// CreateAgency implements jisr.AgencyService.
func (e *Engine) CreateAgency(ctx context.Context, p jisr.Principal, a *jisr.Agency) error {
	if err := policy.CanAdminister(p); err != nil {
		return e.deny(ctx, p, jisr.ActAdmin, a.Code, "create agency", err)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	return e.st.Write(ctx, func(tx Tx) error {
		exists, err := tx.AgencyExists(a.Code)
		if err != nil {
			return err
		}
		if exists {
			return jisr.Refused(jisr.ECONFLICT, "c_agency_exists", a.Code)
		}
		if err := tx.InsertAgency(a); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActAdmin, a.Code, "create agency", OutcomeOK)
	})
}

// Agencies implements jisr.AgencyService.
func (e *Engine) Agencies(ctx context.Context) ([]*jisr.Agency, error) { return e.st.Agencies(ctx) }

// Agency implements jisr.AgencyService.
func (e *Engine) Agency(ctx context.Context, code string) (*jisr.Agency, error) {
	return e.st.Agency(ctx, code)
}

// CreateUser implements jisr.UserService.
func (e *Engine) CreateUser(ctx context.Context, p jisr.Principal, u *jisr.User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	if !u.Role.Valid() {
		return jisr.Because("role", "role")
	}
	if err := policy.CanManageUser(p, policy.UserCreate, u); err != nil {
		return e.deny(ctx, p, jisr.ActAdmin, u.Username, "create user role="+string(u.Role)+" agency="+u.Agency, err)
	}
	if !reUsername.MatchString(u.Username) {
		return jisr.Because("username", "username")
	}
	if u.Lang != "" && u.Lang != "ar" && u.Lang != "en" && u.Lang != "fr" {
		return jisr.Because("lang", "lang")
	}
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash := hashPassword(password)
	return e.st.Write(ctx, func(tx Tx) error {
		exists, err := tx.AgencyExists(u.Agency)
		if err != nil {
			return err
		}
		if !exists {
			return jisr.Because("agency", "no_agency", u.Agency)
		}
		if other, err := tx.User(u.Username); err != nil {
			return err
		} else if other != nil {
			return jisr.ConflictOn("username", "c_username")
		}
		u.CreatedAt = tx.Now()
		if u.ID, err = tx.InsertUser(u, hash); err != nil {
			return err
		}
		if u.Role == jisr.RoleAdmin {
			// The first administrator's agency is the node operator's.
			if err := tx.NoteOperatorAgency(u.Agency); err != nil {
				return err
			}
		}
		what := "create user role=" + string(u.Role) + " agency=" + u.Agency
		if err := tx.Audit(p, jisr.ActAdmin, u.Username, what, OutcomeOK); err != nil {
			return err
		}
		return alert(tx, p, u, what)
	})
}

// alert tells u's agency of a change to u (policy.AlertsAgency), in the
// transaction of the change.
func alert(tx Tx, p jisr.Principal, u *jisr.User, what string) error {
	if !policy.AlertsAgency(p, u) {
		return nil
	}
	return tx.Audit(p, jisr.ActUserAlert, u.Username, what, OutcomeOK)
}

// Users implements jisr.UserService.
func (e *Engine) Users(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.User, string, error) {
	operator, err := e.st.OperatorAgency(ctx)
	if err != nil {
		return nil, "", err
	}
	all, agency, err := policy.UsersScope(p, operator)
	if err != nil {
		return nil, "", err
	}
	if all {
		agency = ""
	}
	return e.st.UserPage(ctx, p, page.Normalize(), agency)
}

// Contacts implements jisr.UserService.
func (e *Engine) Contacts(ctx context.Context, p jisr.Principal, agencies []string) ([]*jisr.Contact, error) {
	if err := policy.CanListContacts(p); err != nil {
		return nil, err
	}
	var out []*jisr.Contact
	seen := map[string]bool{}
	for _, a := range agencies {
		if seen[a] {
			continue
		}
		seen[a] = true
		page := jisr.Page{Limit: jisr.MaxPageLimit}
		for {
			us, next, err := e.st.UserPage(ctx, p, page, a)
			if err != nil {
				return nil, err
			}
			for _, u := range us {
				if policy.Contact(u) && u.Agency == a {
					out = append(out, &jisr.Contact{Username: u.Username, DisplayName: u.DisplayName, Agency: u.Agency, Role: u.Role})
				}
			}
			if next == "" {
				break
			}
			page.Cursor = next
		}
	}
	return out, nil
}

// UserByName implements jisr.UserService.
func (e *Engine) UserByName(ctx context.Context, username string) (*jisr.User, error) {
	return e.st.UserByName(ctx, username)
}

// manageUser changes the user username: the policy is asked for act on
// the user as it is (and, for a new role, as it will be), then fn runs,
// the user's sessions are revoked and the change is audited — and alerted
// to the user's agency when policy.AlertsAgency says so — in one
// transaction. The checks are made again inside the transaction, on the row
// as it is there.
func (e *Engine) manageUser(ctx context.Context, p jisr.Principal, act policy.UserAction, username, what string, newRole jisr.Role, fn func(tx Tx, id int64) error) error {
	check := func(u *jisr.User) error {
		if err := policy.CanManageUser(p, act, u); err != nil {
			return err
		}
		if newRole != "" {
			to := *u
			to.Role = newRole
			return policy.CanManageUser(p, act, &to)
		}
		return nil
	}
	u, err := e.st.UserByName(ctx, username)
	if err != nil {
		return err
	}
	if err := check(u); err != nil {
		return e.deny(ctx, p, jisr.ActAdmin, u.Username, what, err)
	}
	return e.st.Write(ctx, func(tx Tx) error {
		u, err := tx.User(u.Username)
		if err != nil {
			return err
		}
		if u == nil {
			return jisr.Internal(errors.New("the user went away"))
		}
		if err := check(u); err != nil {
			return err
		}
		if err := fn(tx, u.ID); err != nil {
			return err
		}
		if err := tx.RevokeSessions(u.ID); err != nil {
			return err
		}
		if err := tx.Audit(p, jisr.ActAdmin, u.Username, what, OutcomeOK); err != nil {
			return err
		}
		return alert(tx, p, u, what)
	})
}

// SetDisabled implements jisr.UserService.
func (e *Engine) SetDisabled(ctx context.Context, p jisr.Principal, username string, disabled bool) error {
	what, act := "enable user", policy.UserEnable
	if disabled {
		what, act = "disable user", policy.UserDisable
	}
	return e.manageUser(ctx, p, act, username, what, "", func(tx Tx, id int64) error {
		return tx.SetUserDisabled(id, disabled)
	})
}

// ResetPassword implements jisr.UserService.
func (e *Engine) ResetPassword(ctx context.Context, p jisr.Principal, username, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash := hashPassword(password)
	return e.manageUser(ctx, p, policy.UserResetPassword, username, "reset password", "", func(tx Tx, id int64) error {
		return tx.SetUserPassword(id, hash)
	})
}

// SetRole implements jisr.UserService.
func (e *Engine) SetRole(ctx context.Context, p jisr.Principal, username string, role jisr.Role) error {
	if !role.Valid() {
		return jisr.Because("role", "role")
	}
	return e.manageUser(ctx, p, policy.UserChangeRole, username, "change role to "+string(role), role, func(tx Tx, id int64) error {
		return tx.SetUserRole(id, role)
	})
}

// SessionHash is how a session token is stored and looked up: the hex
// SHA-256 of the token. The token itself is never stored.
func SessionHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// newSessionToken is 256 random bits, URL-safe.
func newSessionToken() string {
	raw := make([]byte, 32)
	rand.Read(raw)
	return base64.RawURLEncoding.EncodeToString(raw)
}

// Authenticate implements jisr.UserService. A session that may only enrol
// a second factor is EENROLREQUIRED here (see AuthenticateEnrol).
func (e *Engine) Authenticate(ctx context.Context, token string) (jisr.Principal, *jisr.User, error) {
	p, u, scope, err := e.authenticate(ctx, token)
	if err == nil && scope != jisr.ScopeFull {
		return jisr.Principal{}, nil, jisr.Errorf(jisr.EENROLREQUIRED, "your role needs a second factor: enrol one before anything else")
	}
	return p, u, err
}

// AuthenticateEnrol implements jisr.AccountService.
func (e *Engine) AuthenticateEnrol(ctx context.Context, token string) (jisr.Principal, *jisr.User, string, error) {
	return e.authenticate(ctx, token)
}

func (e *Engine) authenticate(ctx context.Context, token string) (jisr.Principal, *jisr.User, string, error) {
	unauth := jisr.Errorf(jisr.EUNAUTHORIZED, "not logged in, or the session expired")
	if token == "" || len(token) > 256 {
		return jisr.Principal{}, nil, "", unauth
	}
	row, err := e.st.Session(ctx, SessionHash(token))
	if err != nil {
		return jisr.Principal{}, nil, "", err
	}
	if row == nil || row.Revoked || row.User.Disabled || !e.now().Before(row.ExpiresAt) {
		return jisr.Principal{}, nil, "", unauth
	}
	u := row.User
	a, err := e.st.Agency(ctx, u.Agency)
	if err != nil {
		return jisr.Principal{}, nil, "", err
	}
	return principalOf(&u, a), &u, row.Scope, nil
}

func principalOf(u *jisr.User, a *jisr.Agency) jisr.Principal {
	return jisr.Principal{UserID: u.ID, Username: u.Username, Agency: u.Agency, Country: a.Country, Role: u.Role, Groups: a.Groups}
}

// Logout implements jisr.UserService.
func (e *Engine) Logout(ctx context.Context, p jisr.Principal, token string) error {
	return e.st.Write(ctx, func(tx Tx) error {
		if err := tx.RevokeSession(SessionHash(token)); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActLogout, p.Username, "", OutcomeOK)
	})
}
