// Command driver runs `make bench`: Veredicto side by side with a
// hand-written ceiling (bench/ceiling) and PostGraphile v4, on one private
// PostgreSQL cluster with a generated dataset, loaded by wrk with the same
// Lua script, in interleaved rounds. See bench/README.md.
//
// bench/run.sh installs the tools and builds the binaries, then runs this
// from the repository root. Settings come from the environment:
//
//	BENCH_ROUNDS=3 BENCH_DURATION=10s BENCH_WARMUP=3s BENCH_CONNECTIONS=64
//	BENCH_THREADS=2 BENCH_SCALE=1 (dataset size) BENCH_OUT=bench/results.md
//	BENCH_SCENARIOS=widget,widget-rate,claim,latest,cast-hot,cast-spread,cast-hot-nosync
//	BENCH_WIDGET_RATE=10000 (offered load of widget-rate, req/s)
//	BENCH_PG_DIR=DIR (keep the cluster there instead of a removed temp dir)
//	VEREDICTO_BIN CEILING_BIN POSTGRAPHILE_BIN WRK
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/lib/pq"
)

type config struct {
	rounds       int
	widgetRate   int
	duration     time.Duration
	warmup       time.Duration
	connections  int
	threads      int
	scale        float64
	scenarios    []string
	out          string
	pgDir        string
	veredicto    string
	ceiling      string
	postgraphile string
	wrk          string
	luaScript    string
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func loadConfig() (*config, error) {
	c := &config{
		out:          envOr("BENCH_OUT", "bench/results.md"),
		pgDir:        os.Getenv("BENCH_PG_DIR"),
		veredicto:    envOr("VEREDICTO_BIN", "bench/.tools/bin/veredicto"),
		ceiling:      envOr("CEILING_BIN", "bench/.tools/bin/ceiling"),
		postgraphile: envOr("POSTGRAPHILE_BIN", "bench/.tools/node_modules/.bin/postgraphile"),
		wrk:          envOr("WRK", "wrk"),
		luaScript:    "bench/lua/bench.lua",
		scenarios:    strings.Split(envOr("BENCH_SCENARIOS", "widget,widget-rate,claim,latest,cast-hot,cast-spread,cast-hot-nosync"), ","),
	}
	var err error
	if c.rounds, err = strconv.Atoi(envOr("BENCH_ROUNDS", "3")); err != nil || c.rounds < 1 {
		return nil, fmt.Errorf("BENCH_ROUNDS must be a positive number")
	}
	if c.duration, err = time.ParseDuration(envOr("BENCH_DURATION", "10s")); err != nil || c.duration < time.Second {
		return nil, fmt.Errorf("BENCH_DURATION must be a duration of at least 1s")
	}
	if c.warmup, err = time.ParseDuration(envOr("BENCH_WARMUP", "3s")); err != nil {
		return nil, fmt.Errorf("BENCH_WARMUP must be a duration")
	}
	if c.connections, err = strconv.Atoi(envOr("BENCH_CONNECTIONS", "64")); err != nil || c.connections < 1 {
		return nil, fmt.Errorf("BENCH_CONNECTIONS must be a positive number")
	}
	if c.threads, err = strconv.Atoi(envOr("BENCH_THREADS", "2")); err != nil || c.threads < 1 {
		return nil, fmt.Errorf("BENCH_THREADS must be a positive number")
	}
	if c.scale, err = strconv.ParseFloat(envOr("BENCH_SCALE", "1"), 64); err != nil || c.scale <= 0 {
		return nil, fmt.Errorf("BENCH_SCALE must be a positive number")
	}
	if c.widgetRate, err = strconv.Atoi(envOr("BENCH_WIDGET_RATE", "10000")); err != nil || c.widgetRate < 1 {
		return nil, fmt.Errorf("BENCH_WIDGET_RATE must be a positive number of requests per second")
	}
	for _, s := range c.scenarios {
		if !slices.Contains([]string{"widget", "widget-rate", "claim", "latest", "cast-hot", "cast-spread", "cast-hot-nosync"}, s) {
			return nil, fmt.Errorf("BENCH_SCENARIOS: unknown scenario %q", s)
		}
	}
	for _, p := range []*string{&c.veredicto, &c.ceiling, &c.postgraphile, &c.luaScript} {
		if *p, err = filepath.Abs(*p); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func main() {
	log.SetFlags(log.Ltime)
	log.SetPrefix("bench: ")
	cfg, err := loadConfig()
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	b := &bench{cfg: cfg, start: time.Now()}
	err = b.run(ctx)
	b.cleanup()
	if err != nil {
		log.Fatal(err)
	}
}

// server is one HTTP server under test.
type server struct {
	name string
	url  string
	cmd  *exec.Cmd
	log  string
	// peak RSS sampled while each scenario ran, kB
	mu     sync.Mutex
	rssMax map[string]int64
	hwm    int64 // VmHWM when the run ended
}

func (s *server) pid() int {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

type bench struct {
	cfg   *config
	start time.Time
	pg    *cluster
	ds    *dataset
	dsn   string
	dbid  int64
	db    *sql.DB // the bench database, for checks
	stats *sql.DB // the maintenance database, for pg_stat_statements
	pm    int     // postmaster pid
	work  string  // temporary files: logs, state files, the fixed body

	veredicto, ceiling, postgraphile *server
	widgetNote                       string
	notes                            []string
	genTimes                         []stepTime
	genTotal                         time.Duration
	rowCounts                        map[string]int64

	scenario string // being measured, for the RSS sampler
	smu      sync.Mutex

	results []*scenarioResult
}

func (b *bench) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	log.Print("note: " + msg)
	b.notes = append(b.notes, msg)
}

func (b *bench) run(ctx context.Context) error {
	cfg := b.cfg
	var err error
	for _, bin := range []string{cfg.veredicto, cfg.ceiling, cfg.luaScript} {
		if _, err := os.Stat(bin); err != nil {
			return fmt.Errorf("%s is missing (bench/run.sh builds it)", bin)
		}
	}
	if _, err := exec.LookPath(cfg.wrk); err != nil {
		return fmt.Errorf("wrk not found (bench/run.sh installs it with apt-get install wrk)")
	}
	if b.work, err = os.MkdirTemp("", "veredicto-bench-"); err != nil {
		return err
	}

	log.Printf("starting a private PostgreSQL cluster")
	if b.pg, err = startCluster(ctx, cfg.pgDir); err != nil {
		return err
	}
	if b.pm, err = b.pg.postmasterPID(); err != nil {
		return err
	}
	if b.stats, err = sql.Open("postgres", b.pg.dsn("postgres")); err != nil {
		return err
	}
	for _, q := range []string{"CREATE DATABASE veredicto", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"} {
		if _, err := b.stats.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	b.dsn = b.pg.dsn("veredicto")
	if err := b.stats.QueryRowContext(ctx, `SELECT oid FROM pg_database WHERE datname = 'veredicto'`).Scan(&b.dbid); err != nil {
		return err
	}

	log.Printf("applying migrations (veredicto migrate)")
	mig := exec.CommandContext(ctx, cfg.veredicto, "migrate")
	mig.Env = append(os.Environ(), "DATABASE_URL="+b.dsn)
	if out, err := mig.CombinedOutput(); err != nil {
		return fmt.Errorf("veredicto migrate: %v\n%s", err, out)
	}

	if b.ds, err = newDataset(cfg.scale); err != nil {
		return err
	}
	log.Printf("generating the dataset: %d actors, %d claims, %d evidence, %d users, %d verdicts",
		b.ds.Actors, b.ds.Claims, b.ds.Evidence, b.ds.Users, b.ds.Users*(b.ds.PerUser+2))
	genStart := time.Now()
	if b.genTimes, err = b.ds.generate(ctx, b.dsn); err != nil {
		return err
	}
	b.genTotal = time.Since(genStart)
	log.Printf("dataset generated in %.0fs", b.genTotal.Seconds())
	if b.db, err = sql.Open("postgres", b.dsn); err != nil {
		return err
	}
	if b.rowCounts, err = counts(ctx, b.db); err != nil {
		return err
	}

	if err := b.startServers(ctx); err != nil {
		return err
	}
	go b.sampleRSS(ctx)
	if err := b.sanityCheck(ctx); err != nil {
		return err
	}

	for _, name := range cfg.scenarios {
		sc := b.scenarioByName(name)
		if sc == nil {
			continue
		}
		res, err := b.runScenario(ctx, sc)
		if err != nil {
			return err
		}
		b.results = append(b.results, res)
	}
	for _, s := range b.servers() {
		s.hwm = memKB(s.pid(), "VmHWM")
	}
	report := b.report()
	fmt.Print(report)
	if err := os.WriteFile(cfg.out, []byte(report), 0o644); err != nil {
		return err
	}
	log.Printf("wrote %s; the whole run took %s", cfg.out, time.Since(b.start).Round(time.Second))
	return nil
}

func (b *bench) servers() []*server {
	var out []*server
	for _, s := range []*server{b.veredicto, b.ceiling, b.postgraphile} {
		if s != nil && s.cmd != nil {
			out = append(out, s)
		}
	}
	return out
}

func (b *bench) cleanup() {
	for _, s := range b.servers() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan struct{})
			go func() { _ = s.cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				_ = s.cmd.Process.Kill()
			}
		}
	}
	if b.db != nil {
		_ = b.db.Close()
	}
	if b.stats != nil {
		_ = b.stats.Close()
	}
	if b.pg != nil {
		b.pg.stop(b.cfg.pgDir == "")
	}
	if b.work != "" {
		_ = os.RemoveAll(b.work)
	}
}

// ---------------------------------------------------------------- servers

func (b *bench) startServer(ctx context.Context, name string, port int, ready func(url string) error, bin string, args []string, env []string) (*server, error) {
	s := &server{name: name, url: fmt.Sprintf("http://127.0.0.1:%d", port), log: filepath.Join(b.work, name+".log"),
		rssMax: map[string]int64{}}
	f, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = f, f
	if err := s.cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	_ = f.Close()
	deadline := time.Now().Add(90 * time.Second)
	for {
		err := ready(s.url)
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			tail, _ := os.ReadFile(s.log)
			if len(tail) > 3000 {
				tail = tail[len(tail)-3000:]
			}
			return s, fmt.Errorf("%s did not become ready: %v\n%s", name, err, tail)
		}
		time.Sleep(200 * time.Millisecond)
	}
	log.Printf("%s ready on %s (pid %d)", name, s.url, s.pid())
	return s, nil
}

func httpGet(url string) (int, http.Header, []byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body, err
}

func httpPost(url, body string, header map[string]string) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func okStatus(path string) func(string) error {
	return func(base string) error {
		code, _, _, err := httpGet(base + path)
		if err != nil {
			return err
		}
		if code != http.StatusOK {
			return fmt.Errorf("GET %s: %d", path, code)
		}
		return nil
	}
}

func (b *bench) startServers(ctx context.Context) error {
	var err error
	port, err := freePort()
	if err != nil {
		return err
	}
	// Veredicto: no scoring runs during the benchmark, mutation limits out
	// of the way, and the load generator acting as a trusted reverse proxy
	// that says which reader's address each request comes from (so the
	// per-IP verdict limit, left at its default, sees many readers, as in
	// production). The per-reader verdict limit is raised: a benchmark
	// reader casts every few seconds (every 2 s at BENCH_SCALE=0.1), which
	// no person does.
	b.veredicto, err = b.startServer(ctx, "veredicto", port, okStatus("/readyz"), b.cfg.veredicto, []string{"serve"}, []string{
		"DATABASE_URL=" + b.dsn,
		"ADDR=" + fmt.Sprintf("127.0.0.1:%d", port),
		"SCORE_INTERVAL=0",
		"MUTATIONS_PER_MINUTE_USER=1000000",
		"MUTATIONS_PER_MINUTE_IP=1000000",
		"VERDICTS_PER_MINUTE_USER=1000000",
		"TRUSTED_PROXIES=127.0.0.1",
		"VEREDICTO_ENV=production",
	})
	if err != nil {
		return err
	}

	// The widget, if this build serves it.
	fixedArgs := []string{}
	widgetURL := fmt.Sprintf("%s/api/widget/claims/%d", b.veredicto.url, b.ds.richClaim(1))
	code, hdr, body, err := httpGet(widgetURL)
	switch {
	case err != nil:
		return err
	case code == http.StatusOK && strings.HasPrefix(hdr.Get("Content-Type"), "application/json") && strings.Contains(string(body), `"claim"`):
		fixed := filepath.Join(b.work, "fixed.json")
		if err := os.WriteFile(fixed, body, 0o644); err != nil {
			return err
		}
		fixedArgs = []string{"-fixed", fixed}
		log.Printf("Veredicto serves the widget (%d bytes for claim %d)", len(body), b.ds.richClaim(1))
	default:
		b.widgetNote = fmt.Sprintf("this Veredicto build does not serve GET /api/widget/claims/{id} (HTTP %d, %s): "+
			"its widget row is skipped; the ceiling's widget and the bare handler still run, the bare body "+
			"being the ceiling's widget body", code, hdr.Get("Content-Type"))
		b.note("%s", b.widgetNote)
	}

	if port, err = freePort(); err != nil {
		return err
	}
	args := append([]string{"-addr", fmt.Sprintf("127.0.0.1:%d", port), "-dsn", b.dsn, "-pool", "20"}, fixedArgs...)
	if b.ceiling, err = b.startServer(ctx, "ceiling", port, okStatus("/healthz"), b.cfg.ceiling, args, nil); err != nil {
		return err
	}
	if len(fixedArgs) == 0 {
		// The bare body: the ceiling's own widget body, same size.
		_, _, body, err := httpGet(fmt.Sprintf("%s/api/widget/claims/%d", b.ceiling.url, b.ds.richClaim(1)))
		if err != nil {
			return err
		}
		fixed := filepath.Join(b.work, "fixed.json")
		if err := os.WriteFile(fixed, body, 0o644); err != nil {
			return err
		}
		_ = b.ceiling.cmd.Process.Signal(syscall.SIGTERM)
		_ = b.ceiling.cmd.Wait()
		args = append(args, "-fixed", fixed)
		if b.ceiling, err = b.startServer(ctx, "ceiling", port, okStatus("/healthz"), b.cfg.ceiling, args, nil); err != nil {
			return err
		}
	}

	if _, err := os.Stat(b.cfg.postgraphile); err != nil {
		b.note("PostGraphile is not installed at %s (bench/run.sh installs it): its rows are skipped", b.cfg.postgraphile)
		return nil
	}
	if port, err = freePort(); err != nil {
		return err
	}
	pgReady := func(base string) error {
		code, body, err := httpPost(base+"/graphql", `{"query":"{__typename}"}`, nil)
		if err != nil {
			return err
		}
		if code != http.StatusOK {
			return fmt.Errorf("POST /graphql: %d %s", code, body)
		}
		return nil
	}
	b.postgraphile, err = b.startServer(ctx, "postgraphile", port, pgReady, b.cfg.postgraphile, []string{
		"--connection", b.dsn, "--schema", "public", "--host", "127.0.0.1", "--port", strconv.Itoa(port),
		"--disable-default-mutations", "--disable-query-log", "--max-pool-size", "20",
		"--disable-graphiql", "--no-setof-functions-contain-nulls",
	}, []string{"NODE_ENV=production"})
	return err
}

// sampleRSS records each server's largest RSS per scenario.
func (b *bench) sampleRSS(ctx context.Context) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		b.smu.Lock()
		sc := b.scenario
		b.smu.Unlock()
		if sc == "" {
			continue
		}
		for _, s := range b.servers() {
			rss := memKB(s.pid(), "VmRSS")
			s.mu.Lock()
			if rss > s.rssMax[sc] {
				s.rssMax[sc] = rss
			}
			s.mu.Unlock()
		}
	}
}

// ---------------------------------------------------------------- queries

// The GraphQL operations: the same data from Veredicto and PostGraphile.
// Veredicto shows anonymous readers PUBLISHED and RETRACTED evidence;
// PostGraphile's conditions can only say status = PUBLISHED, which is the
// same on this dataset (every item is published).
const (
	veredictoClaimQuery = `query Claim($id: ID!) { node(id: $id) { ... on Claim { id text lang status madeAt ` +
		`claimant { name } evidence(first: 10) { totalCount edges { node { id kind stance summary observedAt sourceURL } } } } } }`
	postgraphileClaimQuery = `query Claim($id: BigInt!) { claimById(id: $id) { id text lang status madeAt ` +
		`actorByClaimantId { name } evidencesByClaimId(first: 10, orderBy: PRIMARY_KEY_ASC, condition: {status: "PUBLISHED"}) ` +
		`{ totalCount nodes { id kind stance summary observedAt sourceUrl } } } }`
	veredictoLatestQuery = `query Latest { claims(first: 20, orderBy: {field: CREATED_AT, direction: DESC}) ` +
		`{ edges { node { id text createdAt claimant { name } evidence { totalCount } } } } }`
	postgraphileLatestQuery = `query Latest { allClaims(first: 20, orderBy: [CREATED_AT_DESC, PRIMARY_KEY_DESC]) ` +
		`{ nodes { id text createdAt actorByClaimantId { name } evidencesByClaimId(condition: {status: "PUBLISHED"}) { totalCount } } } }`
	veredictoCastMutation = `mutation Cast($c: ID!, $v: VerdictValue!) { castVerdict(claimId: $c, value: $v) { id value } }`
)

func gqlBody(query string, vars map[string]string) string {
	m := map[string]any{"query": query}
	if vars != nil {
		m["variables"] = vars
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// sanityCheck asks each server once for each read and checks that the
// answers agree (same evidence counts and items), so the load compares
// like with like.
func (b *bench) sanityCheck(ctx context.Context) error {
	id := b.ds.richClaim(1)
	type claimAns struct {
		total int
		items int
	}
	var answers []string
	check := func(who string, body []byte, path ...string) (claimAns, error) {
		if strings.Contains(string(body), `"errors"`) {
			return claimAns{}, fmt.Errorf("%s answered with errors: %.500s", who, body)
		}
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			return claimAns{}, fmt.Errorf("%s: %v: %.300s", who, err, body)
		}
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return claimAns{}, fmt.Errorf("%s: no %s in %.300s", who, p, body)
			}
			v = m[p]
		}
		m, _ := v.(map[string]any)
		total, _ := m["totalCount"].(float64)
		n := 0
		if e, ok := m["edges"].([]any); ok {
			n = len(e)
		}
		if e, ok := m["nodes"].([]any); ok {
			n = len(e)
		}
		answers = append(answers, fmt.Sprintf("%s: %d bytes", who, len(body)))
		return claimAns{int(total), n}, nil
	}
	code, vb, err := httpPost(b.veredicto.url+"/graphql", gqlBody(veredictoClaimQuery, map[string]string{"id": strconv.FormatInt(id, 10)}), nil)
	if err != nil || code != 200 {
		return fmt.Errorf("veredicto claim query: %d %v %.300s", code, err, vb)
	}
	va, err := check("veredicto", vb, "data", "node", "evidence")
	if err != nil {
		return err
	}
	_, _, cb, err := httpGet(fmt.Sprintf("%s/api/claims/%d", b.ceiling.url, id))
	if err != nil {
		return err
	}
	ca, err := check("ceiling", cb, "data", "node", "evidence")
	if err != nil {
		return err
	}
	if va != ca || va.items != 10 {
		return fmt.Errorf("claim answers differ: veredicto %+v, ceiling %+v (want 10 items)", va, ca)
	}
	if b.postgraphile != nil {
		code, pb, err := httpPost(b.postgraphile.url+"/graphql", gqlBody(postgraphileClaimQuery, map[string]string{"id": strconv.FormatInt(id, 10)}), nil)
		if err != nil || code != 200 {
			return fmt.Errorf("postgraphile claim query: %d %v %.500s", code, err, pb)
		}
		pa, err := check("postgraphile", pb, "data", "claimById", "evidencesByClaimId")
		if err != nil {
			return err
		}
		if pa != va {
			return fmt.Errorf("claim answers differ: veredicto %+v, postgraphile %+v", va, pa)
		}
		code, pb, err = httpPost(b.postgraphile.url+"/graphql", gqlBody(postgraphileLatestQuery, nil), nil)
		if err != nil || code != 200 || strings.Contains(string(pb), `"errors"`) {
			return fmt.Errorf("postgraphile latest query: %d %v %.500s", code, err, pb)
		}
	}
	code, vb, err = httpPost(b.veredicto.url+"/graphql", gqlBody(veredictoLatestQuery, nil), nil)
	if err != nil || code != 200 || strings.Contains(string(vb), `"errors"`) {
		return fmt.Errorf("veredicto latest query: %d %v %.500s", code, err, vb)
	}
	_, _, cb, err = httpGet(b.ceiling.url + "/api/latest")
	if err != nil || strings.Contains(string(cb), `"errors"`) {
		return fmt.Errorf("ceiling latest: %v %.300s", err, cb)
	}
	// The same 20 claims, newest first.
	var vl, cl struct {
		Data struct {
			Claims struct {
				Edges []struct {
					Node struct {
						ID       string
						Evidence struct{ TotalCount int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(vb, &vl); err != nil {
		return err
	}
	if err := json.Unmarshal(cb, &cl); err != nil {
		return err
	}
	if fmt.Sprint(vl) != fmt.Sprint(cl) || len(vl.Data.Claims.Edges) != 20 {
		return fmt.Errorf("latest answers differ:\nveredicto %v\nceiling   %v", vl, cl)
	}
	// A cast through each, by reader 0 on a claim nobody benchmarks.
	spare := b.ds.ClaimBase + int64(b.ds.Claims)
	cookie := map[string]string{"Cookie": "veredicto_session=" + fmt.Sprintf("vrs_bench%038d", 0)}
	code, vb, err = httpPost(b.veredicto.url+"/graphql", gqlBody(veredictoCastMutation, map[string]string{
		"c": strconv.FormatInt(spare, 10), "v": "HOLDS"}), cookie)
	if err != nil || code != 200 || strings.Contains(string(vb), `"errors"`) {
		return fmt.Errorf("veredicto castVerdict: %d %v %.500s", code, err, vb)
	}
	code, cb, err = httpPost(b.ceiling.url+"/api/cast", fmt.Sprintf(`{"claimId":"%d","value":"PARTLY"}`, spare), cookie)
	if err != nil || code != 200 || strings.Contains(string(cb), `"errors"`) {
		return fmt.Errorf("ceiling cast: %d %v %.500s", code, err, cb)
	}
	if n, err := b.tallyMismatches(ctx); err != nil || n != 0 {
		return fmt.Errorf("tallies disagree with the verdicts after the sanity casts: %d claims (%v)", n, err)
	}
	log.Printf("sanity check: the servers agree (%s)", strings.Join(answers, ", "))
	return nil
}
