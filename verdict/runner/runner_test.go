package runner_test

// Acceptance tests of the scoring runner on PostgreSQL: it scores a
// synthetic population of readers and claims (package synth) exactly as the
// pure model does, runs only when verdicts changed, one instance at a time,
// gives the same bits on any database holding the same verdicts, puts
// claims that lost all their verdicts back to NEEDS_MORE_VERDICTS, and the
// GraphQL API shows what it wrote.

import (
	"context"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/claimconsensus"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/verdict"
	"github.com/veredicto/veredicto/verdict/ballot"
	"github.com/veredicto/veredicto/verdict/runner"
	"github.com/veredicto/veredicto/verdict/synth"
)

// scoreLock is the runner's advisory lock key ("score" in ASCII).
const scoreLock = 0x73636f7265

// population is a synthetic population: 200 readers in two polarised
// groups and about 60 claims of known truth with 3 to 200 verdicts each, so
// that every status occurs.
func population() *synth.Data {
	cfg := synth.DefaultConfig(6000)
	cfg.PerReader = 30
	cfg.MinPerClaim, cfg.MaxPerClaim = 3, 200
	return synth.Generate(cfg)
}

// world is a running Veredicto holding a synthetic population.
type world struct {
	env    *apitest.Env
	data   *synth.Data
	users  map[int64]int // synth reader → user id
	claims map[int64]int // synth claim → claim id
	run    *runner.Runner
}

// newWorld starts Veredicto on a fresh database and stores the population
// in it: users and claims in synth's order (so two worlds get the same
// ids), verdicts in the given order of data.Ratings indices.
func newWorld(t *testing.T, data *synth.Data, order []int) *world {
	t.Helper()
	env := apitest.New(t)
	w := &world{env: env, data: data, users: map[int64]int{}, claims: map[int64]int{}}
	w.run = runner.New(env.DB, env.Client)
	ctx := context.Background()

	var actorID int
	if err := env.DB.QueryRowContext(ctx, `INSERT INTO actors (created_at, updated_at, name, kind)
		VALUES (now(), now(), 'Synth', 'PARTY') RETURNING id`).Scan(&actorID); err != nil {
		t.Fatal(err)
	}
	ids := func(query string, n int, args ...any) []int {
		t.Helper()
		rows, err := env.DB.QueryContext(ctx, query, append([]any{n}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []int
		for rows.Next() {
			var id int
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			out = append(out, id)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(out) != n {
			t.Fatalf("inserted %d rows, want %d", len(out), n)
		}
		return out
	}
	userIDs := ids(`INSERT INTO users (created_at, updated_at, handle, display_name, role)
		SELECT now(), now(), 'synth_' || i, 'Lector sintético ' || i, 'READER'
		FROM generate_series(1, $1) AS i ORDER BY i RETURNING id`, len(data.Readers))
	for i, r := range data.Readers {
		w.users[r.ID] = userIDs[i]
	}
	claimIDs := ids(`INSERT INTO claims (created_at, updated_at, text, lang, claimant_id)
		SELECT now(), now(), 'Afirmación sintética ' || i, 'es', $2
		FROM generate_series(1, $1) AS i ORDER BY i RETURNING id`, len(data.Claims), actorID)
	for i, c := range data.Claims {
		w.claims[c.ID] = claimIDs[i]
	}
	// Claims made through ent get their tally row; these get one from a
	// fresh count below, as the backfill migration does.
	var users, claims []int64
	var values []string
	for _, i := range order {
		r := data.Ratings[i]
		users = append(users, int64(w.users[r.Reader]))
		claims = append(claims, int64(w.claims[r.Claim]))
		values = append(values, valueName(r.Value))
	}
	if _, err := env.DB.ExecContext(ctx, `INSERT INTO verdicts (created_at, updated_at, value, claim_id, user_id)
		SELECT now(), now(), v, c, u FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS x(v, c, u)`,
		pq.Array(values), pq.Array(claims), pq.Array(users)); err != nil {
		t.Fatal(err)
	}
	if _, err := env.DB.ExecContext(ctx, `INSERT INTO claim_tallies (claim_id, holds, partly, does_not_hold, updated_at)
		SELECT c.id,
			count(v.id) FILTER (WHERE v.value = 'HOLDS'),
			count(v.id) FILTER (WHERE v.value = 'PARTLY'),
			count(v.id) FILTER (WHERE v.value = 'DOES_NOT_HOLD'),
			now()
		FROM claims c LEFT JOIN verdicts v ON v.claim_id = c.id GROUP BY c.id
		ON CONFLICT (claim_id) DO NOTHING`); err != nil {
		t.Fatal(err)
	}
	return w
}

func inOrder(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func valueName(v float64) string {
	switch v {
	case verdict.Holds:
		return string(schematype.Holds)
	case verdict.Partly:
		return string(schematype.Partly)
	}
	return string(schematype.DoesNotHold)
}

func (w *world) runOnce(t *testing.T, force bool) runner.Report {
	t.Helper()
	rep, err := w.run.RunOnce(context.Background(), force)
	if err != nil {
		t.Fatalf("RunOnce(force=%v): %v", force, err)
	}
	return rep
}

// ratings reads the current verdicts as the model's input, independently
// of the runner.
func (w *world) ratings(t *testing.T) []verdict.Rating {
	t.Helper()
	rows, err := w.env.DB.Query(`SELECT user_id, claim_id, value FROM verdicts WHERE withdrawn_at IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []verdict.Rating
	for rows.Next() {
		var r verdict.Rating
		var v string
		if err := rows.Scan(&r.Reader, &r.Claim, &v); err != nil {
			t.Fatal(err)
		}
		r.Value = schematype.VerdictValue(v).Score()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// freshCounts counts every claim's current verdicts per value.
func (w *world) freshCounts(t *testing.T) map[int]verdict.Tally {
	t.Helper()
	out := map[int]verdict.Tally{}
	for _, r := range w.ratings(t) {
		tl := out[int(r.Claim)]
		if err := tl.Add(r.Value); err != nil {
			t.Fatal(err)
		}
		out[int(r.Claim)] = tl
	}
	return out
}

// consensus reads every claim_consensus row, by claim id.
func (w *world) consensus(t *testing.T) map[int]*ent.ClaimConsensus {
	t.Helper()
	rows, err := w.env.Client.ClaimConsensus.Query().All(w.env.Sys())
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]*ent.ClaimConsensus{}
	for _, r := range rows {
		out[r.ClaimID] = r
	}
	return out
}

func tallyOf(c schematype.VerdictCounts) verdict.Tally {
	return verdict.Tally{Holds: c.Holds, Partly: c.Partly, DoesNotHold: c.DoesNotHold}
}

var statuses = []claimconsensus.Status{
	claimconsensus.StatusNeedsMoreVerdicts, claimconsensus.StatusConsensusHolds,
	claimconsensus.StatusConsensusDoesNotHold, claimconsensus.StatusDivided,
}

// checkRows checks each stored row on its own terms: a known status,
// explanations in both languages, the model version, and sides that add
// up to the claim's current verdicts.
func (w *world) checkRows(t *testing.T, rows map[int]*ent.ClaimConsensus) {
	t.Helper()
	fresh := w.freshCounts(t)
	for id, tl := range fresh {
		if rows[id] == nil {
			t.Errorf("claim %d has %d verdicts and no consensus row", id, tl.Total())
		}
	}
	for id, r := range rows {
		if !slices.Contains(statuses, r.Status) {
			t.Errorf("claim %d: status %q", id, r.Status)
		}
		if r.ExplanationEn == "" || r.ExplanationEs == "" || r.ExplanationEn == r.ExplanationEs {
			t.Errorf("claim %d: explanations en %q, es %q", id, r.ExplanationEn, r.ExplanationEs)
		}
		if r.ModelVersion != verdict.ModelVersion {
			t.Errorf("claim %d: model version %q, want %q", id, r.ModelVersion, verdict.ModelVersion)
		}
		sides := tallyOf(r.Sides.Positive).Plus(tallyOf(r.Sides.Negative)).Plus(tallyOf(r.Sides.Unplaced))
		if sides != fresh[id] || r.TotalVerdicts != fresh[id].Total() {
			t.Errorf("claim %d: sides add up to %+v (total %d), the claim has %+v", id, sides, r.TotalVerdicts, fresh[id])
		}
		if r.VerdictsUsed > r.TotalVerdicts {
			t.Errorf("claim %d: %d verdicts used of %d", id, r.VerdictsUsed, r.TotalVerdicts)
		}
		if !r.Fitted && (r.Status != claimconsensus.StatusNeedsMoreVerdicts || r.Consensus != 0 || r.Intercept != 0 || r.Factor != 0) {
			t.Errorf("claim %d is not fitted but has status %s, consensus %v, intercept %v, factor %v",
				id, r.Status, r.Consensus, r.Intercept, r.Factor)
		}
	}
}

// sameAsModel checks that the stored rows are, bit for bit, what the model
// computes from the same verdicts.
func sameAsModel(t *testing.T, rows map[int]*ent.ClaimConsensus, res *verdict.Result) {
	t.Helper()
	for _, cs := range res.Claims {
		r := rows[int(cs.Claim)]
		if r == nil {
			t.Errorf("claim %d: no row", cs.Claim)
			continue
		}
		got := row{string(r.Status), r.Fitted, math.Float64bits(r.Consensus), math.Float64bits(r.Intercept), math.Float64bits(r.Factor),
			r.Sides, r.VerdictsUsed, r.TotalVerdicts, r.ExplanationEn, r.ExplanationEs, r.ModelVersion}
		want := row{string(cs.Status), cs.Fitted, math.Float64bits(cs.Consensus), math.Float64bits(cs.Intercept), math.Float64bits(cs.Factor),
			schematype.ConsensusSides{Positive: counts(cs.Sides.Positive), Negative: counts(cs.Sides.Negative), Unplaced: counts(cs.Sides.Unplaced)},
			cs.Verdicts, cs.TotalVerdicts, cs.ExplanationEN, cs.ExplanationES, cs.ModelVersion}
		if got != want {
			t.Errorf("claim %d:\nstored %+v\n model %+v", cs.Claim, got, want)
		}
	}
}

type row struct {
	status                     string
	fitted                     bool
	consensus, intercept, fact uint64
	sides                      schematype.ConsensusSides
	used, total                int
	en, es, version            string
}

func rowOf(r *ent.ClaimConsensus) row {
	return row{string(r.Status), r.Fitted, math.Float64bits(r.Consensus), math.Float64bits(r.Intercept), math.Float64bits(r.Factor),
		r.Sides, r.VerdictsUsed, r.TotalVerdicts, r.ExplanationEn, r.ExplanationEs, r.ModelVersion}
}

func counts(t verdict.Tally) schematype.VerdictCounts {
	return schematype.VerdictCounts{Holds: t.Holds, Partly: t.Partly, DoesNotHold: t.DoesNotHold}
}

const consensusDoc = `query($id: ID!) {
	node(id: $id) { ... on Claim { consensus {
		status explanation(lang: "es") en: explanation(lang: "en") byDefault: explanation
		sides {
			positive { holds partly doesNotHold total }
			negative { holds partly doesNotHold total }
			unplaced { holds partly doesNotHold total }
		}
		consensus intercept factor fitted verdictsUsed totalVerdicts computedAt modelVersion
	} } }
}`

type gqlCounts struct{ Holds, Partly, DoesNotHold, Total int }

type gqlConsensus struct {
	Status, Explanation, En, ByDefault string
	Sides                              struct{ Positive, Negative, Unplaced gqlCounts }
	Consensus, Intercept, Factor       float64
	Fitted                             bool
	VerdictsUsed, TotalVerdicts        int
	ComputedAt                         time.Time
	ModelVersion                       string
}

// checkGraphQL checks that claim.consensus shows the stored row.
func (w *world) checkGraphQL(t *testing.T, rows map[int]*ent.ClaimConsensus, claimIDs ...int) {
	t.Helper()
	anon := w.env.Anonymous()
	for _, id := range claimIDs {
		r := rows[id]
		var out struct {
			Node struct{ Consensus *gqlConsensus }
		}
		anon.MustDo(consensusDoc, map[string]any{"id": strconv.Itoa(id)}, &out)
		g := out.Node.Consensus
		if g == nil {
			t.Errorf("claim %d: GraphQL shows no consensus", id)
			continue
		}
		gc := func(c schematype.VerdictCounts) gqlCounts {
			return gqlCounts{c.Holds, c.Partly, c.DoesNotHold, tallyOf(c).Total()}
		}
		if g.Status != string(r.Status) || g.Explanation != r.ExplanationEs || g.En != r.ExplanationEn || g.ByDefault != r.ExplanationEn ||
			g.Sides.Positive != gc(r.Sides.Positive) || g.Sides.Negative != gc(r.Sides.Negative) || g.Sides.Unplaced != gc(r.Sides.Unplaced) ||
			g.Consensus != r.Consensus || g.Intercept != r.Intercept || g.Factor != r.Factor || g.Fitted != r.Fitted ||
			g.VerdictsUsed != r.VerdictsUsed || g.TotalVerdicts != r.TotalVerdicts || !g.ComputedAt.Equal(r.ComputedAt) ||
			g.ModelVersion != r.ModelVersion {
			t.Errorf("claim %d: GraphQL shows\n%+v\nthe row is\n%+v", id, *g, rowOf(r))
		}
	}
}

// The runner scores a synthetic population exactly as the model does,
// runs again only when a verdict changed, and the API shows the result.
func TestRunnerScoresThePopulation(t *testing.T) {
	data := population()
	w := newWorld(t, data, inOrder(len(data.Ratings)))
	t.Logf("%d readers, %d claims, %d verdicts", len(data.Readers), len(data.Claims), len(data.Ratings))

	rep := w.runOnce(t, false)
	if !rep.Ran || rep.Verdicts != len(data.Ratings) || rep.Claims != len(data.Claims) {
		t.Fatalf("first run: %+v, want it to run on %d verdicts of %d claims", rep, len(data.Ratings), len(data.Claims))
	}
	t.Logf("first run: %d verdicts, %d claims in %v (stats %+v)", rep.Verdicts, rep.Claims, rep.Duration, rep.Stats)
	rows := w.consensus(t)
	if len(rows) != len(data.Claims) {
		t.Errorf("%d consensus rows for %d claims", len(rows), len(data.Claims))
	}
	w.checkRows(t, rows)
	res, err := verdict.Score(w.ratings(t), nil, verdict.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsModel(t, rows, res)

	// The statuses: every one occurs, and the model is mostly right about
	// claims whose truth is known.
	byStatus := map[claimconsensus.Status]int{}
	right := 0
	for _, c := range data.Claims {
		st := rows[w.claims[c.ID]].Status
		byStatus[st]++
		if synth.Expected(c.Truth, verdict.Status(st)) {
			right++
		}
	}
	t.Logf("statuses %v; %d of %d claims as their known truth says", byStatus, right, len(data.Claims))
	for _, st := range statuses {
		if byStatus[st] == 0 {
			t.Errorf("no claim is %s", st)
		}
	}

	var some []int
	for _, c := range data.Claims[:8] {
		some = append(some, w.claims[c.ID])
	}
	w.checkGraphQL(t, rows, some...)

	// Nothing changed: no run.
	if rep := w.runOnce(t, false); rep.Ran || !strings.Contains(rep.Reason, "no verdict changed") {
		t.Errorf("second run without changes: %+v, want Ran=false because no verdict changed", rep)
	}
	if again := w.consensus(t); !sameRows(again, rows) {
		t.Error("a run that did not run changed consensus rows")
	}

	// One more verdict, through the API: it runs again, on it too.
	target := w.claims[data.Claims[0].ID]
	reader := w.env.NewUser(auth.Reader)
	reader.MustDo(`mutation($c: ID!) { castVerdict(claimId: $c, value: PARTLY) { id } }`, map[string]any{"c": strconv.Itoa(target)}, nil)
	rep = w.runOnce(t, false)
	if !rep.Ran || rep.Verdicts != len(data.Ratings)+1 {
		t.Errorf("run after one more verdict: %+v, want it to run on %d verdicts", rep, len(data.Ratings)+1)
	}
	rows = w.consensus(t)
	w.checkRows(t, rows)
	w.checkGraphQL(t, rows, target)

	// force runs even without changes.
	if rep := w.runOnce(t, true); !rep.Ran {
		t.Errorf("forced run: %+v", rep)
	}
}

// sameRows reports whether two sets of rows hold the same values.
func sameRows(a, b map[int]*ent.ClaimConsensus) bool {
	if len(a) != len(b) {
		return false
	}
	for id, r := range a {
		if b[id] == nil || rowOf(r) != rowOf(b[id]) || !r.ComputedAt.Equal(b[id].ComputedAt) {
			return false
		}
	}
	return true
}

// Two databases holding the same verdicts, written in different orders,
// get identical consensus rows, to the bit, and the same saved state.
func TestRunnerIsDeterministicAcrossDatabases(t *testing.T) {
	data := population()
	order := inOrder(len(data.Ratings))
	reversed := slices.Clone(order)
	slices.Reverse(reversed)
	a := newWorld(t, data, order)
	b := newWorld(t, data, reversed)
	for _, w := range []*world{a, b} {
		if rep := w.runOnce(t, false); !rep.Ran {
			t.Fatalf("run: %+v", rep)
		}
	}
	ra, rb := a.consensus(t), b.consensus(t)
	if len(ra) != len(data.Claims) || len(rb) != len(ra) {
		t.Fatalf("%d and %d rows for %d claims", len(ra), len(rb), len(data.Claims))
	}
	for id, r := range ra {
		if rb[id] == nil || rowOf(r) != rowOf(rb[id]) {
			t.Errorf("claim %d:\n%+v\n%+v", id, rowOf(r), rb[id])
		}
	}
	stateOf := func(w *world) json.RawMessage {
		var s json.RawMessage
		if err := w.env.DB.QueryRow(`SELECT state FROM scoring_states`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if sa, sb := stateOf(a), stateOf(b); string(sa) != string(sb) {
		t.Error("the saved model states differ")
	}
}

// While another connection holds the scoring lock, RunOnce does nothing and
// says why; once it is released, it runs.
func TestRunnerWaitsForTheAdvisoryLock(t *testing.T) {
	data := population()
	w := newWorld(t, data, inOrder(len(data.Ratings)))
	ctx := context.Background()
	conn, err := w.env.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, scoreLock); err != nil {
		t.Fatal(err)
	}
	for _, force := range []bool{false, true} {
		rep := w.runOnce(t, force)
		if rep.Ran || rep.Reason == "" {
			t.Errorf("run (force=%v) while another instance holds the lock: %+v, want Ran=false with a reason", force, rep)
		}
	}
	if n := len(w.consensus(t)); n != 0 {
		t.Errorf("runs that did not run wrote %d consensus rows", n)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, scoreLock); err != nil {
		t.Fatal(err)
	}
	if rep := w.runOnce(t, false); !rep.Ran {
		t.Errorf("run after the lock was released: %+v", rep)
	}
	// The runner released the lock again.
	var free bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, scoreLock).Scan(&free); err != nil || !free {
		t.Errorf("the runner kept the lock (free=%v, err=%v)", free, err)
	}
}

// A claim whose verdicts were all withdrawn goes back to
// NEEDS_MORE_VERDICTS, with nothing left of its old consensus.
func TestRunnerResetsClaimsWithoutVerdicts(t *testing.T) {
	data := population()
	w := newWorld(t, data, inOrder(len(data.Ratings)))
	// A small claim whose three readers cast and then withdraw through the API.
	small := newClaim(t, w.env)
	readers := []*apitest.User{w.env.NewUser(auth.Reader), w.env.NewUser(auth.Reader), w.env.NewUser(auth.Reader)}
	for _, r := range readers {
		r.MustDo(`mutation($c: ID!) { castVerdict(claimId: $c, value: HOLDS) { id } }`, map[string]any{"c": strconv.Itoa(small)}, nil)
	}
	if rep := w.runOnce(t, false); !rep.Ran {
		t.Fatalf("first run: %+v", rep)
	}
	rows := w.consensus(t)
	// A claim that reached a consensus loses all its verdicts.
	var settled int
	for _, c := range data.Claims {
		if r := rows[w.claims[c.ID]]; r != nil && r.Status == claimconsensus.StatusConsensusHolds || r.Status == claimconsensus.StatusConsensusDoesNotHold {
			settled = r.ClaimID
			break
		}
	}
	if settled == 0 || rows[small] == nil || rows[small].TotalVerdicts != 3 {
		t.Fatalf("want a settled claim and the small claim's row: settled %d, small %+v", settled, rows[small])
	}
	if _, err := w.env.DB.Exec(`UPDATE verdicts SET withdrawn_at = now(), updated_at = now() WHERE claim_id = $1`, settled); err != nil {
		t.Fatal(err)
	}
	for _, r := range readers {
		r.MustDo(`mutation($c: ID!) { withdrawVerdict(claimId: $c) { id } }`, map[string]any{"c": strconv.Itoa(small)}, nil)
	}
	if rep := w.runOnce(t, false); !rep.Ran {
		t.Fatalf("run after the withdrawals: %+v", rep)
	}
	rows = w.consensus(t)
	for _, id := range []int{settled, small} {
		r := rows[id]
		if r == nil {
			t.Errorf("claim %d lost its consensus row", id)
			continue
		}
		if r.Status != claimconsensus.StatusNeedsMoreVerdicts || r.Fitted || r.VerdictsUsed != 0 || r.TotalVerdicts != 0 ||
			r.Sides != (schematype.ConsensusSides{}) {
			t.Errorf("claim %d without verdicts: %+v", id, rowOf(r))
		}
		// "0 when not fitted" (ClaimConsensus.consensus).
		if r.Consensus != 0 || r.Intercept != 0 || r.Factor != 0 {
			t.Errorf("claim %d without verdicts keeps consensus %v, intercept %v, factor %v from its last fit", id, r.Consensus, r.Intercept, r.Factor)
		}
		if r.ModelVersion != verdict.ModelVersion {
			t.Errorf("claim %d without verdicts: model version %q", id, r.ModelVersion)
		}
	}
	w.checkRows(t, rows)
	w.checkGraphQL(t, rows, settled, small)
}

func newClaim(t *testing.T, env *apitest.Env) int {
	t.Helper()
	a, err := env.Client.Actor.Create().SetName("PSOE").SetKind(actor.KindParty).Save(env.Sys())
	if err != nil {
		t.Fatal(err)
	}
	c, err := env.Client.Claim.Create().SetClaimant(a).SetLang("es").SetText("La cuenta fue hackeada").Save(env.Sys())
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// A change that commits after a later one (a cast whose transaction took
// longer) must still make the next run run: otherwise the consensus
// ignores it until some other verdict changes.
func TestRunnerNoticesAChangeCommittedLate(t *testing.T) {
	data := population()
	w := newWorld(t, data, inOrder(len(data.Ratings)))
	slow, fast := w.env.NewUser(auth.Reader), w.env.NewUser(auth.Reader)
	x, y := w.claims[data.Claims[0].ID], w.claims[data.Claims[1].ID]
	cast := `mutation($c: ID!, $v: VerdictValue!) { castVerdict(claimId: $c, value: $v) { id } }`
	slow.MustDo(cast, map[string]any{"c": strconv.Itoa(x), "v": "HOLDS"}, nil)
	fast.MustDo(cast, map[string]any{"c": strconv.Itoa(y), "v": "HOLDS"}, nil)
	if rep := w.runOnce(t, false); !rep.Ran {
		t.Fatalf("first run: %+v", rep)
	}

	// The slow reader changes their verdict in a transaction that stays
	// open while the fast reader's change commits and a run happens.
	ctx := w.env.As(slow)
	tx, err := w.env.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	b := ballot.New(w.env.Client, ballot.DefaultLimits)
	if _, err := b.Cast(ent.NewContext(ctx, tx.Client()), x, schematype.DoesNotHold, nil, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // the fast change is strictly later
	fast.MustDo(cast, map[string]any{"c": strconv.Itoa(y), "v": "DOES_NOT_HOLD"}, nil)
	if rep := w.runOnce(t, false); !rep.Ran {
		t.Fatalf("run after the fast change: %+v", rep)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	rep := w.runOnce(t, false)
	if !rep.Ran {
		t.Errorf("run after the slow change committed: %+v; the consensus ignores a committed change", rep)
	}
	var sides schematype.ConsensusSides
	if r := w.consensus(t)[x]; r != nil {
		sides = r.Sides
	}
	all := tallyOf(sides.Positive).Plus(tallyOf(sides.Negative)).Plus(tallyOf(sides.Unplaced))
	if fresh := w.freshCounts(t)[x]; all != fresh {
		t.Errorf("claim %d: the consensus counts %+v, the claim has %+v", x, all, fresh)
	}
}
