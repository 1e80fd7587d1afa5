package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
)

// guardMetrics keeps /metrics for the operators' scraper: operation
// names, traffic and pool figures are not for the public. With
// METRICS_TOKEN it asks for that bearer token (the comparison takes the
// same time whatever the guess). Without one, in production it answers only
// a scraper on this host (see localScraper); in development anyone.
func (s *Server) guardMetrics(next http.Handler) http.Handler {
	if s.cfg.MetricsToken == "" {
		if !s.cfg.Production {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !localScraper(r) {
				http.Error(w, "metrics are served to this host only; set METRICS_TOKEN to scrape from elsewhere", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	want := sha256.Sum256([]byte(s.cfg.MetricsToken))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, _ := bearerToken(r)
		got := sha256.Sum256([]byte(token))
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics need the METRICS_TOKEN bearer token", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// localScraper reports whether r comes from this host itself and not
// through a reverse proxy on it: a proxy names its client in a forwarding
// header, a local scraper sends none.
func localScraper(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	return peerAddr(r).IsLoopback()
}
