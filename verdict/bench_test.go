package verdict_test

import (
	"testing"

	"github.com/veredicto/veredicto/verdict"
	"github.com/veredicto/veredicto/verdict/synth"
)

// benchmarkScore times a whole cold Score (compaction, both fits, statuses
// and explanations) on n synthetic verdicts.
func benchmarkScore(b *testing.B, n int) {
	d := synth.Generate(synth.DefaultConfig(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := verdict.Score(d.Ratings, nil, verdict.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore100k(b *testing.B) { benchmarkScore(b, 100_000) }
func BenchmarkScore1M(b *testing.B)   { benchmarkScore(b, 1_000_000) }

// BenchmarkScoreWarm1M times the usual production run: the previous
// state is passed back after a few more verdicts arrived.
func BenchmarkScoreWarm1M(b *testing.B) {
	d := synth.Generate(synth.DefaultConfig(1_000_000))
	prev, err := verdict.Score(d.Ratings[:len(d.Ratings)-10_000], nil, verdict.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := verdict.Score(d.Ratings, prev.State, verdict.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
