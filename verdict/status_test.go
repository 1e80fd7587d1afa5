package verdict

import "testing"

// sides builds a breakdown with the given (holds, partly, does not hold)
// counts on the positive and negative side.
func sides(p, n [3]int) Sides {
	return Sides{Positive: Tally{p[0], p[1], p[2]}, Negative: Tally{n[0], n[1], n[2]}}
}

func TestDecideEdges(t *testing.T) {
	th := DefaultThresholds()
	agreeH := sides([3]int{4, 0, 0}, [3]int{4, 0, 0})
	agreeN := sides([3]int{0, 0, 4}, [3]int{0, 0, 4})
	// A side of 12 with 5 holds, 5 partly and 2 not: net 3, exactly
	// SideNetEnter, and lean 0.25, exactly SideLeanEnter.
	edgeLean := sides([3]int{5, 5, 2}, [3]int{4, 0, 0})
	cases := []struct {
		name string
		e    evidence
		want Status
	}{
		{"not fitted", evidence{fitted: false, consensus: 0.9, sides: agreeH}, NeedsMoreVerdicts},
		{"holds at enter margin", evidence{true, 0.5 + EnterMargin, 0, agreeH}, ConsensusHolds},
		{"holds just below margin", evidence{true, 0.5 + EnterMargin - 1e-9, 0, agreeH}, NeedsMoreVerdicts},
		{"not hold at margin", evidence{true, 0.5 - EnterMargin, 0, agreeN}, ConsensusDoesNotHold},
		{"not hold just above", evidence{true, 0.5 - EnterMargin + 1e-9, 0, agreeN}, NeedsMoreVerdicts},
		{"factor at cap", evidence{true, 0.9, FactorCap, agreeH}, ConsensusHolds},
		{"factor above cap", evidence{true, 0.9, FactorCap + 1e-9, agreeH}, Divided},
		{"negative factor above cap", evidence{true, 0.1, -FactorCap - 1e-9, agreeN}, Divided},
		{"side lean at edge", evidence{true, 0.9, 0, edgeLean}, ConsensusHolds},
		{"side lean just below edge", evidence{true, 0.9, 0, sides([3]int{5, 6, 2}, [3]int{4, 0, 0})}, NeedsMoreVerdicts},
		{"side lean too low", evidence{true, 0.9, 0, sides([3]int{1, 2, 1}, [3]int{4, 0, 0})}, NeedsMoreVerdicts},
		{"net two on a side", evidence{true, 0.9, 0, sides([3]int{SideNetEnter - 1, 0, 0}, [3]int{9, 0, 0})}, NeedsMoreVerdicts},
		{"net three on a side", evidence{true, 0.9, 0, sides([3]int{SideNetEnter, 0, 0}, [3]int{9, 0, 0})}, ConsensusHolds},
		{"net three with dissent", evidence{true, 0.9, 0, sides([3]int{5, 0, 2}, [3]int{9, 0, 0})}, ConsensusHolds},
		{"net two with dissent", evidence{true, 0.9, 0, sides([3]int{4, 1, 2}, [3]int{9, 0, 0})}, NeedsMoreVerdicts},
		{"net three, does not hold", evidence{true, 0.1, 0, sides([3]int{0, 0, 3}, [3]int{1, 0, 4})}, ConsensusDoesNotHold},
		{"empty side", evidence{true, 0.9, 0, sides([3]int{}, [3]int{9, 0, 0})}, NeedsMoreVerdicts},
		{"sides lean opposite", evidence{true, 0.5, 0.2, sides([3]int{5, 0, 0}, [3]int{0, 0, 5})}, Divided},
		{"sides lean opposite at net 2", evidence{true, 0.5, 0.2, sides([3]int{DividedSideNet, 0, 0}, [3]int{0, 0, DividedSideNet})}, Divided},
		{"sides lean opposite at net 1", evidence{true, 0.5, 0.2, sides([3]int{1, 0, 0}, [3]int{0, 0, 5})}, NeedsMoreVerdicts},
		{"other side disagrees", evidence{true, 0.9, 0.2, sides([3]int{20, 0, 0}, [3]int{0, 0, 3})}, Divided},
	}
	for _, c := range cases {
		if got := th.decide(c.e, ""); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestSideLeanEdgeIsExact(t *testing.T) {
	// 5 holds, 5 partly, 2 not: (5−2)/12 = 0.25 exactly.
	if got := netLean(Tally{5, 5, 2}); got != SideLeanEnter {
		t.Fatalf("netLean = %v, want exactly %v", got, SideLeanEnter)
	}
	if netLean(Tally{}) != 0 {
		t.Fatal("empty side must have lean 0")
	}
}

func TestHysteresis(t *testing.T) {
	th := DefaultThresholds()
	ok := sides([3]int{4, 0, 0}, [3]int{4, 0, 0})
	between := evidence{true, 0.5 + (EnterMargin+KeepMargin)/2, 0, ok}
	if got := th.decide(between, ""); got != NeedsMoreVerdicts {
		t.Fatalf("without a previous status a weak consensus must not enter: %s", got)
	}
	if got := th.decide(between, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("a held consensus must be kept between keep and enter margins: %s", got)
	}
	if got := th.decide(evidence{true, 0.5 + KeepMargin, 0, ok}, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("exactly at the keep margin the consensus stays: %s", got)
	}
	if got := th.decide(evidence{true, 0.5 + KeepMargin - 1e-9, 0, ok}, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("below the keep margin the consensus is lost: %s", got)
	}
	// Hysteresis is per direction: a held "holds" does not ease "does not hold".
	low := evidence{true, 0.5 - (EnterMargin+KeepMargin)/2, 0, sides([3]int{0, 0, 4}, [3]int{0, 0, 4})}
	if got := th.decide(low, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("the other direction must use enter thresholds: %s", got)
	}
	if got := th.decide(low, ConsensusDoesNotHold); got != ConsensusDoesNotHold {
		t.Fatalf("a held does-not-hold must be kept: %s", got)
	}
	// Factor: between the caps, kept but not entered.
	f := (FactorCap + FactorCapKeep) / 2
	e := evidence{true, 0.9, f, ok}
	if got := th.decide(e, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("factor between caps must keep a consensus: %s", got)
	}
	if got := th.decide(e, ""); got != Divided {
		t.Fatalf("factor above the enter cap must not enter: %s", got)
	}
	// Side net count: two keeps, it does not enter.
	two := evidence{true, 0.9, 0, sides([3]int{SideNetKeep, 0, 0}, [3]int{4, 0, 0})}
	if got := th.decide(two, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("net %d on a side must keep a consensus: %s", SideNetKeep, got)
	}
	if got := th.decide(two, ""); got != NeedsMoreVerdicts {
		t.Fatalf("net %d on a side must not enter: %s", SideNetKeep, got)
	}
	one := evidence{true, 0.9, 0, sides([3]int{SideNetKeep, 1, 1}, [3]int{4, 0, 0})}
	if got := th.decide(one, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("net 1 on a side must lose a consensus: %s", got)
	}
	// Side lean: between keep and enter.
	weakSide := sides([3]int{4, 2, 1}, [3]int{4, 0, 0}) // lean 3/7 ≈ 0.43, net 3 enters
	if got := th.decide(evidence{true, 0.9, 0, weakSide}, ""); got != ConsensusHolds {
		t.Fatalf("lean 0.43 with net 3 must enter: %s", got)
	}
	weaker := sides([3]int{3, 4, 2}, [3]int{4, 0, 0}) // lean 1/9 ≈ 0.11: below keep
	if got := th.decide(evidence{true, 0.9, 0, weaker}, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("lean below keep must lose the consensus: %s", got)
	}
	between2 := sides([3]int{3, 3, 2}, [3]int{4, 0, 0}) // lean 1/8 = 0.125 < keep 0.15
	if got := th.decide(evidence{true, 0.9, 0, between2}, ConsensusHolds); got != NeedsMoreVerdicts {
		t.Fatalf("lean 0.125 is below SideLeanKeep: %s", got)
	}
	between3 := sides([3]int{5, 3, 2}, [3]int{4, 0, 0}) // net 3, lean 3/10 = 0.3: enters
	if got := th.decide(evidence{true, 0.9, 0, between3}, ""); got != ConsensusHolds {
		t.Fatalf("lean 0.3 with net 3 enters: %s", got)
	}
	between3 = sides([3]int{7, 6, 4}, [3]int{4, 0, 0}) // net 3, lean 3/17 ≈ 0.18: keep, not enter
	if got := th.decide(evidence{true, 0.9, 0, between3}, ConsensusHolds); got != ConsensusHolds {
		t.Fatalf("lean 0.18 keeps: %s", got)
	}
	if got := th.decide(evidence{true, 0.9, 0, between3}, ""); got == ConsensusHolds {
		t.Fatalf("lean 0.18 must not enter")
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
