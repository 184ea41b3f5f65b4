package jisr

// Profiles: one page for a person, a company or an identifier (phone,
// plate, container, …) gathering what the caller may read about it.

// Profile types besides the selector types (package selectors).
const (
	ProfilePerson  = "person"
	ProfileCompany = "company"
)

// ProfileQuery names what a profile is of: Type is person, company or a
// selector type; Value a name, or an identifier as people write it or as
// its canonical value.
type ProfileQuery struct {
	Type, Value string
}

// ProfileCap bounds the records one profile gathers.
const ProfileCap = 200

// Profile is everything the caller may read about one person, company or
// identifier: computed over the records it may read only.
type Profile struct {
	Type  string `json:"type"`
	Value string `json:"value"` // canonical value, or the name asked for
	// Names are its spellings in the records (persons and companies), in
	// every script they were written in.
	Names []string `json:"names,omitempty"`
	// Mentions are the readable records that mention it, newest first.
	Mentions []ProfileMention `json:"mentions"`
	Capped   bool             `json:"capped,omitempty"`
	// Linked are the other identifiers, persons and companies of those
	// records, the most shared first.
	Linked []ProfileLink `json:"linked,omitempty"`
	// Hits are the hits of those records on it: by this identifier, or
	// "possibly the same person" by one of its names. A blind hit names
	// only the agency that holds a match.
	Hits []*Hit `json:"hits,omitempty"`
}

// ProfileMention is one record mentioning what a profile is of.
type ProfileMention struct {
	RecordID   string `json:"record_id"`
	Title      string `json:"title"`
	Kind       Kind   `json:"kind"`
	Originator string `json:"originator"`
	OccurredOn string `json:"occurred_on"`
	TLP        TLP    `json:"tlp"`
	Entity     string `json:"entity,omitempty"`
	Role       string `json:"role,omitempty"`
	// As is how the record writes it (a spelling, or the identifier as
	// typed).
	As string `json:"as,omitempty"`
}

// ProfileLink is something else found in the records of a profile: an
// identifier (Type a selector type, Value canonical) or a person or
// company (Type person or company, Value its name).
type ProfileLink struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Records int    `json:"records"` // how many of the profile's records hold it
}
