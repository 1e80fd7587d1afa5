package database_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/pgtest"
)

// openOne opens a fresh migrated database on a single connection, so that
// the session's prepared statements can be counted.
func openOne(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", database.DSN(pgtest.New(t, apitest.Template(t))))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

func prepared(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_prepared_statements").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReadsArePreparedOnce: ent's reads outside transactions run as
// prepared statements, each text prepared once per connection, with the
// same results as unprepared ones; JSON written through ent reads back.
func TestReadsArePreparedOnce(t *testing.T) {
	db := openOne(t)
	client := database.NewClient(db)
	ctx := database.System(context.Background())
	a := client.Actor.Create().SetName("PSOE").SetKind("PARTY").SaveX(ctx)
	claim := client.Claim.Create().SetText("Fue un hacker").SetLang("es").SetClaimant(a).
		SetTags([]string{"hackeo", "tuit"}).SaveX(ctx)

	before := prepared(t, db)
	for range 5 {
		got := client.Claim.GetX(ctx, claim.ID)
		if got.Text != "Fue un hacker" || len(got.Tags) != 2 || got.Tags[1] != "tuit" {
			t.Fatalf("read back %+v", got)
		}
		if n := client.Actor.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d actors", n)
		}
	}
	if n := prepared(t, db) - before; n < 1 || n > 2 {
		t.Errorf("five rounds of two reads prepared %d statements, want each text once", n)
	}
}

// TestPreparedStatementsRecover: a statement closed under a reader (an
// eviction) or outdated by a schema change is run again as plain text.
func TestPreparedStatementsRecover(t *testing.T) {
	db := openOne(t)
	ctx := context.Background()
	if _, err := db.Exec(`CREATE TABLE probe (a int); INSERT INTO probe VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	c := database.NewStmtCache(db)
	const q = `SELECT * FROM probe WHERE a = $1`
	columns := func() []string {
		t.Helper()
		rows, err := c.Query(ctx, q, 1)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		return cols
	}
	if cols := columns(); len(cols) != 1 {
		t.Fatalf("columns %v", cols)
	}
	c.CloseBehindTheBack(q)
	if cols := columns(); len(cols) != 1 {
		t.Fatalf("after the statement was closed: columns %v", cols)
	}
	_ = columns() // prepared anew
	if _, err := db.Exec(`ALTER TABLE probe ADD COLUMN b int`); err != nil {
		t.Fatal(err)
	}
	if cols := columns(); len(cols) != 2 {
		t.Errorf("after a schema change: columns %v, want a and b", cols)
	}
}
