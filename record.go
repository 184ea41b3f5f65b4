package jisr

import (
	"context"
	"io"
	"time"
)

// Kind is the kind of a record, the unit of exchange.
type Kind string

const (
	KindReport    Kind = "report"    // intelligence report
	KindSeizure   Kind = "seizure"   // a seizure, with UNODC IDS fields
	KindFacility  Kind = "facility"  // lab, warehouse, press
	KindOperation Kind = "operation" // reserved for joint operations
	KindRequest   Kind = "request"   // reserved for requests for information
)

// Kinds that can be created today.
var Kinds = []Kind{KindReport, KindSeizure, KindFacility}

// TLP is a Traffic Light Protocol 2.0 marking.
type TLP string

const (
	TLPClear       TLP = "CLEAR"
	TLPGreen       TLP = "GREEN"
	TLPAmber       TLP = "AMBER"
	TLPAmberStrict TLP = "AMBER+STRICT"
	TLPRed         TLP = "RED"
)

// TLPs in increasing order of restriction.
var TLPs = []TLP{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}

// Handling is a Europol handling code.
type Handling string

const (
	H0 Handling = "H0" // use only to prevent and combat crime
	H1 Handling = "H1" // not for judicial proceedings without the provider's consent
	H2 Handling = "H2" // no onward dissemination without the provider's consent
	H3 Handling = "H3" // other restrictions, written out in HandlingConditions
)

// Handlings lists the handling codes.
var Handlings = []Handling{H0, H1, H2, H3}

// Grading is the NATO Admiralty code: source reliability A–F and
// information credibility 1–6.
type Grading struct {
	Source      string `json:"source"`      // A completely reliable … E unreliable, F cannot be judged
	Information int    `json:"information"` // 1 confirmed … 5 improbable, 6 cannot be judged
}

func (g Grading) String() string { return g.Source + string(rune('0'+g.Information)) }

// Releasability says who besides the originator may see a record: named
// agencies, whole countries (every agency of that country) and named
// sharing groups. Community means every agency of the cell. Which of these
// apply also depends on the TLP (see package policy).
type Releasability struct {
	Community bool     `json:"community,omitempty"`
	Agencies  []string `json:"agencies,omitempty"`
	Countries []string `json:"countries,omitempty"`
	Groups    []string `json:"groups,omitempty"`
	// Users names the recipients of a TLP:RED record, person by person
	// (user names, of the originating agency or of an agency in Agencies).
	// When it is empty a TLP:RED record goes by role: every reader of the
	// originating agency and the liaison officers and supervisors of each
	// named agency (the default list the web form proposes). When it is
	// set, only the users named, the user who created the record and the
	// originator's liaison officers and supervisors (who release it) read
	// it. TLP:RED only.
	Users []string `json:"users,omitempty"`
}

// Place is where something happened.
type Place struct {
	Name    string   `json:"name,omitempty"`
	NameAR  string   `json:"name_ar,omitempty"`
	Country string   `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Admin   string   `json:"admin,omitempty"`   // governorate / province
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

// Record is the unit of exchange between agencies. The originating agency
// alone may change it or its releasability.
type Record struct {
	ID string `json:"id"`
	// ExternalID is the originator's own reference of the record (a case
	// number, the key of its source system); an import without one uses a
	// keyed digest of the line. Unique per originator, so importing a file
	// again creates nothing twice. Only the originator sees it.
	ExternalID  string    `json:"external_id,omitempty"`
	Kind        Kind      `json:"kind"`
	Originator  string    `json:"originator"` // agency code
	CreatedBy   string    `json:"created_by"` // username
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	UpdatedBy   string    `json:"updated_by,omitempty"`
	Version     int       `json:"version"`
	Title       string    `json:"title"`
	NarrativeAR string    `json:"narrative_ar,omitempty"`
	NarrativeEN string    `json:"narrative_en,omitempty"`
	OccurredOn  string    `json:"occurred_on,omitempty"` // YYYY-MM-DD
	Place       Place     `json:"place"`

	Grading            Grading       `json:"grading"`
	Handling           Handling      `json:"handling"`
	HandlingConditions string        `json:"handling_conditions,omitempty"` // for H3
	TLP                TLP           `json:"tlp"`
	Releasability      Releasability `json:"releasability"`
	ReviewBy           string        `json:"review_by,omitempty"` // YYYY-MM-DD
	NoHitDisclosure    bool          `json:"no_hit_disclosure,omitempty"`

	Seizure  *Seizure  `json:"seizure,omitempty"`
	Facility *Facility `json:"facility,omitempty"`

	Entities    []Entity     `json:"entities,omitempty"`
	Links       []Link       `json:"links,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`

	// Caveats are the handling texts a copy carries when it leaves the
	// node (export; see policy.Caveats). Never stored, ignored on input.
	Caveats []string `json:"caveats,omitempty"`
	// Consents are the consents to a use granted on this record that the
	// reader's agency may see (policy.SeesConsent). Never stored, ignored
	// on input.
	Consents []UseConsent `json:"consents,omitempty"`
}

// Facility describes a lab, warehouse or press.
type Facility struct {
	Type   string `json:"type"`   // lab, warehouse, press, storage
	Status string `json:"status"` // active, dismantled, suspected
	Mobile bool   `json:"mobile,omitempty"`
}

// FacilityTypes and FacilityStatuses are the pick lists for Facility.
var (
	FacilityTypes    = []string{"lab", "warehouse", "press", "storage", "tunnel"}
	FacilityStatuses = []string{"suspected", "active", "dismantled"}
)

// Attachment is a photo or document stored with its SHA-256.
type Attachment struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	MediaType string    `json:"media_type"`
	Size      int64     `json:"size"`
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
}

// RecordVersion is one entry of a record's edit history.
type RecordVersion struct {
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Record  *Record   `json:"record"`
}

// ReleaseRequest is a receiver asking the originator of a record either to
// widen its releasability (kind "release") or to consent to a use the
// handling code or the third-party rule reserves to the originator (kind
// "consent": use in court, public disclosure, passing on to a named body).
// Only the originator answers it.
type ReleaseRequest struct {
	// ID is the request's reference: random, so that nobody counts the
	// requests of other agencies from the gaps between them.
	ID        string `json:"id"`
	Pos       int64  `json:"-"`    // the store's position (list order, cursors)
	Kind      string `json:"kind"` // release (default) or consent
	RecordID  string `json:"record_id"`
	Requester string `json:"requester"` // username
	Agency    string `json:"agency"`    // requesting agency
	// Wanted is what a release request asks to be released to (empty for
	// a consent request).
	Wanted Releasability `json:"wanted"`
	Reason string        `json:"reason"` // why (a release request)
	// Use, To and Purpose are what a consent request asks: the use
	// (ConsentUses), the body the record would be passed on to (use
	// onward only) and the purpose (the case, the court, the occasion).
	Use        string     `json:"use,omitempty"`
	To         string     `json:"to,omitempty"`
	Purpose    string     `json:"purpose,omitempty"`
	Status     string     `json:"status"` // pending, accepted, refused
	Answer     string     `json:"answer,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
}

// Kinds of release request.
const (
	ReleaseKindRelease = "release" // widen the releasability
	ReleaseKindConsent = "consent" // consent to a use of the record
)

// Uses a consent request asks the originator to consent to: each is a use
// the handling code or the third-party rule reserves to the originator.
const (
	UseCourt  = "court"  // as evidence in judicial proceedings (H1)
	UsePublic = "public" // public disclosure (press, announcement)
	UseOnward = "onward" // passing it on to a body named in To (H2)
)

// ConsentUses are the uses a consent request may name.
var ConsentUses = []string{UseCourt, UsePublic, UseOnward}

// UseConsent is a granted consent request as it is shown on the record:
// to the agency it was granted to and to the originator, never to anyone
// else. Never stored with the record, ignored on input.
type UseConsent struct {
	Ref        string    `json:"ref"` // the consent request's reference
	Use        string    `json:"use"` // ConsentUses
	To         string    `json:"to,omitempty"`
	Agency     string    `json:"agency"`     // granted to
	Originator string    `json:"originator"` // granted by
	Purpose    string    `json:"purpose"`
	Answer     string    `json:"answer,omitempty"`
	GrantedAt  time.Time `json:"granted_at"`
	Caveat     string    `json:"caveat"` // the English text exported copies carry
}

// Release request statuses.
const (
	RequestPending  = "pending"
	RequestAccepted = "accepted"
	RequestRefused  = "refused"
)

// RecordFilter selects records in lists, searches and statistics. Every
// result is further limited to what the caller may see.
type RecordFilter struct {
	Kind       Kind
	Originator string
	Country    string // place country
	From, To   string // occurred_on range, YYYY-MM-DD inclusive
	Crossing   string // seizure crossing code
	// Concealment is a seizure's hiding place (a value of Concealments);
	// Substance a drug quantity's substance (a value of Substances).
	// Lists only: statistics refuse them.
	Concealment, Substance string
	Text                   string // full-text query (Arabic or English)
	Page                   Page
}

// SeizureStats is the aggregate of seizures the caller may see.
type SeizureStats struct {
	Seizures      int          `json:"seizures"`
	Pills         float64      `json:"pills"`
	Kilograms     float64      `json:"kilograms"`
	ByCountry     []StatBucket `json:"by_country"`
	ByMonth       []StatBucket `json:"by_month"`
	ByConcealment []StatBucket `json:"by_concealment"`
	ByCrossing    []StatBucket `json:"by_crossing"`
}

// StatBucket is one group of SeizureStats.
type StatBucket struct {
	Key       string  `json:"key"`
	Seizures  int     `json:"seizures"`
	Pills     float64 `json:"pills"`
	Kilograms float64 `json:"kilograms"`
}

// RecordService stores records under originator control. Every method is
// given the caller and returns only what policy lets the caller see: a
// record the caller may not see is ENOTFOUND, exactly like an absent one.
type RecordService interface {
	// CreateRecord validates and stores r as version 1 from the caller's agency;
	// it sets ID, Originator, CreatedBy, timestamps. EINVALID names the field.
	CreateRecord(ctx context.Context, p Principal, r *Record) error
	// UpdateRecord replaces the content of a record the caller's agency originated;
	// r.Version must be the current version (ECONFLICT otherwise).
	UpdateRecord(ctx context.Context, p Principal, r *Record) error
	// Record returns one record. ENOTFOUND if absent or not visible.
	Record(ctx context.Context, p Principal, id string) (*Record, error)
	// Records lists visible records, newest first, with a cursor for the next page.
	Records(ctx context.Context, p Principal, f RecordFilter) ([]*Record, string, error)
	// CountRecords counts the visible records that match f.
	CountRecords(ctx context.Context, p Principal, f RecordFilter) (int, error)
	// History returns the versions of a visible record the caller may see,
	// oldest first: each version by its own audience, with the strictest
	// informant protection any version had (policy.History).
	History(ctx context.Context, p Principal, id string) ([]RecordVersion, error)
	// SetReleasability changes who may see a record; originator only (liaison, supervisor).
	SetReleasability(ctx context.Context, p Principal, id string, rel Releasability) error
	// RequestRelease asks the originator of a visible record to widen it.
	RequestRelease(ctx context.Context, p Principal, rr *ReleaseRequest) error
	// AnswerRelease accepts or refuses a pending request; accepting widens the releasability.
	AnswerRelease(ctx context.Context, p Principal, id string, accept bool, answer string) error
	// ReleaseRequests lists requests made by or addressed to the caller's agency.
	ReleaseRequests(ctx context.Context, p Principal, page Page) ([]*ReleaseRequest, string, error)
	// AddAttachment stores a file with a visible record the caller's agency originated.
	AddAttachment(ctx context.Context, p Principal, recordID, name, mediaType string, body io.Reader) (*Attachment, error)
	// Attachment opens an attachment of a visible record.
	Attachment(ctx context.Context, p Principal, recordID, attachmentID string) (*Attachment, io.ReadCloser, error)
	// Stats aggregates the visible seizures matching f.
	Stats(ctx context.Context, p Principal, f RecordFilter) (*SeizureStats, error)
	// ImportRecords stores records in bulk as the caller's agency's. Every
	// record is validated, errors name the line and the field; by default
	// the import is one transaction, all or nothing (see ImportOptions). A
	// record whose external id the agency already holds is counted as
	// present, not created again.
	ImportRecords(ctx context.Context, p Principal, next func() (*ImportItem, error), opt ImportOptions) (*ImportReport, error)
	// ExportRecords calls fn for every visible record matching f; audited as an export.
	ExportRecords(ctx context.Context, p Principal, f RecordFilter, fn func(*Record) error) (int, error)
}
