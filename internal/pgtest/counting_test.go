package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
)

func TestCounterCountsStatements(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	dsn := New(t, throwaway(t, &runs))
	db, counter, err := OpenCounting(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ctx := context.Background()

	var want []string
	step := func(what string, f func() error, sent ...string) {
		t.Helper()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		want = append(want, sent...)
		if got := counter.Count(); got != int64(len(want)) {
			t.Fatalf("after %s: Count() = %d, want %d; statements: %q", what, got, len(want), counter.Statements())
		}
	}

	// Connection setup and Ping are not statements.
	step("Ping", func() error { return db.PingContext(ctx) })

	const ins = "INSERT INTO items VALUES ($1)"
	step("Exec", func() error { _, err := db.ExecContext(ctx, ins, 10); return err }, ins)

	const one = "SELECT id FROM items WHERE id = $1"
	step("QueryRow", func() error { var id int; return db.QueryRowContext(ctx, one, 10).Scan(&id) }, one)

	const all = "SELECT id FROM items ORDER BY id"
	step("Query", func() error {
		rows, err := db.QueryContext(ctx, all)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
		}
		return rows.Err()
	}, all)

	// Preparing is not counted; each execution is.
	step("prepared statement", func() error {
		st, err := db.PrepareContext(ctx, ins)
		if err != nil {
			return err
		}
		defer st.Close()
		for id := 20; id < 23; id++ {
			if _, err := st.ExecContext(ctx, id); err != nil {
				return err
			}
		}
		// Through Query too (an INSERT without RETURNING yields no row).
		var n int
		if err := st.QueryRowContext(ctx, 23).Scan(&n); !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return nil
	}, ins, ins, ins, ins)

	// Statements in a transaction count; BEGIN and COMMIT do not.
	step("transaction", func() error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
		if _, err := tx.ExecContext(ctx, ins, 30); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, one)
		if err != nil {
			return err
		}
		var id int
		if err := st.QueryRowContext(ctx, 30).Scan(&id); err != nil {
			return err
		}
		return tx.Commit()
	}, ins, one)

	// A pinned connection is counted the same.
	step("Conn", func() error {
		conn, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		_, err = conn.ExecContext(ctx, ins, 40)
		return err
	}, ins)

	// lib/pq's own argument conversion still applies through the wrapper: a
	// plain []int64 is only accepted by its NamedValueChecker.
	const arr = "SELECT cardinality($1::bigint[])"
	step("lib/pq arguments", func() error {
		var n int
		if err := db.QueryRowContext(ctx, arr, []int64{1, 2, 3}).Scan(&n); err != nil {
			return err
		}
		if n != 3 {
			t.Errorf("cardinality = %d, want 3", n)
		}
		return nil
	}, arr)

	// A statement the server rejects was still sent.
	const bad = "SELECT no_such_column FROM items"
	step("failing statement", func() error {
		if _, err := db.ExecContext(ctx, bad); err == nil {
			t.Error("bad statement succeeded")
		}
		return nil
	}, bad)

	if got := counter.Statements(); !slices.Equal(got, want) {
		t.Errorf("Statements() = %q\nwant %q", got, want)
	}

	counter.Reset()
	if counter.Count() != 0 || len(counter.Statements()) != 0 {
		t.Errorf("after Reset: Count() = %d, Statements() = %q", counter.Count(), counter.Statements())
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1+1+4+1+1 {
		t.Errorf("items has %d rows, want 8: the wrapper lost writes", n)
	}
	if counter.Count() != 1 {
		t.Errorf("after Reset and one query: Count() = %d, want 1", counter.Count())
	}
}

func TestCountersAreIndependent(t *testing.T) {
	t.Parallel()
	var runs atomic.Int64
	dsn := New(t, throwaway(t, &runs))
	a, ca, err := OpenCounting(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, cb, err := OpenCounting(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for range 3 {
		if _, err := a.Exec("SELECT 1"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Exec("SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if ca.Count() != 3 || cb.Count() != 1 {
		t.Errorf("counts = %d, %d; want 3, 1", ca.Count(), cb.Count())
	}
}

func TestOpenCountingRejectsBadDSN(t *testing.T) {
	t.Parallel()
	if _, _, err := OpenCounting("postgres://%zz"); err == nil {
		t.Error("OpenCounting accepted a malformed DSN")
	}
}
