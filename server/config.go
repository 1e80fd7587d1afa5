package server

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/claimreview"
	"github.com/veredicto/veredicto/evidence/store"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/verdict/ballot"
)

// Config is the server's configuration, read from the environment so the
// same binary runs locally, in CI and in production.
type Config struct {
	// Addr is the listen address ($ADDR, default 127.0.0.1:8080).
	Addr string
	// DatabaseURL is the PostgreSQL DSN ($DATABASE_URL). Never logged: it may
	// hold a password.
	DatabaseURL string
	// AllowedOrigins may call the API from a browser with credentials
	// ($ALLOWED_ORIGINS, comma-separated, e.g. https://veredicto.example).
	AllowedOrigins []string
	// Production turns off development aids: GraphiQL and introspection
	// ($VEREDICTO_ENV=production).
	Production bool
	// Introspection answers GraphQL schema queries ($INTROSPECTION, true or
	// false; default: on in development, off in production).
	Introspection bool
	// MaxBodyBytes bounds a GraphQL request body ($MAX_BODY_BYTES, default
	// 1 MiB).
	MaxBodyBytes int64
	// MaxUploadBytes bounds one uploaded attachment ($MAX_UPLOAD_BYTES,
	// default 10 MiB); MaxUploads the files in one request.
	MaxUploadBytes int64
	MaxUploads     int
	// ShutdownTimeout is how long SIGTERM waits for requests in flight.
	ShutdownTimeout time.Duration
	// PublicURL is where users reach this server ($PUBLIC_URL, default
	// http://localhost:8080). An https URL makes session cookies Secure.
	PublicURL string
	// Publisher is the organisation that signs editorial reviews
	// ($PUBLISHER_NAME, default Veredicto; $PUBLISHER_URL, default
	// PUBLIC_URL).
	Publisher claimreview.Publisher
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed ($TRUSTED_PROXIES, addresses or CIDR ranges; none by
	// default).
	TrustedProxies []netip.Prefix
	// MutationLimits bound mutations per user and per IP
	// ($MUTATIONS_PER_MINUTE_USER, default 120; $MUTATIONS_PER_MINUTE_IP,
	// default 600).
	MutationLimits graph.RateLimits
	// RequestTimeout bounds each GraphQL query or mutation, over HTTP or a
	// websocket; subscriptions are not bounded ($REQUEST_TIMEOUT, default
	// 30s).
	RequestTimeout time.Duration
	// MetricsToken, when set, is the bearer token /metrics asks for
	// ($METRICS_TOKEN); without it /metrics answers only this host in
	// production (see guardMetrics), anyone in development. Never logged.
	MetricsToken string
	// SocketsPerIP bounds the websockets one client address holds open
	// ($SOCKETS_PER_IP, default 100).
	SocketsPerIP int
	// ReadCacheAge is how long any cache may keep an anonymous GraphQL read
	// sent with GET ($READ_CACHE_AGE, default 10s; 0: revalidate each time).
	ReadCacheAge time.Duration
	// Sessions tunes sign-in sessions and login throttling.
	Sessions session.Config
	// VerdictLimits bound how often verdicts may be cast per user and IP
	// ($VERDICTS_PER_MINUTE_USER, default 30; $VERDICTS_PER_MINUTE_IP,
	// default 300).
	VerdictLimits ballot.Limits
	// ScoreInterval is how often the consensus model is recomputed when
	// verdicts changed ($SCORE_INTERVAL, default 1m; 0 turns it off).
	ScoreInterval time.Duration
}

// DefaultReadCacheAge is how long shared caches may keep an anonymous GET
// read unless $READ_CACHE_AGE says otherwise: short enough that a tally
// seen through a cache is at most seconds behind.
const DefaultReadCacheAge = 10 * time.Second

// DefaultSocketsPerIP is how many websockets one client address may hold
// open unless $SOCKETS_PER_IP says otherwise.
const DefaultSocketsPerIP = 100

// ConfigFromEnv reads the configuration from the environment.
func ConfigFromEnv() (Config, error) {
	c := Config{
		Addr:            envOr("ADDR", "127.0.0.1:8080"),
		DatabaseURL:     os.Getenv("DATABASE_URL"),
		MetricsToken:    os.Getenv("METRICS_TOKEN"),
		Production:      os.Getenv("VEREDICTO_ENV") == "production",
		MaxBodyBytes:    1 << 20,
		MaxUploadBytes:  store.DefaultMaxUpload,
		MaxUploads:      10,
		ShutdownTimeout: 20 * time.Second,
		PublicURL:       strings.TrimSuffix(envOr("PUBLIC_URL", "http://localhost:8080"), "/"),
		Sessions:        session.DefaultConfig,
		VerdictLimits:   ballot.DefaultLimits,
		ScoreInterval:   time.Minute,
		RequestTimeout:  30 * time.Second,
		ReadCacheAge:    DefaultReadCacheAge,
		SocketsPerIP:    DefaultSocketsPerIP,
	}
	var err error
	if c.Introspection, err = boolEnv("INTROSPECTION", !c.Production); err != nil {
		return c, err
	}
	if c.TrustedProxies, err = parseProxies(os.Getenv("TRUSTED_PROXIES")); err != nil {
		return c, err
	}
	c.MutationLimits = graph.DefaultRateLimits
	if c.MutationLimits.PerUser, err = intEnv("MUTATIONS_PER_MINUTE_USER", c.MutationLimits.PerUser); err != nil {
		return c, err
	}
	if c.MutationLimits.PerIP, err = intEnv("MUTATIONS_PER_MINUTE_IP", c.MutationLimits.PerIP); err != nil {
		return c, err
	}
	if c.VerdictLimits.PerUser, err = intEnv("VERDICTS_PER_MINUTE_USER", c.VerdictLimits.PerUser); err != nil {
		return c, err
	}
	if c.VerdictLimits.PerIP, err = intEnv("VERDICTS_PER_MINUTE_IP", c.VerdictLimits.PerIP); err != nil {
		return c, err
	}
	c.Publisher = claimreview.Publisher{Name: envOr("PUBLISHER_NAME", "Veredicto"), URL: envOr("PUBLISHER_URL", c.PublicURL)}
	if c.ScoreInterval, err = durationEnv("SCORE_INTERVAL", c.ScoreInterval,
		func(d time.Duration) bool { return d >= 0 }, "a duration such as 1m or 0 (off)"); err != nil {
		return c, err
	}
	if c.SocketsPerIP, err = intEnv("SOCKETS_PER_IP", c.SocketsPerIP); err != nil {
		return c, err
	}
	if c.RequestTimeout, err = durationEnv("REQUEST_TIMEOUT", c.RequestTimeout,
		func(d time.Duration) bool { return d >= time.Second }, "a duration of at least 1s such as 30s"); err != nil {
		return c, err
	}
	if c.ReadCacheAge, err = durationEnv("READ_CACHE_AGE", c.ReadCacheAge,
		func(d time.Duration) bool { return d >= 0 && d%time.Second == 0 }, "a whole number of seconds such as 10s, or 0"); err != nil {
		return c, err
	}
	for _, o := range strings.Split(os.Getenv("ALLOWED_ORIGINS"), ",") {
		if o = strings.TrimSpace(o); o != "" {
			if o == "*" {
				return c, fmt.Errorf("ALLOWED_ORIGINS must list origins, not *: they receive credentialed access")
			}
			c.AllowedOrigins = append(c.AllowedOrigins, strings.TrimSuffix(o, "/"))
		}
	}
	if v := os.Getenv("MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return c, fmt.Errorf("MAX_BODY_BYTES must be a number of bytes of at least 1024, got %q", v)
		}
		c.MaxBodyBytes = n
	}
	if v := os.Getenv("MAX_UPLOAD_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return c, fmt.Errorf("MAX_UPLOAD_BYTES must be a positive number of bytes, got %q", v)
		}
		c.MaxUploadBytes = n
	}
	if c.DatabaseURL == "" {
		return c, fmt.Errorf("DATABASE_URL is not set (make run sets it; see README)")
	}
	return c, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// boolEnv reads true or false (as strconv.ParseBool does) from the
// environment, or def.
func boolEnv(key string, def bool) (bool, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s must be true or false, got %q", key, v)
	}
	return b, nil
}

// durationEnv reads a duration (as time.ParseDuration does, or "0") that
// ok accepts from the environment, or def; want says what ok accepts.
func durationEnv(key string, def time.Duration, ok func(time.Duration) bool, want string) (time.Duration, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || !ok(d) {
		return def, fmt.Errorf("%s must be %s, got %q", key, want, v)
	}
	return d, nil
}

// intEnv reads a positive integer from the environment, or def.
func intEnv(key string, def int) (int, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s must be a positive number, got %q", key, v)
	}
	return n, nil
}
