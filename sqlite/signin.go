package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Sign-in rows: second factors, recovery codes and the back-offs in force
// (login_locks). The decisions and the counting are the engine's.

// SignInUser implements engine.AccountStore.
func (s *Store) SignInUser(ctx context.Context, username string) (*engine.SignInUser, error) {
	var u engine.SignInUser
	var role string
	err := s.db.QueryRowContext(ctx, `SELECT id, password_hash, agency, role, disabled, totp_secret, totp_step FROM users WHERE username = ?`, username).
		Scan(&u.ID, &u.PasswordHash, &u.Agency, &role, &u.Disabled, &u.TOTPSecret, &u.TOTPStep)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, internal(err)
	}
	u.Role = jisr.Role(role)
	return &u, nil
}

// SecondFactor implements engine.AccountStore.
func (s *Store) SecondFactor(ctx context.Context, id int64) (engine.SecondFactorRow, error) {
	var r engine.SecondFactorRow
	err := s.db.QueryRowContext(ctx, `SELECT totp_secret, totp_pending, (SELECT count(*) FROM recovery_codes WHERE user_id = users.id AND used_at IS NULL) FROM users WHERE id = ?`, id).
		Scan(&r.Secret, &r.Pending, &r.RecoveryLeft)
	return r, internal(err)
}

// RecoveryCodeUnused implements engine.AccountStore.
func (s *Store) RecoveryCodeUnused(ctx context.Context, id int64, hash string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = ? AND hash = ? AND used_at IS NULL`, id, hash).Scan(&n)
	return n == 1, internal(err)
}

// SpendTOTPStep implements engine.AccountTx.
func (tx *Tx) SpendTOTPStep(id int64, step int64) (bool, error) {
	res, err := tx.Exec(`UPDATE users SET totp_step = ? WHERE id = ? AND totp_step < ?`, step, id, step)
	if err != nil {
		return false, internal(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SpendRecoveryCode implements engine.AccountTx.
func (tx *Tx) SpendRecoveryCode(id int64, hash string) (bool, error) {
	res, err := tx.Exec(`UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at IS NULL`, tx.now.Unix(), id, hash)
	if err != nil {
		return false, internal(err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SetTOTPPending implements engine.AccountTx.
func (tx *Tx) SetTOTPPending(id int64, sealed string) error {
	_, err := tx.Exec(`UPDATE users SET totp_pending = ? WHERE id = ? AND totp_secret = ''`, sealed, id)
	return internal(err)
}

// ActivateTOTP implements engine.AccountTx.
func (tx *Tx) ActivateTOTP(id int64, pending string, step int64, recoveryHashes []string) (bool, error) {
	res, err := tx.Exec(`UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_step = ? WHERE id = ? AND totp_pending = ? AND totp_secret = ''`, step, id, pending)
	if err != nil {
		return false, internal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return false, nil
	}
	if _, err := tx.Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, id); err != nil {
		return false, internal(err)
	}
	for _, h := range recoveryHashes {
		if _, err := tx.Exec(`INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)`, id, h); err != nil {
			return false, internal(err)
		}
	}
	return true, nil
}

// ClearTOTP implements engine.AccountTx.
func (tx *Tx) ClearTOTP(id int64) error {
	if _, err := tx.Exec(`UPDATE users SET totp_secret = '', totp_pending = '', totp_step = 0 WHERE id = ?`, id); err != nil {
		return internal(err)
	}
	_, err := tx.Exec(`DELETE FROM recovery_codes WHERE user_id = ?`, id)
	return internal(err)
}

// LoginLockHeld implements engine.AccountStore.
func (s *Store) LoginLockHeld(ctx context.Context, l jisr.LoginLock, now time.Time) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM login_locks WHERE kind = ? AND account = ? AND addr = ? AND until > ?`,
		l.Kind, l.Account, l.Addr, now.Unix()).Scan(&n)
	return n > 0, internal(err)
}

// ActiveLoginLocks implements engine.AccountStore.
func (s *Store) ActiveLoginLocks(ctx context.Context, now time.Time, limit int) ([]*jisr.LoginLock, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, account, addr, fails, until FROM login_locks WHERE until > ? ORDER BY until DESC LIMIT ?`, now.Unix(), limit)
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

// PutLoginLocks implements engine.AccountTx.
func (tx *Tx) PutLoginLocks(locks []jisr.LoginLock, forgetBefore time.Time) error {
	for _, l := range locks {
		if _, err := tx.Exec(`INSERT INTO login_locks (kind, account, addr, fails, until) VALUES (?,?,?,?,?)
			ON CONFLICT (kind, account, addr) DO UPDATE SET fails = excluded.fails, until = excluded.until`,
			l.Kind, l.Account, l.Addr, l.Failures, l.Until.Unix()); err != nil {
			return internal(err)
		}
	}
	_, err := tx.Exec(`DELETE FROM login_locks WHERE until < ?`, forgetBefore.Unix())
	return internal(err)
}

// DeleteLoginLock implements engine.AccountTx.
func (tx *Tx) DeleteLoginLock(l jisr.LoginLock) error {
	_, err := tx.Exec(`DELETE FROM login_locks WHERE kind = ? AND account = ? AND addr = ?`, l.Kind, l.Account, l.Addr)
	return internal(err)
}

// DeleteLoginLocks implements engine.AccountTx.
func (tx *Tx) DeleteLoginLocks(account, addr string) (int, error) {
	res, err := tx.Exec(`DELETE FROM login_locks WHERE (? != '' AND account = ?) OR (? != '' AND addr = ?)`, account, account, addr, addr)
	if err != nil {
		return 0, internal(err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
