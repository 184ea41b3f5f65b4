package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/match"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/selectors"
)

// Profiles gather, over the records the caller may read only, what is
// known of one person, company or identifier: the records are found by the
// same filtered paths as search (the name index over readable names, then
// the store's audience filter; the store's readable holders of a selector
// key), each is redacted for the caller, and the hits shown are those of
// the caller's records as policy.HitDisclosure lets it see them.

// selectorKey turns a profile's identifier into its posting key: the value
// as people write it (normalised for the caller's country) or already
// canonical.
func selectorKey(t selectors.Type, value, country string) (string, bool) {
	if !slices.Contains(selectors.Types, t) {
		return "", false
	}
	if s, err := selectors.Normalize(t, value, country); err == nil && s.Valid {
		return s.Key(), true
	}
	return string(t) + ":" + value, true
}

// profileRec is a record of a profile: its seq, the stored record (for
// hits) and the caller's copy.
type profileRec struct {
	seq       int64
	own, view *jisr.Record
	mention   jisr.ProfileMention
}

// Profile implements jisr.SearchService.
func (e *Engine) Profile(ctx context.Context, p jisr.Principal, q jisr.ProfileQuery) (*jisr.Profile, error) {
	q.Type, q.Value = strings.TrimSpace(q.Type), strings.TrimSpace(q.Value)
	if q.Value == "" {
		return nil, jisr.Because("value", "required")
	}
	out := &jisr.Profile{Type: q.Type, Value: q.Value, Mentions: []jisr.ProfileMention{}}
	tokens := policy.Tokens(p)
	var recs []profileRec
	names := map[string]bool{} // a person's or company's spellings
	key := ""
	switch q.Type {
	case jisr.ProfilePerson, jisr.ProfileCompany:
		if len(tokens) > 0 {
			found, capped, err := e.namesFound(ctx, p, tokens, q.Value, GroupScore)
			if err != nil {
				return nil, err
			}
			out.Capped = capped
			at := map[int64]int{}
			for _, h := range found {
				if h.score < GroupScore || (h.entity.Schema == "Person") != (q.Type == jisr.ProfilePerson) {
					continue
				}
				for _, n := range h.entity.Props["name"] {
					if !names[n] {
						names[n] = true
						out.Names = append(out.Names, n)
					}
				}
				if _, ok := at[h.seq]; ok {
					continue
				}
				at[h.seq] = len(recs)
				recs = append(recs, profileRec{seq: h.seq, view: h.rec, mention: mentionOf(h.rec, h.entity, h.match.Name)})
			}
		}
	default:
		t := selectors.Type(q.Type)
		var ok bool
		if key, ok = selectorKey(t, q.Value, p.Country); !ok || t == selectors.Coord {
			return nil, jisr.Because("type", "profile_type")
		}
		_, out.Value, _ = strings.Cut(key, ":")
		if len(tokens) > 0 {
			rs, err := e.st.ReadableHolders(ctx, tokens, key, jisr.ProfileCap+1)
			if err != nil {
				return nil, err
			}
			for _, r := range rs {
				// The store's filter again, for the seq and hits.
				own, seq, err := e.st.ReadableRecord(ctx, tokens, r.ID)
				if err != nil {
					return nil, err
				}
				if own == nil {
					continue
				}
				view := policy.Redact(p, own)
				m := mentionOf(view, nil, "")
				for _, f := range match.Selectors(view, e.st.AgencyCountry(view.Originator)) {
					if f.Key == key || slices.Contains(f.Index, key) {
						m.Entity, m.As = f.Entity, f.Raw
						if en := entityOf(view, f.Entity); en != nil {
							m.Role = en.Role
						}
						break
					}
				}
				recs = append(recs, profileRec{seq: seq, own: own, view: view, mention: m})
			}
		}
	}
	if len(recs) > jisr.ProfileCap {
		recs, out.Capped = recs[:jisr.ProfileCap], true
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].view.OccurredOn != recs[j].view.OccurredOn {
			return recs[i].view.OccurredOn > recs[j].view.OccurredOn
		}
		return recs[i].seq > recs[j].seq
	})
	var seqs []int64
	for _, r := range recs {
		out.Mentions = append(out.Mentions, r.mention)
		seqs = append(seqs, r.seq)
	}
	out.Linked = e.profileLinks(recs, key, names)
	hits, err := e.profileHits(ctx, p, tokens, recs, key, names)
	if err != nil {
		return nil, err
	}
	out.Hits = hits
	far, err := e.hitSeqs(ctx, hits)
	if err != nil {
		return nil, err
	}
	what := e.st.KeyedText(q.Value)
	if key != "" {
		what = e.st.KeyedNode("sel:" + key)
	}
	detail := fmt.Sprintf("type=%s value=%s n=%d hits=%d", q.Type, what, len(out.Mentions), len(hits))
	if err := e.auditRead(ctx, p, jisr.ActProfile, "", detail, append(seqs, far...)); err != nil {
		return nil, err
	}
	return out, nil
}

func entityOf(r *jisr.Record, id string) *jisr.Entity {
	for i := range r.Entities {
		if r.Entities[i].ID == id {
			return &r.Entities[i]
		}
	}
	return nil
}

func mentionOf(r *jisr.Record, en *jisr.Entity, as string) jisr.ProfileMention {
	m := jisr.ProfileMention{RecordID: r.ID, Title: r.Title, Kind: r.Kind, Originator: r.Originator, OccurredOn: r.OccurredOn,
		TLP: r.TLP, As: as}
	if en != nil {
		m.Entity, m.Role = en.ID, en.Role
	}
	return m
}

// profileLinks counts the other identifiers, persons and companies of a
// profile's records (as the caller reads them), the most shared first.
func (e *Engine) profileLinks(recs []profileRec, key string, names map[string]bool) []jisr.ProfileLink {
	type k struct{ t, v string }
	count := map[k]int{}
	for _, r := range recs {
		seen := map[k]bool{}
		for _, f := range match.Selectors(r.view, e.st.AgencyCountry(r.view.Originator)) {
			if f.Key == key || strings.HasPrefix(f.Key, "coordcell:") || f.Type == string(selectors.Coord) {
				continue
			}
			seen[k{f.Type, f.Value}] = true
		}
		for _, en := range r.view.Entities {
			if !nameSchemas[en.Schema] || policy.Protected(&en) || en.ID == r.mention.Entity {
				continue
			}
			n := en.First("name")
			if n == "" || names[n] {
				continue
			}
			t := jisr.ProfileCompany
			if en.Schema == "Person" {
				t = jisr.ProfilePerson
			}
			seen[k{t, n}] = true
		}
		for x := range seen {
			count[x]++
		}
	}
	out := make([]jisr.ProfileLink, 0, len(count))
	for x, n := range count {
		out = append(out, jisr.ProfileLink{Type: x.t, Value: x.v, Records: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Records != out[j].Records {
			return out[i].Records > out[j].Records
		}
		if out[i].Type != out[j].Type {
			return out[i].Type < out[j].Type
		}
		return out[i].Value < out[j].Value
	})
	if len(out) > 100 {
		out = out[:100]
	}
	return out
}

// profileHits are the hits of a profile's records on it, as the caller
// may see them (viewHit: the far side in full or blind).
func (e *Engine) profileHits(ctx context.Context, p jisr.Principal, tokens []string, recs []profileRec, key string, names map[string]bool) ([]*jisr.Hit, error) {
	out := []*jisr.Hit{}
	seen := map[string]bool{}
	for _, r := range recs {
		own := r.own
		if own == nil {
			var err error
			if own, _, err = e.st.ReadableRecord(ctx, tokens, r.view.ID); err != nil {
				return nil, err
			}
			if own == nil {
				continue
			}
		}
		hs, err := e.st.RecordHitRows(ctx, r.seq, 500)
		if err != nil {
			return nil, err
		}
		for i := range hs {
			h := &hs[i]
			if key != "" && (h.Rule != jisr.RuleSelector || h.Key != key) || key == "" && h.Rule != jisr.RuleName {
				continue
			}
			otherSeq := h.Other
			if otherSeq == r.seq {
				otherSeq = h.Seq
			}
			other, err := e.st.RecordAt(ctx, otherSeq)
			if err != nil {
				return nil, err
			}
			if key == "" && !nameHitOf(own, other, names) {
				continue
			}
			if v := viewHit(p, h, own, other); v != nil && !seen[v.ID] {
				seen[v.ID] = true
				out = append(out, v)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out, nil
}

// nameHitOf reports whether the name hit between own and other is by
// one of names: the pair of names it meets on (namePair, from the records'
// entities) holds one of them.
func nameHitOf(own, other *jisr.Record, names map[string]bool) bool {
	a, b, _, ok := namePair(own, other)
	return ok && (names[a] || names[b])
}
