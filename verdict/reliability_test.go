package verdict

import (
	"math"
	"testing"
)

// A verdict's weight leaves its own claim out of its reader's record.
func TestWeightsLeaveOneOut(t *testing.T) {
	th := DefaultThresholds()
	d := &dataset{reader: []int32{0, 0, 0}}
	rel := &reliability{
		class: []verdictClass{agreed, opposed, unjudged},
		agree: []int32{1}, against: []int32{1}, judged: []int32{2},
	}
	w := rel.weights(d, th)
	want := []float64{th.weight(0, 1, 1), th.weight(1, 0, 1), th.weight(1, 1, 2)}
	for i := range want {
		if w[i] != want[i] {
			t.Errorf("verdict %d: weight %v, want %v", i, w[i], want[i])
		}
	}
	if !(w[1] > w[2] && w[2] > w[0]) {
		t.Errorf("weights %v: the agreeing verdict's record (one oppose) must weigh least", w)
	}
}

func TestPlacement(t *testing.T) {
	th := DefaultThresholds()
	cases := map[float64]float64{0: 0, SideMinFactor: 0, -SideFullFactor: 1, SideFullFactor: 1, 0.9: 1}
	for f, want := range cases {
		if got := th.placement(f); got != want {
			t.Errorf("placement(%v) = %v, want %v", f, got, want)
		}
	}
	if got := th.placement((SideMinFactor + SideFullFactor) / 2); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("placement half way = %v, want 0.5", got)
	}
}
