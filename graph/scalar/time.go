// Package scalar implements GraphQL scalars whose Go mapping needs more
// than gqlgen's defaults.
package scalar

import (
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalTime writes a time as RFC 3339 in UTC: stored instants are UTC, and
// clients show them in the viewer's zone, so the API never answers in the
// zone a time happened to be sent in.
func MarshalTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.UTC().Format(time.RFC3339Nano)))
	})
}

// UnmarshalTime reads an RFC 3339 time with an explicit offset or Z.
func UnmarshalTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, errors.New("must be an RFC 3339 time string such as 2012-01-15T10:30:00Z")
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New("must be an RFC 3339 time with a zone, such as 2012-01-15T10:30:00Z or 2012-01-15T11:30:00+01:00")
	}
	return t.UTC(), nil
}
