package jisr

import (
	"context"
	"time"
)

// Hit rules.
const (
	RuleSelector  = "selector"  // the same phone, plate, container… in two records
	RuleSite      = "site"      // two facilities within a kilometre
	RuleDuplicate = "duplicate" // possibly the same seizure reported twice
	RuleName      = "name"      // possibly the same person (fuzzy, scored)
)

// Disclosures of the other side of a hit.
const (
	DisclosureFull  = "full"  // the caller may read the other record
	DisclosureBlind = "blind" // the caller learns only which agency holds a match
)

// Hit is where two records meet, seen from one of them (Record, which the
// caller may read). Other is the far side: in full when the caller may read
// it, otherwise blind — the agency that holds it and nothing more, not even
// its id.
//
// ID is an opaque random reference (128 bits, hex), not a sequence number:
// it tells nothing of how many hits exist and cannot be guessed. A hit stays
// the same hit, with its ID and its answer, while the two records keep
// meeting by the same rule and value, across edits of either.
type Hit struct {
	ID          string   `json:"id"`
	Rule        string   `json:"rule"`
	Type        string   `json:"type,omitempty"`  // selector type
	Value       string   `json:"value,omitempty"` // the shared value, as the caller's record holds it
	Record      string   `json:"record"`          // the caller's side
	Other       HitOther `json:"other"`
	Score       float64  `json:"score,omitempty"`
	Explanation string   `json:"explanation,omitempty"`
	// Reason is why the two records meet, as a reason key and its
	// parameters computed where the hit arises, for each front end to
	// render whole in its language (Explanation is the same in English).
	Reason    *HitReason `json:"reason,omitempty"`
	Common    bool       `json:"common,omitempty"` // the value is common (hotline, switchboard): no notices
	Status    string     `json:"status,omitempty"` // for blind hits: pending, released, declined
	CreatedAt time.Time  `json:"created_at"`
}

// HitReason is why two records meet. Key is the rule (selector, site,
// duplicate, name) or duplicate_blind (a duplicate whose far side the
// caller may not read: only that such a seizure exists).
type HitReason struct {
	Key string `json:"key"`
	// Metres apart (site).
	Metres float64 `json:"metres,omitempty"`
	// The crossing and the two seizures' quantities (duplicate).
	Crossing    string  `json:"crossing,omitempty"`
	OursPills   float64 `json:"ours_pills,omitempty"`
	OursKg      float64 `json:"ours_kg,omitempty"`
	TheirsPills float64 `json:"theirs_pills,omitempty"`
	TheirsKg    float64 `json:"theirs_kg,omitempty"`
	// The name in the caller's record (name), and how the other record's
	// name matched it part by part (Name.Name is the other spelling;
	// Parts' Query are our parts, QueryOnly ours the other lacks).
	Ours string     `json:"ours,omitempty"`
	Name *NameMatch `json:"name,omitempty"`
}

// HitOther is the far side of a hit.
type HitOther struct {
	Disclosure string `json:"disclosure"`
	Agency     string `json:"agency"`
	RecordID   string `json:"record_id,omitempty"` // full only
	Title      string `json:"title,omitempty"`     // full only
	Kind       Kind   `json:"kind,omitempty"`      // full only
}

// Blind hit statuses, set by the owner of the hidden record.
const (
	HitPending  = "pending"
	HitReleased = "released"
	HitDeclined = "declined"
)

// HitService finds where records meet.
type HitService interface {
	// RecordHits returns the hits of a record the caller may read.
	RecordHits(ctx context.Context, p Principal, recordID string) ([]*Hit, error)
	// Hits is the caller's inbox: hits on records of the caller's agency,
	// newest first, including blind notices that another agency matched.
	Hits(ctx context.Context, p Principal, page Page) ([]*Hit, string, error)
	// AnswerHit lets the owner of a record that another agency matched blind
	// release the record to that agency, or decline. A hit the caller may not
	// see is ENOTFOUND exactly like an absent one, whatever the caller's
	// role; a hit already answered is ECONFLICT.
	AnswerHit(ctx context.Context, p Principal, hitID string, release bool) error
}
