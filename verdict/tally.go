package verdict

import "math"

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959963984540054

// Tally counts a claim's verdicts per value. The zero Tally is empty and
// ready to use.
//
// For shares and Wilson bounds PARTLY counts as half a HOLDS and half a
// DOES_NOT_HOLD: a claim with 2 HOLDS and 2 PARTLY has a "holds" share of
// (2 + 0.5·2)/4 = 0.75 and a "does not hold" share of 0.25. This keeps the
// two shares summing to 1 and matches the 1.0 / 0.5 / 0.0 scale the
// bridging model fits.
type Tally struct {
	Holds       int `json:"holds"`
	Partly      int `json:"partly"`
	DoesNotHold int `json:"doesNotHold"`
}

// TallyOf counts values, refusing any that is not 0, 0.5 or 1.
func TallyOf(values []float64) (Tally, error) {
	var t Tally
	for _, v := range values {
		if err := t.Add(v); err != nil {
			return Tally{}, err
		}
	}
	return t, nil
}

// Add counts one verdict value; it leaves t unchanged on an invalid value.
func (t *Tally) Add(v float64) error {
	k, err := kindOf(v)
	if err != nil {
		return err
	}
	t.add(k)
	return nil
}

func (t *Tally) add(k kind) {
	switch k {
	case kindHolds:
		t.Holds++
	case kindPartly:
		t.Partly++
	default:
		t.DoesNotHold++
	}
}

// Plus returns the sum of two tallies.
func (t Tally) Plus(o Tally) Tally {
	return Tally{t.Holds + o.Holds, t.Partly + o.Partly, t.DoesNotHold + o.DoesNotHold}
}

// Total is the number of verdicts counted.
func (t Tally) Total() int { return t.Holds + t.Partly + t.DoesNotHold }

// Share is the plain share of verdicts equal to v (0 for an empty tally or
// an invalid value): Share(Partly) is the share of PARTLY verdicts.
func (t Tally) Share(v float64) float64 {
	k, err := kindOf(v)
	n := t.Total()
	if err != nil || n == 0 {
		return 0
	}
	c := [...]int{t.DoesNotHold, t.Partly, t.Holds}[k]
	return float64(c) / float64(n)
}

// HoldsShare is the share of verdicts saying the claim holds, PARTLY
// counted as half. An empty tally has share 0.
func (t Tally) HoldsShare() float64 {
	n := t.Total()
	if n == 0 {
		return 0
	}
	return t.holdsWeight() / float64(n)
}

// DoesNotHoldShare is the share saying it does not hold, PARTLY as half.
func (t Tally) DoesNotHoldShare() float64 {
	n := t.Total()
	if n == 0 {
		return 0
	}
	return (float64(t.DoesNotHold) + 0.5*float64(t.Partly)) / float64(n)
}

func (t Tally) holdsWeight() float64 { return float64(t.Holds) + 0.5*float64(t.Partly) }

// HoldsLowerBound is the Wilson score lower bound, at 95% confidence, of
// the share of readers who would say the claim holds (PARTLY as half). It
// is 0 for an empty tally: with no verdicts nothing is known.
func (t Tally) HoldsLowerBound() float64 {
	return wilsonLower(t.holdsWeight(), t.Total())
}

// DoesNotHoldLowerBound is the Wilson 95% lower bound of the share saying
// it does not hold (PARTLY as half); 0 for an empty tally.
func (t Tally) DoesNotHoldLowerBound() float64 {
	return wilsonLower(float64(t.DoesNotHold)+0.5*float64(t.Partly), t.Total())
}

// wilsonLower is the Wilson score interval's lower end for s successes in n
// trials. s may be fractional (PARTLY counts half); the formula only needs
// the observed proportion.
func wilsonLower(s float64, n int) float64 {
	if n <= 0 {
		return 0
	}
	nf := float64(n)
	p := s / nf
	z2 := z95 * z95
	centre := p + z2/(2*nf)
	spread := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo := (centre - spread) / (1 + z2/nf)
	return max(lo, 0) // rounding can give -1e-17 when p == 0
}
