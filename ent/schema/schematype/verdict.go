package schematype

import (
	"fmt"
	"io"
	"strconv"
)

// VerdictValue is a reader's verdict on a claim.
type VerdictValue string

// The verdict values and what each counts in tallies and the model.
const (
	Holds       VerdictValue = "HOLDS"         // 1.0
	Partly      VerdictValue = "PARTLY"        // 0.5
	DoesNotHold VerdictValue = "DOES_NOT_HOLD" // 0.0
)

// Values lists the verdict values (ent enum).
func (VerdictValue) Values() []string {
	return []string{string(Holds), string(Partly), string(DoesNotHold)}
}

// Score is the value's number on the model's 0–1 scale.
func (v VerdictValue) Score() float64 {
	switch v {
	case Holds:
		return 1
	case Partly:
		return 0.5
	}
	return 0
}

// MarshalGQL writes the value as a GraphQL enum value.
func (v VerdictValue) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(v)))
}

// UnmarshalGQL reads a GraphQL enum value.
func (v *VerdictValue) UnmarshalGQL(x any) error {
	s, ok := x.(string)
	if !ok {
		return fmt.Errorf("verdict value must be a string, got %T", x)
	}
	for _, known := range v.Values() {
		if s == known {
			*v = VerdictValue(s)
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid VerdictValue", s)
}
