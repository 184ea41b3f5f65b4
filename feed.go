package jisr

import (
	"context"
	"time"
)

// Collection is a feed of records: one of the caller's sharing audiences
// (its agency, country, groups, the community), served as a TAXII 2.1
// collection. It holds the records of that audience the caller reads and
// may pass on (not TLP:RED), as they leave by export.
type Collection struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Kind        string `json:"kind"` // agency, country, group, community
	Name        string `json:"name"`
}

// FeedPage is one page of a collection, oldest change first.
type FeedPage struct {
	Records []*Record
	// Next is the opaque cursor of the next page; More says there is one.
	Next string
	More bool
}

// FeedService serves the caller's collections. Every page is audited as
// an export with the records it returned.
type FeedService interface {
	// Collections lists the caller's collections.
	Collections(ctx context.Context, p Principal) ([]*Collection, error)
	// CollectionRecords returns the records of one of the caller's
	// collections changed after addedAfter (zero: all), page by page;
	// ENOTFOUND for a collection that is not the caller's.
	CollectionRecords(ctx context.Context, p Principal, id string, addedAfter time.Time, page Page) (*FeedPage, error)
}
