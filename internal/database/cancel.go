package database

import (
	"context"
	sqldriver "database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lib/pq"
)

// Reads outside transactions are cancelled by the connection that runs
// them, not by a goroutine per statement.
//
// database/sql and lib/pq each start a goroutine for every statement whose
// context can end (database/sql's Rows.awaitDone, lib/pq's watchCancel),
// only to cancel the statement should the context end first. A claim page's
// two reads so cost four goroutines with their channels: a few percent of
// the claim read's throughput (README). So the ent driver hands database/sql
// a read's context detached from its cancellation, and the connection
// underneath (conn) arms context.AfterFunc on the request's context while
// the statement runs: it costs no goroutine unless the request does end
// first (REQUEST_TIMEOUT, a client gone), and then asks PostgreSQL to
// cancel the connection's backend over a connection of its own, as lib/pq's
// own cancel request does.
//
// Two things differ from lib/pq's cancellation, both bounded:
//   - The watch covers a statement until its first row or its end, not
//     while the rest of its rows stream in: PostgreSQL has by then done the
//     waiting a cancel is for (locks, planning, sorting a page).
//   - A read waiting for a free pooled connection waits until one frees,
//     even past its deadline: the pool's connections are freed by their own
//     statements' cancellation, and the read then fails at once.
//
// Transactions keep database/sql's cancellation: the goroutine that rolls a
// transaction back when its context ends is the point there.

// detached is a read's context as database/sql and lib/pq see it: never
// done, with the request's values, and the request's context for conn.
type detached struct {
	context.Context // context.WithoutCancel(req)
	req             context.Context
}

func detach(ctx context.Context) context.Context {
	if ctx.Done() == nil {
		return ctx // nothing to cancel
	}
	return detached{Context: context.WithoutCancel(ctx), req: ctx}
}

// cancelTimeout bounds a cancel request's own connection and statement.
const cancelTimeout = 10 * time.Second

// NewConnector returns a connector for dsn (see DSN) whose connections
// cancel detached reads; a client over a pool opened with it (sql.OpenDB)
// detaches its reads.
func NewConnector(dsn string) (sqldriver.Connector, error) {
	c, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return &connector{inner: c}, nil
}

type connector struct{ inner sqldriver.Connector }

// Connect opens a connection and learns its backend's process id, which a
// cancellation names. A read that needs a new connection opens it within
// its request's time: a connection being opened has nothing to cancel, but
// dialling an unreachable server must not outlive the request.
func (c *connector) Connect(ctx context.Context) (sqldriver.Conn, error) {
	if d, ok := ctx.(detached); ok {
		ctx = d.req
	}
	dc, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pid, err := backendPID(ctx, dc)
	if err != nil {
		_ = dc.Close()
		return nil, err
	}
	return newConn(dc, pid, c.inner), nil
}

func (c *connector) Driver() sqldriver.Driver { return cancellingDriver{c.inner.Driver()} }

// cancellingDriver is the pool's sqldriver.Driver (*sql.DB.Driver): its type
// tells NewClient that the pool's connections cancel detached reads.
type cancellingDriver struct{ sqldriver.Driver }

// Open is sqldriver.Driver's: a connection to name that cancels detached
// reads. database/sql does not call it for a pool from NewConnector.
func (d cancellingDriver) Open(name string) (sqldriver.Conn, error) {
	c, err := NewConnector(name)
	if err != nil {
		return nil, err
	}
	return c.Connect(context.Background())
}

// cancelsReads reports whether db's connections come from NewConnector,
// directly or under wrappers whose driver has Unwrap (pgtest's counting
// one): only then may a client detach its reads.
func cancelsReads(d sqldriver.Driver) bool {
	for {
		switch x := d.(type) {
		case cancellingDriver:
			return true
		case interface{ Unwrap() sqldriver.Driver }:
			d = x.Unwrap()
		default:
			return false
		}
	}
}

func backendPID(ctx context.Context, dc sqldriver.Conn) (int64, error) {
	q, ok := dc.(sqldriver.QueryerContext)
	if !ok {
		return 0, errors.New("database: the driver cannot run queries")
	}
	rows, err := q.QueryContext(ctx, "SELECT pg_backend_pid()", nil)
	if err != nil {
		return 0, fmt.Errorf("reading the backend's process id: %w", err)
	}
	defer rows.Close()
	v := make([]sqldriver.Value, 1)
	if err := rows.Next(v); err != nil {
		return 0, fmt.Errorf("reading the backend's process id: %w", err)
	}
	pid, ok := v[0].(int64)
	if !ok {
		return 0, fmt.Errorf("reading the backend's process id: got %T", v[0])
	}
	return pid, nil
}

// conn is a lib/pq connection that cancels its detached statements when
// their request ends. It passes everything else through and implements
// every optional interface lib/pq's connection does, so database/sql
// treats it as it would lib/pq's.
type conn struct {
	sqldriver.Conn
	pid    int64
	dial   sqldriver.Connector // for the cancel request's own connection
	cancel func()              // c.cancelStatement, bound once

	// cancelling counts the armed watch (at most one: a connection runs
	// one statement at a time) and a cancel request in flight, which the
	// statement waits for before the connection goes back to the pool, so
	// that a late cancel cannot hit the connection's next statement.
	cancelling sync.WaitGroup
}

var (
	_ sqldriver.ConnBeginTx        = (*conn)(nil)
	_ sqldriver.ConnPrepareContext = (*conn)(nil)
	_ sqldriver.ExecerContext      = (*conn)(nil)
	_ sqldriver.QueryerContext     = (*conn)(nil)
	_ sqldriver.NamedValueChecker  = (*conn)(nil)
	_ sqldriver.Pinger             = (*conn)(nil)
	_ sqldriver.SessionResetter    = (*conn)(nil)
	_ sqldriver.Validator          = (*conn)(nil)
	_ sqldriver.StmtExecContext    = (*stmt)(nil)
	_ sqldriver.StmtQueryContext   = (*stmt)(nil)
)

func newConn(dc sqldriver.Conn, pid int64, dial sqldriver.Connector) *conn {
	c := &conn{Conn: dc, pid: pid, dial: dial}
	c.cancel = c.cancelStatement
	return c
}

// watching is a statement's armed cancellation; the zero value is none.
type watching struct {
	req  context.Context
	stop func() bool
}

// watch arms the cancellation of the statement about to run when ctx is
// detached; the caller runs the statement, then calls unwatch.
func (c *conn) watch(ctx context.Context) (watching, error) {
	d, ok := ctx.(detached)
	if !ok {
		return watching{}, nil
	}
	if err := d.req.Err(); err != nil {
		return watching{}, context.Cause(d.req) // ended before it reached the server
	}
	c.cancelling.Add(1)
	return watching{req: d.req, stop: context.AfterFunc(d.req, c.cancel)}, nil
}

// unwatch disarms w once its statement has answered with err, waiting for
// a cancel request already sent, and returns err saying why when the
// request's end cancelled the statement.
func (c *conn) unwatch(w watching, err error) error {
	if w.stop == nil {
		return err
	}
	if w.stop() {
		c.cancelling.Done()
		return err
	}
	c.cancelling.Wait()
	if err != nil {
		// PostgreSQL's error (query_canceled) stays in the chain.
		err = fmt.Errorf("%w: %w", context.Cause(w.req), err)
	}
	return err
}

// watched runs a statement on c under watch.
func watched[T any](c *conn, ctx context.Context, run func() (T, error)) (T, error) {
	w, err := c.watch(ctx)
	if err != nil {
		var none T
		return none, err
	}
	v, err := run()
	return v, c.unwatch(w, err)
}

// cancelStatement asks PostgreSQL to cancel whatever c's backend runs now:
// the watched statement, or nothing if it has just ended (a backend that
// waits for its next command ignores a cancel).
func (c *conn) cancelStatement() {
	defer c.cancelling.Done()
	ctx, cancel := context.WithTimeout(context.Background(), cancelTimeout)
	defer cancel()
	if err := cancelBackend(ctx, c.dial, c.pid); err != nil {
		slog.Warn("cancelling a statement whose request ended", "pid", c.pid, "err", err)
	}
}

func cancelBackend(ctx context.Context, dial sqldriver.Connector, pid int64) error {
	dc, err := dial.Connect(ctx)
	if err != nil {
		return err
	}
	defer dc.Close()
	ex, ok := dc.(sqldriver.ExecerContext)
	if !ok {
		return errors.New("the driver cannot run statements")
	}
	_, err = ex.ExecContext(ctx, "SELECT pg_cancel_backend($1)", []sqldriver.NamedValue{{Ordinal: 1, Value: pid}})
	return err
}

func (c *conn) QueryContext(ctx context.Context, query string, args []sqldriver.NamedValue) (sqldriver.Rows, error) {
	return watched(c, ctx, func() (sqldriver.Rows, error) {
		return c.Conn.(sqldriver.QueryerContext).QueryContext(ctx, query, args)
	})
}

func (c *conn) ExecContext(ctx context.Context, query string, args []sqldriver.NamedValue) (sqldriver.Result, error) {
	return watched(c, ctx, func() (sqldriver.Result, error) {
		return c.Conn.(sqldriver.ExecerContext).ExecContext(ctx, query, args)
	})
}

// PrepareContext is watched too: parsing a statement takes its tables'
// locks, and so may wait.
func (c *conn) PrepareContext(ctx context.Context, query string) (sqldriver.Stmt, error) {
	st, err := watched(c, ctx, func() (sqldriver.Stmt, error) {
		return c.Conn.(sqldriver.ConnPrepareContext).PrepareContext(ctx, query)
	})
	if err != nil {
		return nil, err
	}
	return &stmt{Stmt: st, conn: c}, nil
}

func (c *conn) Prepare(query string) (sqldriver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) BeginTx(ctx context.Context, opts sqldriver.TxOptions) (sqldriver.Tx, error) {
	return c.Conn.(sqldriver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *conn) CheckNamedValue(nv *sqldriver.NamedValue) error {
	return c.Conn.(sqldriver.NamedValueChecker).CheckNamedValue(nv)
}

func (c *conn) Ping(ctx context.Context) error { return c.Conn.(sqldriver.Pinger).Ping(ctx) }

func (c *conn) ResetSession(ctx context.Context) error {
	return c.Conn.(sqldriver.SessionResetter).ResetSession(ctx)
}

func (c *conn) IsValid() bool { return c.Conn.(sqldriver.Validator).IsValid() }

// stmt is a prepared statement of a conn, watched as the conn's own
// statements are. It leaves NamedValueChecker to the connection, as lib/pq's
// statement does.
type stmt struct {
	sqldriver.Stmt
	conn *conn
}

func (s *stmt) QueryContext(ctx context.Context, args []sqldriver.NamedValue) (sqldriver.Rows, error) {
	return watched(s.conn, ctx, func() (sqldriver.Rows, error) {
		return s.Stmt.(sqldriver.StmtQueryContext).QueryContext(ctx, args)
	})
}

func (s *stmt) ExecContext(ctx context.Context, args []sqldriver.NamedValue) (sqldriver.Result, error) {
	return watched(s.conn, ctx, func() (sqldriver.Result, error) {
		return s.Stmt.(sqldriver.StmtExecContext).ExecContext(ctx, args)
	})
}
