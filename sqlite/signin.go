package sqlite

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Limits on what a sign-in attempt may carry; longer values fail without
// being looked at (a password is hashed only if it could be one).
const (
	maxPasswordTry = 1024
	maxOTPTry      = 32
)

// totpPeriod and totpSkew: 30-second steps, one step either side accepted.
const (
	totpPeriod = 30
	totpSkew   = 1
)

// RecoveryCodes is how many recovery codes an enrolment gives.
const RecoveryCodes = 10

// WithSecondFactorRoles makes a second factor compulsory for the roles.
func WithSecondFactorRoles(roles ...jisr.Role) Option {
	return func(s *Store) { s.SecondFactorRoles = roles }
}

// RequireSecondFactor sets the roles that must sign in with a second
// factor. Call before serving.
func (s *Store) RequireSecondFactor(roles ...jisr.Role) { s.SecondFactorRoles = roles }

// Login implements jisr.UserService: SignIn without a one-time code.
func (s *Store) Login(ctx context.Context, username, password, addr string) (string, *jisr.Session, error) {
	return s.SignIn(ctx, jisr.Credentials{Username: username, Password: password, Addr: addr})
}

type signinUser struct {
	found, disabled bool
	id              int64
	hash, agency    string
	role            jisr.Role
	sealed          string // totp_secret
	step            int64
}

func (s *Store) signinUser(ctx context.Context, name string) (signinUser, error) {
	u := signinUser{hash: dummyHash}
	if !reUsername.MatchString(name) {
		return u, nil
	}
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT id, password_hash, agency, role, disabled, totp_secret, totp_step FROM users WHERE username = ?`, name).
		Scan(&u.id, &u.hash, &u.agency, &role, &u.disabled, &u.sealed, &u.step)
	if errors.Is(err, sql.ErrNoRows) {
		return signinUser{hash: dummyHash}, nil
	}
	if err != nil {
		return u, internal(err)
	}
	u.found, u.role = true, jisr.Role(role)
	return u, nil
}

// secondFactor is a checked one-time code: which TOTP step or which
// recovery code it was, to be spent in the sign-in transaction.
type secondFactor struct {
	step     int64
	recovery string // hash of the recovery code
}

// SignIn implements jisr.AccountService. Every field of the attempt is
// bounded before it is kept or stored; attempts refused by a back-off are
// counted and summarised in the audit trail, not written one by one.
func (s *Store) SignIn(ctx context.Context, c jisr.Credentials) (string, *jisr.Session, error) {
	now := s.Now()
	name := boundedName(strings.ToLower(strings.TrimSpace(c.Username)))
	addr := boundedAddr(c.Addr)
	who := jisr.Principal{Username: name, Addr: addr}
	keys := signinKeys(name, addr)
	lock, wait, err := s.backoff(ctx, keys, now)
	if err != nil {
		return "", nil, err
	}
	// Under a back-off nothing is checked unless a second factor comes
	// with the password; then only both together pass (policy.PassesLock).
	if wait > 0 && c.OTP == "" {
		return "", nil, s.refused(ctx, who, lock, wait, now)
	}
	if wait > 0 {
		if k, w, err := s.backoff(ctx, []tkey{otpKey(name)}, now); err != nil || w > 0 {
			if err != nil {
				return "", nil, err
			}
			return "", nil, s.refused(ctx, who, k, w, now)
		}
	}
	u, err := s.signinUser(ctx, name)
	if err != nil {
		return "", nil, err
	}
	who.Agency = u.agency
	pwOK := len(c.Password) <= maxPasswordTry && checkPassword(u.hash, c.Password) && u.found && !u.disabled
	if wait > 0 {
		f, otpOK, err := s.checkSecondFactor(ctx, u, c.OTP, now)
		if err != nil {
			return "", nil, err
		}
		if !policy.PassesLock(pwOK, otpOK) {
			if pwOK && u.sealed != "" {
				// The password is known to whoever sent this: count the
				// wrong code, so that codes cannot be tried at will.
				return "", nil, s.failed(ctx, who, []tkey{otpKey(name)}, "wrong one-time code during back-off", now, jisr.RateLimited(wait, "%s", tooMany(wait)))
			}
			return "", nil, s.refused(ctx, who, lock, wait, now)
		}
		return s.startSession(ctx, who, u, f, jisr.ScopeFull, append(keys[:2:2], otpKey(name)), "passed the "+lock.kind+" back-off with a second factor")
	}
	if !pwOK {
		reason := "bad credentials"
		if u.disabled {
			reason = "account disabled"
		}
		return "", nil, s.failed(ctx, who, keys, reason, now, jisr.Errorf(jisr.EUNAUTHORIZED, "wrong user name or password"))
	}
	if u.sealed == "" {
		scope := policy.SignInScope(u.role, false, s.SecondFactorRoles)
		return s.startSession(ctx, who, u, secondFactor{}, scope, keys[:1], "")
	}
	if c.OTP == "" {
		return "", nil, &jisr.Error{Code: jisr.EOTPREQUIRED, Field: "otp", Message: "enter the code of your authenticator app (or a recovery code)"}
	}
	if k, w, err := s.backoff(ctx, []tkey{otpKey(name)}, now); err != nil || w > 0 {
		if err != nil {
			return "", nil, err
		}
		return "", nil, s.refused(ctx, who, k, w, now)
	}
	f, otpOK, err := s.checkSecondFactor(ctx, u, c.OTP, now)
	if err != nil {
		return "", nil, err
	}
	if !otpOK {
		return "", nil, s.failed(ctx, who, []tkey{otpKey(name)}, "wrong one-time code", now,
			&jisr.Error{Code: jisr.EUNAUTHORIZED, Field: "otp", Message: "the code is wrong or was already used"})
	}
	return s.startSession(ctx, who, u, f, jisr.ScopeFull, []tkey{keys[0], otpKey(name)}, "")
}

func tooMany(wait time.Duration) string {
	return fmt.Sprintf("too many failed sign-ins; try again in %d seconds", int(max(wait, time.Second).Round(time.Second)/time.Second))
}

// backoff returns the key in back-off and its wait. A back-off whose row
// an administrator has deleted (jisr user unlock) is lifted here.
func (s *Store) backoff(ctx context.Context, keys []tkey, now time.Time) (tkey, time.Duration, error) {
	for {
		k, wait := s.throttle.blocked(keys, now)
		if wait == 0 {
			return k, 0, nil
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM login_locks WHERE kind = ? AND account = ? AND addr = ? AND until > ?`,
			k.kind, k.account, k.addr, now.Unix()).Scan(&n); err != nil {
			return k, 0, internal(err)
		}
		if n > 0 {
			return k, wait, nil
		}
		s.throttle.clear(k)
	}
}

// refused counts an attempt refused by a back-off and writes a summary
// entry at most once per summaryGap for the key.
func (s *Store) refused(ctx context.Context, who jisr.Principal, k tkey, wait time.Duration, now time.Time) error {
	if n := s.throttle.refuse(k, now); n > 0 {
		detail := fmt.Sprintf("throttled: %d attempt(s) refused by the %s back-off (%s) since the last entry; it ends in %ds",
			n, k.kind, lockName(k), int(wait.Round(time.Second)/time.Second))
		if err := s.auditOnly(ctx, who, jisr.ActLoginFailed, who.Username, detail, outcomeDenied); err != nil {
			return err
		}
	}
	return jisr.RateLimited(wait, "%s", tooMany(wait))
}

func lockName(k tkey) string {
	switch k.kind {
	case kindPair:
		return k.account + " from " + k.addr
	case kindAddr:
		return k.addr
	}
	return k.account
}

// failed counts a failure on keys, stores the back-offs it starts, audits
// it, and returns answer.
func (s *Store) failed(ctx context.Context, who jisr.Principal, keys []tkey, reason string, now time.Time, answer error) error {
	locked := s.throttle.fail(keys, now)
	err := s.write(ctx, func(tx *Tx) error {
		if err := saveLocks(tx, locked); err != nil {
			return err
		}
		return tx.audit(who, jisr.ActLoginFailed, who.Username, reason, outcomeDenied)
	})
	if err != nil {
		return err
	}
	return answer
}

func saveLocks(tx *Tx, locked []lockState) error {
	for _, l := range locked {
		if _, err := tx.Exec(`INSERT INTO login_locks (kind, account, addr, fails, until) VALUES (?,?,?,?,?)
			ON CONFLICT (kind, account, addr) DO UPDATE SET fails = excluded.fails, until = excluded.until`,
			l.k.kind, l.k.account, l.k.addr, l.fails, l.until.Unix()); err != nil {
			return jisr.Internal(err)
		}
	}
	if len(locked) > 0 {
		if _, err := tx.Exec(`DELETE FROM login_locks WHERE until < ?`, tx.now.Add(-forgetAfter).Unix()); err != nil {
			return jisr.Internal(err)
		}
	}
	return nil
}

// startSession writes a session (and spends the second factor) in one
// transaction with its audit entry, and clears the keys.
func (s *Store) startSession(ctx context.Context, who jisr.Principal, u signinUser, f secondFactor, scope string, clear []tkey, note string) (string, *jisr.Session, error) {
	raw := make([]byte, 32)
	rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	sess := &jisr.Session{ID: tokenID(token)[:16], UserID: u.id, Addr: who.Addr}
	detail := "session " + sess.ID
	if scope != jisr.ScopeFull {
		detail += " scope=" + scope
	}
	if f.recovery != "" {
		detail += " with a recovery code"
	} else if f.step > 0 {
		detail += " with a one-time code"
	}
	if note != "" {
		detail += "; " + note
	}
	err := s.write(ctx, func(tx *Tx) error {
		if f.step > 0 {
			res, err := tx.Exec(`UPDATE users SET totp_step = ? WHERE id = ? AND totp_step < ?`, f.step, u.id, f.step)
			if err != nil {
				return jisr.Internal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return &jisr.Error{Code: jisr.EUNAUTHORIZED, Field: "otp", Message: "the code is wrong or was already used"}
			}
		}
		if f.recovery != "" {
			res, err := tx.Exec(`UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at IS NULL`, tx.now.Unix(), u.id, f.recovery)
			if err != nil {
				return jisr.Internal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return &jisr.Error{Code: jisr.EUNAUTHORIZED, Field: "otp", Message: "the code is wrong or was already used"}
			}
		}
		sess.CreatedAt, sess.ExpiresAt = tx.now, tx.now.Add(s.SessionTTL)
		if _, err := tx.Exec(`INSERT INTO sessions (id, user_id, created_at, expires_at, addr, scope) VALUES (?,?,?,?,?,?)`,
			tokenID(token), u.id, sess.CreatedAt.Unix(), sess.ExpiresAt.Unix(), who.Addr, scope); err != nil {
			return jisr.Internal(err)
		}
		for _, k := range clear {
			if _, err := tx.Exec(`DELETE FROM login_locks WHERE kind = ? AND account = ? AND addr = ?`, k.kind, k.account, k.addr); err != nil {
				return jisr.Internal(err)
			}
		}
		return tx.audit(who, jisr.ActLogin, who.Username, detail, outcomeOK)
	})
	if err != nil {
		return "", nil, err
	}
	s.throttle.clear(clear...)
	return token, sess, nil
}

// normalizeOTP folds what a person types: spaces and dashes go, letters
// are lower case.
func normalizeOTP(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-':
			return -1
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, code)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// checkSecondFactor checks a TOTP code (a step after the last one used)
// or an unused recovery code of u.
func (s *Store) checkSecondFactor(ctx context.Context, u signinUser, code string, now time.Time) (secondFactor, bool, error) {
	if !u.found || u.sealed == "" || code == "" || len(code) > maxOTPTry {
		return secondFactor{}, false, nil
	}
	code = normalizeOTP(code)
	if len(code) == 6 && isDigits(code) {
		secret, err := s.unseal(u.id, u.sealed)
		if err != nil {
			return secondFactor{}, false, err
		}
		step, ok := totpMatch(secret, code, now, u.step)
		return secondFactor{step: step}, ok, nil
	}
	h := recoveryHash(code)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = ? AND hash = ? AND used_at IS NULL`, u.id, h).Scan(&n); err != nil {
		return secondFactor{}, false, internal(err)
	}
	return secondFactor{recovery: h}, n == 1, nil
}

// totpMatch returns the step whose code is code, among the steps around
// now that come after last.
func totpMatch(secret, code string, now time.Time, last int64) (int64, bool) {
	cur := now.Unix() / totpPeriod
	for step := cur - totpSkew; step <= cur+totpSkew; step++ {
		if step <= last {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(step*totpPeriod, 0), totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step, true
		}
	}
	return 0, false
}

func recoveryHash(code string) string {
	h := sha256.Sum256([]byte("jisr recovery code\x00" + code))
	return hex.EncodeToString(h[:])
}

// sealKey derives the key that seals TOTP secrets from the node key.
func (s *Store) sealKey() ([]byte, error) {
	return hkdf.Key(sha256.New, s.key.Seed(), nil, "jisr totp secret v1", 32)
}

// seal encrypts a TOTP secret of user id with AES-256-GCM.
func (s *Store) seal(id int64, secret string) (string, error) {
	key, err := s.sealKey()
	if err != nil {
		return "", err
	}
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	ct := gcm.Seal(nonce, nonce, []byte(secret), []byte("user:"+strconv.FormatInt(id, 10)))
	return "v1:" + base64.RawStdEncoding.EncodeToString(ct), nil
}

func (s *Store) unseal(id int64, sealed string) (string, error) {
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	key, err2 := s.sealKey()
	if err != nil || err2 != nil || !strings.HasPrefix(sealed, "v1:") {
		return "", jisr.Internal(errors.New("sealed TOTP secret unreadable"))
	}
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	if len(b) < gcm.NonceSize() {
		return "", jisr.Internal(errors.New("sealed TOTP secret too short"))
	}
	pt, err := gcm.Open(nil, b[:gcm.NonceSize()], b[gcm.NonceSize():], []byte("user:"+strconv.FormatInt(id, 10)))
	if err != nil {
		return "", jisr.Internal(fmt.Errorf("open sealed TOTP secret: %w", err))
	}
	return string(pt), nil
}

// AuthenticateEnrol implements jisr.AccountService.
func (s *Store) AuthenticateEnrol(ctx context.Context, token string) (jisr.Principal, *jisr.User, string, error) {
	return s.authenticate(ctx, token)
}

func ownAccount(p jisr.Principal) error {
	if p.UserID == 0 {
		return jisr.Errorf(jisr.EFORBIDDEN, "a second factor belongs to a signed-in user")
	}
	return nil
}

// TwoFactorStatus implements jisr.AccountService.
func (s *Store) TwoFactorStatus(ctx context.Context, p jisr.Principal) (jisr.TwoFactor, error) {
	if err := ownAccount(p); err != nil {
		return jisr.TwoFactor{}, err
	}
	var sealed string
	var left int
	err := s.db.QueryRowContext(ctx, `SELECT totp_secret, (SELECT count(*) FROM recovery_codes WHERE user_id = users.id AND used_at IS NULL) FROM users WHERE id = ?`, p.UserID).Scan(&sealed, &left)
	if err != nil {
		return jisr.TwoFactor{}, internal(err)
	}
	return jisr.TwoFactor{Enrolled: sealed != "", Required: policy.SignInScope(p.Role, false, s.SecondFactorRoles) == jisr.ScopeEnrol, RecoveryLeft: left}, nil
}

// BeginTOTP implements jisr.AccountService. The pending secret is kept
// (sealed) until confirmed; asking again shows the same one.
func (s *Store) BeginTOTP(ctx context.Context, p jisr.Principal) (*jisr.TOTPEnrolment, error) {
	if err := ownAccount(p); err != nil {
		return nil, err
	}
	var active, pending string
	if err := s.db.QueryRowContext(ctx, `SELECT totp_secret, totp_pending FROM users WHERE id = ?`, p.UserID).Scan(&active, &pending); err != nil {
		return nil, internal(err)
	}
	if active != "" {
		return nil, jisr.Errorf(jisr.ECONFLICT, "a second factor is already enrolled; an administrator can reset it")
	}
	opts := totp.GenerateOpts{Issuer: "jisr", AccountName: p.Username, Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
	if pending != "" {
		secret, err := s.unseal(p.UserID, pending)
		if err != nil {
			return nil, err
		}
		raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
		if err != nil {
			return nil, jisr.Internal(err)
		}
		opts.Secret = raw
		key, err := totp.Generate(opts)
		if err != nil {
			return nil, jisr.Internal(err)
		}
		return &jisr.TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}, nil
	}
	key, err := totp.Generate(opts)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	sealed, err := s.seal(p.UserID, key.Secret())
	if err != nil {
		return nil, jisr.Internal(err)
	}
	err = s.write(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(`UPDATE users SET totp_pending = ? WHERE id = ? AND totp_secret = ''`, sealed, p.UserID); err != nil {
			return jisr.Internal(err)
		}
		return tx.audit(p, jisr.ActAdmin, p.Username, "second factor: enrolment started", outcomeOK)
	})
	if err != nil {
		return nil, err
	}
	return &jisr.TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// ConfirmTOTP implements jisr.AccountService.
func (s *Store) ConfirmTOTP(ctx context.Context, p jisr.Principal, code string) ([]string, error) {
	if err := ownAccount(p); err != nil {
		return nil, err
	}
	var active, pending string
	if err := s.db.QueryRowContext(ctx, `SELECT totp_secret, totp_pending FROM users WHERE id = ?`, p.UserID).Scan(&active, &pending); err != nil {
		return nil, internal(err)
	}
	if active != "" {
		return nil, jisr.Errorf(jisr.ECONFLICT, "a second factor is already enrolled")
	}
	if pending == "" {
		return nil, jisr.Invalid("otp", "start the enrolment first")
	}
	now := s.Now()
	k := otpKey(p.Username)
	if _, w, err := s.backoff(ctx, []tkey{k}, now); err != nil || w > 0 {
		if err != nil {
			return nil, err
		}
		return nil, jisr.RateLimited(w, "%s", tooMany(w))
	}
	secret, err := s.unseal(p.UserID, pending)
	if err != nil {
		return nil, err
	}
	code = normalizeOTP(code)
	step, ok := totpMatch(secret, code, now, 0)
	if len(code) != 6 || !ok {
		return nil, s.failed(ctx, p, []tkey{k}, "second factor: wrong code at enrolment", now, jisr.Invalid("otp", "the code is wrong; check the time of your device and try the next code"))
	}
	codes := make([]string, RecoveryCodes)
	for i := range codes {
		codes[i] = newRecoveryCode()
	}
	err = s.write(ctx, func(tx *Tx) error {
		res, err := tx.Exec(`UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_step = ? WHERE id = ? AND totp_pending = ? AND totp_secret = ''`, step, p.UserID, pending)
		if err != nil {
			return jisr.Internal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return jisr.Errorf(jisr.ECONFLICT, "the enrolment changed meanwhile; start again")
		}
		if _, err := tx.Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, p.UserID); err != nil {
			return jisr.Internal(err)
		}
		for _, c := range codes {
			if _, err := tx.Exec(`INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)`, p.UserID, recoveryHash(normalizeOTP(c))); err != nil {
				return jisr.Internal(err)
			}
		}
		if _, err := tx.Exec(`UPDATE sessions SET scope = 'full' WHERE user_id = ? AND scope = 'enrol'`, p.UserID); err != nil {
			return jisr.Internal(err)
		}
		return tx.audit(p, jisr.ActAdmin, p.Username, fmt.Sprintf("second factor: enrolled, %d recovery codes issued", len(codes)), outcomeOK)
	})
	if err != nil {
		return nil, err
	}
	s.throttle.clear(k)
	return codes, nil
}

// newRecoveryCode is 10 random base32 letters and digits (50 bits) as xxxxx-xxxxx.
func newRecoveryCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	c := strings.ToLower(base32.StdEncoding.EncodeToString(b))[:10]
	return c[:5] + "-" + c[5:]
}

// ResetTwoFactor implements jisr.AccountService.
func (s *Store) ResetTwoFactor(ctx context.Context, p jisr.Principal, username string) error {
	username = strings.ToLower(strings.TrimSpace(username))
	err := s.manageUser(ctx, p, policy.UserResetTwoFactor, username, "second factor: reset", "", func(tx *Tx, id int64) error {
		if _, err := tx.Exec(`UPDATE users SET totp_secret = '', totp_pending = '', totp_step = 0 WHERE id = ?`, id); err != nil {
			return jisr.Internal(err)
		}
		if _, err := tx.Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, id); err != nil {
			return jisr.Internal(err)
		}
		_, err := tx.Exec(`DELETE FROM login_locks WHERE kind = ? AND account = ?`, kindOTP, username)
		return internal(err)
	})
	if err == nil {
		s.throttle.clear(otpKey(username))
	}
	return err
}

// LoginLocks implements jisr.AccountService.
func (s *Store) LoginLocks(ctx context.Context, p jisr.Principal) ([]*jisr.LoginLock, error) {
	if err := policy.CanManageLocks(p); err != nil {
		return nil, s.deny(ctx, p, jisr.ActAdmin, "", "list sign-in locks", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, account, addr, fails, until FROM login_locks WHERE until > ? ORDER BY until DESC LIMIT ?`, s.Now().Unix(), jisr.MaxPageLimit)
	if err != nil {
		return nil, internal(err)
	}
	defer rows.Close()
	out := []*jisr.LoginLock{}
	for rows.Next() {
		var l jisr.LoginLock
		var until int64
		if err := rows.Scan(&l.Kind, &l.Account, &l.Addr, &l.Failures, &until); err != nil {
			return nil, internal(err)
		}
		l.Until = time.Unix(until, 0).UTC()
		out = append(out, &l)
	}
	return out, internal(rows.Err())
}

// ClearLoginLocks implements jisr.AccountService.
func (s *Store) ClearLoginLocks(ctx context.Context, p jisr.Principal, account, addr string) (int, error) {
	account = strings.ToLower(strings.TrimSpace(account))
	addr = strings.TrimSpace(addr)
	if account == "" && addr == "" {
		return 0, jisr.Invalid("account", "name an account or an address")
	}
	if account != "" {
		account = boundedName(account)
	}
	if addr != "" {
		addr = addrKey(addr)
	}
	if err := policy.CanManageLocks(p); err != nil {
		return 0, s.deny(ctx, p, jisr.ActAdmin, account+addr, "lift sign-in locks", err)
	}
	var n int64
	err := s.write(ctx, func(tx *Tx) error {
		res, err := tx.Exec(`DELETE FROM login_locks WHERE (? != '' AND account = ?) OR (? != '' AND addr = ?)`, account, account, addr, addr)
		if err != nil {
			return jisr.Internal(err)
		}
		n, _ = res.RowsAffected()
		obj := account
		if obj == "" {
			obj = addr
		} else if addr != "" {
			obj += " " + addr
		}
		return tx.audit(p, jisr.ActAdmin, obj, fmt.Sprintf("lift sign-in locks: %d", n), outcomeOK)
	})
	if err != nil {
		return 0, err
	}
	s.throttle.clearMatching(account, addr)
	return int(n), nil
}

// restoreLocks puts the back-offs in force back into memory (at start).
func (s *Store) restoreLocks(ctx context.Context) error {
	rows, err := s.wdb.QueryContext(ctx, `SELECT kind, account, addr, fails, until FROM login_locks WHERE until > ? ORDER BY until LIMIT ?`, s.Now().Unix(), MaxThrottleKeys)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var l lockState
		var until int64
		if err := rows.Scan(&l.k.kind, &l.k.account, &l.k.addr, &l.fails, &until); err != nil {
			return err
		}
		l.until = time.Unix(until, 0)
		s.throttle.restore(l)
	}
	return rows.Err()
}
