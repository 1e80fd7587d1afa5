package graph

import (
	"context"
	"log/slog"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/graph/model"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/changes"
)

// MaxSubscriptionsPerConnection bounds the live subscriptions one websocket
// may hold, so one client cannot hold the server's memory hostage.
const MaxSubscriptionsPerConnection = 20

// subscriptionBuffer is how many undelivered events a subscriber may owe
// before the hub drops it.
const subscriptionBuffer = 64

// live counts the subscriptions open in this process, for metrics.
var live atomic.Int64

// LiveSubscriptions reports how many GraphQL subscriptions are open.
func LiveSubscriptions() int { return int(live.Load()) }

// oneStream refuses a subscription whose root selects more than one
// field, as GraphQL's "single root field" rule asks, before it runs.
// gqlparser's rule counts field names, so two aliases of one field
// (a: claimsFeed b: claimsFeed) pass it, and gqlgen then fails the
// operation with an error of its own that would reach the client as an
// internal error.
func oneStream(oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Operation.Operation != ast.Subscription {
		return nil
	}
	fields := graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Subscription"})
	if len(fields) <= 1 {
		return nil
	}
	err := gqlerror.ErrorPosf(fields[1].Position, "a subscription selects one field at its root (this one selects %d): open one subscription per stream", len(fields))
	errcode.Set(err, errcode.ValidationFailed)
	return err
}

type connSubsKey struct{}

// withSubscriptionCounter marks ctx as one websocket connection's, counting
// its subscriptions.
func withSubscriptionCounter(ctx context.Context) context.Context {
	return context.WithValue(ctx, connSubsKey{}, new(atomic.Int32))
}

// subscriptionCounter returns the connection's counter, if ctx has one.
func subscriptionCounter(ctx context.Context) *atomic.Int32 {
	c, _ := ctx.Value(connSubsKey{}).(*atomic.Int32)
	return c
}

// subscribe turns hub events that pass filter into values load builds, on
// a channel gqlgen streams to the client. Events carry ids only: load reads
// what changed, as the subscriber may see it. The stream ends when the
// client unsubscribes or disconnects.
//
// A subscriber too slow for the hub's buffer is dropped by the hub; it is
// then subscribed again and sent a Resync (claimUpdated streams it as
// RESYNC: reload), because ending the stream would end the client's
// subscription for good.
func subscribe[T any](ctx context.Context, hub *changes.Hub, filter func(changes.Event) bool,
	load func(context.Context, changes.Event) (T, error)) (<-chan T, error) {
	if n := subscriptionCounter(ctx); n != nil {
		if n.Add(1) > MaxSubscriptionsPerConnection {
			n.Add(-1)
			return nil, apierr.New(apierr.RateLimited, "at most %d subscriptions per connection", MaxSubscriptionsPerConnection)
		}
	}
	sub := hub.Subscribe(subscriptionBuffer, filter)
	out := make(chan T, 1)
	live.Add(1)
	go func() {
		defer live.Add(-1)
		defer close(out)
		defer func() { sub.Close() }() // the current one
		if n := subscriptionCounter(ctx); n != nil {
			defer n.Add(-1)
		}
		for {
			select {
			case <-ctx.Done():
				return
			case ev, ok := <-sub.C:
				if !ok { // dropped for falling behind: events were lost
					sub = hub.Subscribe(subscriptionBuffer, filter)
					ev = changes.Event{Kind: changes.Resync}
				}
				for _, ev := range coalesce(ev, sub.C) {
					if !deliver(ctx, out, ev, load) {
						return
					}
				}
			}
		}
	}()
	return out, nil
}

// deliver loads what ev says changed and sends it, unless it is gone; it
// reports false once the subscriber has left.
func deliver[T any](ctx context.Context, out chan<- T, ev changes.Event, load func(context.Context, changes.Event) (T, error)) bool {
	v, err := load(ctx, ev)
	if ent.IsNotFound(err) {
		return true
	}
	if err != nil {
		slog.WarnContext(ctx, "loading a live update failed", "err", err)
		return true
	}
	select {
	case out <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

// coalesce returns first and the events already waiting behind it, each
// (claim, kind) once: a burst of tally changes on a trending claim (a batch
// of casts commits every few milliseconds) becomes one load of the latest
// state instead of a backlog that gets the subscriber dropped. Events keep
// their order; at most subscriptionBuffer are taken at a time.
func coalesce(first changes.Event, c <-chan changes.Event) []changes.Event {
	evs := []changes.Event{first}
	seen := map[changes.Event]bool{first: true}
	for range subscriptionBuffer {
		select {
		case ev, ok := <-c:
			if !ok {
				return evs // closed: the caller notices on its next receive
			}
			if !seen[ev] {
				seen[ev] = true
				evs = append(evs, ev)
			}
		default:
			return evs
		}
	}
	return evs
}

// changeKind maps a change event to the API's enum.
func changeKind(k changes.Kind) model.ClaimChangeKind {
	switch k {
	case changes.Evidence:
		return model.ClaimChangeKindEvidence
	case changes.Tally:
		return model.ClaimChangeKindTally
	case changes.Review:
		return model.ClaimChangeKindReview
	case changes.Consensus:
		return model.ClaimChangeKindConsensus
	case changes.Resync:
		return model.ClaimChangeKindResync
	}
	return model.ClaimChangeKindClaim
}
