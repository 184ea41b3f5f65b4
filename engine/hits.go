package engine

import (
	"context"
	"encoding/json"
	"fmt"

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

// Hits implements jisr.HitService: the inbox of the caller's agency.
func (e *Engine) Hits(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.Hit, string, error) {
	page = page.Normalize()
	out := []*jisr.Hit{}
	if !policy.CanReadRecords(p.Role) {
		return out, "", nil
	}
	before := int64(1 << 62)
	if page.Cursor != "" {
		var err error
		if before, err = e.st.Cursors().Decode(p, cursor.Hits, page.Cursor); err != nil {
			return nil, "", err
		}
	}
	next := ""
	for len(out) < page.Limit && before > 0 {
		hs, err := e.st.AgencyHitRows(ctx, p.Agency, before, page.Limit)
		if err != nil {
			return nil, "", err
		}
		if len(hs) == 0 {
			break
		}
		for i := range hs {
			h := &hs[i]
			before = h.ID
			ownSeq, otherSeq := h.Seq, h.Other
			if h.SeqAgency != p.Agency {
				ownSeq, otherSeq = h.Other, h.Seq
			}
			own, err := e.st.RecordAt(ctx, ownSeq)
			if err != nil {
				return nil, "", err
			}
			other, err := e.st.RecordAt(ctx, otherSeq)
			if err != nil {
				return nil, "", err
			}
			if v := viewHit(p, h, own, other); v != nil {
				out = append(out, v)
				if len(out) == page.Limit {
					next = e.st.Cursors().Encode(p, cursor.Hits, h.ID)
					break
				}
			}
		}
	}
	seqs, err := e.hitSeqs(ctx, out)
	if err != nil {
		return nil, "", err
	}
	if err := e.auditRead(ctx, p, jisr.ActHitInbox, "", fmt.Sprintf("n=%d", len(out)), seqs); err != nil {
		return nil, "", err
	}
	return out, next, nil
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
