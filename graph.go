package jisr

import "context"

// GraphNode is a node of the link graph: a record, or a selector value
// (phone, plate, container…) that records hold. IDs are "record:<id>" and
// "sel:<key>".
type GraphNode struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`             // record or selector
	Type   string `json:"type"`             // record kind, or selector type
	Label  string `json:"label"`            // record title, or selector value
	Agency string `json:"agency,omitempty"` // originator of a record
}

// GraphEdge joins a record to a selector it holds.
type GraphEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Graph is a part of the link graph: only records the caller may read,
// and the selectors of those records.
type Graph struct {
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
}

// GraphService explores the link graph through the access policy.
type GraphService interface {
	// Neighbours returns a node and its neighbours: the selectors of a
	// record, or the records (that the caller may read) holding a selector.
	Neighbours(ctx context.Context, p Principal, node string, limit int) (*Graph, error)
	// Path returns a shortest path between two nodes through records the
	// caller may read, at most maxDepth edges long; ENOTFOUND if none.
	Path(ctx context.Context, p Principal, from, to string, maxDepth int) (*Graph, error)
}
