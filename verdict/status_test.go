package verdict

import (
	"math"
	"testing"
)

// sides builds a breakdown with the given (holds, partly, does not hold)
// counts on the positive and negative side.
func sides(p, n [3]int) Sides {
	return Sides{Positive: Tally{p[0], p[1], p[2]}, Negative: Tally{n[0], n[1], n[2]}}
}

// headWeight is the weight each verdict gets in ev: three agreeing heads
// enter a consensus, two keep one.
const headWeight = 2.0

// ev is the evidence of a fitted claim whose sides' verdicts each weigh
// headWeight.
func ev(consensus, factor float64, s Sides) evidence {
	return evidence{fitted: true, consensus: consensus, factor: factor, sides: s,
		weight: SideEvidence{headWeight * float64(netCount(s.Positive)), headWeight * float64(netCount(s.Negative))}}
}

// withWeight overrides the side evidence.
func withWeight(e evidence, pos, neg float64) evidence {
	e.weight = SideEvidence{pos, neg}
	return e
}

func TestDecideEdges(t *testing.T) {
	th := DefaultThresholds()
	agreeH := sides([3]int{4, 0, 0}, [3]int{4, 0, 0})
	agreeN := sides([3]int{0, 0, 4}, [3]int{0, 0, 4})
	// A side of 20 with 8 holds, 7 partly and 5 not: lean exactly 0.15.
	edgeLean := sides([3]int{8, 7, 5}, [3]int{4, 0, 0})
	below := math.Nextafter(SideEvidenceEnter, 0)
	cases := []struct {
		name string
		e    evidence
		want Status
	}{
		{"not fitted", evidence{fitted: false, consensus: 0.9, sides: agreeH}, NeedsMoreVerdicts},
		{"holds at enter margin", ev(0.5+EnterMargin, 0, agreeH), ConsensusHolds},
		{"holds just below margin", ev(0.5+EnterMargin-1e-9, 0, agreeH), NeedsMoreVerdicts},
		{"not hold at margin", ev(0.5-EnterMargin, 0, agreeN), ConsensusDoesNotHold},
		{"not hold just above", ev(0.5-EnterMargin+1e-9, 0, agreeN), NeedsMoreVerdicts},
		{"factor at cap", ev(0.9, FactorCap, agreeH), ConsensusHolds},
		{"factor above cap", ev(0.9, FactorCap+1e-9, agreeH), Divided},
		{"negative factor above cap", ev(0.1, -FactorCap-1e-9, agreeN), Divided},
		{"side lean at edge", ev(0.9, 0, edgeLean), ConsensusHolds},
		{"side lean just below edge", ev(0.9, 0, sides([3]int{8, 8, 5}, [3]int{4, 0, 0})), NeedsMoreVerdicts},
		{"evidence at enter edge", withWeight(ev(0.9, 0, agreeH), SideEvidenceEnter, 9), ConsensusHolds},
		{"evidence just below enter", withWeight(ev(0.9, 0, agreeH), below, 9), NeedsMoreVerdicts},
		{"negative side just below enter", withWeight(ev(0.9, 0, agreeH), 9, below), NeedsMoreVerdicts},
		{"does not hold at edge", withWeight(ev(0.1, 0, agreeN), -SideEvidenceEnter, -9), ConsensusDoesNotHold},
		{"does not hold just below", withWeight(ev(0.1, 0, agreeN), -below, -9), NeedsMoreVerdicts},
		{"two heads are not enough", ev(0.9, 0, sides([3]int{2, 0, 0}, [3]int{9, 0, 0})), NeedsMoreVerdicts},
		{"two reliable heads are", withWeight(ev(0.9, 0, sides([3]int{2, 0, 0}, [3]int{9, 0, 0})), 2*3, 9), ConsensusHolds},
		{"three heads with dissent", ev(0.9, 0, sides([3]int{4, 0, 1}, [3]int{9, 0, 0})), ConsensusHolds},
		{"empty side", ev(0.9, 0, sides([3]int{}, [3]int{9, 0, 0})), NeedsMoreVerdicts},
		{"sides lean opposite", ev(0.5, 0.2, sides([3]int{5, 0, 0}, [3]int{0, 0, 5})), Divided},
		{"sides lean opposite at edge", withWeight(ev(0.5, 0.2, sides([3]int{2, 0, 0}, [3]int{0, 0, 2})), DividedEvidence, -DividedEvidence), Divided},
		{"sides lean opposite below edge", withWeight(ev(0.5, 0.2, sides([3]int{2, 0, 0}, [3]int{0, 0, 2})), math.Nextafter(DividedEvidence, 0), -9), NeedsMoreVerdicts},
		{"other side disagrees", ev(0.9, 0.2, sides([3]int{20, 0, 0}, [3]int{0, 0, 3})), Divided},
	}
	for _, c := range cases {
		if got := th.decide(c.e, ""); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestDissentOnlyBlocks(t *testing.T) {
	th := DefaultThresholds()
	three := sides([3]int{3, 0, 0}, [3]int{3, 0, 0}) // 6 nats a side
	e := ev(0.9, 0, three)
	e.dissent.add(-0.5, -1) // a dropped reader of the negative side says it does not hold
	if got := th.decide(e, ""); got != NeedsMoreVerdicts {
		t.Fatalf("6 − 1 nats on a side must not enter: %s", got)
	}
	e = ev(0.9, 0, three)
	e.dissent.add(-0.5, +50) // dropped readers agreeing add nothing
	e.weight.Negative = SideEvidenceEnter - 1
	if got := th.decide(e, ""); got != NeedsMoreVerdicts {
		t.Fatalf("dropped readers must not help a consensus: %s", got)
	}
	// However many dropped readers dissent, they take away at most one
	// prior reader's weight.
	e = withWeight(ev(0.9, 0, three), SideEvidenceEnter+th.PriorWeight(), 9)
	e.dissent.add(+0.5, -1000)
	if got := th.decide(e, ""); got != ConsensusHolds {
		t.Fatalf("capped dissent must leave a well-supported consensus: %s", got)
	}
}

func TestSideLeanEdgeIsExact(t *testing.T) {
	if got := netLean(Tally{8, 7, 5}); got != SideLeanEnter {
		t.Fatalf("netLean = %v, want exactly %v", got, SideLeanEnter)
	}
	if got := netLean(Tally{9, 91, 0}); got != SideLeanKeep {
		t.Fatalf("netLean = %v, want exactly %v", got, SideLeanKeep)
	}
	if netLean(Tally{}) != 0 {
		t.Fatal("empty side must have lean 0")
	}
}

func TestWeightShrinksTowardPrior(t *testing.T) {
	th := DefaultThresholds()
	prior := th.PriorWeight()
	if want := math.Log(PriorAgree / PriorOpposite); math.Abs(prior-want) > 1e-12 {
		t.Fatalf("prior weight %v, want %v", prior, want)
	}
	// A perfect record raises the weight, more with more history.
	w10, w40 := th.weight(10, 0, 10), th.weight(40, 0, 40)
	if !(prior < w10 && w10 < w40) {
		t.Fatalf("weights prior %.2f, 10/10 %.2f, 40/40 %.2f must increase", prior, w10, w40)
	}
	// A reader who opposes settled outcomes as often as agreeing is no
	// evidence, never negative evidence.
	if w := th.weight(5, 15, 20); w != 0 {
		t.Fatalf("weight of a contrarian %v, want 0", w)
	}
}

func TestHysteresis(t *testing.T) {
	th := DefaultThresholds()
	ok := sides([3]int{4, 0, 0}, [3]int{4, 0, 0})
	between := ev(0.5+(EnterMargin+KeepMargin)/2, 0, ok)
	if got := th.decide(between, ""); got != NeedsMoreVerdicts {
		t.Fatalf("without a previous status a weak consensus must not enter: %s", got)
	}
	if got := th.decide(between, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("a held consensus must be kept between keep and enter margins: %s", got)
	}
	if got := th.decide(ev(0.5+KeepMargin, 0, ok), ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("exactly at the keep margin the consensus stays: %s", got)
	}
	if got := th.decide(ev(0.5+KeepMargin-1e-9, 0, ok), ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("below the keep margin the consensus is lost: %s", got)
	}
	// Hysteresis is per direction: a held "holds" does not ease "does not hold".
	low := ev(0.5-(EnterMargin+KeepMargin)/2, 0, sides([3]int{0, 0, 4}, [3]int{0, 0, 4}))
	if got := th.decide(low, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("the other direction must use enter thresholds: %s", got)
	}
	if got := th.decide(low, ConsensusDoesNotHold); got != ConsensusDoesNotHold {
		t.Fatalf("a held does-not-hold must be kept: %s", got)
	}
	// Factor: between the caps, kept but not entered.
	e := ev(0.9, (FactorCap+FactorCapKeep)/2, ok)
	if got := th.decide(e, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("factor between caps must keep a consensus: %s", got)
	}
	if got := th.decide(e, ""); got != Divided {
		t.Fatalf("factor above the enter cap must not enter: %s", got)
	}
	// Evidence: exactly the keep level keeps, it does not enter; just
	// below it the consensus is lost.
	keep := withWeight(ev(0.9, 0, ok), SideEvidenceKeep, 9)
	if got := th.decide(keep, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("evidence %v on a side must keep a consensus: %s", SideEvidenceKeep, got)
	}
	if got := th.decide(keep, ""); got != NeedsMoreVerdicts {
		t.Fatalf("evidence %v on a side must not enter: %s", SideEvidenceKeep, got)
	}
	lost := withWeight(ev(0.9, 0, ok), math.Nextafter(SideEvidenceKeep, 0), 9)
	if got := th.decide(lost, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("evidence below keep must lose a consensus: %s", got)
	}
	// Side lean: between keep and enter.
	weak := ev(0.9, 0, sides([3]int{7, 6, 4}, [3]int{4, 0, 0})) // lean 3/17 ≈ 0.18: enters
	if got := th.decide(weak, ""); got != ConsensusHolds {
		t.Fatalf("lean 0.18 must enter: %s", got)
	}
	keepLean := withWeight(ev(0.9, 0, sides([3]int{9, 10, 6}, [3]int{4, 0, 0})), 9, 9) // lean 3/25 = 0.12
	if got := th.decide(keepLean, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("lean 0.12 keeps: %s", got)
	}
	if got := th.decide(keepLean, ""); got == ConsensusHolds {
		t.Fatalf("lean 0.12 must not enter")
	}
	lostLean := withWeight(ev(0.9, 0, sides([3]int{5, 10, 4}, [3]int{4, 0, 0})), 9, 9) // lean 1/19 ≈ 0.05
	if got := th.decide(lostLean, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("lean below keep must lose the consensus: %s", got)
	}
}
func TestExplanations(t *testing.T) {
	s := Sides{Positive: Tally{Holds: 9}, Negative: Tally{Holds: 10, DoesNotHold: 2}, Unplaced: Tally{Partly: 3}}
	cases := []struct {
		st     Status
		en, es string
	}{
		{ConsensusHolds,
			"Readers who usually disagree agree that it holds (12 on one side, 9 on the other).",
			"Lectores que suelen discrepar coinciden en que se sostiene (12 de un lado, 9 del otro)."},
		{ConsensusDoesNotHold,
			"Readers who usually disagree agree that it does not hold (12 on one side, 9 on the other).",
			"Lectores que suelen discrepar coinciden en que no se sostiene (12 de un lado, 9 del otro)."},
		{Divided,
			"Verdicts split along readers' usual disagreements (12 on one side, 9 on the other).",
			"Los veredictos se dividen según los desacuerdos habituales de los lectores (12 de un lado, 9 del otro)."},
		{NeedsMoreVerdicts,
			"Needs more verdicts from readers who usually disagree (24 so far: 12 on one side, 9 on the other).",
			"Faltan veredictos de lectores que suelen discrepar (24 hasta ahora: 12 de un lado, 9 del otro)."},
	}
	for _, c := range cases {
		en, es := explain(c.st, s)
		if en != c.en || es != c.es {
			t.Errorf("%s:\n got %q\n     %q\nwant %q\n     %q", c.st, en, es, c.en, c.es)
		}
	}
}
