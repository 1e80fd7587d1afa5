package synth

import (
	"math/rand/v2"

	"github.com/veredicto/veredicto/verdict"
)

// BrigadeIDBase is the first reader ID of brigade accounts, far above the
// honest readers' IDs.
const BrigadeIDBase = 1_000_000_000

// Attack is a brigade of extra accounts from group A that vote Wanted on
// every target claim.
type Attack struct {
	Seed    uint64
	Targets []int64 // claim IDs
	// Multiple is the brigade's size per target as a multiple of that
	// target's honest verdicts (k): a target with 20 honest verdicts gets
	// 20·Multiple brigade verdicts.
	Multiple float64
	Wanted   float64 // the value the brigade votes on targets
	// CoverVotes is how many other claims each account also rates, so it
	// passes the model's minimum-verdicts filter.
	CoverVotes int
	// Camouflage makes the accounts cover-vote like group B (the other
	// side) instead of like group A, to be placed on B's side.
	Camouflage bool
}

// WithAttack returns the honest ratings plus the brigade's. Accounts are
// drawn from one pool sized for the largest target, so the same accounts
// hit many targets, as a real brigade's would.
func (d *Data) WithAttack(a Attack) []verdict.Rating {
	rng := rand.New(rand.NewPCG(a.Seed, 0xb41_9ade))
	need, pool := brigadeNeeds(d, a)
	out := append(make([]verdict.Rating, 0, len(d.Ratings)+pool*(len(a.Targets)+a.CoverVotes)), d.Ratings...)
	target := make(map[int64]bool, len(a.Targets))
	for _, t := range a.Targets {
		target[t] = true
	}
	for i, t := range a.Targets {
		// Rotate through the pool so every account gets a share of targets.
		start := rng.IntN(pool)
		for j := range need[i] {
			id := BrigadeIDBase + int64((start+j)%pool)
			out = append(out, verdict.Rating{Reader: id, Claim: t, Value: a.Wanted})
		}
	}
	side := GroupA
	if a.Camouflage {
		side = GroupB
	}
	cover := min(a.CoverVotes, len(d.Claims)-len(target)) // never loop forever
	picked := make([]int, 0, cover)
	for acc := range pool {
		picked = picked[:0]
		for len(picked) < cover {
			picked = pickDistinct(rng, picked, len(picked)+1, len(d.Claims))
			if target[d.Claims[picked[len(picked)-1]].ID] {
				picked = picked[:len(picked)-1]
			}
		}
		for _, ci := range picked {
			c := d.Claims[ci]
			out = append(out, verdict.Rating{Reader: BrigadeIDBase + int64(acc), Claim: c.ID, Value: belief(c.Truth, side)})
		}
	}
	return out
}

// brigadeNeeds is each target's brigade size and the account pool size.
func brigadeNeeds(d *Data, a Attack) (need []int, pool int) {
	need = make([]int, len(a.Targets))
	for i, t := range a.Targets {
		need[i] = int(a.Multiple*float64(d.Claims[t-1].Honest) + 0.5)
		pool = max(pool, need[i])
	}
	return need, pool
}
