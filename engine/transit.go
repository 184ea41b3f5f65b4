package engine

import (
	"context"
	"fmt"

	"github.com/jisr-cell/jisr"
)

// transition is one change of state of a workflow item (a blind hit, a
// release request), checked and made in ONE write transaction. The single
// writer runs concurrent transitions one after the other and each reads
// the state it changes, so two answers to the same item cannot both pass:
// the second finds the item answered and gets ECONFLICT.
//
// The checks run in this order, so that nothing about an item leaks to a
// caller who may not see it:
//  1. find reads the item inside the transaction as p may see it. An item p
//     may not see is ENOTFOUND, with the same message as an absent one,
//     whatever p's role.
//  2. may asks the policy whether p may act on it (EFORBIDDEN).
//  3. its state must be from (else ECONFLICT).
//
// Then apply changes it (and bumps the item's version, if it has one). A
// refusal is audited as denied (its code in the detail) and changes
// nothing else; a change is audited with apply's detail, in the same
// transaction.
//
// transit is THE one way to change the state of anything that has states
// (release requests, hit answers, and the requests, lookouts, operations
// and disclosures to come).
type transition struct {
	action string // audit action
	ref    string // the item as the caller named it: audit object of a refusal
	noun   string // "hit", "release request": for the conflict message
	from   string // the state the change starts from
	// find returns the audit object (the record concerned) and the state.
	find  func(tx Tx) (object, state string, err error)
	may   func() error
	apply func(tx Tx) (detail string, err error)
}

// transit runs t for p; see transition.
func (e *Engine) transit(ctx context.Context, p jisr.Principal, t transition) error {
	var refused error
	action := t.action
	err := e.st.Write(ctx, func(tx Tx) error {
		refused = nil // a store may run fn again after a retry
		object, state, err := t.find(tx)
		if err == nil {
			err = t.may()
		}
		if err == nil && state != t.from {
			err = &jisr.Error{Code: jisr.ECONFLICT, Reason: "c_already", Params: []string{state},
				Message: fmt.Sprintf("the %s was already answered (%s)", t.noun, state)}
		}
		switch code := jisr.ErrorCode(err); code {
		case "":
		case jisr.ENOTFOUND, jisr.EFORBIDDEN, jisr.ECONFLICT:
			refused = err
			if object == "" {
				object = t.ref
			}
			return tx.Audit(p, action, object, code, OutcomeDenied)
		default:
			return err
		}
		detail, err := t.apply(tx)
		if err != nil {
			return err
		}
		return tx.Audit(p, action, object, detail, OutcomeOK)
	})
	if err != nil {
		return err
	}
	return refused
}
