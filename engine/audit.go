package engine

import (
	"context"
	"fmt"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// AuditEntries implements jisr.AuditService. What the caller sees is
// policy.AuditScope, handed to the store, which applies it in its query:
// rows outside the scope never leave the store, and the detail of entries
// the caller may see only the action of is withheld there (Withheld).
func (e *Engine) AuditEntries(ctx context.Context, p jisr.Principal, f jisr.AuditFilter) ([]*jisr.AuditEntry, string, error) {
	operator, err := e.st.OperatorAgency(ctx)
	if err != nil {
		return nil, "", err
	}
	v, err := policy.AuditScope(p, operator)
	if err != nil {
		return nil, "", e.deny(ctx, p, jisr.ActAuditQuery, "", "", err)
	}
	f.Page = f.Page.Normalize()
	q := AuditQuery{
		Scope: AuditScope{All: v.All, Agency: v.Agency, AlertsOnly: v.AlertsOnly,
			ContentAgency: v.ContentAgency, ContentActions: policy.ContentActions},
		Filter: f, Limit: f.Page.Limit + 1,
	}
	keyed := e.st.AuditHasher()
	if f.Term != "" {
		q.Terms = keyed.TermHashes(f.Term)
	}
	if f.Page.Cursor != "" {
		if q.Before, err = e.st.Cursors().Decode(p, cursor.Audit, f.Page.Cursor); err != nil {
			return nil, "", err
		}
	}
	out, err := e.st.AuditPage(ctx, q)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > f.Page.Limit {
		out = out[:f.Page.Limit]
		next = e.st.Cursors().Encode(p, cursor.Audit, out[len(out)-1].Seq) // sealed for p: opaque
	}
	if !v.Whole() {
		for _, x := range out {
			x.Ref, x.Seq = keyed.Entry(x.Seq), 0
		}
	}
	detail := fmt.Sprintf("actor=%s agency=%s action=%s object=%s user=%s", f.Actor, f.Agency, f.Action, f.Object, f.User)
	if f.Term != "" {
		detail += " term=" + keyed.Keyed(f.Term)
	}
	if err := e.auditOnly(ctx, p, jisr.ActAuditQuery, "", detail, OutcomeOK); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// VerifyAudit implements jisr.AuditService: the store walks the whole
// trail and checks sequence, chaining, hashes and signatures
// (auditlog.Verify), then its checkpoint. The error names the first
// broken entry.
func (e *Engine) VerifyAudit(ctx context.Context) (int64, error) { return e.st.VerifyTrail(ctx) }

// Storage implements jisr.StorageMonitor: the store measures the space
// left for its data (package diskspace decides what it means).
func (e *Engine) Storage(ctx context.Context) jisr.StorageStatus { return e.st.SpaceStatus(ctx) }
