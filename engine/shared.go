package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// readable returns the current record id and its seq if p may read it;
// ENOTFOUND otherwise, the same for an absent record.
func (e *Engine) readable(ctx context.Context, p jisr.Principal, id string) (*jisr.Record, int64, error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no record %s, or not one you may see", id)
	tokens := policy.Tokens(p)
	if len(tokens) == 0 {
		return nil, 0, notFound
	}
	r, seq, err := e.st.ReadableRecord(ctx, tokens, id)
	if err != nil {
		return nil, 0, err
	}
	if r == nil {
		return nil, 0, notFound
	}
	return r, seq, nil
}

// auditRead writes the entry of a read that returned the records seqs, in
// its own transaction. If it fails, the caller must fail the read.
func (e *Engine) auditRead(ctx context.Context, p jisr.Principal, action, object, detail string, seqs []int64) error {
	return e.st.Write(ctx, func(tx Tx) error { return tx.AuditReads(p, action, object, detail, OutcomeOK, seqs) })
}
