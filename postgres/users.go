package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/engine"
)

// Users, agencies and sessions: the rows of engine.AccountStore and
// engine.AccountTx. Who may do what, passwords and tokens are the engine's.

const agencyCols = `code, country, name_ar, name_en, groups`

func scanAgency(r pgx.Row) (*jisr.Agency, error) {
	var a jisr.Agency
	var groups string
	if err := r.Scan(&a.Code, &a.Country, &a.NameAR, &a.NameEN, &groups); err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(groups), &a.Groups)
	return &a, nil
}

// Agencies implements engine.AccountStore.
func (s *Store) Agencies(ctx context.Context) ([]*jisr.Agency, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+agencyCols+` FROM agencies ORDER BY code`)
	return collect(rows, err, func(r pgx.Rows) (*jisr.Agency, error) { return scanAgency(r) })
}

// Agency implements engine.AccountStore.
func (s *Store) Agency(ctx context.Context, code string) (*jisr.Agency, error) {
	a, err := scanAgency(s.pool.QueryRow(ctx, `SELECT `+agencyCols+` FROM agencies WHERE code = $1`, code))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no agency %s", code)
	}
	return a, internal(err)
}

// AgencyByCode implements engine.RequestTx.
func (tx *Tx) AgencyByCode(code string) (*jisr.Agency, error) {
	a, err := scanAgency(tx.queryRow(`SELECT `+agencyCols+` FROM agencies WHERE code = $1`, code))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no agency %s", code)
	}
	return a, internal(err)
}

// AgencyExists implements engine.AccountTx and engine.RecordTx.
func (tx *Tx) AgencyExists(code string) (bool, error) {
	var ok bool
	err := tx.queryRow(`SELECT EXISTS (SELECT 1 FROM agencies WHERE code = $1)`, code).Scan(&ok)
	return ok, internal(err)
}

// InsertAgency implements engine.AccountTx.
func (tx *Tx) InsertAgency(a *jisr.Agency) error {
	groups, _ := json.Marshal(nonNil(a.Groups))
	_, err := tx.exec(`INSERT INTO agencies (code, country, name_ar, name_en, groups) VALUES ($1,$2,$3,$4,$5)`,
		a.Code, a.Country, a.NameAR, a.NameEN, string(groups))
	return internal(err)
}

// NoteOperatorAgency implements engine.AccountTx.
func (tx *Tx) NoteOperatorAgency(agency string) error {
	_, err := tx.exec(`INSERT INTO node_settings (key, value) VALUES ('operator_agency', $1) ON CONFLICT DO NOTHING`, agency)
	return internal(err)
}

const userCols = `id, username, display_name, agency, role, lang, email, disabled, created_at`

func scanUser(r pgx.Row) (*jisr.User, error) {
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
	a := args{after}
	where := "id > $1"
	if agency != "" {
		where += " AND agency = " + a.p(agency)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+userCols+` FROM users WHERE `+where+` ORDER BY id LIMIT `+a.p(page.Limit+1), a...)
	out, err := collect(rows, err, func(r pgx.Rows) (*jisr.User, error) { return scanUser(r) })
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = s.cursorAt(p, cursor.Users, out[len(out)-1].ID)
	}
	return out, next, nil
}

// UserByName implements engine.AccountStore.
func (s *Store) UserByName(ctx context.Context, username string) (*jisr.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE username = $1`, username))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no user %s", username)
	}
	return u, internal(err)
}

// User implements engine.AccountTx.
func (tx *Tx) User(username string) (*jisr.User, error) {
	u, err := scanUser(tx.queryRow(`SELECT `+userCols+` FROM users WHERE username = $1`, username))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return u, internal(err)
}

// InsertUser implements engine.AccountTx.
func (tx *Tx) InsertUser(u *jisr.User, passwordHash string) (int64, error) {
	var id int64
	err := tx.queryRow(`INSERT INTO users (username, display_name, agency, role, lang, email, password_hash, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
		u.Username, u.DisplayName, u.Agency, string(u.Role), u.Lang, u.Email, passwordHash, tx.now.Unix()).Scan(&id)
	return id, internal(err)
}

// SetUserDisabled implements engine.AccountTx.
func (tx *Tx) SetUserDisabled(id int64, disabled bool) error {
	_, err := tx.exec(`UPDATE users SET disabled = $1 WHERE id = $2`, disabled, id)
	return internal(err)
}

// SetUserPassword implements engine.AccountTx.
func (tx *Tx) SetUserPassword(id int64, passwordHash string) error {
	_, err := tx.exec(`UPDATE users SET password_hash = $1 WHERE id = $2`, passwordHash, id)
	return internal(err)
}

// SetUserRole implements engine.AccountTx.
func (tx *Tx) SetUserRole(id int64, role jisr.Role) error {
	_, err := tx.exec(`UPDATE users SET role = $1 WHERE id = $2`, string(role), id)
	return internal(err)
}

// Session implements engine.AccountStore.
func (s *Store) Session(ctx context.Context, hash string) (*engine.SessionRow, error) {
	var r engine.SessionRow
	var expires, created int64
	var role string
	u := &r.User
	err := s.pool.QueryRow(ctx, `SELECT s.expires_at, s.revoked, s.scope, u.id, u.username, u.display_name, u.agency, u.role, u.lang, u.email, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`, hash).
		Scan(&expires, &r.Revoked, &r.Scope, &u.ID, &u.Username, &u.DisplayName, &u.Agency, &role, &u.Lang, &u.Email, &u.Disabled, &created)
	if errors.Is(err, pgx.ErrNoRows) {
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
	_, err := tx.exec(`INSERT INTO sessions (id, user_id, created_at, expires_at, addr, scope) VALUES ($1,$2,$3,$4,$5,$6)`,
		hash, s.UserID, s.CreatedAt.Unix(), s.ExpiresAt.Unix(), s.Addr, scope)
	return internal(err)
}

// RevokeSession implements engine.AccountTx.
func (tx *Tx) RevokeSession(hash string) error {
	_, err := tx.exec(`UPDATE sessions SET revoked = true WHERE id = $1`, hash)
	return internal(err)
}

// RevokeSessions implements engine.AccountTx.
func (tx *Tx) RevokeSessions(id int64) error {
	_, err := tx.exec(`UPDATE sessions SET revoked = true WHERE user_id = $1`, id)
	return internal(err)
}

// UpgradeSessions implements engine.AccountTx.
func (tx *Tx) UpgradeSessions(id int64) error {
	_, err := tx.exec(`UPDATE sessions SET scope = 'full' WHERE user_id = $1 AND scope = 'enrol'`, id)
	return internal(err)
}

// PrincipalFor returns the principal of a user without a session (CLI
// tools acting for a named user).
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
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, internal(err)
}
