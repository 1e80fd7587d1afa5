package main

import (
	"math"

	"github.com/veredicto/veredicto/verdict"
	"github.com/veredicto/veredicto/verdict/synth"
)

// The oracle is a reference line, not a method anyone could run: it reads
// the generator's hidden truth (every reader's group and accuracy, and the
// noise model) and gives a claim a consensus when the Bayes posterior of
// "both groups believe it holds" (or "does not hold") reaches tau. No
// model that sees only (reader, claim, value) can beat it on average, so
// its accuracy at zero partisan consensus bounds what the targets can ask.
type oracle struct {
	llr   map[int64]float64 // per reader ID: log P(vote = belief)/P(vote = opposite)
	group map[int64]synth.Group
	// logPrior of cross-true, cross-false, partisan A, partisan B.
	logPrior [4]float64
}

// oracleTaus are the posterior levels printed: the lower one shows what a
// few partisan consensuses would buy, the higher one is the strictest
// level that still leaves no partisan consensus on the six seeds.
var oracleTaus = []float64{0.99, 0.998}

func newOracle(d *synth.Data) *oracle {
	o := &oracle{llr: make(map[int64]float64, len(d.Readers)), group: make(map[int64]synth.Group, len(d.Readers))}
	opposite := 1 - d.Config.PartlyRate
	for _, r := range d.Readers {
		o.llr[r.ID] = math.Log(r.Accuracy / ((1 - r.Accuracy) * opposite))
		o.group[r.ID] = r.Group
	}
	p := d.Config.PartisanShare
	o.logPrior = [4]float64{math.Log((1 - p) / 2), math.Log((1 - p) / 2), math.Log(p / 2), math.Log(p / 2)}
	return o
}

// evidence sums, per group, the log-likelihood ratio "the group believes
// it holds" against "it does not"; PARTLY is as likely either way.
func (o *oracle) evidence(rs []verdict.Rating) (e [2]float64) {
	for _, r := range rs {
		g := o.group[r.Reader]
		switch r.Value {
		case verdict.Holds:
			e[g] += o.llr[r.Reader]
		case verdict.DoesNotHold:
			e[g] -= o.llr[r.Reader]
		}
	}
	return e
}

// status is the oracle's status for one claim's verdicts at level tau.
func (o *oracle) status(rs []verdict.Rating, tau float64) verdict.Status {
	e := o.evidence(rs)
	// Each hypothesis says, per group, whether it believes the claim holds.
	believes := [4][2]float64{{1, 1}, {-1, -1}, {1, -1}, {-1, 1}}
	var logp [4]float64
	top := math.Inf(-1)
	for h := range logp {
		logp[h] = o.logPrior[h] + (believes[h][0]*e[0]+believes[h][1]*e[1])/2
		top = max(top, logp[h])
	}
	sum := 0.0
	for h := range logp {
		sum += math.Exp(logp[h] - top)
	}
	switch {
	case math.Exp(logp[synth.CrossTrue]-top)/sum >= tau:
		return verdict.ConsensusHolds
	case math.Exp(logp[synth.CrossFalse]-top)/sum >= tau:
		return verdict.ConsensusDoesNotHold
	}
	return verdict.Divided
}

// statuses gives every claim (indexed like d.Claims) the oracle's status.
func (o *oracle) statuses(d *synth.Data, tau float64) []verdict.Status {
	out := make([]verdict.Status, len(d.Claims))
	lo := 0
	for i, c := range d.Claims {
		hi := lo
		for hi < len(d.Ratings) && d.Ratings[hi].Claim == c.ID {
			hi++
		}
		out[i] = o.status(d.Ratings[lo:hi], tau)
		lo = hi
	}
	return out
}
