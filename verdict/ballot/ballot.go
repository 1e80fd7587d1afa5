// Package ballot records readers' verdicts: one per reader and claim,
// changeable and withdrawable, with every change kept, and the claim's
// tally updated in the same transaction so it always equals a fresh count.
//
// Casts are written by group commit (see queue.go): casts arriving while a
// batch is being written wait for the next batch, and each batch is one
// transaction of a handful of set-based statements (write.go). A hot claim
// then costs one tally-row lock and one WAL flush per batch instead of per
// cast. Every caller is answered only after its batch committed.
//
// Concurrency between instances is settled by PostgreSQL, not by the
// process: the unique (claim, reader) index decides which of two
// simultaneous first casts inserts, existing rows are locked (SELECT … FOR
// UPDATE) before they are changed, and tallies move by deltas under the
// tally row's lock. Any number of instances may cast at once.
package ballot

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/ent/verdict"
	"github.com/veredicto/veredicto/ent/verdictchange"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/requestid"
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
	// Callers of one batch report side by side: it must be safe for
	// concurrent use.
	Counted func(outcome string)

	mu      sync.Mutex
	waiting []*request // in arrival order
	writing bool       // a writer goroutine is draining waiting
}

// New returns a ballot over client.
func New(client *ent.Client, l Limits) *Ballot {
	return &Ballot{client: client, byUser: auth.NewThrottle(l.PerUser, l.Per), byIP: auth.NewThrottle(l.PerIP, l.Per)}
}

// Option changes what a cast or a withdrawal answers with.
type Option func(*request)

// WithHistory, when want is true, answers with the verdict's history as
// the request left it, read in the batch's transaction: a response is
// sent after the commit, and must not show later changes.
func WithHistory(want bool) Option {
	return func(r *request) { r.history = want }
}

// Cast gives or changes the viewer's verdict on a claim.
func (b *Ballot) Cast(ctx context.Context, claimID int, value schematype.VerdictValue, reason *string, ip string, opts ...Option) (*ent.Verdict, error) {
	r, err := b.cast(ctx, claimID, value, reason, ip, opts)
	return b.finish(r, "cast", err)
}

func (b *Ballot) cast(ctx context.Context, claimID int, value schematype.VerdictValue, reason *string, ip string, opts []Option) (*request, error) {
	if err := validCast(value, reason); err != nil {
		return nil, err
	}
	r, err := b.newRequest(ctx, claimID, ip, opts)
	if err != nil {
		return nil, err
	}
	r.value, r.reason = value, reason
	return r, b.submit(ctx, r)
}

// Withdraw takes back the viewer's verdict on a claim: it stays in its
// history and counts nowhere until cast again.
func (b *Ballot) Withdraw(ctx context.Context, claimID int, reason *string, ip string, opts ...Option) (*ent.Verdict, error) {
	r, err := b.withdraw(ctx, claimID, reason, ip, opts)
	return b.finish(r, "withdrawn", err)
}

func (b *Ballot) withdraw(ctx context.Context, claimID int, reason *string, ip string, opts []Option) (*request, error) {
	if reason != nil {
		if err := verdictchange.ReasonValidator(*reason); err != nil {
			return nil, err
		}
	}
	r, err := b.newRequest(ctx, claimID, ip, opts)
	if err != nil {
		return nil, err
	}
	r.withdraw, r.reason = true, reason
	return r, b.submit(ctx, r)
}

func validCast(value schematype.VerdictValue, reason *string) error {
	if err := verdict.ValueValidator(value); err != nil {
		return err
	}
	if reason != nil {
		return verdict.ReasonValidator(*reason)
	}
	return nil
}

// newRequest admits the viewer (signed in, within the rate limits, allowed
// by the Verdict policy) and describes their request for the writer, with
// what the audit log needs to know about it.
func (b *Ballot) newRequest(ctx context.Context, claimID int, ip string, opts []Option) (*request, error) {
	v, err := b.admit(ctx, ip)
	if err != nil {
		return nil, err
	}
	if err := b.authorize(ctx, claimID, v.UserID); err != nil {
		return nil, err
	}
	r := &request{key: key{claim: claimID, user: v.UserID}, actor: *v, action: auth.Operation(ctx), done: make(chan struct{})}
	if id := requestid.From(ctx); id != "-" {
		r.requestID = &id
	}
	for _, o := range opts {
		o(r)
	}
	return r, nil
}

// authorize runs the Verdict privacy policy (ent/schema/policy.go) on the
// mutation the viewer's request amounts to. The writer addresses rows only
// by (claim, viewer), so the rule that applies to a cast and to a
// withdrawal alike is the one a first cast meets: a verdict only in your
// own name. (The policy's owner check for updates by row id would hold by
// construction.)
func (b *Ballot) authorize(ctx context.Context, claimID, userID int) error {
	m := b.client.Verdict.Create().SetClaimID(claimID).SetUserID(userID).Mutation()
	return verdict.Policy.EvalMutation(ctx, m)
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

// finish reports a request's outcome to the metrics and returns its
// verdict.
func (b *Ballot) finish(r *request, outcome string, err error) (*ent.Verdict, error) {
	if err == nil {
		err = r.err
	}
	if err == nil && r.unchanged {
		outcome = "unchanged"
	}
	if b.Counted != nil {
		if e, ok := apierr.As(err); ok {
			outcome = string(e.Code)
		} else if err != nil {
			outcome = "error"
		}
		b.Counted(outcome)
	}
	if err != nil {
		return nil, err
	}
	return r.verdict, nil
}
