package graph

import (
	"context"
	"slices"
	"testing"
	"time"

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

// A subscriber too slow for the hub's buffer is dropped by the hub, and
// then subscribed again with a Resync to say events were lost: its stream
// goes on instead of ending (which would end the client's subscription).
func TestSlowSubscriberResyncsAndStays(t *testing.T) {
	hub := changes.NewHub("")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, err := subscribe(ctx, hub, func(ev changes.Event) bool { return ev.Claim == 1 },
		func(_ context.Context, ev changes.Event) (changes.Event, error) { return ev, nil })
	if err != nil {
		t.Fatal(err)
	}
	// Nobody reads: the hub's buffer overflows and it drops the subscriber.
	for range 3 * subscriptionBuffer {
		hub.Publish(changes.Event{Claim: 1, Kind: changes.Tally})
	}
	next := func() changes.Event {
		t.Helper()
		select {
		case ev, ok := <-out:
			if !ok {
				t.Fatal("the stream ended")
			}
			return ev
		case <-time.After(5 * time.Second):
			t.Fatal("no event within 5 s")
		}
		return changes.Event{}
	}
	for next().Kind != changes.Resync {
	}
	evidence := changes.Event{Claim: 1, Kind: changes.Evidence}
	hub.Publish(evidence)
	for ev := next(); ev != evidence; ev = next() {
		if ev.Kind != changes.Tally && ev.Kind != changes.Resync {
			t.Fatalf("unexpected %v", ev)
		}
	}
	if n := hub.Subscribers(); n != 1 {
		t.Errorf("%d subscriptions in the hub, want the one subscribed again", n)
	}
	cancel()
	for range out {
	}
	if n := hub.Subscribers(); n != 0 {
		t.Errorf("%d subscriptions left in the hub after the client left", n)
	}
}
