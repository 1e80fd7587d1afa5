package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
)

// throwaway returns a template with a version no other run shares (so the
// test sees it built from scratch), whose Setup creates items(id) with one
// row and counts its runs. The template is dropped when t ends.
func throwaway(t *testing.T, runs *atomic.Int64) Template {
	t.Helper()
	tmpl := Template{
		Name:    "pgtest_selftest",
		Version: randomHex(t),
		Setup: func(ctx context.Context, db *sql.DB) error {
			runs.Add(1)
			_, err := db.ExecContext(ctx, `CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1)`)
			return err
		},
	}
	dropTemplateAtEnd(t, tmpl)
	return tmpl
}

func dropTemplateAtEnd(t *testing.T, tmpl Template) {
	name, err := tmpl.dbName()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		forgetTemplate(name)
		if err := dropDatabase(context.Background(), mustAdmin(t), name, true); err != nil {
			t.Errorf("dropping template %s: %v", name, err)
		}
	})
}

func randomHex(t testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

func mustAdmin(t testing.TB) *sql.DB {
	t.Helper()
	db, err := adminDB()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func dbExists(t testing.TB, name string) bool {
	t.Helper()
	var ok bool
	err := mustAdmin(t).QueryRow("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&ok)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func currentDB(t testing.TB, db *sql.DB) string {
	t.Helper()
	var name string
	if err := db.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

func countItems(t testing.TB, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM items").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFreshDatabasesAreIsolated(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)

	a := Open(t, New(t, tmpl))
	b := Open(t, New(t, tmpl))
	if currentDB(t, a) == currentDB(t, b) {
		t.Fatalf("both tests got database %s", currentDB(t, a))
	}
	if _, err := a.Exec("INSERT INTO items VALUES (2)"); err != nil {
		t.Fatal(err)
	}
	if got := countItems(t, a); got != 2 {
		t.Errorf("database a has %d items, want 2 (template's + own)", got)
	}
	if got := countItems(t, b); got != 1 {
		t.Errorf("database b has %d items, want only the template's 1", got)
	}
}

func TestTemplateIsBuiltOnceAndReused(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)
	for range 3 {
		if got := countItems(t, Open(t, New(t, tmpl))); got != 1 {
			t.Fatalf("clone has %d items, want 1", got)
		}
	}
	if got := runs.Load(); got != 1 {
		t.Errorf("Setup ran %d times, want 1", got)
	}

	name, _ := tmpl.dbName()
	var isTemplate, allowConn bool
	var comment string
	err := mustAdmin(t).QueryRow(`SELECT datistemplate, datallowconn, shobj_description(oid, 'pg_database')
		FROM pg_database WHERE datname = $1`, name).Scan(&isTemplate, &allowConn, &comment)
	if err != nil {
		t.Fatal(err)
	}
	if !isTemplate || allowConn {
		t.Errorf("template %s: datistemplate=%v datallowconn=%v, want true, false", name, isTemplate, allowConn)
	}
	if !strings.HasPrefix(comment, "pgtest template; last used ") {
		t.Errorf("template comment = %q, want a last-used mark", comment)
	}

	// Another version is another template.
	var runs2 atomic.Int64
	other := throwaway(t, &runs2)
	other.Name = tmpl.Name
	Open(t, New(t, other))
	if runs2.Load() != 1 {
		t.Errorf("a new Version did not build a new template")
	}
}

func TestConcurrentTestsInOneProcess(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)
	tmpl.Setup = slowSetup(tmpl.Setup)
	t.Run("group", func(t *testing.T) {
		for i := range 8 {
			t.Run(strconv.Itoa(i), func(t *testing.T) {
				t.Parallel()
				if got := countItems(t, Open(t, New(t, tmpl))); got != 1 {
					t.Errorf("clone has %d items, want 1", got)
				}
			})
		}
	})
	if got := runs.Load(); got != 1 {
		t.Errorf("Setup ran %d times, want 1", got)
	}
}

// slowSetup widens the window in which concurrent creators could collide.
func slowSetup(setup func(context.Context, *sql.DB) error) func(context.Context, *sql.DB) error {
	return func(ctx context.Context, db *sql.DB) error {
		time.Sleep(300 * time.Millisecond)
		return setup(ctx, db)
	}
}

const (
	helperEnv        = "PGTEST_HELPER_VERSION"
	helperSetupMark  = "PGTEST-SETUP-RAN"
	helperSuccessTag = "PGTEST-HELPER-OK"
)

// TestHelperProcess is not a test by itself: TestConcurrentProcesses runs
// the test binary several times with only this test selected, the way
// `go test ./...` runs several packages' test binaries at once.
func TestHelperProcess(t *testing.T) {
	version := os.Getenv(helperEnv)
	if version == "" {
		return // run directly, it has nothing to do: TestConcurrentProcesses runs it
	}
	tmpl := Template{
		Name:    "pgtest_selftest",
		Version: version,
		Setup: slowSetup(func(ctx context.Context, db *sql.DB) error {
			fmt.Println(helperSetupMark)
			_, err := db.ExecContext(ctx, `CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1)`)
			return err
		}),
	}
	for range 3 {
		if got := countItems(t, Open(t, New(t, tmpl))); got != 1 {
			t.Fatalf("clone has %d items, want 1", got)
		}
	}
	fmt.Println(helperSuccessTag)
}

func TestConcurrentProcesses(t *testing.T) {
	t.Parallel()
	server, err := ServerDSN()
	if err != nil {
		t.Fatal(err)
	}
	tmpl := Template{Name: "pgtest_selftest", Version: randomHex(t), Setup: func(context.Context, *sql.DB) error { return nil }}
	dropTemplateAtEnd(t, tmpl)

	const procs = 4
	outputs := make([]string, procs)
	errs := make([]error, procs)
	var wg sync.WaitGroup
	for i := range procs {
		wg.Go(func() {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), helperEnv+"="+tmpl.Version, EnvTestDSN+"="+server)
			out, err := cmd.CombinedOutput()
			outputs[i], errs[i] = string(out), err
		})
	}
	wg.Wait()

	setups := 0
	for i := range procs {
		if errs[i] != nil || !strings.Contains(outputs[i], helperSuccessTag) {
			t.Errorf("helper process %d failed: %v\n%s", i, errs[i], outputs[i])
		}
		setups += strings.Count(outputs[i], helperSetupMark)
	}
	if setups != 1 {
		t.Errorf("template Setup ran %d times across %d processes, want 1", setups, procs)
	}
}

func TestCleanupDropsDatabaseAndStrayConnections(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)
	var name string
	t.Run("inner", func(t *testing.T) {
		// Not closed: New's cleanup must terminate this connection.
		db, err := sql.Open("postgres", New(t, tmpl))
		if err != nil {
			t.Fatal(err)
		}
		tx, err := db.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec("INSERT INTO items VALUES (3)"); err != nil {
			t.Fatal(err)
		}
		name = currentDB(t, db)
	})
	if name == "" {
		t.Fatal("inner test did not run")
	}
	if dbExists(t, name) {
		t.Errorf("database %s still exists after its test ended", name)
	}
}

func TestSetupFailureIsReportedAndCleanedUp(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)
	tmpl.Setup = func(ctx context.Context, db *sql.DB) error {
		runs.Add(1)
		_, err := db.ExecContext(ctx, "CREATE TABLE broken (")
		return err
	}
	name, _ := tmpl.dbName()

	_, _, err := create(t, tmpl)
	if err == nil || !strings.Contains(err.Error(), "setup") {
		t.Fatalf("create with a failing Setup: err = %v, want a setup error", err)
	}
	if dbExists(t, name) {
		t.Errorf("half-built template %s was left behind", name)
	}
	// Later tests in the process fail fast with the same error.
	if _, _, err2 := create(t, tmpl); err2 == nil || err2.Error() != err.Error() {
		t.Errorf("second create: err = %v, want %v", err2, err)
	}
	if got := runs.Load(); got != 1 {
		t.Errorf("Setup ran %d times, want 1", got)
	}
}

func TestHalfBuiltTemplateIsRebuilt(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)
	name, _ := tmpl.dbName()
	// What a process that died during Setup leaves: the database exists but
	// is not marked a template.
	if _, err := mustAdmin(t).Exec("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
		t.Fatal(err)
	}
	if got := countItems(t, Open(t, New(t, tmpl))); got != 1 {
		t.Errorf("clone has %d items, want 1", got)
	}
	if runs.Load() != 1 {
		t.Errorf("Setup ran %d times, want 1", runs.Load())
	}
}

func TestTemplateDroppedByAnotherProcessIsRebuilt(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	tmpl := throwaway(t, &runs)
	name, _ := tmpl.dbName()
	Open(t, New(t, tmpl))
	// As another process's stale sweep would, while this one still runs.
	if err := dropDatabase(context.Background(), mustAdmin(t), name, true); err != nil {
		t.Fatal(err)
	}
	if got := countItems(t, Open(t, New(t, tmpl))); got != 1 {
		t.Errorf("clone has %d items, want 1", got)
	}
	if runs.Load() != 2 {
		t.Errorf("Setup ran %d times, want 2 (built, then rebuilt)", runs.Load())
	}
}

func TestStaleDatabasesAreSwept(t *testing.T) {
	t.Parallel()
	admin := mustAdmin(t)
	now := time.Now()
	suffix := randomHex(t)[:8]
	mk := func(name, comment string) string {
		t.Helper()
		if _, err := admin.Exec("CREATE DATABASE " + pq.QuoteIdentifier(name)); err != nil {
			t.Fatal(err)
		}
		if comment != "" {
			if _, err := admin.Exec("COMMENT ON DATABASE " + pq.QuoteIdentifier(name) + " IS " + pq.QuoteLiteral(comment)); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() { _ = dropDatabase(context.Background(), admin, name, true) })
		return name
	}
	used := func(at time.Time) string { return "pgtest template; last used " + strconv.FormatInt(at.Unix(), 10) }
	testDB := func(at time.Time) string {
		return fmt.Sprintf("%s%d_1_1_%s", testDBPrefix, at.Unix(), suffix)
	}

	oldTemplate := mk(templatePrefix+"sweep_old_"+suffix, used(now.Add(-2*staleTemplateAfter)))
	freshTemplate := mk(templatePrefix+"sweep_new_"+suffix, used(now))
	unmarked := mk(templatePrefix+"sweep_nomark_"+suffix, "")
	oldTestDB := mk(testDB(now.Add(-2*staleTestDBAfter)), "")
	freshTestDB := mk(testDB(now.Add(-time.Minute)), "")
	// An old test database still in use is not dropped.
	busyTestDB := mk(fmt.Sprintf("%s%d_2_2_%s", testDBPrefix, now.Add(-2*staleTestDBAfter).Unix(), suffix), "")
	busyDSN, err := WithDatabase(mustServer(t), busyTestDB)
	if err != nil {
		t.Fatal(err)
	}
	busy := Open(t, busyDSN)
	busy.SetMaxIdleConns(1)
	if err := busy.Ping(); err != nil {
		t.Fatal(err)
	}

	// Ensuring any template sweeps.
	var runs atomic.Int64
	Open(t, New(t, throwaway(t, &runs)))

	for name, want := range map[string]bool{
		oldTemplate: false, freshTemplate: true, unmarked: true,
		oldTestDB: false, freshTestDB: true, busyTestDB: true,
	} {
		if got := dbExists(t, name); got != want {
			t.Errorf("after the sweep, %s exists = %v, want %v", name, got, want)
		}
	}
}

func mustServer(t testing.TB) string {
	t.Helper()
	dsn, err := ServerDSN()
	if err != nil {
		t.Fatal(err)
	}
	return dsn
}

// Not parallel: t.Setenv.
func TestServerDSNFallsBackToScript(t *testing.T) {
	t.Setenv(EnvTestDSN, "")
	t.Setenv("DATABASE_URL", "")
	dsn, err := resolveServerDSN()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dsn, "sslmode=disable") {
		t.Errorf("scripts/db.sh DSN %q lacks sslmode=disable", dsn)
	}
	db := Open(t, dsn)
	if err := db.Ping(); err != nil {
		t.Fatalf("DSN from scripts/db.sh (%s) does not connect: %v", dsn, err)
	}
}

func TestWithDatabase(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "postgres://postgres@127.0.0.1:5432/x_1?sslmode=disable"},
		{"postgresql://u:p%40ss@h:1?sslmode=disable", "postgresql://u:p%40ss@h:1/x_1?sslmode=disable"},
		{"host=h port=1 dbname=postgres sslmode=disable", "host=h port=1 dbname=postgres sslmode=disable dbname='x_1'"},
	} {
		got, err := WithDatabase(tc.in, "x_1")
		if err != nil || got != tc.want {
			t.Errorf("WithDatabase(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}

	// lib/pq must agree that the appended dbname wins.
	kv, err := WithDatabase("host=h dbname=postgres", "x_1")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := pq.NewConfig(kv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database != "x_1" {
		t.Errorf("lib/pq reads database %q from %q, want x_1", cfg.Database, kv)
	}
}

func TestTemplateValidation(t *testing.T) {
	t.Parallel()
	setup := func(context.Context, *sql.DB) error { return nil }
	for _, tm := range []Template{
		{Name: "Bad-Name", Version: "1", Setup: setup},
		{Name: "ok", Version: "", Setup: setup},
		{Name: "ok", Version: "1"},
	} {
		if _, err := tm.dbName(); err == nil {
			t.Errorf("Template{Name: %q, Version: %q, Setup: %v} accepted", tm.Name, tm.Version, tm.Setup != nil)
		}
	}
	a, _ := Template{Name: "ok", Version: "1", Setup: setup}.dbName()
	b, _ := Template{Name: "ok", Version: "2", Setup: setup}.dbName()
	if a == b || len(a) > 63 {
		t.Errorf("template names %q, %q: want distinct, at most 63 bytes", a, b)
	}
}

func TestHashPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.sql", "CREATE TABLE a ();")
	write("sub/b.sql", "CREATE TABLE b ();")
	h1 := HashPaths(t, dir)
	if h2 := HashPaths(t, dir); h1 != h2 {
		t.Errorf("hash not stable: %s, %s", h1, h2)
	}
	write("sub/b.sql", "CREATE TABLE b (id int);")
	if h3 := HashPaths(t, dir); h3 == h1 {
		t.Error("hash did not change with a file's content")
	}
	// Relative paths are taken from the module root, wherever the test runs.
	if HashPaths(t, "internal/pgtest/pgtest.go") == "" {
		t.Error("empty hash")
	}
	if _, err := hashPaths("no/such/path"); err == nil {
		t.Error("hashing a missing path succeeded")
	}
}
