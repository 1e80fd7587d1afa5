package pgtest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/lib/pq"
)

// maxRecorded bounds the statements a Counter keeps for failure messages.
const maxRecorded = 1000

// Counter counts the SQL statements sent through a *sql.DB opened with
// OpenCounting, to prove that code does a fixed number of queries (no N+1).
//
// Counted: every Exec and Query, whether sent directly, through a prepared
// statement (each execution counts; preparing does not) or inside a
// transaction, and also when the server rejects it. Not counted: Begin,
// Commit, Rollback, Ping and connection setup, which are not statements of
// the code under test. A multi-statement string sent in one Exec counts once
// (it is one round trip); so does each row of a COPY through a prepared
// COPY statement, as each is one Exec.
//
// A Counter belongs to one *sql.DB, so parallel tests with their own DBs do
// not disturb each other's counts.
type Counter struct {
	n     atomic.Int64
	mu    sync.Mutex
	stmts []string
}

// Count returns the number of statements since OpenCounting or Reset.
func (c *Counter) Count() int64 { return c.n.Load() }

// Reset sets the count to zero and forgets the recorded statements, e.g.
// after a test's fixture setup.
func (c *Counter) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n.Store(0)
	c.stmts = nil
}

// Statements returns the SQL of the statements counted since OpenCounting or
// Reset, in order (at most the first 1000), to show in a failure message.
func (c *Counter) Statements() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.stmts...)
}

func (c *Counter) add(query string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n.Add(1)
	if len(c.stmts) < maxRecorded {
		c.stmts = append(c.stmts, query)
	}
}

// OpenCounting opens dsn with lib/pq behind a counting wrapper and returns
// the pool with its Counter. The pool works anywhere a lib/pq *sql.DB does
// (e.g. entsql.OpenDB(dialect.Postgres, db)). Close it when done.
func OpenCounting(dsn string) (*sql.DB, *Counter, error) {
	inner, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("pgtest: %w", err)
	}
	db, c := OpenCountingOn(inner)
	return db, c, nil
}

// OpenCountingOn is OpenCounting over the connections inner makes (e.g.
// one that wraps lib/pq's in turn). Statements inner sends on its own,
// beneath the counter, are not counted.
func OpenCountingOn(inner driver.Connector) (*sql.DB, *Counter) {
	c := &Counter{}
	return sql.OpenDB(&countingConnector{inner: inner, counter: c}), c
}

// countingConnector wraps a connector so that every connection it makes is
// a countingConn. A connector (rather than a driver registered by name)
// gives each *sql.DB its own Counter.
type countingConnector struct {
	inner   driver.Connector
	counter *Counter
}

func (k *countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := k.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &countingConn{inner: conn, counter: k.counter}, nil
}

func (k *countingConnector) Driver() driver.Driver {
	return countingDriver{inner: k.inner.Driver(), counter: k.counter}
}

type countingDriver struct {
	inner   driver.Driver
	counter *Counter
}

// Unwrap returns the wrapped driver, so that code can tell what is beneath.
func (d countingDriver) Unwrap() driver.Driver { return d.inner }

func (d countingDriver) Open(name string) (driver.Conn, error) {
	conn, err := d.inner.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingConn{inner: conn, counter: d.counter}, nil
}

// countingConn passes everything to the lib/pq connection, counting the
// statements. It implements every optional interface lib/pq's connection
// does, so database/sql behaves exactly as it would without the wrapper;
// where the inner connection lacks one, it answers as database/sql would
// (driver.ErrSkip makes database/sql fall back to prepare + execute, which
// is then counted by countingStmt instead).
type countingConn struct {
	inner   driver.Conn
	counter *Counter
}

var (
	_ driver.Conn               = (*countingConn)(nil)
	_ driver.ConnBeginTx        = (*countingConn)(nil)
	_ driver.ConnPrepareContext = (*countingConn)(nil)
	_ driver.ExecerContext      = (*countingConn)(nil)
	_ driver.QueryerContext     = (*countingConn)(nil)
	_ driver.NamedValueChecker  = (*countingConn)(nil)
	_ driver.Pinger             = (*countingConn)(nil)
	_ driver.SessionResetter    = (*countingConn)(nil)
	_ driver.Validator          = (*countingConn)(nil)
	_ driver.StmtExecContext    = (*countingStmt)(nil)
	_ driver.StmtQueryContext   = (*countingStmt)(nil)
)

// Unwrap returns the lib/pq connection, for code that needs it via
// (*sql.Conn).Raw.
func (c *countingConn) Unwrap() driver.Conn { return c.inner }

func (c *countingConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	var (
		st  driver.Stmt
		err error
	)
	if p, ok := c.inner.(driver.ConnPrepareContext); ok {
		st, err = p.PrepareContext(ctx, query)
	} else {
		st, err = c.inner.Prepare(query)
	}
	if err != nil {
		return nil, err
	}
	return &countingStmt{inner: st, query: query, counter: c.counter}, nil
}

func (c *countingConn) Close() error { return c.inner.Close() }

// Begin is required by driver.Conn; database/sql calls BeginTx.
func (c *countingConn) Begin() (driver.Tx, error) {
	//lint:ignore SA1019 passing the deprecated method through is the point
	return c.inner.Begin()
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.inner.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	if opts.ReadOnly || opts.Isolation != 0 {
		return nil, fmt.Errorf("pgtest: the wrapped driver does not support transaction options")
	}
	//lint:ignore SA1019 fallback for drivers without BeginTx
	return c.inner.Begin()
}

func (c *countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	e, ok := c.inner.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	res, err := e.ExecContext(ctx, query, args)
	if !errors.Is(err, driver.ErrSkip) {
		c.counter.add(query)
	}
	return res, err
}

func (c *countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	q, ok := c.inner.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	rows, err := q.QueryContext(ctx, query, args)
	if !errors.Is(err, driver.ErrSkip) {
		c.counter.add(query)
	}
	return rows, err
}

func (c *countingConn) CheckNamedValue(nv *driver.NamedValue) error {
	if v, ok := c.inner.(driver.NamedValueChecker); ok {
		return v.CheckNamedValue(nv)
	}
	return driver.ErrSkip // database/sql's default conversion
}

func (c *countingConn) Ping(ctx context.Context) error {
	if p, ok := c.inner.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.inner.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c *countingConn) IsValid() bool {
	if v, ok := c.inner.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}

// countingStmt counts each execution of a prepared statement. It does not
// implement NamedValueChecker: database/sql would then not consult the
// connection's checker, which is lib/pq's.
type countingStmt struct {
	inner   driver.Stmt
	query   string
	counter *Counter
}

func (s *countingStmt) Close() error  { return s.inner.Close() }
func (s *countingStmt) NumInput() int { return s.inner.NumInput() }

// Exec is required by driver.Stmt; database/sql calls ExecContext.
func (s *countingStmt) Exec(args []driver.Value) (driver.Result, error) {
	s.counter.add(s.query)
	//lint:ignore SA1019 passing the deprecated method through is the point
	return s.inner.Exec(args)
}

// Query is required by driver.Stmt; database/sql calls QueryContext.
func (s *countingStmt) Query(args []driver.Value) (driver.Rows, error) {
	s.counter.add(s.query)
	//lint:ignore SA1019 passing the deprecated method through is the point
	return s.inner.Query(args)
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if e, ok := s.inner.(driver.StmtExecContext); ok {
		s.counter.add(s.query)
		return e.ExecContext(ctx, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	return s.Exec(vals)
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if q, ok := s.inner.(driver.StmtQueryContext); ok {
		s.counter.add(s.query)
		return q.QueryContext(ctx, args)
	}
	vals, err := values(args)
	if err != nil {
		return nil, err
	}
	return s.Query(vals)
}

// values converts arguments for a statement without the Context methods,
// as database/sql does: such drivers cannot take named arguments.
func values(named []driver.NamedValue) ([]driver.Value, error) {
	out := make([]driver.Value, len(named))
	for i, nv := range named {
		if nv.Name != "" {
			return nil, fmt.Errorf("pgtest: the wrapped driver does not support named arguments (%s)", nv.Name)
		}
		out[i] = nv.Value
	}
	return out, nil
}
