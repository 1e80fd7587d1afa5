package database_test

import (
	"context"
	"database/sql"
	"errors"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/pgtest"
)

// openCancelling opens a fresh migrated database as database.Open does,
// on at most conns connections, and a plain pool beside it for setting up
// locks and looking at the server.
func openCancelling(t *testing.T, conns int) (client *ent.Client, side *sql.DB, counter *pgtest.Counter) {
	t.Helper()
	dsn := database.DSN(pgtest.New(t, apitest.Template(t)))
	connector, err := database.NewConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db, counter := pgtest.OpenCountingOn(connector)
	db.SetMaxOpenConns(conns)
	t.Cleanup(func() { db.Close() })
	side, err = sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { side.Close() })
	return database.NewClient(db), side, counter
}

// lockClaims holds an exclusive lock on claims until the test ends, so that
// any read of claims waits.
func lockClaims(t *testing.T, side *sql.DB) {
	t.Helper()
	tx, err := side.Begin()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if _, err := tx.Exec("LOCK TABLE claims IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
}

// waitingOnLock counts this database's sessions that wait on a lock.
func waitingOnLock(t *testing.T, side *sql.DB) (n int) {
	t.Helper()
	err := side.QueryRow(`SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// eventually fails the test unless cond holds within five seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s: %s", what)
		}
	}
}

// A read blocked in PostgreSQL is cancelled there when its request's
// context ends, by deadline or by cancellation; it says why, and its
// connection serves the next read.
func TestReadsAreCancelledWithTheirRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 200*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(200*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, side, _ := openCancelling(t, 1)
			sys := database.System(context.Background())
			client.Actor.Query().CountX(sys) // the one connection, opened

			lockClaims(t, side)
			ctx, cancel := tc.ctx()
			defer cancel()
			start := time.Now()
			_, err := client.Claim.Query().Count(database.System(ctx))
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("the read returned after %v", took)
			}
			var pqErr *pq.Error
			if !errors.Is(err, tc.want) || !errors.As(err, &pqErr) || pqErr.Code != "57014" {
				t.Fatalf("the blocked read: %v, want %v and query_canceled", err, tc.want)
			}
			eventually(t, "the cancelled read still waits in PostgreSQL", func() bool { return waitingOnLock(t, side) == 0 })
			if n, err := client.Actor.Query().Count(sys); err != nil || n != 0 {
				t.Errorf("the next read on the connection: %d, %v", n, err)
			}
		})
	}
}

// A read whose request has already ended does not reach PostgreSQL: the
// connection's last statement stays the one before.
func TestEndedRequestsSendNothing(t *testing.T) {
	client, side, _ := openCancelling(t, 1)
	ctx, cancel := context.WithCancel(database.System(context.Background()))
	client.Actor.Query().CountX(ctx)
	cancel()
	if _, err := client.Claim.Query().Count(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a read after its request ended: %v", err)
	}
	var last string
	err := side.QueryRow(`SELECT query FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&last)
	if err != nil || !strings.Contains(last, `"actors"`) {
		t.Errorf("the connection's last statement: %q, %v", last, err)
	}
}

// goroutinesWatching reports whether any goroutine is database/sql's or
// lib/pq's per-statement watcher (not the one of the lock's transaction).
func goroutinesWatching(t *testing.T) bool {
	t.Helper()
	var dump strings.Builder
	if err := pprof.Lookup("goroutine").WriteTo(&dump, 1); err != nil {
		t.Fatal(err)
	}
	return strings.Contains(dump.String(), "(*Rows).awaitDone") || strings.Contains(dump.String(), "watchCancel")
}

// The point of cancel.go: a read in flight has no goroutine watching its
// context. A client over a plain lib/pq pool keeps lib/pq's cancellation,
// with its watchers, which shows that the check can see them.
func TestReadsRunWithoutWatcherGoroutines(t *testing.T) {
	client, side, _ := openCancelling(t, 1)
	plain := database.NewClient(side)
	for _, tc := range []struct {
		name     string
		client   *ent.Client
		watchers bool
	}{{"cancelling connector", client, false}, {"plain lib/pq pool", plain, true}} {
		t.Run(tc.name, func(t *testing.T) {
			sys := database.System(context.Background())
			tc.client.Actor.Query().CountX(sys)
			lock, err := side.Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer lock.Rollback()
			if _, err := lock.Exec("LOCK TABLE claims IN ACCESS EXCLUSIVE MODE"); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(sys, 5*time.Second)
			defer cancel()
			done := make(chan error, 1)
			go func() { _, err := tc.client.Claim.Query().Count(ctx); done <- err }()
			eventually(t, "the read never waited on the lock", func() bool { return waitingOnLock(t, side) == 1 })
			if got := goroutinesWatching(t); got != tc.watchers {
				t.Errorf("watcher goroutines while a read runs: %v, want %v", got, tc.watchers)
			}
			cancel()
			var pqErr *pq.Error // lib/pq's own cancellation says only this
			if err := <-done; !errors.Is(err, context.Canceled) && !(errors.As(err, &pqErr) && pqErr.Code == "57014") {
				t.Errorf("the read after cancel: %v", err)
			}
		})
	}
}

// A cancel that arrives after its statement finished must not cancel the
// connection's next statement. On one connection, each round runs a
// statement whose request ends about when it finishes, a little before or
// after, then at once one whose request never ends: that one must succeed.
func TestLateCancelsHitNothingElse(t *testing.T) {
	dsn := database.DSN(pgtest.New(t, apitest.Template(t)))
	connector, err := database.NewConnector(dsn)
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	db.SetMaxOpenConns(1)
	late := 0
	for i := range 40 {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Millisecond+time.Duration(i)*125*time.Microsecond)
		_, err := db.ExecContext(database.Detach(ctx), "SELECT pg_sleep(0.005)")
		if err == nil {
			late++
		}
		cancel()
		never, stop := context.WithCancel(context.Background())
		if _, err := db.ExecContext(database.Detach(never), "SELECT pg_sleep(0.02)"); err != nil {
			t.Errorf("round %d: the statement after: %v", i, err)
		}
		stop()
	}
	if late == 0 {
		t.Error("no round had its request end after its statement")
	}
}
