package database

import (
	"context"
	"database/sql"
)

// StmtCache exposes the prepared-statement cache to the package's tests.
type StmtCache = stmtCache

// NewStmtCache returns a statement cache over db.
func NewStmtCache(db *sql.DB) *StmtCache { return newStmtCache(db) }

// Query runs query through its prepared statement.
func (c *stmtCache) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.query(ctx, query, args)
}

// Close closes query's cached statement behind the cache's back, as an
// eviction racing with a reader would.
func (c *stmtCache) CloseBehindTheBack(query string) {
	if s, ok := c.stmts.Peek(query); ok {
		_ = s.Close()
	}
}

// Detach returns ctx as the ent driver hands a read's context to
// database/sql.
func Detach(ctx context.Context) context.Context { return detach(ctx) }
