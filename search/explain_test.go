package search

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"
)

// insertClaims adds n claims by actor in one statement, four in five in
// Spanish. Each is about a numbered "expediente" (file); one in every
// 10,000 also mentions a "malversación", so searching for it is selective.
func insertClaims(tb testing.TB, db *sql.DB, actor, n int) {
	tb.Helper()
	start := time.Now()
	_, err := db.Exec(`
		INSERT INTO claims (created_at, updated_at, claimant_id, lang, text, status, made_at)
		SELECT now(), now(), $1,
		       CASE WHEN i % 5 = 0 THEN 'en' ELSE 'es' END,
		       CASE WHEN i % 5 = 0
		            THEN 'The party said file ' || i || ' was about ' || (ARRAY['taxes', 'housing', 'pensions', 'schools'])[1 + i % 4]
		            ELSE 'El partido dijo que el expediente ' || i || ' trata de ' || (ARRAY['impuestos', 'vivienda', 'pensiones', 'colegios', 'sanidad'])[1 + i % 5]
		       END || CASE WHEN i % 10000 = 1 THEN ' y una malversación de fondos' ELSE '' END,
		       (ARRAY['OPEN', 'RATED', 'ARCHIVED'])[1 + i % 3],
		       timestamptz '2020-01-01' + i * interval '10 minutes'
		FROM generate_series(1, $2::int) AS i`, actor, n)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("inserted %d claims in %v", n, time.Since(start).Round(time.Millisecond))
}

// explain returns the plan of the search statement for q, as run.
func explain(t *testing.T, db *sql.DB, q Query) string {
	t.Helper()
	ctx := context.Background()
	v, err := validate(q)
	if err != nil {
		t.Fatal(err)
	}
	tsq, err := analyse(ctx, db, v)
	if err != nil {
		t.Fatal(err)
	}
	query, args := buildSQL(tsq, v)
	rows, err := db.QueryContext(ctx, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// The claim search reads claims through the GIN index, never by a
// sequential scan, over 100,000 claims.
func TestClaimSearchUsesTheIndex(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	actor := fixture{t, db}.actor("Partido")
	insertClaims(t, db, actor, 100_000)
	check := func(q Query, wantHits int) {
		t.Helper()
		plan := explain(t, db, q)
		if !strings.Contains(plan, "Bitmap Index Scan on claims_search_idx") || strings.Contains(plan, "Seq Scan on claims") {
			t.Errorf("%+v: the plan does not read claims through claims_search_idx only:\n%s", q, plan)
		} else {
			t.Logf("%+v:\n%s", q, plan)
		}
		if p := run(t, db, q); p.Total != wantHits {
			t.Errorf("%+v: %d hits, want %d", q, p.Total, wantHits)
		}
	}

	// Right after the bulk insert, with fresh statistics: whole words.
	if _, err := db.Exec("ANALYZE claims"); err != nil {
		t.Fatal(err)
	}
	check(Query{Text: "malversación ", Kinds: []Kind{KindClaim}}, 10)
	check(Query{Text: "malversacion fondos "}, 10)
	check(Query{Text: "malversacion expediente ", Lang: "es", Status: []string{"OPEN"}}, 3)

	// A GIN index built empty has no statistics of its own (entries,
	// pages) until VACUUM computes them, and until then the planner
	// prices prefix matches (type-ahead) pessimistically and may prefer a
	// sequential scan. Autovacuum runs after a burst of inserts like this
	// one (autovacuum_vacuum_insert_threshold); so does this test.
	if _, err := db.Exec("VACUUM ANALYZE claims"); err != nil {
		t.Fatal(err)
	}
	check(Query{Text: "malversación"}, 10)
	check(Query{Text: "malvers", Lang: "es"}, 10)
	check(Query{Text: "fondos malversa", ActorID: &actor, From: date("2020-01-01")}, 10)

	// A word in four claims in five: only the MaxRanked most recent
	// matches are ranked, read backwards through the primary key (the
	// planner stops after MaxRanked of them), still no sequential scan.
	q := Query{Text: "expediente ", Kinds: []Kind{KindClaim}}
	plan := explain(t, db, q)
	if !strings.Contains(plan, "Index Scan Backward using claims_pkey") || strings.Contains(plan, "Seq Scan on claims") {
		t.Errorf("%+v: want the newest matches through claims_pkey:\n%s", q, plan)
	} else {
		t.Logf("%+v:\n%s", q, plan)
	}
	p := run(t, db, q)
	if !p.TotalIsLowerBound || p.Total != MaxRanked || len(p.Hits) != DefaultFirst {
		t.Errorf("expediente: total %d (lower bound %v), %d hits; want %d, true, %d", p.Total, p.TotalIsLowerBound, len(p.Hits), MaxRanked, DefaultFirst)
	}
	var oldest int
	if err := db.QueryRow(`SELECT min(id) FROM (SELECT id FROM claims WHERE search_vector @@ to_tsquery('spanish', 'expediente')
		ORDER BY id DESC LIMIT $1) AS newest`, MaxRanked).Scan(&oldest); err != nil {
		t.Fatal(err)
	}
	for _, h := range p.Hits {
		if h.ID < oldest {
			t.Errorf("hit %d is older than the %d newest matches (from %d)", h.ID, MaxRanked, oldest)
		}
	}
	if p := run(t, db, Query{Text: "malversación"}); p.TotalIsLowerBound {
		t.Error("malversación: total marked as a lower bound")
	}
}
