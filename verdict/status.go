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
// The side evidence and prior were swept over seeds 20260101 and 1–5:
// SideEvidenceEnter 5.0 gave 2 partisan consensuses, 5.25 none, 5.5 none
// at 0.2–0.5 points less accuracy; see README. None of these choices
// changes the brigade results: same-side brigades are stopped by the side
// rule and the agreement filter.
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
	// SideFullFactor: readers with |f_reader| at or above it count in full
	// for their side; between SideMinFactor and it their evidence is
	// scaled down linearly, since their side is uncertain.
	SideFullFactor = 0.2
	// SideEvidenceEnter: on each side, the verdicts' evidence in the
	// consensus direction must reach this many nats (natural-log
	// likelihood ratio "this side believes it" over "it believes the
	// opposite"; see reliability.go). Evidence, not heads: a side of two
	// readers who have agreed with settled outcomes all along says more
	// than three unknown accounts. A partisan claim reaches a consensus only
	// if the believing side's evidence points the wrong way, so this bounds
	// that chance; see README for how it was set.
	SideEvidenceEnter = 5.25
	// SideEvidenceKeep: the looser evidence for keeping a consensus.
	SideEvidenceKeep = 3.5
	// DividedEvidence: DIVIDED needs each side to lean opposite ways with at
	// least this evidence (or a factor above the cap). It is lower than
	// SideEvidenceEnter because a wrong DIVIDED is a cautious answer.
	DividedEvidence = 3.5
	// PriorVerdicts, PriorAgree, PriorOpposite: the prior reader. Each
	// reader's chance of voting with their side (agree) and against it
	// (opposite) is estimated from their verdicts on settled claims plus
	// PriorVerdicts pseudo-verdicts at these rates, so a reader with little
	// history, such as a new account, counts about as a prior reader:
	// log(0.8/0.12) ≈ 1.9 nats, three such verdicts ≈ SideEvidenceEnter.
	PriorVerdicts = 8
	PriorAgree    = 0.8
	PriorOpposite = 0.12
	// SideLeanEnter: each side's net lean (holds − does-not-hold)/verdicts,
	// PARTLY counting zero, must reach this in the consensus direction.
	SideLeanEnter = 0.15
	// SideLeanKeep: the looser side lean for keeping a consensus.
	SideLeanKeep = 0.09

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
	SideMinFactor, SideFullFactor       float64
	SideEvidenceEnter, SideEvidenceKeep float64
	DividedEvidence                     float64
	PriorVerdicts                       float64
	PriorAgree, PriorOpposite           float64
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
		SideMinFactor: SideMinFactor, SideFullFactor: SideFullFactor,
		SideEvidenceEnter: SideEvidenceEnter, SideEvidenceKeep: SideEvidenceKeep,
		DividedEvidence: DividedEvidence,
		PriorVerdicts:   PriorVerdicts, PriorAgree: PriorAgree, PriorOpposite: PriorOpposite,
		SideLeanEnter: SideLeanEnter, SideLeanKeep: SideLeanKeep,
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
	weight    SideEvidence
	dissent   dissent
}

// SideEvidence is, per side of the factor, the evidence in nats that the
// side's readers believe the claim holds rather than that it does not
// (negative: that it does not hold). Each HOLDS adds its reader's weight,
// each DOES_NOT_HOLD subtracts it, PARTLY adds nothing.
type SideEvidence struct {
	Positive float64 `json:"positive"`
	Negative float64 `json:"negative"`
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
	margin, limit, side := th.EnterMargin, th.FactorCap, sideRule{th.SideEvidenceEnter, th.SideLeanEnter}
	if keeping {
		margin, limit, side = th.KeepMargin, th.FactorCapKeep, sideRule{th.SideEvidenceKeep, th.SideLeanKeep}
	}
	clearly := e.consensus >= 0.5+margin // written as in the docs, so edges are exact
	if dir < 0 {
		clearly = e.consensus <= 0.5-margin
	}
	return clearly && math.Abs(e.factor) <= limit &&
		side.leans(e.sides.Positive, e.weight.Positive-dir*th.dissentCap(e.dissent.pos.against(dir)), dir) &&
		side.leans(e.sides.Negative, e.weight.Negative-dir*th.dissentCap(e.dissent.neg.against(dir)), dir)
}

// sideRule is what one side of the factor must show: evidence in the
// direction, and a net share of heads (so a large side that is itself
// split does not count as agreeing however much evidence each half has).
type sideRule struct {
	evidence float64
	lean     float64
}

// leans reports whether side t, with evidence ev, meets the rule in
// direction dir (+1 holds, −1 does not hold).
func (r sideRule) leans(t Tally, ev, dir float64) bool {
	return dir*ev >= r.evidence && dir*netLean(t) >= r.lean
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
	p, n, r := e.sides.Positive, e.sides.Negative, sideRule{th.DividedEvidence, th.SideLeanEnter}
	wp, wn := e.weight.Positive, e.weight.Negative
	return (r.leans(p, wp, +1) && r.leans(n, wn, -1)) || (r.leans(p, wp, -1) && r.leans(n, wn, +1))
}

// dissent is the evidence of readers the agreement filter dropped, per
// side of their first-fit factor: [0] from their HOLDS, [1] from their
// DOES_NOT_HOLD. It only ever counts against a consensus. Dropping a
// reader keeps a brigade out of the fit, but it also dropped honest
// readers who erred often, and on a small side the one who voted against
// the rest was then the evidence that its readers were not of one mind.
// It never pushes a claim to a consensus, and dissentCap bounds how much
// consensus it can take away.
type dissent struct {
	pos, neg dirWeights
}

// dissentCap bounds dropped readers' dissent on a side to one prior
// reader's weight: enough for the one honest reader who erred too often to
// stop a thin side from passing for unanimous, too little for a dropped
// brigade, however large, to take a well-supported consensus away.
func (th Thresholds) dissentCap(w float64) float64 { return min(w, th.PriorWeight()) }

// dirWeights are weights of HOLDS [0] and DOES_NOT_HOLD [1] verdicts.
type dirWeights [2]float64

// against is the weight of verdicts against direction dir.
func (w dirWeights) against(dir float64) float64 {
	if dir > 0 {
		return w[1]
	}
	return w[0]
}

// add records a dropped reader's verdict with factor f and signed
// evidence (its placement already applied, so an unplaced reader adds 0).
func (d *dissent) add(f, signed float64) {
	side := &d.neg
	if f > 0 {
		side = &d.pos
	}
	if signed > 0 {
		side[0] += signed
	} else {
		side[1] -= signed
	}
}
