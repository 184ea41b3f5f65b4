package jisr

import "context"

// GraphNode is a node of the link graph: a record, or a selector value
// (phone, plate, container…) that records hold, or a person or company
// named in records. IDs are "record:<id>", "sel:<key>", "person:<name>"
// and "company:<name>".
type GraphNode struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`             // record, selector, person or company
	Type   string `json:"type"`             // record kind, selector type, or the entity's schema
	Label  string `json:"label"`            // record title, selector value, or name
	Agency string `json:"agency,omitempty"` // originator of a record
	Date   string `json:"date,omitempty"`   // a record's date (occurred on)
	// Same lists other nodes the name matcher holds to be this person or
	// company with confidence (other spellings of it in readable records),
	// so that a client merges them into one node.
	Same []string `json:"same,omitempty"`
}

// GraphEdge joins a record to a selector it holds, or to a person or
// company it names. Possible marks a name the matcher does not hold to be
// the same with confidence (a "possibly the same" link).
type GraphEdge struct {
	From     string `json:"from"`
	To       string `json:"to"`
	Possible bool   `json:"possible,omitempty"`
}

// Graph is a part of the link graph: only records the caller may read,
// and the selectors of those records.
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
	// Capped: the graph was cut at its size limit.
	Capped bool `json:"capped,omitempty"`
}

// GraphService explores the link graph through the access policy.
type GraphService interface {
	// Neighbours returns a node and its neighbours: the selectors of a
	// record, or the records (that the caller may read) holding a selector.
	Neighbours(ctx context.Context, p Principal, node string, limit int) (*Graph, error)
	// Path returns a shortest path between two nodes through records the
	// caller may read, at most maxDepth edges long; ENOTFOUND if none.
	Path(ctx context.Context, p Principal, from, to string, maxDepth int) (*Graph, error)
	// Around returns the nodes at most depth steps from a node, through
	// records the caller may read, at most maxNodes of them (Capped then).
	Around(ctx context.Context, p Principal, node string, depth, maxNodes int) (*Graph, error)
	// Resolve returns the first of candidates (node ids read from what a
	// user typed, in order of preference) that has a neighbour the caller
	// may read, or "" when none has.
	Resolve(ctx context.Context, p Principal, candidates []string) (string, error)
}
