package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// MaxGraphNodes bounds the nodes a path search visits.
const MaxGraphNodes = 5000

func (s *Store) neighbours(ctx context.Context, p jisr.Principal, node string, limit int) (jisr.GraphNode, []jisr.GraphNode, error) {
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no node %q you may see", node)
	switch {
	case strings.HasPrefix(node, "record:"):
		id := strings.TrimPrefix(node, "record:")
		r, seq, err := load(ctx, s.db, p, id)
		if err != nil {
			return jisr.GraphNode{}, nil, notFound
		}
		self := jisr.GraphNode{ID: node, Kind: "record", Type: string(r.Kind), Label: r.Title, Agency: r.Originator}
		rows, err := s.db.QueryContext(ctx, `SELECT k.key FROM selector_postings sp JOIN selector_keys k ON k.id = sp.key_id
			WHERE sp.seq = ? AND k.key NOT LIKE 'coordcell:%' AND k.key NOT LIKE '%:*:%' LIMIT ?`, seq, limit)
		if err != nil {
			return self, nil, internal(err)
		}
		defer rows.Close()
		var out []jisr.GraphNode
		for rows.Next() {
			var key string
			if err := rows.Scan(&key); err != nil {
				return self, nil, internal(err)
			}
			t, v, _ := strings.Cut(key, ":")
			out = append(out, jisr.GraphNode{ID: "sel:" + key, Kind: "selector", Type: t, Label: v})
		}
		return self, out, internal(rows.Err())
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
		cond, args := visible(tokens)
		rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.kind, r.originator, r.body FROM selector_postings sp JOIN records r ON r.seq = sp.seq
			WHERE sp.key_id = ? AND `+cond+` ORDER BY r.seq DESC LIMIT ?`, append(append([]any{keyID(key)}, args...), limit)...)
		if err != nil {
			return self, nil, internal(err)
		}
		defer rows.Close()
		var out []jisr.GraphNode
		for rows.Next() {
			var id, kind, orig string
			var body []byte
			if err := rows.Scan(&id, &kind, &orig, &body); err != nil {
				return self, nil, internal(err)
			}
			r, err := decodeBody(body)
			if err != nil {
				return self, nil, internal(err)
			}
			out = append(out, jisr.GraphNode{ID: "record:" + id, Kind: "record", Type: kind, Label: r.Title, Agency: orig})
		}
		return self, out, internal(rows.Err())
	}
	return jisr.GraphNode{}, nil, jisr.Invalid("node", "must start with record: or sel:")
}

// Neighbours implements jisr.GraphService.
func (s *Store) Neighbours(ctx context.Context, p jisr.Principal, node string, limit int) (*jisr.Graph, error) {
	self, ns, err := s.neighbours(ctx, p, node, limit)
	if err != nil {
		return nil, s.deny(ctx, p, jisr.ActGraphRead, s.keyedNode(node), "", err)
	}
	g := &jisr.Graph{Nodes: []jisr.GraphNode{self}, Edges: []jisr.GraphEdge{}}
	for _, n := range ns {
		g.Nodes = append(g.Nodes, n)
		g.Edges = append(g.Edges, edge(self, n))
	}
	seqs, err := s.graphSeqs(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, p, jisr.ActGraphRead, s.keyedNode(node), fmt.Sprintf("n=%d", len(ns)), seqs); err != nil {
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
func (s *Store) Path(ctx context.Context, p jisr.Principal, from, to string, maxDepth int) (*jisr.Graph, error) {
	if maxDepth <= 0 || maxDepth > 8 {
		maxDepth = 6
	}
	start, _, err := s.neighbours(ctx, p, from, 1)
	if err != nil {
		return nil, s.deny(ctx, p, jisr.ActGraphPath, s.keyedNode(from), "to="+s.keyedNode(to), err)
	}
	if _, _, err := s.neighbours(ctx, p, to, 1); err != nil {
		return nil, s.deny(ctx, p, jisr.ActGraphPath, s.keyedNode(from), "to="+s.keyedNode(to), err)
	}
	nodes := map[string]jisr.GraphNode{from: start}
	prev := map[string]string{from: ""}
	frontier := []string{from}
	found := from == to
	for depth := 0; depth < maxDepth && !found && len(frontier) > 0 && len(prev) < MaxGraphNodes; depth++ {
		var next []string
		for _, id := range frontier {
			_, ns, err := s.neighbours(ctx, p, id, 200)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
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
		if err := s.auditOnly(ctx, p, jisr.ActGraphPath, s.keyedNode(from), "to="+s.keyedNode(to)+" none", outcomeOK); err != nil {
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
	seqs, err := s.graphSeqs(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, p, jisr.ActGraphPath, s.keyedNode(from), fmt.Sprintf("to=%s steps=%d", s.keyedNode(to), len(g.Edges)), seqs); err != nil {
		return nil, err
	}
	return g, nil
}

// graphSeqs are the records a graph shows, for the read index.
func (s *Store) graphSeqs(ctx context.Context, g *jisr.Graph) ([]int64, error) {
	var ids []string
	for _, n := range g.Nodes {
		if id, ok := strings.CutPrefix(n.ID, "record:"); ok {
			ids = append(ids, id)
		}
	}
	return s.seqsOf(ctx, ids)
}
