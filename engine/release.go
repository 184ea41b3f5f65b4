package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/cursor"
	"github.com/jisr-cell/jisr/policy"
)

// ReleaseRequests implements jisr.RecordService: requests the caller's
// agency made or must answer.
func (e *Engine) ReleaseRequests(ctx context.Context, p jisr.Principal, page jisr.Page) ([]*jisr.ReleaseRequest, string, error) {
	if !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Refused(jisr.EFORBIDDEN, "f_release_requests")
	}
	page = page.Normalize()
	before := int64(1 << 62)
	if page.Cursor != "" {
		c, err := e.st.Cursors().Decode(p, cursor.ReleaseRequests, page.Cursor)
		if err != nil {
			return nil, "", err
		}
		before = c
	}
	out, err := e.st.ReleaseRequestPage(ctx, p.Agency, before, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = e.st.Cursors().Encode(p, cursor.ReleaseRequests, out[len(out)-1].Pos)
	}
	return out, next, nil
}

// RequestRelease implements jisr.RecordService.
func (e *Engine) RequestRelease(ctx context.Context, p jisr.Principal, rr *jisr.ReleaseRequest) error {
	if err := rr.Validate(); err != nil {
		return err
	}
	var denied error
	err := e.st.Write(ctx, func(tx Tx) error {
		denied = nil
		consent := rr.Kind == jisr.ReleaseKindConsent
		cur, seq, err := readableIn(tx, p, rr.RecordID)
		if err == nil && consent {
			err = policy.CanRequestConsent(p, cur)
		} else if err == nil {
			err = policy.CanRequestRelease(p, cur)
		}
		if err != nil {
			denied = err
			denial := ""
			if consent {
				denial = "kind=consent"
			}
			return tx.Audit(p, jisr.ActReleaseAsk, rr.RecordID, denial, OutcomeDenied)
		}
		detail := ""
		if consent {
			// One consent per use and recipient: asking again while a
			// request is pending, or after it was granted, is a conflict
			// (checked and written in this one transaction).
			prev, err := tx.ConsentAsked(cur.ID, p.Agency, rr.Use, rr.To)
			if err != nil {
				return err
			}
			if prev != nil {
				return jisr.ConflictOn("use", "c_consent_asked", prev.ID, prev.Status)
			}
			detail = "kind=consent use=" + rr.Use
		} else {
			if err := rr.Wanted.Validate(cur.TLP); err != nil {
				return err
			}
			if err := checkReleasability(tx, rr.Wanted); err != nil {
				return err
			}
			wanted, _ := json.Marshal(rr.Wanted)
			detail = "wanted=" + string(wanted)
		}
		rr.Requester, rr.Agency, rr.Status, rr.CreatedAt = p.Username, p.Agency, jisr.RequestPending, tx.Now()
		rr.ID = newRef()
		if err := tx.AddReleaseRequest(rr, seq, cur.Originator); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActReleaseAsk, cur.ID, "request="+rr.ID+" "+detail, OutcomeOK)
	})
	if err != nil {
		return err
	}
	return denied
}

// AnswerRelease implements jisr.RecordService. The request is read,
// checked and answered in one write transaction (transit). Accepting a
// release request widens the record (a new version); granting a consent
// request changes no version of the record: the granted request is the
// consent, shown beside the record (GrantedConsents). Refusing a consent
// needs a reason.
func (e *Engine) AnswerRelease(ctx context.Context, p jisr.Principal, id string, accept bool, answer string) error {
	if err := jisr.ValidateAnswer(answer); err != nil {
		return err
	}
	var rr *jisr.ReleaseRequest
	var cur *jisr.Record
	var seq int64
	return e.transit(ctx, p, transition{action: jisr.ActReleaseReply, ref: id, noun: "release request", from: jisr.RequestPending,
		find: func(tx Tx) (string, string, error) {
			// A request is visible to its originator's readers only; an
			// absent one and another agency's are the same not found.
			notFound := jisr.Errorf(jisr.ENOTFOUND, "no release request %q addressed to your agency", id)
			var err error
			if rr, err = tx.ReleaseRequestTo(id, p.Agency); err != nil {
				return "", "", err
			}
			if rr == nil {
				return "", "", notFound
			}
			if cur, seq, err = readableIn(tx, p, rr.RecordID); err != nil {
				if jisr.ErrorCode(err) == jisr.ENOTFOUND {
					err = notFound
				}
				return "", "", err
			}
			return rr.RecordID, rr.Status, nil
		},
		may: func() error { return policy.CanAnswerRelease(p, cur) },
		apply: func(tx Tx) (string, error) {
			status := jisr.RequestRefused
			if rr.Kind == jisr.ReleaseKindConsent {
				if !accept && strings.TrimSpace(answer) == "" {
					return "", jisr.Because("answer", "required") // why the consent is refused
				}
				if accept {
					status = jisr.RequestAccepted
				}
				if err := tx.AnswerReleaseRequest(id, status, answer); err != nil {
					return "", err
				}
				return fmt.Sprintf("request=%s kind=consent use=%s agency=%s %s", id, rr.Use, rr.Agency, status), nil
			}
			if accept {
				status = jisr.RequestAccepted
				next := *cur
				next.Releasability = widen(cur.Releasability, rr.Wanted)
				if err := next.Releasability.Validate(cur.TLP); err != nil {
					return "", err
				}
				if err := e.replace(tx, p, cur, seq, &next); err != nil {
					return "", err
				}
			}
			if err := tx.AnswerReleaseRequest(id, status, answer); err != nil {
				return "", err
			}
			return fmt.Sprintf("request=%s %s", id, status), nil
		}})
}

// widen returns the releasability that releases to everyone a or b does.
func widen(a, b jisr.Releasability) jisr.Releasability {
	union := func(x, y []string) []string {
		out := append([]string{}, x...)
		for _, v := range y {
			found := false
			for _, w := range out {
				found = found || w == v
			}
			if !found {
				out = append(out, v)
			}
		}
		return out
	}
	return jisr.Releasability{
		Community: a.Community || b.Community,
		Agencies:  union(a.Agencies, b.Agencies),
		Countries: union(a.Countries, b.Countries),
		Groups:    union(a.Groups, b.Groups),
		Users:     union(a.Users, b.Users),
	}
}

// releaseForRequest is the release path of SetReleasability inside tx (a
// new version, the old one kept in the history, the audience and index
// rewritten), audited as a release with detail.
func (e *Engine) releaseForRequest(tx Tx, p jisr.Principal, cur *jisr.Record, seq int64, rel jisr.Releasability, detail string) error {
	next := *cur
	next.Releasability = rel
	if err := e.replace(tx, p, cur, seq, &next); err != nil {
		return err
	}
	return tx.Audit(p, jisr.ActRelease, cur.ID, detail, OutcomeOK)
}

// consentsOf are the granted consents on r that p is shown
// (policy.SeesConsent), from the rows the store found for p's agency.
func consentsOf(p jisr.Principal, r *jisr.Record, rows []*jisr.ReleaseRequest) []jisr.UseConsent {
	var out []jisr.UseConsent
	for _, rr := range rows {
		if rr.RecordID != r.ID || rr.Kind != jisr.ReleaseKindConsent || rr.Status != jisr.RequestAccepted || !policy.SeesConsent(p, r, rr) {
			continue
		}
		c := jisr.UseConsent{Ref: rr.ID, Use: rr.Use, To: rr.To, Agency: rr.Agency, Originator: r.Originator,
			Purpose: rr.Purpose, Answer: rr.Answer, Caveat: policy.ConsentCaveat(r.Originator, rr)}
		if rr.AnsweredAt != nil {
			c.GrantedAt = *rr.AnsweredAt
		}
		out = append(out, c)
	}
	return out
}

// withConsents puts on c, the copy of r that p takes out of the node,
// the consents p is shown and their caveats.
func withConsents(c *jisr.Record, p jisr.Principal, r *jisr.Record, rows []*jisr.ReleaseRequest) {
	c.Consents = consentsOf(p, r, rows)
	for _, uc := range c.Consents {
		c.Caveats = append(c.Caveats, uc.Caveat)
	}
}

// consentIndex reads the granted consents p's agency sees, by record.
func (e *Engine) consentIndex(ctx context.Context, p jisr.Principal, recordID string) (map[string][]*jisr.ReleaseRequest, error) {
	if p.Agency == "" || len(policy.Tokens(p)) == 0 {
		return nil, nil
	}
	rows, err := e.st.GrantedConsents(ctx, p.Agency, recordID)
	if err != nil {
		return nil, err
	}
	out := map[string][]*jisr.ReleaseRequest{}
	for _, rr := range rows {
		out[rr.RecordID] = append(out[rr.RecordID], rr)
	}
	return out, nil
}
