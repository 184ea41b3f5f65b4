package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// Legacy is what the engine still forwards to the store while the rules
// move out of package sqlite (issue 10). It is TEMPORARY: each move defines
// the method on *Engine and deletes its line here (and the store's method);
// when it is empty, it goes. *sqlite.Store satisfies it today.
//
// The lines are grouped by the helper that moves them.
type Legacy interface {
	// records, release, import/export, stats, graph (engine lead)
	CreateRecord(ctx context.Context, p jisr.Principal, r *jisr.Record) error
	UpdateRecord(ctx context.Context, p jisr.Principal, r *jisr.Record) error
	SetReleasability(ctx context.Context, p jisr.Principal, id string, rel jisr.Releasability) error
	RequestRelease(ctx context.Context, p jisr.Principal, rr *jisr.ReleaseRequest) error
	AnswerRelease(ctx context.Context, p jisr.Principal, id int64, accept bool, answer string) error
	ImportRecords(ctx context.Context, p jisr.Principal, next func() (*jisr.ImportItem, error), opt jisr.ImportOptions) (*jisr.ImportReport, error)

	// users, agencies, sign-in (helper accounts)
	CreateAgency(ctx context.Context, p jisr.Principal, a *jisr.Agency) error
	Agencies(ctx context.Context) ([]*jisr.Agency, error)
	Agency(ctx context.Context, code string) (*jisr.Agency, error)
	CreateUser(ctx context.Context, p jisr.Principal, u *jisr.User, password string) error
	Users(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.User, string, error)
	UserByName(ctx context.Context, username string) (*jisr.User, error)
	SetDisabled(ctx context.Context, p jisr.Principal, username string, disabled bool) error
	ResetPassword(ctx context.Context, p jisr.Principal, username, password string) error
	SetRole(ctx context.Context, p jisr.Principal, username string, role jisr.Role) error
	Login(ctx context.Context, username, password, addr string) (token string, s *jisr.Session, err error)
	Authenticate(ctx context.Context, token string) (jisr.Principal, *jisr.User, error)
	Logout(ctx context.Context, p jisr.Principal, token string) error
	SignIn(ctx context.Context, c jisr.Credentials) (token string, s *jisr.Session, err error)
	AuthenticateEnrol(ctx context.Context, token string) (jisr.Principal, *jisr.User, string, error)
	TwoFactorStatus(ctx context.Context, p jisr.Principal) (jisr.TwoFactor, error)
	BeginTOTP(ctx context.Context, p jisr.Principal) (*jisr.TOTPEnrolment, error)
	ConfirmTOTP(ctx context.Context, p jisr.Principal, code string) ([]string, error)
	ResetTwoFactor(ctx context.Context, p jisr.Principal, username string) error
	LoginLocks(ctx context.Context, p jisr.Principal) ([]*jisr.LoginLock, error)
	ClearLoginLocks(ctx context.Context, p jisr.Principal, account, addr string) (int, error)
}
