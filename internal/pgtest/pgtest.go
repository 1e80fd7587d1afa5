// Package pgtest gives every test its own PostgreSQL database and counts the
// SQL statements that code under test sends.
//
// Databases are cloned from a migrated template database (CREATE DATABASE
// ... TEMPLATE), which is much faster than migrating per test and keeps tests
// isolated from each other, also across test binaries that `go test ./...`
// runs in parallel processes:
//
//	var schema = pgtest.Template{
//		Name:    "app",
//		Version: pgtest.HashPaths(t, "ent/migrate"), // schema changes => new template
//		Setup:   func(ctx context.Context, db *sql.DB) error { /* migrate */ },
//	}
//	dsn := pgtest.New(t, schema) // fresh database, dropped when t ends
//
// The server comes from VEREDICTO_TEST_DATABASE_URL (which `make test`
// exports), else DATABASE_URL, else from running scripts/db.sh server-dsn, the
// same resolution `make run` uses, so a plain `go test ./...` works too.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// Environment variables read by this package.
const (
	// EnvTestDSN names the server DSN exported by `make test`. Any database
	// on the server will do: pgtest only connects to it to create and drop
	// databases, and needs a role that may do that.
	EnvTestDSN = "VEREDICTO_TEST_DATABASE_URL"
	// EnvKeep, when set to 1, keeps each test's database after the test
	// (its DSN is logged) for inspection. Drop them by hand afterwards.
	EnvKeep = "VEREDICTO_TEST_KEEP_DB"
)

const (
	templatePrefix = "pgtmpl_"
	testDBPrefix   = "pgtest_"

	// advisoryLockKey serialises template management on a server across
	// processes: "veredict" in ASCII, so it is recognisable in pg_locks.
	advisoryLockKey int64 = 0x7665726564696374

	// Templates of other versions unused this long are dropped; a process
	// still using one rebuilds it (see New), so this only costs time.
	staleTemplateAfter = time.Hour
	// Test databases whose test was killed before its cleanup ran (Ctrl-C,
	// timeout panic). A live test's database normally has open connections,
	// which makes the (non-forced) drop fail, so this is only a second guard.
	staleTestDBAfter = 6 * time.Hour

	setupTimeout = 10 * time.Minute
	opTimeout    = 2 * time.Minute
)

// Template describes the migrated database that test databases are cloned
// from. It is built once per server and Version, by whichever test process
// gets there first; the others wait for it and reuse it.
type Template struct {
	// Name labels the template's database: lower-case letters, digits and
	// underscores, at most 20. Empty means "default".
	Name string
	// Version identifies the schema Setup creates; a new Version builds a new
	// template. Use HashPaths over the migrations or schema sources. Two
	// Templates with the same Name and Version must have equivalent Setups.
	Version string
	// Setup creates the schema (and any fixed data) in the empty template
	// database. It runs while other test processes wait, at most once per
	// server and Version unless it fails.
	Setup func(ctx context.Context, db *sql.DB) error
}

var validName = regexp.MustCompile(`^[a-z0-9_]{1,20}$`)

// dbName is the template database's name, derived from Name and Version.
func (tm Template) dbName() (string, error) {
	name := tm.Name
	if name == "" {
		name = "default"
	}
	if !validName.MatchString(name) {
		return "", fmt.Errorf("pgtest: template name %q: want 1-20 of [a-z0-9_]", tm.Name)
	}
	if tm.Version == "" {
		return "", errors.New("pgtest: template Version is empty; derive it from the schema, e.g. with HashPaths")
	}
	if tm.Setup == nil {
		return "", errors.New("pgtest: template Setup is nil")
	}
	sum := sha256.Sum256([]byte(name + "\x00" + tm.Version))
	return templatePrefix + name + "_" + hex.EncodeToString(sum[:8]), nil
}

// New creates a fresh database cloned from tmpl for tb, drops it when tb and
// its subtests finish (connections still open are terminated), and returns
// its DSN. It fails tb on any error.
func New(tb testing.TB, tmpl Template) string {
	tb.Helper()
	dsn, name, err := create(tb, tmpl)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if os.Getenv(EnvKeep) == "1" {
			tb.Logf("pgtest: %s=1, keeping database %s: %s", EnvKeep, name, dsn)
			return
		}
		if err := dropTestDB(name); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	return dsn
}

// Open opens dsn with lib/pq and closes the pool when tb finishes (before
// New's cleanup drops the database, if New was called first).
func Open(tb testing.TB, dsn string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		tb.Fatalf("pgtest: open: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// create makes the test database, returning its DSN and name.
func create(tb testing.TB, tmpl Template) (dsn, name string, err error) {
	tmplName, err := tmpl.dbName()
	if err != nil {
		return "", "", err
	}
	server, err := ServerDSN()
	if err != nil {
		return "", "", err
	}
	admin, err := adminDB()
	if err != nil {
		return "", "", err
	}
	name, err = testDBName()
	if err != nil {
		return "", "", err
	}
	for attempt := 0; ; attempt++ {
		if err := ensureTemplate(tb, admin, tmplName, tmpl); err != nil {
			return "", "", err
		}
		ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
		_, err = admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)+" TEMPLATE "+pq.QuoteIdentifier(tmplName))
		cancel()
		if err == nil {
			break
		}
		// Another process's stale-template sweep may have dropped our
		// template since we checked it (see staleTemplateAfter): rebuild once.
		if pq.As(err, pqerror.InvalidCatalogName) != nil && attempt == 0 {
			forgetTemplate(tmplName)
			continue
		}
		return "", "", fmt.Errorf("pgtest: cloning %s into %s: %w", tmplName, name, err)
	}
	dsn, err = WithDatabase(server, name)
	if err != nil {
		return "", "", err
	}
	return dsn, name, nil
}

var dbCounter atomic.Int64

// testDBName makes a name unique across processes and machines sharing a
// server: creation time (for the stale sweep), pid, a counter, random bits.
func testDBName() (string, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("pgtest: random name: %w", err)
	}
	return fmt.Sprintf("%s%d_%d_%d_%s", testDBPrefix, time.Now().Unix(), os.Getpid(),
		dbCounter.Add(1), hex.EncodeToString(b[:])), nil
}

func dropTestDB(name string) error {
	admin, err := adminDB()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	// FORCE terminates connections the test left open (an unclosed pool,
	// a leaked transaction) instead of failing on them.
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("dropping test database %s: %w", name, err)
	}
	return nil
}

// ---------------------------------------------------------------- templates

// templateState remembers, per process, that a template is ready (or that
// building it failed, so later tests fail fast instead of retrying Setup).
type templateState struct {
	mu    sync.Mutex
	ready bool
	err   error
}

var (
	templatesMu sync.Mutex
	templates   = map[string]*templateState{}
)

func stateFor(name string) *templateState {
	templatesMu.Lock()
	defer templatesMu.Unlock()
	st := templates[name]
	if st == nil {
		st = &templateState{}
		templates[name] = st
	}
	return st
}

func forgetTemplate(name string) {
	st := stateFor(name)
	st.mu.Lock()
	defer st.mu.Unlock()
	st.ready, st.err = false, nil
}

// ensureTemplate makes sure the template database exists and is complete,
// building it if needed. Within a process a mutex makes concurrent tests
// wait for one build; across processes a PostgreSQL advisory lock does.
func ensureTemplate(tb testing.TB, admin *sql.DB, name string, tmpl Template) error {
	st := stateFor(name)
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ready || st.err != nil {
		return st.err
	}
	if err := lockedEnsureTemplate(tb, admin, name, tmpl); err != nil {
		st.err = err
		return err
	}
	st.ready = true
	return nil
}

func lockedEnsureTemplate(tb testing.TB, admin *sql.DB, name string, tmpl Template) error {
	ctx, cancel := context.WithTimeout(context.Background(), setupTimeout)
	defer cancel()

	// A transaction-scoped advisory lock is released by COMMIT/ROLLBACK, and
	// by the server if this process dies, so it can never be leaked into
	// the connection pool. The transaction only holds the lock: CREATE
	// DATABASE cannot run inside one, so the work uses other connections.
	lockTx, err := admin.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("pgtest: begin: %w", err)
	}
	defer func() { _ = lockTx.Rollback() }()
	if _, err := lockTx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", advisoryLockKey); err != nil {
		return fmt.Errorf("pgtest: waiting for the template lock: %w", err)
	}

	var isTemplate bool
	err = admin.QueryRowContext(ctx, "SELECT datistemplate FROM pg_database WHERE datname = $1", name).Scan(&isTemplate)
	switch {
	case err == nil && isTemplate:
		// Built before, by this or another process.
	case err == nil || errors.Is(err, sql.ErrNoRows):
		// Missing, or left half-built by a process that died during Setup
		// (a template is only marked IS_TEMPLATE once complete).
		if err := buildTemplate(ctx, tb, admin, name, tmpl); err != nil {
			return err
		}
	default:
		return fmt.Errorf("pgtest: looking up template %s: %w", name, err)
	}

	// Record use so that the sweep below, run by a process with another
	// schema version, leaves this template alone for a while.
	comment := "pgtest template; last used " + strconv.FormatInt(time.Now().Unix(), 10)
	if _, err := admin.ExecContext(ctx, "COMMENT ON DATABASE "+pq.QuoteIdentifier(name)+" IS "+pq.QuoteLiteral(comment)); err != nil {
		return fmt.Errorf("pgtest: marking template %s used: %w", name, err)
	}
	sweepStale(ctx, tb, admin, name)
	return nil
}

func buildTemplate(ctx context.Context, tb testing.TB, admin *sql.DB, name string, tmpl Template) error {
	start := time.Now()
	if err := dropDatabase(ctx, admin, name, true); err != nil {
		return fmt.Errorf("pgtest: removing half-built template %s: %w", name, err)
	}
	// template0 rather than the default template1: nobody can be connected
	// to it (which would make CREATE DATABASE fail), and it holds nothing a
	// local administrator may have added to template1.
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)+" TEMPLATE template0"); err != nil {
		return fmt.Errorf("pgtest: creating template %s: %w", name, err)
	}
	if err := runSetup(ctx, name, tmpl); err != nil {
		_ = dropDatabase(context.Background(), admin, name, true)
		return err
	}
	// Cloning fails while anyone is connected to the source: make sure no
	// connection from Setup lingers, and that none can be made from now on.
	if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+pq.QuoteIdentifier(name)+" WITH ALLOW_CONNECTIONS false"); err != nil {
		return fmt.Errorf("pgtest: closing template %s: %w", name, err)
	}
	if _, err := admin.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name); err != nil {
		return fmt.Errorf("pgtest: disconnecting from template %s: %w", name, err)
	}
	// Marking it a template last is what tells other processes it is complete.
	if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+pq.QuoteIdentifier(name)+" WITH IS_TEMPLATE true"); err != nil {
		return fmt.Errorf("pgtest: marking template %s: %w", name, err)
	}
	tb.Logf("pgtest: built template database %s in %v", name, time.Since(start).Round(time.Millisecond))
	return nil
}

func runSetup(ctx context.Context, name string, tmpl Template) error {
	server, err := ServerDSN()
	if err != nil {
		return err
	}
	dsn, err := WithDatabase(server, name)
	if err != nil {
		return err
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return fmt.Errorf("pgtest: opening template %s: %w", name, err)
	}
	defer func() { _ = db.Close() }()
	if err := tmpl.Setup(ctx, db); err != nil {
		return fmt.Errorf("pgtest: template %q setup: %w", tmpl.Name, err)
	}
	return db.Close()
}

// dropDatabase drops name if it exists, also when it is marked a template
// (PostgreSQL refuses to drop those). force terminates its connections.
func dropDatabase(ctx context.Context, admin *sql.DB, name string, force bool) error {
	q := pq.QuoteIdentifier(name)
	var exists bool
	if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return nil
	}
	if _, err := admin.ExecContext(ctx, "ALTER DATABASE "+q+" WITH IS_TEMPLATE false"); err != nil {
		return err
	}
	stmt := "DROP DATABASE IF EXISTS " + q
	if force {
		stmt += " WITH (FORCE)"
	}
	_, err := admin.ExecContext(ctx, stmt)
	return err
}

// sweepStale drops, best effort, templates of other versions unused for
// staleTemplateAfter and test databases older than staleTestDBAfter (left
// by killed test runs). It runs under the template lock.
func sweepStale(ctx context.Context, tb testing.TB, admin *sql.DB, current string) {
	rows, err := admin.QueryContext(ctx, `
		SELECT datname, coalesce(shobj_description(oid, 'pg_database'), '')
		FROM pg_database
		WHERE (starts_with(datname, $1) OR starts_with(datname, $2)) AND datname <> $3`,
		templatePrefix, testDBPrefix, current)
	if err != nil {
		tb.Logf("pgtest: listing stale databases: %v", err)
		return
	}
	type db struct{ name, comment string }
	var all []db
	for rows.Next() {
		var d db
		if err := rows.Scan(&d.name, &d.comment); err != nil {
			tb.Logf("pgtest: listing stale databases: %v", err)
			_ = rows.Close()
			return
		}
		all = append(all, d)
	}
	_ = rows.Close()

	now := time.Now()
	for _, d := range all {
		var since time.Time
		var after time.Duration
		if strings.HasPrefix(d.name, templatePrefix) {
			_, ts, _ := strings.Cut(d.comment, "last used ")
			since, after = unixTime(ts), staleTemplateAfter
		} else {
			ts, _, _ := strings.Cut(strings.TrimPrefix(d.name, testDBPrefix), "_")
			since, after = unixTime(ts), staleTestDBAfter
		}
		if since.IsZero() || now.Sub(since) < after {
			continue // not ours, or not stale yet
		}
		// A database someone is connected to is not stale. (DROP without
		// FORCE would refuse it too, but only after waiting 5 seconds.)
		var conns int
		if err := admin.QueryRowContext(ctx, "SELECT count(*) FROM pg_stat_activity WHERE datname = $1", d.name).Scan(&conns); err != nil || conns > 0 {
			continue
		}
		if err := dropDatabase(ctx, admin, d.name, false); err != nil {
			tb.Logf("pgtest: leaving stale database %s: %v", d.name, err)
			continue
		}
		tb.Logf("pgtest: dropped stale database %s", d.name)
	}
}

func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// ---------------------------------------------------------------- server

var (
	serverOnce sync.Once
	serverDSN  string
	serverErr  error

	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// ServerDSN returns the DSN of the server tests create their databases on:
// VEREDICTO_TEST_DATABASE_URL, else DATABASE_URL, else what
// `scripts/db.sh server-dsn` prints (which may start a private cluster).
func ServerDSN() (string, error) {
	serverOnce.Do(func() { serverDSN, serverErr = resolveServerDSN() })
	return serverDSN, serverErr
}

func resolveServerDSN() (string, error) {
	for _, env := range []string{EnvTestDSN, "DATABASE_URL"} {
		if v := strings.TrimSpace(os.Getenv(env)); v != "" {
			return v, nil
		}
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	script := filepath.Join(root, "scripts", "db.sh")
	var stderr bytes.Buffer
	cmd := exec.Command("bash", script, "server-dsn")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pgtest: neither %s nor DATABASE_URL is set, and %s server-dsn failed: %v\n%s",
			EnvTestDSN, script, err, strings.TrimSpace(stderr.String()))
	}
	dsn := strings.TrimSpace(string(out))
	if dsn == "" {
		return "", fmt.Errorf("pgtest: %s server-dsn printed no DSN\n%s", script, stderr.String())
	}
	return dsn, nil
}

// adminDB is this process's pool of connections to the server's DSN, used
// to create and drop databases. It lives as long as the process.
func adminDB() (*sql.DB, error) {
	adminOnce.Do(func() {
		dsn, err := ServerDSN()
		if err != nil {
			adminErr = err
			return
		}
		db, err := sql.Open("postgres", dsn)
		if err != nil {
			adminErr = fmt.Errorf("pgtest: opening the server DSN: %w", err)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			_ = db.Close()
			adminErr = fmt.Errorf("pgtest: connecting to %s: %w", redact(dsn), err)
			return
		}
		admin = db
	})
	return admin, adminErr
}

// redact hides a URL DSN's password in messages.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxx")
			return u.String()
		}
	}
	return dsn
}

// WithDatabase returns dsn pointed at database name instead. It accepts both
// DSN forms lib/pq does: postgres:// URLs and key=value strings.
func WithDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("pgtest: parsing DSN: %w", err)
		}
		u.Path = "/" + name
		u.RawPath = ""
		return u.String(), nil
	}
	// In key=value form the last occurrence of a key wins (libpq and lib/pq
	// agree), so appending overrides any dbname already there.
	return strings.TrimSpace(dsn) + " dbname=" + pq.QuoteLiteral(name), nil
}

// ---------------------------------------------------------------- paths

// ModuleRoot returns the directory of the module's go.mod: found upwards from
// the working directory (a test's package directory), else from this source
// file's location.
func ModuleRoot() (string, error) {
	isRoot := func(dir string) bool {
		_, err1 := os.Stat(filepath.Join(dir, "go.mod"))
		_, err2 := os.Stat(filepath.Join(dir, "scripts", "db.sh"))
		return err1 == nil && err2 == nil
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if isRoot(dir) {
				return dir, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		if dir := filepath.Join(filepath.Dir(file), "..", ".."); isRoot(dir) {
			return filepath.Clean(dir), nil
		}
	}
	return "", errors.New("pgtest: cannot find the module root (go.mod next to scripts/db.sh) above the working directory")
}

// HashPaths returns a hex SHA-256 over the names and contents of the given
// files and directory trees (relative to the module root unless absolute), for
// Template.Version: edit a migration and the template is rebuilt.
func HashPaths(tb testing.TB, paths ...string) string {
	tb.Helper()
	sum, err := hashPaths(paths...)
	if err != nil {
		tb.Fatal(err)
	}
	return sum
}

func hashPaths(paths ...string) (string, error) {
	if len(paths) == 0 {
		return "", errors.New("pgtest: HashPaths needs at least one path")
	}
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, p := range paths {
		base := filepath.FromSlash(p)
		if !filepath.IsAbs(base) {
			base = filepath.Join(root, base)
		}
		err := filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(base, path)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00", p)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
			h.Write(data)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("pgtest: hashing %s: %w", p, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
