package engine

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/match"
	"github.com/jisr-cell/jisr/names"
	"github.com/jisr-cell/jisr/policy"
	"github.com/jisr-cell/jisr/selectors"
)

// viewHit turns a stored hit into what p may see of it from the side own.
// It returns nil when p may learn nothing of it: the far side is shown as
// policy.HitDisclosure says (in full, or blind: the agency that holds it
// and nothing more).
func viewHit(p jisr.Principal, h *StoredHit, own, other *jisr.Record) *jisr.Hit {
	disc := policy.HitDisclosure(p, other)
	if disc == "" || !policy.CanRead(p, own) {
		return nil
	}
	out := &jisr.Hit{ID: h.Ref, Rule: h.Rule, Record: own.ID, Score: h.Score, Common: h.Common,
		CreatedAt: time.Unix(0, h.At).UTC(), Other: jisr.HitOther{Disclosure: disc, Agency: other.Originator}}
	if t, v, ok := strings.Cut(h.Key, ":"); ok && h.Rule == jisr.RuleSelector {
		out.Type, out.Value = t, v
	}
	out.Strength = jisr.HitWeak
	if hitRank(h) == 0 {
		out.Strength = jisr.HitStrong
	}
	np := hitNamePair(h, own, other) // once per hit: it compares names
	out.Group = hitGroup(h, own, np)
	if disc == jisr.DisclosureFull {
		out.Other.RecordID, out.Other.Title, out.Other.Kind = other.ID, other.Title, other.Kind
		out.Explanation = h.Explanation
		out.Reason = hitReason(h, own, other, np)
	} else {
		out.Status = h.Status
		out.Reason = blindReason(h, np)
		out.Explanation = blindExplanation(out.Reason)
	}
	return out
}

// blindReason is why a blind hit was made, from our side only (own):
// never the far record's value, name, place or quantity. A shared
// identifier is ours too (Hit.Value); a name hit names our person as our
// record holds it.
func blindReason(h *StoredHit, np namePairOf) *jisr.HitReason {
	switch h.Rule {
	case jisr.RuleSelector:
		return &jisr.HitReason{Key: jisr.RuleSelector}
	case jisr.RuleSite:
		return &jisr.HitReason{Key: "site_blind"}
	case jisr.RuleDuplicate:
		return &jisr.HitReason{Key: "duplicate_blind"}
	case jisr.RuleName:
		return &jisr.HitReason{Key: "name_blind", Ours: np.ours}
	}
	return nil
}

func blindExplanation(r *jisr.HitReason) string {
	if r == nil {
		return ""
	}
	switch r.Key {
	case "site_blind":
		return "a facility in our record is within a kilometre of one in another agency's record"
	case "duplicate_blind":
		return "another agency reported a seizure at the same crossing on about the same day with a similar quantity"
	case "name_blind":
		if r.Ours == "" {
			return "a person's name in our record resembles one in another agency's record"
		}
		return strconv.Quote(r.Ours) + " (ours) resembles a person's name in another agency's record"
	}
	return ""
}

// hitGroup names the entity or value of our record own a hit is on, from
// our side only: the shared identifier ("sel:" + key: the same value is
// ours), a person of ours ("name:" + our record + ":" + our name), or our
// record itself ("rec:" + our record + ":" + rule) for a site or a
// duplicate seizure.
func hitGroup(h *StoredHit, own *jisr.Record, np namePairOf) string {
	switch {
	case h.Rule == jisr.RuleSelector && h.Key != "":
		return "sel:" + h.Key
	case h.Rule == jisr.RuleName:
		if n := np.ours; n != "" {
			return "name:" + own.ID + ":" + n
		}
	}
	return "rec:" + own.ID + ":" + h.Rule
}

// namePairOf is the pair of names a name hit meets on (namePair), ours
// first; ok is false for another rule, or when the records no longer hold
// two names that meet (then ours is "").
type namePairOf struct {
	ours, theirs string
	m            names.Match
	ok           bool
}

// hitNamePair computes the names of a name hit from its two records.
func hitNamePair(h *StoredHit, own, other *jisr.Record) namePairOf {
	if h.Rule != jisr.RuleName {
		return namePairOf{}
	}
	var np namePairOf
	if np.ours, np.theirs, np.m, np.ok = namePair(own, other); !np.ok {
		return namePairOf{}
	}
	return np
}

// hitReason computes why two readable records meet from the records
// themselves: the reason key and its parameters (jisr.HitReason).
func hitReason(h *StoredHit, own, other *jisr.Record, np namePairOf) *jisr.HitReason {
	switch h.Rule {
	case jisr.RuleSelector:
		return &jisr.HitReason{Key: jisr.RuleSelector}
	case jisr.RuleSite:
		r := &jisr.HitReason{Key: jisr.RuleSite}
		if lat, lon, ok := match.Site(own); ok {
			if olat, olon, ok := match.Site(other); ok {
				r.Metres = math.Round(selectors.Distance(lat, lon, olat, olon))
			}
		}
		return r
	case jisr.RuleDuplicate:
		var a, b RecordRow
		derive(own, &a)
		derive(other, &b)
		return &jisr.HitReason{Key: jisr.RuleDuplicate, Crossing: a.Crossing, OursPills: a.Pills, OursKg: a.Kg, TheirsPills: b.Pills, TheirsKg: b.Kg}
	case jisr.RuleName:
		if !np.ok {
			return nil
		}
		nm := nameMatchOf(&jisr.Entity{}, np.theirs, coverage(np.m.Explanation), np.m.Explanation)
		nm.Score = round3(np.m.Score)
		return &jisr.HitReason{Key: jisr.RuleName, Ours: np.ours, Name: &nm}
	}
	return nil
}

// namePair is the pair of person names of a name hit, computed from the
// two records' entities as the hit was found (engine.findNameHits): the
// names of their persons (never a protected person's) of two parts or
// more, the best-scoring pair. ours is the name of own, theirs the name of
// other; m how they meet part by part. It is made from structured fields
// only, never by reading back an explanation text.
func namePair(own, other *jisr.Record) (ours, theirs string, m names.Match, ok bool) {
	if own == nil || other == nil {
		return "", "", m, false
	}
	a, b := hitPersonNames(own), hitPersonNames(other)
	best := -1.0
	for i := range a {
		for j := range b {
			c := names.CompareNames(&a[i].parsed, &b[j].parsed)
			if c.Score > best {
				best, ours, theirs, m = c.Score, a[i].name, b[j].name, c
			}
		}
	}
	return ours, theirs, m, best >= 0
}

// hitPersonName is a name of a record that makes name hits, parsed once.
type hitPersonName struct {
	name   string
	parsed names.Name
}

// hitPersonNames are the names of a record that make name hits: those of
// its persons (not protected) of two parts or more.
func hitPersonNames(r *jisr.Record) []hitPersonName {
	var out []hitPersonName
	for _, n := range personNames(r) {
		if n.Schema != "Person" {
			continue
		}
		if pn := names.ParseName(n.Name); len(pn.Parts) >= 2 {
			out = append(out, hitPersonName{n.Name, pn})
		}
	}
	return out
}
