package server

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
)

// guardMetrics asks for METRICS_TOKEN as a bearer token before serving
// /metrics, when one is configured: operation names, traffic and pool
// figures are for the operators' scraper, not the public. The comparison
// takes the same time whatever the guess.
func (s *Server) guardMetrics(next http.Handler) http.Handler {
	if s.cfg.MetricsToken == "" {
		return next
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
