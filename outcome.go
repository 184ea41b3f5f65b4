package jisr

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Outcomes (issue 11): what a lead led to.

// Outcome kinds.
var OutcomeKinds = []string{"raid", "seizure", "arrests", "lab_dismantled", "prosecution"}

// Leads an outcome may follow.
const (
	LeadRecord    = "record"
	LeadHit       = "hit"
	LeadRequest   = "request"
	LeadOperation = "operation"
)

// LeadKinds lists what an outcome may follow.
var LeadKinds = []string{LeadRecord, LeadHit, LeadRequest, LeadOperation}

// Limits of outcomes and disclosures.
const (
	MaxOutcomeText    = 5000
	MaxOutcomeRecords = 50
	MaxDisclosureText = 20_000
)

// Lead names what an outcome followed, as the reporter saw it.
type Lead struct {
	Kind string `json:"kind"` // LeadKinds
	ID   string `json:"id"`
}

// Outcome is what a record, hit, request or operation led to, reported by
// an agency that acted on it. It is read by the reporting agency and the
// agencies the lead came from (Leads), so that the originator of a lead
// learns what became of it; Records lists the records showing it that the
// viewer reads.
type Outcome struct {
	ID        string    `json:"id"`
	Of        Lead      `json:"of"`
	Kind      string    `json:"kind"`
	Text      string    `json:"text"`
	Arrests   int       `json:"arrests,omitempty"`
	Records   []string  `json:"records"`
	Agency    string    `json:"agency"` // reporting agency
	Leads     []string  `json:"leads"`  // the agencies the lead came from
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate checks a new outcome as sent.
func (o *Outcome) Validate() error {
	if !slices.Contains(LeadKinds, o.Of.Kind) {
		return Because("of.kind", "one_of", strings.Join(LeadKinds, ", "))
	}
	if err := CheckText("of.id", o.Of.ID, MaxRecordID); err != nil {
		return err
	}
	if strings.TrimSpace(o.Of.ID) == "" {
		return Because("of.id", "required")
	}
	if !slices.Contains(OutcomeKinds, o.Kind) {
		return Because("kind", "one_of", strings.Join(OutcomeKinds, ", "))
	}
	if err := CheckText("text", o.Text, MaxOutcomeText); err != nil {
		return err
	}
	if strings.TrimSpace(o.Text) == "" {
		return Because("text", "say_happened")
	}
	if o.Arrests < 0 || o.Arrests > 100_000 {
		return Because("arrests", "arrests_range")
	}
	if err := checkList("records", len(o.Records), MaxOutcomeRecords); err != nil {
		return err
	}
	for i, id := range o.Records {
		if err := CheckText("records["+itoa(i)+"]", id, MaxRecordID); err != nil {
			return err
		}
	}
	return nil
}

// OutcomeFigure is one agency's row of the outcome figures, over what the
// caller's agency may see: the leads it sent (answers it gave to requests
// and the leads of outcomes), the leads someone acted on, and the results
// (outcomes of its leads, by kind, and arrests).
type OutcomeFigure struct {
	Agency   string         `json:"agency"`
	Sent     int            `json:"leads_sent"`
	ActedOn  int            `json:"acted_on"`
	Results  int            `json:"results"`
	ByKind   map[string]int `json:"by_kind"`
	Arrests  int            `json:"arrests"`
	Reported int            `json:"reported"` // outcomes it reported on others' leads
}

// OutcomeService follows leads to what they led to.
type OutcomeService interface {
	CreateOutcome(ctx context.Context, p Principal, o *Outcome) error
	Outcome(ctx context.Context, p Principal, id string) (*Outcome, error)
	// Outcomes lists the outcomes the caller's agency reported or whose
	// lead it gave, newest first.
	Outcomes(ctx context.Context, p Principal, page Page) ([]*Outcome, string, error)
	OutcomeFigures(ctx context.Context, p Principal) ([]OutcomeFigure, error)
}

// Agreed disclosure (issue 11): a public announcement of an operation's
// result goes out only once every agency whose records it draws on has
// consented.
//
//	draft ──consent/refuse (each originating agency)──▶ draft
//	draft ──edit (drafting agency)──▶ draft, a new version, consents asked again
//	draft ──approve (drafting agency, every originator consented)──▶ approved (frozen)
const (
	DiscDraft    = "draft"
	DiscApproved = "approved"

	ConsentPending = "pending"
	ConsentGiven   = "consented"
	ConsentRefused = "refused"
)

// Disclosure is a draft (then approved) announcement of an operation's
// result. It is read by the operation's participants and the originating
// agencies of its records.
type Disclosure struct {
	ID          string              `json:"id"`
	Operation   string              `json:"operation"`
	Agency      string              `json:"agency"` // drafting agency
	Title       string              `json:"title"`
	Text        string              `json:"text"`
	Records     []string            `json:"records"`     // those the viewer reads
	Originators []string            `json:"originators"` // of every record it draws on
	Consents    []Consent           `json:"consents"`
	State       string              `json:"state"`
	Version     int                 `json:"version"` // of the text
	Versions    []DisclosureVersion `json:"versions"`
	CreatedBy   string              `json:"created_by"`
	CreatedAt   time.Time           `json:"created_at"`
	ApprovedBy  string              `json:"approved_by,omitempty"`
	ApprovedAt  *time.Time          `json:"approved_at,omitempty"`
}

// Consent is one originating agency's answer to a disclosure's current
// version.
type Consent struct {
	Agency string     `json:"agency"`
	State  string     `json:"state"`
	Reason string     `json:"reason,omitempty"`
	By     string     `json:"by,omitempty"`
	At     *time.Time `json:"at,omitempty"`
}

// DisclosureVersion is one version of a disclosure's text.
type DisclosureVersion struct {
	Version int       `json:"version"`
	Title   string    `json:"title"`
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
}

// Consent returns agency's consent, or nil.
func (d *Disclosure) Consent(agency string) *Consent {
	for i := range d.Consents {
		if d.Consents[i].Agency == agency {
			return &d.Consents[i]
		}
	}
	return nil
}

// Validate checks a disclosure's title and text.
func (d *Disclosure) Validate() error {
	if err := CheckText("title", d.Title, MaxOpName); err != nil {
		return err
	}
	if strings.TrimSpace(d.Title) == "" {
		return Because("title", "required")
	}
	if err := CheckText("text", d.Text, MaxDisclosureText); err != nil {
		return err
	}
	if strings.TrimSpace(d.Text) == "" {
		return Because("text", "required")
	}
	if err := checkList("records", len(d.Records), MaxOutcomeRecords); err != nil {
		return err
	}
	for i, id := range d.Records {
		if err := CheckText("records["+itoa(i)+"]", id, MaxRecordID); err != nil {
			return err
		}
	}
	return nil
}

// Disclosure actions.
const (
	DiscActEdit    = "edit"
	DiscActConsent = "consent"
	DiscActRefuse  = "refuse"
	DiscActApprove = "approve"
)

// DisclosureService carries agreed disclosures.
type DisclosureService interface {
	// CreateDisclosure drafts d for the operation d.Operation, drawing on
	// d.Records (each must be read by the caller).
	CreateDisclosure(ctx context.Context, p Principal, d *Disclosure) error
	Disclosure(ctx context.Context, p Principal, id string) (*Disclosure, error)
	Disclosures(ctx context.Context, p Principal, page Page) ([]*Disclosure, string, error)
	// ActOnDisclosure edits (title, text), consents, refuses (text is the
	// reason) or approves (ECONFLICT until every originator consented).
	ActOnDisclosure(ctx context.Context, p Principal, id, action, title, text string) error
}
