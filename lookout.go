package jisr

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Lookout types: what a lookout watches for.
const (
	LookPhone     = "phone"
	LookPlate     = "plate"
	LookContainer = "container"
	LookVessel    = "vessel"   // IMO or MMSI number
	LookWallet    = "wallet"   // BTC, ETH or TRON address
	LookDocument  = "document" // passport or national id number
	LookPerson    = "person"   // a name, matched across scripts
	LookPillLogo  = "pill_logo"
)

// LookoutTypes lists the lookout types.
var LookoutTypes = []string{LookPhone, LookPlate, LookContainer, LookVessel, LookWallet, LookDocument, LookPerson, LookPillLogo}

// States of a lookout.
//
//	active ──withdraw (issuer)──▶ withdrawn
//	   └────expires (the node)──▶ expired
//
// Only an active lookout whose expiry is still ahead matches.
const (
	LookActive    = "active"
	LookWithdrawn = "withdrawn"
	LookExpired   = "expired"
)

// Limits of a lookout.
const (
	MaxLookoutValue = 200
	MaxLookoutNote  = 2000
	MaxLookoutTo    = 20
	// MaxLookoutDays is how far ahead a lookout may expire.
	MaxLookoutDays = 366
)

// Lookout watches every new or changed record of the node for one value
// (a phone, a plate, a name…) on behalf of the issuing agency and the
// agencies it is sent to. A record that matches is shown to each of them
// as a hit would be: in full to who reads it, blind (the holding agency
// only) to who does not.
type Lookout struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	// Value is the canonical value (a selector as selectors.Display writes
	// it, a name as given); Key the value's posting key (inside the node).
	Value     string     `json:"value"`
	Key       string     `json:"-"`
	Note      string     `json:"note,omitempty"`
	From      string     `json:"from"`       // issuing agency
	CreatedBy string     `json:"created_by"` // the issuer (username)
	To        []string   `json:"to"`         // agencies it is sent to
	Expires   time.Time  `json:"expires"`
	State     string     `json:"state"`
	Matches   int        `json:"matches"` // matches the viewer is shown (full or blind)
	CreatedAt time.Time  `json:"created_at"`
	EndedAt   *time.Time `json:"ended_at,omitempty"` // withdrawn or expired
	EndedBy   string     `json:"ended_by,omitempty"`
	Version   int        `json:"version"`
}

// Active reports whether l matches at now.
func (l *Lookout) Active(now time.Time) bool { return l.State == LookActive && now.Before(l.Expires) }

// Validate checks a new lookout as sent (the value's form is the engine's,
// which canonicalises it). from is the issuing agency.
func (l *Lookout) Validate(from string, now time.Time) error {
	if !slices.Contains(LookoutTypes, l.Type) {
		return Because("type", "one_of", strings.Join(LookoutTypes, ", "))
	}
	if err := CheckText("value", l.Value, MaxLookoutValue); err != nil {
		return err
	}
	if strings.TrimSpace(l.Value) == "" {
		return Because("value", "required")
	}
	if err := CheckText("note", l.Note, MaxLookoutNote); err != nil {
		return err
	}
	if err := checkList("to", len(l.To), MaxLookoutTo); err != nil {
		return err
	}
	for i, a := range l.To {
		f := "to[" + itoa(i) + "]"
		if err := CheckText(f, a, MaxAgencyCode); err != nil {
			return err
		}
		if !ValidAgencyCode(a) {
			return Because(f, "agency_code")
		}
		if a == from {
			return Because(f, "lookout_own")
		}
		if slices.Contains(l.To[:i], a) {
			return Because(f, "used_twice", a)
		}
	}
	if l.Expires.IsZero() {
		return Because("expires", "required")
	}
	if !l.Expires.After(now) {
		return Because("expires", "must_future")
	}
	if l.Expires.After(now.AddDate(0, 0, MaxLookoutDays)) {
		return Because("expires", "within_days", MaxLookoutDays)
	}
	return nil
}

// LookoutMatch is one record that matched a lookout, as the viewer may see
// it: Record is set only when the viewer reads the record (disclosure
// full); a blind match names the holding agency only. What matched is the
// lookout's own value (the viewer's), never the record's text.
type LookoutMatch struct {
	Disclosure string    `json:"disclosure"` // DisclosureFull or DisclosureBlind
	Agency     string    `json:"agency"`     // the agency holding the record
	Record     string    `json:"record,omitempty"`
	Why        string    `json:"why"` // what of the lookout matched: "phone", "name 0.93"
	At         time.Time `json:"at"`
}

// LookoutFilter selects lookouts: issued by the caller's agency (Box
// "sent"), sent to it ("received"), or both; optionally in one state.
type LookoutFilter struct {
	Box   string
	State string
	Page  Page
}

// LookoutService watches for values across the node's records. A lookout
// the caller may not see is ENOTFOUND exactly like an absent one.
type LookoutService interface {
	CreateLookout(ctx context.Context, p Principal, l *Lookout) error
	Lookout(ctx context.Context, p Principal, id string) (*Lookout, error)
	Lookouts(ctx context.Context, p Principal, f LookoutFilter) ([]*Lookout, string, error)
	// WithdrawLookout ends an active lookout (its issuer or the issuing
	// agency's liaison officers and supervisors).
	WithdrawLookout(ctx context.Context, p Principal, id string) error
	// LookoutMatches lists the records that matched, as the caller may see
	// them.
	LookoutMatches(ctx context.Context, p Principal, id string) ([]*LookoutMatch, error)
}

// Notification kinds of lookouts.
const (
	NoteLookoutNew   = "lookout.new"   // to the recipients
	NoteLookoutMatch = "lookout.match" // to the issuer and recipients: Agency holds the match
)

// PillLogos lists the pill logos a lookout may watch for (the logo
// property of DrugQuantity).
func PillLogos() []string {
	for _, sc := range Schemas {
		if sc.Name != "DrugQuantity" {
			continue
		}
		for _, p := range sc.Props {
			if p.Name == "logo" {
				return slices.Clone(p.Enum)
			}
		}
	}
	return nil
}

// ValidPillLogo reports whether s is a pill logo of PillLogos (not "none").
func ValidPillLogo(s string) bool { return s != "none" && slices.Contains(PillLogos(), s) }
