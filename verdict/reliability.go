package verdict

import "math"

// A verdict is evidence about what its reader's side believes, worth the
// log-likelihood ratio log P(vote = belief) / P(vote = the opposite) of
// its reader. PARTLY is taken to be as likely either way, so it weighs
// nothing. A reader's two probabilities are estimated from how they voted
// on settled claims (agreeing with a consensus, or with their own side on
// a DIVIDED claim), shrunk toward a prior reader: a reader with little
// history, such as a new account, counts as the prior reader, whose
// verdict is worth PriorWeight(). Weights come from the model's own
// outcomes, never from anything the caller knows about readers.

// verdictClass is how one verdict compares with what its settled claim
// expects of its reader.
type verdictClass int8

const (
	unjudged verdictClass = iota // claim not settled, or reader on no side of a DIVIDED claim
	agreed
	partly
	opposed
)

// reliability holds the per-verdict classes and the per-reader counts they
// add up to.
type reliability struct {
	class          []verdictClass // per rating
	agree, against []int32        // per reader: agreed and opposed verdicts
	judged         []int32        // per reader: verdicts on settled claims
}

// newReliability classifies every verdict of the fit set's readers against
// the settled outcomes, placing readers on sides by the current (first
// fit's) factors, as the agreement filter does.
func newReliability(d *dataset, m *model, s *fitSet, exp []expectation, sideMin float64) *reliability {
	nr := d.numReaders()
	rel := &reliability{
		class: make([]verdictClass, d.numRatings()),
		agree: make([]int32, nr), against: make([]int32, nr), judged: make([]int32, nr),
	}
	rf := m.readerFactor()
	for i, r := range d.reader {
		want, ok := exp[d.claim[i]].expected(rf[r], sideMin)
		if !ok || !s.readerUsed[r] {
			continue
		}
		rel.judged[r]++
		switch math.Abs(d.value[i] - want) {
		case 0:
			rel.class[i] = agreed
			rel.agree[r]++
		case 1:
			rel.class[i] = opposed
			rel.against[r]++
		default:
			rel.class[i] = partly
		}
	}
	return rel
}

// weights returns every verdict's weight in nats. A verdict's own claim is
// left out of its reader's counts (leave one out), so a verdict never
// vouches for itself: otherwise the few readers of a small partisan claim
// who erred together would look more reliable for having agreed with the
// outcome their errors produced.
func (rel *reliability) weights(d *dataset, th Thresholds) []float64 {
	w := make([]float64, d.numRatings())
	for i, r := range d.reader {
		a, o, n := rel.agree[r], rel.against[r], rel.judged[r]
		switch rel.class[i] {
		case agreed:
			a, n = a-1, n-1
		case opposed:
			o, n = o-1, n-1
		case partly:
			n--
		}
		w[i] = th.weight(float64(a), float64(o), float64(n))
	}
	return w
}

// weight is the log-likelihood ratio of a reader who agreed a times and
// opposed o times in n judged verdicts, each probability shrunk toward the
// prior with PriorVerdicts pseudo-verdicts. It is never negative: a reader
// who opposes settled outcomes more than they agree is no evidence either
// way (the agreement filter usually drops them), rather than evidence for
// the opposite of what they say.
func (th Thresholds) weight(a, o, n float64) float64 {
	pa := (a + th.PriorVerdicts*th.PriorAgree) / (n + th.PriorVerdicts)
	po := (o + th.PriorVerdicts*th.PriorOpposite) / (n + th.PriorVerdicts)
	return max(0, math.Log(pa/po))
}

// PriorWeight is the weight of a reader with no judged verdicts.
func (th Thresholds) PriorWeight() float64 { return th.weight(0, 0, 0) }

// priorWeights gives every verdict the prior weight: before any outcome is
// settled nothing is known about any reader, so the first fit's statuses
// count heads, each worth the prior reader's evidence.
func priorWeights(d *dataset, th Thresholds) []float64 {
	w := make([]float64, d.numRatings())
	pw := th.PriorWeight()
	for i := range w {
		w[i] = pw
	}
	return w
}

// placement is how sure the fit is of a reader's side, from 0 at
// SideMinFactor to 1 at SideFullFactor: a reader whose factor is barely
// off zero may belong to the other side, so their verdicts are discounted
// rather than counted in full for the side the sign names.
func (th Thresholds) placement(f float64) float64 {
	a := math.Abs(f)
	if a >= th.SideFullFactor {
		return 1
	}
	return max(0, (a-th.SideMinFactor)/(th.SideFullFactor-th.SideMinFactor))
}
