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

// Invalid returns an EINVALID error naming the field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Because returns an EINVALID error for field with a reason key (Reasons)
// and its parameters; its message is the reason's English form.
func Because(field, reason string, params ...string) *Error {
	args := make([]any, len(params))
	for i, p := range params {
		args[i] = p
	}
	format, ok := Reasons[reason]
	if !ok {
		format = "is not valid"
	}
	return &Error{Code: EINVALID, Field: field, Reason: reason, Params: params, Message: fmt.Sprintf(format, args...)}
}

// Reasons are the reasons of invalid input, by key, in English; each
// front end has its own text for every key (web/locales "reason.<key>",
// with the same parameters in the same order).
var Reasons = map[string]string{
	"required":       "is required",
	"required_for":   "is required for %s",
	"narrative":      "a narrative in Arabic or English is required",
	"date":           "must be a date as YYYY-MM-DD",
	"future":         "is in the future",
	"one_of":         "must be one of %s",
	"admiralty_src":  "must be one of A, B, C, D, E, F (Admiralty source reliability)",
	"admiralty_info": "must be 1 to 6 (Admiralty information credibility)",
	"h3":             "H3 needs its conditions written out",
	"country":        "must be an ISO 3166-1 alpha-2 code such as IQ",
	"latlon":         "latitude and longitude go together",
	"between":        "must be between %s and %s",
	"agency":         "%q is not an agency code such as JO-AND",
	"named_only":     "TLP:%s records go to named agencies only",
	"crossing":       "unknown crossing or port %q",
	"pick_list":      "%q is not in the pick list",
	"negative":       "cannot be negative",
	"used_twice":     "%q is used twice",
	"need_drug":      "a seizure needs at least one DrugQuantity (what was seized, how much)",
	"no_entity":      "no entity %q in this record",
	"empty":          "is empty",
	"number":         "must be a number ≥ 0",
	"date_partial":   "must be a date as YYYY-MM-DD (or YYYY-MM, YYYY)",
	"not_one_of":     "%q is not one of %s",
	"utf8":           "is not valid UTF-8",
	"nul":            "contains a NUL character",
	"too_long":       "is longer than %s characters",
	"too_many":       "has more than %s items",
	"file_name":      "a file name of 1 to %s characters is required",
	"file_name_dots": "is not an acceptable file name: it holds \"..\"",
	"file_name_char": "is not an acceptable file name: it holds the control or direction character %s",
	"password_short": "must be at least %s characters",
	"agency_code":    "is not an agency code such as IQ-GDNA",
	"datetime":       "must be a date and time",
}

// ErrorReason returns the reason key and parameters of an EINVALID error
// made by Because ("" if none).
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
