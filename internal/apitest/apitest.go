// Package apitest runs Veredicto end to end for tests: a fresh PostgreSQL
// database cloned from the migrated template, the real HTTP server over it
// (httptest), and GraphQL callers acting as anonymous visitors or as users
// of any role.
package apitest

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/claimreview"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/migrate"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/evidence/store"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/dbmigrate"
	"github.com/veredicto/veredicto/internal/demo"
	"github.com/veredicto/veredicto/internal/pgtest"
	"github.com/veredicto/veredicto/server"
	"github.com/veredicto/veredicto/verdict/ballot"
)

// Env is one test's running Veredicto.
type Env struct {
	T testing.TB
	// DSN is the test database's address.
	DSN string
	// DB is the pool the server uses; Counter counts its statements.
	DB      *sql.DB
	Counter *pgtest.Counter
	// Client is an ent client over DB; use Sys() for system-level access.
	Client *ent.Client
	// URL is the server's base URL, e.g. http://127.0.0.1:41234.
	URL    string
	Config server.Config
}

// Template returns the migrated template database test databases are cloned
// from; it is rebuilt when a migration file changes.
func Template(tb testing.TB) pgtest.Template {
	return pgtest.Template{
		Name:    "veredicto",
		Version: pgtest.HashPaths(tb, "ent/migrate/migrations"),
		Setup: func(ctx context.Context, db *sql.DB) error {
			_, err := dbmigrate.Up(ctx, db)
			return err
		},
	}
}

// Option changes the server configuration of an Env.
type Option func(*server.Config)

// WithAllowedOrigins sets $ALLOWED_ORIGINS.
func WithAllowedOrigins(origins ...string) Option {
	return func(c *server.Config) { c.AllowedOrigins = origins }
}

// WithVerdictLimits sets the verdict rate limits.
func WithVerdictLimits(l ballot.Limits) Option {
	return func(c *server.Config) { c.VerdictLimits = l }
}

// WithMaxUpload sets the per-file upload limit.
func WithMaxUpload(n int64) Option {
	return func(c *server.Config) { c.MaxUploadBytes = n }
}

// WithMutationLimits sets the per-user and per-IP mutation rate limits.
func WithMutationLimits(l graph.RateLimits) Option {
	return func(c *server.Config) { c.MutationLimits = l }
}

// WithTrustedProxies sets the trusted reverse proxies (CIDR prefixes).
func WithTrustedProxies(p ...netip.Prefix) Option {
	return func(c *server.Config) { c.TrustedProxies = p }
}

// WithSessions sets the session and login throttling configuration.
func WithSessions(sc session.Config) Option {
	return func(c *server.Config) { c.Sessions = sc }
}

var quietLogs sync.Once

// New starts Veredicto on a fresh database. Server logs are discarded
// unless the tests run with -v.
func New(tb testing.TB, opts ...Option) *Env {
	tb.Helper()
	return NewOn(tb, pgtest.New(tb, Template(tb)), opts...)
}

// NewOn starts Veredicto like New, on the migrated database at dsn (for
// example one on a private cluster a test restarts: pgtest.StartCluster).
func NewOn(tb testing.TB, dsn string, opts ...Option) *Env {
	tb.Helper()
	quietLogs.Do(func() {
		if !testing.Verbose() {
			slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
		}
	})
	// Connections as database.Open makes them, with a counter above.
	connector, err := database.NewConnector(database.DSN(dsn))
	if err != nil {
		tb.Fatalf("opening the test database: %v", err)
	}
	db, counter := pgtest.OpenCountingOn(connector)
	// The production pool's size: a test must not exhaust a shared server.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	tb.Cleanup(func() { db.Close() })
	cfg := server.Config{
		DatabaseURL:  dsn,
		MaxBodyBytes: 1 << 20,
		PublicURL:    "http://veredicto.test",
		Sessions:     session.DefaultConfig,
		// Tests act fast and often; rate limits have their own tests.
		VerdictLimits:  ballot.Limits{PerUser: 100000, PerIP: 100000, Per: time.Minute},
		MutationLimits: graph.RateLimits{PerUser: 100000, PerIP: 100000},
		MaxUploadBytes: store.DefaultMaxUpload,
		MaxUploads:     10,
		Publisher:      claimreview.Publisher{Name: "Veredicto (tests)", URL: "http://veredicto.test"},
		Introspection:  true, // as in development
		ReadCacheAge:   server.DefaultReadCacheAge,
		SocketsPerIP:   server.DefaultSocketsPerIP,
	}
	for _, o := range opts {
		o(&cfg)
	}
	client := database.NewClient(db)
	srv := server.New(cfg, db, client)
	ctx, stop := context.WithCancel(context.Background())
	srv.Start(ctx)
	ts := httptest.NewServer(srv.Handler())
	tb.Cleanup(func() {
		ts.Close()
		stop()
	})
	return &Env{T: tb, DSN: dsn, DB: db, Counter: counter, Client: client, URL: ts.URL, Config: cfg}
}

// Sys returns a context with a system privacy decision, for setting up
// and checking data directly.
func (e *Env) Sys() context.Context {
	return privacy.DecisionContext(context.Background(), privacy.Allow)
}

// As returns a context acting as user u, for calling ent directly.
func (e *Env) As(u *User) context.Context {
	return auth.WithViewer(context.Background(), &auth.Viewer{UserID: u.ID, Handle: u.Handle, Role: u.Role})
}

// Seed loads the founding case and returns its claim.
func (e *Env) Seed() *ent.Claim {
	e.T.Helper()
	res, err := demo.Seed(context.Background(), e.Client)
	if err != nil {
		e.T.Fatalf("seeding: %v", err)
	}
	return res.Claim
}

// RowCounts counts the rows of every table, to check that a refused
// request wrote nothing anywhere (audit log included).
func (e *Env) RowCounts() map[string]int {
	e.T.Helper()
	counts := map[string]int{}
	for _, t := range migrate.Tables {
		var n int
		if err := e.DB.QueryRow(`SELECT count(*) FROM "` + t.Name + `"`).Scan(&n); err != nil {
			e.T.Fatalf("counting %s: %v", t.Name, err)
		}
		counts[t.Name] = n
	}
	return counts
}

// SecondInstance starts another Veredicto server on the same database, as a
// second process behind a load balancer would be, and returns its URL.
func (e *Env) SecondInstance() string {
	e.T.Helper()
	db, err := sql.Open("postgres", e.DSN)
	if err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(func() { db.Close() })
	srv := server.New(e.Config, db, database.NewClient(db))
	ctx, stop := context.WithCancel(context.Background())
	srv.Start(ctx)
	ts := httptest.NewServer(srv.Handler())
	e.T.Cleanup(func() {
		ts.Close()
		stop()
	})
	return ts.URL
}
