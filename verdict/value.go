package verdict

import "fmt"

// The three verdict values a reader can give. PARTLY counts as half a
// verdict each way wherever shares are computed.
const (
	DoesNotHold = 0.0
	Partly      = 0.5
	Holds       = 1.0
)

// kind is a verdict value as a small index into per-value counters.
type kind uint8

const (
	kindDoesNotHold kind = iota
	kindPartly
	kindHolds
)

// kindOf maps a value to its kind, refusing anything that is not one of
// the three allowed values (NaN included).
func kindOf(v float64) (kind, error) {
	switch v {
	case DoesNotHold:
		return kindDoesNotHold, nil
	case Partly:
		return kindPartly, nil
	case Holds:
		return kindHolds, nil
	}
	return 0, fmt.Errorf("verdict: value %v is not 0 (DOES_NOT_HOLD), 0.5 (PARTLY) or 1 (HOLDS)", v)
}

// ValidValue reports whether v is one of the three verdict values.
func ValidValue(v float64) bool {
	_, err := kindOf(v)
	return err == nil
}
