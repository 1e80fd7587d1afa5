// Package apierr defines the errors Veredicto reports to API clients: a
// stable machine-readable code (the GraphQL `extensions.code`), the input
// field at fault when there is one, and a message safe to show a user.
//
// Domain code (ent schema validators and hooks, domain packages) returns
// these; the GraphQL error presenter turns them into GraphQL errors. Any
// other error is internal and its text never reaches a client.
package apierr

import (
	"errors"
	"fmt"
	"time"
)

// Code is the value of a GraphQL error's extensions.code.
type Code string

// Codes used across the API.
const (
	BadUserInput       Code = "BAD_USER_INPUT"
	NotFound           Code = "NOT_FOUND"
	Conflict           Code = "CONFLICT"
	Unauthenticated    Code = "UNAUTHENTICATED"
	Forbidden          Code = "FORBIDDEN"
	RateLimited        Code = "RATE_LIMITED"
	PayloadTooLarge    Code = "PAYLOAD_TOO_LARGE"
	ServiceUnavailable Code = "SERVICE_UNAVAILABLE"
	Internal           Code = "INTERNAL_SERVER_ERROR"
)

// Error is an error meant for the API client.
type Error struct {
	Code    Code
	Field   string // input field at fault, in the API's camelCase; may be empty
	Message string
	// RetryAfter tells a RATE_LIMITED client when to try again.
	RetryAfter time.Duration
	// Reason and Limit say the cause in a client's terms; may be empty.
	Reason Reason
	Limit  int
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// New returns an error with a code and a message.
func New(code Code, format string, args ...any) *Error {
	return (&Error{Code: code, Message: fmt.Sprintf(format, args...)}).withReason(format, args)
}

// Field returns a BAD_USER_INPUT error about one input field.
func Field(field, format string, args ...any) *Error {
	return (&Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}).withReason(format, args)
}

// As finds the first *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Limited returns a RATE_LIMITED error telling the client when to retry.
func Limited(retryAfter time.Duration, format string, args ...any) *Error {
	return &Error{Code: RateLimited, Message: fmt.Sprintf(format, args...), RetryAfter: retryAfter}
}

// Reason is a finer cause than Code, stable and machine-readable (the
// GraphQL extensions.reason), so that a client can say what is wrong in its
// reader's language instead of parsing the English message. Limit is the
// number a length reason is about (extensions.limit).
type Reason string

// Reasons the API gives.
const (
	Empty          Reason = "EMPTY"            // must not be empty
	TooLong        Reason = "TOO_LONG"         // at most Limit characters
	TooShort       Reason = "TOO_SHORT"        // at least Limit characters
	NotAbsoluteURL Reason = "NOT_ABSOLUTE_URL" // not a full http(s) address
	URLScheme      Reason = "URL_SCHEME"       // an address that is not http or https
	ContainsHandle Reason = "CONTAINS_HANDLE"  // a password containing its owner's handle
	Wrong          Reason = "WRONG"            // a value checked against a secret (the current password)
	HandleFormat   Reason = "HANDLE_FORMAT"    // not 3 to 30 lower-case letters, digits or '_'
	Taken          Reason = "TAKEN"            // unique and already used
	NotFuture      Reason = "NOT_FUTURE"       // must be in the future
	Future         Reason = "FUTURE"           // must not be in the future
	ReasonRequired Reason = "REASON_REQUIRED"  // a moderation decision must say why
	NoteRequired   Reason = "NOTE_REQUIRED"    // a correction must say what and why
	BadCredentials Reason = "BAD_CREDENTIALS"  // the handle or the password is wrong
)

// reasons gives the Reason of the errors New and Field make, by their format
// (the checks live in many packages; naming the cause here, next to the
// codes, keeps their messages the single thing they write). limitArg is the
// argument that is the Limit, limit a fixed one. A format not listed has no
// reason: clients show its message.
var reasons = map[string]struct {
	reason   Reason
	limitArg int
	limit    int
}{
	"must not be empty":                                          {Empty, -1, 0},
	"must be at most %d characters (got %d)":                     {TooLong, 0, 0},
	"must be at most %d characters":                              {TooLong, 0, 0},
	"must be at most 1000 characters":                            {TooLong, -1, 1000},
	"must be at least %d characters":                             {TooShort, 0, 0},
	"must be an absolute URL such as https://example.org/page":   {NotAbsoluteURL, -1, 0},
	"must use http or https, not %q":                             {URLScheme, -1, 0},
	"must not contain your handle":                               {ContainsHandle, -1, 0},
	"is wrong":                                                   {Wrong, -1, 0},
	"must be 3 to 30 lower-case letters, digits or '_'":          {HandleFormat, -1, 0},
	"is already taken":                                           {Taken, -1, 0},
	"must be in the future":                                      {NotFuture, -1, 0},
	"must not be in the future":                                  {Future, -1, 0},
	"must say why (at least 3 characters)":                       {ReasonRequired, -1, 0},
	"must say what was corrected and why (3 to 1000 characters)": {NoteRequired, -1, 0},
	"a correction needs a visible note":                          {NoteRequired, -1, 0},
	"the handle or the password is wrong":                        {BadCredentials, -1, 0},
}

// withReason sets e's Reason (and Limit) from the format it was made with.
func (e *Error) withReason(format string, args []any) *Error {
	r, ok := reasons[format]
	if !ok {
		return e
	}
	e.Reason, e.Limit = r.reason, r.limit
	if r.limitArg >= 0 && r.limitArg < len(args) {
		if n, ok := args[r.limitArg].(int); ok {
			e.Limit = n
		}
	}
	return e
}
