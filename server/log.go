package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/veredicto/veredicto/internal/requestid"
)

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer
// (flushing, websockets).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one structured line per request. It logs the method,
// path, status, size and duration, never bodies, query strings or headers,
// which can carry passwords and tokens. The attributes are typed and the
// duration an integer (slog writes floats through encoding/json), because
// on a cached widget read this line is a large part of the work.
//
// Successful reads of the public, cacheable routes (quietRoutes) are
// logged at debug level: news sites' readers fetch them by the thousand,
// the metrics count them, and their errors are still logged.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		rt := route(r.URL.Path)
		s.metrics.ObserveRequest(rt, rec.status, d)
		level := slog.LevelInfo
		if quietRoutes[rt] && rec.status < 400 {
			level = slog.LevelDebug
		}
		log := slog.Default()
		if !log.Enabled(r.Context(), level) {
			return // not even the attributes are built
		}
		log.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", requestid.From(r.Context())),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Int64("duration_us", d.Microseconds()),
		)
	})
}

// quoteJSON returns s as a JSON string literal.
func quoteJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// quietRoutes are the routes whose successful responses are logged at
// debug level.
var quietRoutes = map[string]bool{
	"/api": true, "/embed": true, "/oembed": true, "/widget.js": true,
	"/assets": true, "/healthz": true, "/readyz": true, "/metrics": true,
}

// route names a request's path for metrics by its first segment, so
// metrics stay few whatever paths clients invent.
func route(path string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	switch first {
	case "graphql", "graphiql", "claims", "actors", "attachments", "feeds", "api", "embed", "oembed",
		"widget.js", "healthz", "readyz", "metrics", "assets":
		return "/" + first
	}
	return "/other"
}
