package jisr

import "context"

// Search orders.
const (
	SortRelevance = "relevance" // best match first (the default)
	SortDate      = "date"      // newest occurred_on first
)

// DefaultNameScore is the lowest name score a search keeps unless told
// otherwise: the names package's match threshold (names/BENCH.md).
const DefaultNameScore = 0.80

// SearchQuery is a search of records by text and by names across scripts.
// Filter.Text is the query; the other fields of Filter narrow it as in a
// list; Filter.Page pages the ranked results.
type SearchQuery struct {
	Filter RecordFilter
	// Sort is SortRelevance or SortDate.
	Sort string
	// MinNameScore is the lowest score a name match must reach, in
	// (0,1]; 0 is DefaultNameScore.
	MinNameScore float64
}

// SearchResults are one page of a search, ranked among the records the
// caller may read only.
type SearchResults struct {
	// Total counts every readable record that matched, on every page.
	Total int `json:"total"`
	// Capped is true when more records matched than a search ranks
	// (SearchCap): Total is then a lower bound.
	Capped  bool            `json:"capped,omitempty"`
	Results []*SearchResult `json:"results"`
	Next    string          `json:"next,omitempty"`
}

// SearchCap bounds how many records one search ranks.
const SearchCap = 5000

// SearchResult is one record found and why.
type SearchResult struct {
	Record *Record `json:"record"`
	// Score is the relevance in [0,1].
	Score float64 `json:"score"`
	// Text is true when the folded words of the query are in the record's
	// text (title, narratives, place, entity values).
	Text bool `json:"text"`
	// Names are the names in the record that matched the query across
	// scripts, best first.
	Names []NameMatch `json:"names,omitempty"`
}

// NameMatch is a name of an entity that matched a query, with the parts
// that matched: each a reason the front end renders in its own language.
type NameMatch struct {
	Entity string      `json:"entity"`
	Schema string      `json:"schema"`
	Name   string      `json:"name"`  // the spelling that matched, as written
	Score  float64     `json:"score"` // how much of the query it covers, in [0,1]
	Parts  []PartMatch `json:"parts"`
	// QueryOnly are the parts of the query the name lacks; NameOnly the
	// parts of the name the query does not give.
	QueryOnly []string `json:"query_only,omitempty"`
	NameOnly  []string `json:"name_only,omitempty"`
}

// PartMatch is a part of a query aligned with a part of a name. How is a
// reason key (names.How): exact, variant (another spelling in the same
// script), cross-script, initial, distinct.
type PartMatch struct {
	Query string  `json:"query"`
	Name  string  `json:"name"`
	Score float64 `json:"score"`
	How   string  `json:"how"`
}

// PersonQuery is a search of persons and companies by name.
type PersonQuery struct {
	Name string
	// MinScore is the lowest score kept, in (0,1]; 0 is DefaultNameScore.
	MinScore float64
	Page     Page
}

// PersonPage is one page of the persons found: one row per person, its
// mentions in records gathered where the name matcher is confident they
// name the same person.
type PersonPage struct {
	Total   int            `json:"total"`
	Capped  bool           `json:"capped,omitempty"`
	Persons []*PersonGroup `json:"persons"`
	Next    string         `json:"next,omitempty"`
}

// PersonGroup is one person (or company) found: the best spelling, every
// spelling its records give, and the records.
type PersonGroup struct {
	Name   string    `json:"name"`
	Schema string    `json:"schema"`
	Names  []string  `json:"names"`
	Score  float64   `json:"score"`
	Match  NameMatch `json:"match"`
	// Mentions are the records that mention it, newest first.
	Mentions []PersonMention `json:"mentions"`
}

// PersonMention is a person in one record.
type PersonMention struct {
	RecordID   string `json:"record_id"`
	Title      string `json:"title"`
	Originator string `json:"originator"`
	OccurredOn string `json:"occurred_on"`
	Entity     string `json:"entity"`
	Role       string `json:"role,omitempty"`
	Name       string `json:"name"`
}

// SearchService searches records by words and names across scripts, and
// persons by name. Everything is ranked and counted among what the caller
// may read only.
type SearchService interface {
	Search(ctx context.Context, p Principal, q SearchQuery) (*SearchResults, error)
	FindPersons(ctx context.Context, p Principal, q PersonQuery) (*PersonPage, error)
	// Profile gathers what the caller may read about a person, company
	// or identifier (see Profile).
	Profile(ctx context.Context, p Principal, q ProfileQuery) (*Profile, error)
}
