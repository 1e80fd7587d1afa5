package synth

import (
	"reflect"
	"testing"

	"github.com/veredicto/veredicto/verdict"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(DefaultConfig(5000)), Generate(DefaultConfig(5000))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same config gave different data")
	}
	cfg := DefaultConfig(5000)
	cfg.Seed++
	if reflect.DeepEqual(a.Ratings, Generate(cfg).Ratings) {
		t.Fatal("another seed gave the same data")
	}
}

func TestGenerateShape(t *testing.T) {
	d := Generate(DefaultConfig(20_000))
	if n := len(d.Ratings); n < 18_000 || n > 22_000 {
		t.Fatalf("%d ratings, want about 20000", n)
	}
	seen := map[[2]int64]bool{}
	perClaim := map[int64]int{}
	for _, r := range d.Ratings {
		if !verdict.ValidValue(r.Value) || seen[[2]int64{r.Reader, r.Claim}] {
			t.Fatalf("bad or duplicate rating %+v", r)
		}
		seen[[2]int64{r.Reader, r.Claim}] = true
		perClaim[r.Claim]++
	}
	for _, c := range d.Claims {
		if perClaim[c.ID] != c.Honest || c.Honest < d.Config.MinPerClaim || c.Honest > d.Config.MaxPerClaim {
			t.Fatalf("claim %d has %d ratings, Honest %d", c.ID, perClaim[c.ID], c.Honest)
		}
	}
}

func TestAttackSize(t *testing.T) {
	d := Generate(DefaultConfig(20_000))
	targets := []int64{1, 2, 3}
	rs := d.WithAttack(Attack{Seed: 1, Targets: targets, Multiple: 5, Wanted: verdict.Holds, CoverVotes: 12})
	onTarget := map[int64]int{}
	accounts := map[int64]int{}
	for _, r := range rs[len(d.Ratings):] {
		if r.Reader < BrigadeIDBase {
			t.Fatalf("brigade rating from honest ID %d", r.Reader)
		}
		accounts[r.Reader]++
		for _, tg := range targets {
			if r.Claim == tg {
				onTarget[tg]++
				if r.Value != verdict.Holds {
					t.Fatal("brigade must vote the wanted value on targets")
				}
			}
		}
	}
	for _, tg := range targets {
		if want := 5 * d.Claims[tg-1].Honest; onTarget[tg] != want {
			t.Fatalf("target %d got %d brigade verdicts, want %d", tg, onTarget[tg], want)
		}
	}
	for id, n := range accounts {
		if n < 12 {
			t.Fatalf("account %d has %d verdicts; it must pass the 10-verdict filter", id, n)
		}
	}
}

func TestExpected(t *testing.T) {
	if !Expected(CrossTrue, verdict.ConsensusHolds) || Expected(CrossTrue, verdict.NeedsMoreVerdicts) {
		t.Fatal("cross-partisan true must need CONSENSUS_HOLDS")
	}
	if !Expected(PartisanA, verdict.Divided) || !Expected(PartisanB, verdict.NeedsMoreVerdicts) || Expected(PartisanA, verdict.ConsensusHolds) {
		t.Fatal("partisan claims must never reach a consensus")
	}
}
