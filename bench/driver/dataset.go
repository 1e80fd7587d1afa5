package main

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"log"
	"strings"
	"text/template"
	"time"
)

//go:embed dataset.sql
var datasetSQL string

// dataset describes the generated data; the load scripts compute ids from
// it.
type dataset struct {
	Actors, Claims, Evidence, Users, PerUser int
	// Derived.
	RichEvidence, PlainClaims, Regular, Step int
	// Each table's id base: its first identity value minus one, so row g
	// (from 1) has id base+g.
	ActorBase, AccountBase, StatementBase, ClaimBase, EvidenceBase, UserBase,
	SessionBase, VerdictBase, VerdictChangeBase, TallyBase int64
}

// hot claim ids: Veredicto's and the ceiling's (each target casts on its
// own hot claim, so both start from the same state).
func (d *dataset) hotClaim(i int) int64 { return d.ClaimBase + int64(d.Regular+1+i) }

// richClaim is the id of the i-th rich claim (20 evidence items), i >= 1.
func (d *dataset) richClaim(i int) int64 { return d.ClaimBase + int64(10*i) }

func newDataset(scale float64) (*dataset, error) {
	round := func(n float64, to int) int { return max(to, int(n/float64(to)+0.5)*to) }
	d := &dataset{
		Actors:   round(10000*scale, 10),
		Claims:   round(100000*scale, 100),
		Evidence: round(500000*scale, 100),
		Users:    round(50000*scale, 10),
		PerUser:  18,
	}
	d.RichEvidence = d.Claims / 10 * 20
	d.PlainClaims = d.Claims - d.Claims/10
	d.Regular = d.Claims - 10
	if d.Evidence < d.RichEvidence {
		return nil, fmt.Errorf("scale too small: %d evidence items for %d rich claims", d.Evidence, d.Claims/10)
	}
	// step must be coprime with Regular (so a reader's k = 0, 1, ... map
	// to distinct claims) and odd-looking enough to spread them.
	for s := max(d.Regular/20, 11) | 1; ; s += 2 {
		if gcd(s, d.Regular) == 1 && isPrime(s) {
			d.Step = s
			break
		}
	}
	return d, nil
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	for i := 2; i*i <= n; i++ {
		if n%i == 0 {
			return false
		}
	}
	return true
}

// generateTables lists the tables the dataset fills.
var generateTables = []string{"actors", "accounts", "statements", "claims", "evidence", "users", "sessions",
	"verdicts", "verdict_changes", "claim_tallies"}

// generate fills an empty, migrated database. It returns how long each
// step took.
func (d *dataset) generate(ctx context.Context, dsn string) ([]stepTime, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // session settings below must hold for every step
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()

	bases := map[string]*int64{
		"actors": &d.ActorBase, "accounts": &d.AccountBase, "statements": &d.StatementBase, "claims": &d.ClaimBase,
		"evidence": &d.EvidenceBase, "users": &d.UserBase, "sessions": &d.SessionBase, "verdicts": &d.VerdictBase,
		"verdict_changes": &d.VerdictChangeBase, "claim_tallies": &d.TallyBase,
	}
	for table, p := range bases {
		err := conn.QueryRowContext(ctx, `SELECT s.seqstart - 1 FROM pg_sequence s
			WHERE s.seqrelid = pg_get_serial_sequence('public.' || $1, 'id')::regclass`, table).Scan(p)
		if err != nil {
			return nil, fmt.Errorf("reading the id sequence of %s: %w", table, err)
		}
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			return nil, err
		}
		if n != 0 {
			return nil, fmt.Errorf("table %s is not empty", table)
		}
	}

	var times []stepTime
	step := func(name string, f func() error) error {
		start := time.Now()
		if err := f(); err != nil {
			return fmt.Errorf("dataset step %s: %w", name, err)
		}
		times = append(times, stepTime{name, time.Since(start)})
		log.Printf("dataset: %-16s %6.1fs", name, time.Since(start).Seconds())
		return nil
	}
	exec := func(q string) error { _, err := conn.ExecContext(ctx, q); return err }

	for _, s := range []string{
		"SET session_replication_role = replica", // no FK or audit triggers: consistent by construction
		"SET synchronous_commit = off",
		"SET maintenance_work_mem = '1GB'",
		"SET max_parallel_maintenance_workers = 2",
	} {
		if err := exec(s); err != nil {
			return nil, err
		}
	}

	// Secondary indexes (not those behind constraints) are dropped and
	// rebuilt after the load, which is much faster than maintaining them.
	type index struct{ name, def string }
	var indexes []index
	rows, err := conn.QueryContext(ctx, `
		SELECT i.relname, pg_get_indexdef(i.oid)
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND t.relname = ANY($1)
		  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
		ORDER BY 1`, "{"+strings.Join(generateTables, ",")+"}")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var ix index
		if err := rows.Scan(&ix.name, &ix.def); err != nil {
			rows.Close()
			return nil, err
		}
		indexes = append(indexes, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := step("drop indexes", func() error {
		for _, ix := range indexes {
			if err := exec(`DROP INDEX public."` + ix.name + `"`); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}

	tmpl, err := template.New("dataset").Option("missingkey=error").Parse(datasetSQL)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, d); err != nil {
		return nil, err
	}
	for _, part := range strings.Split(buf.String(), "-- step: ")[1:] {
		name, body, _ := strings.Cut(part, "\n")
		if err := step(strings.TrimSpace(name), func() error { return exec(body) }); err != nil {
			return nil, err
		}
	}

	if err := step("indexes", func() error {
		for _, ix := range indexes {
			if err := exec(ix.def); err != nil {
				return fmt.Errorf("%s: %w", ix.name, err)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := step("sequences", func() error {
		for _, t := range generateTables {
			if err := exec(`SELECT setval(pg_get_serial_sequence('public.` + t + `', 'id'), (SELECT max(id) FROM ` + t + `))`); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := step("vacuum analyze", func() error {
		for _, t := range generateTables {
			if err := exec(`VACUUM (ANALYZE) ` + t); err != nil {
				return err
			}
		}
		return exec("CHECKPOINT")
	}); err != nil {
		return nil, err
	}
	return times, nil
}

type stepTime struct {
	name string
	d    time.Duration
}

// counts reads the row counts the report quotes.
func counts(ctx context.Context, db *sql.DB) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range generateTables {
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM `+t).Scan(&n); err != nil {
			return nil, err
		}
		out[t] = n
	}
	return out, nil
}
