package database

import (
	"context"
	stdsql "database/sql"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// serialTx makes a transaction safe for the concurrent use GraphQL makes
// of it: gqlgen resolves a mutation's result fields in parallel, and they
// all read through the mutation's transaction, which is one PostgreSQL
// connection; lib/pq cannot run a second statement on a connection while
// another one's rows are still being read. It therefore lets one statement
// at a time run, from its start until its rows are closed. Reads outside
// transactions use the pool and are not serialised.
type serialTx struct {
	dialect.Tx
	mu sync.Mutex
}

func (t *serialTx) Exec(ctx context.Context, query string, args, v any) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.Tx.Exec(ctx, query, jsonAsText(args), v)
}

// Query holds the transaction until the caller closes the rows.
func (t *serialTx) Query(ctx context.Context, query string, args, v any) error {
	t.mu.Lock()
	if err := t.Tx.Query(ctx, query, jsonAsText(args), v); err != nil {
		t.mu.Unlock()
		return err
	}
	rows, ok := v.(*entsql.Rows)
	if !ok {
		t.mu.Unlock()
		return nil
	}
	rows.ColumnScanner = &unlockOnClose{ColumnScanner: rows.ColumnScanner, unlock: sync.OnceFunc(t.mu.Unlock)}
	return nil
}

func (t *serialTx) Commit() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.Tx.Commit()
}

func (t *serialTx) Rollback() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.Tx.Rollback()
}

type unlockOnClose struct {
	entsql.ColumnScanner
	unlock func()
}

func (r *unlockOnClose) Close() error {
	defer r.unlock()
	return r.ColumnScanner.Close()
}

// ExecContext runs a raw statement in the transaction, one at a time.
func (t *serialTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return execContext(ctx, t.Tx, query, args)
}
