package importpost

import (
	"errors"
	"fmt"
)

// The kinds of failure. Every error Import returns wraps one of them, so
// a caller (e.g. a GraphQL error presenter) can map them with errors.Is.
var (
	ErrTooLarge          = errors.New("payload too large")
	ErrEmpty             = errors.New("payload empty")
	ErrUnsupportedFormat = errors.New("unsupported format")
	ErrNotAPost          = errors.New("payload is a deletion notice, not a post")
	ErrSyntax            = errors.New("payload is not well-formed")
	ErrMissing           = errors.New("missing")
	ErrMalformed         = errors.New("malformed")
)

// Error is a parse failure with the field it concerns.
type Error struct {
	Format Format
	// Field is the JSON path ("user.screen_name") or, for HTML, the thing
	// looked for ("status id"); empty when the problem is the whole payload.
	Field  string
	Err    error  // one of the Err* values above
	Detail string // what was found or expected, for a human
}

func (e *Error) Error() string {
	msg := "importpost: "
	if e.Format != "" {
		msg += string(e.Format) + ": "
	}
	if e.Field != "" {
		msg += e.Field + ": "
	}
	msg += e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

func missing(f Format, field string) error {
	return &Error{Format: f, Field: field, Err: ErrMissing}
}

func malformed(f Format, field, detail string, args ...any) error {
	return &Error{Format: f, Field: field, Err: ErrMalformed, Detail: fmt.Sprintf(detail, args...)}
}
