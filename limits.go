package jisr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of what a node accepts. Texts are counted in characters (Unicode
// code points, as JSON Schema's maxLength counts them), lists in items.
const (
	MaxTitle          = 300     // record title
	MaxNarrative      = 100_000 // each narrative; also the text given to /extract
	MaxConditions     = 2_000   // handling_conditions (H3)
	MaxPlaceText      = 200     // place name, name_ar, admin
	MaxEntities       = 500     // entities of a record
	MaxLinks          = 1_000   // links of a record
	MaxPropValues     = 50      // values of one entity property
	MaxPropValue      = 2_000   // one property value
	MaxReleaseItems   = 100     // agencies, countries or groups of a releasability
	MaxGroupName      = 64      // a sharing group's name
	MaxAgencyCode     = 32      // an agency code such as IQ-GDNA
	MaxAgencyName     = 200     // name_en, name_ar of an agency
	MaxAgencyGroups   = 50      // sharing groups of an agency
	MaxUsername       = 63      // a user name
	MaxDisplayName    = 200     // a user's display name
	MaxEmail          = 254     // a user's e-mail address
	MaxPassword       = 1_024   // a password
	MaxOTP            = 32      // a one-time code or recovery code as typed
	MaxReason         = 2_000   // reason of a release request; answer to it
	MaxAttachmentName = 255     // an attachment's file name
	MaxEntityID       = 32      // an entity's id within its record (e1, p1…)
	MaxCountryCode    = 2       // an ISO 3166-1 alpha-2 code
)

// A Limit bounds one field of a body the API accepts. Validation enforces
// it and the OpenAPI document shows it: maxLength for a text, maxItems for
// a list.
type Limit struct {
	// Schema is the body's schema in the OpenAPI document: a component
	// (Record, Entity…) or the operation whose JSON body it is
	// ("POST /api/v1/extract").
	Schema string
	// Field is the JSON name of the field in that schema. "[]" after it
	// means each item of the list, "{}" each value of the map: "groups[]" is
	// every group name, "props{}" the list of values of each property and
	// "props{}[]" each value.
	Field string
	Max   int
	Items bool // a list: Max is its number of items, not characters
}

// Limits is the one table of field limits.
var Limits = []Limit{
	{"Record", "title", MaxTitle, false},
	{"Record", "narrative_ar", MaxNarrative, false},
	{"Record", "narrative_en", MaxNarrative, false},
	{"Record", "handling_conditions", MaxConditions, false},
	{"Record", "entities", MaxEntities, true},
	{"Record", "links", MaxLinks, true},
	{"Place", "country", MaxCountryCode, false},
	{"Place", "name", MaxPlaceText, false},
	{"Place", "name_ar", MaxPlaceText, false},
	{"Place", "admin", MaxPlaceText, false},
	{"Releasability", "agencies", MaxReleaseItems, true},
	{"Releasability", "agencies[]", MaxAgencyCode, false},
	{"Releasability", "countries", MaxReleaseItems, true},
	{"Releasability", "countries[]", MaxCountryCode, false},
	{"Releasability", "groups", MaxReleaseItems, true},
	{"Releasability", "groups[]", MaxGroupName, false},
	{"Releasability", "users", MaxReleaseItems, true},
	{"Releasability", "users[]", MaxUsername, false},
	{"Entity", "id", MaxEntityID, false},
	{"Link", "from", MaxEntityID, false},
	{"Link", "to", MaxEntityID, false},
	{"Entity", "props{}", MaxPropValues, true},
	{"Entity", "props{}[]", MaxPropValue, false},
	{"ReleaseRequestBody", "reason", MaxReason, false},
	{"ReleaseRequestBody", "purpose", MaxReason, false},
	{"ReleaseRequestBody", "to", MaxAgencyName, false},
	{"AnswerBody", "answer", MaxReason, false},
	{"LoginRequest", "username", MaxUsername, false},
	{"LoginRequest", "password", MaxPassword, false},
	{"LoginRequest", "otp", MaxOTP, false},
	{"POST /api/v1/me/2fa/confirm", "otp", MaxOTP, false},
	{"CreateUserBody", "username", MaxUsername, false},
	{"CreateUserBody", "display_name", MaxDisplayName, false},
	{"CreateUserBody", "email", MaxEmail, false},
	{"CreateUserBody", "password", MaxPassword, false},
	{"CreateUserBody", "agency", MaxAgencyCode, false},
	{"POST /api/v1/users/{username}/password", "password", MaxPassword, false},
	{"Agency", "code", MaxAgencyCode, false},
	{"Agency", "name_en", MaxAgencyName, false},
	{"Agency", "name_ar", MaxAgencyName, false},
	{"Agency", "country", MaxCountryCode, false},
	{"Agency", "groups", MaxAgencyGroups, true},
	{"Agency", "groups[]", MaxGroupName, false},
	{"Attachment", "name", MaxAttachmentName, false},
	{"POST /api/v1/extract", "text", MaxNarrative, false},
	{"NewRequest", "to", MaxRequestTo, true},
	{"NewRequest", "to[]", MaxAgencyCode, false},
	{"NewRequest", "subject", MaxSubject, false},
	{"NewRequest", "body", MaxRequestBody, false},
	{"NewRequest", "records", MaxRequestRecords, true},
	{"NewRequest", "records[]", MaxRecordID, false},
	{"NewRequest", "hits", MaxRequestHits, true},
	{"NewRequest", "hits[]", MaxHitRef, false},
	{"RequestAnswer", "answer", MaxAnswer, false},
	{"RequestAnswer", "reason", MaxAnswer, false},
	{"MarkRead", "ids", MaxPageLimit, true},
	{"NewLookout", "value", MaxLookoutValue, false},
	{"NewLookout", "note", MaxLookoutNote, false},
	{"NewLookout", "to", MaxLookoutTo, true},
	{"NewLookout", "to[]", MaxAgencyCode, false},
	{"NewOperation", "name", MaxOpName, false},
	{"NewOperation", "summary", MaxOpText, false},
	{"NewOperation", "participants", MaxOpAgencies, true},
	{"OperationAct", "text", MaxOpText, false},
	{"OperationAct", "description", MaxOpText, false},
	{"OperationAct", "title", MaxOpName, false},
	{"OperationAct", "records", MaxOpRecords, true},
	{"OperationAct", "agencies", MaxOpAgencies, true},
	{"OperationAct", "legs", MaxOpLegs, true},
	{"Leg", "from", MaxCheckpointName, false},
	{"Leg", "to", MaxCheckpointName, false},
	{"NewOutcome", "text", MaxOutcomeText, false},
	{"NewOutcome", "records", MaxOutcomeRecords, true},
	{"NewDisclosure", "title", MaxOpName, false},
	{"NewDisclosure", "text", MaxDisclosureText, false},
	{"NewDisclosure", "records", MaxOutcomeRecords, true},
	{"DisclosureEdit", "title", MaxOpName, false},
	{"DisclosureEdit", "text", MaxDisclosureText, false},
	{"ConsentBody", "reason", MaxAnswer, false},
}

// CheckText refuses a text that is not valid UTF-8, holds a NUL character
// or is longer than max characters (max ≤ 0: no length limit). The error is
// EINVALID naming field.
func CheckText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return Because(field, "utf8")
	}
	if strings.IndexByte(s, 0) >= 0 {
		return Because(field, "nul")
	}
	if max > 0 && len(s) > max && utf8.RuneCountInString(s) > max {
		return Because(field, "too_long", strconv.Itoa(max))
	}
	return nil
}

// checkList refuses a list of more than max items.
func checkList(field string, n, max int) error {
	if n > max {
		return Because(field, "too_many", strconv.Itoa(max))
	}
	return nil
}

// CheckAttachmentName refuses a file name that an attachment may not have:
// empty, "." or "..", a path with a ".." step, longer than
// MaxAttachmentName characters, not valid UTF-8, or holding a control
// character (C0, DEL, C1), a line or paragraph separator, or a
// bidirectional or invisible formatting mark (U+202E RIGHT-TO-LEFT OVERRIDE
// and the like), which can disguise a file's real name and type. A path is
// not refused for its directories: the store keeps the last element.
func CheckAttachmentName(name string) error {
	if err := CheckText("name", name, 0); err != nil {
		return err
	}
	for _, step := range strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '\\' }) {
		if strings.TrimSpace(step) == ".." {
			return Because("name", "file_name_dots")
		}
	}
	for _, r := range name {
		if unsafeNameRune(r) {
			return Because("name", "file_name_char", fmt.Sprintf("U+%04X", r))
		}
	}
	return nil
}

// unsafeNameRune reports the characters refused in file names.
func unsafeNameRune(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7F && r <= 0x9F): // C0, DEL, C1
		return true
	case r == 0x061C, r == 0x200B, r == 0x200E, r == 0x200F, r == 0xFEFF: // ALM, ZWSP, LRM, RLM, BOM
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069: // embeddings, overrides, isolates
		return true
	case r == 0x2028, r == 0x2029, r == utf8.RuneError:
		return true
	}
	return false
}

// CleanAttachmentName is name made safe to offer as a download's file name
// (Content-Disposition): refused characters become "_", path separators
// "_", and a name of dots only becomes "attachment". Names stored before
// CheckAttachmentName existed pass through it on every download.
func CleanAttachmentName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(name, "_") {
		if unsafeNameRune(r) || r == '/' || r == '\\' {
			r = '_'
		}
		b.WriteRune(r)
	}
	s := strings.TrimSpace(b.String())
	if strings.Trim(s, ".") == "" {
		return "attachment"
	}
	return s
}
