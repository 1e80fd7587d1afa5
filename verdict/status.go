package verdict

import "math"

// Status is a claim's reader-consensus status. The values match the
// GraphQL enum names.
type Status string

const (
	// NeedsMoreVerdicts: too few verdicts, or too few from readers on each
	// side, to say anything yet.
	NeedsMoreVerdicts Status = "NEEDS_MORE_VERDICTS"
	// ConsensusHolds: readers on both sides of the factor agree it holds.
	ConsensusHolds Status = "CONSENSUS_HOLDS"
	// ConsensusDoesNotHold: readers on both sides agree it does not hold.
	ConsensusDoesNotHold Status = "CONSENSUS_DOES_NOT_HOLD"
	// Divided: verdicts split along the readers' usual divide.
	Divided Status = "DIVIDED"
)

// Default thresholds. "Consensus" below is μ + mean(i_reader) + i_claim,
// the verdict the model predicts for a reader with no lean and average
// leniency, on the 0 (does not hold) … 1 (holds) scale.
//
// They were chosen with cmd/bench-verdicts (100k verdicts, two groups of
// 55% and 45%, readers 75–97% accurate). There, cross-partisan claims have
// a median consensus of 0.80 (true) and 0.14 (false) with |f_claim| under
// 0.25 for 95% of them; partisan claims have |f_claim| around 0.76 (5th
// percentile 0.45) and readers' |f_reader| is above 0.17 for 95% of them.
// Tightening the side lean to 0.3 or requiring three verdicts per side
// costs 1–2.5 points of clean accuracy (mostly claims with 5–12 verdicts);
// loosening it to 0.2 lets twice as many noisy partisan claims reach a
// consensus. None of these choices changes the brigade results: same-side
// brigades are stopped by the side-lean rule and the agreement filter.
const (
	// MinReaderVerdicts: readers with fewer verdicts are not fitted; their
	// factor would be noise, and a throwaway account must do some work.
	MinReaderVerdicts = 10
	// MinClaimVerdicts: claims with fewer verdicts from fitted readers stay
	// NEEDS_MORE_VERDICTS.
	MinClaimVerdicts = 5

	// EnterMargin: |consensus − 0.5| needed to enter a consensus status.
	EnterMargin = 0.10
	// KeepMargin: the looser margin that keeps a consensus already held, so
	// a status does not flicker when one verdict arrives.
	KeepMargin = 0.05
	// FactorCap: a consensus needs |f_claim| ≤ FactorCap; above it the
	// verdicts are explained by the readers' lean and the claim is DIVIDED.
	FactorCap = 0.5
	// FactorCapKeep: the looser cap for keeping a consensus.
	FactorCapKeep = 0.6

	// SideMinFactor: readers with |f_reader| below it are not placed on
	// either side; the model cannot tell their lean.
	SideMinFactor = 0.1
	// SideNetEnter: on each side, verdicts agreeing with the consensus
	// minus verdicts against it (PARTLY counts zero) must reach this. The
	// count, not the share, is what tells a cross-partisan claim from a
	// partisan one: each agreeing verdict multiplies the odds by about the
	// same factor (a reader's accuracy over their error rate), so a side's
	// evidence is its net count. Two, as before, let 2–11 partisan claims
	// in 1,500 reach a consensus on clean synthetic data (two readers of
	// the believing side both voting against it happens about once in 120
	// claims); three brings that to zero on six seeds, at the cost of
	// claims whose smaller side has fewer than three readers. See README.
	SideNetEnter = 3
	// SideNetKeep: the looser net count for keeping a consensus.
	SideNetKeep = 2
	// DividedSideNet: DIVIDED needs each side to lean opposite ways by at
	// least this net count (or a factor above the cap). It is lower than
	// SideNetEnter because a wrong DIVIDED is a cautious answer.
	DividedSideNet = 2
	// SideLeanEnter: each side's net lean (holds − does-not-hold)/verdicts,
	// PARTLY counting zero, must reach this in the consensus direction.
	SideLeanEnter = 0.25
	// SideLeanKeep: the looser side lean for keeping a consensus.
	SideLeanKeep = 0.15

	// MinAgreement: after the first fit, readers with at least
	// MinSettledVerdicts verdicts on settled claims whose mean agreement
	// with those outcomes is below this are dropped before the second fit.
	// 0.66 is Community Notes' rater helpfulness ratio. In a tuning run at
	// 0.5, 49 of 2000 accounts of a 50× camouflaged brigade survived by
	// chance and flipped 14 of 40 targets; at 0.66 none do. It drops about
	// 1.4% of honest synthetic readers (the least accurate).
	MinAgreement = 0.66
	// MinSideAgreement: readers whose mean agreement with their own side
	// on DIVIDED claims is below this (with at least MinSettledVerdicts
	// such verdicts) are dropped too: their votes contradict the side the
	// fit placed them on. Honest synthetic readers agree with their side
	// about 86% of the time; camouflaged accounts agree only on their
	// cover verdicts.
	MinSideAgreement = 0.5
	// MinSettledVerdicts: readers with fewer verdicts on settled claims
	// are not judged by the agreement filter.
	MinSettledVerdicts = 3
)

// Thresholds are the knobs of the status rules and filters.
// DefaultThresholds returns the named constants above.
type Thresholds struct {
	MinReaderVerdicts, MinClaimVerdicts int
	EnterMargin, KeepMargin             float64
	FactorCap, FactorCapKeep            float64
	SideMinFactor                       float64
	SideNetEnter, SideNetKeep           int
	DividedSideNet                      int
	SideLeanEnter, SideLeanKeep         float64
	MinAgreement, MinSideAgreement      float64
	MinSettledVerdicts                  int
}

// DefaultThresholds are the package's named constants.
func DefaultThresholds() Thresholds {
	return Thresholds{
		MinReaderVerdicts: MinReaderVerdicts, MinClaimVerdicts: MinClaimVerdicts,
		EnterMargin: EnterMargin, KeepMargin: KeepMargin,
		FactorCap: FactorCap, FactorCapKeep: FactorCapKeep,
		SideMinFactor: SideMinFactor,
		SideNetEnter:  SideNetEnter, SideNetKeep: SideNetKeep,
		DividedSideNet: DividedSideNet,
		SideLeanEnter:  SideLeanEnter, SideLeanKeep: SideLeanKeep,
		MinAgreement: MinAgreement, MinSideAgreement: MinSideAgreement,
		MinSettledVerdicts: MinSettledVerdicts,
	}
}

// Sides is the breakdown of a claim's verdicts by the lean of the readers
// who gave them: Positive and Negative are readers on either side of the
// factor (|f_reader| ≥ SideMinFactor), Unplaced are readers the final fit
// did not place (too few verdicts, dropped by the agreement filter, or a
// factor too close to zero).
type Sides struct {
	Positive Tally `json:"positive"`
	Negative Tally `json:"negative"`
	Unplaced Tally `json:"unplaced"`
}

// evidence is what the status rules look at for one claim.
type evidence struct {
	fitted    bool
	consensus float64 // μ + mean(i_reader) + i_claim
	factor    float64 // f_claim
	sides     Sides
}

// decide applies the status rules. prev is the claim's previous status
// (empty if none): a consensus already held is kept with looser thresholds.
func (th Thresholds) decide(e evidence, prev Status) Status {
	if !e.fitted {
		return NeedsMoreVerdicts
	}
	if th.isConsensus(e, +1, prev == ConsensusHolds) {
		return ConsensusHolds
	}
	if th.isConsensus(e, -1, prev == ConsensusDoesNotHold) {
		return ConsensusDoesNotHold
	}
	if th.isDivided(e) {
		return Divided
	}
	return NeedsMoreVerdicts
}

// isConsensus checks the three conditions for a consensus in direction dir
// (+1 holds, −1 does not hold): a clear consensus value, a small factor,
// and both sides leaning that way.
func (th Thresholds) isConsensus(e evidence, dir float64, keeping bool) bool {
	margin, limit, side := th.EnterMargin, th.FactorCap, sideRule{th.SideNetEnter, th.SideLeanEnter}
	if keeping {
		margin, limit, side = th.KeepMargin, th.FactorCapKeep, sideRule{th.SideNetKeep, th.SideLeanKeep}
	}
	clearly := e.consensus >= 0.5+margin // written as in the docs, so edges are exact
	if dir < 0 {
		clearly = e.consensus <= 0.5-margin
	}
	return clearly && math.Abs(e.factor) <= limit &&
		side.leans(e.sides.Positive, dir) && side.leans(e.sides.Negative, dir)
}

// sideRule is what one side of the factor must show: a net count of
// verdicts in the direction (the evidence) and a net share (so a large side
// that is itself split does not count as agreeing).
type sideRule struct {
	net  int
	lean float64
}

// leans reports whether side t meets the rule in direction dir (+1 holds,
// −1 does not hold).
func (r sideRule) leans(t Tally, dir float64) bool {
	return dir*float64(netCount(t)) >= float64(r.net) && dir*netLean(t) >= r.lean
}

// netCount is holds − does not hold; PARTLY counts 0.
func netCount(t Tally) int { return t.Holds - t.DoesNotHold }

// netLean is (holds − does not hold) / verdicts, in [−1, 1]; PARTLY counts 0.
func netLean(t Tally) float64 {
	if t.Total() == 0 {
		return 0
	}
	return float64(netCount(t)) / float64(t.Total())
}

// isDivided: the factor explains the verdicts (|f_claim| above the cap), or
// the two sides clearly lean opposite ways.
func (th Thresholds) isDivided(e evidence) bool {
	if math.Abs(e.factor) > th.FactorCap {
		return true
	}
	p, n, r := e.sides.Positive, e.sides.Negative, sideRule{th.DividedSideNet, th.SideLeanEnter}
	return (r.leans(p, +1) && r.leans(n, -1)) || (r.leans(p, -1) && r.leans(n, +1))
}
