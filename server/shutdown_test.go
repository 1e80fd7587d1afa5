package server_test

import (
	"context"
	"database/sql"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/server"
)

// Shutting down (SIGTERM cancels Serve's context) lets a request in flight
// finish, refuses new connections, and closes websockets with 1012 (service
// restart), which graphql-ws clients answer by reconnecting and subscribing
// again; then Serve returns.
func TestShutdownDrains(t *testing.T) {
	env := apitest.New(t)
	seeded := env.Seed()
	cfg := env.Config
	cfg.ShutdownTimeout = 10 * time.Second
	srv := server.New(cfg, env.DB, env.Client)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	serveCtx, shutdown := context.WithCancel(context.Background())
	defer shutdown()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(serveCtx, ln) }()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sock := subscribed(ctx, t, env, url, seeded.ID)

	// A request that waits on a lock is in flight when the shutdown begins.
	tx := lockClaims(ctx, t, env.DB)
	type answer struct {
		status int
		body   string
		err    error
	}
	inFlight := make(chan answer, 1)
	go func() {
		res, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{ claims(first: 1) { totalCount } }"}`))
		if err != nil {
			inFlight <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		inFlight <- answer{status: res.StatusCode, body: string(b)}
	}()
	for waitingOnLock(ctx, t, env.DB) == 0 {
		select {
		case a := <-inFlight:
			t.Fatalf("the request did not wait for the lock: %d %s %v", a.status, a.body, a.err)
		case <-time.After(10 * time.Millisecond):
		}
	}

	shutdown()
	select {
	case <-sock.Done():
		if code := sock.CloseStatus(); code != websocket.StatusServiceRestart {
			t.Errorf("the websocket closed with %v, want service restart (clients reconnect)", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the websocket is still open 5 s into the shutdown")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := http.Get(url + "/healthz"); err != nil {
			break // no new connections
		}
		if time.Now().After(deadline) {
			t.Fatal("new connections are still accepted 5 s into the shutdown")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) with a request in flight", err)
	case <-time.After(200 * time.Millisecond):
	}

	_ = tx.Rollback()
	a := <-inFlight
	if a.err != nil || a.status != http.StatusOK || !strings.Contains(a.body, `"totalCount":1`) {
		t.Errorf("the request in flight: %d %s %v, want it answered", a.status, a.body, a.err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the last request finished")
	}
}

// subscribed opens a websocket to url with a claimUpdated subscription and
// returns once an event reaches it.
func subscribed(ctx context.Context, t *testing.T, env *apitest.Env, url string, claimID int) *apitest.Socket {
	t.Helper()
	sock, err := apitest.Dial(ctx, url, apitest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sock.Close)
	sub, err := sock.Subscribe(ctx, `subscription($id: ID!) { claimUpdated(id: $id) { kind } }`, map[string]any{"id": claimID})
	if err != nil {
		t.Fatal(err)
	}
	for {
		ev := changes.Event{Claim: claimID, Kind: changes.Tally}
		if _, err := env.DB.ExecContext(ctx, changes.NotifySQL, changes.Channel, changes.Payload(ev)); err != nil {
			t.Fatal(err)
		}
		if _, err := apitest.Within(200*time.Millisecond, sub); err == nil {
			return sock
		}
		if ctx.Err() != nil {
			t.Fatal("the subscription never received an event")
		}
	}
}

// lockClaims holds the claims table in a transaction until it is rolled
// back (at the latest when the test ends): reads of claims wait.
func lockClaims(ctx context.Context, t *testing.T, db *sql.DB) *sql.Tx {
	t.Helper()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if _, err := tx.ExecContext(ctx, "LOCK TABLE claims IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	return tx
}

// waitingOnLock counts the sessions of this database that wait on a lock.
// It asks outside any transaction: within one, PostgreSQL shows the same
// snapshot of pg_stat_activity to every query.
func waitingOnLock(ctx context.Context, t *testing.T, db *sql.DB) (n int) {
	t.Helper()
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
