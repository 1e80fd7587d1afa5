package verdict

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Claim IDs of the tiny world built by tinyWorld.
const (
	claimTrue     = 1000
	claimFalse    = 1001
	claimPartisan = 1002
	claimFew      = 1003 // only 4 verdicts
	casual        = 999  // a reader with only 9 verdicts
)

// tinyWorld has 12 readers in group A (IDs 1–12) and 12 in group B
// (101–112). Twenty anchor claims (IDs 1–20) split them: A says odd ones
// hold, B says even ones hold. Everyone agrees claimTrue holds and
// claimFalse does not; claimPartisan is believed by A only.
func tinyWorld() []Rating {
	var rs []Rating
	for g, base := range []int64{1, 101} {
		for r := base; r < base+12; r++ {
			for c := int64(1); c <= 20; c++ {
				v := DoesNotHold
				if int(c%2) == 1-g {
					v = Holds
				}
				rs = append(rs, Rating{r, c, v})
			}
			rs = append(rs, Rating{r, claimTrue, Holds}, Rating{r, claimFalse, DoesNotHold})
			rs = append(rs, Rating{r, claimPartisan, []float64{Holds, DoesNotHold}[g]})
		}
	}
	for _, r := range []int64{1, 2, 101, 102} {
		rs = append(rs, Rating{r, claimFew, Holds})
	}
	for c := int64(1); c <= 9; c++ {
		rs = append(rs, Rating{casual, c, Holds})
	}
	return rs
}

func mustScore(t *testing.T, rs []Rating, prev *State) *Result {
	t.Helper()
	res, err := Score(rs, prev, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func claimByID(t *testing.T, res *Result, id int64) ClaimScore {
	t.Helper()
	i, ok := slices.BinarySearchFunc(res.Claims, id, func(c ClaimScore, id int64) int { return int(c.Claim - id) })
	if !ok {
		t.Fatalf("claim %d missing", id)
	}
	return res.Claims[i]
}

func TestScoreTinyWorld(t *testing.T) {
	res := mustScore(t, tinyWorld(), nil)
	want := map[int64]Status{claimTrue: ConsensusHolds, claimFalse: ConsensusDoesNotHold, claimPartisan: Divided, claimFew: NeedsMoreVerdicts}
	for id, st := range want {
		if got := claimByID(t, res, id); got.Status != st {
			t.Errorf("claim %d: %s (consensus %.3f, factor %.3f, sides %+v), want %s", id, got.Status, got.Consensus, got.Factor, got.Sides, st)
		}
	}
	for c := int64(1); c <= 20; c++ {
		if got := claimByID(t, res, c).Status; got != Divided {
			t.Errorf("anchor %d: %s, want DIVIDED", c, got)
		}
	}
	tr := claimByID(t, res, claimTrue)
	if tr.Sides.Positive.Total() != 12 || tr.Sides.Negative.Total() != 12 || tr.Verdicts != 24 || tr.TotalVerdicts != 24 {
		t.Errorf("claimTrue breakdown %+v, verdicts %d/%d", tr.Sides, tr.Verdicts, tr.TotalVerdicts)
	}
	if tr.ModelVersion != ModelVersion || !strings.Contains(tr.ExplanationEN, "(12 on one side, 12 on the other)") {
		t.Errorf("claimTrue version %q explanation %q", tr.ModelVersion, tr.ExplanationEN)
	}
}

func TestFilters(t *testing.T) {
	res := mustScore(t, tinyWorld(), nil)
	few := claimByID(t, res, claimFew)
	if few.Fitted || few.Status != NeedsMoreVerdicts || few.Consensus != 0 || few.Verdicts != 0 || few.TotalVerdicts != 4 {
		t.Errorf("a claim with 4 verdicts must not be fitted: %+v", few)
	}
	// The casual reader's 9 verdicts count only as unplaced.
	if got := claimByID(t, res, 1).Sides.Unplaced; got != (Tally{Holds: 1}) {
		t.Errorf("anchor 1 unplaced = %+v, want the casual reader's one HOLDS", got)
	}
	for _, r := range res.State.Readers {
		if r.ID == casual {
			t.Error("a reader with 9 verdicts must not be fitted")
		}
	}
	if res.Stats.First.Readers != 24 || res.Stats.First.Claims != 23 {
		t.Errorf("first fit used %d readers, %d claims; want 24, 23", res.Stats.First.Readers, res.Stats.First.Claims)
	}
}

func TestAgreementFilterDropsContrarians(t *testing.T) {
	rs := tinyWorld()
	// Add a few more agreed claims, then a reader who contradicts every
	// agreed outcome while rating the anchors like group A.
	for c := int64(2000); c < 2010; c++ {
		for r := int64(1); r <= 12; r++ {
			rs = append(rs, Rating{r, c, Holds}, Rating{r + 100, c, Holds})
		}
	}
	const contrarian = 500
	for c := int64(1); c <= 20; c++ {
		rs = append(rs, Rating{contrarian, c, float64(c % 2)})
	}
	for c := int64(2000); c < 2010; c++ {
		rs = append(rs, Rating{contrarian, c, DoesNotHold})
	}
	rs = append(rs, Rating{contrarian, claimTrue, DoesNotHold}, Rating{contrarian, claimFalse, Holds})
	res := mustScore(t, rs, nil)
	if res.Stats.DroppedReaders != 1 || res.Stats.Second.Readers != 24 {
		t.Fatalf("dropped %d readers, second fit has %d; want 1 and 24", res.Stats.DroppedReaders, res.Stats.Second.Readers)
	}
	if got := claimByID(t, res, claimTrue); got.Status != ConsensusHolds || got.Sides.Unplaced != (Tally{DoesNotHold: 1}) {
		t.Errorf("claimTrue %s with unplaced %+v; the contrarian's verdict should be unplaced", got.Status, got.Sides.Unplaced)
	}
}

func TestSettledOutcomes(t *testing.T) {
	first := []Status{ConsensusHolds, ConsensusHolds, NeedsMoreVerdicts, Divided, ConsensusDoesNotHold}
	prev := []Status{"", Divided, ConsensusDoesNotHold, ConsensusHolds, NeedsMoreVerdicts}
	want := []Status{ConsensusHolds, Divided, ConsensusDoesNotHold, ConsensusHolds, ConsensusDoesNotHold}
	if got := settledOutcomes(first, prev); !slices.Equal(got, want) {
		t.Fatalf("settledOutcomes = %v, want %v", got, want)
	}
}

func TestExpectations(t *testing.T) {
	d, err := newDataset([]Rating{{1, 1, 1}, {1, 2, 1}, {1, 3, 1}, {1, 4, 1}})
	if err != nil {
		t.Fatal(err)
	}
	m := newModel(1, 4)
	copy(m.claimFactor(), []float64{0.9, -0.05, -0.7, 0.05})
	w := warmStart{status: []Status{"", Divided, Divided, ""}, claimFactor: []float64{0, 0.8, 0, 0}}
	settled := []Status{ConsensusHolds, Divided, Divided, Divided}
	exp := expectations(d, m, settled, w, DefaultThresholds())
	// A consensus expects its value from everyone, placed or not.
	if v, ok := exp[0].expected(0, SideMinFactor); !ok || v != 1 {
		t.Errorf("consensus: %v %v", v, ok)
	}
	// Claim 2 was DIVIDED with factor +0.8: its side is +, though this
	// run's factor is near zero.
	if v, ok := exp[1].expected(0.4, SideMinFactor); !ok || v != 1 {
		t.Errorf("saved side, positive reader: %v %v", v, ok)
	}
	if v, ok := exp[1].expected(-0.4, SideMinFactor); !ok || v != 0 {
		t.Errorf("saved side, negative reader: %v %v", v, ok)
	}
	// A reader on neither side is not judged on a DIVIDED claim.
	if _, ok := exp[1].expected(SideMinFactor/2, SideMinFactor); ok {
		t.Error("an unplaced reader must not be judged on a DIVIDED claim")
	}
	// Claim 3 is DIVIDED in this run only: its own factor's sign.
	if v, ok := exp[2].expected(-0.4, SideMinFactor); !ok || v != 1 {
		t.Errorf("first-fit side: %v %v", v, ok)
	}
	// Claim 4's factor is too small to name a side.
	if _, ok := exp[3].expected(0.4, SideMinFactor); ok {
		t.Error("a DIVIDED claim with a tiny factor must not judge readers")
	}
}

func TestScoreInputOrderDoesNotMatter(t *testing.T) {
	rs := tinyWorld()
	a := mustScore(t, rs, nil)
	slices.Reverse(rs)
	b := mustScore(t, rs, nil)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("reversed input gave a different result")
	}
}

func TestScoreRejectsBadInput(t *testing.T) {
	if _, err := Score([]Rating{{1, 1, 1}, {1, 1, 0}}, nil, Options{}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate verdict accepted: %v", err)
	}
	if _, err := Score([]Rating{{1, 1, 0.7}}, nil, Options{}); err == nil {
		t.Error("value 0.7 accepted")
	}
	res, err := Score(nil, nil, Options{})
	if err != nil || len(res.Claims) != 0 || res.State == nil {
		t.Errorf("empty input: %v, %+v", err, res)
	}
}

func TestOrientCold(t *testing.T) {
	m := newModel(4, 1)
	copy(m.readerFactor(), []float64{0.5, -0.5, -0.4, -0.3})
	m.claimFactor()[0] = 0.7
	s := &fitSet{readerUsed: []bool{true, true, true, true}}
	orient(m, s, warmStart{readerPrev: make([]bool, 4), readerShift: make([]float64, 4)}, SideMinFactor)
	if !slices.Equal(m.readerFactor(), []float64{-0.5, 0.5, 0.4, 0.3}) || m.claimFactor()[0] != -0.7 {
		t.Fatalf("the larger side must become positive: %v %v", m.readerFactor(), m.claimFactor())
	}
	// A tie: the lowest fitted reader decides.
	copy(m.readerFactor(), []float64{-0.5, 0.5, -0.4, 0.3})
	orient(m, s, warmStart{readerPrev: make([]bool, 4), readerShift: make([]float64, 4)}, SideMinFactor)
	if m.readerFactor()[0] != 0.5 {
		t.Fatalf("on a tie the first reader must be positive: %v", m.readerFactor())
	}
}

func TestOrientFollowsPrevious(t *testing.T) {
	res := mustScore(t, tinyWorld(), nil)
	flipped := *res.State
	flipped.Readers = slices.Clone(res.State.Readers)
	flipped.Claims = slices.Clone(res.State.Claims)
	for i := range flipped.Readers {
		flipped.Readers[i].Factor = -flipped.Readers[i].Factor
	}
	for i := range flipped.Claims {
		flipped.Claims[i].Factor = -flipped.Claims[i].Factor
	}
	again := mustScore(t, tinyWorld(), &flipped)
	for i, c := range again.Claims {
		cold := res.Claims[i]
		if c.Status != cold.Status || (cold.Factor > 0.05 && c.Factor > 0) || (cold.Factor < -0.05 && c.Factor < 0) {
			t.Fatalf("claim %d: warm factor %.3f (%s) should mirror cold %.3f (%s)", c.Claim, c.Factor, c.Status, cold.Factor, cold.Status)
		}
	}
}

func TestInitFactorRange(t *testing.T) {
	for id := int64(-5); id < 1000; id++ {
		if f := initFactor(id, 1); f < -0.1 || f >= 0.1 || f == initFactor(id, 2) {
			t.Fatalf("initFactor(%d) = %v", id, f)
		}
	}
}
