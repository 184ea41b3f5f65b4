package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// MaxGraphNodes bounds the nodes a path search visits.
const MaxGraphNodes = 5000

func (e *Engine) neighbours(ctx context.Context, p jisr.Principal, node string, limit int) (jisr.GraphNode, []jisr.GraphNode, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no node %q you may see", node)
	switch {
	case strings.HasPrefix(node, "record:"):
		id := strings.TrimPrefix(node, "record:")
		r, seq, err := e.readable(ctx, p, id)
		if err != nil {
			return jisr.GraphNode{}, nil, notFound
		}
		self := jisr.GraphNode{ID: node, Kind: "record", Type: string(r.Kind), Label: r.Title, Agency: r.Originator}
		keys, err := e.st.SelectorKeysOf(ctx, seq, limit)
		if err != nil {
			return self, nil, err
		}
		var out []jisr.GraphNode
		for _, key := range keys {
			t, v, _ := strings.Cut(key, ":")
			out = append(out, jisr.GraphNode{ID: "sel:" + key, Kind: "selector", Type: t, Label: v})
		}
		return self, out, nil
	case strings.HasPrefix(node, "sel:"):
		key := strings.TrimPrefix(node, "sel:")
		t, v, ok := strings.Cut(key, ":")
		if !ok || strings.HasPrefix(key, "coordcell:") {
			return jisr.GraphNode{}, nil, jisr.Invalid("node", "is not a selector node such as sel:phone:+9647701234567")
		}
		self := jisr.GraphNode{ID: node, Kind: "selector", Type: t, Label: v}
		tokens := policy.Tokens(p)
		if len(tokens) == 0 {
			return self, nil, nil
		}
		rs, err := e.st.ReadableHolders(ctx, tokens, key, limit)
		if err != nil {
			return self, nil, err
		}
		var out []jisr.GraphNode
		for _, r := range rs {
			out = append(out, jisr.GraphNode{ID: "record:" + r.ID, Kind: "record", Type: string(r.Kind), Label: r.Title, Agency: r.Originator})
		}
		return self, out, nil
	}
	return jisr.GraphNode{}, nil, jisr.Invalid("node", "must start with record: or sel:")
}

// Neighbours implements jisr.GraphService.
func (e *Engine) Neighbours(ctx context.Context, p jisr.Principal, node string, limit int) (*jisr.Graph, error) {
	self, ns, err := e.neighbours(ctx, p, node, limit)
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActGraphRead, e.st.KeyedNode(node), "", err)
	}
	g := &jisr.Graph{Nodes: []jisr.GraphNode{self}, Edges: []jisr.GraphEdge{}}
	for _, n := range ns {
		g.Nodes = append(g.Nodes, n)
		g.Edges = append(g.Edges, edge(self, n))
	}
	seqs, err := e.graphSeqs(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := e.auditRead(ctx, p, jisr.ActGraphRead, e.st.KeyedNode(node), fmt.Sprintf("n=%d", len(ns)), seqs); err != nil {
		return nil, err
	}
	return g, nil
}

// edge points from the record to the selector.
func edge(a, b jisr.GraphNode) jisr.GraphEdge {
	if a.Kind == "selector" {
		a, b = b, a
	}
	return jisr.GraphEdge{From: a.ID, To: b.ID}
}

// Path implements jisr.GraphService: a breadth-first search over records
// the caller may read and their selectors.
func (e *Engine) Path(ctx context.Context, p jisr.Principal, from, to string, maxDepth int) (*jisr.Graph, error) {
	if maxDepth <= 0 || maxDepth > 8 {
		maxDepth = 6
	}
	keyedFrom, keyedTo := e.st.KeyedNode(from), e.st.KeyedNode(to)
	start, _, err := e.neighbours(ctx, p, from, 1)
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActGraphPath, keyedFrom, "to="+keyedTo, err)
	}
	if _, _, err := e.neighbours(ctx, p, to, 1); err != nil {
		return nil, e.deny(ctx, p, jisr.ActGraphPath, keyedFrom, "to="+keyedTo, err)
	}
	nodes := map[string]jisr.GraphNode{from: start}
	prev := map[string]string{from: ""}
	frontier := []string{from}
	found := from == to
	for depth := 0; depth < maxDepth && !found && len(frontier) > 0 && len(prev) < MaxGraphNodes; depth++ {
		var next []string
		for _, id := range frontier {
			_, ns, err := e.neighbours(ctx, p, id, 200)
			if err != nil {
				return nil, err
			}
			for _, n := range ns {
				if _, seen := prev[n.ID]; seen {
					continue
				}
				prev[n.ID], nodes[n.ID] = id, n
				if n.ID == to {
					found = true
					break
				}
				next = append(next, n.ID)
			}
			if found || len(prev) >= MaxGraphNodes {
				break
			}
		}
		frontier = next
	}
	if !found {
		if err := e.auditOnly(ctx, p, jisr.ActGraphPath, keyedFrom, "to="+keyedTo+" none", OutcomeOK); err != nil {
			return nil, err
		}
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no path of at most %d steps through records you may see", maxDepth)
	}
	g := &jisr.Graph{Edges: []jisr.GraphEdge{}}
	for id := to; id != ""; id = prev[id] {
		g.Nodes = append([]jisr.GraphNode{nodes[id]}, g.Nodes...)
		if prev[id] != "" {
			g.Edges = append(g.Edges, edge(nodes[prev[id]], nodes[id]))
		}
	}
	seqs, err := e.graphSeqs(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := e.auditRead(ctx, p, jisr.ActGraphPath, keyedFrom, fmt.Sprintf("to=%s steps=%d", keyedTo, len(g.Edges)), seqs); err != nil {
		return nil, err
	}
	return g, nil
}

// graphSeqs are the records a graph shows, for the read index.
func (e *Engine) graphSeqs(ctx context.Context, g *jisr.Graph) ([]int64, error) {
	var ids []string
	for _, n := range g.Nodes {
		if id, ok := strings.CutPrefix(n.ID, "record:"); ok {
			ids = append(ids, id)
		}
	}
	return e.st.SeqsOf(ctx, ids)
}
