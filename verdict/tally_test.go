package verdict

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestTallyEmpty(t *testing.T) {
	var tl Tally
	if tl.Total() != 0 || tl.HoldsShare() != 0 || tl.DoesNotHoldShare() != 0 || tl.Share(Holds) != 0 {
		t.Fatalf("empty tally must have zero total and shares: %+v", tl)
	}
	if tl.HoldsLowerBound() != 0 || tl.DoesNotHoldLowerBound() != 0 {
		t.Fatalf("empty tally must have zero lower bounds")
	}
}

func TestTallyOneVerdict(t *testing.T) {
	tl, err := TallyOf([]float64{Holds})
	if err != nil {
		t.Fatal(err)
	}
	// With n = 1 and p = 1 the Wilson lower bound is 1/(1+z²).
	want := 1 / (1 + z95*z95)
	if !near(tl.HoldsLowerBound(), want) {
		t.Fatalf("holds lower bound = %v, want %v", tl.HoldsLowerBound(), want)
	}
	if tl.DoesNotHoldLowerBound() != 0 {
		t.Fatalf("does-not-hold lower bound = %v, want 0", tl.DoesNotHoldLowerBound())
	}
	if tl.HoldsShare() != 1 || tl.Share(Holds) != 1 || tl.Share(Partly) != 0 {
		t.Fatalf("shares wrong: %+v", tl)
	}
}

func TestTallyAllOneValue(t *testing.T) {
	for _, v := range []float64{Holds, DoesNotHold} {
		var tl Tally
		for range 10 {
			if err := tl.Add(v); err != nil {
				t.Fatal(err)
			}
		}
		// All successes: lower bound is n/(n+z²) = 10/(10+z²) ≈ 0.7225.
		want := 10 / (10 + z95*z95)
		got, other := tl.HoldsLowerBound(), tl.DoesNotHoldLowerBound()
		if v == DoesNotHold {
			got, other = other, got
		}
		if !near(got, want) || other != 0 {
			t.Fatalf("value %v: bounds %v / %v, want %v / 0", v, got, other, want)
		}
	}
}

func TestTallyAllPartly(t *testing.T) {
	tl := Tally{Partly: 4}
	if tl.HoldsShare() != 0.5 || tl.DoesNotHoldShare() != 0.5 || tl.Share(Partly) != 1 {
		t.Fatalf("PARTLY must count half each way: %v %v", tl.HoldsShare(), tl.DoesNotHoldShare())
	}
	if !near(tl.HoldsLowerBound(), tl.DoesNotHoldLowerBound()) || tl.HoldsLowerBound() >= 0.5 {
		t.Fatalf("all-PARTLY bounds must be equal and below 0.5: %v", tl.HoldsLowerBound())
	}
}

func TestTallyPartlyAsHalf(t *testing.T) {
	tl := Tally{Holds: 2, Partly: 2}
	if tl.HoldsShare() != 0.75 || tl.DoesNotHoldShare() != 0.25 {
		t.Fatalf("shares %v/%v, want 0.75/0.25", tl.HoldsShare(), tl.DoesNotHoldShare())
	}
	// Same as 3 successes out of 4.
	if !near(tl.HoldsLowerBound(), wilsonLower(3, 4)) {
		t.Fatalf("lower bound %v, want %v", tl.HoldsLowerBound(), wilsonLower(3, 4))
	}
}

func TestWilsonSolvesScoreEquation(t *testing.T) {
	// The Wilson bound is the root below p of (p-w)² = z²·w(1-w)/n.
	for _, c := range []struct{ s, n float64 }{{81, 100}, {3, 4}, {1, 7}, {12.5, 20}} {
		p, w := c.s/c.n, wilsonLower(c.s, int(c.n))
		lhs, rhs := (p-w)*(p-w), z95*z95*w*(1-w)/c.n
		if w >= p || math.Abs(lhs-rhs) > 1e-12 {
			t.Fatalf("%v/%v: w=%v does not solve the score equation (%v vs %v)", c.s, c.n, w, lhs, rhs)
		}
	}
	if got := wilsonLower(81, 100); math.Abs(got-0.72221) > 1e-5 {
		t.Fatalf("wilsonLower(81,100) = %v, want ≈ 0.72221", got)
	}
}

func TestTallyRejectsInvalid(t *testing.T) {
	for _, v := range []float64{0.25, -1, 2, math.NaN(), math.Inf(1)} {
		var tl Tally
		if err := tl.Add(v); err == nil {
			t.Fatalf("Add(%v) accepted", v)
		}
		if tl.Total() != 0 {
			t.Fatalf("invalid value changed the tally")
		}
		if ValidValue(v) {
			t.Fatalf("ValidValue(%v) = true", v)
		}
	}
	if _, err := TallyOf([]float64{1, 0.3}); err == nil {
		t.Fatal("TallyOf accepted 0.3")
	}
}

func TestTallyPlus(t *testing.T) {
	got := Tally{1, 2, 3}.Plus(Tally{4, 5, 6})
	if got != (Tally{5, 7, 9}) || got.Total() != 21 {
		t.Fatalf("Plus = %+v", got)
	}
}
