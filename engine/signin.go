package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Sign-in (jisr.AccountService): password, second factor, back-offs.
// The decisions are the policy's (SignInScope, PassesLock,
// CanManageLocks); the counting is throttle's; a failure's back-offs are
// stored in the transaction of its audit entry, a success's session with
// its entry and the second factor it spends.

// Login implements jisr.UserService: SignIn without a one-time code.
func (e *Engine) Login(ctx context.Context, username, password, addr string) (string, *jisr.Session, error) {
	return e.SignIn(ctx, jisr.Credentials{Username: username, Password: password, Addr: addr})
}

// signinUser is what a sign-in knows of the user it names: found is false
// for a name no user has (then the dummy hash is checked all the same).
type signinUser struct {
	SignInUser
	found bool
}

func (e *Engine) signinUser(ctx context.Context, name string) (signinUser, error) {
	none := signinUser{SignInUser: SignInUser{PasswordHash: dummyHash}}
	if !reUsername.MatchString(name) {
		return none, nil
	}
	u, err := e.st.SignInUser(ctx, name)
	if err != nil || u == nil {
		return none, err
	}
	return signinUser{SignInUser: *u, found: true}, nil
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
func (e *Engine) SignIn(ctx context.Context, c jisr.Credentials) (string, *jisr.Session, error) {
	now := e.now()
	name := boundedName(strings.ToLower(strings.TrimSpace(c.Username)))
	addr := boundedAddr(c.Addr)
	who := jisr.Principal{Username: name, Addr: addr}
	keys := signinKeys(name, addr)
	lock, wait, err := e.backoff(ctx, keys, now)
	if err != nil {
		return "", nil, err
	}
	// Under a back-off nothing is checked unless a second factor comes
	// with the password; then only both together pass (policy.PassesLock).
	if wait > 0 && c.OTP == "" {
		return "", nil, e.refused(ctx, who, lock, wait, now)
	}
	if wait > 0 {
		if k, w, err := e.backoff(ctx, []tkey{otpKey(name)}, now); err != nil || w > 0 {
			if err != nil {
				return "", nil, err
			}
			return "", nil, e.refused(ctx, who, k, w, now)
		}
	}
	u, err := e.signinUser(ctx, name)
	if err != nil {
		return "", nil, err
	}
	who.Agency = u.Agency
	pwOK := len(c.Password) <= maxPasswordTry && checkPassword(u.PasswordHash, c.Password) && u.found && !u.Disabled
	if wait > 0 {
		f, otpOK, err := e.checkSecondFactor(ctx, u, c.OTP, now)
		if err != nil {
			return "", nil, err
		}
		if !policy.PassesLock(pwOK, otpOK) {
			if pwOK && u.TOTPSecret != "" {
				// The password is known to whoever sent this: count the
				// wrong code, so that codes cannot be tried at will.
				return "", nil, e.failed(ctx, who, []tkey{otpKey(name)}, "wrong one-time code during back-off", now, jisr.RateLimited(wait, "%s", tooMany(wait)))
			}
			return "", nil, e.refused(ctx, who, lock, wait, now)
		}
		return e.startSession(ctx, who, u, f, jisr.ScopeFull, append(keys[:2:2], otpKey(name)), "passed the "+lock.kind+" back-off with a second factor")
	}
	if !pwOK {
		reason := "bad credentials"
		if u.Disabled {
			reason = "account disabled"
		}
		return "", nil, e.failed(ctx, who, keys, reason, now, jisr.Errorf(jisr.EUNAUTHORIZED, "wrong user name or password"))
	}
	if u.TOTPSecret == "" {
		scope := policy.SignInScope(u.Role, false, e.secondFactorRoles())
		return e.startSession(ctx, who, u, secondFactor{}, scope, keys[:1], "")
	}
	if c.OTP == "" {
		return "", nil, &jisr.Error{Code: jisr.EOTPREQUIRED, Field: "otp", Message: "enter the code of your authenticator app (or a recovery code)"}
	}
	if k, w, err := e.backoff(ctx, []tkey{otpKey(name)}, now); err != nil || w > 0 {
		if err != nil {
			return "", nil, err
		}
		return "", nil, e.refused(ctx, who, k, w, now)
	}
	f, otpOK, err := e.checkSecondFactor(ctx, u, c.OTP, now)
	if err != nil {
		return "", nil, err
	}
	if !otpOK {
		return "", nil, e.failed(ctx, who, []tkey{otpKey(name)}, "wrong one-time code", now,
			&jisr.Error{Code: jisr.EUNAUTHORIZED, Field: "otp", Message: "the code is wrong or was already used"})
	}
	return e.startSession(ctx, who, u, f, jisr.ScopeFull, []tkey{keys[0], otpKey(name)}, "")
}

func tooMany(wait time.Duration) string {
	return fmt.Sprintf("too many failed sign-ins; try again in %d seconds", int(max(wait, time.Second).Round(time.Second)/time.Second))
}

// throttle returns the sign-in throttle, restored at first use from the
// back-offs the store keeps (they survive restarts).
func (e *Engine) throttle(ctx context.Context) (*throttle, error) {
	e.acc.throttleMu.Lock()
	defer e.acc.throttleMu.Unlock()
	if e.acc.throttle != nil {
		return e.acc.throttle, nil
	}
	locks, err := e.st.ActiveLoginLocks(ctx, e.now(), MaxThrottleKeys)
	if err != nil {
		return nil, fmt.Errorf("sign-in locks: %w", err)
	}
	t := newThrottle()
	// Latest end last: it is the most recently touched.
	for _, l := range slices.Backward(locks) {
		t.restore(lockState{k: tkey{l.Kind, l.Account, l.Addr}, fails: l.Failures, until: l.Until})
	}
	e.acc.throttle = t
	return t, nil
}

// backoff returns the key in back-off and its wait. A back-off whose row
// an administrator has deleted (jisr user unlock) is lifted here.
func (e *Engine) backoff(ctx context.Context, keys []tkey, now time.Time) (tkey, time.Duration, error) {
	th, err := e.throttle(ctx)
	if err != nil {
		return tkey{}, 0, err
	}
	for {
		k, wait := th.blocked(keys, now)
		if wait == 0 {
			return k, 0, nil
		}
		held, err := e.st.LoginLockHeld(ctx, k.lock(), now)
		if err != nil {
			return k, 0, err
		}
		if held {
			return k, wait, nil
		}
		th.clear(k)
	}
}

// refused counts an attempt refused by a back-off and writes a summary
// entry at most once per summaryGap for the key.
func (e *Engine) refused(ctx context.Context, who jisr.Principal, k tkey, wait time.Duration, now time.Time) error {
	th, err := e.throttle(ctx)
	if err != nil {
		return err
	}
	if n := th.refuse(k, now); n > 0 {
		detail := fmt.Sprintf("throttled: %d attempt(s) refused by the %s back-off (%s) since the last entry; it ends in %ds",
			n, k.kind, lockName(k), int(wait.Round(time.Second)/time.Second))
		if err := e.auditOnly(ctx, who, jisr.ActLoginFailed, who.Username, detail, OutcomeDenied); err != nil {
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

// failed counts a failure on keys, stores the back-offs it starts in the
// transaction of its audit entry, and returns answer.
func (e *Engine) failed(ctx context.Context, who jisr.Principal, keys []tkey, reason string, now time.Time, answer error) error {
	th, err := e.throttle(ctx)
	if err != nil {
		return err
	}
	locked := th.fail(keys, now)
	rows := make([]jisr.LoginLock, len(locked))
	for i, l := range locked {
		rows[i] = l.row()
	}
	err = e.st.Write(ctx, func(tx Tx) error {
		if len(rows) > 0 {
			if err := tx.PutLoginLocks(rows, tx.Now().Add(-forgetAfter)); err != nil {
				return err
			}
		}
		return tx.Audit(who, jisr.ActLoginFailed, who.Username, reason, OutcomeDenied)
	})
	if err != nil {
		return err
	}
	return answer
}

// startSession writes a session (and spends the second factor) in one
// transaction with its audit entry, and clears the keys.
func (e *Engine) startSession(ctx context.Context, who jisr.Principal, u signinUser, f secondFactor, scope string, clear []tkey, note string) (string, *jisr.Session, error) {
	token := newSessionToken()
	hash := SessionHash(token)
	sess := &jisr.Session{ID: hash[:16], UserID: u.ID, Addr: who.Addr}
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
	used := &jisr.Error{Code: jisr.EUNAUTHORIZED, Field: "otp", Message: "the code is wrong or was already used"}
	err := e.st.Write(ctx, func(tx Tx) error {
		if f.step > 0 {
			if ok, err := tx.SpendTOTPStep(u.ID, f.step); err != nil || !ok {
				return orRefusal(err, used)
			}
		}
		if f.recovery != "" {
			if ok, err := tx.SpendRecoveryCode(u.ID, f.recovery); err != nil || !ok {
				return orRefusal(err, used)
			}
		}
		sess.CreatedAt, sess.ExpiresAt = tx.Now(), tx.Now().Add(e.sessionTTL())
		if err := tx.InsertSession(hash, sess, scope); err != nil {
			return err
		}
		for _, k := range clear {
			if err := tx.DeleteLoginLock(k.lock()); err != nil {
				return err
			}
		}
		return tx.Audit(who, jisr.ActLogin, who.Username, detail, OutcomeOK)
	})
	if err != nil {
		return "", nil, err
	}
	if th, err := e.throttle(ctx); err == nil {
		th.clear(clear...)
	}
	return token, sess, nil
}

// orRefusal returns err, or else refusal.
func orRefusal(err, refusal error) error {
	if err != nil {
		return err
	}
	return refusal
}

// checkSecondFactor checks a TOTP code (a step after the last one used)
// or an unused recovery code of u.
func (e *Engine) checkSecondFactor(ctx context.Context, u signinUser, code string, now time.Time) (secondFactor, bool, error) {
	if !u.found || u.TOTPSecret == "" || code == "" || len(code) > maxOTPTry {
		return secondFactor{}, false, nil
	}
	code = normalizeOTP(code)
	if len(code) == 6 && isDigits(code) {
		secret, err := e.unseal(u.ID, u.TOTPSecret)
		if err != nil {
			return secondFactor{}, false, err
		}
		step, ok := totpMatch(secret, code, now, u.TOTPStep)
		return secondFactor{step: step}, ok, nil
	}
	h := recoveryHash(code)
	ok, err := e.st.RecoveryCodeUnused(ctx, u.ID, h)
	if err != nil {
		return secondFactor{}, false, err
	}
	return secondFactor{recovery: h}, ok, nil
}

func (e *Engine) unseal(id int64, sealed string) (string, error) {
	s, err := e.totpSealer()
	if err != nil {
		return "", err
	}
	return s.unseal(id, sealed)
}

func ownAccount(p jisr.Principal) error {
	if p.UserID == 0 {
		return jisr.Refused(jisr.EFORBIDDEN, "f_second_factor")
	}
	return nil
}

// TwoFactorStatus implements jisr.AccountService.
func (e *Engine) TwoFactorStatus(ctx context.Context, p jisr.Principal) (jisr.TwoFactor, error) {
	if err := ownAccount(p); err != nil {
		return jisr.TwoFactor{}, err
	}
	st, err := e.st.SecondFactor(ctx, p.UserID)
	if err != nil {
		return jisr.TwoFactor{}, err
	}
	required := policy.SignInScope(p.Role, false, e.secondFactorRoles()) == jisr.ScopeEnrol
	return jisr.TwoFactor{Enrolled: st.Secret != "", Required: required, RecoveryLeft: st.RecoveryLeft}, nil
}

// BeginTOTP implements jisr.AccountService. The pending secret is kept
// (sealed) until confirmed; asking again shows the same one.
func (e *Engine) BeginTOTP(ctx context.Context, p jisr.Principal) (*jisr.TOTPEnrolment, error) {
	if err := ownAccount(p); err != nil {
		return nil, err
	}
	st, err := e.st.SecondFactor(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if st.Secret != "" {
		return nil, jisr.Refused(jisr.ECONFLICT, "c_otp_enrolled_admin")
	}
	if st.Pending != "" {
		secret, err := e.unseal(p.UserID, st.Pending)
		if err != nil {
			return nil, err
		}
		return totpEnrolment(p.Username, secret)
	}
	en, err := newTOTP(p.Username)
	if err != nil {
		return nil, err
	}
	sealer, err := e.totpSealer()
	if err != nil {
		return nil, err
	}
	sealed, err := sealer.seal(p.UserID, en.Secret)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	err = e.st.Write(ctx, func(tx Tx) error {
		if err := tx.SetTOTPPending(p.UserID, sealed); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActAdmin, p.Username, "second factor: enrolment started", OutcomeOK)
	})
	if err != nil {
		return nil, err
	}
	return en, nil
}

// ConfirmTOTP implements jisr.AccountService.
func (e *Engine) ConfirmTOTP(ctx context.Context, p jisr.Principal, code string) ([]string, error) {
	if err := ownAccount(p); err != nil {
		return nil, err
	}
	st, err := e.st.SecondFactor(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	if st.Secret != "" {
		return nil, jisr.Refused(jisr.ECONFLICT, "c_otp_enrolled")
	}
	if st.Pending == "" {
		return nil, jisr.Because("otp", "otp_start")
	}
	now := e.now()
	k := otpKey(p.Username)
	if _, w, err := e.backoff(ctx, []tkey{k}, now); err != nil || w > 0 {
		if err != nil {
			return nil, err
		}
		return nil, jisr.RateLimited(w, "%s", tooMany(w))
	}
	secret, err := e.unseal(p.UserID, st.Pending)
	if err != nil {
		return nil, err
	}
	code = normalizeOTP(code)
	step, ok := totpMatch(secret, code, now, 0)
	if len(code) != 6 || !ok {
		return nil, e.failed(ctx, p, []tkey{k}, "second factor: wrong code at enrolment", now, jisr.Because("otp", "otp_wrong"))
	}
	codes := make([]string, RecoveryCodes)
	hashes := make([]string, RecoveryCodes)
	for i := range codes {
		codes[i] = newRecoveryCode()
		hashes[i] = recoveryHash(normalizeOTP(codes[i]))
	}
	err = e.st.Write(ctx, func(tx Tx) error {
		ok, err := tx.ActivateTOTP(p.UserID, st.Pending, step, hashes)
		if err != nil {
			return err
		}
		if !ok {
			return jisr.Refused(jisr.ECONFLICT, "c_otp_changed")
		}
		if err := tx.UpgradeSessions(p.UserID); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActAdmin, p.Username, fmt.Sprintf("second factor: enrolled, %d recovery codes issued", len(codes)), OutcomeOK)
	})
	if err != nil {
		return nil, err
	}
	if th, err := e.throttle(ctx); err == nil {
		th.clear(k)
	}
	return codes, nil
}

// ResetTwoFactor implements jisr.AccountService.
func (e *Engine) ResetTwoFactor(ctx context.Context, p jisr.Principal, username string) error {
	username = strings.ToLower(strings.TrimSpace(username))
	err := e.manageUser(ctx, p, policy.UserResetTwoFactor, username, "second factor: reset", "", func(tx Tx, id int64) error {
		if err := tx.ClearTOTP(id); err != nil {
			return err
		}
		return tx.DeleteLoginLock(otpKey(username).lock())
	})
	if err == nil {
		if th, err := e.throttle(ctx); err == nil {
			th.clear(otpKey(username))
		}
	}
	return err
}

// LoginLocks implements jisr.AccountService.
func (e *Engine) LoginLocks(ctx context.Context, p jisr.Principal) ([]*jisr.LoginLock, error) {
	if err := policy.CanManageLocks(p); err != nil {
		return nil, e.deny(ctx, p, jisr.ActAdmin, "", "list sign-in locks", err)
	}
	out, err := e.st.ActiveLoginLocks(ctx, e.now(), jisr.MaxPageLimit)
	if out == nil && err == nil {
		out = []*jisr.LoginLock{}
	}
	return out, err
}

// ClearLoginLocks implements jisr.AccountService.
func (e *Engine) ClearLoginLocks(ctx context.Context, p jisr.Principal, account, addr string) (int, error) {
	account = strings.ToLower(strings.TrimSpace(account))
	addr = strings.TrimSpace(addr)
	if account == "" && addr == "" {
		return 0, jisr.Because("account", "account_or_address")
	}
	if account != "" {
		account = boundedName(account)
	}
	if addr != "" {
		addr = addrKey(addr)
	}
	if err := policy.CanManageLocks(p); err != nil {
		return 0, e.deny(ctx, p, jisr.ActAdmin, account+addr, "lift sign-in locks", err)
	}
	var n int
	err := e.st.Write(ctx, func(tx Tx) error {
		var err error
		if n, err = tx.DeleteLoginLocks(account, addr); err != nil {
			return err
		}
		obj := account
		if obj == "" {
			obj = addr
		} else if addr != "" {
			obj += " " + addr
		}
		return tx.Audit(p, jisr.ActAdmin, obj, fmt.Sprintf("lift sign-in locks: %d", n), OutcomeOK)
	})
	if err != nil {
		return 0, err
	}
	if th, err := e.throttle(ctx); err == nil {
		th.clearMatching(account, addr)
	}
	return n, nil
}
