package jisr

import (
	"context"
	"time"
)

// Credentials are what a person presents to sign in. OTP is the six-digit
// code of their authenticator app, or one of their recovery codes; it is
// needed only when the account has a second factor.
type Credentials struct {
	Username string
	Password string
	OTP      string
	Addr     string // client address, for throttling and the audit trail
}

// Session scopes.
const (
	ScopeFull  = "full"  // an ordinary session
	ScopeEnrol = "enrol" // may only enrol a second factor (role requires one, none enrolled)
)

// LoginLock is a back-off in force against sign-in attempts.
type LoginLock struct {
	// Kind is "pair" (one account from one address), "account" (one account
	// from anywhere), "address" (every account from one address or IPv6 /64)
	// or "otp" (one-time codes of one account).
	Kind     string    `json:"kind"`
	Account  string    `json:"account,omitempty"`
	Addr     string    `json:"addr,omitempty"`
	Failures int       `json:"failures"`
	Until    time.Time `json:"until"`
}

// TwoFactor is the second-factor state of the caller's account.
type TwoFactor struct {
	Enrolled     bool `json:"enrolled"`
	Required     bool `json:"required"`      // the node requires it for the user's role
	RecoveryLeft int  `json:"recovery_left"` // unused recovery codes
}

// TOTPEnrolment is a new, not yet confirmed, authenticator secret. It is
// shown once, to its owner, and never again after confirmation.
type TOTPEnrolment struct {
	Secret string `json:"secret"` // base32, for typing into an app
	URI    string `json:"uri"`    // otpauth:// URI, for the QR code
}

// AccountService is sign-in with a second factor, enrolment, and the
// administration of sign-in locks.
type AccountService interface {
	// SignIn checks the credentials and returns a session token.
	// EUNAUTHORIZED on failure (the same whether the user exists or not),
	// EOTPREQUIRED when the password is right and a code is needed,
	// ERATELIMIT (with RetryAfter) while a back-off is in force. A user
	// whose role requires a second factor and who has none gets a session
	// of ScopeEnrol. Audited either way.
	SignIn(ctx context.Context, c Credentials) (token string, s *Session, err error)
	// AuthenticateEnrol resolves a token of either scope; the scope is returned.
	AuthenticateEnrol(ctx context.Context, token string) (Principal, *User, string, error)
	// TwoFactorStatus says whether the caller has a second factor.
	TwoFactorStatus(ctx context.Context, p Principal) (TwoFactor, error)
	// BeginTOTP makes a new secret for the caller, kept until confirmed;
	// ECONFLICT if one is already enrolled.
	BeginTOTP(ctx context.Context, p Principal) (*TOTPEnrolment, error)
	// ConfirmTOTP checks a code of the pending secret, enrols it, upgrades
	// the caller's enrol-only sessions and returns recovery codes (shown once).
	ConfirmTOTP(ctx context.Context, p Principal, code string) ([]string, error)
	// ResetTwoFactor removes a user's second factor and recovery codes and
	// revokes their sessions (administrators, and supervisors for their agency).
	ResetTwoFactor(ctx context.Context, p Principal, username string) error
	// LoginLocks lists the back-offs in force (administrators).
	LoginLocks(ctx context.Context, p Principal) ([]*LoginLock, error)
	// ClearLoginLocks lifts the back-offs of an account (every kind) or of
	// an address; it returns how many were lifted (administrators).
	ClearLoginLocks(ctx context.Context, p Principal, account, addr string) (int, error)
}
