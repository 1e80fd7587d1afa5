package server

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/veredicto/veredicto/auth/session"
)

// socketLimiter bounds the websockets one client address holds open at
// once. A subscription connection lives as long as its page stays open and
// holds memory all that time, so a bot opening thousands would starve
// everyone else; the default of 100 leaves room for a newsroom behind one
// address. Addresses are counted as throttling counts them (IPv6 by /64).
type socketLimiter struct {
	max  int
	mu   sync.Mutex
	open map[string]int
}

func newSocketLimiter(max int) *socketLimiter {
	return &socketLimiter{max: max, open: map[string]int{}}
}

func (l *socketLimiter) acquire(client string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[client] >= l.max {
		return false
	}
	l.open[client]++
	return true
}

func (l *socketLimiter) release(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[client] <= 1 {
		delete(l.open, client) // the map holds only clients with sockets open
		return
	}
	l.open[client]--
}

// limitSockets refuses a websocket upgrade beyond the client's share with
// 429, RATE_LIMITED and Retry-After, and frees the share when the
// connection ends (gqlgen's websocket transport returns only then). It
// runs after authenticate, which names the client.
func (s *Server) limitSockets(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			next.ServeHTTP(w, r)
			return
		}
		client := session.ExchangeFrom(r.Context()).ClientIP
		if !s.sockets.acquire(client) {
			w.Header().Set("Retry-After", "30")
			writeGraphQLError(w, http.StatusTooManyRequests, "RATE_LIMITED",
				fmt.Sprintf("at most %d live connections per client address; close one and try again", s.sockets.max))
			return
		}
		defer s.sockets.release(client)
		next.ServeHTTP(w, r)
	})
}
