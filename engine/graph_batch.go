package engine

import (
	"context"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// expanded is a node of a breadth-first step and its neighbours.
type expanded struct {
	self jisr.GraphNode
	ns   []neighbour
}

// expand returns the neighbours of every node of a breadth-first step's
// frontier, exactly as neighbours gives them one by one (the same
// functions make the nodes), with one store query per kind of node instead
// of one per node: the records (with their selector keys), the selectors'
// readable holders, and the names' readable records. Every query carries
// the caller's tokens; the store filters by them. A node neighbours would
// refuse makes the error neighbours gives, the first in frontier order.
func (e *Engine) expand(ctx context.Context, p jisr.Principal, frontier []string, limit int) (map[string]expanded, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var recordIDs, keys, nameQueries []string
	for _, node := range frontier {
		switch {
		case strings.HasPrefix(node, "record:"):
			recordIDs = append(recordIDs, strings.TrimPrefix(node, "record:"))
		case strings.HasPrefix(node, "person:") || strings.HasPrefix(node, "company:"):
			if _, name, err := nameSelf(node); err == nil {
				nameQueries = append(nameQueries, name)
			}
		case strings.HasPrefix(node, "sel:"):
			if _, key, err := selectorSelf(node); err == nil {
				keys = append(keys, key)
			}
		}
	}
	tokens := policy.Tokens(p)
	var (
		records = map[string]GraphRecord{}
		holders = map[string][]*jisr.Record{}
		found   = map[string][]nameFound{}
	)
	if len(tokens) > 0 {
		var err error
		if len(recordIDs) > 0 {
			if records, err = e.st.GraphRecords(ctx, tokens, recordIDs, limit); err != nil {
				return nil, err
			}
		}
		if len(keys) > 0 {
			if holders, err = e.st.ReadableHoldersOf(ctx, tokens, keys, limit); err != nil {
				return nil, err
			}
		}
		if len(nameQueries) > 0 {
			fs, _, err := e.namesFoundOf(ctx, p, tokens, nameQueries, NameHitScore)
			if err != nil {
				return nil, err
			}
			for i, q := range nameQueries {
				found[q] = fs[i]
			}
		}
	}
	out := make(map[string]expanded, len(frontier))
	for _, node := range frontier {
		switch {
		case strings.HasPrefix(node, "record:"):
			gr, ok := records[strings.TrimPrefix(node, "record:")]
			if !ok {
				return nil, jisr.Errorf(jisr.ENOTFOUND, "no node %q you may see", node)
			}
			self, ns := recordNeighbours(p, gr.Record, gr.Keys, limit)
			out[node] = expanded{self, ns}
		case strings.HasPrefix(node, "person:") || strings.HasPrefix(node, "company:"):
			self, name, err := nameSelf(node)
			if err != nil {
				return nil, err
			}
			self, ns := nameNeighbours(self, found[name], limit)
			out[node] = expanded{self, ns}
		case strings.HasPrefix(node, "sel:"):
			self, key, err := selectorSelf(node)
			if err != nil {
				return nil, err
			}
			self, ns := selectorNeighbours(self, holders[key])
			out[node] = expanded{self, ns}
		default:
			return nil, jisr.Because("node", "graph_node")
		}
	}
	return out, nil
}
