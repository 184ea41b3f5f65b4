package jisr

import "context"

// PersonMatch is a person (or company) in a record the caller may read
// whose name matches a query, across scripts and spellings.
type PersonMatch struct {
	RecordID    string   `json:"record_id"`
	Title       string   `json:"title"`
	Originator  string   `json:"originator"`
	Entity      string   `json:"entity"`
	Schema      string   `json:"schema"`
	Role        string   `json:"role,omitempty"`
	Names       []string `json:"names"`   // every spelling the record gives
	Matched     string   `json:"matched"` // the spelling that matched best
	Score       float64  `json:"score"`
	Explanation string   `json:"explanation"` // the same in English
	// Why is how the matched spelling meets the name searched, part by
	// part (reason keys and parameters, made where the match arises), for
	// a front end to render whole in its language.
	Why *NameMatch `json:"why,omitempty"`
}

// PersonService searches names across records.
type PersonService interface {
	// SearchPersons returns up to limit persons the caller may see whose
	// names match name, best first.
	SearchPersons(ctx context.Context, p Principal, name string, limit int) ([]*PersonMatch, error)
}
