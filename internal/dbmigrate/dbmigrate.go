// Package dbmigrate applies Veredicto's versioned migrations
// (ent/migrate/migrations) to a PostgreSQL database.
//
// It is deliberately small: each file not yet recorded in
// schema_migrations runs in its own transaction and is recorded there; a
// PostgreSQL advisory lock keeps two instances starting at once from racing;
// atlas.sum is checked first, so an edited or missing migration file stops
// the migration instead of silently diverging. Nothing is ever
// auto-migrated from the ent schema, which could drop data.
package dbmigrate

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	atlas "ariga.io/atlas/sql/migrate"

	"github.com/veredicto/veredicto/ent/migrate/migrations"
)

// lockKey is an arbitrary constant naming Veredicto's migration lock.
const lockKey = 0x7665726564696374 // "veredict"

// Applied reports the migrations Up applied.
type Applied struct{ Versions []string }

// Up applies every pending migration and returns the ones it applied.
func Up(ctx context.Context, db *sql.DB) (Applied, error) {
	files, err := load(migrations.FS)
	if err != nil {
		return Applied{}, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return Applied{}, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", lockKey); err != nil {
		return Applied{}, fmt.Errorf("taking the migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey) //nolint:errcheck // the lock also ends with the session
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version text PRIMARY KEY,
		name text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`); err != nil {
		return Applied{}, fmt.Errorf("creating schema_migrations: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return Applied{}, err
	}
	var applied Applied
	for _, f := range files {
		if done[f.version] {
			continue
		}
		if err := apply(ctx, conn, f); err != nil {
			return applied, err
		}
		applied.Versions = append(applied.Versions, f.version)
	}
	return applied, nil
}

// Pending reports whether any migration is not applied yet.
func Pending(ctx context.Context, db *sql.DB) (bool, error) {
	files, err := load(migrations.FS)
	if err != nil {
		return false, err
	}
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return false, err
	}
	if !exists {
		return len(files) > 0, nil
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
		return false, err
	}
	return n < len(files), nil
}

type file struct {
	version, name, sql string
}

// load reads the migration files in version order and checks them against
// atlas.sum.
func load(fsys fs.FS) ([]file, error) {
	dir := &atlas.MemDir{}
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var files []file
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		if err := dir.WriteFile(n, b); err != nil {
			return nil, err
		}
		version, name, _ := strings.Cut(strings.TrimSuffix(n, ".sql"), "_")
		files = append(files, file{version: version, name: name, sql: string(b)})
	}
	sum, err := fs.ReadFile(fsys, atlas.HashFileName)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", atlas.HashFileName, err)
	}
	if err := dir.WriteFile(atlas.HashFileName, sum); err != nil {
		return nil, err
	}
	if err := atlas.Validate(dir); err != nil {
		return nil, fmt.Errorf("migration files do not match %s (was a file edited by hand?): %w", atlas.HashFileName, err)
	}
	return files, nil
}

func appliedVersions(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

func apply(ctx context.Context, conn *sql.Conn, f file) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	if _, err := tx.ExecContext(ctx, f.sql); err != nil {
		return fmt.Errorf("applying migration %s_%s: %w", f.version, f.name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", f.version, f.name); err != nil {
		return err
	}
	return tx.Commit()
}
