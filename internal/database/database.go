// Package database opens Veredicto's PostgreSQL database and the ent client
// over it.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"entgo.io/ent/dialect"

	"github.com/veredicto/veredicto/ent"
	_ "github.com/veredicto/veredicto/ent/runtime" // hooks and policies from ent/schema
)

// Open connects to the database at dsn and checks that it answers.
func Open(ctx context.Context, dsn string) (*sql.DB, *ent.Client, error) {
	connector, err := NewConnector(DSN(dsn))
	if err != nil {
		return nil, nil, fmt.Errorf("opening the database: %w", err)
	}
	db := sql.OpenDB(connector)
	// A small pool: PostgreSQL serves a few busy connections faster than
	// many idle ones, and several instances share one server. As many may
	// stay idle as may be open: short requests that return their
	// connections in a burst (casts answered by one batch) would otherwise
	// close half of them and reopen them moments later, and each new
	// backend costs PostgreSQL milliseconds of CPU. Idle ones still close
	// after five minutes.
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(20)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connecting to the database: %w", err)
	}
	return db, NewClient(db), nil
}

// NewClient returns an ent client over an open database, through driver:
// its reads are prepared statements, cancelled by their connection when
// the pool comes from NewConnector (cancel.go), its transactions are safe
// for concurrent use, and it sends JSON as text.
func NewClient(db *sql.DB) *ent.Client {
	return ent.NewClient(ent.Driver(driver{
		Driver:      entsql.OpenDB(dialect.Postgres, db),
		stmts:       newStmtCache(db),
		detachReads: cancelsReads(db.Driver()),
	}))
}
