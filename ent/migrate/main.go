//go:build ignore

// main.go writes a new versioned migration: the SQL that brings a database
// migrated with the existing files to the current ent schema. Run it through
// `make migration NAME=add_something`; review the file it writes and commit
// it with atlas.sum.
//
// It needs a PostgreSQL server but no Docker: it creates a throwaway
// database on the server given by DATABASE_URL, replays the existing
// migrations there, diffs against the schema and drops the database.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"net/url"
	"os"

	atlas "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"

	"github.com/veredicto/veredicto/ent/migrate"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatalln("usage: go run -mod=mod ent/migrate/main.go <name> | --rehash")
	}
	if os.Args[1] == "--rehash" {
		rehash()
		return
	}
	server := os.Getenv("DATABASE_URL")
	if server == "" {
		log.Fatalln("DATABASE_URL must point at a PostgreSQL server (make migration sets it)")
	}
	ctx := context.Background()
	devURL, drop, err := throwawayDatabase(ctx, server)
	if err != nil {
		log.Fatalf("creating a throwaway database: %v", err)
	}
	defer drop()
	dir, err := atlas.NewLocalDir("ent/migrate/migrations")
	if err != nil {
		log.Fatalf("opening the migrations folder: %v", err)
	}
	err = migrate.NamedDiff(ctx, devURL, os.Args[1],
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialect.Postgres),
		schema.WithFormatter(atlas.DefaultFormatter),
	)
	if err != nil {
		drop()
		log.Fatalf("generating the migration: %v", err)
	}
}

// throwawayDatabase creates an empty database on the server and returns its
// URL and a function that drops it.
func throwawayDatabase(ctx context.Context, server string) (string, func(), error) {
	db, err := sql.Open("postgres", server)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("veredicto_migrate_%d", os.Getpid())
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		_, _ = db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		_ = db.Close()
	}
	return u.String(), drop, nil
}

// rehash rewrites atlas.sum after a hand-written migration file (a trigger,
// a data fix) was added or an unapplied one was edited.
func rehash() {
	dir, err := atlas.NewLocalDir("ent/migrate/migrations")
	if err != nil {
		log.Fatalf("opening the migrations folder: %v", err)
	}
	sum, err := dir.Checksum()
	if err != nil {
		log.Fatalf("hashing the migrations: %v", err)
	}
	if err := atlas.WriteSumFile(dir, sum); err != nil {
		log.Fatalf("writing atlas.sum: %v", err)
	}
}
