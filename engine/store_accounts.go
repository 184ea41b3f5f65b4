package engine

import (
	"context"
	"time"

	"github.com/jisr-cell/jisr"
)

// The store's part of users, agencies, sessions and sign-in: rows in and
// out, nothing decided. Passwords reach the store only as argon2id hashes,
// session tokens only as their SHA-256 (SessionHash), TOTP secrets only
// sealed and recovery codes only hashed.

// AccountStore is what the engine reads of accounts outside a transaction.
type AccountStore interface {
	// Agencies lists every agency by code.
	Agencies(ctx context.Context) ([]*jisr.Agency, error)
	// Agency returns one agency, ENOTFOUND "no agency CODE" if none.
	Agency(ctx context.Context, code string) (*jisr.Agency, error)
	// UserByName returns a user, ENOTFOUND "no user NAME" if none.
	UserByName(ctx context.Context, username string) (*jisr.User, error)
	// UserPage lists users by id, one page, sealed for p: every agency's
	// when agency is "", else that agency's only.
	UserPage(ctx context.Context, p jisr.Principal, page jisr.Page, agency string) ([]*jisr.User, string, error)
	// OperatorAgency is the agency of the node's first administrator ("" before one).
	OperatorAgency(ctx context.Context) (string, error)
	// SignInUser returns what a sign-in checks of a user; nil if none is
	// called username.
	SignInUser(ctx context.Context, username string) (*SignInUser, error)
	// Session returns the session whose token hash is hash, with its
	// user; nil if none.
	Session(ctx context.Context, hash string) (*SessionRow, error)
	// LoginLockHeld says whether the back-off of l (Kind, Account, Addr)
	// is still stored and ends after now (another process may have lifted it).
	LoginLockHeld(ctx context.Context, l jisr.LoginLock, now time.Time) (bool, error)
	// ActiveLoginLocks lists the back-offs ending after now, latest end
	// first, at most limit.
	ActiveLoginLocks(ctx context.Context, now time.Time, limit int) ([]*jisr.LoginLock, error)
	// SecondFactor returns the second-factor state of user id.
	SecondFactor(ctx context.Context, id int64) (SecondFactorRow, error)
	// RecoveryCodeUnused says whether hash is an unused recovery code of user id.
	RecoveryCodeUnused(ctx context.Context, id int64, hash string) (bool, error)
}

// AccountTx is what the engine reads and writes of accounts in a write
// transaction.
type AccountTx interface {
	// AgencyExists says whether an agency has the code.
	AgencyExists(code string) (bool, error)
	// InsertAgency adds an agency.
	InsertAgency(a *jisr.Agency) error
	// User returns the user called username, nil if none.
	User(username string) (*jisr.User, error)
	// InsertUser adds u (CreatedAt is the transaction's time) with the
	// password hash and returns its id.
	InsertUser(u *jisr.User, passwordHash string) (int64, error)
	// NoteOperatorAgency records agency as the node operator's unless
	// one is recorded already.
	NoteOperatorAgency(agency string) error
	// SetUserDisabled, SetUserPassword and SetUserRole change user id.
	SetUserDisabled(id int64, disabled bool) error
	SetUserPassword(id int64, passwordHash string) error
	SetUserRole(id int64, role jisr.Role) error
	// InsertSession stores a session under its token hash.
	InsertSession(hash string, s *jisr.Session, scope string) error
	// RevokeSession revokes the session of a token hash, RevokeSessions
	// every session of user id.
	RevokeSession(hash string) error
	RevokeSessions(id int64) error
	// UpgradeSessions makes the enrol-only sessions of user id full ones.
	UpgradeSessions(id int64) error
	// SpendTOTPStep records step as the last used by user id, if it comes
	// after the last one; false if it does not.
	SpendTOTPStep(id int64, step int64) (bool, error)
	// SpendRecoveryCode marks an unused recovery code of user id used;
	// false if there is none with that hash.
	SpendRecoveryCode(id int64, hash string) (bool, error)
	// SetTOTPPending keeps a sealed secret of user id until confirmed,
	// unless one is enrolled.
	SetTOTPPending(id int64, sealed string) error
	// ActivateTOTP makes the pending secret (still pending) the enrolled
	// one, step its last used step, and replaces the recovery codes;
	// false if the pending secret changed or one is enrolled.
	ActivateTOTP(id int64, pending string, step int64, recoveryHashes []string) (bool, error)
	// ClearTOTP removes the secret, pending secret and recovery codes of user id.
	ClearTOTP(id int64) error
	// PutLoginLocks stores back-offs (by Kind, Account, Addr) and forgets
	// those that ended before forgetBefore.
	PutLoginLocks(locks []jisr.LoginLock, forgetBefore time.Time) error
	// DeleteLoginLock lifts one back-off; an empty Addr of an "otp" or
	// "account" lock matches that exact key.
	DeleteLoginLock(l jisr.LoginLock) error
	// DeleteLoginLocks lifts every back-off of account (if not "") and of
	// addr (if not ""); it returns how many.
	DeleteLoginLocks(account, addr string) (int, error)
}

// SignInUser is what a sign-in reads of a user.
type SignInUser struct {
	ID           int64
	PasswordHash string
	Agency       string
	Role         jisr.Role
	Disabled     bool
	TOTPSecret   string // sealed; "" without a second factor
	TOTPStep     int64  // last step used
}

// SessionRow is a stored session and its user.
type SessionRow struct {
	User      jisr.User
	ExpiresAt time.Time
	Revoked   bool
	Scope     string
}

// SecondFactorRow is the second-factor state of a user.
type SecondFactorRow struct {
	Secret, Pending string // sealed, "" if none
	RecoveryLeft    int    // unused recovery codes
}
