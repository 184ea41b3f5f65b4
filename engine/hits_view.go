package engine

import (
	"strings"
	"time"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
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
	if disc == jisr.DisclosureFull {
		out.Other.RecordID, out.Other.Title, out.Other.Kind = other.ID, other.Title, other.Kind
		out.Explanation = h.Explanation
	} else {
		out.Status = h.Status
		if h.Rule == jisr.RuleDuplicate {
			out.Explanation = "another agency reported a seizure at the same crossing on about the same day with a similar quantity"
		}
	}
	return out
}
