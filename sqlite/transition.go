package sqlite

import (
	"context"
	"fmt"

	"github.com/jisr-cell/jisr"
)

// TEMPORARY (issue 10): the transition helper now lives in package engine
// (engine/transit.go). This copy serves AnswerRelease and AnswerHit until
// they move to the engine, and then goes.
//
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
// Then apply changes it. A refusal is audited as denied (its code in the
// detail) and changes nothing else; a change is audited with apply's
// detail, in the same transaction.
type transition struct {
	action string // audit action
	ref    string // the item as the caller named it: audit object of a refusal
	noun   string // "hit", "release request": for the conflict message
	from   string // the state the change starts from
	// find returns the audit object (the record concerned) and the state.
	find  func(tx *Tx) (object, state string, err error)
	may   func() error
	apply func(tx *Tx) (detail string, err error)
}

// transit runs t for p; see transition.
func (s *Store) transit(ctx context.Context, p jisr.Principal, t transition) error {
	var refused error
	action := t.action
	err := s.write(ctx, func(tx *Tx) error {
		object, state, err := t.find(tx)
		if err == nil {
			err = t.may()
		}
		if err == nil && state != t.from {
			err = &jisr.Error{Code: jisr.ECONFLICT, Message: fmt.Sprintf("the %s was already answered (%s)", t.noun, state)}
		}
		switch code := jisr.ErrorCode(err); code {
		case "":
		case jisr.ENOTFOUND, jisr.EFORBIDDEN, jisr.ECONFLICT:
			refused = err
			if object == "" {
				object = t.ref
			}
			return tx.audit(p, action, object, code, outcomeDenied)
		default:
			return err
		}
		detail, err := t.apply(tx)
		if err != nil {
			return err
		}
		return tx.audit(p, action, object, detail, outcomeOK)
	})
	if err != nil {
		return err
	}
	return refused
}

// replace stores next as the new version of the record cur (stored at
// seq), keeping cur in the history. The caller has checked that p may.
func (tx *Tx) replace(ctx context.Context, p jisr.Principal, cur *jisr.Record, seq int64, next *jisr.Record) error {
	if err := tx.checkReleasability(next.Releasability); err != nil {
		return err
	}
	old, err := encodeBody(cur)
	if err != nil {
		return jisr.Internal(err)
	}
	if _, err := tx.Exec(`INSERT INTO record_versions (seq, version, at, by, body) VALUES (?,?,?,?,?)`,
		seq, cur.Version, cur.UpdatedAt.UnixNano(), lastEditor(cur), old); err != nil {
		return jisr.Internal(err)
	}
	next.ID, next.Originator, next.CreatedBy, next.CreatedAt = cur.ID, cur.Originator, cur.CreatedBy, cur.CreatedAt
	next.ExternalID = cur.ExternalID // the originator's reference stays what it was at creation
	next.Version = cur.Version + 1
	next.UpdatedAt, next.UpdatedBy = tx.now, p.Username
	pr, err := tx.s.prepare(next)
	if err != nil {
		return err
	}
	_, err = tx.put(ctx, pr, seq)
	return err
}
