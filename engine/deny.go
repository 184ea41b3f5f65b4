package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// OutcomeFailed is the outcome of an action that failed (an import).
const OutcomeFailed = "failed"

// auditOnly writes one audit entry in its own transaction (for actions
// that change nothing else, such as reads). If it fails, the caller must
// fail the action.
func (e *Engine) auditOnly(ctx context.Context, p jisr.Principal, action, object, detail, outcome string) error {
	return e.st.Write(ctx, func(tx Tx) error { return tx.Audit(p, action, object, detail, outcome) })
}

// deny records a refused action and returns the refusal, or the error of
// the audit write if the entry could not be written: no action is refused
// without a trace, and a trail that cannot be written fails the request.
func (e *Engine) deny(ctx context.Context, p jisr.Principal, action, object, detail string, refusal error) error {
	if err := e.auditOnly(ctx, p, action, object, detail, OutcomeDenied); err != nil {
		return err
	}
	return refusal
}
