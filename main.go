// Command veredicto is Veredicto's single binary: the HTTP server, the
// database migrations and the demo data loader.
//
//	veredicto serve     serve the API and web app on $ADDR (migrates first)
//	veredicto migrate   apply pending database migrations and exit
//	veredicto seed      load the founding case into an empty database
//	veredicto score     recompute the readers' consensus now
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // time zones for timelines, even on machines without tzdata

	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/dbmigrate"
	"github.com/veredicto/veredicto/internal/demo"
	"github.com/veredicto/veredicto/internal/logbuf"
	"github.com/veredicto/veredicto/server"
	"github.com/veredicto/veredicto/verdict/runner"
)

const usage = `usage: veredicto <command>

commands:
  serve     apply pending migrations, then serve HTTP on $ADDR (default 127.0.0.1:8080)
  migrate   apply pending database migrations and exit
  seed      load the founding case as demo data into an empty database
  score     recompute the readers' consensus now (serve also does it every $SCORE_INTERVAL)

environment: DATABASE_URL (required), ADDR, PUBLIC_URL, ALLOWED_ORIGINS, VEREDICTO_ENV,
  MAX_BODY_BYTES, MAX_UPLOAD_BYTES, SCORE_INTERVAL, LOG_LEVEL (README.md, "Configuration")
`

func main() {
	logs := logbuf.New(os.Stderr, 64<<10)
	var level slog.Level // info, unless LOG_LEVEL says debug, warn or error
	if err := level.UnmarshalText([]byte(os.Getenv("LOG_LEVEL"))); err != nil && os.Getenv("LOG_LEVEL") != "" {
		fmt.Fprintf(os.Stderr, "LOG_LEVEL: %v\n", err)
		os.Exit(2)
	}
	handler := slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: level})
	slog.SetDefault(slog.New(logbuf.Handler(handler, logs)))
	if len(os.Args) != 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Flushing goes on through the shutdown drain, which logs too.
	go logs.Run(context.Background())
	err := run(ctx, os.Args[1])
	if err != nil {
		slog.Error("veredicto failed", "command", os.Args[1], "err", err)
		os.Exit(1)
	}
	_ = logs.Flush()
}

func run(ctx context.Context, command string) error {
	cmd, ok := map[string]func(context.Context, server.Config) error{
		"serve":   serve,
		"migrate": migrate,
		"seed":    seed,
		"score":   score,
	}[command]
	if !ok {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	cfg, err := server.ConfigFromEnv()
	if err != nil {
		return err
	}
	return cmd(ctx, cfg)
}

func migrate(ctx context.Context, cfg server.Config) error {
	db, _, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := dbmigrate.Up(ctx, db)
	if err != nil {
		return err
	}
	slog.Info("migrations applied", "count", len(applied.Versions), "versions", applied.Versions)
	return nil
}

func seed(ctx context.Context, cfg server.Config) error {
	db, client, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := demo.Seed(ctx, client)
	if err != nil {
		return err
	}
	if !res.Seeded {
		slog.Info("database already holds claims: demo data not loaded")
		return nil
	}
	slog.Info("demo data loaded", "claim_id", res.Claim.ID)
	return nil
}

func score(ctx context.Context, cfg server.Config) error {
	db, client, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := runner.New(db, client).RunOnce(ctx, true)
	if err != nil {
		return err
	}
	if !rep.Ran {
		slog.Info("consensus not recomputed", "reason", rep.Reason)
		return nil
	}
	slog.Info("consensus recomputed", "verdicts", rep.Verdicts, "claims", rep.Claims, "duration_ms", rep.Duration.Milliseconds())
	return nil
}

func serve(ctx context.Context, cfg server.Config) error {
	tuneGC()
	db, client, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := dbmigrate.Up(ctx, db); err != nil {
		return err
	}
	srv := server.New(cfg, db, client)
	if cfg.ScoreInterval > 0 {
		r := runner.New(db, client)
		r.Observed = func(rep runner.Report, err error, d time.Duration) {
			outcome := "skipped"
			switch {
			case err != nil:
				outcome = "failed"
			case rep.Ran:
				outcome = "ran"
			}
			srv.Metrics().ScoringRuns.WithLabelValues(outcome).Observe(d.Seconds())
		}
		go r.Loop(ctx, cfg.ScoreInterval)
	}
	// Start-up leaves garbage (migrations read, templates parsed) that the
	// collector counts as live heap until its next cycle, so the first
	// requests could grow the heap to GOGC times that (tuneGC): 35 MB more
	// peak RSS. One collection now bases the first target on the heap the
	// server keeps.
	runtime.GC()
	return srv.Run(ctx)
}

// tuneGC sets the garbage collector's defaults for serving, unless GOGC or
// GOMEMLIMIT say otherwise. The server's live heap is small (about 10 MB
// under read load) while each GraphQL request allocates over 100 KB, so
// Go's default (collect whenever the heap has doubled) collects every few
// hundred requests, which took about a sixth of the server's CPU on claim
// reads (make bench). GOGC=800 collects a ninth as often: 5% more claim
// reads per second than 400 in alternated runs. The soft limit of 100 MiB
// on all the runtime's memory bounds what that costs (RSS 125 MB under the
// benchmark, with the collection serve makes after start-up); a process
// that needs more, such as a scoring fit over a million verdicts, still
// gets it, with more frequent collections. Set GOMEMLIMIT to the memory you
// can give it.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(100 << 20)
	}
}
