package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// RecordHits implements jisr.HitService.
func (e *Engine) RecordHits(ctx context.Context, p jisr.Principal, recordID string) ([]*jisr.Hit, error) {
	own, seq, err := e.readable(ctx, p, recordID)
	if err != nil {
		return nil, e.deny(ctx, p, jisr.ActHitRead, recordID, "", err)
	}
	hs, err := e.st.RecordHitRows(ctx, seq, 500)
	if err != nil {
		return nil, err
	}
	out := []*jisr.Hit{}
	for i := range hs {
		h := &hs[i]
		otherSeq := h.Other
		if otherSeq == seq {
			otherSeq = h.Seq
		}
		other, err := e.st.RecordAt(ctx, otherSeq)
		if err != nil {
			return nil, err
		}
		if v := viewHit(p, h, own, other); v != nil {
			out = append(out, v)
		}
	}
	seqs, err := e.hitSeqs(ctx, out)
	if err != nil {
		return nil, err
	}
	if err := e.auditRead(ctx, p, jisr.ActHitRead, recordID, fmt.Sprintf("n=%d", len(out)), append(seqs, seq)); err != nil {
		return nil, err
	}
	return out, nil
}

// Hits implements jisr.HitService: the inbox of the caller's agency,
// filtered by f. The store selects, in its query, the hits on records the
// caller reads that the filter names; the engine shows each through
// viewHit (what the policy lets the caller learn of it) and checks the
// filter again on what it shows, so a hit the caller may not see is never
// counted, listed nor paged over.
func (e *Engine) Hits(ctx context.Context, p jisr.Principal, f jisr.HitFilter, page jisr.Page) ([]*jisr.Hit, string, error) {
	if err := f.Validate(); err != nil {
		return nil, "", err
	}
	page = page.Normalize()
	out := []*jisr.Hit{}
	q, ok, err := e.hitQuery(ctx, p, f)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return out, "", nil
	}
	q.Before = int64(1 << 62)
	if page.Cursor != "" {
		if q.Before, err = e.st.Cursors().Decode(p, cursor.Hits, page.Cursor); err != nil {
			return nil, "", err
		}
	}
	next := ""
	q.Limit = page.Limit
	err = e.eachInboxHit(ctx, p, f, q, func(v *jisr.Hit, pos int64) bool {
		out = append(out, v)
		if len(out) == page.Limit {
			next = e.st.Cursors().Encode(p, cursor.Hits, pos)
			return false
		}
		return true
	})
	if err != nil {
		return nil, "", err
	}
	seqs, err := e.hitSeqs(ctx, out)
	if err != nil {
		return nil, "", err
	}
	if err := e.auditRead(ctx, p, jisr.ActHitInbox, "", fmt.Sprintf("n=%d%s", len(out), e.hitFilterDetail(f)), seqs); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// MaxHitGroupScan is how many hits HitGroups counts at most.
const MaxHitGroupScan = 20000

// HitGroups implements jisr.HitService: the hits Hits would list for f,
// counted per group (the entity or value of the caller's record they are
// on). Only hits the caller is shown are counted.
func (e *Engine) HitGroups(ctx context.Context, p jisr.Principal, f jisr.HitFilter) ([]jisr.HitGroup, bool, error) {
	if err := f.Validate(); err != nil {
		return nil, false, err
	}
	groups := []jisr.HitGroup{}
	q, ok, err := e.hitQuery(ctx, p, f)
	if err != nil || !ok {
		return groups, false, err
	}
	q.Before, q.Limit = int64(1<<62), 500
	at := map[string]int{}
	n, partial := 0, false
	var seen []*jisr.Hit
	err = e.eachInboxHit(ctx, p, f, q, func(v *jisr.Hit, _ int64) bool {
		if n == MaxHitGroupScan {
			partial = true
			return false
		}
		n++
		i, ok := at[v.Group]
		if !ok {
			i = len(groups)
			at[v.Group] = i
			groups = append(groups, groupOf(v))
			seen = append(seen, v)
		}
		g := &groups[i]
		g.Count++
		if v.Strength == jisr.HitStrong {
			g.Strength = jisr.HitStrong
		}
		if v.CreatedAt.After(g.Latest) {
			g.Latest = v.CreatedAt
		}
		return true
	})
	if err != nil {
		return nil, false, err
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if (a.Strength == jisr.HitStrong) != (b.Strength == jisr.HitStrong) {
			return a.Strength == jisr.HitStrong
		}
		return a.Count > b.Count
	})
	// The groups name our records only (never the far side's).
	var seqs []int64
	if len(seen) > 0 {
		var ids []string
		for _, v := range seen {
			ids = append(ids, v.Record)
		}
		if seqs, err = e.st.SeqsOf(ctx, ids); err != nil {
			return nil, false, err
		}
	}
	if err := e.auditRead(ctx, p, jisr.ActHitInbox, "", fmt.Sprintf("groups=%d hits=%d%s", len(groups), n, e.hitFilterDetail(f)), seqs); err != nil {
		return nil, false, err
	}
	return groups, partial, nil
}

// hitFilterDetail writes the filter for the audit entry; the group, which
// holds one of our values (a phone, a name), only as a keyed hash.
func (e *Engine) hitFilterDetail(f jisr.HitFilter) string {
	var b strings.Builder
	for _, kv := range [][2]string{{"kind", f.Kind}, {"agency", f.Agency}, {"status", f.Status}, {"strength", f.Strength}} {
		if kv[1] != "" {
			b.WriteString(" " + kv[0] + "=" + kv[1])
		}
	}
	if f.Group != "" {
		b.WriteString(" group=" + e.st.AuditHasher().Keyed(f.Group))
	}
	return b.String()
}

func groupOf(v *jisr.Hit) jisr.HitGroup {
	g := jisr.HitGroup{Key: v.Group, Strength: jisr.HitWeak}
	kind, rest, _ := strings.Cut(v.Group, ":")
	switch kind {
	case "sel":
		g.Type, g.Value = v.Type, v.Value
	case "name":
		g.Type, g.Record = jisr.RuleName, v.Record
		_, g.Value, _ = strings.Cut(rest, ":")
	default:
		g.Type, g.Record = v.Rule, v.Record
	}
	return g
}

// hitQuery turns a filter into the store's query of p's inbox; ok is
// false when it can select nothing.
func (e *Engine) hitQuery(ctx context.Context, p jisr.Principal, f jisr.HitFilter) (HitQuery, bool, error) {
	tokens := policy.Tokens(p)
	if !policy.CanReadRecords(p.Role) || len(tokens) == 0 {
		return HitQuery{}, false, nil
	}
	q := HitQuery{Agency: p.Agency, Tokens: tokens, WeakRules: weakRules, Rule: f.Kind, Far: f.Agency, MaxRank: 2}
	switch f.Status {
	case jisr.HitStatusFull:
		q.FarReadable = 1
	case "":
	default:
		q.FarReadable, q.Status = -1, f.Status
	}
	switch f.Strength {
	case jisr.HitStrong:
		q.MaxRank = 0
	case jisr.HitWeak:
		q.MinRank = 1
	}
	if f.Group != "" {
		kind, rest, _ := strings.Cut(f.Group, ":")
		switch kind {
		case "sel":
			q.Key, q.Rule = rest, jisr.RuleSelector
		case "name", "rec":
			id, _, _ := strings.Cut(rest, ":")
			seqs, err := e.st.SeqsOf(ctx, []string{id})
			if err != nil {
				return q, false, err
			}
			if len(seqs) != 1 {
				return q, false, nil
			}
			q.OwnSeq = seqs[0]
		default:
			return q, false, nil
		}
	}
	return q, true, nil
}

// eachInboxHit calls fn with the hits of the inbox query q that p is
// shown and f selects, in order, until fn returns false.
func (e *Engine) eachInboxHit(ctx context.Context, p jisr.Principal, f jisr.HitFilter, q HitQuery, fn func(*jisr.Hit, int64) bool) error {
	for q.Before > 0 {
		hs, err := e.st.InboxHitRows(ctx, q)
		if err != nil {
			return err
		}
		if len(hs) == 0 {
			return nil
		}
		for i := range hs {
			h := &hs[i]
			q.Before = h.Pos
			ownSeq, otherSeq := h.Seq, h.Other
			if h.SeqAgency != p.Agency {
				ownSeq, otherSeq = h.Other, h.Seq
			}
			own, err := e.st.RecordAt(ctx, ownSeq)
			if err != nil {
				return err
			}
			other, err := e.st.RecordAt(ctx, otherSeq)
			if err != nil {
				return err
			}
			if v := viewHit(p, h, own, other); v != nil && hitSelected(v, f) {
				if !fn(v, h.Pos) {
					return nil
				}
			}
		}
		if len(hs) < q.Limit {
			return nil
		}
	}
	return nil
}

// weakRules are the rules whose hits are weak: a possible same person by
// name. Hits on a common value are weak too, whatever their rule.
var weakRules = []string{jisr.RuleName}

// hitRank is a stored hit's place in the inbox: 0 strong, 1 weak, 2 on a
// common value (HitQuery's rank).
func hitRank(h *StoredHit) int {
	switch {
	case h.Common:
		return 2
	case slices.Contains(weakRules, h.Rule):
		return 1
	}
	return 0
}

// hitSelected checks the filter on a hit as p is shown it.
func hitSelected(v *jisr.Hit, f jisr.HitFilter) bool {
	status := v.Status
	if v.Other.Disclosure == jisr.DisclosureFull {
		status = jisr.HitStatusFull
	}
	return (f.Kind == "" || v.Rule == f.Kind) && (f.Agency == "" || v.Other.Agency == f.Agency) &&
		(f.Status == "" || status == f.Status) && (f.Strength == "" || v.Strength == f.Strength) &&
		(f.Group == "" || v.Group == f.Group)
}

// hitSeqs are the records hits show by id (the caller's own, and the far
// side when disclosed in full), for the read index.
func (e *Engine) hitSeqs(ctx context.Context, hs []*jisr.Hit) ([]int64, error) {
	var ids []string
	for _, h := range hs {
		ids = append(ids, h.Record)
		if h.Other.RecordID != "" {
			ids = append(ids, h.Other.RecordID)
		}
	}
	return e.st.SeqsOf(ctx, ids)
}

// AnswerHit implements jisr.HitService. The hit is found, checked and
// answered in one write transaction (transit): first whether the caller
// sees it at all — from a record of its agency, as its inbox shows it —
// then its role, then whether it is still pending. A release widens the
// record to the other agency in the same transaction.
func (e *Engine) AnswerHit(ctx context.Context, p jisr.Principal, ref string, release bool) error {
	var h *StoredHit
	var own *jisr.Record
	var ownSeq int64
	var otherAgency string
	return e.transit(ctx, p, transition{action: jisr.ActHitAnswer, ref: ref, noun: "hit", from: jisr.HitPending,
		find: func(tx Tx) (string, string, error) {
			var err error
			if h, own, ownSeq, otherAgency, err = visibleHit(tx, p, ref); err != nil {
				return "", "", err
			}
			return own.ID, h.Status, nil
		},
		may: func() error { return policy.CanAnswerHit(p, own) },
		apply: func(tx Tx) (string, error) {
			status := jisr.HitDeclined
			if release {
				status = jisr.HitReleased
				next := *own
				next.Releasability = widen(own.Releasability, jisr.Releasability{Agencies: []string{otherAgency}})
				if err := next.Releasability.Validate(own.TLP); err != nil {
					return "", err
				}
				if err := e.replace(tx, p, own, ownSeq, &next); err != nil {
					return "", err
				}
				b, _ := json.Marshal(next.Releasability)
				if err := tx.Audit(p, jisr.ActRelease, own.ID, "releasability="+string(b)+" hit="+h.Ref, OutcomeOK); err != nil {
					return "", err
				}
			}
			// The hit keeps its row through the re-indexing of the record
			// (stable hits), so the answer stays on it.
			if err := tx.SetHitStatus(h.ID, status); err != nil {
				return "", err
			}
			return fmt.Sprintf("hit=%s %s to %s", h.Ref, status, otherAgency), nil
		}})
}

// visibleHit finds the hit named ref as p sees it: from a record of p's
// agency, with something to show of it (viewHit). Any other hit, and an
// absent one, is the same not found.
func visibleHit(tx Tx, p jisr.Principal, ref string) (h *StoredHit, own *jisr.Record, ownSeq int64, otherAgency string, err error) {
	notFound := jisr.Errorf(jisr.ENOTFOUND, "no such hit on your agency's records")
	if h, err = tx.HitRow(ref); err != nil {
		return nil, nil, 0, "", err
	}
	if h == nil {
		return nil, nil, 0, "", notFound
	}
	for _, side := range []struct {
		own, other      int64
		agency, oagency string
	}{{h.Seq, h.Other, h.SeqAgency, h.OtherAgency}, {h.Other, h.Seq, h.OtherAgency, h.SeqAgency}} {
		if side.agency != p.Agency {
			continue
		}
		own, err := tx.RecordAt(side.own)
		if err != nil {
			return nil, nil, 0, "", err
		}
		other, err := tx.RecordAt(side.other)
		if err != nil {
			return nil, nil, 0, "", err
		}
		if viewHit(p, h, own, other) != nil {
			return h, own, side.own, side.oagency, nil
		}
	}
	return nil, nil, 0, "", notFound
}
