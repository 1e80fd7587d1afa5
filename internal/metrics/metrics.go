// Package metrics defines Veredicto's Prometheus metrics, served at
// /metrics: HTTP requests, GraphQL operations, the database pool, verdict
// casts, scoring runs and live subscriptions.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry holds one server's metrics (tests start many servers in one
// process, so nothing is registered globally).
type Registry struct {
	reg        *prometheus.Registry
	requests   *prometheus.HistogramVec
	byRoute    sync.Map // [2]string{route, class} -> prometheus.Observer
	operations *prometheus.HistogramVec
	byOp       sync.Map // opKey -> prometheus.Observer
	opMu       sync.Mutex
	opSeries   int // guarded by opMu
	// VerdictCasts counts castVerdict and withdrawVerdict outcomes.
	VerdictCasts *prometheus.CounterVec
	// ScoringRuns counts consensus runs by outcome, with their duration.
	ScoringRuns *prometheus.HistogramVec
}

// New returns the metrics of a server over db; subscriptions reports the
// number of open live subscriptions.
func New(db *sql.DB, subscriptions func() int) *Registry {
	r := &Registry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "veredicto_http_request_duration_seconds",
			Help:    "HTTP requests by route and status class.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "code"}),
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "veredicto_graphql_operation_duration_seconds",
			Help:    "GraphQL operations by operation name and type, and whether they had errors.",
			Buckets: prometheus.DefBuckets,
		}, []string{"operation", "type", "errors"}),
		VerdictCasts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "veredicto_verdict_casts_total",
			Help: "Verdict casts and withdrawals by outcome.",
		}, []string{"outcome"}),
		ScoringRuns: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "veredicto_scoring_run_duration_seconds",
			Help:    "Consensus model runs by outcome (ran, skipped, failed).",
			Buckets: []float64{.01, .05, .1, .5, 1, 2, 5, 10, 30},
		}, []string{"outcome"}),
	}
	r.reg.MustRegister(
		r.requests, r.operations, r.VerdictCasts, r.ScoringRuns,
		collectors.NewDBStatsCollector(db, "veredicto"),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "veredicto_live_subscriptions",
			Help: "Open live subscriptions on this instance.",
		}, func() float64 { return float64(subscriptions()) }),
	)
	return r
}

// Handler serves the metrics in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{})
}

// ObserveRequest records one HTTP request. Each (route, class) histogram is
// looked up once and kept: the lookup (hashing and checking the label
// values) cost a cached widget read more than the observation.
func (r *Registry) ObserveRequest(route string, status int, d time.Duration) {
	key := [2]string{route, statusClass(status)}
	o, ok := r.byRoute.Load(key)
	if !ok {
		o, _ = r.byRoute.LoadOrStore(key, r.requests.WithLabelValues(key[0], key[1]))
	}
	o.(prometheus.Observer).Observe(d.Seconds())
}

// statusClasses are the "2xx"-style labels, made once rather than per request.
var statusClasses = [...]string{"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"}

func statusClass(status int) string {
	if c := status / 100; c >= 0 && c < len(statusClasses) {
		return statusClasses[c]
	}
	return strconv.Itoa(status/100) + "xx"
}

// Operation names come from clients, and each new one would add histograms
// that live as long as the process: a client sending a new name with every
// request would grow the server's memory and every scrape without bound.
// The first operations seen (the web app's, regular API clients') keep
// their own series; names longer than maxOperationName, and any beyond
// maxOperationSeries series, are counted as otherOperations.
const (
	maxOperationName   = 64
	maxOperationSeries = 1000
	otherOperations    = "(other)"
)

type opKey struct {
	name, kind string
	failed     bool
}

// ObserveOperation records one GraphQL operation.
func (r *Registry) ObserveOperation(name, kind string, failed bool, d time.Duration) {
	if name == "" {
		name = "(anonymous)"
	}
	r.operation(opKey{name, kind, failed}).Observe(d.Seconds())
}

// operation returns key's histogram, made once, or the one of
// otherOperations when key may not have its own.
func (r *Registry) operation(key opKey) prometheus.Observer {
	if o, ok := r.byOp.Load(key); ok {
		return o.(prometheus.Observer)
	}
	r.opMu.Lock()
	defer r.opMu.Unlock()
	if len(key.name) > maxOperationName || r.opSeries >= maxOperationSeries {
		key.name = otherOperations
	}
	if o, ok := r.byOp.Load(key); ok {
		return o.(prometheus.Observer)
	}
	o := r.operations.WithLabelValues(key.name, key.kind, strconv.FormatBool(key.failed))
	r.byOp.Store(key, o)
	r.opSeries++
	return o
}
