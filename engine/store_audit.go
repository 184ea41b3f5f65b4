package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/auditlog"
)

// What the engine asks of a store for the audit trail beyond appending
// (TxCore.Audit): the entries a caller may see, and the whole trail
// checked. The hash chain, signatures and keyed hashes are package
// auditlog's; who sees which entries is policy.AuditScope, which the
// engine hands the store as an AuditScope to apply in its query.

// AuditScope is the part of the trail a caller sees (policy.AuditView),
// as a store applies it: rows outside it never leave the store, and the
// detail of entries shown only by their action is withheld in the query.
type AuditScope struct {
	// All: every entry. Otherwise the entries of Agency's users and about
	// Agency (the agency, its users and its records).
	All    bool
	Agency string
	// AlertsOnly: only the alerts about Agency's users.
	AlertsOnly bool
	// ContentAgency: the detail is shown only of the entries of this
	// agency's users and of ContentActions; with All and no ContentAgency,
	// of every entry.
	ContentAgency  string
	ContentActions []string
}

// AuditQuery selects entries of the trail for one caller.
type AuditQuery struct {
	Scope AuditScope
	// Filter: actor, agency, action, object (and the reads that returned
	// record Object), user (Y's reads that returned records), since,
	// until. Its Term and Page are not used: see Terms, Before, Limit.
	Filter jisr.AuditFilter
	// Terms are the keyed hashes of Filter.Term (any of them), matched
	// only in entries whose detail the scope shows.
	Terms []string
	// Before: only entries before this position (0: from the newest).
	Before int64
	Limit  int
}

// AuditStore is what the engine reads of the audit trail.
type AuditStore interface {
	// OperatorAgency is the agency of the node's operator ("" if none).
	OperatorAgency(ctx context.Context) (string, error)
	// AuditPage returns up to q.Limit entries q selects, newest first,
	// each with the ids of the records its read returned (Records, the
	// first jisr.MaxAuditRecords) when its detail is shown.
	AuditPage(ctx context.Context, q AuditQuery) ([]*jisr.AuditEntry, error)
	// VerifyTrail walks the whole trail in one snapshot (auditlog.Verify)
	// and checks it against the store's checkpoint, if it has one.
	VerifyTrail(ctx context.Context) (int64, error)
	// AuditHasher keys the sensitive values the trail keeps (audit.key).
	AuditHasher() auditlog.Hasher
}

// SpaceStore is the space left for a store's data (package diskspace).
type SpaceStore interface {
	// SpaceStatus measures the space and says whether new content is refused.
	SpaceStatus(ctx context.Context) jisr.StorageStatus
}
