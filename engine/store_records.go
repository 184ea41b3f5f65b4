package engine

import (
	"context"
	"errors"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/keys"
)

// What the engine asks of a store for records, release requests,
// statistics, import/export and the link graph. Every read of records takes
// the caller's audience tokens (policy.Tokens, computed by the engine) and
// returns only records in one of those audiences, filtered in the query.
// A RecordFilter handed to a store has been validated by the engine.

// StoredRecord is a record and the store's position of it.
type StoredRecord struct {
	Seq    int64
	Record *jisr.Record
}

// SeizureGroup is one group of the seizures a caller may see: by country,
// month (YYYY-MM), concealment and crossing together; or, when Only is set,
// by that one of the four alone ("country", "month", "concealment" or
// "crossing"), its key in the field of that name. A store may answer with
// one-breakdown groups, every seizure counted once in each breakdown (with
// an empty key when it has no value); the totals are then the sum of the
// "country" groups.
type SeizureGroup struct {
	Country, Month, Concealment, Crossing string
	Seizures                              int
	Pills, Kilograms                      float64
	Only                                  string
}

// RecordStore is what the engine reads of records outside a write.
type RecordStore interface {
	// ReadableRecord returns the record id and its seq if it is in an
	// audience of tokens; nil otherwise (absent or not readable alike).
	ReadableRecord(ctx context.Context, tokens []string, id string) (*jisr.Record, int64, error)
	// RecordPage returns up to limit records readable with tokens that
	// match f, newest first, before the position before (0: from the
	// newest).
	RecordPage(ctx context.Context, tokens []string, f jisr.RecordFilter, before int64, limit int) ([]StoredRecord, error)
	// CountReadable counts the records readable with tokens that match f.
	CountReadable(ctx context.Context, tokens []string, f jisr.RecordFilter) (int, error)
	// EachReadable calls fn with every record readable with tokens that
	// matches f, oldest first; an error of fn stops it and is returned.
	EachReadable(ctx context.Context, tokens []string, f jisr.RecordFilter, fn func(StoredRecord) error) error
	// RecordVersions returns the earlier versions of the record seq,
	// oldest first (the current one is the record itself).
	RecordVersions(ctx context.Context, seq int64) ([]jisr.RecordVersion, error)
	// RecordAttachments returns the attachments of the record seq.
	RecordAttachments(ctx context.Context, seq int64) ([]jisr.Attachment, error)
	// SeizureGroups returns the seizures readable with tokens that match f
	// (its Kind is seizure), grouped (SeizureGroup).
	SeizureGroups(ctx context.Context, tokens []string, f jisr.RecordFilter) ([]SeizureGroup, error)
	// SeqsOf returns the seqs of the records ids (for the read index).
	SeqsOf(ctx context.Context, ids []string) ([]int64, error)
	// Cursors seals the page cursors of every list.
	Cursors() *cursor.Codec
	// KeyedText is a text (a query, a name) as the audit trail keeps it.
	KeyedText(v string) string
	// KeyedNode is a node of the link graph as the audit trail keeps it.
	KeyedNode(node string) string

	// ReleaseRequestPage returns up to limit release requests made by or
	// addressed to agency whose id is below before, newest first.
	ReleaseRequestPage(ctx context.Context, agency string, before int64, limit int) ([]*jisr.ReleaseRequest, error)
	// GrantedConsents returns the granted consent requests (kind consent,
	// accepted) made by or addressed to agency, about the record recordID
	// ("" for every record), oldest first.
	GrantedConsents(ctx context.Context, agency, recordID string) ([]*jisr.ReleaseRequest, error)

	// SelectorKeysOf returns up to limit selector keys ("type:value") the
	// record seq is posted under, but coordinate cells and partial keys.
	SelectorKeysOf(ctx context.Context, seq int64, limit int) ([]string, error)
	// ExternalIDExists reports whether agency holds a record of that
	// external id.
	ExternalIDExists(ctx context.Context, agency, externalID string) (bool, error)
	// Room measures the space left and returns nil, or the ESTORAGEFULL
	// refusal of new content.
	Room(ctx context.Context) error
	// NodeKeys are the node's secrets (the import's line ids are keyed
	// with a key derived from them).
	NodeKeys() *keys.Node

	// ReadableHolders returns up to limit records readable with tokens
	// posted under the selector key, newest first.
	ReadableHolders(ctx context.Context, tokens []string, key string, limit int) ([]*jisr.Record, error)

	// The link graph's breadth-first steps ask for a whole frontier at
	// once, one query per kind of node (engine/graph_batch.go).

	// GraphRecords returns the records ids readable with tokens, keyed by
	// id (absent and unreadable ones alike left out), each with its seq
	// and up to limit of the selector keys it is posted under, as
	// SelectorKeysOf gives them (same keys, same order).
	GraphRecords(ctx context.Context, tokens []string, ids []string, limit int) (map[string]GraphRecord, error)
	// ReadableHoldersOf is ReadableHolders of each of keys at once: for
	// each key, up to limit records readable with tokens posted under it,
	// newest first (a key no readable record holds is left out).
	ReadableHoldersOf(ctx context.Context, tokens []string, keys []string, limit int) (map[string][]*jisr.Record, error)
}

// GraphRecord is a record of the link graph: the record, its seq and its
// selector keys.
type GraphRecord struct {
	Seq    int64
	Record *jisr.Record
	Keys   []string
}

// ErrExternalIDTaken is what RecordTx.PutRecord returns when the
// originator already holds a record of the same external id.
var ErrExternalIDTaken = errors.New("external id taken")

// RecordRow is a record ready to store, computed by the engine before the
// write transaction: its body, the columns a store filters and sums by,
// its audience (policy.Audience) and its search text.
type RecordRow struct {
	Record *jisr.Record
	// Body is the record as JSON, without attachments and caveats; a
	// store returns it decoded as the record.
	Body                                       []byte
	Country, OccurredOn, Crossing, Concealment string
	Pills, Kg                                  float64
	Lat, Lon                                   *float64
	Audience                                   []string
	// Text is what full-text search finds the record by: folded terms
	// separated by spaces.
	Text string
}

// RecordTx is what the engine does with records and release requests
// inside a write transaction.
type RecordTx interface {
	// ReadableRecordIn is RecordStore.ReadableRecord in the transaction.
	ReadableRecordIn(tokens []string, id string) (*jisr.Record, int64, error)
	// AgencyExists reports whether the agency code is in the cell.
	AgencyExists(code string) (bool, error)
	// UserStanding returns a user's agency, role and whether disabled;
	// found is false for no such user.
	UserStanding(username string) (agency string, role jisr.Role, disabled, found bool, err error)
	// PutRecord stores a record row: a new record when seq is 0 (its seq
	// returned; ErrExternalIDTaken if its originator holds its external
	// id), else the new version of the record seq. Its audience and
	// search text are replaced with it. ESTORAGEFULL while new content is
	// refused.
	PutRecord(row *RecordRow, seq int64) (int64, error)
	// PutVersion keeps an earlier version of the record seq (body as in
	// RecordRow; v.Record is not used).
	PutVersion(seq int64, v jisr.RecordVersion, body []byte) error
	// ExternalIDTaken is RecordStore.ExternalIDExists in the transaction.
	ExternalIDTaken(agency, externalID string) (bool, error)
	// CheckRoom measures the space left again (long writes call it as
	// they go): nil, or the ESTORAGEFULL refusal.
	CheckRoom() error
	// Flush writes what the store holds back until the end of the write
	// (full-text rows), so that a long write's memory stays flat.
	Flush() error

	// AddReleaseRequest stores a new release request about the record
	// seq of originator; it returns its id.
	AddReleaseRequest(rr *jisr.ReleaseRequest, seq int64, originator string) error
	// ReleaseRequestTo returns the release request id addressed to agency
	// (the record's originator), or nil.
	ReleaseRequestTo(id string, agency string) (*jisr.ReleaseRequest, error)
	// AnswerReleaseRequest sets the status and answer of a request, at
	// the transaction's time.
	AnswerReleaseRequest(id string, status, answer string) error
	// ConsentAsked returns the consent request of agency about recordID
	// for use (and recipient to) that is pending or granted, or nil.
	ConsentAsked(recordID, agency, use, to string) (*jisr.ReleaseRequest, error)
}
