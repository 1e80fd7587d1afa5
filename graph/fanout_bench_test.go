package graph_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/changes"
)

// BenchmarkFanOut measures change events delivered per second to 1,000
// open claimUpdated subscriptions on one instance (50 websockets × 20
// subscriptions): each event is one NOTIFY; each subscription then loads
// the claim and streams it. Reported as deliveries/s and events/s.
func BenchmarkFanOut(b *testing.B) {
	env := apitest.New(b)
	c := env.Seed()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const sockets = 50
	var subs []*apitest.Subscription
	for range sockets {
		s, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		for range graph.MaxSubscriptionsPerConnection {
			sub, err := s.Subscribe(ctx, `subscription($id: ID!) { claimUpdated(id: $id) { kind claim { id } } }`, map[string]any{"id": c.ID})
			if err != nil {
				b.Fatal(err)
			}
			subs = append(subs, sub)
		}
	}
	time.Sleep(time.Second) // let every subscription register
	notify := func() {
		ev := changes.Event{Claim: c.ID, Kind: changes.Tally}
		if _, err := env.DB.Exec(changes.NotifySQL, changes.Channel, changes.Payload(ev)); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		notify()
		var wg sync.WaitGroup
		for _, s := range subs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := apitest.Within(10*time.Second, s); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(b.N*len(subs))/elapsed.Seconds(), "deliveries/s")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(float64(len(subs)), "subscriptions")
}
