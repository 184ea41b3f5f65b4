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
}
