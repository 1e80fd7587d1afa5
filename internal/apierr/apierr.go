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
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// New returns an error with a code and a message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Field returns a BAD_USER_INPUT error about one input field.
func Field(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
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
