package verdict

import (
	"fmt"
	"math"
)

// Options tune Score. The zero Options uses the defaults; any zero field
// takes its default.
type Options struct {
	// Thresholds of the status rules and filters. The zero value means
	// DefaultThresholds(); to change one, start from DefaultThresholds().
	Thresholds Thresholds

	// LearningRate is Adam's step size for a cold start; WarmLearningRate
	// for a fit that starts from saved or first-fit parameters, which are
	// already close, so a large first Adam step would only undo them.
	LearningRate, WarmLearningRate float64
	// MaxEpochs bounds each of the two fits.
	MaxEpochs int
	// Tolerance stops a fit when the loss improves by less than this
	// fraction over 10 epochs.
	Tolerance float64
}

// Default fitting options.
const (
	DefaultLearningRate     = 0.05
	DefaultWarmLearningRate = 0.02
	DefaultMaxEpochs        = 600
	DefaultTolerance        = 1e-6
)

func (o Options) withDefaults() Options {
	if o.Thresholds == (Thresholds{}) {
		o.Thresholds = DefaultThresholds()
	}
	if o.LearningRate == 0 {
		o.LearningRate = DefaultLearningRate
	}
	if o.WarmLearningRate == 0 {
		o.WarmLearningRate = DefaultWarmLearningRate
	}
	if o.MaxEpochs == 0 {
		o.MaxEpochs = DefaultMaxEpochs
	}
	if o.Tolerance == 0 {
		o.Tolerance = DefaultTolerance
	}
	return o
}

func (o Options) fitConfig(warm bool) fitConfig {
	lr := o.LearningRate
	if warm {
		lr = o.WarmLearningRate
	}
	return fitConfig{learningRate: lr, maxEpochs: o.MaxEpochs, tolerance: o.Tolerance}
}

// ClaimScore is the model's verdict on one claim.
type ClaimScore struct {
	Claim  int64  `json:"claim"`
	Status Status `json:"status"`
	// Fitted is false when the claim had too few verdicts from fitted
	// readers; then Consensus, Intercept and Factor are 0.
	Fitted bool `json:"fitted"`
	// Consensus is μ + mean(i_reader) + i_claim: the verdict, from 0 (does
	// not hold) to 1 (holds), that the model predicts for a reader with no
	// lean and average leniency. Statuses compare it with 0.5 ± a margin.
	Consensus float64 `json:"consensus"`
	// Intercept is i_claim alone; Consensus − Intercept is the same for
	// every claim of a run (μ + mean reader intercept).
	Intercept float64 `json:"intercept"`
	// Factor is f_claim: how much the claim's verdicts follow the readers'
	// lean. Its sign says which side tends to say it holds.
	Factor float64 `json:"factor"`
	// Sides breaks all of the claim's verdicts down by the reader's side.
	Sides Sides `json:"sides"`
	// Evidence is how strongly each side says it holds (or not, if
	// negative), in nats; a consensus needs enough of it on both sides.
	Evidence SideEvidence `json:"evidence"`
	// Verdicts is the number of verdicts the final fit used; TotalVerdicts
	// counts all verdicts on the claim.
	Verdicts      int    `json:"verdicts"`
	TotalVerdicts int    `json:"totalVerdicts"`
	ModelVersion  string `json:"modelVersion"`
	// ExplanationEN and ExplanationES say the status in one plain line.
	ExplanationEN string `json:"explanationEn"`
	ExplanationES string `json:"explanationEs"`
}

// FitStats describes one of the two fits.
type FitStats struct {
	Ratings, Readers, Claims int
	Epochs                   int
	Loss                     float64
}

// Stats describes a Score run, for logs and metrics.
type Stats struct {
	Ratings, Readers, Claims int
	WarmStarted              bool
	First, Second            FitStats
	DroppedReaders           int // by the agreement filter
	Mu                       float64
}

// Result is the outcome of Score.
type Result struct {
	ModelVersion string
	Claims       []ClaimScore // one per rated claim, ascending claim ID
	State        *State       // pass back as prev next time
	Stats        Stats
}

// Score runs the bridging model on all ratings:
//
//  1. readers with ≥ MinReaderVerdicts verdicts, and claims with
//     ≥ MinClaimVerdicts verdicts from them, are fitted, warm-started from
//     prev where IDs match;
//  2. readers who mostly disagree with settled outcomes (prev's consensus,
//     else the first fit's unless prev said DIVIDED) are dropped, and every
//     verdict is weighted by its reader's record on those outcomes;
//  3. a second fit, warm-started from the first, places readers on sides;
//     the weighted evidence of each side decides the statuses, with prev's
//     statuses for hysteresis.
//
// It is a pure function: the same ratings (in any order), prev and opts
// give bit-identical results. prev may be nil.
func Score(ratings []Rating, prev *State, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	th := opts.Thresholds
	d, err := newDataset(ratings)
	if err != nil {
		return nil, err
	}
	m, warm := initModel(d, prev)

	readerOK := readersWithAtLeast(d, th.MinReaderVerdicts)
	first := newFitSet(d, readerOK, claimsWithAtLeast(d, readerOK, th.MinClaimVerdicts))
	st1 := fit(m, first, opts.fitConfig(warm.used))
	orient(m, first, warm, th.SideMinFactor)
	firstStatus := decideAll(d, m, first, th, priorWeights(d, th), nil)

	exp := expectations(d, m, settledOutcomes(firstStatus, warm.status), warm, th)
	kept, dropped := agreementFilter(d, m, first, exp, th)
	weights := newReliability(d, m, first, exp, th.SideMinFactor).weights(d, th)
	second := newFitSet(d, kept, claimsWithAtLeast(d, kept, th.MinClaimVerdicts))
	st2 := fit(m, second, opts.fitConfig(true))
	orient(m, second, warm, th.SideMinFactor)

	statuses := decideAll(d, m, second, th, weights, warm.status)
	if err := checkFinite(m); err != nil {
		return nil, err
	}
	res := &Result{
		ModelVersion: ModelVersion,
		Claims:       claimScores(d, m, second, th, weights, statuses),
		State:        newState(d, m, first, statuses),
		Stats: Stats{
			Ratings: d.numRatings(), Readers: d.numReaders(), Claims: d.numClaims(),
			WarmStarted: warm.used, DroppedReaders: dropped, Mu: m.mu(),
			First: fitStatsOf(first, st1), Second: fitStatsOf(second, st2),
		},
	}
	return res, nil
}

func fitStatsOf(s *fitSet, st fitStats) FitStats {
	return FitStats{Ratings: len(s.y), Readers: s.numReaders, Claims: s.numClaims, Epochs: st.Epochs, Loss: st.Loss}
}

// checkFinite guards against a diverged fit (for example absurd options)
// rather than publishing NaN statuses.
func checkFinite(m *model) error {
	for _, t := range m.theta {
		if math.IsNaN(t) || math.IsInf(t, 0) {
			return fmt.Errorf("verdict: fit diverged (non-finite parameter)")
		}
	}
	return nil
}

func readersWithAtLeast(d *dataset, n int) []bool {
	ok := make([]bool, d.numReaders())
	for r, c := range d.readerCount {
		ok[r] = int(c) >= n
	}
	return ok
}

// claimsWithAtLeast marks claims with at least n verdicts from allowed readers.
func claimsWithAtLeast(d *dataset, readerOK []bool, n int) []bool {
	ok := make([]bool, d.numClaims())
	for c := range ok {
		cnt := 0
		for i := d.claimStart[c]; i < d.claimStart[c+1]; i++ {
			if readerOK[d.reader[i]] {
				cnt++
			}
		}
		ok[c] = cnt >= n
	}
	return ok
}

// sidesOf breaks a claim's verdicts down by the side of the reader, as
// placed by a fit over set s, and sums each side's evidence from the
// verdict weights w. Readers outside s add no evidence, except that those
// the agreement filter dropped (they keep their first-fit factor) may
// still speak against a consensus: see dissent.
func sidesOf(d *dataset, m *model, s *fitSet, th Thresholds, w []float64, c int) (out Sides, ev SideEvidence, dis dissent) {
	rf := m.readerFactor()
	for i := d.claimStart[c]; i < d.claimStart[c+1]; i++ {
		r := d.reader[i]
		signed := w[i] * (2*d.value[i] - 1) * th.placement(rf[r]) // + for HOLDS, − for DOES_NOT_HOLD, 0 for PARTLY
		switch {
		case !s.readerUsed[r]:
			out.Unplaced.add(d.kind[i])
			dis.add(rf[r], signed)
		case rf[r] >= th.SideMinFactor:
			out.Positive.add(d.kind[i])
			ev.Positive += signed
		case rf[r] <= -th.SideMinFactor:
			out.Negative.add(d.kind[i])
			ev.Negative += signed
		default:
			out.Unplaced.add(d.kind[i])
		}
	}
	return out, ev, dis
}

// baseline is μ plus the mean intercept of the set's readers: the verdict
// an average-leniency reader with no lean gives a claim with i_claim = 0.
// The loss only fixes μ + i_reader + i_claim up to how the regularisation
// splits it, so the reader mean must be added back before comparing with
// 0.5.
func baseline(m *model, s *fitSet) float64 {
	sum := 0.0
	ri := m.readerIntercept()
	for r, used := range s.readerUsed {
		if used {
			sum += ri[r]
		}
	}
	if s.numReaders == 0 {
		return m.mu()
	}
	return m.mu() + sum/float64(s.numReaders)
}

func evidenceOf(d *dataset, m *model, s *fitSet, th Thresholds, w []float64, base float64, c int) evidence {
	e := evidence{fitted: s.claimUsed[c]}
	e.sides, e.weight, e.dissent = sidesOf(d, m, s, th, w, c)
	if e.fitted {
		e.consensus = base + m.claimIntercept()[c]
		e.factor = m.claimFactor()[c]
	}
	return e
}

// decideAll gives every claim its status from the verdict weights w; prev
// (may be nil) holds the previous statuses for hysteresis.
func decideAll(d *dataset, m *model, s *fitSet, th Thresholds, w []float64, prev []Status) []Status {
	out := make([]Status, d.numClaims())
	base := baseline(m, s)
	for c := range out {
		var p Status
		if prev != nil {
			p = prev[c]
		}
		out[c] = th.decide(evidenceOf(d, m, s, th, w, base, c), p)
	}
	return out
}

// settledOutcomes are the outcomes readers are judged against. A consensus
// published before stays settled for this purpose, even if the first fit
// moved away from it: otherwise a brigade could escape the filter by first
// pushing its targets out of consensus in the same run. A first-fit
// consensus counts only for claims that were not DIVIDED before; a claim
// that jumps from DIVIDED to a consensus in one run is exactly what a
// brigade wants, so it must not vouch for the readers who moved it.
func settledOutcomes(first, prev []Status) []Status {
	out := make([]Status, len(first))
	for c, st := range first {
		switch prev[c] {
		case ConsensusHolds, ConsensusDoesNotHold:
			out[c] = prev[c]
		case Divided:
			out[c] = Divided
		default:
			out[c] = st
		}
	}
	return out
}

// expectation is what a settled claim's outcome expects of a verdict: a
// value for everyone (a consensus), or a side (a DIVIDED claim: readers
// whose factor has the sign of side are expected to say it holds, the
// others that it does not).
type expectation struct {
	value float64
	side  float64 // +1 or −1 for a DIVIDED claim, 0 for a consensus
	ok    bool
}

// expectations turns the settled outcomes into what each claim expects.
// A DIVIDED claim's side comes from its saved factor when it was already
// DIVIDED before, so a brigade that pulls the factor towards zero in this
// run cannot also redefine what each side thinks; otherwise from the first
// fit. (The first fit is oriented like the saved state, so signs match.)
func expectations(d *dataset, m *model, settled []Status, w warmStart, th Thresholds) []expectation {
	out := make([]expectation, d.numClaims())
	cf := m.claimFactor()
	for c, st := range settled {
		switch st {
		case ConsensusHolds:
			out[c] = expectation{value: 1, ok: true}
		case ConsensusDoesNotHold:
			out[c] = expectation{value: 0, ok: true}
		case Divided:
			f := cf[c]
			if w.status[c] == Divided && w.claimFactor[c] != 0 {
				f = w.claimFactor[c]
			}
			if math.Abs(f) >= th.SideMinFactor {
				out[c] = expectation{side: math.Copysign(1, f), ok: true}
			}
		}
	}
	return out
}

// expected is the verdict claim c expects from a reader with factor f; ok
// is false when the claim is not settled or it is DIVIDED and the reader
// is on neither side.
func (e expectation) expected(f, sideMin float64) (float64, bool) {
	if !e.ok || e.side == 0 {
		return e.value, e.ok
	}
	if math.Abs(f) < sideMin {
		return 0, false
	}
	if math.Copysign(1, f) == e.side {
		return 1, true
	}
	return 0, true
}

// agreementFilter keeps the first fit's readers except those who mostly
// disagree with its settled outcomes, like Community Notes' rater
// helpfulness filter. Agreement with one verdict is 1 − |value − expected|
// (expected 1 for CONSENSUS_HOLDS, 0 for CONSENSUS_DOES_NOT_HOLD, and on a
// DIVIDED claim what the reader's own side says), so PARTLY half agrees
// with either.
//
// A reader is dropped when any of three means is too low: over consensus
// claims (MinAgreement), over DIVIDED claims, against their own side
// (MinSideAgreement), or over both pooled (MinAgreement). The side check
// catches camouflaged accounts, placed on one side by their other
// verdicts, who vote with the other side on every target, which honest
// readers of their side do only when they err. Each check alone would let
// something hide in a pooled mean: a same-side brigade's agreement with
// its own side on partisan claims would cover its disagreement with the
// consensus claims it attacks.
func agreementFilter(d *dataset, m *model, s *fitSet, exp []expectation, th Thresholds) (kept []bool, dropped int) {
	cons, side := agreements(d, m, s, exp, th.SideMinFactor)
	kept = make([]bool, d.numReaders())
	for r, used := range s.readerUsed {
		kept[r] = used && cons[r].passes(th.MinSettledVerdicts, th.MinAgreement) &&
			side[r].passes(th.MinSettledVerdicts, th.MinSideAgreement) &&
			cons[r].plus(side[r]).passes(th.MinSettledVerdicts, th.MinAgreement)
		if used && !kept[r] {
			dropped++
		}
	}
	return kept, dropped
}

// agreement sums one reader's agreement with settled outcomes.
type agreement struct {
	sum float64
	n   int32
}

// plus pools two sums.
func (a agreement) plus(b agreement) agreement { return agreement{a.sum + b.sum, a.n + b.n} }

// passes: readers judged on fewer than minN verdicts pass.
func (a agreement) passes(minN int, minMean float64) bool {
	return int(a.n) < minN || a.sum/float64(a.n) >= minMean
}

// agreements returns each fitted reader's agreement with the settled
// consensus outcomes and with their side on DIVIDED claims.
func agreements(d *dataset, m *model, s *fitSet, exp []expectation, sideMin float64) (cons, side []agreement) {
	cons, side = make([]agreement, d.numReaders()), make([]agreement, d.numReaders())
	rf := m.readerFactor()
	for i, r := range d.reader {
		e := exp[d.claim[i]]
		want, ok := e.expected(rf[r], sideMin)
		if !ok || !s.readerUsed[r] {
			continue
		}
		acc := &cons[r]
		if e.side != 0 {
			acc = &side[r]
		}
		acc.sum += 1 - math.Abs(d.value[i]-want)
		acc.n++
	}
	return cons, side
}

func claimScores(d *dataset, m *model, s *fitSet, th Thresholds, w []float64, statuses []Status) []ClaimScore {
	used := make([]int, d.numClaims())
	for _, c := range s.claim {
		used[c]++
	}
	out := make([]ClaimScore, d.numClaims())
	base := baseline(m, s)
	for c, id := range d.claimIDs {
		e := evidenceOf(d, m, s, th, w, base, c)
		cs := ClaimScore{
			Claim: id, Status: statuses[c], Fitted: e.fitted, Sides: e.sides, Evidence: e.weight,
			Verdicts: used[c], TotalVerdicts: int(d.claimStart[c+1] - d.claimStart[c]),
			ModelVersion: ModelVersion,
		}
		if e.fitted {
			cs.Consensus, cs.Intercept, cs.Factor = e.consensus, m.claimIntercept()[c], e.factor
		}
		cs.ExplanationEN, cs.ExplanationES = explain(cs.Status, cs.Sides)
		out[c] = cs
	}
	return out
}
