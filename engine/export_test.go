package engine

import (
	"context"

	"github.com/jisr-cell/jisr"
)

// AroundOneByOne and PathOneByOne are Around and Path as they were before
// the breadth-first steps were batched (expand): one neighbours call, so one
// store query or two, per node expanded. The batched walk must give the
// same graphs (TestGraphBatchedAsOneByOne). Nothing is audited.
func (e *Engine) AroundOneByOne(ctx context.Context, p jisr.Principal, node string, depth, maxNodes int) (*jisr.Graph, error) {
	if depth <= 0 {
		depth = 1
	}
	depth = min(depth, MaxAroundDepth)
	if maxNodes <= 0 || maxNodes > MaxGraphNodes {
		maxNodes = MaxGraphNodes
	}
	self, first, err := e.neighbours(ctx, p, node, 200)
	if err != nil {
		return nil, err
	}
	g := &jisr.Graph{Nodes: []jisr.GraphNode{self}, Edges: []jisr.GraphEdge{}}
	at := map[string]int{self.ID: 0}
	edges := map[[2]string]bool{}
	add := func(from jisr.GraphNode, ns []neighbour) []string {
		var next []string
		for _, n := range ns {
			if _, ok := at[n.ID]; !ok {
				if len(g.Nodes) >= maxNodes {
					g.Capped = true
					continue
				}
				at[n.ID] = len(g.Nodes)
				g.Nodes = append(g.Nodes, n.GraphNode)
				next = append(next, n.ID)
			}
			ed := edge(from, n.GraphNode, n.possible)
			if k := [2]string{ed.From, ed.To}; !edges[k] {
				edges[k] = true
				g.Edges = append(g.Edges, ed)
			}
		}
		return next
	}
	frontier := add(self, first)
	for d := 1; d < depth && len(frontier) > 0 && !g.Capped; d++ {
		var next []string
		for _, id := range frontier {
			from, ns, err := e.neighbours(ctx, p, id, 200)
			if err != nil {
				return nil, err
			}
			if i := at[id]; len(from.Same) > 0 {
				g.Nodes[i].Same = from.Same
			}
			next = append(next, add(g.Nodes[at[id]], ns)...)
			if g.Capped {
				break
			}
		}
		frontier = next
	}
	return g, nil
}

func (e *Engine) PathOneByOne(ctx context.Context, p jisr.Principal, from, to string, maxDepth int) (*jisr.Graph, error) {
	if maxDepth <= 0 || maxDepth > 8 {
		maxDepth = 6
	}
	start, _, err := e.neighbours(ctx, p, from, 1)
	if err != nil {
		return nil, err
	}
	if _, _, err := e.neighbours(ctx, p, to, 1); err != nil {
		return nil, err
	}
	nodes := map[string]jisr.GraphNode{from: start}
	prev := map[string]string{from: ""}
	possible := map[string]bool{}
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
				prev[n.ID], nodes[n.ID], possible[n.ID] = id, n.GraphNode, n.possible
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
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no path")
	}
	g := &jisr.Graph{Edges: []jisr.GraphEdge{}}
	for id := to; id != ""; id = prev[id] {
		g.Nodes = append([]jisr.GraphNode{nodes[id]}, g.Nodes...)
		if prev[id] != "" {
			g.Edges = append(g.Edges, edge(nodes[prev[id]], nodes[id], possible[id]))
		}
	}
	return g, nil
}
