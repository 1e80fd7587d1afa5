package database

import (
	"context"
	stdsql "database/sql"
	"errors"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// serialTxDriver makes transactions safe for the concurrent use GraphQL
// makes of them: gqlgen resolves a mutation's result fields in parallel,
// and they all read through the mutation's transaction, which is one
// PostgreSQL connection; lib/pq cannot run a second statement on a
// connection while another one's rows are still being read. Each
// transaction therefore lets one statement at a time run, from its start
// until its rows are closed. Reads outside transactions use the pool and
// are not serialised.
type serialTxDriver struct{ dialect.Driver }

// Tx starts a transaction whose statements run one at a time.
func (d serialTxDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &serialTx{Tx: tx}, nil
}

type serialTx struct {
	dialect.Tx
	mu sync.Mutex
}

func (t *serialTx) Exec(ctx context.Context, query string, args, v any) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.Tx.Exec(ctx, query, args, v)
}

// Query holds the transaction until the caller closes the rows.
func (t *serialTx) Query(ctx context.Context, query string, args, v any) error {
	t.mu.Lock()
	if err := t.Tx.Query(ctx, query, args, v); err != nil {
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

// execContexter is what ent's ExecContext (raw statements, such as
// pg_notify from a hook) needs from a driver.
type execContexter interface {
	ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error)
}

// ExecContext runs a raw statement outside a transaction.
func (d serialTxDriver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	ex, ok := d.Driver.(execContexter)
	if !ok {
		return nil, errors.New("the driver cannot run raw statements")
	}
	return ex.ExecContext(ctx, query, args...)
}

// ExecContext runs a raw statement in the transaction, one at a time.
func (t *serialTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	ex, ok := t.Tx.(execContexter)
	if !ok {
		return nil, errors.New("the transaction cannot run raw statements")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return ex.ExecContext(ctx, query, args...)
}
