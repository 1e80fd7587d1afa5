package ballot

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/predicate"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/ent/verdict"
	"github.com/veredicto/veredicto/ent/verdictchange"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/changes"
)

// The set-based statements of a batch. Each takes whole columns as arrays
// (unnest), so a batch costs the same number of statements whatever its
// size. Rows are inserted and locked in (claim, reader) order, tallies in
// claim order, so that batches of two instances cannot deadlock.
const (
	insertVerdictsSQL = `INSERT INTO verdicts (created_at, updated_at, value, reason, claim_id, user_id)
		SELECT $1, $1, t.value, t.reason, t.claim_id, t.user_id
		FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS t (claim_id, user_id, value, reason)
		ORDER BY t.claim_id, t.user_id
		ON CONFLICT (claim_id, user_id) DO NOTHING`
	updateVerdictsSQL = `UPDATE verdicts AS v
		SET value = t.value, reason = t.reason, updated_at = $1,
			withdrawn_at = CASE WHEN t.withdrawn THEN $1::timestamptz END
		FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bool[]) AS t (id, value, reason, withdrawn)
		WHERE v.id = t.id`
	// Appends each change to its verdict's history and to the audit log,
	// in one round trip.
	appendLogSQL = `WITH c AS (
			SELECT v.id, t.* FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::bool[],
					$8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[], $13::text[])
				AS t (claim_id, user_id, value, reason, withdrawn, action, actor_id, actor_role, request_id, before, after)
			JOIN verdicts v USING (claim_id, user_id)),
		history AS (
			INSERT INTO verdict_changes (created_at, verdict_id, value, reason, withdrawn)
			SELECT $1, id, value, reason, withdrawn FROM c)
		INSERT INTO audit_events (created_at, entity_type, entity_id, action, actor_id, actor_role, request_id, before, after)
		SELECT $1, $2, id, action, actor_id, actor_role, request_id, before::jsonb, after::jsonb FROM c`
	// Moves each claim's tally and publishes its change event (the payload
	// of ClaimEventsMixin) in one round trip. A claim has had its tally
	// row since it was created; should one be missing, it starts from the
	// deltas, never below zero.
	moveTalliesSQL = `WITH d (claim_id, holds, partly, does_not_hold, payload) AS (
			SELECT * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[])),
		moved AS (
			INSERT INTO claim_tallies AS t (claim_id, holds, partly, does_not_hold, updated_at)
			SELECT claim_id, greatest(holds, 0), greatest(partly, 0), greatest(does_not_hold, 0), $1
			FROM d ORDER BY claim_id
			ON CONFLICT (claim_id) DO UPDATE SET
				(holds, partly, does_not_hold) = (
					SELECT t.holds + d.holds, t.partly + d.partly, t.does_not_hold + d.does_not_hold
					FROM d WHERE d.claim_id = t.claim_id),
				updated_at = EXCLUDED.updated_at
			RETURNING t.claim_id)
		SELECT pg_notify($7, d.payload) FROM moved JOIN d USING (claim_id)`
)

// change is what a request does to its verdict.
type change struct {
	r   *request
	old *ent.Verdict // nil for a first cast
	// The verdict after the change.
	value     schematype.VerdictValue
	reason    *string
	withdrawn bool
	// Tally deltas: +1 add, −1 remove (either may be empty).
	add, remove schematype.VerdictValue
}

// writing is one batch on its way through its transaction.
type writing struct {
	c       *ent.Client
	now     time.Time
	live    []*request // not refused so far
	old     map[key]*ent.Verdict
	changes []*change
}

// write applies reqs (distinct keys) through c, which is in a transaction,
// and sets each request's outcome. A request refused on its own (an
// unknown claim, nothing to withdraw) does not fail the others; an error
// returned fails the whole batch.
func write(ctx context.Context, c *ent.Client, reqs []*request, now time.Time) error {
	for _, r := range reqs {
		r.verdict, r.unchanged, r.err = nil, false, nil // from an attempt that was rolled back
	}
	w := &writing{c: c, now: now, live: slices.Clone(reqs), old: map[key]*ent.Verdict{}}
	steps := []func(context.Context) error{
		w.lockExisting, w.checkClaims, w.insertNew, w.plan, w.update,
		w.appendLog, w.applyTallies, w.load,
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// refuse drops the requests for which why returns an error.
func (w *writing) refuse(why func(*request) error) {
	w.live = slices.DeleteFunc(w.live, func(r *request) bool {
		r.err = why(r)
		return r.err != nil
	})
}

// lockExisting locks the live requests' verdicts that exist and learns
// their values before the change.
func (w *writing) lockExisting(ctx context.Context) error {
	return w.lock(ctx, w.live)
}

func (w *writing) lock(ctx context.Context, reqs []*request) error {
	if len(reqs) == 0 {
		return nil
	}
	rows, err := w.c.Verdict.Query().
		Where(keyIn(reqs)).
		Order(ent.Asc(verdict.FieldClaimID), ent.Asc(verdict.FieldUserID)).
		ForUpdate().
		All(ctx)
	for _, v := range rows {
		w.old[key{v.ClaimID, v.UserID}] = v
	}
	return err
}

// checkClaims refuses first casts on claims that do not exist. (A claim
// that has a verdict exists: the foreign key says so.)
func (w *writing) checkClaims(ctx context.Context) error {
	var ids []int
	for _, r := range w.firstCasts() {
		if !slices.Contains(ids, r.key.claim) {
			ids = append(ids, r.key.claim)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	found, err := w.c.Claim.Query().Where(claim.IDIn(ids...)).IDs(ctx)
	if err != nil {
		return err
	}
	w.refuse(func(r *request) error {
		if _, ok := w.old[r.key]; ok || r.withdraw || slices.Contains(found, r.key.claim) {
			return nil
		}
		return &apierr.Error{Code: apierr.NotFound, Field: "claimId", Message: "no claim has this id"}
	})
	return nil
}

// errRaced says that another instance inserted some, not all, of a
// batch's first casts after lockExisting looked. The insert skipped those,
// and nothing says which, so the batch is written again in a new
// transaction, where they are existing rows. (A batch of one cannot meet
// it: its insert either skipped its row or did not.)
var errRaced = errors.New("ballot: another instance inserted some of these verdicts at the same time")

// insertNew inserts the first casts.
func (w *writing) insertNew(ctx context.Context) error {
	fresh := w.firstCasts()
	if len(fresh) == 0 {
		return nil
	}
	res, err := w.c.ExecContext(ctx, insertVerdictsSQL, w.now, claims(fresh), users(fresh), values(fresh), reasons(fresh))
	if err != nil {
		return err
	}
	switch n, err := res.RowsAffected(); {
	case err != nil:
		return err
	case n == int64(len(fresh)):
		return nil
	case n == 0:
		// All of them were inserted by others meanwhile: change them.
		return w.lock(ctx, fresh)
	default:
		return errRaced
	}
}

// firstCasts are the live casts without a verdict yet.
func (w *writing) firstCasts() []*request {
	var fresh []*request
	for _, r := range w.live {
		if _, ok := w.old[r.key]; !ok && !r.withdraw {
			fresh = append(fresh, r)
		}
	}
	return fresh
}

// plan decides what each live request changes: nothing (it says what the
// verdict already says), or the verdict, its history and its tally.
func (w *writing) plan(context.Context) error {
	w.refuse(func(r *request) error {
		if _, ok := w.old[r.key]; r.withdraw && !ok {
			return apierr.Field("claimId", "you have no verdict on this claim to withdraw")
		}
		return nil
	})
	for _, r := range w.live {
		if ch := planChange(r, w.old[r.key]); ch != nil {
			w.changes = append(w.changes, ch)
		} else {
			r.unchanged = true
		}
	}
	return nil
}

// planChange returns what r changes in old (nil: a first cast), or nil
// when it changes nothing.
func planChange(r *request, old *ent.Verdict) *change {
	ch := &change{r: r, old: old}
	live := old != nil && old.WithdrawnAt == nil
	switch {
	case r.withdraw && !live:
		return nil // withdrawn already
	case r.withdraw:
		ch.value, ch.reason, ch.withdrawn, ch.remove = old.Value, old.Reason, true, old.Value
	case live && old.Value == r.value && equal(old.Reason, r.reason):
		return nil
	default:
		ch.value, ch.reason, ch.add = r.value, r.reason, r.value
		if live {
			ch.remove = old.Value
		}
	}
	return ch
}

// update writes the changes of existing verdicts (locked by lockExisting).
func (w *writing) update(ctx context.Context) error {
	var ids []int64
	var vals []string
	var rs []*string
	var withdrawn []bool
	for _, ch := range w.changes {
		if ch.old != nil {
			ids = append(ids, int64(ch.old.ID))
			vals = append(vals, string(ch.value))
			rs = append(rs, ch.reason)
			withdrawn = append(withdrawn, ch.withdrawn)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := w.c.ExecContext(ctx, updateVerdictsSQL, w.now, pq.Array(ids), pq.Array(vals), nullStrings(rs), pq.Array(withdrawn))
	return err
}

// load sets each live request's answer: the verdict as this batch leaves
// it. Rows locked before the change are patched with it; first casts are
// read back, for their ids. So is every verdict whose request wants its
// history (WithHistory), with the history as of this transaction. (entgql
// looks an eager-loaded edge up by the GraphQL field's alias, which is
// the edge's name unless the client chose another; an aliased history is
// read when asked for.)
func (w *writing) load(ctx context.Context) error {
	for _, ch := range w.changes {
		if ch.old != nil {
			ch.old.Value, ch.old.Reason, ch.old.UpdatedAt, ch.old.WithdrawnAt = ch.value, ch.reason, w.now, nil
			if ch.withdrawn {
				ch.old.WithdrawnAt = &w.now
			}
		}
	}
	var reload []*request
	history := false
	for _, r := range w.live {
		if r.verdict = w.old[r.key]; r.verdict == nil || r.history {
			reload = append(reload, r)
			history = history || r.history
		}
	}
	if len(reload) == 0 {
		return nil
	}
	q := w.c.Verdict.Query().Where(keyIn(reload))
	if history {
		q.WithNamedHistory(verdict.EdgeHistory, func(q *ent.VerdictChangeQuery) { q.Order(ent.Asc(verdictchange.FieldID)) })
	}
	rows, err := q.All(ctx)
	if err != nil {
		return err
	}
	byKey := map[key]*ent.Verdict{}
	for _, v := range rows {
		byKey[key{v.ClaimID, v.UserID}] = v
	}
	for _, r := range reload {
		if r.verdict = byKey[r.key]; r.verdict == nil {
			return fmt.Errorf("ballot: verdict of reader %d on claim %d missing after writing it", r.key.user, r.key.claim)
		}
	}
	return nil
}

// appendLog keeps each change in its verdict's history and in the audit
// log.
func (w *writing) appendLog(ctx context.Context) error {
	if len(w.changes) == 0 {
		return nil
	}
	audit, err := w.auditColumns()
	if err != nil {
		return err
	}
	reqs := w.changed()
	vals := make([]string, len(w.changes))
	withdrawn := make([]bool, len(w.changes))
	for i, ch := range w.changes {
		vals[i], withdrawn[i] = string(ch.value), ch.withdrawn
	}
	// A withdrawal's reason is why it was withdrawn; the verdict keeps
	// the reason it was cast with.
	args := append([]any{w.now, ent.TypeVerdict, claims(reqs), users(reqs), pq.Array(vals), reasons(reqs), pq.Array(withdrawn)}, audit...)
	_, err = w.c.ExecContext(ctx, appendLogSQL, args...)
	return err
}

// changed are the requests that change something, in the order of
// w.changes.
func (w *writing) changed() []*request {
	reqs := make([]*request, len(w.changes))
	for i, ch := range w.changes {
		reqs[i] = ch.r
	}
	return reqs
}

// applyTallies moves each claim's tally by the sum of its changes and
// tells every instance's subscribers (package changes) that it moved, as
// ClaimEventsMixin does for a tally changed through ent.
func (w *writing) applyTallies(ctx context.Context) error {
	deltas := map[int]*[3]int64{}
	for _, ch := range w.changes {
		if ch.add == ch.remove {
			continue // a new reason for the same value
		}
		d := deltas[ch.r.key.claim]
		if d == nil {
			d = new([3]int64)
			deltas[ch.r.key.claim] = d
		}
		move(d, ch.add, 1)
		move(d, ch.remove, -1)
	}
	if len(deltas) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(deltas))
	cols := [4][]int64{}
	payloads := make([]string, len(ids))
	for i, id := range ids {
		d := deltas[id]
		cols[0], cols[1], cols[2], cols[3] = append(cols[0], int64(id)), append(cols[1], d[0]), append(cols[2], d[1]), append(cols[3], d[2])
		payloads[i] = changes.Payload(changes.Event{Claim: id, Kind: changes.Tally})
	}
	_, err := w.c.ExecContext(ctx, moveTalliesSQL, w.now, pq.Array(cols[0]), pq.Array(cols[1]), pq.Array(cols[2]), pq.Array(cols[3]),
		pq.Array(payloads), changes.Channel)
	return err
}

// move adds delta to the count of value in d (holds, partly, does not
// hold).
func move(d *[3]int64, value schematype.VerdictValue, delta int64) {
	switch value {
	case schematype.Holds:
		d[0] += delta
	case schematype.Partly:
		d[1] += delta
	case schematype.DoesNotHold:
		d[2] += delta
	}
}

// keyIn selects the verdicts of reqs' keys.
func keyIn(reqs []*request) predicate.Verdict {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(" + s.C(verdict.FieldClaimID) + ", " + s.C(verdict.FieldUserID) + ") IN (SELECT * FROM unnest(")
			b.Arg(claims(reqs)).WriteString("::bigint[], ").Arg(users(reqs)).WriteString("::bigint[]))")
		}))
	}
}

func claims(reqs []*request) any {
	return pq.Array(column(reqs, func(r *request) int64 { return int64(r.key.claim) }))
}

func users(reqs []*request) any {
	return pq.Array(column(reqs, func(r *request) int64 { return int64(r.key.user) }))
}

func values(reqs []*request) any {
	return pq.Array(column(reqs, func(r *request) string { return string(r.value) }))
}

func reasons(reqs []*request) any {
	return nullStrings(column(reqs, func(r *request) *string { return r.reason }))
}

func column[T any](reqs []*request, f func(*request) T) []T {
	col := make([]T, len(reqs))
	for i, r := range reqs {
		col[i] = f(r)
	}
	return col
}

// nullStrings is a text[] parameter in which nil is NULL.
func nullStrings(ss []*string) any {
	col := make([]stdsql.NullString, len(ss))
	for i, s := range ss {
		if s != nil {
			col[i] = stdsql.NullString{String: *s, Valid: true}
		}
	}
	return pq.Array(col)
}

func equal(a, b *string) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
