package pgtest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
)

// EnvBinDir names a directory to take the PostgreSQL server binaries
// (initdb, pg_ctl, postgres) from, as scripts/db.sh does; EnvOSUser the OS
// account that runs private clusters when the tests run as root.
const (
	EnvBinDir = "VEREDICTO_PG_BINDIR"
	EnvOSUser = "VEREDICTO_PG_OS_USER"
)

// clusterTimeout bounds each pg_ctl start, stop or restart, and the wait
// for the server to accept connections afterwards.
const clusterTimeout = 30 * time.Second

// Cluster is a private, throwaway PostgreSQL server for the tests that must
// restart or stop the database, which they must never do to the shared
// server every other test uses. It lives in tb.TempDir(), listens on a
// free port of 127.0.0.1 with trust authentication, runs with fsync off,
// and is stopped (and its files removed) when tb ends.
//
// When the tests run as root the server runs as an unprivileged account
// (postgres refuses root): $VEREDICTO_PG_OS_USER, else "postgres", else
// "veredicto-pg" (created if missing, as scripts/db.sh does).
//
// Start, Stop and Restart fail tb on error, so call them from the test's
// goroutine. A test binary killed before its cleanups run (a -timeout
// panic) leaves the server running; pg_ctl stop -D <its data directory>,
// printed in the log of the test, ends it.
type Cluster struct {
	bindir  string
	dir     string // the cluster's own directory, owned by osUser
	data    string
	logPath string
	port    int
	osUser  string // "" when not running as root

	mu      sync.Mutex
	running bool
	dbs     atomic.Int64
}

// StartCluster initialises and starts a private cluster for tb. It fails
// tb (it never skips) when the PostgreSQL server binaries are missing.
func StartCluster(tb testing.TB) *Cluster {
	tb.Helper()
	start := time.Now()
	bindir, err := serverBinDir()
	if err != nil {
		tb.Fatal(err)
	}
	c := &Cluster{bindir: bindir}
	if os.Geteuid() == 0 {
		if c.osUser, err = clusterOSUser(); err != nil {
			tb.Fatal(err)
		}
	}
	base := tb.TempDir()
	// Registered after TempDir's own cleanup, so it runs before the files
	// are removed.
	tb.Cleanup(func() { c.shutdown(tb) })

	c.dir = filepath.Join(base, "pg")
	c.data = filepath.Join(c.dir, "data")
	c.logPath = filepath.Join(c.dir, "postgres.log")
	if err := os.Mkdir(c.dir, 0o700); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	if c.osUser != "" {
		if err := c.handOver(tb, base); err != nil {
			tb.Fatal(err)
		}
	}
	out, err := c.pg("initdb", "-D", c.data, "-U", "postgres", "--encoding=UTF8", "--no-locale",
		"--auth=trust", "--no-sync", "--no-instructions")
	if err != nil {
		tb.Fatalf("pgtest: initdb (%s) failed: %v\n%s", c.bindir, err, out)
	}
	// A private cluster reachable over loopback TCP only; no unix socket
	// (its path would depend on how deep the temporary directory is).
	if err := c.appendConf("\ninclude = 'pgtest.conf'\n"); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}

	// The port is free when chosen but another process may take it before
	// the server binds it: then choose again.
	for attempt := 1; ; attempt++ {
		if c.port, err = freePort(); err != nil {
			tb.Fatalf("pgtest: choosing a port: %v", err)
		}
		if err := c.writeConf(); err != nil {
			tb.Fatalf("pgtest: %v", err)
		}
		err = c.start()
		if err == nil {
			break
		}
		if attempt < 3 && strings.Contains(c.logTail(), "could not bind") {
			continue
		}
		tb.Fatalf("pgtest: starting the private cluster: %v\nserver log:\n%s", err, c.logTail())
	}
	tb.Logf("pgtest: private PostgreSQL cluster on 127.0.0.1:%d ready in %v (%s, data %s)",
		c.port, time.Since(start).Round(time.Millisecond), c.bindir, c.data)
	return c
}

// DSN returns the address of the cluster's maintenance database
// "postgres", as the superuser postgres.
func (c *Cluster) DSN() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// Port returns the TCP port the cluster listens on (kept across restarts).
func (c *Cluster) Port() int { return c.port }

// New creates a database on the cluster, runs tmpl.Setup in it and returns
// its DSN. (No template is kept: the cluster is private and short-lived.)
// The database goes away with the cluster.
func (c *Cluster) New(tb testing.TB, tmpl Template) string {
	tb.Helper()
	if _, err := tmpl.dbName(); err != nil { // validates tmpl
		tb.Fatal(err)
	}
	name := tmpl.Name
	if name == "" {
		name = "default"
	}
	name = fmt.Sprintf("%s_%d", name, c.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()
	if err := c.exec(ctx, c.DSN(), "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		tb.Fatalf("pgtest: creating database %s on the private cluster: %v", name, err)
	}
	dsn, err := WithDatabase(c.DSN(), name)
	if err != nil {
		tb.Fatal(err)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	if err := tmpl.Setup(ctx, db); err != nil {
		tb.Fatalf("pgtest: template %q setup on the private cluster: %v", tmpl.Name, err)
	}
	return dsn
}

// Restart restarts the server (pg_ctl restart -m fast: open transactions
// are rolled back, every connection is closed) and returns once it accepts
// connections again.
func (c *Cluster) Restart(tb testing.TB) {
	tb.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running {
		tb.Fatal("pgtest: Restart: the cluster is stopped")
	}
	out, err := c.pg("pg_ctl", "restart", "-D", c.data, "-l", c.logPath, "-m", "fast", "-w", "-s",
		"-t", strconv.Itoa(int(clusterTimeout.Seconds())))
	if err == nil {
		err = c.waitReady()
	}
	if err != nil {
		c.running = c.status()
		tb.Fatalf("pgtest: restarting the private cluster: %v\n%s\nserver log:\n%s", err, out, c.logTail())
	}
}

// Stop stops the server (fast: open transactions are rolled back).
func (c *Cluster) Stop(tb testing.TB) {
	tb.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running {
		return
	}
	if out, err := c.pg("pg_ctl", "stop", "-D", c.data, "-m", "fast", "-w", "-s",
		"-t", strconv.Itoa(int(clusterTimeout.Seconds()))); err != nil {
		tb.Fatalf("pgtest: stopping the private cluster: %v\n%s\nserver log:\n%s", err, out, c.logTail())
	}
	c.running = false
}

// Start starts the server again after Stop, on the same port, and returns
// once it accepts connections.
func (c *Cluster) Start(tb testing.TB) {
	tb.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return
	}
	if err := c.start(); err != nil {
		tb.Fatalf("pgtest: starting the private cluster: %v\nserver log:\n%s", err, c.logTail())
	}
}

// start runs pg_ctl start and waits for the server; c.mu is held or c is
// not shared yet.
func (c *Cluster) start() error {
	out, err := c.pg("pg_ctl", "start", "-D", c.data, "-l", c.logPath, "-w", "-s",
		"-t", strconv.Itoa(int(clusterTimeout.Seconds())))
	if err != nil {
		c.running = c.status()
		return fmt.Errorf("%v %s", err, bytes.TrimSpace(out))
	}
	c.running = true
	return c.waitReady()
}

// waitReady waits until a connection to the maintenance database succeeds:
// pg_ctl -w already waits for the server to say it is ready, this only
// makes sure TCP connections are accepted too.
func (c *Cluster) waitReady() error {
	deadline := time.Now().Add(clusterTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := c.exec(ctx, c.DSN(), "SELECT 1")
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the server does not accept connections: %w", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// shutdown stops the server at the end of the test. Immediate mode: its
// data is thrown away anyway.
func (c *Cluster) shutdown(tb testing.TB) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.data == "" || !c.status() {
		return
	}
	if out, err := c.pg("pg_ctl", "stop", "-D", c.data, "-m", "immediate", "-w", "-s", "-t", "30"); err != nil {
		tb.Errorf("pgtest: stopping the private cluster at the end of the test: %v\n%s", err, out)
	}
	c.running = false
}

// status reports whether a server runs on the data directory.
func (c *Cluster) status() bool {
	_, err := c.pg("pg_ctl", "status", "-D", c.data)
	return err == nil
}

// exec runs one statement on dsn over a connection of its own.
func (c *Cluster) exec(ctx context.Context, dsn, stmt string) error {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

// pg runs a PostgreSQL program from bindir, as osUser when there is one,
// and returns its combined output.
func (c *Cluster) pg(program string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bindir, program)
	var cmd *exec.Cmd
	if c.osUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.osUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	// A directory the server's account may enter (pg_ctl and initdb look up
	// their working directory).
	cmd.Dir = c.dir
	cmd.Env = clusterEnv()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	// pg_ctl start leaves the server running; it must not hold our pipes
	// (-l sends its output to the log), but never wait for it forever.
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

// clusterEnv is the environment of the PostgreSQL programs: ours without
// the PG* variables (PGDATA, PGPORT, PGOPTIONS...), which would change what
// initdb, pg_ctl and the server do.
func clusterEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PG") {
			continue
		}
		env = append(env, kv)
	}
	return append(env, "LC_ALL=C")
}

// writeConf writes the settings included from postgresql.conf.
func (c *Cluster) writeConf() error {
	conf := fmt.Sprintf(`# Written by pgtest.StartCluster: a throwaway test server.
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = ''
max_connections = 100
shared_buffers = 32MB
fsync = off
full_page_writes = off
`, c.port)
	return c.writeFile(filepath.Join(c.data, "pgtest.conf"), []byte(conf), false)
}

func (c *Cluster) appendConf(s string) error {
	return c.writeFile(filepath.Join(c.data, "postgresql.conf"), []byte(s), true)
}

// writeFile writes (or appends to) a file in the data directory, owned by
// the server's account.
func (c *Cluster) writeFile(path string, data []byte, appendTo bool) error {
	flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if appendTo {
		flag = os.O_WRONLY | os.O_CREATE | os.O_APPEND
	}
	f, err := os.OpenFile(path, flag, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if c.osUser != "" {
		uid, gid, err := lookupIDs(c.osUser)
		if err != nil {
			return err
		}
		return os.Chown(path, uid, gid)
	}
	return nil
}

// handOver gives the cluster's directory to osUser and lets it reach it:
// every directory above needs the search (x) bit for it. Those the test
// owns (tb.TempDir's) get o+x; others too if they lack it, with a note, as
// scripts/db.sh does for a checkout under /root.
func (c *Cluster) handOver(tb testing.TB, base string) error {
	uid, gid, err := lookupIDs(c.osUser)
	if err != nil {
		return err
	}
	if err := os.Chown(c.dir, uid, gid); err != nil {
		return fmt.Errorf("pgtest: giving %s to %s: %w", c.dir, c.osUser, err)
	}
	// tb.TempDir() is a directory in one the testing package made for tb.
	ours := filepath.Dir(base)
	for dir := base; ; dir = filepath.Dir(dir) {
		fi, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("pgtest: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if len(dir) < len(ours) {
				tb.Logf("pgtest: granting %s search permission (o+x, not read) on %s", c.osUser, dir)
			}
			if err := os.Chmod(dir, fi.Mode().Perm()|0o001); err != nil {
				return fmt.Errorf("pgtest: letting %s enter %s: %w", c.osUser, dir, err)
			}
		}
		if parent := filepath.Dir(dir); parent == dir {
			return nil
		}
	}
}

// logTail returns the end of the server log, for failure messages.
func (c *Cluster) logTail() string {
	data, err := os.ReadFile(c.logPath)
	if err != nil {
		return "(no server log: " + err.Error() + ")"
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return strings.Join(lines, "\n")
}

// freePort returns a TCP port of 127.0.0.1 that nothing listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// ---------------------------------------------------------------- binaries and account

var (
	binOnce sync.Once
	binDir  string
	binErr  error

	osUserOnce sync.Once
	osUserName string
	osUserErr  error
)

// serverBinDir finds a directory holding initdb, pg_ctl and postgres, the
// way scripts/db.sh does: $VEREDICTO_PG_BINDIR only when set, else
// pg_config --bindir, /usr/lib/postgresql/*/bin (newest first),
// /usr/local/pgsql/bin and $PATH.
func serverBinDir() (string, error) {
	binOnce.Do(func() { binDir, binErr = findServerBinDir() })
	return binDir, binErr
}

func findServerBinDir() (string, error) {
	var candidates []string
	if d := os.Getenv(EnvBinDir); d != "" {
		candidates = []string{d}
	} else {
		if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
			candidates = append(candidates, strings.TrimSpace(string(out)))
		}
		versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		sort.Slice(versioned, func(i, j int) bool { return majorOf(versioned[i]) > majorOf(versioned[j]) })
		candidates = append(candidates, versioned...)
		candidates = append(candidates, "/usr/local/pgsql/bin")
		if p, err := exec.LookPath("initdb"); err == nil {
			candidates = append(candidates, filepath.Dir(p))
		}
	}
	for _, dir := range candidates {
		if dir != "" && executable(dir, "initdb") && executable(dir, "pg_ctl") && executable(dir, "postgres") {
			return dir, nil
		}
	}
	where := "pg_config --bindir, /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin and PATH"
	if os.Getenv(EnvBinDir) != "" {
		where = EnvBinDir + "=" + os.Getenv(EnvBinDir)
	}
	return "", fmt.Errorf("pgtest: this test starts a private PostgreSQL server and needs the PostgreSQL 15 "+
		"server binaries (initdb, pg_ctl, postgres), which were not found in %s. The test suite requires "+
		"PostgreSQL 15 (see README.md): install it, e.g. `apt-get install postgresql-15`, or set %s "+
		"to the directory holding them", where, EnvBinDir)
}

func majorOf(bindir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bindir)))
	return n
}

func executable(dir, name string) bool {
	fi, err := os.Stat(filepath.Join(dir, name))
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// clusterOSUser chooses (and if needed creates) the account that runs
// private clusters when the tests run as root.
func clusterOSUser() (string, error) {
	osUserOnce.Do(func() { osUserName, osUserErr = chooseOSUser() })
	return osUserName, osUserErr
}

func chooseOSUser() (string, error) {
	if _, err := exec.LookPath("runuser"); err != nil {
		return "", errors.New("pgtest: running as root, a private PostgreSQL server must run as another user, " +
			"which needs runuser (util-linux)")
	}
	name := os.Getenv(EnvOSUser)
	if name == "" {
		name = "veredicto-pg"
		if _, err := user.Lookup("postgres"); err == nil {
			name = "postgres"
		}
	}
	if _, err := user.Lookup(name); err != nil {
		out, err := exec.Command("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
			"--shell", "/usr/sbin/nologin", name).CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("pgtest: postgres refuses to run as root, and creating the system user %s "+
				"to run it failed: %v\n%s(set %s to an existing unprivileged user)", name, err, out, EnvOSUser)
		}
	}
	return name, nil
}

func lookupIDs(name string) (uid, gid int, err error) {
	u, err := user.Lookup(name)
	if err != nil {
		return 0, 0, fmt.Errorf("pgtest: %w", err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return 0, 0, fmt.Errorf("pgtest: user %s: %w", name, err)
	}
	return uid, gid, nil
}
