package web

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/selectors"
)

// graphPage is the link-graph explorer: records the user may read and the
// phones, plates, containers… they hold, expanded node by node, with the
// shortest path between two of them. The data comes from GraphService,
// which goes through the access policy.
type graphPage struct {
	Q, To       string // what the user typed
	Start, Goal string // resolved node ids
	Profile     string // the profile of the start, when an identifier
}

// nodeOf turns what a user typed into a graph node: a record id, a node id
// as the API writes it, or a selector found in the text (a phone, a plate…).
func nodeOf(q, country string) string {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return ""
	case strings.HasPrefix(q, "record:") || strings.HasPrefix(q, "sel:"):
		return q
	}
	if _, err := uuid.Parse(q); err == nil {
		return "record:" + q
	}
	if found := selectors.Extract(q, country); len(found) > 0 {
		return "sel:" + found[0].Key()
	}
	// Types whose shape cannot be mistaken for ordinary words.
	for _, t := range []selectors.Type{selectors.Phone, selectors.Container, selectors.IMO, selectors.IBAN,
		selectors.IMEI, selectors.Email, selectors.BTC, selectors.ETH, selectors.TRON} {
		if s, err := selectors.Normalize(t, q, country); err == nil && s.Valid {
			return "sel:" + s.Key()
		}
	}
	return ""
}

func (h *Handler) graphPage(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	d := &graphPage{Q: q.Get("q"), To: q.Get("to")}
	d.Start, d.Goal = nodeOf(d.Q, st.P.Country), nodeOf(d.To, st.P.Country)
	if t, v, ok := strings.Cut(strings.TrimPrefix(d.Start, "sel:"), ":"); ok && strings.HasPrefix(d.Start, "sel:") && h.cfg.Search != nil {
		d.Profile = ProfileURL(t, v)
	}
	h.render(w, r, "graph", "graph.title", d)
}

// graphData answers the explorer's script: ?node= for a node and its
// neighbours, ?from=&to= for a path.
func (h *Handler) graphData(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	var out any
	var err error
	if q.Get("from") != "" {
		out, err = h.cfg.Graph.Path(r.Context(), st.P, q.Get("from"), q.Get("to"), 6)
	} else {
		out, err = h.cfg.Graph.Neighbours(r.Context(), st.P, q.Get("node"), 200)
	}
	if err != nil {
		writeJSONError(w, err)
		return
	}
	if g, ok := out.(*jisr.Graph); ok && g != nil {
		labelNodes(g)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(out)
}

// labelNodes writes the labels of graph nodes for the canvas: a selector
// as people write it ("+964 780 726 9252", not "+9647807269252" or
// "JO:40:81295"), isolated left to right (LRI … PDI), a record's title
// isolated by its first strong character (FSI … PDI) so that its digits
// keep their place in either direction.
func labelNodes(g *jisr.Graph) {
	for i := range g.Nodes {
		n := &g.Nodes[i]
		switch n.Kind {
		case "selector":
			n.Label = SelText(n.Type, n.Label)
		default:
			if n.Label != "" {
				n.Label = fsi + n.Label + pdi
			}
		}
	}
}
