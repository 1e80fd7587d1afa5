// Package server is Veredicto's HTTP edge: configuration, CORS, request
// limits, logging, routes, health and graceful shutdown. It wires the pieces
// and holds no domain rules.
package server

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/rs/cors"

	"github.com/veredicto/veredicto/auth/session"
	reviewstore "github.com/veredicto/veredicto/claimreview/store"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/frontend"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/internal/metrics"
	"github.com/veredicto/veredicto/internal/requestid"
	"github.com/veredicto/veredicto/widget"
)

// Server serves Veredicto over HTTP.
type Server struct {
	cfg      Config
	db       *sql.DB
	client   *ent.Client
	sessions *session.Store
	reviews  *reviewstore.Store
	hub      *changes.Hub
	metrics  *metrics.Registry
	widget   *widget.Widget
	sockets  *sockets
}

// New returns a server over an open database.
func New(cfg Config, db *sql.DB, client *ent.Client) *Server {
	s := &Server{
		cfg: cfg, db: db, client: client,
		sessions: session.NewStore(client, cfg.Sessions),
		reviews:  reviewstore.New(client, cfg.Publisher, cfg.PublicURL),
		hub:      changes.NewHub(cfg.DatabaseURL),
		widget:   widget.New(client, widget.Config{PublicURL: cfg.PublicURL}),
		sockets:  newSockets(cfg.SocketsPerIP),
	}
	s.metrics = metrics.New(db, graph.LiveSubscriptions)
	return s
}

// Metrics are the server's Prometheus metrics (the scoring runner reports
// into them too).
func (s *Server) Metrics() *metrics.Registry { return s.metrics }

// Start runs the server's background work until ctx ends: listening for
// change events from every instance.
func (s *Server) Start(ctx context.Context) {
	go s.invalidateWidgets(ctx)
	go func() {
		if err := s.hub.Run(ctx); err != nil {
			slog.ErrorContext(ctx, "change notifications stopped", "err", err)
		}
	}()
}

// Handler returns the root HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	gql := graph.NewHandler(s.client, s.sessions, graph.Options{
		DB:             s.db,
		Introspection:  s.cfg.Introspection,
		MaxUploadBytes: s.cfg.MaxUploadBytes,
		MaxUploads:     s.cfg.MaxUploads,
		VerdictLimits:  s.cfg.VerdictLimits,
		Reviews:        s.reviews,
		Hub:            s.hub,
		Sockets: graph.SocketOptions{
			AllowedOrigins:  append([]string{s.cfg.PublicURL}, s.cfg.AllowedOrigins...),
			Shutdown:        s.sockets.done,
			MaxMessageBytes: s.cfg.MaxBodyBytes,
		},
		MutationLimits:   s.cfg.MutationLimits,
		Observe:          s.metrics.ObserveOperation,
		OperationTimeout: s.cfg.RequestTimeout,
		VerdictCounted:   func(o string) { s.metrics.VerdictCasts.WithLabelValues(o).Inc() },
	})
	mux.Handle("/graphql", s.apiCORS().Handler(s.limitBody(s.authenticate(s.limitSockets(cacheReads(s.cfg.ReadCacheAge, gql))))))
	mux.Handle("GET /metrics", s.guardMetrics(s.metrics.Handler()))
	mux.Handle("GET /attachments/{id}/{name}", s.authenticate(http.HandlerFunc(s.serveAttachment)))
	if !s.cfg.Production {
		mux.Handle("GET /graphiql", playground.Handler("Veredicto GraphQL", "/graphql"))
	}
	// Widgets (/api/widget/, /embed/, /widget.js, /oembed): public,
	// read-only and cookie-free, so outside authenticate and apiCORS.
	s.widget.Register(mux)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	// Server-rendered heads for link previews and crawlers, and the feed.
	mux.HandleFunc("GET /claims/{id}", s.serveClaimPage)
	mux.HandleFunc("GET /actors/{id}", s.serveActorPage)
	mux.HandleFunc("GET /feeds/claimreview.json", s.serveClaimReviewFeed)
	// The web app: built files and its client-side routes (the pattern is
	// "/", not "GET /", which would conflict with /graphql's methods).
	mux.Handle("/", frontend.Handler())
	return requestid.Middleware(s.logRequests(mux))
}

// apiCORS lets only the configured origins call the API from a browser,
// with credentials; every other origin gets no CORS headers, so browsers
// refuse to let it read responses. The origins are matched by a function:
// given an empty AllowedOrigins (no ALLOWED_ORIGINS, the default), rs/cors
// would allow every origin.
func (s *Server) apiCORS() *cors.Cors {
	return cors.New(cors.Options{
		AllowOriginFunc: func(origin string) bool {
			return slices.ContainsFunc(s.cfg.AllowedOrigins, func(o string) bool { return strings.EqualFold(o, origin) })
		},
		AllowedMethods:   []string{http.MethodGet, http.MethodPost},
		AllowedHeaders:   []string{"Content-Type", "Authorization", requestid.Header},
		ExposedHeaders:   []string{requestid.Header},
		AllowCredentials: true,
		MaxAge:           600,
	})
}

// limitBody refuses request bodies larger than MaxBodyBytes, or, for
// multipart requests carrying uploads, than the files allowed plus 1 MiB.
// A body without a declared length (chunked) is read up to the limit first,
// so an oversized one is refused the same way.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		max := s.cfg.MaxBodyBytes
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			max = s.cfg.MaxUploadBytes*int64(s.cfg.MaxUploads) + 1<<20
		}
		if r.ContentLength > max {
			tooLarge(w)
			return
		}
		if r.ContentLength < 0 && r.Body != nil {
			body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
			if err != nil || int64(len(body)) > max {
				tooLarge(w)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.ContentLength = int64(len(body))
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

func tooLarge(w http.ResponseWriter) {
	writeGraphQLError(w, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE", "request body too large")
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz answers 200 only while the database answers, so a load balancer
// stops sending traffic to an instance that cannot serve it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.PingContext(ctx); err != nil {
		slog.WarnContext(ctx, "readiness check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unreachable\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// Run serves until ctx is cancelled (SIGTERM), then stops accepting
// connections, closes websockets (their clients reconnect and subscribe
// again) and waits up to ShutdownTimeout for requests in flight.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on an existing listener (tests listen on port 0).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	s.Start(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("serving", "addr", ln.Addr().String(), "production", s.cfg.Production)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down: draining requests in flight", "timeout", s.cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	// Websockets are hijacked connections, which Shutdown neither closes
	// nor waits for: close them (their clients reconnect and subscribe
	// again elsewhere) while requests in flight finish.
	socketsClosed := make(chan error, 1)
	go func() { socketsClosed <- s.sockets.closeAll(shutdownCtx) }()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-socketsClosed
}

// invalidateWidgets drops a claim's cached widget responses on each of its
// change events, and every cached claim after a resync or when this
// subscriber fell behind (events may have been missed).
func (s *Server) invalidateWidgets(ctx context.Context) {
	for ctx.Err() == nil {
		sub := s.hub.Subscribe(1024, nil)
		stop := context.AfterFunc(ctx, sub.Close)
		for ev := range sub.C {
			if ev.Kind == changes.Resync {
				s.widget.InvalidateAll()
			} else {
				s.widget.Invalidate(ev.Claim)
			}
		}
		stop()
		s.widget.InvalidateAll()
	}
}
