package graph

import (
	"slices"
	"testing"

	"github.com/veredicto/veredicto/internal/changes"
)

// A burst of events becomes each (claim, kind) once, in order; events of
// other claims and kinds are all kept.
func TestCoalesce(t *testing.T) {
	tally, evidence := changes.Event{Claim: 1, Kind: changes.Tally}, changes.Event{Claim: 1, Kind: changes.Evidence}
	other := changes.Event{Claim: 2, Kind: changes.Tally}
	c := make(chan changes.Event, 10)
	for _, ev := range []changes.Event{tally, tally, evidence, other, tally} {
		c <- ev
	}
	got := coalesce(tally, c)
	if want := []changes.Event{tally, evidence, other}; !slices.Equal(got, want) {
		t.Errorf("coalesce = %v, want %v", got, want)
	}
	if len(c) != 0 {
		t.Errorf("%d events left waiting", len(c))
	}
	close(c)
	if got := coalesce(other, c); !slices.Equal(got, []changes.Event{other}) {
		t.Errorf("on a closed channel: %v", got)
	}
}
