package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// target is one server's side of a scenario.
type target struct {
	key    string // veredicto, ceiling, postgraphile, bare
	label  string
	srv    *server
	path   string
	args   []string // Lua arguments (without per-round ones)
	hot    int64    // cast-hot: the claim this target casts on
	castIx int      // cast-spread: the target's slot in the k space
}

type scenario struct {
	key, title string
	cast       string // "", "hot", "spread"
	nosync     bool   // run with synchronous_commit = off (a diagnostic)
	targets    []*target
	skipped    []string
}

// round is one measured run of one target.
type round struct {
	res        *wrkResult
	rps        float64
	serverCPU  float64        // ms
	pgCPU      float64        // ms
	wrkCPU     float64        // ms
	otherCPU   float64        // ms: every other process on the machine (it may be shared)
	waits      map[string]int // sampled backend states of the bench database
	samples    int
	wall       float64 // ms
	dataStmts  int64
	utilStmts  int64
	statements []stmtDelta
	check      *castCheck
}

func (r *round) cpuPerReq() float64 {
	if r.res.Requests == 0 {
		return 0
	}
	return (r.serverCPU + r.pgCPU) / float64(r.res.Requests)
}

func (r *round) sqlPerReq() float64 {
	if r.res.Requests == 0 {
		return 0
	}
	return float64(r.dataStmts) / float64(r.res.Requests)
}

// castCheck compares what a cast run wrote with what it acknowledged.
// wrk stops with requests in flight: the server may commit those after
// the last response wrk read, so the rows added lie between the
// acknowledged casts and the casts sent.
type castCheck struct {
	acked           int64 // 2xx responses without "errors"
	sent            int64 // requests sent (acknowledged, failed or in flight at the end)
	changes         int64 // verdict_changes rows added
	newVerdicts     int64 // verdicts rows added
	wantNewVerdicts int64
	tallyMismatches int64 // claims whose tally differs from a fresh count
	hotTotal        int64 // cast-hot: the hot claim's tally total afterwards
	wantHotTotal    int64
}

// lost counts acknowledged casts that left no row (at least).
func (c *castCheck) lost() int64 { return max(0, c.acked-c.changes) }

// extra counts rows no request accounts for (at least).
func (c *castCheck) extra() int64 { return max(0, c.changes-c.sent) }

func (c *castCheck) ok() bool {
	return c.lost() == 0 && c.extra() == 0 && c.newVerdicts == c.wantNewVerdicts && c.tallyMismatches == 0 &&
		c.hotTotal == c.wantHotTotal
}

type scenarioResult struct {
	sc     *scenario
	rounds map[string][]*round // by target key, measured rounds only
	warm   map[string]*round
}

func (b *bench) scenarioByName(name string) *scenario {
	d := b.ds
	rich := strconv.Itoa(d.Regular / 10) // rich claims 10, 20, ... below the hot ones
	claimBase := strconv.FormatInt(d.ClaimBase, 10)
	read := func(n string, more ...string) []string {
		return append([]string{"mode=read", "base=" + claimBase, "step=10", "n=" + n}, more...)
	}
	sc := &scenario{key: name}
	add := func(t *target) { sc.targets = append(sc.targets, t) }
	switch name {
	case "widget":
		sc.title = "widget read: GET /api/widget/claims/{id}, 1,000 claims"
		if b.widgetNote == "" {
			add(&target{key: "veredicto", label: "Veredicto", srv: b.veredicto, path: "/",
				args: read("1000", "path=/api/widget/claims/%ID%")})
		} else {
			sc.skipped = append(sc.skipped, "Veredicto: "+b.widgetNote)
		}
		add(&target{key: "ceiling", label: "ceiling (cached, hand-written)", srv: b.ceiling, path: "/",
			args: read("1000", "path=/api/widget/claims/%ID%")})
		add(&target{key: "bare", label: "bare net/http, fixed body", srv: b.ceiling, path: "/",
			args: read("1000", "path=/fixed/%ID%")})
		sc.skipped = append(sc.skipped, "PostGraphile: no widget endpoint")
	case "widget-rate":
		rate := strconv.Itoa(b.cfg.widgetRate)
		conns := strconv.Itoa(b.cfg.connections)
		sc.title = fmt.Sprintf("widget read paced at about %s req/s (each connection waits %.1f ms between requests; latency below saturation)",
			thousands(float64(b.cfg.widgetRate)), 1000*float64(b.cfg.connections)/float64(b.cfg.widgetRate))
		if b.widgetNote == "" {
			add(&target{key: "veredicto", label: "Veredicto", srv: b.veredicto, path: "/",
				args: read("1000", "path=/api/widget/claims/%ID%", "rate="+rate, "conns="+conns)})
		} else {
			sc.skipped = append(sc.skipped, "Veredicto: "+b.widgetNote)
		}
		add(&target{key: "ceiling", label: "ceiling (cached, hand-written)", srv: b.ceiling, path: "/",
			args: read("1000", "path=/api/widget/claims/%ID%", "rate="+rate, "conns="+conns)})
		add(&target{key: "bare", label: "bare net/http, fixed body", srv: b.ceiling, path: "/",
			args: read("1000", "path=/fixed/%ID%", "rate="+rate, "conns="+conns)})
	case "claim":
		sc.title = "one claim + claimant + 10 evidence items (random of " + rich + " claims with 20)"
		add(&target{key: "veredicto", label: "Veredicto (GraphQL)", srv: b.veredicto, path: "/graphql",
			args: read(rich, "method=POST", "path=/graphql",
				"body="+gqlBody(veredictoClaimQuery, map[string]string{"id": "%ID%"}))})
		add(&target{key: "ceiling", label: "ceiling (1 SQL statement)", srv: b.ceiling, path: "/",
			args: read(rich, "path=/api/claims/%ID%")})
		if b.postgraphile != nil {
			add(&target{key: "postgraphile", label: "PostGraphile 4.14.1", srv: b.postgraphile, path: "/graphql",
				args: read(rich, "method=POST", "path=/graphql",
					"body="+gqlBody(postgraphileClaimQuery, map[string]string{"id": "%ID%"}))})
		}
	case "latest":
		sc.title = "the 20 latest claims with claimant and evidence count"
		add(&target{key: "veredicto", label: "Veredicto (GraphQL)", srv: b.veredicto, path: "/graphql",
			args: []string{"mode=read", "n=0", "method=POST", "path=/graphql", "body=" + gqlBody(veredictoLatestQuery, nil)}})
		add(&target{key: "ceiling", label: "ceiling (1 SQL statement)", srv: b.ceiling, path: "/",
			args: []string{"mode=read", "n=0", "path=/api/latest"}})
		if b.postgraphile != nil {
			add(&target{key: "postgraphile", label: "PostGraphile 4.14.1", srv: b.postgraphile, path: "/graphql",
				args: []string{"mode=read", "n=0", "method=POST", "path=/graphql", "body=" + gqlBody(postgraphileLatestQuery, nil)}})
		}
	case "cast-hot", "cast-spread", "cast-hot-nosync":
		common := []string{"method=POST", "threads=" + strconv.Itoa(b.cfg.threads), "users=" + strconv.Itoa(d.Users),
			"cookie=veredicto_session"}
		vBody := "body=" + gqlBody(veredictoCastMutation, map[string]string{"c": "%CLAIM%", "v": "%VALUE%"})
		cBody := `body={"claimId":"%CLAIM%","value":"%VALUE%"}`
		if name == "cast-hot" || name == "cast-hot-nosync" {
			sc.cast = "hot"
			sc.title = fmt.Sprintf("castVerdict on one hot claim (%d verdicts; every cast changes a reader's verdict)", d.Users)
			if name == "cast-hot-nosync" {
				sc.nosync = true
				sc.title = "diagnostic, not a production setting: castVerdict on one hot claim with synchronous_commit = off " +
					"(commits do not wait for the WAL flush, so the tally row's lock is held for less time)"
			}
			add(&target{key: "veredicto", label: "Veredicto (GraphQL)", srv: b.veredicto, path: "/graphql", hot: d.hotClaim(0),
				args: append(slices.Clone(common), "mode=hot", "path=/graphql", "xff=1", vBody,
					"claim="+strconv.FormatInt(d.hotClaim(0), 10))})
			add(&target{key: "ceiling", label: "ceiling (hand-written tx)", srv: b.ceiling, path: "/", hot: d.hotClaim(1),
				args: append(slices.Clone(common), "mode=hot", "path=/api/cast", cBody,
					"claim="+strconv.FormatInt(d.hotClaim(1), 10))})
		} else {
			sc.cast = "spread"
			sc.title = fmt.Sprintf("castVerdict spread over %d claims (every cast a new verdict)", d.Regular)
			spread := []string{"mode=spread", "step=" + strconv.Itoa(d.Step), "regular=" + strconv.Itoa(d.Regular),
				"claimbase=" + claimBase}
			add(&target{key: "veredicto", label: "Veredicto (GraphQL)", srv: b.veredicto, path: "/graphql", castIx: 0,
				args: append(append(slices.Clone(common), spread...), "path=/graphql", "xff=1", vBody)})
			add(&target{key: "ceiling", label: "ceiling (hand-written tx)", srv: b.ceiling, path: "/", castIx: 1,
				args: append(append(slices.Clone(common), spread...), "path=/api/cast", cBody)})
		}
		sc.skipped = append(sc.skipped, "PostGraphile: no castVerdict with the same semantics (one verdict per reader, "+
			"tally delta and history in one transaction) without writing the function ourselves; compared with the ceiling only")
	}
	return sc
}

func (b *bench) runScenario(ctx context.Context, sc *scenario) (*scenarioResult, error) {
	res := &scenarioResult{sc: sc, rounds: map[string][]*round{}, warm: map[string]*round{}}
	b.smu.Lock()
	b.scenario = sc.key
	b.smu.Unlock()
	defer func() {
		b.smu.Lock()
		b.scenario = ""
		b.smu.Unlock()
	}()
	log.Printf("scenario %s: %s", sc.key, sc.title)
	if sc.nosync {
		if err := b.setSyncCommit(ctx, false); err != nil {
			return nil, err
		}
		defer func() {
			if err := b.setSyncCommit(context.WithoutCancel(ctx), true); err != nil {
				log.Printf("restoring synchronous_commit: %v", err)
			}
		}()
	}
	if b.cfg.warmup > 0 {
		for _, t := range sc.targets {
			r, err := b.measure(ctx, sc, t, b.cfg.rounds, b.cfg.warmup)
			if err != nil {
				return nil, err
			}
			res.warm[t.key] = r
			log.Printf("  warm-up %-13s %8.0f req/s", t.key, r.rps)
		}
	}
	for i := 0; i < b.cfg.rounds; i++ {
		for _, t := range sc.targets {
			r, err := b.measure(ctx, sc, t, i, b.cfg.duration)
			if err != nil {
				return nil, err
			}
			res.rounds[t.key] = append(res.rounds[t.key], r)
			extra := ""
			if r.check != nil {
				extra = fmt.Sprintf("  acked %d, history rows %d, sent %d, new verdicts %d/%d, tally mismatches %d",
					r.check.acked, r.check.changes, r.check.sent, r.check.newVerdicts, r.check.wantNewVerdicts, r.check.tallyMismatches)
			}
			if r.wall > 0 && r.otherCPU/r.wall > 0.25 {
				extra += fmt.Sprintf("  (other processes used %.1f cores)", r.otherCPU/r.wall)
			}
			log.Printf("  round %d %-13s %8.0f req/s  p50 %6.2f ms  p99 %7.2f ms  cpu %.3f ms/req  sql %.2f/req  errors %d%s",
				i+1, t.key, r.rps, float64(r.res.P50US)/1000, float64(r.res.P99US)/1000, r.cpuPerReq(), r.sqlPerReq(),
				r.res.GQLErrors+r.res.Non2xx, extra)
			if r.res.Sample != "" {
				log.Printf("    first error: %.200s", r.res.Sample)
			}
		}
	}
	return res, nil
}

// measure runs one target once: the cast state and counts before, wrk,
// CPU and statement deltas, then the cast checks.
func (b *bench) measure(ctx context.Context, sc *scenario, t *target, roundIx int, d time.Duration) (*round, error) {
	args := slices.Clone(t.args)
	var before castCounts
	if sc.cast != "" {
		var err error
		if sc.cast == "hot" {
			state, err := b.writeHotState(ctx, t.hot)
			if err != nil {
				return nil, err
			}
			args = append(args, "state="+state)
		} else {
			// k from PerUser on: claims the reader has not judged. Each
			// target and round gets its own range of 1,000 k values.
			kbase := b.ds.PerUser + (t.castIx*(b.cfg.rounds+1)+roundIx)*1000
			args = append(args, "kbase="+strconv.Itoa(kbase))
		}
		if before, err = b.castCounts(ctx); err != nil {
			return nil, err
		}
	}
	pid := t.srv.pid()
	snapBefore, err := snapshotStatements(ctx, b.stats, b.dbid)
	if err != nil {
		return nil, err
	}
	srvBefore, pgBefore := cpuMillis(pid), postgresCPUMillis(b.pm)
	busyBefore, _ := machineCPUMillis()
	start := time.Now()
	sampleCtx, stopSampling := context.WithCancel(ctx)
	waitsDone := make(chan struct{})
	var waits map[string]int
	var samples int
	go func() {
		defer close(waitsDone)
		waits, samples = b.sampleWaits(sampleCtx)
	}()
	res, wrkCPU, err := runWrk(ctx, b.cfg, t.srv.url+"/", d, args)
	stopSampling()
	<-waitsDone
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", sc.key, t.key, err)
	}
	wall := float64(time.Since(start).Microseconds()) / 1000
	busyAfter, _ := machineCPUMillis()
	srvAfter, pgAfter := cpuMillis(pid), postgresCPUMillis(b.pm)
	snapAfter, err := snapshotStatements(ctx, b.stats, b.dbid)
	if err != nil {
		return nil, err
	}
	r := &round{res: res, serverCPU: srvAfter - srvBefore, pgCPU: pgAfter - pgBefore, wrkCPU: wrkCPU, wall: wall,
		waits: waits, samples: samples}
	r.otherCPU = max(0, (busyAfter-busyBefore)-r.serverCPU-r.pgCPU-r.wrkCPU)
	if res.DurationUS > 0 {
		r.rps = float64(res.Requests) / (float64(res.DurationUS) / 1e6)
	}
	r.dataStmts, r.utilStmts, r.statements = diff(snapBefore, snapAfter)
	if sc.cast != "" {
		after, err := b.castCounts(ctx)
		if err != nil {
			return nil, err
		}
		c := &castCheck{acked: res.OK, sent: res.Sent, changes: after.changes - before.changes,
			newVerdicts: after.verdicts - before.verdicts}
		if sc.cast == "spread" {
			c.wantNewVerdicts = c.changes // every cast that wrote anything wrote a new verdict
		} else {
			c.wantHotTotal = int64(b.ds.Users)
			if err := b.db.QueryRowContext(ctx, `SELECT holds + partly + does_not_hold FROM claim_tallies WHERE claim_id = $1`,
				t.hot).Scan(&c.hotTotal); err != nil {
				return nil, err
			}
		}
		if c.tallyMismatches, err = b.tallyMismatches(ctx); err != nil {
			return nil, err
		}
		r.check = c
	}
	return r, nil
}

type castCounts struct{ changes, verdicts int64 }

func (b *bench) castCounts(ctx context.Context) (castCounts, error) {
	var c castCounts
	err := b.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM verdict_changes), (SELECT count(*) FROM verdicts)`).
		Scan(&c.changes, &c.verdicts)
	return c, err
}

// tallyMismatches counts claims whose stored tally differs from a fresh
// count of their current verdicts.
func (b *bench) tallyMismatches(ctx context.Context) (int64, error) {
	var n int64
	err := b.db.QueryRowContext(ctx, `
		SELECT count(*) FROM claims c
		LEFT JOIN claim_tallies t ON t.claim_id = c.id
		LEFT JOIN (
		  SELECT claim_id,
		         count(*) FILTER (WHERE value = 'HOLDS') AS h,
		         count(*) FILTER (WHERE value = 'PARTLY') AS p,
		         count(*) FILTER (WHERE value = 'DOES_NOT_HOLD') AS d
		  FROM verdicts WHERE withdrawn_at IS NULL GROUP BY claim_id
		) v ON v.claim_id = c.id
		WHERE coalesce(t.holds, 0) <> coalesce(v.h, 0) OR coalesce(t.partly, 0) <> coalesce(v.p, 0)
		   OR coalesce(t.does_not_hold, 0) <> coalesce(v.d, 0)`).Scan(&n)
	return n, err
}

// writeHotState writes every reader's current verdict on the hot claim
// ("u v" lines, v = 0 HOLDS, 1 PARTLY, 2 DOES_NOT_HOLD) for the Lua script,
// which then casts a different value each time.
func (b *bench) writeHotState(ctx context.Context, claim int64) (string, error) {
	rows, err := b.db.QueryContext(ctx, `
		SELECT user_id - $2, CASE value WHEN 'HOLDS' THEN 0 WHEN 'PARTLY' THEN 1 ELSE 2 END
		FROM verdicts WHERE claim_id = $1 AND withdrawn_at IS NULL ORDER BY user_id`, claim, b.ds.UserBase+1)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var sb strings.Builder
	for rows.Next() {
		var u, v int64
		if err := rows.Scan(&u, &v); err != nil {
			return "", err
		}
		fmt.Fprintf(&sb, "%d %d\n", u, v)
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	path := filepath.Join(b.work, fmt.Sprintf("hot-%d.txt", claim))
	return path, os.WriteFile(path, []byte(sb.String()), 0o644)
}

// setSyncCommit changes synchronous_commit for every session (a reload
// applies it to the servers' open connections too).
func (b *bench) setSyncCommit(ctx context.Context, on bool) error {
	q := "ALTER SYSTEM SET synchronous_commit = off"
	if on {
		q = "ALTER SYSTEM RESET synchronous_commit"
	}
	if _, err := b.stats.ExecContext(ctx, q); err != nil {
		return err
	}
	_, err := b.stats.ExecContext(ctx, "SELECT pg_reload_conf()")
	time.Sleep(500 * time.Millisecond) // backends apply it at their next command
	return err
}

// sampleWaits samples, every 100 ms until ctx ends, what the bench
// database's backends are doing: running, waiting for a lock or for the
// WAL flush, or idle inside a transaction (waiting for the application).
func (b *bench) sampleWaits(ctx context.Context) (map[string]int, int) {
	waits := map[string]int{}
	samples := 0
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return waits, samples
		case <-t.C:
		}
		rows, err := b.stats.QueryContext(ctx, `
			SELECT CASE WHEN state = 'idle in transaction' THEN 'idle in transaction (waiting for the application)'
			            WHEN wait_event IS NULL THEN 'running (CPU)'
			            ELSE wait_event_type || ': ' || wait_event END, count(*)
			FROM pg_stat_activity
			WHERE datname = 'veredicto' AND backend_type = 'client backend'
			  AND state IN ('active', 'idle in transaction')
			GROUP BY 1`)
		if err != nil {
			continue
		}
		samples++
		for rows.Next() {
			var what string
			var n int
			if rows.Scan(&what, &n) == nil {
				waits[what] += n
			}
		}
		rows.Close()
	}
}
