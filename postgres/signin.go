package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/engine"
)

// Sign-in rows: second factors, recovery codes and the back-offs in force
// (login_locks, shared by every process on the database). The decisions
// and the counting are the engine's.

// SignInUser implements engine.AccountStore.
func (s *Store) SignInUser(ctx context.Context, username string) (*engine.SignInUser, error) {
	var u engine.SignInUser
	var role string
	err := s.pool.QueryRow(ctx, `SELECT id, password_hash, agency, role, disabled, totp_secret, totp_step FROM users WHERE username = $1`, username).
		Scan(&u.ID, &u.PasswordHash, &u.Agency, &role, &u.Disabled, &u.TOTPSecret, &u.TOTPStep)
	if errors.Is(err, pgx.ErrNoRows) {
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
	err := s.pool.QueryRow(ctx, `SELECT totp_secret, totp_pending, (SELECT count(*) FROM recovery_codes WHERE user_id = users.id AND used_at IS NULL) FROM users WHERE id = $1`, id).
		Scan(&r.Secret, &r.Pending, &r.RecoveryLeft)
	return r, internal(err)
}

// RecoveryCodeUnused implements engine.AccountStore.
func (s *Store) RecoveryCodeUnused(ctx context.Context, id int64, hash string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM recovery_codes WHERE user_id = $1 AND hash = $2 AND used_at IS NULL)`, id, hash).Scan(&ok)
	return ok, internal(err)
}

// SpendTOTPStep implements engine.AccountTx.
func (tx *Tx) SpendTOTPStep(id int64, step int64) (bool, error) {
	res, err := tx.exec(`UPDATE users SET totp_step = $1 WHERE id = $2 AND totp_step < $1`, step, id)
	if err != nil {
		return false, internal(err)
	}
	return res.RowsAffected() == 1, nil
}

// SpendRecoveryCode implements engine.AccountTx.
func (tx *Tx) SpendRecoveryCode(id int64, hash string) (bool, error) {
	res, err := tx.exec(`UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND hash = $3 AND used_at IS NULL`, tx.now.Unix(), id, hash)
	if err != nil {
		return false, internal(err)
	}
	return res.RowsAffected() == 1, nil
}

// SetTOTPPending implements engine.AccountTx.
func (tx *Tx) SetTOTPPending(id int64, sealed string) error {
	_, err := tx.exec(`UPDATE users SET totp_pending = $1 WHERE id = $2 AND totp_secret = ''`, sealed, id)
	return internal(err)
}

// ActivateTOTP implements engine.AccountTx.
func (tx *Tx) ActivateTOTP(id int64, pending string, step int64, recoveryHashes []string) (bool, error) {
	res, err := tx.exec(`UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_step = $1 WHERE id = $2 AND totp_pending = $3 AND totp_secret = ''`, step, id, pending)
	if err != nil {
		return false, internal(err)
	}
	if res.RowsAffected() != 1 {
		return false, nil
	}
	if _, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = $1`, id); err != nil {
		return false, internal(err)
	}
	if len(recoveryHashes) > 0 {
		if _, err := tx.exec(`INSERT INTO recovery_codes (user_id, hash) SELECT $1, unnest($2::text[])`, id, recoveryHashes); err != nil {
			return false, internal(err)
		}
	}
	return true, nil
}

// ClearTOTP implements engine.AccountTx.
func (tx *Tx) ClearTOTP(id int64) error {
	if _, err := tx.exec(`UPDATE users SET totp_secret = '', totp_pending = '', totp_step = 0 WHERE id = $1`, id); err != nil {
		return internal(err)
	}
	_, err := tx.exec(`DELETE FROM recovery_codes WHERE user_id = $1`, id)
	return internal(err)
}

// LoginLockHeld implements engine.AccountStore.
func (s *Store) LoginLockHeld(ctx context.Context, l jisr.LoginLock, now time.Time) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM login_locks WHERE kind = $1 AND account = $2 AND addr = $3 AND until > $4)`,
		l.Kind, l.Account, l.Addr, now.Unix()).Scan(&ok)
	return ok, internal(err)
}

// ActiveLoginLocks implements engine.AccountStore.
func (s *Store) ActiveLoginLocks(ctx context.Context, now time.Time, limit int) ([]*jisr.LoginLock, error) {
	rows, err := s.pool.Query(ctx, `SELECT kind, account, addr, fails, until FROM login_locks WHERE until > $1 ORDER BY until DESC LIMIT $2`, now.Unix(), limit)
	out, err := collect(rows, err, func(r pgx.Rows) (*jisr.LoginLock, error) {
		var l jisr.LoginLock
		var until int64
		if err := r.Scan(&l.Kind, &l.Account, &l.Addr, &l.Failures, &until); err != nil {
			return nil, err
		}
		l.Until = time.Unix(until, 0).UTC()
		return &l, nil
	})
	if out == nil && err == nil {
		out = []*jisr.LoginLock{}
	}
	return out, err
}

// PutLoginLocks implements engine.AccountTx.
func (tx *Tx) PutLoginLocks(locks []jisr.LoginLock, forgetBefore time.Time) error {
	for _, l := range locks {
		if _, err := tx.exec(`INSERT INTO login_locks (kind, account, addr, fails, until) VALUES ($1,$2,$3,$4,$5)
			ON CONFLICT (kind, account, addr) DO UPDATE SET fails = excluded.fails, until = excluded.until`,
			l.Kind, l.Account, l.Addr, l.Failures, l.Until.Unix()); err != nil {
			return internal(err)
		}
	}
	if len(locks) > 0 {
		tx.peer = append(tx.peer, peerRow{locks: locks})
	}
	_, err := tx.exec(`DELETE FROM login_locks WHERE until < $1`, forgetBefore.Unix())
	return internal(err)
}

// DeleteLoginLock implements engine.AccountTx.
func (tx *Tx) DeleteLoginLock(l jisr.LoginLock) error {
	_, err := tx.exec(`DELETE FROM login_locks WHERE kind = $1 AND account = $2 AND addr = $3`, l.Kind, l.Account, l.Addr)
	return internal(err)
}

// DeleteLoginLocks implements engine.AccountTx.
func (tx *Tx) DeleteLoginLocks(account, addr string) (int, error) {
	res, err := tx.exec(`DELETE FROM login_locks WHERE ($1::text <> '' AND account = $1) OR ($2::text <> '' AND addr = $2)`, account, addr)
	if err != nil {
		return 0, internal(err)
	}
	return int(res.RowsAffected()), nil
}
