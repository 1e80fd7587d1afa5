package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
)

// cacheable leaves out statements whose text varies with their data (long
// IN lists) and would only churn the cache.
func cacheable(query string, args []any) bool {
	return len(args) <= 32 && len(query) <= 8<<10
}

// stmtCache holds the prepared statements of reads outside transactions
// (driver.Query) by query text; database/sql prepares each one once per
// connection. PostgreSQL then parses and plans a page's few statements once
// per connection instead of on every request, and each execution is one
// Bind/Execute round trip.
type stmtCache struct {
	db    *sql.DB
	mu    sync.Mutex // serialises preparing, so a text is prepared once
	stmts *lru.Cache[string, *sql.Stmt]
}

// maxPrepared bounds the statements kept; each costs PostgreSQL a little
// memory on every pooled connection.
const maxPrepared = 500

func newStmtCache(db *sql.DB) *stmtCache {
	stmts, err := lru.NewWithEvict(maxPrepared, func(_ string, s *sql.Stmt) { _ = s.Close() })
	if err != nil {
		panic(fmt.Sprintf("database: %v", err)) // only for a size ≤ 0
	}
	return &stmtCache{db: db, stmts: stmts}
}

func (c *stmtCache) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	stmt, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil && stale(err) {
		// Evicted meanwhile, or invalidated by a schema change another
		// instance migrated: forget it and run the text as it is.
		c.stmts.Remove(query)
		return c.db.QueryContext(ctx, query, args...)
	}
	return rows, err
}

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := c.stmts.Get(query); ok {
		return s, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts.Get(query); ok {
		return s, nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts.Add(query, s)
	return s, nil
}

// stale reports whether err says a prepared statement can no longer run:
// closed by eviction, or its cached plan outdated by a schema change.
func stale(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "statement is closed") || strings.Contains(msg, "cached plan must not change result type")
}
