package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"testing"
	"time"

	"github.com/veredicto/veredicto/internal/dbmigrate"
	"github.com/veredicto/veredicto/internal/pgtest"
)

// template is the migrated database tests clone: the same template as
// apitest.Template (same name and version), without the HTTP server.
func template(tb testing.TB) pgtest.Template {
	return pgtest.Template{
		Name:    "veredicto",
		Version: pgtest.HashPaths(tb, "ent/migrate/migrations"),
		Setup: func(ctx context.Context, db *sql.DB) error {
			_, err := dbmigrate.Up(ctx, db)
			return err
		},
	}
}

// newDB returns a fresh migrated database.
func newDB(tb testing.TB) *sql.DB {
	tb.Helper()
	return pgtest.Open(tb, pgtest.New(tb, template(tb)))
}

// fixture inserts rows with plain SQL (no ent hooks: search reads only
// the tables).
type fixture struct {
	t  testing.TB
	db *sql.DB
}

func (f fixture) id(query string, args ...any) int {
	f.t.Helper()
	var id int
	if err := f.db.QueryRow(query, args...).Scan(&id); err != nil {
		f.t.Fatalf("fixture: %v\n%s", err, query)
	}
	return id
}

func (f fixture) actor(name string) int {
	return f.id(`INSERT INTO actors (created_at, updated_at, name, kind) VALUES (now(), now(), $1, 'PARTY') RETURNING id`, name)
}

func (f fixture) account(actorID int, handle string) int {
	return f.id(`INSERT INTO accounts (created_at, updated_at, platform, handle, actor_id) VALUES (now(), now(), 'TWITTER', $1, $2) RETURNING id`, handle, actorID)
}

// statement inserts a statement; lang "" is not recorded (NULL).
func (f fixture) statement(accountID int, lang, text string, postedAt *time.Time) int {
	var l *string
	if lang != "" {
		l = &lang
	}
	return f.id(`INSERT INTO statements (created_at, updated_at, account_id, lang, text, posted_at) VALUES (now(), now(), $1, $2, $3, $4) RETURNING id`,
		accountID, l, text, postedAt)
}

type claimRow struct {
	actor  int
	lang   string
	text   string
	status string
	madeAt *time.Time
	tags   []string
}

func (f fixture) claim(c claimRow) int {
	if c.status == "" {
		c.status = "OPEN"
	}
	var tags []byte
	if c.tags != nil {
		tags, _ = json.Marshal(c.tags)
	}
	return f.id(`INSERT INTO claims (created_at, updated_at, claimant_id, lang, text, status, made_at, tags) VALUES (now(), now(), $1, $2, $3, $4, $5, $6) RETURNING id`,
		c.actor, c.lang, c.text, c.status, c.madeAt, tags)
}

type evidenceRow struct {
	claim      int
	summary    string
	body       string
	status     string
	observedAt *time.Time
}

func (f fixture) evidence(e evidenceRow) int {
	if e.status == "" {
		e.status = "PUBLISHED"
	}
	var body *string
	if e.body != "" {
		body = &e.body
	}
	return f.id(`INSERT INTO evidence (created_at, updated_at, kind, stance, claim_id, summary, body, status, observed_at) VALUES (now(), now(), 'OTHER', 'CONTEXT', $1, $2, $3, $4, $5) RETURNING id`,
		e.claim, e.summary, body, e.status, e.observedAt)
}

func date(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}
