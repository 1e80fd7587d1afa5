// Package schematype holds Go types shared by several ent schema fields.
package schematype

import (
	"fmt"
	"io"
	"strconv"
)

// Precision says how much of a recorded time is known. A source that dates
// an event only to the day ("15 Jan 2012") is recorded as that day with
// Precision DAY, never as an invented hour. An imprecise time is stored as
// the start of its period in UTC (2012-01-15T00:00:00Z for that day), so
// its date reads the same in every time zone.
type Precision string

// Precisions, from the most to the least precise.
const (
	Exact Precision = "EXACT"
	Day   Precision = "DAY"
	Month Precision = "MONTH"
	Year  Precision = "YEAR"
)

// Values lists the precisions (ent enum).
func (Precision) Values() []string {
	return []string{string(Exact), string(Day), string(Month), string(Year)}
}

// MarshalGQL writes the precision as a GraphQL enum value.
func (p Precision) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(p)))
}

// UnmarshalGQL reads a GraphQL enum value.
func (p *Precision) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("precision must be a string, got %T", v)
	}
	for _, known := range p.Values() {
		if s == known {
			*p = Precision(s)
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid Precision", s)
}
