package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
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
// month (YYYY-MM), concealment and crossing together.
type SeizureGroup struct {
	Country, Month, Concealment, Crossing string
	Seizures                              int
	Pills, Kilograms                      float64
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

	// SelectorKeysOf returns up to limit selector keys ("type:value") the
	// record seq is posted under, but coordinate cells and partial keys.
	SelectorKeysOf(ctx context.Context, seq int64, limit int) ([]string, error)
	// ReadableHolders returns up to limit records readable with tokens
	// posted under the selector key, newest first.
	ReadableHolders(ctx context.Context, tokens []string, key string, limit int) ([]*jisr.Record, error)
}
