package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
)

// guardMetrics keeps /metrics for the operators' scraper: operation
// names, traffic and pool figures are not for the public. With
// METRICS_TOKEN it asks for that bearer token; without one, in production
// it answers only a scraper on this host; in development anyone.
func (s *Server) guardMetrics(next http.Handler) http.Handler {
	switch {
	case s.cfg.MetricsToken != "":
		return requireMetricsToken(s.cfg.MetricsToken, next)
	case s.cfg.Production:
		return localScrapersOnly(next)
	}
	return next
}

// requireMetricsToken serves next only to requests bearing token. The
// comparison takes the same time whatever the guess.
func requireMetricsToken(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bearer, _ := bearerToken(r)
		got := sha256.Sum256([]byte(bearer))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the METRICS_TOKEN bearer token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// localScrapersOnly serves next only to requests from this host itself.
func localScrapersOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fromThisHost(r) {
			http.Error(w, "metrics are served to this host only; set METRICS_TOKEN to scrape from elsewhere", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// fromThisHost reports whether r comes from this host and not through a
// reverse proxy on it: a proxy names its client in a forwarding header, a
// local scraper sends none.
func fromThisHost(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return peerAddr(r).IsLoopback()
}
