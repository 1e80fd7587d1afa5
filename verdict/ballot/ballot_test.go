package ballot

// Batch semantics, on a real PostgreSQL database (internal/pgtest): what
// one batch does with a mix of requests, a reader's requests queued
// behind each other, the audit log's shape, one change event per claim,
// and two ballots (two instances) on the same verdicts at once. The
// end-to-end tests over HTTP are in graph/verdict_test.go.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/ent/user"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/dbmigrate"
	"github.com/veredicto/veredicto/internal/pgtest"
)

var noLimits = Limits{PerUser: 1 << 30, PerIP: 1 << 30, Per: time.Minute}

type testDB struct {
	t      *testing.T
	dsn    string
	db     *sql.DB
	client *ent.Client
}

// newTestDB clones the migrated template database (the one apitest uses).
func newTestDB(t *testing.T) *testDB {
	dsn := pgtest.New(t, pgtest.Template{
		Name:    "veredicto",
		Version: pgtest.HashPaths(t, "ent/migrate/migrations"),
		Setup: func(ctx context.Context, db *sql.DB) error {
			_, err := dbmigrate.Up(ctx, db)
			return err
		},
	})
	db := openPool(t, dsn)
	return &testDB{t: t, dsn: dsn, db: db, client: database.NewClient(db)}
}

func openPool(t *testing.T, dsn string) *sql.DB {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	t.Cleanup(func() { db.Close() })
	return db
}

// newClient is an ent client with a pool of its own, as another instance
// would have.
func (d *testDB) newClient() *ent.Client {
	return database.NewClient(openPool(d.t, d.dsn))
}

func (d *testDB) newReader() *auth.Viewer {
	d.t.Helper()
	n := rand.Int64()
	u, err := d.client.User.Create().SetHandle(fmt.Sprintf("reader_%d", n)).SetDisplayName("Reader").
		SetRole(user.RoleReader).SetPasswordHash("x").Save(database.System(context.Background()))
	if err != nil {
		d.t.Fatal(err)
	}
	return &auth.Viewer{UserID: u.ID, Handle: u.Handle, Role: auth.Reader}
}

func (d *testDB) newClaim() int {
	d.t.Helper()
	ctx := database.System(context.Background())
	a, err := d.client.Actor.Create().SetName("PSOE").SetKind(actor.KindParty).Save(ctx)
	if err != nil {
		d.t.Fatal(err)
	}
	c, err := d.client.Claim.Create().SetClaimant(a).SetLang("es").SetText("La cuenta fue hackeada").Save(ctx)
	if err != nil {
		d.t.Fatal(err)
	}
	return c.ID
}

// checkTally fails unless the claim's tally equals a fresh count.
func (d *testDB) checkTally(claimID int) [3]int {
	d.t.Helper()
	var tally, fresh [3]int
	if err := d.db.QueryRow(`SELECT holds, partly, does_not_hold FROM claim_tallies WHERE claim_id = $1`, claimID).
		Scan(&tally[0], &tally[1], &tally[2]); err != nil {
		d.t.Fatal(err)
	}
	if err := d.db.QueryRow(`SELECT count(*) FILTER (WHERE value = 'HOLDS'), count(*) FILTER (WHERE value = 'PARTLY'),
		count(*) FILTER (WHERE value = 'DOES_NOT_HOLD') FROM verdicts WHERE claim_id = $1 AND withdrawn_at IS NULL`, claimID).
		Scan(&fresh[0], &fresh[1], &fresh[2]); err != nil {
		d.t.Fatal(err)
	}
	if tally != fresh {
		d.t.Errorf("claim %d: tally (holds, partly, does not hold) %v, a fresh count %v", claimID, tally, fresh)
	}
	return tally
}

func (d *testDB) count(query string, args ...any) int {
	d.t.Helper()
	var n int
	if err := d.db.QueryRow(query, args...).Scan(&n); err != nil {
		d.t.Fatal(err)
	}
	return n
}

type outcome struct {
	v   *ent.Verdict
	err error
}

// call is one request to a ballot.
type call func(b *Ballot) (*ent.Verdict, error)

func cast(v *auth.Viewer, claimID int, value schematype.VerdictValue, reason *string) call {
	return func(b *Ballot) (*ent.Verdict, error) {
		return b.Cast(as(v), claimID, value, reason, "192.0.2.1", WithHistory(true))
	}
}

func withdraw(v *auth.Viewer, claimID int, reason *string) call {
	return func(b *Ballot) (*ent.Verdict, error) {
		return b.Withdraw(as(v), claimID, reason, "192.0.2.1", WithHistory(true))
	}
}

func as(v *auth.Viewer) context.Context {
	return auth.WithOperation(auth.WithViewer(context.Background(), v), "castVerdict")
}

// queued runs calls as if they all arrived, in this order, while a batch
// was being written: they wait in b's queue, then a writer takes them.
func queued(t *testing.T, b *Ballot, calls ...call) []outcome {
	t.Helper()
	b.mu.Lock()
	b.writing = true // as if a writer were busy: nobody starts one
	b.mu.Unlock()
	out := make([]outcome, len(calls))
	var wg sync.WaitGroup
	for i, c := range calls {
		wg.Go(func() {
			v, err := c(b)
			out[i] = outcome{v, err}
		})
		waitUntil(t, func() bool {
			b.mu.Lock()
			defer b.mu.Unlock()
			return len(b.waiting) == i+1
		})
	}
	go b.writeAll()
	wg.Wait()
	return out
}

func waitUntil(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the queue")
		}
	}
}

func str(s string) *string { return &s }

func code(err error) string {
	if e, ok := apierr.As(err); ok {
		return string(e.Code) + " " + e.Field
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return ""
}

// One batch of every kind of request: each gets its own outcome, refusals
// do not fail the others, the changes share one transaction (one time),
// and the tallies, history, audit log and change events follow.
func TestOneBatchOfMixedRequests(t *testing.T) {
	d := newTestDB(t)
	b := New(d.client, noLimits)
	var (
		mu      sync.Mutex // callers report their outcomes side by side
		counted []string
	)
	b.Counted = func(o string) {
		mu.Lock()
		defer mu.Unlock()
		counted = append(counted, o)
	}
	hot, other := d.newClaim(), d.newClaim()
	newcomer, changer, leaver, stayer, stranger, elsewhere := d.newReader(), d.newReader(), d.newReader(), d.newReader(), d.newReader(), d.newReader()
	queued(t, b,
		cast(changer, hot, schematype.Partly, nil),
		cast(leaver, hot, schematype.Holds, str("lo vi")),
		cast(stayer, hot, schematype.Holds, nil))
	d.checkTally(hot)
	mu.Lock()
	counted = nil
	mu.Unlock()
	events := listen(t, d.dsn)

	out := queued(t, b,
		cast(newcomer, hot, schematype.Holds, nil),                // a first cast
		cast(changer, hot, schematype.DoesNotHold, str("cambio")), // a change
		withdraw(leaver, hot, str("me equivoqué")),                // a withdrawal
		cast(stayer, hot, schematype.Holds, nil),                  // says what it said
		cast(newcomer, hot+other+1000, schematype.Holds, nil),     // an unknown claim
		withdraw(stranger, other, nil),                            // nothing to withdraw
		cast(elsewhere, other, schematype.Partly, str("dudoso")),  // a first cast elsewhere
	)

	wantCodes := []string{"", "", "", "", "NOT_FOUND claimId", "BAD_USER_INPUT claimId", ""}
	for i, o := range out {
		if got := code(o.err); got != wantCodes[i] {
			t.Errorf("request %d: outcome %q, want %q", i, got, wantCodes[i])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"cast", "cast", "withdrawn", "unchanged", "NOT_FOUND", "BAD_USER_INPUT", "cast"}; !sameItems(counted, want) {
		t.Errorf("counted outcomes %v, want %v in any order", counted, want)
	}
	check := func(i int, value schematype.VerdictValue, reason *string, withdrawn bool, history int) {
		t.Helper()
		v := out[i].v
		if v == nil || v.Value != value || !equal(v.Reason, reason) || (v.WithdrawnAt != nil) != withdrawn {
			t.Errorf("request %d answered %v, want %s %v withdrawn=%v", i, v, value, reason, withdrawn)
			return
		}
		if h := historyOf(v); len(h) != history {
			t.Errorf("request %d answered with %d history rows, want %d", i, len(h), history)
		}
	}
	check(0, schematype.Holds, nil, false, 1)
	check(1, schematype.DoesNotHold, str("cambio"), false, 2)
	check(2, schematype.Holds, str("lo vi"), true, 2) // a withdrawal keeps the reason it was cast with
	check(3, schematype.Holds, nil, false, 1)
	check(6, schematype.Partly, str("dudoso"), false, 1)
	// One transaction: every change has the batch's time.
	for _, i := range []int{0, 1, 2, 6} {
		if !out[i].v.UpdatedAt.Equal(out[0].v.UpdatedAt) {
			t.Errorf("request %d was written at %v, request 0 at %v: not one batch", i, out[i].v.UpdatedAt, out[0].v.UpdatedAt)
		}
	}

	if got := d.checkTally(hot); got != [3]int{2, 0, 1} {
		t.Errorf("hot claim's tally %v, want 2 holds and 1 does not hold", got)
	}
	if got := d.checkTally(other); got != [3]int{0, 1, 0} {
		t.Errorf("other claim's tally %v, want 1 partly", got)
	}
	if n := d.count(`SELECT count(*) FROM verdict_changes WHERE created_at = $1`, out[0].v.UpdatedAt); n != 4 {
		t.Errorf("%d history rows written by the batch, want 4 (the changes)", n)
	}
	if n := d.count(`SELECT count(*) FROM audit_events WHERE entity_type = 'Verdict' AND created_at = $1
		AND action = 'castVerdict' AND actor_id IS NOT NULL`, out[0].v.UpdatedAt); n != 4 {
		t.Errorf("%d audit events written by the batch, want 4 (the changes)", n)
	}
	if got, want := events(2), map[int]int{hot: 1, other: 1}; !maps.Equal(got, want) {
		t.Errorf("tally events per claim %v, want %v: one per claim whose tally moved", got, want)
	}
}

// Requests for the same verdict in one queue apply one after the other,
// each in its own batch, and each answer shows the state it made.
func TestSameReaderTwiceInOneQueue(t *testing.T) {
	d := newTestDB(t)
	b := New(d.client, noLimits)
	claimID, reader, other := d.newClaim(), d.newReader(), d.newReader()
	out := queued(t, b,
		cast(reader, claimID, schematype.Holds, nil),
		cast(other, claimID, schematype.Holds, nil),
		cast(reader, claimID, schematype.Partly, str("mejor así")),
		withdraw(reader, claimID, nil),
		cast(reader, claimID, schematype.Partly, str("mejor así")),
	)
	want := []struct {
		value     schematype.VerdictValue
		withdrawn bool
		history   int
	}{{schematype.Holds, false, 1}, {schematype.Holds, false, 1}, {schematype.Partly, false, 2}, {schematype.Partly, true, 3}, {schematype.Partly, false, 4}}
	for i, o := range out {
		if o.err != nil {
			t.Fatalf("request %d: %v", i, o.err)
		}
		w := want[i]
		if h := historyOf(o.v); o.v.Value != w.value || (o.v.WithdrawnAt != nil) != w.withdrawn || len(h) != w.history {
			t.Errorf("request %d answered %s withdrawn=%v with %d history rows, want %+v",
				i, o.v.Value, o.v.WithdrawnAt != nil, len(h), w)
		}
	}
	if !out[0].v.UpdatedAt.Equal(out[1].v.UpdatedAt) || !out[2].v.UpdatedAt.After(out[0].v.UpdatedAt) {
		t.Errorf("the two readers' first casts should share a batch and the second cast come later: %v %v %v",
			out[0].v.UpdatedAt, out[1].v.UpdatedAt, out[2].v.UpdatedAt)
	}
	if got := d.checkTally(claimID); got != [3]int{1, 1, 0} {
		t.Errorf("tally %v, want 1 holds and 1 partly", got)
	}
}

// The ballot writes its audit events itself; they must have the shape
// AuditMixin gives the same changes made through ent.
func TestAuditEventsHaveTheMixinsShape(t *testing.T) {
	d := newTestDB(t)
	b := New(d.client, noLimits)
	claimID, viaEnt, viaBallot := d.newClaim(), d.newReader(), d.newReader()

	// Through ent: a first cast, a change that clears the reason, a
	// withdrawal.
	ctx := as(viaEnt)
	v, err := d.client.Verdict.Create().SetClaimID(claimID).SetUserID(viaEnt.UserID).SetValue(schematype.Holds).SetReason("lo vi").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.client.Verdict.UpdateOneID(v.ID).SetValue(schematype.Partly).ClearReason().ClearWithdrawnAt().Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.client.Verdict.UpdateOneID(v.ID).SetWithdrawnAt(time.Now().UTC()).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	// Through the ballot, the same three.
	for _, c := range []call{cast(viaBallot, claimID, schematype.Holds, str("lo vi")), cast(viaBallot, claimID, schematype.Partly, nil), withdraw(viaBallot, claimID, nil)} {
		if _, err := c(b); err != nil {
			t.Fatal(err)
		}
	}

	mixin, ballot := d.auditOf(viaEnt.UserID), d.auditOf(viaBallot.UserID)
	if len(mixin) != 3 || len(ballot) != 3 {
		t.Fatalf("%d audit events through ent, %d through the ballot; want 3 each", len(mixin), len(ballot))
	}
	for i := range mixin {
		if got, want := ballot[i].shape(), mixin[i].shape(); got != want {
			t.Errorf("audit event %d:\n ballot %s\n  mixin %s", i, got, want)
		}
	}
}

type auditRow struct {
	action, entityType, role string
	requestID                sql.NullString
	before, after            map[string]any
}

// shape is what must agree: everything but the ids and times themselves.
func (a auditRow) shape() string {
	kinds := func(m map[string]any) string {
		if m == nil {
			return "null"
		}
		var s []string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			s = append(s, fmt.Sprintf("%s:%T", k, m[k]))
		}
		return fmt.Sprint(s)
	}
	return fmt.Sprintf("action=%s entity=%s role=%s request=%v before=%s after=%s",
		a.action, a.entityType, a.role, a.requestID.Valid, kinds(a.before), kinds(a.after))
}

func (d *testDB) auditOf(userID int) []auditRow {
	d.t.Helper()
	rows, err := d.db.Query(`SELECT action, entity_type, actor_role, request_id, before, after FROM audit_events
		WHERE actor_id = $1 AND entity_type = 'Verdict' ORDER BY id`, userID)
	if err != nil {
		d.t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRow
	for rows.Next() {
		var a auditRow
		var before, after []byte
		if err := rows.Scan(&a.action, &a.entityType, &a.role, &a.requestID, &before, &after); err != nil {
			d.t.Fatal(err)
		}
		if before != nil {
			if err := json.Unmarshal(before, &a.before); err != nil {
				d.t.Fatal(err)
			}
		}
		if err := json.Unmarshal(after, &a.after); err != nil {
			d.t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// listen subscribes to change events; the function it returns collects
// tally events per claim until n claims were heard from (and a little
// longer, to catch duplicates).
func listen(t *testing.T, dsn string) func(n int) map[int]int {
	l := pq.NewListener(dsn, 10*time.Millisecond, time.Second, nil)
	t.Cleanup(func() { l.Close() })
	if err := l.Listen(changes.Channel); err != nil {
		t.Fatal(err)
	}
	return func(n int) map[int]int {
		got := map[int]int{}
		timeout := time.After(5 * time.Second)
		for {
			select {
			case m := <-l.Notify:
				var ev changes.Event
				if err := json.Unmarshal([]byte(m.Extra), &ev); err != nil || ev.Kind != changes.Tally {
					continue
				}
				got[ev.Claim]++
				if len(got) == n {
					timeout = time.After(200 * time.Millisecond)
				}
			case <-timeout:
				return got
			}
		}
	}
}

// Two ballots with pools of their own, as two instances have, cast,
// change and withdraw the same verdicts at once, first casts included:
// no request fails, every verdict stays unique, and the tallies equal a
// fresh count.
func TestTwoBallotsOnTheSameVerdicts(t *testing.T) {
	d := newTestDB(t)
	ballots := []*Ballot{New(d.newClient(), noLimits), New(d.newClient(), noLimits)}
	claims := []int{d.newClaim(), d.newClaim(), d.newClaim()}
	readers := make([]*auth.Viewer, 12)
	for i := range readers {
		readers[i] = d.newReader()
	}
	values := []schematype.VerdictValue{schematype.Holds, schematype.Partly, schematype.DoesNotHold}
	const workers, perWorker = 16, 60
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 9))
			for range perWorker {
				b := ballots[rng.IntN(len(ballots))]
				r, c := readers[rng.IntN(len(readers))], claims[rng.IntN(len(claims))]
				var err error
				if rng.IntN(5) == 0 {
					_, err = b.Withdraw(as(r), c, nil, "192.0.2.1")
					if e, ok := apierr.As(err); ok && e.Code == apierr.BadUserInput {
						err = nil // nothing to withdraw yet
					}
				} else {
					// Answered without history: from the rows the batch
					// locked, as it changed them.
					value := values[rng.IntN(len(values))]
					var v *ent.Verdict
					v, err = b.Cast(as(r), c, value, nil, "192.0.2.1")
					if err == nil && (v.Value != value || v.WithdrawnAt != nil || v.UserID != r.UserID || v.ClaimID != c) {
						err = fmt.Errorf("cast %s on claim %d answered %v", value, c, v)
					}
				}
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a request failed: %v", err)
	}
	for _, c := range claims {
		d.checkTally(c)
	}
	if n := d.count(`SELECT count(*) FROM (SELECT 1 FROM verdicts GROUP BY claim_id, user_id HAVING count(*) > 1) dup`); n != 0 {
		t.Errorf("%d (claim, reader) pairs with more than one verdict", n)
	}
	// The last step of every verdict's history is the verdict as it is.
	if n := d.count(`SELECT count(*) FROM verdicts v JOIN LATERAL (
			SELECT value, withdrawn FROM verdict_changes WHERE verdict_id = v.id ORDER BY id DESC LIMIT 1) last ON true
		WHERE last.value <> v.value OR last.withdrawn <> (v.withdrawn_at IS NOT NULL)`); n != 0 {
		t.Errorf("%d verdicts differ from the last step of their history", n)
	}
}

// historyOf is the history a verdict was answered with (nil if none was
// loaded).
func historyOf(v *ent.Verdict) []*ent.VerdictChange {
	h, _ := v.NamedHistory("history")
	return h
}

func sameItems(a, b []string) bool {
	return slices.Equal(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}
