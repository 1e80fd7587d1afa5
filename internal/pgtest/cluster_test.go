package pgtest

import (
	"context"
	"database/sql"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestClusterRestartStopStart(t *testing.T) {
	t.Parallel()
	start := time.Now()
	c := StartCluster(t)
	t.Logf("StartCluster took %v", time.Since(start))
	if !strings.HasPrefix(c.DSN(), "postgres://postgres@127.0.0.1:"+strconv.Itoa(c.Port())+"/postgres?") ||
		!strings.Contains(c.DSN(), "sslmode=disable") {
		t.Errorf("DSN() = %q", c.DSN())
	}

	var runs int
	dsn := c.New(t, Template{Name: "cluster_selftest", Version: "1", Setup: func(ctx context.Context, db *sql.DB) error {
		runs++
		_, err := db.ExecContext(ctx, `CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1)`)
		return err
	}})
	if runs != 1 {
		t.Fatalf("Setup ran %d times, want 1", runs)
	}
	db := Open(t, dsn)
	if got := countItems(t, db); got != 1 {
		t.Fatalf("new database has %d items, want 1", got)
	}
	var fsync string
	if err := db.QueryRow("SHOW fsync").Scan(&fsync); err != nil || fsync != "off" {
		t.Errorf("fsync = %q (%v), want off", fsync, err)
	}
	if _, err := db.Exec("INSERT INTO items VALUES (2)"); err != nil {
		t.Fatal(err)
	}

	// Restart: committed data stays, the pool's connections are replaced.
	before := backendPID(t, db)
	start = time.Now()
	c.Restart(t)
	t.Logf("Restart took %v", time.Since(start))
	if got := countItems(t, db); got != 2 {
		t.Errorf("after Restart: %d items, want 2", got)
	}
	if after := backendPID(t, db); after == before {
		t.Errorf("the connection survived a restart (pid %d)", after)
	}

	// Stop: nothing answers. Start: the same DSN works again.
	c.Stop(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err == nil {
		t.Error("the cluster answers after Stop")
	}
	c.Stop(t) // stopping twice is harmless
	start = time.Now()
	c.Start(t)
	t.Logf("Start took %v", time.Since(start))
	if got := countItems(t, db); got != 2 {
		t.Errorf("after Stop and Start: %d items, want 2", got)
	}
	if again := c.New(t, Template{Name: "cluster_selftest", Version: "1", Setup: func(context.Context, *sql.DB) error { return nil }}); again == dsn {
		t.Errorf("New returned the same database twice: %s", again)
	}
}

func backendPID(t *testing.T, db *sql.DB) int {
	t.Helper()
	db.SetMaxOpenConns(1)
	var pid int
	if err := db.QueryRow("SELECT pg_backend_pid()").Scan(&pid); err != nil {
		t.Fatal(err)
	}
	return pid
}

// The cluster is gone when its test ends, and other clusters are not
// disturbed by one's restart.
func TestClusterIsPrivateAndStoppedAtCleanup(t *testing.T) {
	t.Parallel()
	other := StartCluster(t)
	otherDB := Open(t, other.DSN())
	if err := otherDB.Ping(); err != nil {
		t.Fatal(err)
	}
	var port int
	t.Run("inner", func(t *testing.T) {
		c := StartCluster(t)
		if c.Port() == other.Port() {
			t.Fatalf("two clusters on port %d", c.Port())
		}
		port = c.Port()
		c.Restart(t)
	})
	if conn, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second); err == nil {
		conn.Close()
		t.Errorf("something still listens on the finished test's port %d", port)
	}
	if err := otherDB.Ping(); err != nil {
		t.Errorf("the other cluster stopped answering: %v", err)
	}
}

// Missing binaries fail the test with a message saying what to install;
// they never skip it. Not parallel: t.Setenv.
func TestClusterWithoutBinaries(t *testing.T) {
	t.Setenv(EnvBinDir, t.TempDir())
	_, err := findServerBinDir()
	if err == nil {
		t.Fatal("an empty directory was accepted as the PostgreSQL binaries")
	}
	for _, want := range []string{"PostgreSQL 15", "initdb", EnvBinDir, "apt-get install"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}
