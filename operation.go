package jisr

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Joint operations and controlled deliveries (issue 11).
//
// An operation:
//
//	open ──close (lead)──▶ closed
//
// A controlled delivery beneath it follows its route leg by leg; the
// agency watching a leg hands the shipment over at the leg's end and the
// agency watching the next leg acknowledges it:
//
//	planned ──start──▶ in_transit ──handover (watcher of leg k)──▶ handover pending
//	                        ▲                                          │
//	                        └──────acknowledge (watcher of leg k+1)────┘
//	in_transit ──outcome──▶ delivered | interdicted | lost
const (
	OpOpen   = "open"
	OpClosed = "closed"

	DelPlanned     = "planned"
	DelInTransit   = "in_transit"
	DelHandover    = "handover" // handed over at a checkpoint, awaiting the receiving agency
	DelDelivered   = "delivered"
	DelInterdicted = "interdicted"
	DelLost        = "lost"
)

// Operation actions (OperationAct.Action), named as in the API.
const (
	OpActLink        = "link"        // link records
	OpActEvent       = "event"       // a timeline entry
	OpActTask        = "task"        // a new task
	OpActTaskDone    = "task_done"   // a task done
	OpActWiden       = "widen"       // agencies that may read the operation
	OpActClose       = "close"       // the operation
	OpActDelivery    = "delivery"    // a new controlled delivery
	OpActStart       = "start"       // a delivery sets off
	OpActHandover    = "handover"    // at the end of the current leg
	OpActAcknowledge = "acknowledge" // the hand-over, by the next leg's agency
	OpActNote        = "note"        // a position note on a delivery
	OpActOutcome     = "outcome"     // how a delivery ended
)

// Checkpoint kinds.
var CheckpointKinds = []string{"crossing", "port", "airport", "city", "other"}

// DeliveryOutcomes are the states a delivery ends in.
var DeliveryOutcomes = []string{DelDelivered, DelInterdicted, DelLost}

// Limits of operations.
const (
	MaxOpName         = 200
	MaxOpText         = 5000
	MaxOpAgencies     = 20
	MaxOpRecords      = 50 // linked at once
	MaxOpLegs         = 20
	MaxCheckpointName = 120
	MaxOpEvents       = 2000 // timeline entries (and notes) of one operation
	MaxOpTasks        = 200
	MaxOpDeliveries   = 20
)

// Operation is a joint operation of several agencies under a lead agency.
// It is read by the reading roles of its participants and of the agencies
// it was widened to (observers); Records lists only the linked records the
// viewer may read.
type Operation struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Summary      string     `json:"summary"`
	Lead         string     `json:"lead"`
	Participants []string   `json:"participants"`        // the lead included
	Observers    []string   `json:"observers,omitempty"` // widened to: read only
	State        string     `json:"state"`
	Records      []string   `json:"records"`
	Timeline     []OpEvent  `json:"timeline"`
	Tasks        []OpTask   `json:"tasks"`
	Deliveries   []Delivery `json:"deliveries"`
	CreatedBy    string     `json:"created_by"`
	CreatedAt    time.Time  `json:"created_at"`
	Version      int        `json:"version"`
}

// OpEvent is one entry of an operation's timeline.
type OpEvent struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Agency string    `json:"agency"`
	Kind   string    `json:"kind"` // the action (OpAct…), or "created"
	Text   string    `json:"text,omitempty"`
}

// OpTask is a task of an operation, owned by a participating agency (and
// optionally one of its users).
type OpTask struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	OwnerAgency string     `json:"owner_agency"`
	Owner       string     `json:"owner,omitempty"`
	Due         time.Time  `json:"due"`
	State       string     `json:"state"` // open, done
	DoneBy      string     `json:"done_by,omitempty"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
}

// Delivery is a controlled delivery: a shipment followed along a route of
// legs, each watched by one agency.
type Delivery struct {
	ID          string         `json:"id"`
	Description string         `json:"description"`
	State       string         `json:"state"`
	Current     int            `json:"current"` // the leg under watch
	Legs        []Leg          `json:"legs"`
	Notes       []PositionNote `json:"notes"`
	Outcome     string         `json:"outcome,omitempty"`
}

// Leg is one stretch of a delivery's route, ending at a checkpoint.
type Leg struct {
	From   string `json:"from"`
	To     string `json:"to"`   // the checkpoint at its end
	Kind   string `json:"kind"` // of the checkpoint (CheckpointKinds)
	Agency string `json:"agency"`
	// Set when the shipment was handed over to this leg's agency and when
	// that agency acknowledged it (the first leg: when it started).
	HandedAt *time.Time `json:"handed_at,omitempty"`
	HandedBy string     `json:"handed_by,omitempty"`
	AckAt    *time.Time `json:"acknowledged_at,omitempty"`
	AckBy    string     `json:"acknowledged_by,omitempty"`
}

// PositionNote is a live note of where a delivery is.
type PositionNote struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Agency string    `json:"agency"`
	Leg    int       `json:"leg"`
	Text   string    `json:"text"`
}

// Delivery returns the delivery id of o, or nil.
func (o *Operation) Delivery(id string) *Delivery {
	for i := range o.Deliveries {
		if o.Deliveries[i].ID == id {
			return &o.Deliveries[i]
		}
	}
	return nil
}

// Task returns the task id of o, or nil.
func (o *Operation) Task(id string) *OpTask {
	for i := range o.Tasks {
		if o.Tasks[i].ID == id {
			return &o.Tasks[i]
		}
	}
	return nil
}

// OperationAct is one change to an operation: Action (OpAct…) and what it
// needs.
type OperationAct struct {
	Action   string    `json:"-"`
	Delivery string    `json:"-"` // the delivery acted on
	Task     string    `json:"-"` // the task acted on
	Text     string    `json:"text,omitempty"`
	Records  []string  `json:"records,omitempty"`
	Agencies []string  `json:"agencies,omitempty"`
	Title    string    `json:"title,omitempty"`
	Owner    string    `json:"owner,omitempty"`
	OwnerAg  string    `json:"owner_agency,omitempty"`
	Due      time.Time `json:"due,omitzero"`
	Legs     []Leg     `json:"legs,omitempty"`
	State    string    `json:"state,omitempty"` // of an outcome
}

// Validate checks a new operation: name, summary, participants (at least
// one besides lead, the caller's agency, which the engine adds first).
func (o *Operation) Validate(lead string) error {
	if err := CheckText("name", o.Name, MaxOpName); err != nil {
		return err
	}
	if strings.TrimSpace(o.Name) == "" {
		return Because("name", "required")
	}
	if err := CheckText("summary", o.Summary, MaxOpText); err != nil {
		return err
	}
	if err := checkAgencies("participants", o.Participants, MaxOpAgencies); err != nil {
		return err
	}
	if len(slices.DeleteFunc(slices.Clone(o.Participants), func(a string) bool { return a == lead })) == 0 {
		return Because("participants", "op_participants")
	}
	return nil
}

func checkAgencies(field string, as []string, max int) error {
	if err := checkList(field, len(as), max); err != nil {
		return err
	}
	for i, a := range as {
		f := field + "[" + itoa(i) + "]"
		if err := CheckText(f, a, MaxAgencyCode); err != nil {
			return err
		}
		if !ValidAgencyCode(a) {
			return Because(f, "agency_code")
		}
		if slices.Contains(as[:i], a) {
			return Because(f, "used_twice", a)
		}
	}
	return nil
}

// Validate checks the input of an act (not who may do it, nor the state).
func (a *OperationAct) Validate() error {
	switch a.Action {
	case OpActLink:
		if len(a.Records) == 0 {
			return Because("records", "one_record")
		}
		if err := checkList("records", len(a.Records), MaxOpRecords); err != nil {
			return err
		}
		for i, id := range a.Records {
			if err := CheckText("records["+itoa(i)+"]", id, MaxRecordID); err != nil {
				return err
			}
		}
	case OpActEvent, OpActNote:
		if err := CheckText("text", a.Text, MaxOpText); err != nil {
			return err
		}
		if strings.TrimSpace(a.Text) == "" {
			return Because("text", "required")
		}
	case OpActTask:
		if err := CheckText("title", a.Title, MaxOpName); err != nil {
			return err
		}
		if strings.TrimSpace(a.Title) == "" {
			return Because("title", "required")
		}
		if !ValidAgencyCode(a.OwnerAg) {
			return Because("owner_agency", "agency_code")
		}
		if err := CheckText("owner", a.Owner, MaxUsername); err != nil {
			return err
		}
		if a.Due.IsZero() {
			return Because("due", "required")
		}
	case OpActWiden:
		if len(a.Agencies) == 0 {
			return Because("agencies", "one_agency")
		}
		return checkAgencies("agencies", a.Agencies, MaxOpAgencies)
	case OpActDelivery:
		if err := CheckText("description", a.Text, MaxOpText); err != nil {
			return err
		}
		if strings.TrimSpace(a.Text) == "" {
			return Because("description", "required")
		}
		if len(a.Legs) == 0 {
			return Because("legs", "op_legs")
		}
		if err := checkList("legs", len(a.Legs), MaxOpLegs); err != nil {
			return err
		}
		for i, l := range a.Legs {
			f := "legs[" + itoa(i) + "]"
			for _, x := range []struct{ name, v string }{{"from", l.From}, {"to", l.To}} {
				if err := CheckText(f+"."+x.name, x.v, MaxCheckpointName); err != nil {
					return err
				}
				if strings.TrimSpace(x.v) == "" {
					return Because(f+"."+x.name, "required")
				}
			}
			if !slices.Contains(CheckpointKinds, l.Kind) {
				return Because(f+".kind", "one_of", strings.Join(CheckpointKinds, ", "))
			}
			if !ValidAgencyCode(l.Agency) {
				return Because(f+".agency", "agency_code")
			}
		}
	case OpActOutcome:
		if !slices.Contains(DeliveryOutcomes, a.State) {
			return Because("state", "one_of", strings.Join(DeliveryOutcomes, ", "))
		}
		if err := CheckText("text", a.Text, MaxOpText); err != nil {
			return err
		}
	case OpActTaskDone, OpActClose, OpActStart, OpActHandover, OpActAcknowledge:
		if err := CheckText("text", a.Text, MaxOpText); err != nil {
			return err
		}
	default:
		return Because("action", "op_action")
	}
	return nil
}

// OperationService carries joint operations and controlled deliveries.
type OperationService interface {
	CreateOperation(ctx context.Context, p Principal, o *Operation) error
	Operation(ctx context.Context, p Principal, id string) (*Operation, error)
	Operations(ctx context.Context, p Principal, page Page) ([]*Operation, string, error)
	// ActOnOperation makes one change (OperationAct.Action) through the
	// engine's transit; it returns the id of what it created (task,
	// delivery), if anything.
	ActOnOperation(ctx context.Context, p Principal, id string, a *OperationAct) (string, error)
}
