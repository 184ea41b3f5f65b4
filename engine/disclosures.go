package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/jisr-cell/jisr"
	"github.com/jisr-cell/jisr/policy"
)

// Agreed disclosure (issue 11). A participant of an operation drafts the
// announcement of its result, naming the records it draws on (which the
// drafter reads); every originating agency of those records must consent
// to the current version (a refusal carries a reason); approval is
// refused (ECONFLICT) until all have; an edit makes a new version and asks
// every consent again; the approved text is frozen. All through transit,
// audited.

const cursorDisclosures = "disclosures"

// discBody is a disclosure as stored, with the participants of its
// operation at the time (who else reads it).
type discBody struct {
	jisr.Disclosure
	Participants []string `json:"participants"`
}

func decodeDisclosure(row *ItemRow) (*discBody, error) {
	var d discBody
	if err := json.Unmarshal(row.Body, &d); err != nil {
		return nil, jisr.Internal(err)
	}
	return &d, nil
}

func disclosureNotFound(id string) error {
	return jisr.Errorf(jisr.ENOTFOUND, "no disclosure %s, or not one you may see", id)
}

func findDisclosure(tx Tx, p jisr.Principal, id string) (*ItemRow, *discBody, error) {
	row, err := tx.ItemByID(ItemDisclosure, id)
	if jisr.ErrorCode(err) == jisr.ENOTFOUND {
		return nil, nil, disclosureNotFound(id)
	}
	if err != nil {
		return nil, nil, err
	}
	d, err := decodeDisclosure(row)
	if err != nil {
		return nil, nil, err
	}
	if !policy.SeesDisclosure(p, &d.Disclosure, d.Participants) {
		return nil, nil, disclosureNotFound(id)
	}
	return row, d, nil
}

func discAgencies(d *discBody) []string {
	out := slices.Clone(d.Participants)
	for _, a := range d.Originators {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// CreateDisclosure implements jisr.DisclosureService.
func (e *Engine) CreateDisclosure(ctx context.Context, p jisr.Principal, d *jisr.Disclosure) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if len(d.Records) == 0 {
		return jisr.Because("records", "disc_records")
	}
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		refused = nil
		deny := func(err error) error {
			refused = err
			return tx.Audit(p, jisr.ActDisclosureCreate, d.Operation, jisr.ErrorCode(err), OutcomeDenied)
		}
		_, op, err := findOperation(tx, p, d.Operation)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return deny(&jisr.Error{Code: jisr.ENOTFOUND, Field: "operation", Message: jisr.ErrorMessage(err)})
		}
		if err != nil {
			return err
		}
		if err := policy.CanDraftDisclosure(p, op.Participants); err != nil {
			return deny(err)
		}
		seqs, err := linkRecords(tx, p, "records", d.Records)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			return deny(err)
		}
		if err != nil {
			return err
		}
		now := tx.Now()
		d.Originators, d.Consents = nil, nil
		for _, seq := range seqs {
			r, err := tx.RecordAt(seq)
			if err != nil {
				return err
			}
			if !slices.Contains(d.Originators, r.Originator) {
				d.Originators = append(d.Originators, r.Originator)
			}
		}
		slices.Sort(d.Originators)
		for _, a := range d.Originators {
			c := jisr.Consent{Agency: a, State: jisr.ConsentPending}
			if a == p.Agency { // the drafter's own agency consents by drafting
				c.State, c.By, c.At = jisr.ConsentGiven, p.Username, &now
			}
			d.Consents = append(d.Consents, c)
		}
		d.ID, d.Agency, d.State, d.Version, d.CreatedBy, d.CreatedAt = uuid.Must(uuid.NewV7()).String(), p.Agency, jisr.DiscDraft, 1, p.Username, now
		d.ApprovedBy, d.ApprovedAt = "", nil
		d.Versions = []jisr.DisclosureVersion{{Version: 1, Title: d.Title, Text: d.Text, At: now, By: p.Username}}
		b := discBody{Disclosure: *d, Participants: op.Participants}
		b.Records = nil
		body, err := json.Marshal(&b)
		if err != nil {
			return jisr.Internal(err)
		}
		if _, err := tx.InsertItem(ItemDisclosure, d.ID, body, discAgencies(&b), seqs); err != nil {
			return err
		}
		if err := e.disclosureNotice(tx, jisr.NoteDisclosureProposed, &b, p.Agency); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActDisclosureCreate, d.ID, fmt.Sprintf("operation=%s originators=%s", d.Operation, strings.Join(d.Originators, ",")), OutcomeOK)
	})
	if err != nil {
		return err
	}
	return refused
}

func (e *Engine) viewDisclosure(tx Tx, p jisr.Principal, row *ItemRow, d *discBody) (*jisr.Disclosure, []int64, error) {
	v := d.Disclosure
	ids, shown, err := readableIDs(tx, p, row.Seqs)
	if err != nil {
		return nil, nil, err
	}
	v.Records = ids
	return &v, shown, nil
}

// Disclosure implements jisr.DisclosureService.
func (e *Engine) Disclosure(ctx context.Context, p jisr.Principal, id string) (*jisr.Disclosure, error) {
	var out *jisr.Disclosure
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		out, refused = nil, nil
		row, d, err := findDisclosure(tx, p, id)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			refused = err
			return tx.Audit(p, jisr.ActDisclosureRead, id, jisr.ENOTFOUND, OutcomeDenied)
		}
		if err != nil {
			return err
		}
		v, shown, err := e.viewDisclosure(tx, p, row, d)
		if err != nil {
			return err
		}
		out = v
		return tx.AuditReads(p, jisr.ActDisclosureRead, id, "", OutcomeOK, shown)
	})
	if err != nil {
		return nil, err
	}
	return out, refused
}

// Disclosures implements jisr.DisclosureService.
func (e *Engine) Disclosures(ctx context.Context, p jisr.Principal, pg jisr.Page) ([]*jisr.Disclosure, string, error) {
	if p.Agency == "" || !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Refused(jisr.EFORBIDDEN, "f_disclosures")
	}
	page := pg.Normalize()
	before, err := e.st.RequestPosition(p, cursorDisclosures, page.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := e.st.ItemList(ctx, ItemDisclosure, p.Agency, before, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		next = e.st.RequestCursor(p, cursorDisclosures, rows[len(rows)-1].Pos)
	}
	out := []*jisr.Disclosure{}
	err = e.st.Write(ctx, func(tx Tx) error {
		out = []*jisr.Disclosure{}
		var seqs []int64
		for _, row := range rows {
			d, err := decodeDisclosure(row)
			if err != nil {
				return err
			}
			if !policy.SeesDisclosure(p, &d.Disclosure, d.Participants) {
				continue
			}
			v, shown, err := e.viewDisclosure(tx, p, row, d)
			if err != nil {
				return err
			}
			seqs = append(seqs, shown...)
			out = append(out, v)
		}
		return tx.AuditReads(p, jisr.ActDisclosureList, "", fmt.Sprintf("n=%d", len(out)), OutcomeOK, seqs)
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

var discActs = map[string]string{
	jisr.DiscActEdit: jisr.ActDisclosureEdit, jisr.DiscActConsent: jisr.ActDisclosureConsent,
	jisr.DiscActRefuse: jisr.ActDisclosureConsent, jisr.DiscActApprove: jisr.ActDisclosureApprove,
}

// ActOnDisclosure implements jisr.DisclosureService, through transit.
func (e *Engine) ActOnDisclosure(ctx context.Context, p jisr.Principal, id, action, title, text string) error {
	audit, ok := discActs[action]
	if !ok {
		return jisr.Because("action", "disc_action")
	}
	switch action {
	case jisr.DiscActEdit:
		if err := (&jisr.Disclosure{Title: title, Text: text}).Validate(); err != nil {
			return err
		}
	case jisr.DiscActRefuse:
		if err := jisr.ValidateRequestAnswer("reason", text); err != nil {
			return err
		}
	}
	var row *ItemRow
	var d *discBody
	const may = "may"
	return e.transit(ctx, p, transition{action: audit, ref: id, noun: "disclosure", from: may,
		find: func(tx Tx) (string, string, error) {
			var err error
			if row, d, err = findDisclosure(tx, p, id); err != nil {
				return id, "", err
			}
			if d.State != jisr.DiscDraft {
				return id, d.State, nil
			}
			if action == jisr.DiscActApprove {
				for _, c := range d.Consents {
					if c.State != jisr.ConsentGiven {
						return id, "awaiting the consent of " + c.Agency + " (" + c.State + ")", nil
					}
				}
			}
			return id, may, nil
		},
		may: func() error { return policy.CanActOnDisclosure(p, action, &d.Disclosure) },
		apply: func(tx Tx) (string, error) {
			now := tx.Now()
			detail := "action=" + action
			switch action {
			case jisr.DiscActEdit:
				d.Version++
				d.Title, d.Text = title, text
				d.Versions = append(d.Versions, jisr.DisclosureVersion{Version: d.Version, Title: title, Text: text, At: now, By: p.Username})
				for i := range d.Consents {
					c := &d.Consents[i]
					if c.Agency == p.Agency {
						c.State, c.Reason, c.By, c.At = jisr.ConsentGiven, "", p.Username, &now
					} else {
						c.State, c.Reason, c.By, c.At = jisr.ConsentPending, "", "", nil
					}
				}
				detail += fmt.Sprintf(" version=%d", d.Version)
			case jisr.DiscActConsent, jisr.DiscActRefuse:
				c := d.Consent(p.Agency)
				c.State, c.Reason, c.By, c.At = jisr.ConsentGiven, "", p.Username, &now
				if action == jisr.DiscActRefuse {
					c.State, c.Reason = jisr.ConsentRefused, text
				}
				detail += fmt.Sprintf(" agency=%s state=%s version=%d", p.Agency, c.State, d.Version)
			case jisr.DiscActApprove:
				d.State, d.ApprovedBy, d.ApprovedAt = jisr.DiscApproved, p.Username, &now
				detail += fmt.Sprintf(" version=%d", d.Version)
			}
			b := *d
			b.Records = nil
			body, err := json.Marshal(&b)
			if err != nil {
				return "", jisr.Internal(err)
			}
			if err := tx.UpdateItem(row.Pos, body, discAgencies(d), row.Seqs); err != nil {
				return "", err
			}
			kind := map[string]string{jisr.DiscActEdit: jisr.NoteDisclosureProposed, jisr.DiscActConsent: jisr.NoteDisclosureConsented,
				jisr.DiscActRefuse: jisr.NoteDisclosureRefused, jisr.DiscActApprove: jisr.NoteDisclosureApproved}[action]
			return detail, e.disclosureNotice(tx, kind, d, p.Agency)
		}})
}

// disclosureNotice tells the users whom policy.NotifiesDisclosure names of
// kind about d, after actor acted: the title (they see the disclosure) and
// the acting agency — never a refusal's reason nor a record.
func (e *Engine) disclosureNotice(tx Tx, kind string, d *discBody, actor string) error {
	base := jisr.Notification{Kind: kind, Object: d.ID, Agency: actor, Subject: d.Title, CreatedAt: tx.Now()}
	agencies := slices.Clone(d.Originators)
	if !slices.Contains(agencies, d.Agency) {
		agencies = append(agencies, d.Agency)
	}
	return e.noticeTo(tx, base, agencies, func(u *jisr.User, a *jisr.Agency) bool {
		return policy.NotifiesDisclosure(kind, &d.Disclosure, d.Participants, actor, u, a)
	})
}
