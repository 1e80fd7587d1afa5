// Package ballot records readers' verdicts: one per reader and claim,
// changeable and withdrawable, with every change kept, and the claim's
// tally updated in the same transaction so it always equals a fresh count.
//
// Concurrency is settled by PostgreSQL, not by the process: the unique
// (claim, reader) index decides which of two simultaneous first casts
// inserts, the loser then locks the row (SELECT … FOR UPDATE) and changes
// it, and each tally update adds a delta under the tally row's lock. Any
// number of instances may cast at once.
package ballot

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/claimtally"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/ent/verdict"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/database"
)

// Limits bound how often verdicts may be cast.
type Limits struct {
	PerUser, PerIP int
	Per            time.Duration
}

// DefaultLimits: a reader changes their mind a few times a minute at most;
// an address shared by a newsroom or a campus gets more.
var DefaultLimits = Limits{PerUser: 30, PerIP: 300, Per: time.Minute}

// Ballot casts and withdraws verdicts.
type Ballot struct {
	client *ent.Client
	byUser *auth.Throttle
	byIP   *auth.Throttle
	// Counted, when set, is told each cast's or withdrawal's outcome
	// ("cast", "withdrawn", "unchanged", or an error code), for metrics.
	Counted func(outcome string)
}

// New returns a ballot over client.
func New(client *ent.Client, l Limits) *Ballot {
	return &Ballot{client: client, byUser: auth.NewThrottle(l.PerUser, l.Per), byIP: auth.NewThrottle(l.PerIP, l.Per)}
}

func (b *Ballot) db(ctx context.Context) *ent.Client {
	return database.InTx(ctx, b.client)
}

func system(ctx context.Context) context.Context {
	return database.System(ctx)
}

// Cast gives or changes the viewer's verdict on a claim.
func (b *Ballot) Cast(ctx context.Context, claimID int, value schematype.VerdictValue, reason *string, ip string) (*ent.Verdict, error) {
	v, err := b.cast(ctx, claimID, value, reason, ip)
	b.count("cast", err)
	return v, err
}

func (b *Ballot) count(outcome string, err error) {
	if b.Counted == nil {
		return
	}
	if e, ok := apierr.As(err); ok {
		outcome = string(e.Code)
	} else if err != nil {
		outcome = "error"
	}
	b.Counted(outcome)
}

func (b *Ballot) cast(ctx context.Context, claimID int, value schematype.VerdictValue, reason *string, ip string) (*ent.Verdict, error) {
	v, err := b.admit(ctx, ip)
	if err != nil {
		return nil, err
	}
	if err := b.claimExists(ctx, claimID); err != nil {
		return nil, err
	}
	c := b.db(ctx)
	id, err := c.Verdict.Create().
		SetClaimID(claimID).
		SetUserID(v.UserID).
		SetValue(value).
		SetNillableReason(reason).
		OnConflictColumns(verdict.FieldClaimID, verdict.FieldUserID).
		DoNothing().
		ID(ctx)
	switch {
	case err == nil:
		return b.record(ctx, id, change{add: value, reason: reason})
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	// The reader has a verdict already: lock it, then change it.
	old, err := c.Verdict.Query().
		Where(verdict.ClaimID(claimID), verdict.UserID(v.UserID)).
		ForUpdate().
		Only(ctx)
	if err != nil {
		return nil, err
	}
	if old.WithdrawnAt == nil && old.Value == value && equal(old.Reason, reason) {
		return old, nil // nothing changes
	}
	u := c.Verdict.UpdateOneID(old.ID).SetValue(value).ClearWithdrawnAt()
	if reason != nil {
		u.SetReason(*reason)
	} else {
		u.ClearReason()
	}
	if err := u.Exec(ctx); err != nil {
		return nil, err
	}
	ch := change{add: value, reason: reason}
	if old.WithdrawnAt == nil {
		ch.remove = old.Value
	}
	return b.record(ctx, old.ID, ch)
}

// Withdraw takes back the viewer's verdict on a claim: it stays in its
// history and counts nowhere until cast again.
func (b *Ballot) Withdraw(ctx context.Context, claimID int, reason *string, ip string) (*ent.Verdict, error) {
	v, err := b.withdraw(ctx, claimID, reason, ip)
	b.count("withdrawn", err)
	return v, err
}

func (b *Ballot) withdraw(ctx context.Context, claimID int, reason *string, ip string) (*ent.Verdict, error) {
	v, err := b.admit(ctx, ip)
	if err != nil {
		return nil, err
	}
	c := b.db(ctx)
	old, err := c.Verdict.Query().
		Where(verdict.ClaimID(claimID), verdict.UserID(v.UserID)).
		ForUpdate().
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apierr.Field("claimId", "you have no verdict on this claim to withdraw")
	}
	if err != nil || old.WithdrawnAt != nil {
		return old, err
	}
	if err := c.Verdict.UpdateOneID(old.ID).SetWithdrawnAt(time.Now().UTC()).Exec(ctx); err != nil {
		return nil, err
	}
	return b.record(ctx, old.ID, change{remove: old.Value, reason: reason, withdrawn: true, value: old.Value})
}

// admit checks that a reader is signed in and within the rate limits.
func (b *Ballot) admit(ctx context.Context, ip string) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apierr.New(apierr.Forbidden, "sign in to give a verdict")
	}
	// Check both limits before spending from either, so a cast refused by
	// one does not use up the other.
	user := strconv.Itoa(v.UserID)
	if ok, wait := b.byUser.Check(user); !ok {
		return nil, apierr.Limited(wait, "too many verdicts in a short time; try again in %d seconds", int(wait.Seconds()+1))
	}
	if ok, wait := b.byIP.Check(ip); !ok {
		return nil, apierr.Limited(wait, "too many verdicts from your network; try again in %d seconds", int(wait.Seconds()+1))
	}
	b.byUser.Spend(user)
	b.byIP.Spend(ip)
	return v, nil
}

func (b *Ballot) claimExists(ctx context.Context, id int) error {
	ok, err := b.db(ctx).Claim.Query().Where(claim.ID(id)).Exist(ctx)
	if err == nil && !ok {
		return &apierr.Error{Code: apierr.NotFound, Field: "claimId", Message: "no claim has this id"}
	}
	return err
}

// change is what one cast or withdrawal does to a verdict.
type change struct {
	add, remove schematype.VerdictValue // tally deltas: +1 add, −1 remove (either may be empty)
	value       schematype.VerdictValue // the value the history records, when not add
	reason      *string
	withdrawn   bool
}

// record appends the change to the verdict's history, applies it to the
// claim's tally and returns the verdict as it now is.
func (b *Ballot) record(ctx context.Context, verdictID int, ch change) (*ent.Verdict, error) {
	c := b.db(ctx)
	v, err := c.Verdict.Get(ctx, verdictID)
	if err != nil {
		return nil, err
	}
	value := ch.add
	if value == "" {
		value = ch.value
	}
	err = c.VerdictChange.Create().
		SetVerdictID(verdictID).
		SetValue(value).
		SetNillableReason(ch.reason).
		SetWithdrawn(ch.withdrawn).
		Exec(system(ctx))
	if err != nil {
		return nil, err
	}
	return v, b.applyToTally(ctx, v.ClaimID, ch)
}

func (b *Ballot) applyToTally(ctx context.Context, claimID int, ch change) error {
	if ch.add == ch.remove {
		return nil // a new reason, the same value
	}
	var d [3]int
	for value, delta := range map[schematype.VerdictValue]int{ch.add: 1, ch.remove: -1} {
		switch value {
		case schematype.Holds:
			d[0] += delta
		case schematype.Partly:
			d[1] += delta
		case schematype.DoesNotHold:
			d[2] += delta
		}
	}
	return b.db(ctx).ClaimTally.Create().
		SetClaimID(claimID).
		SetHolds(max(d[0], 0)).
		SetPartly(max(d[1], 0)).
		SetDoesNotHold(max(d[2], 0)).
		OnConflictColumns(claimtally.FieldClaimID).
		Update(func(u *ent.ClaimTallyUpsert) {
			u.AddHolds(d[0]).AddPartly(d[1]).AddDoesNotHold(d[2]).UpdateUpdatedAt()
		}).
		Exec(system(ctx))
}

func equal(a, b *string) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
