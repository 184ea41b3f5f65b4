package jisr

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
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
	Reason *HitReason `json:"reason,omitempty"`
	Common bool       `json:"common,omitempty"` // the value is common (hotline, switchboard): no notices
	Status string     `json:"status,omitempty"` // for blind hits: pending, released, declined
	// Strength is strong (a shared identifier, a site, the same seizure)
	// or weak (a possible same name, a common value); strong hits come
	// first in the inbox.
	Strength string `json:"strength,omitempty"`
	// Group names the entity or value of OUR record the hit is on (see
	// HitGroup); hits of one group share it. It is made of the caller's
	// side only.
	Group     string    `json:"group,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Hit strengths.
const (
	HitStrong = "strong"
	HitWeak   = "weak"
)

// HitStatusFull is the status filter of hits whose far side the caller
// reads (disclosed in full).
const HitStatusFull = "full"

// HitFilter narrows the hits inbox. Every field is optional; values are
// checked by Validate (an unknown value is invalid, naming the field as
// the API's query parameter).
type HitFilter struct {
	Kind     string // the rule: selector, site, duplicate, name
	Agency   string // the other agency's code
	Status   string // pending, released, declined (blind hits) or full
	Strength string // strong or weak
	Group    string // a group (Hit.Group, HitGroup.Key)
}

// MaxHitGroup is the longest group key accepted.
const MaxHitGroup = 600

// Validate checks the filter's values.
func (f HitFilter) Validate() error {
	switch f.Kind {
	case "", RuleSelector, RuleSite, RuleDuplicate, RuleName:
	default:
		return Because("kind", "hit_kind")
	}
	if f.Agency != "" && !ValidAgencyCode(f.Agency) {
		return Because("agency", "agency_code")
	}
	switch f.Status {
	case "", HitPending, HitReleased, HitDeclined, HitStatusFull:
	default:
		return Because("status", "hit_status")
	}
	switch f.Strength {
	case "", HitStrong, HitWeak:
	default:
		return Because("strength", "hit_strength")
	}
	if len(f.Group) > MaxHitGroup || !utf8.ValidString(f.Group) || strings.ContainsRune(f.Group, 0) {
		return Because("group", "hit_group")
	}
	return nil
}

// HitGroup is one entity or value of the caller's records and the hits on
// it: a shared identifier (Type, Value: ours), a person of one of our
// records (Type "name", Value: our name, Record), or one of our records
// (a site or a duplicate seizure: Type is the rule, Record). Count is the
// number of hits in it the caller sees, after the filter; Strength its
// strongest.
type HitGroup struct {
	Key      string    `json:"key"`
	Type     string    `json:"type"`
	Value    string    `json:"value,omitempty"`
	Record   string    `json:"record,omitempty"`
	Count    int       `json:"count"`
	Strength string    `json:"strength"`
	Latest   time.Time `json:"latest"`
}

// HitReason is why two records meet. Key is the rule (selector, site,
// duplicate, name), or for a hit whose far side the caller may not read:
// duplicate_blind (only that such a seizure exists), site_blind (a
// facility of ours is near one of theirs), name_blind (Ours: our person's
// name as our record holds it — never theirs).
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
	// Hits is the caller's inbox: hits on records of the caller's agency
	// that f selects, strong ones first, then newest first, including
	// blind notices that another agency matched.
	Hits(ctx context.Context, p Principal, f HitFilter, page Page) ([]*Hit, string, error)
	// HitGroups gathers the inbox's hits that f selects per entity or
	// value of the caller's records, strongest then largest first;
	// partial is true when there were more hits than it counts.
	HitGroups(ctx context.Context, p Principal, f HitFilter) (groups []HitGroup, partial bool, err error)
	// AnswerHit lets the owner of a record that another agency matched blind
	// release the record to that agency, or decline. A hit the caller may not
	// see is ENOTFOUND exactly like an absent one, whatever the caller's
	// role; a hit already answered is ECONFLICT.
	AnswerHit(ctx context.Context, p Principal, hitID string, release bool) error
}
