// Package jisr holds the domain of a joint counter-narcotics information
// cell: agencies, users and roles, records (intelligence reports, seizures,
// facilities) with their entities, grading, handling codes, TLP and
// releasability, and the services that adapters implement. Read this package
// first; every other package speaks in its types.
package jisr

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. Each maps to one HTTP status in the http package's table.
const (
	EINVALID      = "invalid"            // bad input; Field names the field
	ENOTFOUND     = "not_found"          // absent, or present but not visible to the caller
	EFORBIDDEN    = "forbidden"          // visible but the action is not allowed
	EUNAUTHORIZED = "unauthorized"       // no valid session
	ECONFLICT     = "conflict"           // version mismatch, duplicate
	ERATELIMIT    = "rate_limited"       // too many attempts; RetryAfter says when to try again
	EMETHOD       = "method_not_allowed" // the path exists, not with this method
	ESTORAGEFULL  = "storage_full"       // the node's disk or database is full: writes are refused, reads go on
	ETOOLARGE     = "too_large"          // the request body is larger than the endpoint accepts
	// EOTPREQUIRED: the password was right but the account needs its
	// one-time code (or a recovery code) as well.
	EOTPREQUIRED = "otp_required"
	// EENROLREQUIRED: the session may only enrol a second factor; nothing
	// else is allowed until enrolment is confirmed.
	EENROLREQUIRED = "otp_enrolment_required"
	EINTERNAL      = "internal" // anything unexpected; details are logged, never returned
)

// Error is the one error type of jisr. Message is safe to show to a user;
// internal causes are kept in Err and never leave the node.
type Error struct {
	Code    string
	Message string
	Field   string // the offending input field, for EINVALID
	Err     error  // wrapped cause, for logs only
	// RetryAfter is how long a rate-limited caller should wait (ERATELIMIT).
	RetryAfter time.Duration
	// Reason is the key of an EINVALID message (Reasons) and Params its
	// parameters, set where the error arises: a front end renders them
	// whole in its language; Message is the English form.
	Reason string
	Params []string
}

func (e *Error) Error() string {
	s := e.Code + ": " + e.Message
	if e.Field != "" {
		s = e.Code + ": " + e.Field + ": " + e.Message
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Because returns an EINVALID error for field with a reason key (Reasons)
// and its parameters (each written with fmt.Sprint); its message is the
// reason's English form. Every invalid input carries a reason key from
// where it arises: a front end renders the key and its parameters whole
// in its language, never by matching the English text (a test of the root
// package fails on an EINVALID, EFORBIDDEN or ECONFLICT error made
// without one).
func Because(field, reason string, params ...any) *Error {
	e := Refused(EINVALID, reason, params...)
	e.Field = field
	return e
}

// Refused returns an error of code (EFORBIDDEN, ECONFLICT, …) with a
// reason key (Reasons) and its parameters, like Because.
func Refused(code, reason string, params ...any) *Error {
	ps := make([]string, len(params))
	args := make([]any, len(params))
	for i, p := range params {
		ps[i] = fmt.Sprint(p)
		args[i] = ps[i]
	}
	format, ok := Reasons[reason]
	if !ok {
		format = "is not valid"
	}
	return &Error{Code: code, Reason: reason, Params: ps, Message: fmt.Sprintf(format, args...)}
}

// ConflictOn returns an ECONFLICT error about field with a reason key.
func ConflictOn(field, reason string, params ...any) *Error {
	e := Refused(ECONFLICT, reason, params...)
	e.Field = field
	return e
}

// ForbiddenOn returns an EFORBIDDEN error about field with a reason key.
func ForbiddenOn(field, reason string, params ...any) *Error {
	e := Refused(EFORBIDDEN, reason, params...)
	e.Field = field
	return e
}

// Reasons are the reasons of invalid input, refusals and conflicts, by
// key, in English; each
// front end has its own text for every key (web/locales "reason.<key>",
// with the same parameters in the same order).
var Reasons = map[string]string{
	"required":                  "is required",
	"required_for":              "is required for %s",
	"narrative":                 "a narrative in Arabic or English is required",
	"date":                      "must be a date as YYYY-MM-DD",
	"future":                    "is in the future",
	"one_of":                    "must be one of %s",
	"admiralty_src":             "must be one of A, B, C, D, E, F (Admiralty source reliability)",
	"admiralty_info":            "must be 1 to 6 (Admiralty information credibility)",
	"h3":                        "H3 needs its conditions written out",
	"country":                   "must be an ISO 3166-1 alpha-2 code such as IQ",
	"latlon":                    "latitude and longitude go together",
	"between":                   "must be between %s and %s",
	"agency":                    "%q is not an agency code such as JO-AND",
	"named_only":                "TLP:%s records go to named agencies only",
	"crossing":                  "unknown crossing or port %q",
	"pick_list":                 "%q is not in the pick list",
	"negative":                  "cannot be negative",
	"used_twice":                "%q is used twice",
	"need_drug":                 "a seizure needs at least one DrugQuantity (what was seized, how much)",
	"no_entity":                 "no entity %q in this record",
	"empty":                     "is empty",
	"number":                    "must be a number ≥ 0",
	"date_partial":              "must be a date as YYYY-MM-DD (or YYYY-MM, YYYY)",
	"not_one_of":                "%q is not one of %s",
	"utf8":                      "is not valid UTF-8",
	"nul":                       "contains a NUL character",
	"too_long":                  "is longer than %s characters",
	"too_many":                  "has more than %s items",
	"file_name":                 "a file name of 1 to %s characters is required",
	"file_name_dots":            "is not an acceptable file name: it holds \"..\"",
	"file_name_char":            "is not an acceptable file name: it holds the control or direction character %s",
	"password_short":            "must be at least %s characters",
	"agency_code":               "is not an agency code such as IQ-GDNA",
	"datetime":                  "must be a date and time",
	"hit_kind":                  "must be one of selector, site, duplicate, name",
	"hit_status":                "must be one of pending, released, declined, full",
	"hit_strength":              "must be strong or weak",
	"hit_group":                 "is not a group of the inbox",
	"choose_sheet":              "choose a spreadsheet (.xlsx or .csv)",
	"sheet_web_size":            "a sheet imported here is at most %s MiB; larger ones with jisr import",
	"op_action":                 "is not an action on an operation",
	"disc_action":               "must be edit, consent, refuse or approve",
	"no_reader":                 "no active user %q who reads records",
	"user_not_released":         "%q belongs to %s, which this record is not released to; add the agency first",
	"req_action":                "must be acknowledge, answer, refuse or close",
	"req_hit_to":                "a request about a hit goes to the agency that holds the match, %s",
	"no_words":                  "has no words to search for",
	"otp_start":                 "start the enrolment first",
	"otp_wrong":                 "the code is wrong; check the time of your device and try the next code",
	"account_or_address":        "name an account or an address",
	"sheet_signature":           "is not the signature of a sheet's headers",
	"json_size":                 "must be JSON of at most %s KiB",
	"search_sort":               "must be relevance or date",
	"score_range":               "must be between 0.3 and 1",
	"search_name":               "a name to search for is required",
	"disc_records":              "name the records the announcement draws on",
	"no_agency":                 "no agency %s in the cell",
	"not_participant":           "%s does not take part in the operation",
	"op_tasks":                  "an operation has at most %s tasks",
	"op_deliveries":             "an operation has at most %s deliveries",
	"op_notes":                  "a delivery has at most %s notes",
	"op_timeline":               "an operation's timeline has at most %s entries",
	"lookout_value":             "is not a %s: %s",
	"name_two_parts":            "give at least two parts of the name",
	"box":                       "must be sent or received",
	"lookout_state":             "must be active, withdrawn or expired",
	"media_type":                "is not a media type such as image/jpeg",
	"upload_interrupted":        "could not be read: upload interrupted",
	"file_size":                 "is larger than %s MiB",
	"not_record":                "is not a record",
	"import_originator":         "is %s: an import creates records of your agency (%s) only; another agency's record is not taken over",
	"import_dup_id":             "%q is also the id of line %s",
	"req_state":                 "must be open, acknowledged, answered, refused or closed",
	"graph_node_name":           "names no one: write person:<name> or company:<name>",
	"graph_node_sel":            "is not a selector node such as sel:phone:+9647701234567",
	"graph_node":                "must start with record:, sel:, person: or company:",
	"profile_type":              "must be person, company or an identifier type (phone, plate, container, …)",
	"username":                  "must be 2–63 lower-case letters, digits, dots, dashes or underscores",
	"lang":                      "must be ar, en or fr",
	"timestamp":                 "must be a timestamp such as 2025-01-31T00:00:00Z",
	"positive_count":            "must be a positive number of records",
	"consent_bool":              "say true (consent) or false (refuse, with a reason)",
	"consent_no_reason":         "a consent takes no reason",
	"limit_range":               "must be a number from 1 to %s",
	"version_required":          "is required: the version you edited",
	"accept_required":           "is required: true to release (or grant consent), false to refuse",
	"format_kind":               "format %s carries %s records only",
	"too_many_agencies":         "names more than %s agencies",
	"record_or_object":          "give record or object, not both",
	"time_rfc3339":              "must be a time as 2026-11-25T10:00:00Z",
	"release_required":          "is required: true to release the record to the agency that matched, false to decline",
	"limit_100":                 "must be a number from 1 to 100",
	"limit_1000":                "must be a number from 1 to 1000",
	"graph_end":                 "is required: record:<id> or sel:<type>:<value>",
	"body_size":                 "is larger than %s bytes",
	"bool":                      "must be true or false",
	"answer_not_reason":         "an answer takes {\"answer\"}; to refuse, POST {\"reason\"} to /refuse",
	"reason_not_answer":         "a refusal takes {\"reason\"}; to answer, POST {\"answer\"} to /answer",
	"no_text":                   "%s takes no text",
	"email_required":            "is required: true to receive notices by e-mail, false not to",
	"lookout_own":               "is your own agency: a lookout is always your agency's",
	"must_future":               "must be in the future",
	"within_days":               "must be within %s days",
	"op_participants":           "a joint operation needs at least one other agency",
	"one_record":                "name at least one record",
	"one_agency":                "name at least one agency",
	"op_legs":                   "give the route, leg by leg",
	"required_seizure":          "is required for a seizure record",
	"required_facility":         "is required for a facility record",
	"only_seizure":              "only seizure records carry seizure fields",
	"only_facility":             "only facility records carry facility fields",
	"not_username":              "%q is not a user name (2–63 lower-case letters, digits, dots, dashes or underscores)",
	"named_red_only":            "named recipients are for TLP:RED records only; this record is TLP:%s",
	"group_name":                "must be a group name of 1 to %s characters",
	"entity_id":                 "must be 1–%s letters, digits, - or _",
	"schema":                    "unknown schema %q",
	"role_person":               "only persons have a role",
	"no_property":               "%s has no property %q",
	"say_need":                  "say why your agency needs the record",
	"sheet_field":               "%q is not a field (see jisr import --fields)",
	"calendar":                  "must be gregorian or hijri",
	"sheet_size":                "a spreadsheet is at most %s MiB",
	"not_utf8_file":             "the file is not UTF-8 (try windows-1256)",
	"charset":                   "must be utf-8 or windows-1256",
	"not_cp1256":                "not Windows-1256: %s",
	"not_csv":                   "not CSV: %s",
	"too_many_rows":             "more than %s rows",
	"not_xlsx":                  "not an .xlsx workbook: %s",
	"no_sheet":                  "the workbook has no sheet",
	"sheet_error":               "%s",
	"no_header":                 "no header row (a row naming two columns or more)",
	"too_many_columns":          "more than %s columns",
	"cell_size":                 "a cell is longer than %s bytes",
	"at_line":                   "line %s: %s",
	"too_many_entities":         "more than %s entities",
	"export_format":             "must be one of jsonl, ftm, misp, stix, ids",
	"bundle_size":               "a bundle is at most %s MiB",
	"not_stix":                  "not a STIX bundle: %s",
	"must_bundle":               "must be bundle",
	"stix_object":               "an object needs a type and an id",
	"import_format":             "must be one of misp, stix, ftm",
	"misp_size":                 "a MISP file is at most %s MiB",
	"misp_json":                 "value %s is not JSON: %s",
	"misp_value":                "value %s: %s",
	"json_trailing":             "has data after the JSON value",
	"json_type":                 "must be %s",
	"json_syntax":               "is not valid JSON (at byte %s)",
	"json_time":                 "has a time that is not as 2026-11-25T10:00:00Z",
	"json_empty":                "is empty; a JSON object is expected",
	"json_eof":                  "is not valid JSON (it ends too early)",
	"json_empty_field":          "has a field with an empty name",
	"json_unknown_field":        "is not a known field",
	"json":                      "is not valid JSON",
	"external_id":               "must be 1 to %s printable characters without spaces at either end",
	"line_size":                 "is longer than %s bytes",
	"request_own":               "is your own agency: a request goes to other agencies",
	"say_ask":                   "say what you ask for",
	"priority":                  "must be one of urgent, high, routine",
	"within_year":               "must be within a year",
	"record_twice":              "names record %s twice",
	"hit_twice":                 "names hit %s twice",
	"say_refuse":                "say why your agency refuses",
	"cursor":                    "is not a cursor this list gave you; start again from the first page",
	"say_happened":              "say what happened",
	"arrests_range":             "must be between 0 and 100000",
	"json_at":                   "is not valid JSON (%s)",
	"f_import":                  "importing records is for the roles that enter them",
	"f_notices_users":           "only users receive notices",
	"f_live_notices":            "live notices are for agency staff who read records",
	"f_release_requests":        "release requests are for agency staff",
	"f_second_factor":           "a second factor belongs to a signed-in user",
	"c_otp_enrolled_admin":      "a second factor is already enrolled; an administrator can reset it",
	"c_otp_enrolled":            "a second factor is already enrolled",
	"c_otp_changed":             "the enrolment changed meanwhile; start again",
	"f_sheet_mappings":          "spreadsheet mappings are for the roles that enter records",
	"f_disclosures":             "disclosures are for agency staff who read records",
	"f_operations":              "operations are for agency staff who read records",
	"f_lookouts":                "lookouts are for agency staff who read records",
	"f_outcomes":                "outcomes are for agency staff who read records",
	"f_outcome_figures":         "outcome figures are for agency staff who read records",
	"f_requests":                "requests are for agency staff who read records",
	"f_request_figures":         "request figures are for agency staff who read records",
	"c_agency_exists":           "agency %s exists",
	"f_metrics":                 "metrics are served to the node's own machine only, unless a scrape token is set",
	"f_op_open":                 "joint operations are opened by liaison officers and supervisors",
	"f_op_change":               "only the participating agencies change an operation",
	"f_op_tasks":                "tasks are set by liaison officers and supervisors of the participants",
	"f_op_task_done":            "a task is done by its owner or the owning agency's liaison officers and supervisors",
	"f_op_lead":                 "only the lead agency's liaison officers and supervisors do that",
	"f_delivery_start":          "a delivery is started by the lead agency or the agency watching its first leg",
	"f_delivery_handover":       "only the agency watching the current leg hands the shipment over",
	"f_delivery_ack":            "only the agency watching the next leg acknowledges the hand-over",
	"f_delivery_outcome":        "the outcome is set by the lead agency or the agency watching the current leg",
	"f_lookout_issue":           "lookouts are issued by agency staff who read records",
	"f_lookout_withdraw_agency": "only the issuing agency withdraws a lookout",
	"f_lookout_withdraw":        "a lookout is withdrawn by its issuer or a liaison officer or supervisor of the issuing agency",
	"f_outcome_report":          "outcomes are reported by agency staff who read records",
	"f_disc_draft":              "a disclosure is drafted by a participating agency's liaison officers and supervisors",
	"f_disc_answer":             "disclosures are answered by liaison officers and supervisors",
	"f_disc_edit":               "only the drafting agency edits or approves a disclosure",
	"f_disc_consent":            "only the agencies whose records the disclosure draws on consent to it",
	"f_contacts":                "the list of contacts is for agency staff who read records",
	"f_role_enter":              "your role (%s) does not enter records",
	"f_record_change":           "only the originating agency changes a record",
	"f_record_release_origin":   "only the originating agency changes who may see a record; ask it for wider release",
	"f_release_role":            "releasing a record is for liaison officers and supervisors",
	"f_release_own":             "your agency originated this record; change its releasability instead",
	"f_role_release_request":    "your role (%s) does not request releases",
	"f_admin":                   "administration is for administrators",
	"f_admin_own_agency":        "administrators manage the users of their own agency only; the node's operator manages the others",
	"f_manage_users":            "managing users is for administrators and supervisors of the agency",
	"f_manage_admins":           "only administrators manage administrators and auditors",
	"f_self":                    "you cannot disable your own account or change your own role",
	"f_list_users":              "listing users is for administrators, auditors and supervisors",
	"f_audit":                   "the audit trail is for auditors",
	"f_alerts":                  "alerts are for auditors and supervisors",
	"f_locks":                   "sign-in locks are managed by administrators",
	"f_request_send":            "requests are sent by agency staff who read records",
	"f_request_addressee":       "only the agencies the request is addressed to acknowledge, answer or refuse it",
	"f_request_role":            "acknowledging, answering and refusing requests is for liaison officers and supervisors",
	"f_request_close_agency":    "only the requesting agency closes a request",
	"f_request_close":           "a request is closed by its requester or a liaison officer or supervisor of the requesting agency",
	"f_attach_foreign":          "%s may not read record %s, and only its originating agency releases it: ask %s with a release request",
	"f_attach_release":          "%s may not read record %s yet: attaching it releases it, which is for your agency's liaison officers and supervisors",
	"surrogate":                 "is not valid UTF-8 (unpaired surrogate)",
	"role":                      "must be one of analyst, officer, liaison, supervisor, administrator, auditor",
	"c_already":                 "was already answered (%s)",
	"c_consent_asked":           "your agency has already asked for this consent (request %s, %s)",
	"c_external_id":             "your agency already has a record with external id %q",
	"c_version":                 "the record changed since you opened it (now version %s); reload it and apply your change again",
	"c_username":                "the user name is taken",
	"f_release_beyond":          "only liaison officers and supervisors release a record beyond their agency or change the TLP or releasability of a released record; save it for your agency and ask them to release it",
	"not_valid":                 "is not valid",
	"sheet_date":                "%q is not a date (day/month/year, or year-month-day; هـ for Hijri)",
	"sheet_hijri":               "%q is not a Hijri date",
	"sheet_dmy":                 "%q is not a date (day/month/year)",
	"sheet_number":              "%q is not a number",
	"sheet_grading":             "%q is not an Admiralty grading such as B2",
	"sheet_country":             "%q is not a country jisr knows (name in Arabic or English, or ISO code)",
	"sheet_latlon":              "latitude and longitude must both be decimal degrees",
	"sheet_whole":               "%q is not a whole number",
	"stats_list_filter":         "is a filter of lists, not of statistics",
	"stats_concealment":         "is a filter of lists, not of statistics: see the breakdown by concealment",
	"consent_only":              "is for a consent request (kind consent)",
	"consent_purpose":           "is for a consent request (kind consent); say why in reason",
	"onward_only":               "is for use onward only",
	"release_reason":            "is for a release request; say what the record is for in purpose",
	"consent_releases_nothing":  "a consent request releases nothing",
	"f_consent_own":             "your agency originated this record; it needs nobody's consent",
	"f_role_consent":            "your role (%s) does not ask for consent",
}

// ErrorReason returns the reason key and parameters of an error made by
// Because or Refused ("" if none).
func ErrorReason(err error) (string, []string) {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason, e.Params
	}
	return "", nil
}

// Internal wraps an unexpected error; its message to clients is generic.
func Internal(err error) *Error {
	return &Error{Code: EINTERNAL, Message: "internal error", Err: err}
}

// StorageFull returns an ESTORAGEFULL error: the write was refused or
// failed because the node has no room left; cause is kept for the logs.
func StorageFull(cause error) *Error {
	return &Error{Code: ESTORAGEFULL, Message: "the node's storage is full: changes are refused until space is freed; reading still works", Err: cause}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return "internal error"
}

// ErrorField returns the field named by an EINVALID error.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// RateLimited returns an ERATELIMIT error that tells the caller to wait.
func RateLimited(wait time.Duration, format string, args ...any) *Error {
	return &Error{Code: ERATELIMIT, Message: fmt.Sprintf(format, args...), RetryAfter: wait}
}

// ErrorRetryAfter returns how long a rate-limited caller should wait, at
// least one second for every ERATELIMIT error, and 0 for any other error.
func ErrorRetryAfter(err error) time.Duration {
	var e *Error
	if !errors.As(err, &e) || e.Code != ERATELIMIT {
		return 0
	}
	return max(e.RetryAfter, time.Second)
}
