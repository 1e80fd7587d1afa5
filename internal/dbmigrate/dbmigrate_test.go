package dbmigrate

import (
	"context"
	"database/sql"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/veredicto/veredicto/ent/migrate"
	"github.com/veredicto/veredicto/ent/migrate/migrations"
	"github.com/veredicto/veredicto/internal/pgtest"
)

// empty is a template without any table: these tests migrate themselves.
var empty = pgtest.Template{
	Name:    "empty",
	Version: "1",
	Setup:   func(context.Context, *sql.DB) error { return nil },
}

// committedVersions lists the versions of the migration files, in order.
func committedVersions(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migration files in ent/migrate/migrations: %v", err)
	}
	slices.Sort(names)
	versions := make([]string, len(names))
	for i, n := range names {
		versions[i], _, _ = strings.Cut(n, "_")
	}
	return versions
}

func TestUpAppliesEveryMigrationOnce(t *testing.T) {
	ctx := context.Background()
	db := pgtest.Open(t, pgtest.New(t, empty))
	want := committedVersions(t)

	if pending, err := Pending(ctx, db); err != nil || !pending {
		t.Fatalf("Pending on an empty database = %v, %v; want true", pending, err)
	}
	first, err := Up(ctx, db)
	if err != nil {
		t.Fatalf("Up on an empty database: %v", err)
	}
	if !slices.Equal(first.Versions, want) {
		t.Errorf("Up applied %v, want every migration in order: %v", first.Versions, want)
	}

	// The foundation's tables exist (that every table of ent/schema does is
	// TestMigrationsMatchEntSchema's job), and each migration is recorded.
	for _, table := range []string{"actors", "accounts", "statements", "claims", "evidence", "users", "sessions", "audit_events"} {
		var exists bool
		if err := db.QueryRowContext(ctx, "SELECT to_regclass($1) IS NOT NULL", table).Scan(&exists); err != nil || !exists {
			t.Errorf("table %s missing after Up (err %v)", table, err)
		}
	}
	var recorded []string
	rows, err := db.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		recorded = append(recorded, v)
	}
	rows.Close()
	if !slices.Equal(recorded, want) {
		t.Errorf("schema_migrations holds %v, want %v", recorded, want)
	}

	second, err := Up(ctx, db)
	if err != nil {
		t.Fatalf("second Up: %v", err)
	}
	if len(second.Versions) != 0 {
		t.Errorf("second Up applied %v, want nothing", second.Versions)
	}
	if pending, err := Pending(ctx, db); err != nil || pending {
		t.Errorf("Pending after Up = %v, %v; want false", pending, err)
	}
}

// The migration files are checked against atlas.sum before anything runs:
// a file edited, removed or added by hand stops the migration.
func TestLoadRejectsFilesThatDoNotMatchTheSum(t *testing.T) {
	committed := fstest.MapFS{}
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		committed[path] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sqlFiles, _ := fs.Glob(committed, "*.sql")
	slices.Sort(sqlFiles)
	firstFile := sqlFiles[0]

	files, err := load(committed)
	if err != nil {
		t.Fatalf("the committed files do not load: %v", err)
	}
	if len(files) != len(sqlFiles) || files[0].sql != string(committed[firstFile].Data) {
		t.Fatalf("load returned %d files, want %d in version order", len(files), len(sqlFiles))
	}

	for _, tc := range []struct {
		name   string
		change func(fstest.MapFS)
	}{
		{"edited file", func(m fstest.MapFS) {
			m[firstFile] = &fstest.MapFile{Data: append(append([]byte{}, m[firstFile].Data...), "\nDROP TABLE actors;\n"...)}
		}},
		{"whitespace-only edit", func(m fstest.MapFS) {
			m[firstFile] = &fstest.MapFile{Data: append(append([]byte{}, m[firstFile].Data...), '\n')}
		}},
		{"removed file", func(m fstest.MapFS) { delete(m, sqlFiles[len(sqlFiles)-1]) }},
		{"file added without rehashing", func(m fstest.MapFS) {
			m["99991231000000_hand_written.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE x (id int);\n")}
		}},
		{"no atlas.sum", func(m fstest.MapFS) { delete(m, atlas.HashFileName) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := fstest.MapFS{}
			for k, v := range committed {
				m[k] = v
			}
			tc.change(m)
			if _, err := load(m); err == nil {
				t.Errorf("load accepted migration files with a %s", tc.name)
			} else if !strings.Contains(err.Error(), atlas.HashFileName) {
				t.Errorf("error %q does not point at %s", err, atlas.HashFileName)
			}
		})
	}
}

// The committed migrations are up to date with ent/schema: replaying them
// and diffing against the schema, as `make migration` does, yields no new
// migration file.
func TestMigrationsMatchEntSchema(t *testing.T) {
	ctx := context.Background()

	// They apply cleanly to an empty database...
	if _, err := Up(ctx, pgtest.Open(t, pgtest.New(t, empty))); err != nil {
		t.Fatalf("the committed migrations do not apply to an empty database: %v", err)
	}

	// ...and ent finds nothing to add after replaying them on another one.
	dir := &atlas.MemDir{}
	entries, err := fs.ReadDir(migrations.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() || (!strings.HasSuffix(e.Name(), ".sql") && e.Name() != atlas.HashFileName) {
			continue
		}
		b, err := fs.ReadFile(migrations.FS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := dir.WriteFile(e.Name(), b); err != nil {
			t.Fatal(err)
		}
	}
	before := sqlFileNames(t, dir)

	devURL := pgtest.New(t, empty)
	err = migrate.NamedDiff(ctx, devURL, "drift",
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(atlas.DefaultFormatter),
	)
	if err != nil {
		t.Fatalf("diffing the migrations against ent/schema: %v", err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.Contains(before, f.Name()) {
			t.Errorf("ent/schema has changes that no migration file covers: run `make migration NAME=<what_changed>`, "+
				"review the file and commit it with atlas.sum. The missing migration would be:\n%s", f.Bytes())
		}
	}
}

func sqlFileNames(t *testing.T, dir atlas.Dir) []string {
	t.Helper()
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name()
	}
	return names
}
