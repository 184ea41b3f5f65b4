package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (OWASP: m=19 MiB, t=2, p=1).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

func hashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func checkPassword(encoded, pw string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is checked when the user does not exist, so that a failed login
// takes as long whether or not the name is known.
var dummyHash = hashPassword("not a real password, only for timing")

// ValidatePassword says what is wrong with a new password.
func ValidatePassword(pw string) error {
	if err := jisr.ValidatePasswordText(pw); err != nil {
		return err
	}
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return jisr.Invalid("password", "must be at least %d characters", MinPasswordLength)
	}
	return nil
}

var reUsername = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// CreateAgency implements jisr.AgencyService.
func (s *Store) CreateAgency(ctx context.Context, p jisr.Principal, a *jisr.Agency) error {
	if err := policy.CanAdminister(p); err != nil {
		return s.deny(ctx, p, jisr.ActAdmin, a.Code, "create agency", err)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	groups, _ := json.Marshal(nonNil(a.Groups))
	return s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM agencies WHERE code = ?`, a.Code).Scan(&n); err != nil {
			return jisr.Internal(err)
		}
		if n > 0 {
			return jisr.Errorf(jisr.ECONFLICT, "agency %s exists", a.Code)
		}
		if _, err := tx.Exec(`INSERT INTO agencies (code, country, name_ar, name_en, groups) VALUES (?,?,?,?,?)`,
			a.Code, a.Country, a.NameAR, a.NameEN, string(groups)); err != nil {
			return jisr.Internal(err)
		}
		return tx.audit(p, jisr.ActAdmin, a.Code, "create agency", outcomeOK)
	})
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Agencies implements jisr.AgencyService.
func (s *Store) Agencies(ctx context.Context) ([]*jisr.Agency, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, country, name_ar, name_en, groups FROM agencies ORDER BY code`)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	var out []*jisr.Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, internal(err)
		}
		out = append(out, a)
	}
	return out, internal(rows.Err())
}

func scanAgency(r scanner) (*jisr.Agency, error) {
	var a jisr.Agency
	var groups string
	if err := r.Scan(&a.Code, &a.Country, &a.NameAR, &a.NameEN, &groups); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(groups), &a.Groups)
	return &a, nil
}

// Agency implements jisr.AgencyService.
func (s *Store) Agency(ctx context.Context, code string) (*jisr.Agency, error) {
	a, err := scanAgency(s.db.QueryRowContext(ctx, `SELECT code, country, name_ar, name_en, groups FROM agencies WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no agency %s", code)
	}
	return a, internal(err)
}

// CreateUser implements jisr.UserService.
func (s *Store) CreateUser(ctx context.Context, p jisr.Principal, u *jisr.User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	if !u.Role.Valid() {
		return jisr.Invalid("role", "must be one of analyst, officer, liaison, supervisor, administrator, auditor")
	}
	if err := policy.CanManageUser(p, policy.UserCreate, u); err != nil {
		return s.deny(ctx, p, jisr.ActAdmin, u.Username, "create user role="+string(u.Role)+" agency="+u.Agency, err)
	}
	if !reUsername.MatchString(u.Username) {
		return jisr.Invalid("username", "must be 2–63 lower-case letters, digits, dots, dashes or underscores")
	}
	if u.Lang != "" && u.Lang != "ar" && u.Lang != "en" && u.Lang != "fr" {
		return jisr.Invalid("lang", "must be ar, en or fr")
	}
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash := hashPassword(password)
	return s.write(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM agencies WHERE code = ?`, u.Agency).Scan(&n); err != nil {
			return jisr.Internal(err)
		}
		if n == 0 {
			return jisr.Invalid("agency", "no agency %q", u.Agency)
		}
		if err := tx.QueryRow(`SELECT count(*) FROM users WHERE username = ?`, u.Username).Scan(&n); err != nil {
			return jisr.Internal(err)
		}
		if n > 0 {
			return &jisr.Error{Code: jisr.ECONFLICT, Field: "username", Message: "the user name is taken"}
		}
		u.CreatedAt = tx.now
		res, err := tx.Exec(`INSERT INTO users (username, display_name, agency, role, lang, email, password_hash, created_at) VALUES (?,?,?,?,?,?,?,?)`,
			u.Username, u.DisplayName, u.Agency, string(u.Role), u.Lang, u.Email, hash, tx.now.Unix())
		if err != nil {
			return jisr.Internal(err)
		}
		u.ID, _ = res.LastInsertId()
		if u.Role == jisr.RoleAdmin {
			// The first administrator's agency is the node operator's.
			if _, err := tx.Exec(`INSERT OR IGNORE INTO node_settings (key, value) VALUES ('operator_agency', ?)`, u.Agency); err != nil {
				return jisr.Internal(err)
			}
		}
		what := "create user role=" + string(u.Role) + " agency=" + u.Agency
		if err := tx.audit(p, jisr.ActAdmin, u.Username, what, outcomeOK); err != nil {
			return err
		}
		return tx.alert(p, u, what)
	})
}

// alert tells u's agency of a change to u (policy.AlertsAgency), in the
// transaction of the change.
func (tx *Tx) alert(p jisr.Principal, u *jisr.User, what string) error {
	if !policy.AlertsAgency(p, u) {
		return nil
	}
	return tx.audit(p, jisr.ActUserAlert, u.Username, what, outcomeOK)
}

// OperatorAgency returns the agency of the node's operator: the agency of
// its first administrator, or "" before there is one.
func (s *Store) OperatorAgency(ctx context.Context) (string, error) {
	var a string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM node_settings WHERE key = 'operator_agency'`).Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return a, internal(err)
}

const userCols = `id, username, display_name, agency, role, lang, email, disabled, created_at`

func scanUser(r scanner) (*jisr.User, error) {
	var u jisr.User
	var created int64
	var role string
	if err := r.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Agency, &role, &u.Lang, &u.Email, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.Role = jisr.Role(role)
	u.CreatedAt = time.Unix(created, 0).UTC()
	return &u, nil
}

// Users implements jisr.UserService.
func (s *Store) Users(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.User, string, error) {
	page = page.Normalize()
	after, err := s.position(p, cursor.Users, page.Cursor, 0)
	if err != nil {
		return nil, "", err
	}
	where, args := "id > ?", []any{after}
	operator, err := s.OperatorAgency(ctx)
	if err != nil {
		return nil, "", err
	}
	all, agency, err := policy.UsersScope(p, operator)
	if err != nil {
		return nil, "", err
	}
	if !all {
		where, args = where+" AND agency = ?", append(args, agency)
	}
	args = append(args, page.Limit+1)
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, "", internal(err)
	}
	return scanPage(rows, page.Limit, scanUser, func(u *jisr.User) string { return s.cursorAt(p, cursor.Users, u.ID) })
}

// UserByName implements jisr.UserService.
func (s *Store) UserByName(ctx context.Context, username string) (*jisr.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no user %s", username)
	}
	return u, internal(err)
}

// manageUser changes the user username: the policy is asked for act on
// the user as it is (and, for a new role, as it will be), then fn runs,
// the user's sessions are revoked and the change is audited — and alerted
// to the user's agency when policy.AlertsAgency says so — in one
// transaction. The checks are made again inside the transaction, on the row
// as it is there.
func (s *Store) manageUser(ctx context.Context, p jisr.Principal, act policy.UserAction, username, what string, newRole jisr.Role, fn func(tx *Tx, id int64) error) error {
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
	u, err := s.UserByName(ctx, username)
	if err != nil {
		return err
	}
	if err := check(u); err != nil {
		return s.deny(ctx, p, jisr.ActAdmin, u.Username, what, err)
	}
	return s.write(ctx, func(tx *Tx) error {
		u, err := scanUser(tx.QueryRow(`SELECT `+userCols+` FROM users WHERE username = ?`, u.Username))
		if err != nil {
			return internal(err)
		}
		if err := check(u); err != nil {
			return err
		}
		if err := fn(tx, u.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE sessions SET revoked = 1 WHERE user_id = ?`, u.ID); err != nil {
			return jisr.Internal(err)
		}
		if err := tx.audit(p, jisr.ActAdmin, u.Username, what, outcomeOK); err != nil {
			return err
		}
		return tx.alert(p, u, what)
	})
}

// SetDisabled implements jisr.UserService.
func (s *Store) SetDisabled(ctx context.Context, p jisr.Principal, username string, disabled bool) error {
	what, act := "enable user", policy.UserEnable
	if disabled {
		what, act = "disable user", policy.UserDisable
	}
	return s.manageUser(ctx, p, act, username, what, "", func(tx *Tx, id int64) error {
		_, err := tx.Exec(`UPDATE users SET disabled = ? WHERE id = ?`, disabled, id)
		return internal(err)
	})
}

// ResetPassword implements jisr.UserService.
func (s *Store) ResetPassword(ctx context.Context, p jisr.Principal, username, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash := hashPassword(password)
	return s.manageUser(ctx, p, policy.UserResetPassword, username, "reset password", "", func(tx *Tx, id int64) error {
		_, err := tx.Exec(`UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
		return internal(err)
	})
}

// SetRole implements jisr.UserService.
func (s *Store) SetRole(ctx context.Context, p jisr.Principal, username string, role jisr.Role) error {
	if !role.Valid() {
		return jisr.Invalid("role", "must be one of analyst, officer, liaison, supervisor, administrator, auditor")
	}
	return s.manageUser(ctx, p, policy.UserChangeRole, username, "change role to "+string(role), role, func(tx *Tx, id int64) error {
		_, err := tx.Exec(`UPDATE users SET role = ? WHERE id = ?`, string(role), id)
		return internal(err)
	})
}

func tokenID(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Authenticate implements jisr.UserService. A session that may only enrol
// a second factor is EENROLREQUIRED here (see AuthenticateEnrol).
func (s *Store) Authenticate(ctx context.Context, token string) (jisr.Principal, *jisr.User, error) {
	p, u, scope, err := s.authenticate(ctx, token)
	if err == nil && scope != jisr.ScopeFull {
		return jisr.Principal{}, nil, jisr.Errorf(jisr.EENROLREQUIRED, "your role needs a second factor: enrol one before anything else")
	}
	return p, u, err
}

func (s *Store) authenticate(ctx context.Context, token string) (jisr.Principal, *jisr.User, string, error) {
	unauth := jisr.Errorf(jisr.EUNAUTHORIZED, "not logged in, or the session expired")
	if token == "" || len(token) > 256 {
		return jisr.Principal{}, nil, "", unauth
	}
	var expires int64
	var revoked bool
	var scope string
	row := s.db.QueryRowContext(ctx, `SELECT s.expires_at, s.revoked, s.scope, u.id, u.username, u.display_name, u.agency, u.role, u.lang, u.email, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, tokenID(token))
	var u jisr.User
	var role string
	var created int64
	err := row.Scan(&expires, &revoked, &scope, &u.ID, &u.Username, &u.DisplayName, &u.Agency, &role, &u.Lang, &u.Email, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return jisr.Principal{}, nil, "", unauth
	}
	if err != nil {
		return jisr.Principal{}, nil, "", internal(err)
	}
	if revoked || u.Disabled || s.Now().Unix() >= expires {
		return jisr.Principal{}, nil, "", unauth
	}
	u.Role = jisr.Role(role)
	u.CreatedAt = time.Unix(created, 0).UTC()
	a, err := s.Agency(ctx, u.Agency)
	if err != nil {
		return jisr.Principal{}, nil, "", internal(err)
	}
	return jisr.Principal{UserID: u.ID, Username: u.Username, Agency: u.Agency, Country: a.Country, Role: u.Role, Groups: a.Groups}, &u, scope, nil
}

// PrincipalFor returns the principal of a user without a session (CLI tools
// acting for a named user on the node's own machine).
func (s *Store) PrincipalFor(ctx context.Context, username string) (jisr.Principal, error) {
	u, err := s.UserByName(ctx, username)
	if err != nil {
		return jisr.Principal{}, err
	}
	a, err := s.Agency(ctx, u.Agency)
	if err != nil {
		return jisr.Principal{}, err
	}
	return jisr.Principal{UserID: u.ID, Username: u.Username, Agency: u.Agency, Country: a.Country, Role: u.Role, Groups: a.Groups}, nil
}

// Logout implements jisr.UserService.
func (s *Store) Logout(ctx context.Context, p jisr.Principal, token string) error {
	return s.write(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`UPDATE sessions SET revoked = 1 WHERE id = ?`, tokenID(token)); err != nil {
			return jisr.Internal(err)
		}
		return tx.audit(p, jisr.ActLogout, p.Username, "", outcomeOK)
	})
}

// CountUsers returns the number of users (to know whether init has run).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, internal(err)
}

// TotalRecords counts every record of the node, whatever its audience. It
// is for the node's own command line (demo loading, benchmarks) and is
// never exposed to API callers.
func (s *Store) TotalRecords(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n)
	return n, internal(err)
}
