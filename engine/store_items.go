package engine

import (
	"context"
)

// ItemStore is what the engine needs of a store for the workflow items
// kept as documents — joint operations (with their deliveries and
// tasks), outcomes and agreed disclosures (issue 11) — outside a write.
// The store keeps each item's JSON body, the agencies it is listed for
// and the records it links; it decides nothing.
type ItemStore interface {
	// ItemList returns at most limit items of kind listed for agency
	// (agency "" for every agency), with position below before, newest
	// first.
	ItemList(ctx context.Context, kind, agency string, before int64, limit int) ([]*ItemRow, error)
}

// ItemTx is what the engine needs of a write transaction for items.
type ItemTx interface {
	// InsertItem stores a new item (id set by the engine) listed for
	// agencies and linking the records seqs.
	InsertItem(kind, id string, body []byte, agencies []string, seqs []int64) (pos int64, err error)
	// ItemByID returns the item of kind named id, or ENOTFOUND.
	ItemByID(kind, id string) (*ItemRow, error)
	// UpdateItem replaces the body, agencies and records of the item at
	// pos and bumps its version.
	UpdateItem(pos int64, body []byte, agencies []string, seqs []int64) error
	// ItemsLinking returns the items of kind that link the record seq.
	ItemsLinking(kind string, seq int64) ([]*ItemRow, error)
}

// ItemRow is a stored item.
type ItemRow struct {
	Pos     int64
	ID      string
	Kind    string
	Body    []byte
	Version int
	Seqs    []int64 // the linked records
}

// Kinds of items.
const (
	ItemOperation  = "operation"
	ItemOutcome    = "outcome"
	ItemDisclosure = "disclosure"
)
