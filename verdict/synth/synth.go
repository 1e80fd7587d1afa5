// Package synth generates deterministic synthetic verdict data for testing
// and benchmarking the bridging model: readers in two polarised groups,
// claims of known truth, and brigading attacks on chosen target claims.
//
// Truth is known by construction. Cross-partisan claims are judged the same
// way by both groups (true ones hold, false ones do not); partisan claims
// are believed by one group and rejected by the other, so the honest answer
// is that readers are divided.
package synth

import (
	"math/rand/v2"

	"github.com/veredicto/veredicto/verdict"
)

// Truth is a synthetic claim's known nature.
type Truth int

const (
	CrossTrue  Truth = iota // both groups believe it holds
	CrossFalse              // both groups believe it does not hold
	PartisanA               // group A believes it holds, group B does not
	PartisanB               // group B believes it holds, group A does not
)

func (t Truth) String() string {
	return [...]string{"cross-partisan true", "cross-partisan false", "partisan A", "partisan B"}[t]
}

// Group is a reader's side.
type Group int

const (
	GroupA Group = iota
	GroupB
)

// belief is what a reader of group g honestly thinks of a claim of truth t.
func belief(t Truth, g Group) float64 {
	switch t {
	case CrossTrue:
		return verdict.Holds
	case PartisanA:
		if g == GroupA {
			return verdict.Holds
		}
	case PartisanB:
		if g == GroupB {
			return verdict.Holds
		}
	}
	return verdict.DoesNotHold
}

// Expected reports whether a status is right for a claim of truth t:
// cross-partisan claims must reach their consensus, partisan claims must
// never reach one (DIVIDED or NEEDS_MORE_VERDICTS).
func Expected(t Truth, s verdict.Status) bool {
	switch t {
	case CrossTrue:
		return s == verdict.ConsensusHolds
	case CrossFalse:
		return s == verdict.ConsensusDoesNotHold
	}
	return s == verdict.Divided || s == verdict.NeedsMoreVerdicts
}

// Config describes a synthetic population.
type Config struct {
	Seed uint64
	// Verdicts is the approximate number of honest verdicts to generate.
	Verdicts int
	// MinPerClaim and MaxPerClaim bound each claim's verdict count
	// (uniform in between).
	MinPerClaim, MaxPerClaim int
	// PerReader is the mean number of verdicts per reader; it sets how
	// many readers there are.
	PerReader int
	// ShareA is the share of readers in group A (the rest are in B).
	ShareA float64
	// PartisanShare is the share of claims that are partisan, split evenly
	// between A and B; the rest are split evenly between true and false.
	PartisanShare float64
	// MinAccuracy and MaxAccuracy bound each reader's chance of voting
	// their honest belief (uniform per reader); otherwise they vote PARTLY
	// with probability PartlyRate, else the opposite.
	MinAccuracy, MaxAccuracy float64
	PartlyRate               float64
}

// DefaultConfig is the population the benchmark uses, scaled to about n
// verdicts.
func DefaultConfig(n int) Config {
	return Config{
		Seed: 20260101, Verdicts: n,
		MinPerClaim: 3, MaxPerClaim: 40, PerReader: 25,
		ShareA: 0.55, PartisanShare: 1.0 / 3,
		MinAccuracy: 0.75, MaxAccuracy: 0.97, PartlyRate: 0.4,
	}
}

// Claim is a synthetic claim.
type Claim struct {
	ID     int64
	Truth  Truth
	Honest int // number of honest verdicts
}

// Reader is a synthetic honest reader.
type Reader struct {
	ID       int64
	Group    Group
	Accuracy float64
}

// Data is a generated population and its honest verdicts, sorted by claim.
type Data struct {
	Config  Config
	Claims  []Claim // Claims[i].ID == i+1
	Readers []Reader
	Ratings []verdict.Rating
}

// Generate builds the population and its verdicts; the same Config always
// gives the same Data.
func Generate(cfg Config) *Data {
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5717_0001))
	meanPer := (cfg.MinPerClaim + cfg.MaxPerClaim) / 2
	d := &Data{Config: cfg}
	d.Readers = makeReaders(rng, cfg, max(cfg.Verdicts/cfg.PerReader, cfg.MaxPerClaim))
	d.Claims = makeClaims(rng, cfg, max(cfg.Verdicts/meanPer, 1))
	d.Ratings = make([]verdict.Rating, 0, cfg.Verdicts+cfg.Verdicts/10)
	picked := make([]int, 0, cfg.MaxPerClaim)
	for _, c := range d.Claims {
		picked = pickDistinct(rng, picked[:0], c.Honest, len(d.Readers))
		for _, ri := range picked {
			rd := d.Readers[ri]
			v := honestVote(rng, belief(c.Truth, rd.Group), rd.Accuracy, cfg.PartlyRate)
			d.Ratings = append(d.Ratings, verdict.Rating{Reader: rd.ID, Claim: c.ID, Value: v})
		}
	}
	return d
}

func makeReaders(rng *rand.Rand, cfg Config, n int) []Reader {
	rs := make([]Reader, n)
	for i := range rs {
		g := GroupB
		if rng.Float64() < cfg.ShareA {
			g = GroupA
		}
		acc := cfg.MinAccuracy + rng.Float64()*(cfg.MaxAccuracy-cfg.MinAccuracy)
		rs[i] = Reader{ID: int64(i + 1), Group: g, Accuracy: acc}
	}
	return rs
}

func makeClaims(rng *rand.Rand, cfg Config, n int) []Claim {
	cs := make([]Claim, n)
	for i := range cs {
		t := CrossTrue
		if rng.Float64() < cfg.PartisanShare {
			t = PartisanA + Truth(rng.IntN(2))
		} else {
			t += Truth(rng.IntN(2))
		}
		cs[i] = Claim{ID: int64(i + 1), Truth: t, Honest: cfg.MinPerClaim + rng.IntN(cfg.MaxPerClaim-cfg.MinPerClaim+1)}
	}
	return cs
}

// pickDistinct appends k distinct indices in [0, n) to dst (k ≤ n, small).
func pickDistinct(rng *rand.Rand, dst []int, k, n int) []int {
	for len(dst) < k {
		i := rng.IntN(n)
		seen := false
		for _, j := range dst {
			if j == i {
				seen = true
				break
			}
		}
		if !seen {
			dst = append(dst, i)
		}
	}
	return dst
}

// honestVote is the belief with probability acc, otherwise PARTLY with
// probability partly, otherwise the opposite.
func honestVote(rng *rand.Rand, b, acc, partly float64) float64 {
	if rng.Float64() < acc {
		return b
	}
	if rng.Float64() < partly {
		return verdict.Partly
	}
	return 1 - b
}
