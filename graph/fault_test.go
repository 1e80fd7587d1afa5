package graph_test

// Verdicts under load while PostgreSQL restarts (issue 9): no acknowledged
// cast is lost, tallies still equal a fresh count, requests caught by the
// restart fail cleanly (a GraphQL error with a code and a request id, never
// a panic or the database's own words), and the pool recovers without
// restarting the process.
//
// Helpers here start with "ft"; the environment comes from rsClusterEnv
// (restart_test.go).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/requestid"
)

const (
	ftWorkers          = 20
	ftReadersPerWorker = 3
	ftClaims           = 3
	// The load runs this long before the restart, and this long after the
	// server is back.
	ftBeforeRestart = 1200 * time.Millisecond
	ftAfterRestart  = 2 * time.Second
	// Casts started this long after the server is back must all succeed.
	ftRecoveryBound = time.Second
)

const ftCastDoc = `mutation($c: ID!, $v: VerdictValue!, $r: String) {
	castVerdict(claimId: $c, value: $v, reason: $r) { id value reason }
}`

// ftValues cycle per (reader, claim), so that each cast differs from the
// two before it, whether or not they were saved.
var ftValues = []string{"HOLDS", "PARTLY", "DOES_NOT_HOLD"}

// ftLeaks are fragments of what the database, the driver or the Go runtime
// say, which must never reach a client.
var ftLeaks = []string{"pq:", "sql:", "driver:", "ent:", "dial tcp", "connection refused", "bad connection",
	"EOF", "terminating connection", "SQLSTATE", "57P0", "08006", "panic", "runtime error", "goroutine "}

type ftPair struct{ reader, claim int }

// ftAttempt is one castVerdict request and what came of it.
type ftAttempt struct {
	pair       ftPair
	n          int // the pair's n-th attempt
	value      string
	reason     string
	start, end time.Time

	status    int
	acked     bool
	code      string // first error's extensions.code
	message   string
	requestID string // the X-Request-ID response header
	problem   string // why the response is not a clean answer, if it is not
}

func TestFaultVerdictLoadAcrossDatabaseRestart(t *testing.T) {
	testStart := time.Now()
	env, cluster := rsClusterEnv(t)
	logs := ftRecordLogs(t)

	claims := []int{env.Seed().ID}
	j := env.NewUser(auth.Journalist)
	claimant := env.Client.Claim.GetX(env.Sys(), claims[0]).ClaimantID
	for i := 1; i < ftClaims; i++ {
		var out struct {
			CreateClaim struct {
				ID int `json:",string"`
			}
		}
		j.MustDo(`mutation($a: ID!, $t: String!) { createClaim(input: {claimantID: $a, lang: "es", text: $t}) { id } }`,
			map[string]any{"a": claimant, "t": fmt.Sprintf("Afirmación de carga %d", i)}, &out)
		claims = append(claims, out.CreateClaim.ID)
	}
	readers := make([]*apitest.User, ftWorkers*ftReadersPerWorker)
	userIDs := make([]int64, len(readers))
	for i := range readers {
		readers[i] = env.NewUser(auth.Reader)
		userIDs[i] = int64(readers[i].ID)
	}
	httpc := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2 * ftWorkers}}
	t.Cleanup(httpc.CloseIdleConnections)
	t.Logf("setup took %v", time.Since(testStart).Round(time.Millisecond))

	// The load: each worker casts for its own readers, one request at a
	// time, so each (reader, claim)'s casts are sequential and its last
	// acknowledged value is well defined.
	var (
		stop     atomic.Bool
		wg       sync.WaitGroup
		mu       sync.Mutex
		attempts []*ftAttempt
	)
	loadStart := time.Now()
	for w := range ftWorkers {
		mine := readers[w*ftReadersPerWorker : (w+1)*ftReadersPerWorker]
		wg.Go(func() {
			next := map[ftPair]int{}
			var local []*ftAttempt
			defer func() {
				mu.Lock()
				attempts = append(attempts, local...)
				mu.Unlock()
			}()
			for !stop.Load() {
				for _, r := range mine {
					for _, c := range claims {
						p := ftPair{r.ID, c}
						n := next[p]
						next[p]++
						a := &ftAttempt{pair: p, n: n, value: ftValues[n%len(ftValues)],
							reason: fmt.Sprintf("ft reader %d claim %d cast %d", r.ID, c, n)}
						ftCast(httpc, env.URL, r.Cookie, a)
						local = append(local, a)
					}
				}
			}
		})
	}
	time.Sleep(ftBeforeRestart)
	restartAt := time.Now()
	cluster.Restart(t)
	restarted := time.Now()
	time.Sleep(ftAfterRestart)
	stop.Store(true)
	wg.Wait()
	loadEnd := time.Now()
	slices.SortFunc(attempts, func(a, b *ftAttempt) int { return a.start.Compare(b.start) })

	// What the clients saw.
	var acked, failed, unclean, lateFailures int
	var firstFail, lastFail, firstAckAfter time.Time
	codes := map[string]int{}
	shapes := map[string]int{}
	var worst time.Duration
	for _, a := range attempts {
		worst = max(worst, a.end.Sub(a.start))
		if a.problem != "" {
			unclean++
			if unclean <= 10 {
				t.Errorf("cast %q (started %v after the restart began): %s",
					a.reason, a.start.Sub(restartAt).Round(time.Millisecond), a.problem)
			}
			continue
		}
		if a.acked {
			acked++
			if a.start.After(restarted) && firstAckAfter.IsZero() {
				firstAckAfter = a.end
			}
			continue
		}
		failed++
		if firstFail.IsZero() {
			firstFail = a.start
		}
		lastFail = a.end
		codes[fmt.Sprintf("%s (HTTP %d)", a.code, a.status)]++
		shapes[ftShape(a.message)]++
		if a.start.After(restarted.Add(ftRecoveryBound)) {
			lateFailures++
			if lateFailures <= 5 {
				t.Errorf("cast %q started %v after the server was back and still failed: %s %q",
					a.reason, a.start.Sub(restarted).Round(time.Millisecond), a.code, a.message)
			}
		}
	}
	t.Logf("load: %d casts by %d workers in %v (restart began %v in; pg_ctl restart took %v): %d acknowledged, %d failed, %d unclean; slowest request %v",
		len(attempts), ftWorkers, loadEnd.Sub(loadStart).Round(time.Millisecond), restartAt.Sub(loadStart).Round(time.Millisecond),
		restarted.Sub(restartAt).Round(time.Millisecond), acked, failed, unclean, worst.Round(time.Millisecond))
	if failed > 0 {
		t.Logf("failures from %v to %v after the restart began", firstFail.Sub(restartAt).Round(time.Millisecond),
			lastFail.Sub(restartAt).Round(time.Millisecond))
	}
	for _, k := range slices.Sorted(maps.Keys(codes)) {
		t.Logf("  error code %s: %d", k, codes[k])
	}
	for _, k := range slices.Sorted(maps.Keys(shapes)) {
		t.Logf("  message %q: %d", k, shapes[k])
	}
	if firstAckAfter.IsZero() {
		t.Errorf("no cast succeeded after the restart: the pool did not recover")
	} else {
		t.Logf("first acknowledged cast started after the restart returned %v after the server was back",
			firstAckAfter.Sub(restarted).Round(time.Millisecond))
	}
	if acked == 0 || failed+unclean == 0 {
		t.Logf("note: %d acknowledged and %d failed casts; the restart hit no request in flight", acked, failed)
	}
	logs.report(t)

	// What the database kept.
	db := env.DB
	type row struct {
		value, reason string
		withdrawn     bool
	}
	final := map[ftPair]row{}
	rows, err := db.Query(`SELECT user_id, claim_id, value, coalesce(reason, ''), withdrawn_at IS NOT NULL
		FROM verdicts WHERE user_id = ANY($1)`, pq.Array(userIDs))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p ftPair
		var r row
		if err := rows.Scan(&p.reader, &p.claim, &r.value, &r.reason, &r.withdrawn); err != nil {
			t.Fatal(err)
		}
		final[p] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	saved := map[string]int{} // history rows per reason
	rows, err = db.Query(`SELECT coalesce(vc.reason, '') FROM verdict_changes vc JOIN verdicts v ON v.id = vc.verdict_id
		WHERE v.user_id = ANY($1)`, pq.Array(userIDs))
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var reason string
		if err := rows.Scan(&reason); err != nil {
			t.Fatal(err)
		}
		saved[reason]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()

	byPair := map[ftPair][]*ftAttempt{}
	for _, a := range attempts {
		byPair[a.pair] = append(byPair[a.pair], a)
	}
	var lost, savedDespiteError, wrongFinal int
	for p, as := range byPair {
		slices.SortFunc(as, func(a, b *ftAttempt) int { return a.n - b.n })
		var lastAcked, lastSaved *ftAttempt
		for _, a := range as {
			switch n := saved[a.reason]; {
			case n > 1:
				t.Errorf("cast %q was applied %d times", a.reason, n)
			case n == 1:
				lastSaved = a
				if !a.acked {
					savedDespiteError++
					if savedDespiteError <= 5 {
						t.Logf("FINDING: cast %q failed for the client (%s %q, HTTP %d) but was saved",
							a.reason, a.code, a.message, a.status)
					}
				}
			case a.acked:
				lost++
				t.Errorf("LOST: cast %q was acknowledged but is not in the verdict's history", a.reason)
			}
			if a.acked {
				lastAcked = a
			}
		}
		got, ok := final[p]
		switch {
		case lastSaved == nil:
			if ok {
				t.Errorf("reader %d has a verdict on claim %d although none of its casts was saved: %+v", p.reader, p.claim, got)
			}
		case !ok:
			t.Errorf("reader %d has no verdict on claim %d; cast %q was saved", p.reader, p.claim, lastSaved.reason)
		case got.withdrawn || got.value != lastSaved.value || got.reason != lastSaved.reason:
			wrongFinal++
			t.Errorf("reader %d's verdict on claim %d is %+v, want the last saved cast %q (%s)",
				p.reader, p.claim, got, lastSaved.reason, lastSaved.value)
		case lastAcked != nil && lastSaved != lastAcked:
			t.Logf("reader %d's verdict on claim %d holds %q, a cast after the last acknowledged one (%q), which failed with %s but was saved",
				p.reader, p.claim, lastSaved.reason, lastAcked.reason, lastSaved.code)
		}
	}
	t.Logf("database: %d (reader, claim) pairs; %d acknowledged casts lost; %d failed casts saved anyway; %d verdicts not at their last saved value",
		len(byPair), lost, savedDespiteError, wrongFinal)

	for _, c := range claims {
		var tally, fresh [3]int
		if err := db.QueryRow(`SELECT holds, partly, does_not_hold FROM claim_tallies WHERE claim_id = $1`, c).
			Scan(&tally[0], &tally[1], &tally[2]); err != nil {
			t.Fatalf("claim %d's tally: %v", c, err)
		}
		err := db.QueryRow(`SELECT count(*) FILTER (WHERE value = 'HOLDS'), count(*) FILTER (WHERE value = 'PARTLY'),
			count(*) FILTER (WHERE value = 'DOES_NOT_HOLD') FROM verdicts WHERE claim_id = $1 AND withdrawn_at IS NULL`, c).
			Scan(&fresh[0], &fresh[1], &fresh[2])
		if err != nil {
			t.Fatal(err)
		}
		if tally != fresh {
			t.Errorf("claim %d: claim_tallies (holds, partly, does not hold) = %v, a fresh count gives %v", c, tally, fresh)
		}
	}
	t.Logf("test took %v", time.Since(testStart).Round(time.Millisecond))
}

// ftCast sends one castVerdict as a plain HTTP client would and records
// the outcome in a. It never fails the test: it runs on a load goroutine.
func ftCast(httpc *http.Client, baseURL, cookie string, a *ftAttempt) {
	a.start = time.Now()
	defer func() { a.end = time.Now() }()
	body, _ := json.Marshal(map[string]any{"query": ftCastDoc, "variables": map[string]any{"c": a.pair.claim, "v": a.value, "r": a.reason}})
	req, _ := http.NewRequest(http.MethodPost, baseURL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: session.CookieName, Value: cookie})
	res, err := httpc.Do(req)
	if err != nil {
		a.problem = "no response (did the handler panic?): " + err.Error()
		return
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	a.status, a.requestID = res.StatusCode, res.Header.Get(requestid.Header)
	if err != nil {
		a.problem = "response cut short: " + err.Error()
		return
	}
	var out struct {
		Data *struct {
			CastVerdict *struct{ Value, Reason string }
		}
		Errors []apitest.Error
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		a.problem = fmt.Sprintf("HTTP %d, not GraphQL: %.300s", res.StatusCode, raw)
		return
	}
	if len(out.Errors) == 0 {
		switch {
		case res.StatusCode/100 != 2:
			a.problem = fmt.Sprintf("HTTP %d without errors: %.300s", res.StatusCode, raw)
		case out.Data == nil || out.Data.CastVerdict == nil:
			a.problem = fmt.Sprintf("no errors and no verdict: %.300s", raw)
		case out.Data.CastVerdict.Value != a.value || out.Data.CastVerdict.Reason != a.reason:
			a.problem = fmt.Sprintf("acknowledged %+v, but %s %q was cast", *out.Data.CastVerdict, a.value, a.reason)
		default:
			a.acked = true
		}
		return
	}
	e := out.Errors[0]
	a.code, _ = e.Extensions["code"].(string)
	a.message = e.Message
	var problems []string
	if a.code != "SERVICE_UNAVAILABLE" && a.code != "INTERNAL_SERVER_ERROR" {
		problems = append(problems, fmt.Sprintf("code %q, want SERVICE_UNAVAILABLE or INTERNAL_SERVER_ERROR", a.code))
	}
	for _, leak := range ftLeaks {
		if strings.Contains(string(raw), leak) {
			problems = append(problems, fmt.Sprintf("the response leaks %q", leak))
		}
	}
	if a.requestID == "" {
		problems = append(problems, "no "+requestid.Header+" header")
	}
	if a.code == "INTERNAL_SERVER_ERROR" && !strings.Contains(a.message, a.requestID) {
		problems = append(problems, "the internal error does not quote the request id")
	}
	if len(problems) > 0 {
		a.problem = fmt.Sprintf("%s: %.300s", strings.Join(problems, "; "), raw)
	}
}

var ftHex = regexp.MustCompile(`[0-9a-f]{16,}`)

// ftShape is a message with its request id blanked, to group messages.
func ftShape(msg string) string { return ftHex.ReplaceAllString(msg, "<id>") }

// ftLogs records what the servers log while the test runs (instead of
// printing hundreds of lines), to report it and to notice panics, which
// gqlgen and net/http recover and log.
type ftLogs struct {
	mu     sync.Mutex
	counts map[string]int
	sample map[string]string
	panics []string
}

func ftRecordLogs(t *testing.T) *ftLogs {
	l := &ftLogs{counts: map[string]int{}, sample: map[string]string{}}
	old := slog.Default()
	// Also captures the log package's output (net/http logs handler panics
	// there).
	slog.SetDefault(slog.New(ftHandler{l}))
	t.Cleanup(func() { slog.SetDefault(old) })
	return l
}

func (l *ftLogs) report(t *testing.T) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range slices.Sorted(maps.Keys(l.counts)) {
		t.Logf("  server log %s ×%d (e.g. %s)", k, l.counts[k], l.sample[k])
	}
	for _, p := range l.panics {
		t.Errorf("the server panicked: %s", p)
	}
}

type ftHandler struct{ l *ftLogs }

func (h ftHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h ftHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h ftHandler) WithGroup(string) slog.Handler            { return h }

func (h ftHandler) Handle(_ context.Context, r slog.Record) error {
	var errText, panicText string
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "err":
			errText = a.Value.String()
		case "panic":
			panicText = a.Value.String()
		}
		return true
	})
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	if panicText != "" || strings.Contains(strings.ToLower(r.Message), "panic") {
		h.l.panics = append(h.l.panics, r.Message+" "+panicText)
	}
	if r.Level < slog.LevelWarn {
		return nil
	}
	key := r.Level.String() + " " + strings.TrimSpace(r.Message) + ": " + ftCause(errText)
	h.l.counts[key]++
	if _, ok := h.l.sample[key]; !ok {
		h.l.sample[key] = fmt.Sprintf("err=%q", errText)
	}
	return nil
}

// ftCause is the innermost part of a logged error, where the driver or
// the network speaks, to group log lines by cause.
func ftCause(err string) string {
	at := -1
	for _, marker := range []string{"driver: ", "pq: ", "sql: ", "read tcp", "write tcp", "dial tcp", "context "} {
		at = max(at, strings.LastIndex(err, marker))
	}
	if at >= 0 {
		err = err[at:]
	}
	return ftAddr.ReplaceAllString(err, "<addr>")
}

var ftAddr = regexp.MustCompile(`\d+\.\d+\.\d+\.\d+:\d+`)
