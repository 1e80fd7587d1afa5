package database

import (
	"context"
	stdsql "database/sql"
	"errors"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// driver is ent's PostgreSQL driver with four changes, each explained
// where it is made:
//   - reads outside transactions run as prepared statements (stmtCache);
//   - with detachReads, they reach database/sql with a context it cannot
//     see cancelled, and their connection cancels them (cancel.go);
//   - transactions let one statement run at a time (serialTx);
//   - JSON arguments go as text (jsonAsText, needed by DSN's mode).
type driver struct {
	dialect.Driver
	stmts       *stmtCache
	detachReads bool
}

// Query runs a read outside a transaction through its prepared statement.
// Transactions keep ent's unprepared path: they are short and their
// statements rarely repeat.
func (d driver) Query(ctx context.Context, query string, args, v any) error {
	if d.detachReads {
		ctx = detach(ctx)
	}
	args = jsonAsText(args)
	argv, ok := args.([]any)
	rows, isRows := v.(*entsql.Rows)
	if !ok || !isRows || !cacheable(query, argv) {
		return d.Driver.Query(ctx, query, args, v)
	}
	r, err := d.stmts.query(ctx, query, argv)
	if err != nil {
		return err
	}
	*rows = entsql.Rows{ColumnScanner: r}
	return nil
}

func (d driver) Exec(ctx context.Context, query string, args, v any) error {
	return d.Driver.Exec(ctx, query, jsonAsText(args), v)
}

// Tx starts a transaction whose statements run one at a time.
func (d driver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &serialTx{Tx: tx}, nil
}

// ExecContext runs a raw statement outside a transaction (ent's
// client.ExecContext, e.g. pg_notify from a hook).
func (d driver) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return execContext(ctx, d.Driver, query, args)
}

// execContexter is what a raw statement needs from ent's driver or
// transaction (both have it).
type execContexter interface {
	ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error)
}

// execContext runs a raw statement on d, with JSON arguments as text.
func execContext(ctx context.Context, d any, query string, args []any) (stdsql.Result, error) {
	ex, ok := d.(execContexter)
	if !ok {
		return nil, errors.New("the driver cannot run raw statements")
	}
	return ex.ExecContext(ctx, query, jsonAsText(args).([]any)...)
}
