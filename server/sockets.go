package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/veredicto/veredicto/auth/session"
)

// sockets keeps account of the open websockets (subscriptions): how many
// each client address holds, and how to close them all when the server
// shuts down.
//
// One address holds at most max at once. A subscription connection lives
// as long as its page stays open and holds memory all that time, so a bot
// opening thousands would starve everyone else; the default of 100 leaves
// room for a newsroom behind one address. Addresses are counted as
// throttling counts them (IPv6 by /64).
type sockets struct {
	max int

	mu   sync.Mutex
	open map[string]int
	wg   sync.WaitGroup // one per open socket

	// done is cancelled by closeAll, under mu: the GraphQL handler then
	// closes each socket (graph.SocketOptions.Shutdown), and acquire
	// refuses new ones.
	done      context.Context
	cancelAll context.CancelFunc
}

func newSockets(max int) *sockets {
	done, cancel := context.WithCancel(context.Background())
	return &sockets{max: max, open: map[string]int{}, done: done, cancelAll: cancel}
}

// errClosing refuses a socket while the server shuts down.
var errClosing = errors.New("shutting down")

// acquire takes one of client's places, or says why there is none.
func (l *sockets) acquire(client string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.done.Err() != nil:
		return errClosing
	case l.open[client] >= l.max:
		return fmt.Errorf("at most %d live connections per client address; close one and try again", l.max)
	}
	l.open[client]++
	l.wg.Add(1)
	return nil
}

func (l *sockets) release(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[client] <= 1 {
		delete(l.open, client) // the map holds only clients with sockets open
	} else {
		l.open[client]--
	}
	l.wg.Done()
}

// closeAll closes every open socket and refuses new ones, then waits until
// their handlers have returned or ctx ends. Sockets close with 1012
// (service restart), which graphql-ws clients answer by connecting again
// (to another instance, or to this one restarted) and subscribing again.
// Ending each subscription with "complete" instead would end the client's
// subscription for good.
func (l *sockets) closeAll(ctx context.Context) error {
	// Under mu, so that no socket is added after the wait begins.
	l.mu.Lock()
	l.cancelAll()
	l.mu.Unlock()
	closed := make(chan struct{})
	go func() { l.wg.Wait(); close(closed) }()
	select {
	case <-closed:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limitSockets gives each websocket upgrade a place, refusing it with 429
// RATE_LIMITED and Retry-After beyond the client's share, or 503 while the
// server shuts down. The place is freed when the connection ends: gqlgen's
// websocket transport returns only then. It runs after authenticate, which
// names the client.
func (s *Server) limitSockets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			next.ServeHTTP(w, r)
			return
		}
		client := session.ExchangeFrom(r.Context()).ClientIP
		if err := s.sockets.acquire(client); err != nil {
			if errors.Is(err, errClosing) {
				writeGraphQLError(w, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "the server is restarting; connect again")
				return
			}
			w.Header().Set("Retry-After", "30")
			writeGraphQLError(w, http.StatusTooManyRequests, "RATE_LIMITED", err.Error())
			return
		}
		defer s.sockets.release(client)
		next.ServeHTTP(w, r)
	})
}
