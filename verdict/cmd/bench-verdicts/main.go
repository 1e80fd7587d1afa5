// Command bench-verdicts measures the bridging model on synthetic data:
// accuracy on clean data with known truth (next to an oracle reference
// that knows the generator's hidden truth), resistance to brigades of
// same-side and camouflaged accounts compared with a naive majority and a
// Wilson lower bound rule, and fit time and memory at 100k and 1M verdicts.
//
// Usage:
//
//	go run ./verdict/cmd/bench-verdicts [-verdicts 100000] [-seed N] [-scale=true] [-cold]
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/veredicto/veredicto/verdict"
	"github.com/veredicto/veredicto/verdict/synth"
)

func main() {
	n := flag.Int("verdicts", 100_000, "honest verdicts in the accuracy and attack runs")
	targets := flag.Int("targets", 40, "number of attacked claims")
	cover := flag.Int("cover", 12, "other claims each brigade account rates")
	scale := flag.Bool("scale", true, "also time Score on 100k and 1M verdicts")
	cold := flag.Bool("cold", false, "score attacks from a cold start instead of the clean run's state")
	seed := flag.Uint64("seed", synth.DefaultConfig(0).Seed, "generator seed")
	flag.Parse()

	cfg := synth.DefaultConfig(*n)
	cfg.Seed = *seed
	data := synth.Generate(cfg)
	clean, dur := mustScore(data.Ratings, nil)
	fmt.Printf("Veredicto bridging model %s — synthetic benchmark (seed %d)\n\n", verdict.ModelVersion, data.Config.Seed)
	printClean(data, clean, dur)

	tg := chooseTargets(data, clean, *targets)
	prev := clean.State
	if *cold {
		prev = nil
	}
	printAttacks(data, prev, tg, *cover, false)
	printAttacks(data, prev, tg, *cover, true)
	printAttacks(data, prev, partisanOnly(data, tg), *cover, true)
	if !*cold {
		fmt.Println("The same, scored from a cold start (no saved state):")
		printAttacks(data, nil, partisanOnly(data, tg), *cover, true)
	}
	if *scale {
		printScale()
	}
}

func mustScore(r []verdict.Rating, prev *verdict.State) (*verdict.Result, time.Duration) {
	t0 := time.Now()
	res, err := verdict.Score(r, prev, verdict.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench-verdicts:", err)
		os.Exit(1)
	}
	return res, time.Since(t0)
}

// baseline statuses from a plain tally: naive majority, or a Wilson lower
// bound above 0.5.
func naive(t verdict.Tally) verdict.Status {
	switch {
	case t.HoldsShare() > 0.5:
		return verdict.ConsensusHolds
	case t.DoesNotHoldShare() > 0.5:
		return verdict.ConsensusDoesNotHold
	}
	return verdict.NeedsMoreVerdicts
}

func wilson(t verdict.Tally) verdict.Status {
	switch {
	case t.HoldsLowerBound() > 0.5:
		return verdict.ConsensusHolds
	case t.DoesNotHoldLowerBound() > 0.5:
		return verdict.ConsensusDoesNotHold
	}
	return verdict.NeedsMoreVerdicts
}

func tallyOf(cs verdict.ClaimScore) verdict.Tally {
	return cs.Sides.Positive.Plus(cs.Sides.Negative).Plus(cs.Sides.Unplaced)
}

func newTable() *tabwriter.Writer {
	return tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
}

// printClean shows, per kind of claim, how often each method gets the
// known truth, over claims with at least MinClaimVerdicts verdicts.
func printClean(d *synth.Data, res *verdict.Result, dur time.Duration) {
	fmt.Printf("Clean data: %d verdicts, %d readers (%.0f%% group A), %d claims; Score took %v; %d readers dropped by the agreement filter\n",
		res.Stats.Ratings, res.Stats.Readers, 100*d.Config.ShareA, res.Stats.Claims, dur.Round(time.Millisecond), res.Stats.DroppedReaders)
	fmt.Printf("Accuracy over claims with ≥ %d verdicts (partisan: right = DIVIDED or NEEDS_MORE_VERDICTS)\n", verdict.MinClaimVerdicts)
	w := newTable()
	fmt.Fprintln(w, "claims\tn\tmodel\tnaive majority\tWilson LB>0.5\tmodel NEEDS_MORE\tmodel DIVIDED\tmodel consensus\t")
	var all [3]int
	allN, bad := 0, 0
	for t := synth.CrossTrue; t <= synth.PartisanB; t++ {
		var ok [3]int
		n, more, div, cons := 0, 0, 0, 0
		for i, c := range d.Claims {
			cs := res.Claims[i]
			if c.Truth != t || c.Honest < verdict.MinClaimVerdicts {
				continue
			}
			n++
			for j, st := range []verdict.Status{cs.Status, naive(tallyOf(cs)), wilson(tallyOf(cs))} {
				if synth.Expected(t, st) {
					ok[j]++
				}
			}
			switch cs.Status {
			case verdict.NeedsMoreVerdicts:
				more++
			case verdict.Divided:
				div++
			default:
				cons++
			}
		}
		if t >= synth.PartisanA {
			bad += cons
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%d\t%d\t%d\t\n", t, n, pct(ok[0], n), pct(ok[1], n), pct(ok[2], n), more, div, cons)
		for j := range all {
			all[j] += ok[j]
		}
		allN += n
	}
	fmt.Fprintf(w, "all\t%d\t%s\t%s\t%s\t\t\t\t\n", allN, pct(all[0], allN), pct(all[1], allN), pct(all[2], allN))
	w.Flush()
	fmt.Printf("Partisan claims given a consensus by the model: %d\n\n", bad)
	printVsOracle(d, res)
	printByCount(d, res)
}

// targetFrom is the population the "≥ 95% right" target is measured on:
// claims with at least this many verdicts. On claims with 5–9 verdicts
// even the oracle cannot reach 95% without partisan consensuses (README).
const targetFrom = 10

// printVsOracle sets the model's accuracy next to the oracle's (a
// reference line that knows the generator's hidden truth) over claims with
// ≥ 5 and ≥ 10 verdicts, and says whether the target is met.
func printVsOracle(d *synth.Data, res *verdict.Result) {
	model := make([]verdict.Status, len(d.Claims))
	for i := range d.Claims {
		model[i] = res.Claims[i].Status
	}
	w := newTable()
	fmt.Fprintln(w, "clean accuracy\tclaims ≥ 5 verdicts\tclaims ≥ 10 verdicts\tpartisan consensus\t")
	row := func(name string, st []verdict.Status) {
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t\n", name, accuracyFrom(d, st, 5), accuracyFrom(d, st, 10), partisanConsensus(d, st))
	}
	row("model", model)
	o := newOracle(d)
	for _, tau := range oracleTaus {
		row(fmt.Sprintf("oracle, posterior ≥ %g", tau), o.statuses(d, tau))
	}
	w.Flush()
	fmt.Println("(oracle: reference only; it knows every reader's true group and accuracy, which the model never sees)")
	acc := accuracyFrom(d, model, targetFrom)
	verdictWord := "MET"
	if ok, all := rightFrom(d, model, targetFrom); 100*ok < 95*all || partisanConsensus(d, model) > 0 {
		verdictWord = "MISSED"
	}
	fmt.Printf("Target (≥ 95%% right, no partisan consensus) measured on claims with ≥ %d verdicts: model %s — %s\n\n", targetFrom, acc, verdictWord)
}

// rightFrom counts claims with at least n honest verdicts and how many of
// them have the status of their known truth.
func rightFrom(d *synth.Data, st []verdict.Status, n int) (ok, all int) {
	for i, c := range d.Claims {
		if c.Honest >= n {
			all++
			if synth.Expected(c.Truth, st[i]) {
				ok++
			}
		}
	}
	return ok, all
}

func accuracyFrom(d *synth.Data, st []verdict.Status, n int) string {
	ok, all := rightFrom(d, st, n)
	return pct(ok, all)
}

// partisanConsensus counts partisan claims given a consensus.
func partisanConsensus(d *synth.Data, st []verdict.Status) int {
	n := 0
	for i, c := range d.Claims {
		if c.Truth >= synth.PartisanA && (st[i] == verdict.ConsensusHolds || st[i] == verdict.ConsensusDoesNotHold) {
			n++
		}
	}
	return n
}

// printByCount breaks the model's accuracy down by verdicts per claim.
func printByCount(d *synth.Data, res *verdict.Result) {
	w := newTable()
	fmt.Fprintln(w, "verdicts per claim\tclaims\tmodel right\t")
	for _, b := range [][2]int{{1, 4}, {5, 7}, {8, 12}, {13, 20}, {21, 40}} {
		n, ok := 0, 0
		for i, c := range d.Claims {
			if c.Honest >= b[0] && c.Honest <= b[1] {
				n++
				if synth.Expected(c.Truth, res.Claims[i].Status) {
					ok++
				}
			}
		}
		fmt.Fprintf(w, "%d–%d\t%d\t%s\t\n", b[0], b[1], n, pct(ok, n))
	}
	w.Flush()
	fmt.Println()
}

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

// chooseTargets picks claims the brigade wants to read CONSENSUS_HOLDS:
// half cross-partisan false claims (a falsehood made "true"), half claims
// only group A believes (a partisan view made "agreed"). Only claims that
// no method already reports as holding are chosen, so every flip counts.
func chooseTargets(d *synth.Data, res *verdict.Result, n int) []int64 {
	var out []int64
	per := map[synth.Truth]int{}
	for i, c := range d.Claims {
		if c.Truth != synth.CrossFalse && c.Truth != synth.PartisanA || c.Honest < 10 || per[c.Truth] >= n/2 {
			continue
		}
		cs := res.Claims[i]
		if cs.Status == verdict.ConsensusHolds || naive(tallyOf(cs)) == verdict.ConsensusHolds || wilson(tallyOf(cs)) == verdict.ConsensusHolds {
			continue
		}
		per[c.Truth]++
		out = append(out, c.ID)
	}
	return out
}

// partisanOnly keeps the partisan targets: a brigade that avoids claims
// with a settled outcome cannot be caught by the agreement filter.
func partisanOnly(d *synth.Data, targets []int64) []int64 {
	var out []int64
	for _, t := range targets {
		if d.Claims[t-1].Truth == synth.PartisanA {
			out = append(out, t)
		}
	}
	return out
}

func printAttacks(d *synth.Data, prev *verdict.State, targets []int64, cover int, camo bool) {
	kind := "same-side brigade (accounts vote like group A elsewhere)"
	if camo {
		kind = "camouflaged brigade (accounts vote like group B elsewhere)"
	}
	nFalse := len(targets) - len(partisanOnly(d, targets))
	fmt.Printf("Attack: %s, voting HOLDS on %d targets (%d cross-partisan false, %d partisan A), %d cover verdicts per account\n",
		kind, len(targets), nFalse, len(targets)-nFalse, cover)
	w := newTable()
	fmt.Fprintln(w, "k×honest\tverdicts\tbrigade accts\tdropped readers\tScore time\tmodel flipped\tnaive flipped\tWilson flipped\tmodel DIVIDED\tmodel NEEDS_MORE\tmodel NOT_HOLD\t")
	for _, k := range []float64{1, 2, 5, 10, 20, 50} {
		r := d.WithAttack(synth.Attack{Seed: 7, Targets: targets, Multiple: k, Wanted: verdict.Holds, CoverVotes: cover, Camouflage: camo})
		res, dur := mustScore(r, prev)
		var flips [3]int
		var st [4]int
		for _, t := range targets {
			cs := res.Claims[t-1]
			for j, s := range []verdict.Status{cs.Status, naive(tallyOf(cs)), wilson(tallyOf(cs))} {
				if s == verdict.ConsensusHolds {
					flips[j]++
				}
			}
			switch cs.Status {
			case verdict.Divided:
				st[0]++
			case verdict.NeedsMoreVerdicts:
				st[1]++
			case verdict.ConsensusDoesNotHold:
				st[2]++
			}
		}
		accts := res.Stats.Readers - len(d.Readers)
		fmt.Fprintf(w, "%g×\t%d\t%d\t%d\t%v\t%s\t%s\t%s\t%d\t%d\t%d\t\n", k, len(r), accts, res.Stats.DroppedReaders, dur.Round(time.Millisecond),
			pct(flips[0], len(targets)), pct(flips[1], len(targets)), pct(flips[2], len(targets)), st[0], st[1], st[2])
	}
	w.Flush()
	fmt.Println()
}

// printScale times a cold Score on 100k and 1M verdicts and samples the
// peak heap while it runs.
func printScale() {
	fmt.Println("Scale (cold start, both fits, default options)")
	w := newTable()
	fmt.Fprintln(w, "verdicts\treaders\tclaims\tScore wall time\tScore CPU time\tepochs 1st+2nd\tpeak heap\tOS memory (Sys)\t")
	for _, n := range []int{100_000, 1_000_000} {
		d := synth.Generate(synth.DefaultConfig(n))
		runtime.GC()
		stop := samplePeakHeap()
		cpu0 := cpuTime()
		res, dur := mustScore(d.Ratings, nil)
		cpu := cpuTime() - cpu0
		p := stop()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(w, "%d\t%d\t%d\t%v\t%v\t%d+%d\t%s\t%s\t\n", res.Stats.Ratings, res.Stats.Readers, res.Stats.Claims, dur.Round(time.Millisecond), cpu.Round(time.Millisecond),
			res.Stats.First.Epochs, res.Stats.Second.Epochs, mib(p), mib(ms.Sys))
	}
	w.Flush()
}

// cpuTime is the process's user plus system CPU time so far. On a shared
// machine the wall time also counts waiting for a core; CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// samplePeakHeap polls HeapAlloc every few milliseconds until stopped.
func samplePeakHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak.Load() }
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
