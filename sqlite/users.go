package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/engine"
	"github.com/jisr-cell/jisr/keys"
)

// Users, agencies and sessions: the rows of engine.AccountStore and
// engine.AccountTx. Who may do what, passwords and tokens are the engine's.

var (
	_ engine.AccountStore = (*Store)(nil)
	_ engine.AccountTx    = (*Tx)(nil)
)

// Derive returns a key of size bytes for one purpose, derived from the
// node key (keys.Node.Derive), for the engine's options (WithTOTPKey):
// the engine reads no key file.
func (s *Store) Derive(info string, size int) ([]byte, error) {
	return (&keys.Node{Signing: s.key}).Derive(info, size)
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// Agencies implements engine.AccountStore.
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

// Agency implements engine.AccountStore.
func (s *Store) Agency(ctx context.Context, code string) (*jisr.Agency, error) {
	a, err := scanAgency(s.db.QueryRowContext(ctx, `SELECT code, country, name_ar, name_en, groups FROM agencies WHERE code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no agency %s", code)
	}
	return a, internal(err)
}

// AgencyExists implements engine.AccountTx.
func (tx *Tx) AgencyExists(code string) (bool, error) {
	var n int
	err := tx.QueryRow(`SELECT count(*) FROM agencies WHERE code = ?`, code).Scan(&n)
	return n > 0, internal(err)
}

// InsertAgency implements engine.AccountTx.
func (tx *Tx) InsertAgency(a *jisr.Agency) error {
	groups, _ := json.Marshal(nonNil(a.Groups))
	_, err := tx.Exec(`INSERT INTO agencies (code, country, name_ar, name_en, groups) VALUES (?,?,?,?,?)`,
		a.Code, a.Country, a.NameAR, a.NameEN, string(groups))
	return internal(err)
}

// OperatorAgency implements engine.AccountStore.
func (s *Store) OperatorAgency(ctx context.Context) (string, error) {
	var a string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM node_settings WHERE key = 'operator_agency'`).Scan(&a)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return a, internal(err)
}

// NoteOperatorAgency implements engine.AccountTx.
func (tx *Tx) NoteOperatorAgency(agency string) error {
	_, err := tx.Exec(`INSERT OR IGNORE INTO node_settings (key, value) VALUES ('operator_agency', ?)`, agency)
	return internal(err)
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

// UserPage implements engine.AccountStore.
func (s *Store) UserPage(ctx context.Context, p jisr.Principal, page jisr.Page, agency string) ([]*jisr.User, string, error) {
	page = page.Normalize()
	after, err := s.position(p, cursor.Users, page.Cursor, 0)
	if err != nil {
		return nil, "", err
	}
	where, args := "id > ?", []any{after}
	if agency != "" {
		where, args = where+" AND agency = ?", append(args, agency)
	}
	args = append(args, page.Limit+1)
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` FROM users WHERE `+where+` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, "", internal(err)
	}
	return scanPage(rows, page.Limit, scanUser, func(u *jisr.User) string { return s.cursorAt(p, cursor.Users, u.ID) })
}

// UserByName implements engine.AccountStore.
func (s *Store) UserByName(ctx context.Context, username string) (*jisr.User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no user %s", username)
	}
	return u, internal(err)
}

// User implements engine.AccountTx.
func (tx *Tx) User(username string) (*jisr.User, error) {
	u, err := scanUser(tx.QueryRow(`SELECT `+userCols+` FROM users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return u, internal(err)
}

// InsertUser implements engine.AccountTx.
func (tx *Tx) InsertUser(u *jisr.User, passwordHash string) (int64, error) {
	res, err := tx.Exec(`INSERT INTO users (username, display_name, agency, role, lang, email, password_hash, created_at) VALUES (?,?,?,?,?,?,?,?)`,
		u.Username, u.DisplayName, u.Agency, string(u.Role), u.Lang, u.Email, passwordHash, tx.now.Unix())
	if err != nil {
		return 0, internal(err)
	}
	id, err := res.LastInsertId()
	return id, internal(err)
}

// SetUserDisabled implements engine.AccountTx.
func (tx *Tx) SetUserDisabled(id int64, disabled bool) error {
	_, err := tx.Exec(`UPDATE users SET disabled = ? WHERE id = ?`, disabled, id)
	return internal(err)
}

// SetUserPassword implements engine.AccountTx.
func (tx *Tx) SetUserPassword(id int64, passwordHash string) error {
	_, err := tx.Exec(`UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, id)
	return internal(err)
}

// SetUserRole implements engine.AccountTx.
func (tx *Tx) SetUserRole(id int64, role jisr.Role) error {
	_, err := tx.Exec(`UPDATE users SET role = ? WHERE id = ?`, string(role), id)
	return internal(err)
}

// Session implements engine.AccountStore.
func (s *Store) Session(ctx context.Context, hash string) (*engine.SessionRow, error) {
	var r engine.SessionRow
	var expires, created int64
	var role string
	u := &r.User
	err := s.db.QueryRowContext(ctx, `SELECT s.expires_at, s.revoked, s.scope, u.id, u.username, u.display_name, u.agency, u.role, u.lang, u.email, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`, hash).
		Scan(&expires, &r.Revoked, &r.Scope, &u.ID, &u.Username, &u.DisplayName, &u.Agency, &role, &u.Lang, &u.Email, &u.Disabled, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, internal(err)
	}
	u.Role = jisr.Role(role)
	u.CreatedAt = time.Unix(created, 0).UTC()
	r.ExpiresAt = time.Unix(expires, 0)
	return &r, nil
}

// InsertSession implements engine.AccountTx.
func (tx *Tx) InsertSession(hash string, s *jisr.Session, scope string) error {
	_, err := tx.Exec(`INSERT INTO sessions (id, user_id, created_at, expires_at, addr, scope) VALUES (?,?,?,?,?,?)`,
		hash, s.UserID, s.CreatedAt.Unix(), s.ExpiresAt.Unix(), s.Addr, scope)
	return internal(err)
}

// RevokeSession implements engine.AccountTx.
func (tx *Tx) RevokeSession(hash string) error {
	_, err := tx.Exec(`UPDATE sessions SET revoked = 1 WHERE id = ?`, hash)
	return internal(err)
}

// RevokeSessions implements engine.AccountTx.
func (tx *Tx) RevokeSessions(id int64) error {
	_, err := tx.Exec(`UPDATE sessions SET revoked = 1 WHERE user_id = ?`, id)
	return internal(err)
}

// UpgradeSessions implements engine.AccountTx.
func (tx *Tx) UpgradeSessions(id int64) error {
	_, err := tx.Exec(`UPDATE sessions SET scope = 'full' WHERE user_id = ? AND scope = 'enrol'`, id)
	return internal(err)
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
