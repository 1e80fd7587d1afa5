package changes

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// Hub listens for change events and fans them out.
type Hub struct {
	dsn string

	mu   sync.Mutex
	subs map[*Subscription]struct{}

	connected atomic.Bool
	published atomic.Uint64
}

// Subscription receives events on C until it is closed, by Close or by the
// hub when the subscriber fell behind (C is then closed).
type Subscription struct {
	C      <-chan Event
	c      chan Event
	filter func(Event) bool
	hub    *Hub
	once   sync.Once
}

// NewHub returns a hub for the database at dsn; Run starts it.
func NewHub(dsn string) *Hub {
	return &Hub{dsn: dsn, subs: map[*Subscription]struct{}{}}
}

// Subscribe returns a subscription to the events filter accepts (nil: all;
// Resync always), with room for buffer undelivered events.
func (h *Hub) Subscribe(buffer int, filter func(Event) bool) *Subscription {
	c := make(chan Event, buffer)
	s := &Subscription{C: c, c: c, filter: filter, hub: h}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

// Close ends the subscription.
func (s *Subscription) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
	s.once.Do(func() { close(s.c) })
}

// Subscribers counts the open subscriptions.
func (h *Hub) Subscribers() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs)
}

// Connected reports whether the hub is listening now.
func (h *Hub) Connected() bool { return h.connected.Load() }

// Published counts the events published so far. A subscriber that reads
// it after receiving an event gets at least that event's number, so a read
// of the database that starts once Published has reached it sees the
// change (events are published after their transaction committed).
func (h *Hub) Published() uint64 { return h.published.Load() }

// Publish delivers ev to the matching subscribers of this process; Run
// calls it for every notification.
func (h *Hub) Publish(ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.published.Add(1)
	for s := range h.subs {
		if ev.Kind != Resync && s.filter != nil && !s.filter(ev) {
			continue
		}
		select {
		case s.c <- ev:
		default:
			// Full: this subscriber is not keeping up. Drop it instead of
			// making everyone wait.
			delete(h.subs, s)
			s.once.Do(func() { close(s.c) })
		}
	}
}

// Run listens until ctx ends. The listening connection reconnects by
// itself (from 100 ms up to 5 s apart) when PostgreSQL restarts; each
// reconnection publishes a Resync.
func (h *Hub) Run(ctx context.Context) error {
	l := pq.NewListener(h.dsn, 100*time.Millisecond, 5*time.Second, h.event)
	defer l.Close()
	if err := l.Listen(Channel); err != nil {
		return err
	}
	h.connected.Store(true)
	ping := time.NewTicker(10 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case n := <-l.Notify:
			h.notification(n)
		case <-ping.C:
			// A dead connection is noticed on the next ping, not only when
			// the server says goodbye.
			go func() { _ = l.Ping() }()
		}
	}
}

// notification handles one message from the listener: an event, or nil
// after a reconnection.
func (h *Hub) notification(n *pq.Notification) {
	if n == nil {
		h.Publish(Event{Kind: Resync})
		return
	}
	ev, err := parse(n.Extra)
	if err != nil {
		slog.Warn("ignoring a malformed change notification", "err", err)
		return
	}
	h.Publish(ev)
}

func (h *Hub) event(t pq.ListenerEventType, err error) {
	switch t {
	case pq.ListenerEventDisconnected, pq.ListenerEventConnectionAttemptFailed:
		if h.connected.Swap(false) {
			slog.Warn("lost the change-notification connection; reconnecting", "err", err)
		}
	case pq.ListenerEventConnected, pq.ListenerEventReconnected:
		if !h.connected.Swap(true) && t == pq.ListenerEventReconnected {
			slog.Info("change notifications resumed")
		}
	}
}
