package jisr

import (
	"context"
	"time"
)

// Audit actions: every action name the trail uses is one of these
// constants, and AuditActions lists them all (the web interface offers
// them as a filter and translates each). Package sqlite writes no other.
const (
	ActLogin        = "login"
	ActLoginFailed  = "login.failed"
	ActLogout       = "logout"
	ActRead         = "record.read"
	ActList         = "record.list"
	ActSearch       = "record.search"
	ActStats        = "record.stats"
	ActHistory      = "record.history"
	ActCreate       = "record.create"
	ActUpdate       = "record.update"
	ActImport       = "record.import"
	ActExport       = "record.export"
	ActRelease      = "record.release"
	ActReleaseAsk   = "release.request"
	ActReleaseReply = "release.answer"
	ActAttach       = "attachment.add"
	ActAttachRead   = "attachment.read"
	ActHitRead      = "hit.read"   // the hits of one record
	ActHitInbox     = "hit.inbox"  // the hit inbox of the caller's agency
	ActHitAnswer    = "hit.answer" // release or decline after a hit
	ActGraphRead    = "graph.read" // neighbours of a node of the link graph
	ActGraphPath    = "graph.path" // shortest path between two nodes
	ActPersonSearch = "person.search"
	ActProfile      = "profile.read" // a profile of a person, company or identifier
	ActAdmin        = "admin"
	ActAuditQuery   = "audit.query"
	// ActUserAlert tells an agency that one of its accounts was created,
	// enabled, disabled, given a password or a role by someone who does not
	// read its records (an administrator, the operator). Object is the user.
	ActUserAlert = "user.alert"
	// Requests for information or action (request.go): object is the
	// request id.
	ActRequestCreate     = "request.create"
	ActRequestRead       = "request.read"
	ActRequestList       = "request.list"
	ActRequestAck        = "request.acknowledge"
	ActRequestAnswer     = "request.answer"
	ActRequestRefuse     = "request.refuse"
	ActRequestClose      = "request.close"
	ActRequestEscalate   = "request.escalate" // overdue: told to the addressee's supervisors (the node)
	ActRequestRemind     = "request.remind"   // due soon: the addressee reminded (the node)
	ActLookoutCreate     = "lookout.create"
	ActLookoutRead       = "lookout.read" // one lookout, or its matches
	ActLookoutList       = "lookout.list"
	ActLookoutWithdraw   = "lookout.withdraw"
	ActLookoutExpire     = "lookout.expire" // the node
	ActOperationCreate   = "operation.create"
	ActOperationRead     = "operation.read"
	ActOperationList     = "operation.list"
	ActOperationLink     = "operation.link"   // records linked
	ActOperationUpdate   = "operation.update" // timeline entry, task
	ActOperationWiden    = "operation.widen"
	ActOperationClose    = "operation.close"
	ActDeliveryUpdate    = "delivery.update" // planned, started, note, outcome
	ActDeliveryHandover  = "delivery.handover"
	ActDeliveryAck       = "delivery.acknowledge"
	ActOutcomeCreate     = "outcome.create"
	ActOutcomeRead       = "outcome.read"
	ActOutcomeList       = "outcome.list" // a list, or the figures
	ActDisclosureCreate  = "disclosure.create"
	ActDisclosureRead    = "disclosure.read"
	ActDisclosureList    = "disclosure.list"
	ActDisclosureEdit    = "disclosure.edit"
	ActDisclosureConsent = "disclosure.consent" // consent or refusal
	ActDisclosureApprove = "disclosure.approve"
)

// AuditActions are all the actions of the trail, in the order a user
// picks them from.
var AuditActions = []string{ActLogin, ActLoginFailed, ActLogout, ActRead, ActList,
	ActSearch, ActPersonSearch, ActProfile, ActStats, ActHistory, ActCreate, ActUpdate, ActImport, ActExport,
	ActRelease, ActReleaseAsk, ActReleaseReply, ActAttach, ActAttachRead,
	ActHitRead, ActHitInbox, ActHitAnswer, ActGraphRead, ActGraphPath, ActAdmin, ActAuditQuery, ActUserAlert,
	ActRequestCreate, ActRequestRead, ActRequestList, ActRequestAck, ActRequestAnswer, ActRequestRefuse,
	ActRequestClose, ActRequestEscalate, ActRequestRemind,
	ActLookoutCreate, ActLookoutRead, ActLookoutList, ActLookoutWithdraw, ActLookoutExpire,
	ActOperationCreate, ActOperationRead, ActOperationList, ActOperationLink, ActOperationUpdate, ActOperationWiden,
	ActOperationClose, ActDeliveryUpdate, ActDeliveryHandover, ActDeliveryAck,
	ActOutcomeCreate, ActOutcomeRead, ActOutcomeList, ActDisclosureCreate, ActDisclosureRead, ActDisclosureList,
	ActDisclosureEdit, ActDisclosureConsent, ActDisclosureApprove}

// AuditEntry is one line of the append-only audit trail. Each entry's Hash
// covers its content and the previous entry's hash; Sig is the node's
// Ed25519 signature of Hash. Secrets never enter it; search terms, person
// names and selector values enter it only as keyed hashes ("hmac:…", see
// AuditFilter.Term).
//
// A read that returned records (a record, a list, a search, a history, an
// export, graph neighbours or a path, hits, persons, an attachment) stores
// their ids beside the entry, in the same transaction, indexed both ways;
// Reads counts them and ReadsHash (SHA-256 of their positions, covered by
// Hash) binds them to the entry.
type AuditEntry struct {
	// Seq is the entry's position in the node's trail, shown only to those
	// who see the whole trail; a caller who sees part of it (an agency's
	// auditor or supervisor) gets Ref instead, a keyed reference, so that
	// the gaps between positions count nothing (policy.AuditView.Whole).
	Seq     int64     `json:"seq,omitempty"`
	Ref     string    `json:"ref,omitempty"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`  // username, or "system"
	Agency  string    `json:"agency"` // the actor's agency
	Action  string    `json:"action"`
	Object  string    `json:"object,omitempty"` // record id, username, …
	Detail  string    `json:"detail,omitempty"` // query text, counts, fields changed
	Outcome string    `json:"outcome"`          // ok, denied, failed
	Addr    string    `json:"addr,omitempty"`
	// Reads is how many records the action returned; ReadsHash binds them.
	Reads     int64  `json:"reads,omitempty"`
	ReadsHash string `json:"reads_hash,omitempty"`
	// Records are the ids of the records the action returned (the first
	// MaxAuditRecords of them), filled in by AuditEntries.
	Records  []string `json:"records,omitempty"`
	PrevHash string   `json:"prev_hash"`
	Hash     string   `json:"hash"`
	Sig      string   `json:"sig"`
	// Withheld is set when the caller sees the action but not the content:
	// Detail is then empty and Hash no longer covers what is shown.
	Withheld bool `json:"withheld,omitempty"`
}

// MaxAuditRecords is how many record ids an audit entry lists when read.
const MaxAuditRecords = 1000

// AuditFilter selects audit entries: who saw record X, what did user Y do,
// who searched for a term.
type AuditFilter struct {
	Actor  string
	Agency string
	Action string
	// Object: who saw or touched record X — entries that name it as their
	// object or whose read returned it (every read path, every id).
	Object string
	// User: what did user Y see — Y's entries that returned records.
	User string
	// Term: who searched for, or looked up, a term, a person's name or a
	// selector. The store hashes it with the node's audit key and matches
	// the keyed hashes stored in place of the values.
	Term  string
	Since time.Time
	Until time.Time
	Page  Page
}

// AuditService reads the trail. Writing happens inside the store, in the
// same transaction as the action.
type AuditService interface {
	// AuditEntries returns entries, newest first; auditors only (EFORBIDDEN otherwise).
	AuditEntries(ctx context.Context, p Principal, f AuditFilter) ([]*AuditEntry, string, error)
	// VerifyAudit checks the whole chain and every signature; it returns the
	// number of entries checked and, if broken, an error naming the first bad entry.
	VerifyAudit(ctx context.Context) (int64, error)
}
