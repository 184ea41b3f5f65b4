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

// Joint operations and controlled deliveries (issue 11). An operation is
// one item (store_items.go): its body holds the participants, timeline,
// tasks and deliveries; the store lists it for its participants and
// observers and keeps its linked records. Every change goes through
// transit: found as the caller may see it (policy.SeesOperation), then
// policy.CanActOnOperation, then the state, then the change with its
// timeline entry, version bump and audit entry.

const cursorOperations = "operations"

// opBody is an operation as stored: the linked records are the item's
// records (positions), never in the body.
type opBody struct {
	jisr.Operation
	Records []string `json:"records,omitempty"` // shadows Operation.Records: not stored
}

func decodeOp(row *ItemRow) (*jisr.Operation, error) {
	var b opBody
	if err := json.Unmarshal(row.Body, &b); err != nil {
		return nil, jisr.Internal(err)
	}
	o := b.Operation
	o.Version = row.Version
	return &o, nil
}

func encodeOp(o *jisr.Operation) ([]byte, error) {
	b := opBody{Operation: *o}
	b.Operation.Records, b.Operation.Version = nil, 0
	out, err := json.Marshal(b)
	if err != nil {
		return nil, jisr.Internal(err)
	}
	return out, nil
}

func opAgencies(o *jisr.Operation) []string {
	return append(slices.Clone(o.Participants), o.Observers...)
}

func operationNotFound(id string) error {
	return jisr.Errorf(jisr.ENOTFOUND, "no operation %s, or not one you may see", id)
}

// findOperation returns the operation id as p may see it, or ENOTFOUND.
func findOperation(tx Tx, p jisr.Principal, id string) (*ItemRow, *jisr.Operation, error) {
	row, err := tx.ItemByID(ItemOperation, id)
	if jisr.ErrorCode(err) == jisr.ENOTFOUND {
		return nil, nil, operationNotFound(id)
	}
	if err != nil {
		return nil, nil, err
	}
	o, err := decodeOp(row)
	if err != nil {
		return nil, nil, err
	}
	if !policy.SeesOperation(p, o) {
		return nil, nil, operationNotFound(id)
	}
	return row, o, nil
}

// viewOperation fills the records of o that p reads and returns their
// positions (for the read index).
func viewOperation(tx Tx, p jisr.Principal, row *ItemRow, o *jisr.Operation) ([]int64, error) {
	o.Records = []string{}
	var seqs []int64
	for _, seq := range row.Seqs {
		r, err := tx.RecordAt(seq)
		if err != nil {
			return nil, err
		}
		if policy.CanRead(p, r) {
			o.Records = append(o.Records, r.ID)
			seqs = append(seqs, seq)
		}
	}
	return seqs, nil
}

// CreateOperation implements jisr.OperationService.
func (e *Engine) CreateOperation(ctx context.Context, p jisr.Principal, o *jisr.Operation) error {
	if err := o.Validate(p.Agency); err != nil {
		return err
	}
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		refused = nil
		if err := policy.CanOpenOperation(p); err != nil {
			refused = err
			return tx.Audit(p, jisr.ActOperationCreate, "", jisr.ErrorCode(err), OutcomeDenied)
		}
		for i, code := range o.Participants {
			if _, err := tx.AgencyByCode(code); jisr.ErrorCode(err) == jisr.ENOTFOUND {
				return jisr.Because(fmt.Sprintf("participants[%d]", i), "no_agency", code)
			} else if err != nil {
				return err
			}
		}
		if !slices.Contains(o.Participants, p.Agency) {
			o.Participants = append([]string{p.Agency}, o.Participants...)
		}
		now := tx.Now()
		o.ID, o.Lead, o.State, o.CreatedBy, o.CreatedAt, o.Version = uuid.Must(uuid.NewV7()).String(), p.Agency, jisr.OpOpen, p.Username, now, 1
		o.Observers, o.Tasks, o.Deliveries, o.Records = []string{}, []jisr.OpTask{}, []jisr.Delivery{}, []string{}
		o.Timeline = []jisr.OpEvent{{At: now, By: p.Username, Agency: p.Agency, Kind: "created"}}
		body, err := encodeOp(o)
		if err != nil {
			return err
		}
		if _, err := tx.InsertItem(ItemOperation, o.ID, body, opAgencies(o), nil); err != nil {
			return err
		}
		if err := e.operationNotice(tx, jisr.NoteOperationInvited, o, p.Agency, o.Participants); err != nil {
			return err
		}
		return tx.Audit(p, jisr.ActOperationCreate, o.ID, "participants="+strings.Join(o.Participants, ","), OutcomeOK)
	})
	if err != nil {
		return err
	}
	return refused
}

// Operation implements jisr.OperationService.
func (e *Engine) Operation(ctx context.Context, p jisr.Principal, id string) (*jisr.Operation, error) {
	var out *jisr.Operation
	var refused error
	err := e.st.Write(ctx, func(tx Tx) error {
		out, refused = nil, nil
		row, o, err := findOperation(tx, p, id)
		if jisr.ErrorCode(err) == jisr.ENOTFOUND {
			refused = err
			return tx.Audit(p, jisr.ActOperationRead, id, jisr.ENOTFOUND, OutcomeDenied)
		}
		if err != nil {
			return err
		}
		seqs, err := viewOperation(tx, p, row, o)
		if err != nil {
			return err
		}
		out = o
		return tx.AuditReads(p, jisr.ActOperationRead, id, "", OutcomeOK, seqs)
	})
	if err != nil {
		return nil, err
	}
	return out, refused
}

// Operations implements jisr.OperationService: the operations the
// caller's agency takes part in or observes, newest first.
func (e *Engine) Operations(ctx context.Context, p jisr.Principal, pg jisr.Page) ([]*jisr.Operation, string, error) {
	if p.Agency == "" || !policy.CanReadRecords(p.Role) {
		return nil, "", jisr.Refused(jisr.EFORBIDDEN, "f_operations")
	}
	page := pg.Normalize()
	before, err := e.st.RequestPosition(p, cursorOperations, page.Cursor)
	if err != nil {
		return nil, "", err
	}
	rows, err := e.st.ItemList(ctx, ItemOperation, p.Agency, before, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > page.Limit {
		rows = rows[:page.Limit]
		next = e.st.RequestCursor(p, cursorOperations, rows[len(rows)-1].Pos)
	}
	out := []*jisr.Operation{}
	err = e.st.Write(ctx, func(tx Tx) error {
		out = []*jisr.Operation{}
		var seqs []int64
		for _, row := range rows {
			o, err := decodeOp(row)
			if err != nil {
				return err
			}
			if !policy.SeesOperation(p, o) {
				continue
			}
			s, err := viewOperation(tx, p, row, o)
			if err != nil {
				return err
			}
			seqs = append(seqs, s...)
			out = append(out, o)
		}
		return tx.AuditReads(p, jisr.ActOperationList, "", fmt.Sprintf("n=%d", len(out)), OutcomeOK, seqs)
	})
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// opActs maps an action to its audit action.
var opActs = map[string]string{
	jisr.OpActLink: jisr.ActOperationLink, jisr.OpActEvent: jisr.ActOperationUpdate, jisr.OpActTask: jisr.ActOperationUpdate,
	jisr.OpActTaskDone: jisr.ActOperationUpdate, jisr.OpActWiden: jisr.ActOperationWiden, jisr.OpActClose: jisr.ActOperationClose,
	jisr.OpActDelivery: jisr.ActDeliveryUpdate, jisr.OpActStart: jisr.ActDeliveryUpdate, jisr.OpActHandover: jisr.ActDeliveryHandover,
	jisr.OpActAcknowledge: jisr.ActDeliveryAck, jisr.OpActNote: jisr.ActDeliveryUpdate, jisr.OpActOutcome: jisr.ActDeliveryUpdate,
}

// opState is the state an action needs, and the state the item is in, as
// transit compares them.
func opState(a *jisr.OperationAct, o *jisr.Operation, d *jisr.Delivery, t *jisr.OpTask) (want, have string) {
	if o.State != jisr.OpOpen {
		return jisr.OpOpen, o.State
	}
	switch a.Action {
	case jisr.OpActStart:
		return jisr.DelPlanned, d.State
	case jisr.OpActHandover:
		if d.State == jisr.DelInTransit && d.Current+1 >= len(d.Legs) {
			return jisr.DelInTransit, "at the end of its route"
		}
		return jisr.DelInTransit, d.State
	case jisr.OpActAcknowledge:
		return jisr.DelHandover, d.State
	case jisr.OpActNote, jisr.OpActOutcome:
		if d.State == jisr.DelHandover {
			return jisr.DelInTransit, jisr.DelInTransit // a note or an outcome may come during a hand-over
		}
		return jisr.DelInTransit, d.State
	case jisr.OpActTaskDone:
		return jisr.OpOpen, t.State
	}
	return jisr.OpOpen, jisr.OpOpen
}

// ActOnOperation implements jisr.OperationService, through transit.
func (e *Engine) ActOnOperation(ctx context.Context, p jisr.Principal, id string, a *jisr.OperationAct) (string, error) {
	if err := a.Validate(); err != nil {
		return "", err
	}
	audit := opActs[a.Action]
	var row *ItemRow
	var o *jisr.Operation
	var d *jisr.Delivery
	var t *jisr.OpTask
	const may = "may"
	created := ""
	err := e.transit(ctx, p, transition{action: audit, ref: id, noun: "operation", from: may,
		find: func(tx Tx) (string, string, error) {
			var err error
			d, t = nil, nil
			if row, o, err = findOperation(tx, p, id); err != nil {
				return id, "", err
			}
			switch a.Action {
			case jisr.OpActStart, jisr.OpActHandover, jisr.OpActAcknowledge, jisr.OpActNote, jisr.OpActOutcome:
				if d = o.Delivery(a.Delivery); d == nil {
					return id, "", jisr.Errorf(jisr.ENOTFOUND, "no delivery %s in this operation", a.Delivery)
				}
			case jisr.OpActTaskDone:
				if t = o.Task(a.Task); t == nil {
					return id, "", jisr.Errorf(jisr.ENOTFOUND, "no task %s in this operation", a.Task)
				}
			}
			want, have := opState(a, o, d, t)
			if want == have {
				return id, may, nil
			}
			return id, have, nil
		},
		may: func() error { return policy.CanActOnOperation(p, a, o, d, t) },
		apply: func(tx Tx) (string, error) {
			now := tx.Now()
			ev := jisr.OpEvent{At: now, By: p.Username, Agency: p.Agency, Kind: a.Action, Text: a.Text}
			seqs := slices.Clone(row.Seqs)
			detail := "action=" + a.Action
			switch a.Action {
			case jisr.OpActLink:
				for i, rid := range a.Records {
					_, seq, err := readableIn(tx, p, rid)
					if jisr.ErrorCode(err) == jisr.ENOTFOUND {
						return "", &jisr.Error{Code: jisr.ENOTFOUND, Field: fmt.Sprintf("records[%d]", i), Message: fmt.Sprintf("no record %s, or not one you may see", rid)}
					}
					if err != nil {
						return "", err
					}
					if !slices.Contains(seqs, seq) {
						seqs = append(seqs, seq)
					}
				}
				ev.Text = fmt.Sprintf("%d", len(a.Records)) // how many, never which: others may not read them
				detail += fmt.Sprintf(" records=%d", len(a.Records))
			case jisr.OpActEvent:
			case jisr.OpActTask:
				if !slices.Contains(o.Participants, a.OwnerAg) {
					return "", jisr.Because("owner_agency", "not_participant", a.OwnerAg)
				}
				if len(o.Tasks) >= jisr.MaxOpTasks {
					return "", jisr.Because("title", "op_tasks", jisr.MaxOpTasks)
				}
				created = uuid.Must(uuid.NewV7()).String()
				o.Tasks = append(o.Tasks, jisr.OpTask{ID: created, Title: a.Title, OwnerAgency: a.OwnerAg, Owner: a.Owner, Due: a.Due.UTC(), State: "open"})
				ev.Text = a.Title
			case jisr.OpActTaskDone:
				t.State, t.DoneBy, t.DoneAt = "done", p.Username, &now
				ev.Text = t.Title
			case jisr.OpActWiden:
				for i, code := range a.Agencies {
					if _, err := tx.AgencyByCode(code); jisr.ErrorCode(err) == jisr.ENOTFOUND {
						return "", jisr.Because(fmt.Sprintf("agencies[%d]", i), "no_agency", code)
					} else if err != nil {
						return "", err
					}
					if !slices.Contains(o.Participants, code) && !slices.Contains(o.Observers, code) {
						o.Observers = append(o.Observers, code)
					}
				}
				ev.Text = strings.Join(a.Agencies, ",")
				detail += " agencies=" + ev.Text
			case jisr.OpActClose:
				o.State = jisr.OpClosed
			case jisr.OpActDelivery:
				if len(o.Deliveries) >= jisr.MaxOpDeliveries {
					return "", jisr.Because("legs", "op_deliveries", jisr.MaxOpDeliveries)
				}
				for i, l := range a.Legs {
					if !slices.Contains(o.Participants, l.Agency) {
						return "", jisr.Because(fmt.Sprintf("legs[%d].agency", i), "not_participant", l.Agency)
					}
				}
				created = uuid.Must(uuid.NewV7()).String()
				legs := make([]jisr.Leg, len(a.Legs))
				for i, l := range a.Legs {
					legs[i] = jisr.Leg{From: l.From, To: l.To, Kind: l.Kind, Agency: l.Agency}
				}
				o.Deliveries = append(o.Deliveries, jisr.Delivery{ID: created, Description: a.Text, State: jisr.DelPlanned, Legs: legs, Notes: []jisr.PositionNote{}})
				ev.Text = a.Text
			case jisr.OpActStart:
				d.State, d.Current = jisr.DelInTransit, 0
				d.Legs[0].HandedAt, d.Legs[0].HandedBy, d.Legs[0].AckAt, d.Legs[0].AckBy = &now, p.Username, &now, p.Username
				ev.Text = d.Legs[0].From
			case jisr.OpActHandover:
				next := &d.Legs[d.Current+1]
				d.State, next.HandedAt, next.HandedBy = jisr.DelHandover, &now, p.Username
				ev.Text = d.Legs[d.Current].To + " → " + next.Agency
				detail += " at=" + fmt.Sprint(d.Current) + " to=" + next.Agency
			case jisr.OpActAcknowledge:
				d.Current++
				l := &d.Legs[d.Current]
				d.State, l.AckAt, l.AckBy = jisr.DelInTransit, &now, p.Username
				ev.Text = d.Legs[d.Current-1].To
				detail += " leg=" + fmt.Sprint(d.Current)
			case jisr.OpActNote:
				if len(d.Notes) >= jisr.MaxOpEvents {
					return "", jisr.Because("text", "op_notes", jisr.MaxOpEvents)
				}
				d.Notes = append(d.Notes, jisr.PositionNote{At: now, By: p.Username, Agency: p.Agency, Leg: d.Current, Text: a.Text})
				ev = jisr.OpEvent{} // the note is the delivery's, not the timeline's
			case jisr.OpActOutcome:
				d.State, d.Outcome = a.State, a.Text
				detail += " state=" + a.State
			}
			if ev.Kind != "" {
				if len(o.Timeline) >= jisr.MaxOpEvents {
					return "", jisr.Because("text", "op_timeline", jisr.MaxOpEvents)
				}
				o.Timeline = append(o.Timeline, ev)
			}
			body, err := encodeOp(o)
			if err != nil {
				return "", err
			}
			if err := tx.UpdateItem(row.Pos, body, opAgencies(o), seqs); err != nil {
				return "", err
			}
			// The agencies concerned are told of invitations and of
			// changes of state (not of each link, note or timeline entry).
			switch a.Action {
			case jisr.OpActWiden:
				if err := e.operationNotice(tx, jisr.NoteOperationInvited, o, p.Agency, a.Agencies); err != nil {
					return "", err
				}
			case jisr.OpActClose, jisr.OpActDelivery, jisr.OpActStart, jisr.OpActHandover, jisr.OpActAcknowledge, jisr.OpActOutcome, jisr.OpActTask, jisr.OpActTaskDone:
				if err := e.operationNotice(tx, jisr.NoteOperationChanged, o, p.Agency, o.Participants); err != nil {
					return "", err
				}
			}
			if a.Delivery != "" {
				detail += " delivery=" + a.Delivery
			}
			return detail, nil
		}})
	return created, err
}

// operationNotice tells the users of agencies whom
// policy.NotifiesOperation names of kind about o, after actor acted. The
// notice carries the operation's name (they see the operation) and the
// acting agency, never a record.
func (e *Engine) operationNotice(tx Tx, kind string, o *jisr.Operation, actor string, agencies []string) error {
	base := jisr.Notification{Kind: kind, Object: o.ID, Agency: actor, Subject: o.Name, CreatedAt: tx.Now()}
	return e.noticeTo(tx, base, agencies, func(u *jisr.User, a *jisr.Agency) bool {
		return policy.NotifiesOperation(kind, o, actor, u, a)
	})
}
