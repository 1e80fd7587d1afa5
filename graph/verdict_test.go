package graph_test

// Acceptance tests of reader verdicts over HTTP through the real server:
// castVerdict and withdrawVerdict under concurrency (one verdict per reader
// and claim, tallies that always equal a fresh count, one history row per
// effective change), their semantics and refusals, and their rate limits.
//
// Every helper here starts with "vt" so that this file can live next to
// other test files of package graph_test without name clashes.

import (
	"database/sql"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/verdict"
	"github.com/veredicto/veredicto/verdict/ballot"
)

const (
	vtCastDoc = `mutation($c: ID!, $v: VerdictValue!, $r: String) {
		castVerdict(claimId: $c, value: $v, reason: $r) {
			id value reason withdrawnAt claimID userID
			history { id value reason withdrawn createdAt }
		}
	}`
	// The concurrency test needs only the ids of the history each cast saw.
	vtCastSeenDoc = `mutation($c: ID!, $v: VerdictValue!) {
		castVerdict(claimId: $c, value: $v) { id value history { id } }
	}`
	vtWithdrawDoc = `mutation($c: ID!, $r: String) {
		withdrawVerdict(claimId: $c, reason: $r) {
			id value reason withdrawnAt claimID userID
			history { id value reason withdrawn createdAt }
		}
	}`
	vtVerdictOnDoc = `query($c: ID!) {
		viewer { verdictOn(claimId: $c) {
			id value reason withdrawnAt
			history { id value reason withdrawn createdAt }
		} }
	}`
	vtTallyDoc = `query($id: ID!) {
		node(id: $id) { ... on Claim { tally {
			holds partly doesNotHold total
			holdsShare holdsLowerBound doesNotHoldShare doesNotHoldLowerBound
		} } }
	}`
	// Anybody may look at a verdict; only its owner sees its history.
	vtVerdictNodeDoc = `query($id: ID!) {
		node(id: $id) { ... on Verdict { id value user { id } history { id value } } }
	}`
)

var vtValues = []string{"HOLDS", "PARTLY", "DOES_NOT_HOLD"}

type vtChange struct {
	ID        string  `json:"id"`
	Value     string  `json:"value"`
	Reason    *string `json:"reason"`
	Withdrawn bool    `json:"withdrawn"`
	CreatedAt time.Time
}

type vtVerdict struct {
	ID          string     `json:"id"`
	Value       string     `json:"value"`
	Reason      *string    `json:"reason"`
	WithdrawnAt *time.Time `json:"withdrawnAt"`
	ClaimID     string     `json:"claimID"`
	UserID      string     `json:"userID"`
	History     []vtChange `json:"history"`
}

type vtTally struct {
	Holds                 int     `json:"holds"`
	Partly                int     `json:"partly"`
	DoesNotHold           int     `json:"doesNotHold"`
	Total                 int     `json:"total"`
	HoldsShare            float64 `json:"holdsShare"`
	HoldsLowerBound       float64 `json:"holdsLowerBound"`
	DoesNotHoldShare      float64 `json:"doesNotHoldShare"`
	DoesNotHoldLowerBound float64 `json:"doesNotHoldLowerBound"`
}

func vtID(id int) string { return strconv.Itoa(id) }

// vtNewClaim creates a claim (and its claimant) with system rights; the
// claim's empty tally comes with it.
func vtNewClaim(t *testing.T, env *apitest.Env, text string) *ent.Claim {
	t.Helper()
	a, err := env.Client.Actor.Create().SetName("PSOE").SetKind(actor.KindParty).Save(env.Sys())
	if err != nil {
		t.Fatal(err)
	}
	c, err := env.Client.Claim.Create().SetClaimant(a).SetLang("es").SetText(text).Save(env.Sys())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func vtCastVars(claimID int, value string, reason *string) map[string]any {
	v := map[string]any{"c": vtID(claimID), "v": value}
	if reason != nil {
		v["r"] = *reason
	}
	return v
}

func vtCast(t *testing.T, u *apitest.User, claimID int, value string, reason *string) vtVerdict {
	t.Helper()
	var out struct{ CastVerdict vtVerdict }
	u.MustDo(vtCastDoc, vtCastVars(claimID, value, reason), &out)
	return out.CastVerdict
}

func vtWithdraw(t *testing.T, u *apitest.User, claimID int, reason *string) vtVerdict {
	t.Helper()
	vars := map[string]any{"c": vtID(claimID)}
	if reason != nil {
		vars["r"] = *reason
	}
	var out struct{ WithdrawVerdict vtVerdict }
	u.MustDo(vtWithdrawDoc, vars, &out)
	return out.WithdrawVerdict
}

func vtVerdictOn(t *testing.T, u *apitest.User, claimID int) *vtVerdict {
	t.Helper()
	var out struct {
		Viewer struct{ VerdictOn *vtVerdict }
	}
	u.MustDo(vtVerdictOnDoc, map[string]any{"c": vtID(claimID)}, &out)
	return out.Viewer.VerdictOn
}

func vtStr(s string) *string { return &s }

// vtFreshCount counts a claim's current (not withdrawn) verdicts per value,
// straight from the verdicts table.
func vtFreshCount(t *testing.T, db *sql.DB, claimID int) verdict.Tally {
	t.Helper()
	rows, err := db.Query(`SELECT value, count(*) FROM verdicts
		WHERE claim_id = $1 AND withdrawn_at IS NULL GROUP BY value`, claimID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var tl verdict.Tally
	for rows.Next() {
		var value string
		var n int
		if err := rows.Scan(&value, &n); err != nil {
			t.Fatal(err)
		}
		switch value {
		case "HOLDS":
			tl.Holds = n
		case "PARTLY":
			tl.Partly = n
		case "DOES_NOT_HOLD":
			tl.DoesNotHold = n
		default:
			t.Fatalf("verdict value %q in the database", value)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return tl
}

// vtStoredTally reads a claim's claim_tallies row.
func vtStoredTally(t *testing.T, db *sql.DB, claimID int) verdict.Tally {
	t.Helper()
	var tl verdict.Tally
	err := db.QueryRow(`SELECT holds, partly, does_not_hold FROM claim_tallies WHERE claim_id = $1`, claimID).
		Scan(&tl.Holds, &tl.Partly, &tl.DoesNotHold)
	if err != nil {
		t.Fatalf("reading the tally of claim %d: %v", claimID, err)
	}
	return tl
}

// vtGraphTally reads a claim's tally through GraphQL.
func vtGraphTally(t *testing.T, env *apitest.Env, claimID int) vtTally {
	t.Helper()
	var out struct {
		Node struct{ Tally *vtTally }
	}
	env.Anonymous().MustDo(vtTallyDoc, map[string]any{"id": vtID(claimID)}, &out)
	if out.Node.Tally == nil {
		t.Fatalf("claim %d has no tally", claimID)
	}
	return *out.Node.Tally
}

// vtCheckTally checks that the stored tally, a fresh count and the GraphQL
// tally (with its shares and Wilson bounds) agree, and returns the count.
func vtCheckTally(t *testing.T, env *apitest.Env, claimID int) verdict.Tally {
	t.Helper()
	fresh := vtFreshCount(t, env.DB, claimID)
	if stored := vtStoredTally(t, env.DB, claimID); stored != fresh {
		t.Errorf("claim %d: claim_tallies says %+v, a fresh count says %+v", claimID, stored, fresh)
	}
	g := vtGraphTally(t, env, claimID)
	want := vtTally{
		Holds: fresh.Holds, Partly: fresh.Partly, DoesNotHold: fresh.DoesNotHold, Total: fresh.Total(),
		HoldsShare: fresh.HoldsShare(), HoldsLowerBound: fresh.HoldsLowerBound(),
		DoesNotHoldShare: fresh.DoesNotHoldShare(), DoesNotHoldLowerBound: fresh.DoesNotHoldLowerBound(),
	}
	if g != want {
		t.Errorf("claim %d: GraphQL tally %+v, want (from a fresh count) %+v", claimID, g, want)
	}
	return fresh
}

type vtRow struct {
	id        int
	value     string
	reason    sql.NullString
	withdrawn bool
}

// vtHistory reads a verdict's history rows in the order they were written.
func vtHistory(t *testing.T, db *sql.DB, verdictID int) []vtRow {
	t.Helper()
	rows, err := db.Query(`SELECT id, value, reason, withdrawn FROM verdict_changes WHERE verdict_id = $1 ORDER BY id`, verdictID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []vtRow
	for rows.Next() {
		var r vtRow
		if err := rows.Scan(&r.id, &r.value, &r.reason, &r.withdrawn); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func vtCount(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// vtDelta lists the tables whose row counts changed.
func vtDelta(before, after map[string]int) map[string]int {
	d := map[string]int{}
	for k, v := range after {
		if v != before[k] {
			d[k] = v - before[k]
		}
	}
	return d
}

// vtRowCounts counts the rows of every table the database has (read from
// the catalog, so that it also covers tables this file does not know).
func vtRowCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	counts := map[string]int{}
	for _, name := range tables {
		counts[name] = vtCount(t, db, `SELECT count(*) FROM "`+name+`"`)
	}
	return counts
}

// vtExpectRefused sends a request that must be refused with code (and
// field, unless empty) and must write nothing anywhere.
func vtExpectRefused(t *testing.T, env *apitest.Env, what string, c *apitest.Caller, doc string, vars map[string]any, code, field string) *apitest.Response {
	t.Helper()
	before := vtRowCounts(t, env.DB)
	r := c.Do(doc, vars)
	if r.Code() != code || (field != "" && r.Field() != field) {
		t.Errorf("%s: want %s on field %q, got code %q field %q: %+v", what, code, field, r.Code(), r.Field(), r.Errors)
	}
	if d := vtDelta(before, vtRowCounts(t, env.DB)); len(d) > 0 {
		t.Errorf("%s: a refused request wrote rows: %v", what, d)
	}
	return r
}

// vtProductionPool bounds the server's pool as database.Open does in
// production (20 connections): more concurrent requests than connections
// is the normal case there, and the test server's pool is unbounded.
func vtProductionPool(env *apitest.Env) { env.DB.SetMaxOpenConns(20) }

// 1,000 concurrent casts by one reader on one claim leave exactly one
// verdict, a tally equal to a fresh count, and a history with one row per
// effective change that every response agrees with.
func TestConcurrentCastsByOneReaderKeepOneVerdict(t *testing.T) {
	env := apitest.New(t)
	vtProductionPool(env)
	claim := vtNewClaim(t, env, "La cuenta fue hackeada")
	reader := env.NewUser(auth.Reader)

	const calls, workers = 1000, 50
	rng := rand.New(rand.NewPCG(1, 2))
	values := make([]string, calls)
	for i := range values {
		values[i] = vtValues[rng.IntN(len(vtValues))]
	}
	type result struct {
		code string
		msg  string
		v    vtVerdict
	}
	results := make([]result, calls)
	jobs := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				r := reader.Do(vtCastSeenDoc, vtCastVars(claim.ID, values[i], nil))
				if len(r.Errors) > 0 {
					code := r.Code()
					if code == "" {
						code = "(no code)"
					}
					results[i] = result{code: code, msg: r.Errors[0].Message}
					continue
				}
				var out struct{ CastVerdict vtVerdict }
				if err := json.Unmarshal(r.Data, &out); err != nil {
					results[i] = result{code: "(undecodable)", msg: err.Error()}
					continue
				}
				results[i] = result{v: out.CastVerdict}
			}
		}()
	}
	for i := range calls {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	t.Logf("%d casts by %d workers in %v", calls, workers, time.Since(start).Round(time.Millisecond))

	codes := map[string]int{}
	var ok []result
	for i, r := range results {
		switch r.code {
		case "":
			ok = append(ok, r)
			if r.v.Value != values[i] {
				t.Errorf("cast %d of %s answered value %s", i, values[i], r.v.Value)
			}
		case "INTERNAL_SERVER_ERROR", "(no code)", "(undecodable)":
			t.Errorf("cast %d: %s: %s", i, r.code, r.msg)
		}
		codes[r.code]++
	}
	t.Logf("outcomes by error code (\"\" = success): %v", codes)
	if len(ok) == 0 {
		t.Fatal("no cast succeeded")
	}

	if n := vtCount(t, env.DB, `SELECT count(*) FROM verdicts WHERE claim_id = $1 AND user_id = $2`, claim.ID, reader.ID); n != 1 {
		t.Fatalf("%d verdicts for one reader on one claim, want 1", n)
	}
	var verdictID int
	var current string
	if err := env.DB.QueryRow(`SELECT id, value FROM verdicts WHERE claim_id = $1 AND user_id = $2 AND withdrawn_at IS NULL`,
		claim.ID, reader.ID).Scan(&verdictID, &current); err != nil {
		t.Fatalf("the verdict: %v", err)
	}
	tally := vtCheckTally(t, env, claim.ID)
	if tally.Total() != 1 || tally.Share(vtScore(current)) != 1 {
		t.Errorf("tally %+v, want exactly one %s", tally, current)
	}

	// The history: the first row is the cast, every later row changes the
	// value (no reason was ever given, so a cast of the current value is
	// no change), and the last row is the current value.
	hist := vtHistory(t, env.DB, verdictID)
	if len(hist) == 0 || len(hist) > len(ok) {
		t.Fatalf("%d history rows for %d successful casts", len(hist), len(ok))
	}
	for i, h := range hist {
		if h.withdrawn || h.reason.Valid {
			t.Errorf("history row %d is %+v: no cast here withdraws or gives a reason", i, h)
		}
		if i > 0 && h.value == hist[i-1].value {
			t.Errorf("history rows %d and %d both record %s: the second changed nothing", i-1, i, h.value)
		}
	}
	if last := hist[len(hist)-1].value; last != current {
		t.Errorf("history ends with %s, the verdict is %s", last, current)
	}
	t.Logf("%d successful casts made %d effective changes", len(ok), len(hist))
	// The audit log records the same effective changes.
	if n := vtCount(t, env.DB, `SELECT count(*) FROM audit_events WHERE entity_type = 'Verdict' AND entity_id = $1`, verdictID); n != len(hist) {
		t.Errorf("%d audit events for the verdict, %d history rows", n, len(hist))
	}

	// Every response saw a state of a serial order: the first n history
	// rows, ending with the value it cast; and each history row was
	// written by a response that saw it as the last one.
	ids := make([]string, len(hist))
	for i, h := range hist {
		ids[i] = vtID(h.id)
	}
	seen := make([]bool, len(hist))
	bad := 0
	for _, r := range ok {
		if bad == 5 {
			t.Error("(more responses disagree with the history)")
			break
		}
		n := len(r.v.History)
		if n == 0 || n > len(hist) {
			t.Errorf("a response saw %d history rows of %d", n, len(hist))
			bad++
			continue
		}
		got := make([]string, n)
		for i, h := range r.v.History {
			got[i] = h.ID
		}
		slices.SortFunc(got, func(a, b string) int { x, _ := strconv.Atoi(a); y, _ := strconv.Atoi(b); return x - y })
		if !slices.Equal(got, ids[:n]) {
			t.Errorf("a response saw history %v, which is not a prefix of %v", got, ids)
			bad++
			continue
		}
		if r.v.Value != hist[n-1].value {
			t.Errorf("a response cast %s but saw history ending with %s", r.v.Value, hist[n-1].value)
			bad++
		}
		seen[n-1] = true
	}
	for i, s := range seen {
		if !s {
			t.Errorf("no response saw history row %d (%s) as its last: who wrote it?", i, hist[i].value)
		}
	}
}

func vtScore(v string) float64 {
	switch v {
	case "HOLDS":
		return verdict.Holds
	case "PARTLY":
		return verdict.Partly
	}
	return verdict.DoesNotHold
}

// vtModel is what one reader's verdict on one claim should be after a
// sequence of casts and withdrawals (each reader acts sequentially on
// their own verdicts, so it is deterministic however readers interleave).
type vtModel struct {
	exists    bool
	value     string
	reason    *string
	withdrawn bool
	history   int
}

type vtOp struct {
	claim    int // index into the claims
	withdraw bool
	value    string
	reason   *string
}

// apply returns the error code the operation must get ("" for success).
func (m *vtModel) apply(op vtOp) string {
	if op.withdraw {
		switch {
		case !m.exists:
			return "BAD_USER_INPUT"
		case !m.withdrawn:
			m.withdrawn = true
			m.history++
		}
		return ""
	}
	if m.exists && !m.withdrawn && m.value == op.value && vtEqualStr(m.reason, op.reason) {
		return "" // nothing changes
	}
	*m = vtModel{exists: true, value: op.value, reason: op.reason, history: m.history + 1}
	return ""
}

func vtEqualStr(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// 60 readers cast, change and withdraw at random, concurrently, on three
// claims: every tally then equals a fresh count and the outcome the
// readers' own sequences imply, through SQL and GraphQL alike.
func TestTalliesEqualAFreshCountAfterAConcurrentStorm(t *testing.T) {
	env := apitest.New(t)
	vtProductionPool(env)
	claims := []*ent.Claim{
		vtNewClaim(t, env, "La cuenta fue hackeada"),
		vtNewClaim(t, env, "El tuit se publicó desde TweetDeck"),
		vtNewClaim(t, env, "El tuit se borró a los noventa minutos"),
	}
	const readers, opsEach = 60, 12
	users := make([]*apitest.User, readers)
	plans := make([][]vtOp, readers)
	reasons := []*string{nil, nil, vtStr("lo vi en directo"), vtStr("según la hemeroteca")}
	for r := range users {
		users[r] = env.NewUser(auth.Reader)
		rng := rand.New(rand.NewPCG(20260101, uint64(r)))
		for range opsEach {
			op := vtOp{claim: rng.IntN(len(claims))}
			if rng.IntN(4) == 0 {
				op.withdraw = true
			} else {
				op.value = vtValues[rng.IntN(len(vtValues))]
			}
			op.reason = reasons[rng.IntN(len(reasons))]
			plans[r] = append(plans[r], op)
		}
	}

	type outcome struct {
		code string
		msg  string
		v    vtVerdict
	}
	outcomes := make([][]outcome, readers)
	var wg sync.WaitGroup
	start := time.Now()
	for r := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, op := range plans[r] {
				var res *apitest.Response
				if op.withdraw {
					vars := map[string]any{"c": vtID(claims[op.claim].ID)}
					if op.reason != nil {
						vars["r"] = *op.reason
					}
					res = users[r].Do(vtWithdrawDoc, vars)
				} else {
					res = users[r].Do(vtCastDoc, vtCastVars(claims[op.claim].ID, op.value, op.reason))
				}
				o := outcome{code: res.Code()}
				if len(res.Errors) > 0 {
					o.msg = res.Errors[0].Message
				} else {
					var out map[string]vtVerdict
					if err := json.Unmarshal(res.Data, &out); err != nil {
						o.code, o.msg = "(undecodable)", err.Error()
					}
					o.v = out["castVerdict"]
					if op.withdraw {
						o.v = out["withdrawVerdict"]
					}
				}
				outcomes[r] = append(outcomes[r], o)
			}
		}()
	}
	wg.Wait()
	t.Logf("%d operations by %d concurrent readers in %v", readers*opsEach, readers, time.Since(start).Round(time.Millisecond))

	// Every response is what the reader's own sequence implies.
	want := make([]verdict.Tally, len(claims))
	models := make([][]vtModel, readers)
	for r := range users {
		models[r] = make([]vtModel, len(claims))
		for i, op := range plans[r] {
			m := &models[r][op.claim]
			code := m.apply(op)
			got := outcomes[r][i]
			if got.code != code {
				t.Errorf("reader %d, operation %d (%+v): got %q (%s), want %q", r, i, op, got.code, got.msg, code)
				continue
			}
			if code == "" && (got.v.Value != m.value || (got.v.WithdrawnAt != nil) != m.withdrawn || !vtEqualStr(got.v.Reason, m.reason)) {
				t.Errorf("reader %d, operation %d (%+v): answered %s withdrawn=%v reason=%v, want %s withdrawn=%v reason=%v",
					r, i, op, got.v.Value, got.v.WithdrawnAt != nil, got.v.Reason, m.value, m.withdrawn, m.reason)
			}
		}
		for c, m := range models[r] {
			if m.exists && !m.withdrawn {
				_ = want[c].Add(vtScore(m.value))
			}
		}
	}

	for c, cl := range claims {
		fresh := vtCheckTally(t, env, cl.ID)
		if fresh != want[c] {
			t.Errorf("claim %d: a fresh count gives %+v, the readers' sequences %+v", c, fresh, want[c])
		}
	}

	// Each verdict's row and history match its reader's sequence.
	for r, u := range users {
		for c, cl := range claims {
			m := models[r][c]
			var id int
			var value string
			var withdrawn bool
			err := env.DB.QueryRow(`SELECT id, value, withdrawn_at IS NOT NULL FROM verdicts WHERE claim_id = $1 AND user_id = $2`,
				cl.ID, u.ID).Scan(&id, &value, &withdrawn)
			switch {
			case err == sql.ErrNoRows && !m.exists:
				continue
			case err != nil:
				t.Errorf("reader %d, claim %d: %v (verdict expected: %v)", r, c, err, m.exists)
				continue
			case !m.exists:
				t.Errorf("reader %d, claim %d: a verdict exists but was never cast", r, c)
				continue
			}
			if value != m.value || withdrawn != m.withdrawn {
				t.Errorf("reader %d, claim %d: stored %s withdrawn=%v, want %s withdrawn=%v", r, c, value, withdrawn, m.value, m.withdrawn)
			}
			if n := len(vtHistory(t, env.DB, id)); n != m.history {
				t.Errorf("reader %d, claim %d: %d history rows, want %d", r, c, n, m.history)
			}
		}
	}
}

// A verdict's life: cast, change, the same again (nothing recorded),
// withdraw, cast again; its history is its owner's alone.
func TestVerdictLifecycle(t *testing.T) {
	env := apitest.New(t)
	claim := vtNewClaim(t, env, "La cuenta fue hackeada")
	reader := env.NewUser(auth.Reader)
	other := env.NewUser(auth.Reader)

	if v := vtVerdictOn(t, reader, claim.ID); v != nil {
		t.Fatalf("verdictOn before any verdict: %+v, want null", v)
	}

	step := func(name string, want map[string]int, do func() vtVerdict) vtVerdict {
		t.Helper()
		before := vtRowCounts(t, env.DB)
		v := do()
		if d := vtDelta(before, vtRowCounts(t, env.DB)); !maps.Equal(d, want) {
			t.Errorf("%s wrote %v, want %v", name, d, want)
		}
		return v
	}
	wrote := map[string]int{"verdict_changes": 1, "audit_events": 1}

	// Cast.
	v1 := step("the first cast", map[string]int{"verdicts": 1, "verdict_changes": 1, "audit_events": 1}, func() vtVerdict {
		return vtCast(t, reader, claim.ID, "HOLDS", vtStr("lo dijo en directo"))
	})
	if v1.Value != "HOLDS" || v1.WithdrawnAt != nil || v1.Reason == nil || *v1.Reason != "lo dijo en directo" ||
		v1.ClaimID != vtID(claim.ID) || v1.UserID != vtID(reader.ID) {
		t.Errorf("first cast answered %+v", v1)
	}
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Holds: 1}) {
		t.Errorf("tally after the first cast: %+v", tl)
	}

	// Change.
	v2 := step("a change", wrote, func() vtVerdict {
		return vtCast(t, reader, claim.ID, "PARTLY", vtStr("hay matices"))
	})
	if v2.ID != v1.ID || v2.Value != "PARTLY" || *v2.Reason != "hay matices" {
		t.Errorf("change answered %+v (first verdict %s)", v2, v1.ID)
	}
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Partly: 1}) {
		t.Errorf("tally after the change: %+v", tl)
	}

	// The same value and reason again: nothing at all is written.
	v3 := step("the same cast again", map[string]int{}, func() vtVerdict {
		return vtCast(t, reader, claim.ID, "PARTLY", vtStr("hay matices"))
	})
	if v3.ID != v1.ID || v3.Value != "PARTLY" || len(v3.History) != 2 {
		t.Errorf("repeated cast answered %+v, want the verdict with its 2 history rows", v3)
	}
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Partly: 1}) {
		t.Errorf("tally after the repeated cast: %+v", tl)
	}

	// Withdraw: it stays, with withdrawnAt, and counts nowhere.
	v4 := step("a withdrawal", wrote, func() vtVerdict {
		return vtWithdraw(t, reader, claim.ID, vtStr("me equivoqué"))
	})
	if v4.ID != v1.ID || v4.WithdrawnAt == nil || v4.Value != "PARTLY" {
		t.Errorf("withdrawal answered %+v", v4)
	}
	if tl := vtCheckTally(t, env, claim.ID); tl.Total() != 0 {
		t.Errorf("tally after the withdrawal: %+v, want empty", tl)
	}
	on := vtVerdictOn(t, reader, claim.ID)
	if on == nil || on.ID != v1.ID || on.WithdrawnAt == nil || on.Value != "PARTLY" {
		t.Errorf("verdictOn after the withdrawal: %+v, want the verdict with withdrawnAt", on)
	}

	// Withdrawing again changes nothing.
	v5 := step("a second withdrawal", map[string]int{}, func() vtVerdict {
		return vtWithdraw(t, reader, claim.ID, nil)
	})
	if v5.WithdrawnAt == nil || !v5.WithdrawnAt.Equal(*v4.WithdrawnAt) {
		t.Errorf("a second withdrawal answered withdrawnAt %v, want the first's %v", v5.WithdrawnAt, v4.WithdrawnAt)
	}

	// Cast again: the same verdict comes back.
	v6 := step("a cast after the withdrawal", wrote, func() vtVerdict {
		return vtCast(t, reader, claim.ID, "DOES_NOT_HOLD", nil)
	})
	if v6.ID != v1.ID || v6.WithdrawnAt != nil || v6.Value != "DOES_NOT_HOLD" || v6.Reason != nil {
		t.Errorf("cast after the withdrawal answered %+v, want verdict %s reactivated without a reason", v6, v1.ID)
	}
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{DoesNotHold: 1}) {
		t.Errorf("tally after the new cast: %+v", tl)
	}

	// The owner sees the whole history, in order.
	on = vtVerdictOn(t, reader, claim.ID)
	if on == nil {
		t.Fatal("verdictOn lost the verdict")
	}
	type histStep struct {
		value     string
		reason    string
		withdrawn bool
	}
	var got []histStep
	for i, h := range on.History {
		got = append(got, histStep{h.Value, vtOr(h.Reason), h.Withdrawn})
		if i > 0 && h.CreatedAt.Before(on.History[i-1].CreatedAt) {
			t.Errorf("history out of order: %v before %v", on.History[i-1].CreatedAt, h.CreatedAt)
		}
	}
	wantHist := []histStep{
		{"HOLDS", "lo dijo en directo", false},
		{"PARTLY", "hay matices", false},
		{"PARTLY", "me equivoqué", true},
		{"DOES_NOT_HOLD", "", false},
	}
	if !slices.Equal(got, wantHist) {
		t.Errorf("owner's history:\n got %v\nwant %v", got, wantHist)
	}

	// Another reader, and an anonymous visitor, see the verdict but not
	// its history.
	for name, c := range map[string]*apitest.Caller{"another reader": other.Caller, "an anonymous visitor": env.Anonymous()} {
		var out struct {
			Node *struct {
				ID      string
				Value   string
				History []vtChange
			}
		}
		c.MustDo(vtVerdictNodeDoc, map[string]any{"id": v1.ID}, &out)
		if out.Node == nil || out.Node.Value != "DOES_NOT_HOLD" {
			t.Errorf("%s cannot see the verdict: %+v", name, out.Node)
		} else if len(out.Node.History) != 0 {
			t.Errorf("%s sees the verdict's history: %+v", name, out.Node.History)
		}
	}
	if v := vtVerdictOn(t, other, claim.ID); v != nil {
		t.Errorf("another reader's verdictOn returns %+v, want null", v)
	}
}

func vtOr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Refused casts and withdrawals say why and write nothing.
func TestVerdictRefusals(t *testing.T) {
	env := apitest.New(t)
	claim := vtNewClaim(t, env, "La cuenta fue hackeada")
	fresh := vtNewClaim(t, env, "El tuit se borró")
	nobody := vtNewClaim(t, env, "Nadie opinó")
	withdrawn := vtNewClaim(t, env, "Se retiró")
	reader := env.NewUser(auth.Reader)
	vtCast(t, reader, claim.ID, "HOLDS", nil)
	vtCast(t, reader, withdrawn.ID, "HOLDS", nil)
	long := strings.Repeat("é", 1001) // characters, not bytes: 2002 bytes
	anon := env.Anonymous()

	cases := []struct {
		name   string
		caller *apitest.Caller
		doc    string
		vars   map[string]any
		code   string
		field  string
	}{
		{"reason over 1000 characters on a first cast", reader.Caller, vtCastDoc, vtCastVars(fresh.ID, "HOLDS", &long), "BAD_USER_INPUT", "reason"},
		{"reason over 1000 characters on a change", reader.Caller, vtCastDoc, vtCastVars(claim.ID, "PARTLY", &long), "BAD_USER_INPUT", "reason"},
		{"reason over 1000 characters on a withdrawal", reader.Caller, vtWithdrawDoc, map[string]any{"c": vtID(withdrawn.ID), "r": long}, "BAD_USER_INPUT", "reason"},
		{"unknown claim", reader.Caller, vtCastDoc, vtCastVars(fresh.ID+1000000, "HOLDS", nil), "NOT_FOUND", "claimId"},
		{"withdrawing without a verdict", reader.Caller, vtWithdrawDoc, map[string]any{"c": vtID(nobody.ID)}, "BAD_USER_INPUT", "claimId"},
		{"anonymous cast", anon, vtCastDoc, vtCastVars(claim.ID, "HOLDS", nil), "FORBIDDEN", ""},
		{"anonymous withdrawal", anon, vtWithdrawDoc, map[string]any{"c": vtID(claim.ID)}, "FORBIDDEN", ""},
		// As everywhere in the API, an unknown enum value fails validation.
		{"unknown value", reader.Caller, vtCastDoc, vtCastVars(claim.ID, "MAYBE", nil), "GRAPHQL_VALIDATION_FAILED", ""},
	}
	for _, c := range cases {
		vtExpectRefused(t, env, c.name, c.caller, c.doc, c.vars, c.code, c.field)
	}

	// Nothing refused touched the first verdict or its tally.
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Holds: 1}) {
		t.Errorf("tally after the refusals: %+v", tl)
	}
	if v := vtVerdictOn(t, reader, claim.ID); v == nil || v.Value != "HOLDS" || v.WithdrawnAt != nil || len(v.History) != 1 {
		t.Errorf("the verdict after the refusals: %+v, want HOLDS with one history row", v)
	}
	// The limit counts characters, not bytes.
	v := vtCast(t, reader, fresh.ID, "PARTLY", vtStr(strings.Repeat("é", 1000)))
	if n := len([]rune(vtOr(v.Reason))); n != 1000 {
		t.Errorf("a reason of 1000 characters came back with %d", n)
	}
}

// A reader's fourth cast within the limit's period is refused with a
// retry time, writes nothing, and does not affect other readers; a per-IP
// limit applies across readers.
func TestVerdictRateLimits(t *testing.T) {
	t.Run("per user", func(t *testing.T) {
		env := apitest.New(t, apitest.WithVerdictLimits(ballot.Limits{PerUser: 3, PerIP: 1000, Per: time.Minute}))
		claims := []*ent.Claim{vtNewClaim(t, env, "uno"), vtNewClaim(t, env, "dos")}
		reader := env.NewUser(auth.Reader)
		vtCast(t, reader, claims[0].ID, "HOLDS", nil)
		vtCast(t, reader, claims[0].ID, "PARTLY", nil)
		vtWithdraw(t, reader, claims[0].ID, nil) // withdrawals count too
		r := vtExpectRefused(t, env, "a fourth cast", reader.Caller, vtCastDoc, vtCastVars(claims[1].ID, "HOLDS", nil), "RATE_LIMITED", "")
		vtCheckRetryAfter(t, r)
		vtExpectRefused(t, env, "a withdrawal after the limit", reader.Caller, vtWithdrawDoc, map[string]any{"c": vtID(claims[0].ID)}, "RATE_LIMITED", "")
		if v := vtVerdictOn(t, reader, claims[1].ID); v != nil {
			t.Errorf("the refused cast left a verdict: %+v", v)
		}
		// Another reader is not limited by the first one's casts.
		vtCast(t, env.NewUser(auth.Reader), claims[1].ID, "DOES_NOT_HOLD", nil)
		vtCheckTally(t, env, claims[1].ID)
	})
	t.Run("per IP, across users", func(t *testing.T) {
		env := apitest.New(t, apitest.WithVerdictLimits(ballot.Limits{PerUser: 1000, PerIP: 3, Per: time.Minute}))
		claim := vtNewClaim(t, env, "uno")
		a, b, c := env.NewUser(auth.Reader), env.NewUser(auth.Reader), env.NewUser(auth.Reader)
		vtCast(t, a, claim.ID, "HOLDS", nil)
		vtCast(t, a, claim.ID, "PARTLY", nil)
		vtCast(t, b, claim.ID, "HOLDS", nil)
		r := vtExpectRefused(t, env, "a cast from the same address by a third reader", c.Caller, vtCastDoc, vtCastVars(claim.ID, "DOES_NOT_HOLD", nil), "RATE_LIMITED", "")
		vtCheckRetryAfter(t, r)
		if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Holds: 1, Partly: 1}) {
			t.Errorf("tally %+v, want 1 HOLDS and 1 PARTLY", tl)
		}
	})
}

func vtCheckRetryAfter(t *testing.T, r *apitest.Response) {
	t.Helper()
	if len(r.Errors) == 0 {
		return
	}
	ra, ok := r.Errors[0].Extensions["retryAfter"].(float64)
	if !ok || ra < 1 || ra > 60 || ra != float64(int(ra)) {
		t.Errorf("extensions.retryAfter = %v, want whole seconds in [1, 60]", r.Errors[0].Extensions["retryAfter"])
	}
}

// A lone castVerdict is written by the ballot's group commit, outside any
// request transaction; next to other fields it is written inside the
// operation's transaction, so the operation stays all or nothing.
func TestCastAlongsideOtherMutations(t *testing.T) {
	env := apitest.New(t)
	claim := vtNewClaim(t, env, "La cuenta fue hackeada")
	const castAndCreate = `mutation($c: ID!, $a: ID!) {
		castVerdict(claimId: $c, value: HOLDS, reason: "lo vi") { id value }
		createClaim(input: {claimantID: $a, lang: "es", text: "Otra afirmación"}) { id }
	}`
	vars := map[string]any{"c": vtID(claim.ID), "a": vtID(claim.ClaimantID)}

	// A reader may cast but not create claims: the cast is undone with
	// the refused field, and nothing else is written either.
	reader := env.NewUser(auth.Reader)
	vtExpectRefused(t, env, "cast next to a refused createClaim", reader.Caller, castAndCreate, vars, "FORBIDDEN", "")

	// A journalist may do both: both are kept.
	journalist := env.NewUser(auth.Journalist)
	journalist.MustDo(castAndCreate, vars, nil)
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Holds: 1}) {
		t.Errorf("tally after the journalist's operation: %+v, want one HOLDS", tl)
	}

	// Two casts of one reader in one operation apply in order.
	var two struct {
		A, B vtVerdict
	}
	reader.MustDo(`mutation($c: ID!) {
		a: castVerdict(claimId: $c, value: DOES_NOT_HOLD) { id value history { id } }
		b: castVerdict(claimId: $c, value: PARTLY, reason: "mejor así") { id value history { id } }
	}`, map[string]any{"c": vtID(claim.ID)}, &two)
	if two.A.Value != "DOES_NOT_HOLD" || two.B.Value != "PARTLY" || len(two.A.History) != 1 || len(two.B.History) != 2 {
		t.Errorf("two casts in one operation answered %+v and %+v", two.A, two.B)
	}
	if tl := vtCheckTally(t, env, claim.ID); tl != (verdict.Tally{Holds: 1, Partly: 1}) {
		t.Errorf("tally after the two casts: %+v, want one HOLDS and one PARTLY", tl)
	}

	// Every change, batched or not, is in the audit log with the
	// operation, the actor and the request id.
	other := env.NewUser(auth.Reader)
	vtCast(t, other, claim.ID, "HOLDS", nil)
	if n := vtCount(t, env.DB, `SELECT count(*) FROM audit_events e JOIN verdicts v ON v.id = e.entity_id
		WHERE e.entity_type = 'Verdict' AND v.claim_id = $1 AND e.action = 'castVerdict'
		AND e.actor_id = v.user_id AND e.request_id IS NOT NULL`, claim.ID); n != 4 {
		t.Errorf("%d audit events for the claim's verdicts, want 4 (the journalist's, the reader's two, the other reader's)", n)
	}
}
