package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/selectors"
)

// graphPage is the link-graph explorer: records the user may read, the
// phones, plates, containers… they hold and the persons and companies they
// name, expanded node by node, with the shortest path between two of them.
// The data comes from GraphService, which goes through the access policy.
type graphPage struct {
	Q, To       string // what the user typed
	Start, Goal string // resolved node ids
	Depth       int    // steps shown around the start (1–3)
	From, Until string // the timeline filter: records dated within
	Profile     string // the profile of the start, when an identifier
}

// selectorTypes are tried, in this order, on what a user typed that the
// extractor did not recognise in free text.
var selectorTypes = []selectors.Type{selectors.Phone, selectors.Container, selectors.IMO, selectors.IBAN,
	selectors.IMEI, selectors.Email, selectors.BTC, selectors.ETH, selectors.TRON, selectors.Plate,
	selectors.Passport, selectors.NationalID, selectors.MMSI, selectors.Card}

// nodeCandidates turns what a user typed into the graph nodes it may
// name, most likely first: a record id, a node id as the API writes it,
// the selectors found in the text, the value read as each identifier type
// — as people write it ("+964 780 726 9252", "40-81295", a passport
// number), normalised by package selectors for the user's country, then
// without a country, then for the other countries of the region (a plate
// or passport of another country) —, and a person's or company's name.
// The engine's Resolve keeps the first one with a readable neighbour.
func nodeCandidates(q, country string) []string {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return nil
	case strings.HasPrefix(q, "record:") || strings.HasPrefix(q, "sel:") || strings.HasPrefix(q, "person:") || strings.HasPrefix(q, "company:"):
		return []string{q}
	}
	if _, err := uuid.Parse(q); err == nil {
		return []string{"record:" + q}
	}
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, s := range selectors.Extract(q, country) {
		if s.Valid && s.Type != selectors.Coord {
			add("sel:" + s.Key())
		}
	}
	countries := []string{country, ""}
	others := make([]string, 0, len(jisr.Countries))
	for c := range jisr.Countries {
		if c != country {
			others = append(others, c)
		}
	}
	sort.Strings(others)
	countries = append(countries, others...)
	for _, t := range selectorTypes {
		for _, c := range countries {
			if s, err := selectors.Normalize(t, q, c); err == nil && s.Valid {
				add("sel:" + s.Key())
			}
			if t != selectors.Plate && t != selectors.Passport && t != selectors.NationalID && t != selectors.Phone {
				break // the country does not change the value
			}
		}
	}
	// A name: letters, no digits.
	if !strings.ContainsAny(q, "0123456789٠١٢٣٤٥٦٧٨٩") && strings.IndexFunc(q, unicode.IsLetter) >= 0 {
		add("person:" + q)
		add("company:" + q)
	}
	return out
}

// nodeOf reads what a user typed as one node without asking the engine: a
// record id, a node id, or an identifier of a type whose shape cannot be
// mistaken for ordinary words.
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
	for _, t := range []selectors.Type{selectors.Phone, selectors.Container, selectors.IMO, selectors.IBAN,
		selectors.IMEI, selectors.Email, selectors.BTC, selectors.ETH, selectors.TRON} {
		if s, err := selectors.Normalize(t, q, country); err == nil && s.Valid {
			return "sel:" + s.Key()
		}
	}
	return ""
}

// resolveNode is the node of what a user typed that the caller may see
// something of ("" if none).
func (h *Handler) resolveNode(r *http.Request, p jisr.Principal, q string) string {
	cands := nodeCandidates(q, p.Country)
	if len(cands) == 0 {
		return ""
	}
	n, err := h.cfg.Graph.Resolve(r.Context(), p, cands)
	if err != nil || n == "" {
		return ""
	}
	return n
}

func (h *Handler) graphPage(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	d := &graphPage{Q: q.Get("q"), To: q.Get("to"), Depth: 1, From: dateParam(q.Get("from")), Until: dateParam(q.Get("until"))}
	if n, err := strconv.Atoi(q.Get("depth")); err == nil && n >= 1 && n <= 3 {
		d.Depth = n
	}
	d.Start = h.resolveNode(r, st.P, d.Q)
	if d.To != "" {
		d.Goal = h.resolveNode(r, st.P, d.To)
	}
	if t, v, ok := strings.Cut(strings.TrimPrefix(d.Start, "sel:"), ":"); ok && strings.HasPrefix(d.Start, "sel:") && h.cfg.Search != nil {
		d.Profile = ProfileURL(t, v)
	}
	if name, ok := strings.CutPrefix(d.Start, "person:"); ok && h.cfg.Search != nil {
		d.Profile = ProfileURL(jisr.ProfilePerson, name)
	}
	if name, ok := strings.CutPrefix(d.Start, "company:"); ok && h.cfg.Search != nil {
		d.Profile = ProfileURL(jisr.ProfileCompany, name)
	}
	h.render(w, r, "graph", "graph.title", d)
}

// dateParam is a YYYY-MM-DD date or "".
func dateParam(s string) string {
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return ""
	}
	return s
}

// graphMaxNodes bounds the nodes of one answer of the explorer.
const graphMaxNodes = 5000

// graphData answers the explorer's script: ?node=&depth= for a node and
// what lies at most depth steps from it, ?from=&to= for a path.
func (h *Handler) graphData(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	q := r.URL.Query()
	var g *jisr.Graph
	var err error
	if q.Get("from") != "" {
		g, err = h.cfg.Graph.Path(r.Context(), st.P, q.Get("from"), q.Get("to"), 6)
	} else {
		depth, _ := strconv.Atoi(q.Get("depth"))
		g, err = h.cfg.Graph.Around(r.Context(), st.P, q.Get("node"), max(1, min(depth, 3)), graphMaxNodes)
	}
	if err != nil {
		writeJSONError(w, err)
		return
	}
	labelNodes(g)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(g)
}

// labelNodes writes the labels of graph nodes for the canvas: a selector
// as people write it ("+964 780 726 9252", not "+9647807269252" or
// "JO:40:81295"), isolated left to right (LRI … PDI), a record's title
// or a name isolated by its first strong character (FSI … PDI) so that
// its digits keep their place in either direction.
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
