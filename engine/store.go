package engine

import (
	"context"
	"time"

	"github.com/jisr-cell/jisr"
)

// Store is everything the engine needs of a store: the core below (write
// transactions, audit append) and one interface per concern, each declared
// in engine/store_<concern>.go by the helper that owns the concern and
// embedded here on one line. A store (package sqlite, later postgres)
// implements Store; the engine never sees SQL.
type Store interface {
	StoreCore

	// Concerns (one line each; keep the list sorted):
	AccountStore    // store_accounts.go
	AttachmentStore // store_attachments.go
	AuditStore      // store_audit.go
	HitStore        // store_hits.go
	ItemStore       // store_items.go
	LookoutStore    // store_lookouts.go
	RecordStore     // store_records.go
	RequestStore    // store_requests.go
	SheetStore      // store_sheets.go
	SpaceStore      // store_audit.go
}

// Tx is one write transaction as the engine sees it: the core below and
// one interface per concern (engine/store_<concern>.go), embedded here on
// one line each.
type Tx interface {
	TxCore

	// Concerns (one line each; keep the list sorted):
	AccountTx    // store_accounts.go
	AttachmentTx // store_attachments.go
	HitTx        // store_hits.go
	ItemTx       // store_items.go
	LookoutTx    // store_lookouts.go
	RecordTx     // store_records.go
	RequestTx    // store_requests.go
	SheetTx      // store_sheets.go
}

// StoreCore is the part of Store that every concern uses.
type StoreCore interface {
	// Write runs fn in a write transaction and returns once it is committed
	// (nil) or rolled back (the error): everything fn does — rows, audit
	// entries — is kept together or not at all. Writes run one at a time
	// (a store may group several in one commit, each in a savepoint of its
	// own, so that one failing write changes nothing of the others).
	Write(ctx context.Context, fn func(Tx) error) error
	// WriteAlone is Write for a long write (an import): fn runs in a
	// transaction of its own, never grouped with others.
	WriteAlone(ctx context.Context, fn func(Tx) error) error
}

// TxCore is the part of Tx that every concern uses.
type TxCore interface {
	// Now is the time of the transaction: every timestamp it writes.
	Now() time.Time
	// Audit appends an entry to the audit trail in this transaction;
	// outcome is OutcomeOK or OutcomeDenied.
	Audit(p jisr.Principal, action, object, detail, outcome string) error
	// AuditReads is Audit for a read: seqs are the store's positions of
	// the records the caller was shown (the read index of the trail).
	AuditReads(p jisr.Principal, action, object, detail, outcome string, seqs []int64) error
	// AfterCommit runs f once the transaction is committed, if this write
	// is kept (never if it is rolled back).
	AfterCommit(f func())
}

// Outcomes of an audit entry.
const (
	OutcomeOK     = "ok"
	OutcomeDenied = "denied"
)
