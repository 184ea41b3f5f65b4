package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// What the engine asks of a store for selector postings, hits and the
// names of persons. The store runs the queries; every rule (which values
// are common, which records meet, what each side of a hit may see) is the
// engine's.

// StoredHit is a hit as the store keeps it.
type StoredHit struct {
	ID          int64  // the store's row; never shown
	Ref         string // the hit's name outside the node
	Rule        string
	Key         string // the selector key ("type:value"); "" for none
	Common      bool   // the key is common
	Seq, Other  int64  // the two records
	SeqAgency   string // the originator of Seq
	OtherAgency string // the originator of Other
	Score       float64
	Explanation string
	Status      string
	At          int64 // unix nanoseconds
	// Pos is the hit's place in the inbox (InboxHitRows): its rank and
	// row, as HitQuery.Before takes it. Zero elsewhere.
	Pos int64
}

// HitQuery is a page of the hits inbox of Agency, as the engine asks for
// it. The store returns the hits with one side a record of Agency in an
// audience of Tokens (that side is "own", the other "far") that every
// set field selects, by Pos descending: Pos = (2 - rank) * 2^56 + row,
// where rank is 2 for a hit on a common key, 1 for a rule in WeakRules,
// 0 otherwise (the engine's order: strong hits first, newest first).
type HitQuery struct {
	Agency    string
	Tokens    []string
	WeakRules []string
	Before    int64 // Pos below which to start
	Limit     int
	Rule      string
	Far       string // the far side's agency
	// FarReadable: 1 only hits whose far record is in an audience of
	// Tokens, -1 only those whose far record is not, 0 either.
	FarReadable int
	Status      string // the stored status
	MinRank     int    // only hits of rank ≥ MinRank
	MaxRank     int    // only hits of rank ≤ MaxRank
	Key         string // only hits on this selector key
	OwnSeq      int64  // only hits whose own side is this record
}

// HitRankShift places a hit's rank above its row in HitQuery's Pos.
const HitRankShift = 56

// NewHit is a hit to store.
type NewHit struct {
	Ref         string
	Rule        string
	KeyID       int64 // 0 for none
	Seq, Other  int64
	SeqAgency   string
	OtherAgency string
	Score       float64
	Explanation string
	At          int64 // unix nanoseconds
}

// OldHit is a stored hit of a record being indexed again: its row, its
// rule, its selector key and the far record.
type OldHit struct {
	ID    int64
	Rule  string
	KeyID int64
	Other int64
}

// Posted is a selector key after a record was posted under it.
type Posted struct {
	KeyID  int64
	Count  int64 // records posted under the key, this one included
	Common bool  // flagged common
	// Collision: another key has the same row id; the record was not posted.
	Collision bool
}

// Holder is a record posted under a selector key, and its agency.
type Holder struct {
	Seq    int64
	Agency string
}

// SeizureAt is a stored seizure that may duplicate another (see
// HitTx.Seizures).
type SeizureAt struct {
	Seq       int64
	Agency    string
	Pills, Kg float64
}

// PersonName is a name of a person, company or organisation of a record.
type PersonName struct {
	Entity string
	I      int // its position among the entity's names
	Name   string
	Schema string
}

// NameRow is a stored name with its record and the record's audience
// (sorted tokens).
type NameRow struct {
	Seq int64
	PersonName
	Audience []string
}

// IndexStats describes the selector index, for benchmarks.
type IndexStats struct {
	Postings, Keys, Hits int64
	SelectorBytes        int64 // pages of the selector tables and their indexes
}

// HitStore is what the engine reads of hits and names outside a write.
type HitStore interface {
	// RecordHitRows returns up to limit hits of the record seq (on either
	// side), newest first.
	RecordHitRows(ctx context.Context, seq int64, limit int) ([]StoredHit, error)
	// InboxHitRows returns up to q.Limit hits of the inbox q describes
	// whose Pos is below q.Before, by Pos descending, each with its Pos.
	InboxHitRows(ctx context.Context, q HitQuery) ([]StoredHit, error)
	// EachName calls fn with every stored name (at the start, to build the
	// name index).
	EachName(ctx context.Context, fn func(NameRow) error) error
	// PersonNamesOf returns the names of the persons (schema Person) of
	// the record seq.
	PersonNamesOf(ctx context.Context, seq int64) ([]string, error)
	// SeqsWithPersons returns the records that name persons, in order.
	SeqsWithPersons(ctx context.Context) ([]int64, error)
	// IndexStats measures the selector index.
	IndexStats(ctx context.Context) (IndexStats, error)
	// AgencyCountry returns the country of an agency ("" if unknown).
	AgencyCountry(code string) string

	// RecordAt returns the record stored at seq, with no access check:
	// the engine decides with the policy what of it to show.
	RecordAt(ctx context.Context, seq int64) (*jisr.Record, error)
	// ReadableRecords returns, by seq, those of the records seqs that are
	// in an audience of tokens.
	ReadableRecords(ctx context.Context, tokens []string, seqs []int64) (map[int64]*jisr.Record, error)
}

// HitTx is what the engine does with postings, hits and names inside a
// write transaction.
type HitTx interface {
	// DropPostings removes the record seq from every key it is posted
	// under (before it is posted again).
	DropPostings(seq int64) error
	// Post posts the record seq under key.
	Post(key string, seq int64) (Posted, error)
	// MarkCommon flags a key common.
	MarkCommon(keyID int64) error
	// Holders returns up to limit records but seq posted under key.
	Holders(key string, seq int64, limit int) ([]Holder, error)
	// Site returns the coordinates of the record seq, if it has some.
	Site(seq int64) (lat, lon float64, ok bool, err error)
	// Seizures returns up to limit seizures at crossing, occurred between
	// from and to (dates, inclusive), of agencies other than agency,
	// other than the record seq.
	Seizures(crossing, from, to, agency string, seq int64, limit int) ([]SeizureAt, error)

	// OldHits returns the stored hits of the record seq but name hits.
	OldHits(seq int64) ([]OldHit, error)
	// InsertHit stores a new hit.
	InsertHit(h NewHit) error
	// SetHitExplanation changes the score and explanation of a hit.
	SetHitExplanation(id int64, score float64, explanation string) error
	// SetHitKey changes the selector key of a hit.
	SetHitKey(id, keyID int64) error
	// DeleteHit removes a hit.
	DeleteHit(id int64) error
	// HitRow returns the hit named ref, or nil.
	HitRow(ref string) (*StoredHit, error)
	// SetHitStatus sets the answer of a hit.
	SetHitStatus(id int64, status string) error

	// RecordAt returns the record stored at seq, with no access check
	// (also in RequestTx).
	RecordAt(seq int64) (*jisr.Record, error)

	// PutNames stores the names of the record seq; with update, it
	// replaces those stored and returns them.
	PutNames(seq int64, names []PersonName, update bool) (old []PersonName, err error)
	// DeleteNameHitsBut removes the name hits of the record seq but those
	// with the records keep.
	DeleteNameHitsBut(seq int64, keep []int64) error
	// NameHitExists reports whether a name hit joins a and b (either way).
	NameHitExists(a, b int64) (bool, error)
	// Originator returns the agency of the record seq; ok is false when
	// the record is gone.
	Originator(seq int64) (agency string, ok bool, err error)
}
