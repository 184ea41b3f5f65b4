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

// neighbour is a node next to another, and whether the name matcher holds
// the link only possible.
type neighbour struct {
	jisr.GraphNode
	possible bool
}

// nameNode is the node of a person or company entity of a record, "" for
// other schemas or an entity without a name.
func nameNode(en *jisr.Entity) (jisr.GraphNode, bool) {
	kind := ""
	switch en.Schema {
	case "Person":
		kind = "person"
	case "Company", "Organization":
		kind = "company"
	default:
		return jisr.GraphNode{}, false
	}
	name := strings.TrimSpace(en.First("name"))
	if name == "" {
		return jisr.GraphNode{}, false
	}
	return jisr.GraphNode{ID: kind + ":" + name, Kind: kind, Type: en.Schema, Label: name}, true
}

func recordNode(r *jisr.Record) jisr.GraphNode {
	return jisr.GraphNode{ID: "record:" + r.ID, Kind: "record", Type: string(r.Kind), Label: r.Title, Agency: r.Originator, Date: r.OccurredOn}
}

func (e *Engine) neighbours(ctx context.Context, p jisr.Principal, node string, limit int) (jisr.GraphNode, []neighbour, error) {
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
		keys, err := e.st.SelectorKeysOf(ctx, seq, limit)
		if err != nil {
			return recordNode(policy.Redact(p, r)), nil, err
		}
		self, out := recordNeighbours(p, r, keys, limit)
		return self, out, nil
	case strings.HasPrefix(node, "person:") || strings.HasPrefix(node, "company:"):
		self, name, err := nameSelf(node)
		if err != nil {
			return jisr.GraphNode{}, nil, err
		}
		tokens := policy.Tokens(p)
		if len(tokens) == 0 {
			return self, nil, nil
		}
		// The name index over the names the caller may read, then the
		// store's audience filter (namesFound), like person search.
		found, _, err := e.namesFound(ctx, p, tokens, name, NameHitScore)
		if err != nil {
			return self, nil, err
		}
		self, out := nameNeighbours(self, found, limit)
		return self, out, nil
	case strings.HasPrefix(node, "sel:"):
		self, key, err := selectorSelf(node)
		if err != nil {
			return jisr.GraphNode{}, nil, err
		}
		tokens := policy.Tokens(p)
		if len(tokens) == 0 {
			return self, nil, nil
		}
		rs, err := e.st.ReadableHolders(ctx, tokens, key, limit)
		if err != nil {
			return self, nil, err
		}
		self, out := selectorNeighbours(self, rs)
		return self, out, nil
	}
	return jisr.GraphNode{}, nil, jisr.Because("node", "graph_node")
}

// recordNeighbours are the neighbours of the record r (as read, before
// redaction) posted under keys: its selectors, then its persons and
// companies as the caller reads them (protected persons are redacted away
// first).
func recordNeighbours(p jisr.Principal, r *jisr.Record, keys []string, limit int) (jisr.GraphNode, []neighbour) {
	r = policy.Redact(p, r)
	self := recordNode(r)
	var out []neighbour
	for _, key := range keys {
		t, v, _ := strings.Cut(key, ":")
		out = append(out, neighbour{GraphNode: jisr.GraphNode{ID: "sel:" + key, Kind: "selector", Type: t, Label: v}})
	}
	seen := map[string]bool{}
	for i := range r.Entities {
		if n, ok := nameNode(&r.Entities[i]); ok && !seen[n.ID] && len(out) < limit {
			seen[n.ID] = true
			out = append(out, neighbour{GraphNode: n})
		}
	}
	return self, out
}

// nameSelf is the node person:<name> or company:<name>, and the name.
func nameSelf(node string) (jisr.GraphNode, string, error) {
	kind, name, _ := strings.Cut(node, ":")
	name = strings.TrimSpace(name)
	if name == "" {
		return jisr.GraphNode{}, "", jisr.Because("node", "graph_node_name")
	}
	schema := map[string]string{"person": "Person", "company": "Company"}[kind]
	return jisr.GraphNode{ID: kind + ":" + name, Kind: kind, Type: schema, Label: name}, name, nil
}

// nameNeighbours are the records of the names found for the person or
// company self: confident matches make the same node (Same), weaker ones
// possible edges.
func nameNeighbours(self jisr.GraphNode, found []nameFound, limit int) (jisr.GraphNode, []neighbour) {
	at := map[string]int{}
	same := map[string]bool{self.ID: true}
	var out []neighbour
	for _, h := range found {
		if (h.entity.Schema == "Person") != (self.Kind == "person") {
			continue
		}
		confident := h.score >= GroupScore && h.match.Score >= GroupScore
		if confident {
			if n, ok := nameNode(h.entity); ok && !same[n.ID] {
				same[n.ID] = true
				self.Same = append(self.Same, n.ID)
			}
		}
		id := "record:" + h.rec.ID
		if i, ok := at[id]; ok {
			out[i].possible = out[i].possible && !confident
			continue
		}
		if len(out) == limit {
			continue
		}
		at[id] = len(out)
		out = append(out, neighbour{GraphNode: recordNode(h.rec), possible: !confident})
	}
	return self, out
}

// selectorSelf is the node sel:<type>:<value>, and its key.
func selectorSelf(node string) (jisr.GraphNode, string, error) {
	key := strings.TrimPrefix(node, "sel:")
	t, v, ok := strings.Cut(key, ":")
	if !ok || strings.HasPrefix(key, "coordcell:") {
		return jisr.GraphNode{}, "", jisr.Because("node", "graph_node_sel")
	}
	return jisr.GraphNode{ID: node, Kind: "selector", Type: t, Label: v}, key, nil
}

// selectorNeighbours are the records rs holding the selector self.
func selectorNeighbours(self jisr.GraphNode, rs []*jisr.Record) (jisr.GraphNode, []neighbour) {
	var out []neighbour
	for _, r := range rs {
		out = append(out, neighbour{GraphNode: recordNode(r)})
	}
	return self, out
}

// Neighbours implements jisr.GraphService.
func (e *Engine) Neighbours(ctx context.Context, p jisr.Principal, node string, limit int) (*jisr.Graph, error) {
	self, ns, err := e.neighbours(ctx, p, node, limit)
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActGraphRead, e.st.KeyedNode(node), "", err)
	}
	g := &jisr.Graph{Nodes: []jisr.GraphNode{self}, Edges: []jisr.GraphEdge{}}
	for _, n := range ns {
		g.Nodes = append(g.Nodes, n.GraphNode)
		g.Edges = append(g.Edges, edge(self, n.GraphNode, n.possible))
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

// edge points from the record to the selector, person or company.
func edge(a, b jisr.GraphNode, possible bool) jisr.GraphEdge {
	if a.Kind != "record" {
		a, b = b, a
	}
	return jisr.GraphEdge{From: a.ID, To: b.ID, Possible: possible}
}

// Path implements jisr.GraphService: a breadth-first search over records
// the caller may read and their selectors (each step one batch, expand).
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
	possible := map[string]bool{}
	frontier := []string{from}
	found := from == to
	for depth := 0; depth < maxDepth && !found && len(frontier) > 0 && len(prev) < MaxGraphNodes; depth++ {
		var next []string
		step, err := e.expand(ctx, p, frontier, 200)
		if err != nil {
			return nil, err
		}
		for _, id := range frontier {
			ns := step[id].ns
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
		if err := e.auditOnly(ctx, p, jisr.ActGraphPath, keyedFrom, "to="+keyedTo+" none", OutcomeOK); err != nil {
			return nil, err
		}
		return nil, jisr.Errorf(jisr.ENOTFOUND, "no path of at most %d steps through records you may see", maxDepth)
	}
	g := &jisr.Graph{Edges: []jisr.GraphEdge{}}
	for id := to; id != ""; id = prev[id] {
		g.Nodes = append([]jisr.GraphNode{nodes[id]}, g.Nodes...)
		if prev[id] != "" {
			g.Edges = append(g.Edges, edge(nodes[prev[id]], nodes[id], possible[id]))
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

// MaxAroundDepth bounds the steps of Around.
const MaxAroundDepth = 4

// Around implements jisr.GraphService: a breadth-first walk from node over
// records the caller may read (each step one batch of store queries,
// expand, through the store's audience filter), cut at maxNodes.
func (e *Engine) Around(ctx context.Context, p jisr.Principal, node string, depth, maxNodes int) (*jisr.Graph, error) {
	if depth <= 0 {
		depth = 1
	}
	depth = min(depth, MaxAroundDepth)
	if maxNodes <= 0 || maxNodes > MaxGraphNodes {
		maxNodes = MaxGraphNodes
	}
	keyed := e.st.KeyedNode(node)
	self, first, err := e.neighbours(ctx, p, node, 200)
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActGraphRead, keyed, fmt.Sprintf("depth=%d", depth), err)
	}
	g := &jisr.Graph{Nodes: []jisr.GraphNode{self}, Edges: []jisr.GraphEdge{}}
	at := map[string]int{self.ID: 0}
	edges := map[[2]string]bool{}
	frontier := []string{self.ID}
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
	frontier = add(self, first)
	for d := 1; d < depth && len(frontier) > 0 && !g.Capped; d++ {
		var next []string
		step, err := e.expand(ctx, p, frontier, 200)
		if err != nil {
			return nil, err
		}
		for _, id := range frontier {
			from, ns := step[id].self, step[id].ns
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
	seqs, err := e.graphSeqs(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := e.auditRead(ctx, p, jisr.ActGraphRead, keyed, fmt.Sprintf("depth=%d n=%d", depth, len(g.Nodes)-1), seqs); err != nil {
		return nil, err
	}
	return g, nil
}

// MaxResolve bounds the candidates Resolve tries.
const MaxResolve = 64

// Resolve implements jisr.GraphService. Each candidate is tried through
// neighbours, so only records the caller may read make one found; nothing
// is audited (the graph read that follows is).
func (e *Engine) Resolve(ctx context.Context, p jisr.Principal, candidates []string) (string, error) {
	for i, c := range candidates {
		if i == MaxResolve {
			break
		}
		_, ns, err := e.neighbours(ctx, p, c, 1)
		if jisr.ErrorCode(err) == jisr.EINVALID || jisr.ErrorCode(err) == jisr.ENOTFOUND {
			continue
		}
		if err != nil {
			return "", err
		}
		if len(ns) > 0 || strings.HasPrefix(c, "record:") {
			return c, nil
		}
	}
	return "", nil
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
