package ballot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/internal/database"
)

const (
	// maxBatch bounds one transaction: enough to absorb a surge on a hot
	// claim, small enough that its statements stay quick.
	maxBatch = 256
	// batchTimeout bounds a batch that cannot reach the database, so its
	// callers hear of it well before their requests time out.
	batchTimeout = 10 * time.Second
)

// key names a verdict: one per (claim, reader).
type key struct{ claim, user int }

// request is one cast or withdrawal on its way to the database, and then
// its outcome.
type request struct {
	key      key
	withdraw bool
	value    schematype.VerdictValue // a cast's value
	reason   *string

	// For the audit log.
	actor     auth.Viewer
	action    string  // the API operation, e.g. castVerdict
	requestID *string // nil outside an HTTP request

	history bool // answer with the verdict's history (WithHistory)

	done      chan struct{} // closed when the outcome is known
	abandoned atomic.Bool   // the caller stopped waiting before a batch took it

	verdict   *ent.Verdict
	unchanged bool  // the verdict already said this: nothing was written
	err       error // this request's own refusal, or its batch's failure
}

// submit writes r and waits for the outcome. Inside a mutation operation's
// transaction (castVerdict next to other fields, see graph/transaction.go)
// r is written there as a batch of one, so that the operation stays
// atomic; otherwise it joins the group commit.
func (b *Ballot) submit(ctx context.Context, r *request) error {
	if c := database.InTx(ctx, nil); c != nil {
		return write(database.System(ctx), c, []*request{r}, now())
	}
	b.enqueue(r)
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		// If a batch already took r it may still commit, as any request
		// cut short may: the client learns nothing either way.
		r.abandoned.Store(true)
		return ctx.Err()
	}
}

// enqueue adds r to the waiting requests, and starts a writer if none is
// running. There is no timer: a batch is whatever arrived while the last
// one was being written, so a lone cast is written at once.
func (b *Ballot) enqueue(r *request) {
	b.mu.Lock()
	b.waiting = append(b.waiting, r)
	start := !b.writing
	b.writing = true
	b.mu.Unlock()
	if start {
		go b.writeAll()
	}
}

// writeAll writes batches until nothing waits. A server draining on
// SIGTERM waits for its requests in flight, and they wait for this: the
// queue is flushed before the process exits.
func (b *Ballot) writeAll() {
	for batch := b.next(); batch != nil; batch = b.next() {
		b.commit(batch)
		for _, r := range batch {
			close(r.done)
		}
	}
}

// next takes up to maxBatch waiting requests in arrival order, or returns
// nil (and lets the writer stop) when none wait. A second request for a
// verdict already in the batch stays for the next one, so that two casts
// by one reader on one claim apply one after the other.
func (b *Ballot) next() []*request {
	b.mu.Lock()
	defer b.mu.Unlock()
	var batch, rest []*request
	taken := map[key]bool{}
	for _, r := range b.waiting {
		switch {
		case r.abandoned.Load():
			// Nobody waits for it: never written.
		case len(batch) < maxBatch && !taken[r.key]:
			taken[r.key] = true
			batch = append(batch, r)
		default:
			rest = append(rest, r)
		}
	}
	b.waiting = rest
	b.writing = len(batch) > 0
	return batch
}

// commit writes one batch in one transaction, again if another instance
// raced it (errRaced). If it fails, every request in it fails with the
// error (a lost connection reaches clients as SERVICE_UNAVAILABLE) and the
// next batch starts afresh.
func (b *Ballot) commit(batch []*request) {
	ctx, cancel := context.WithTimeout(database.System(context.Background()), batchTimeout)
	defer cancel()
	err := b.commitTx(ctx, batch)
	// Each race leaves at least one more of the batch's verdicts existing
	// (committed by the other instance), so a batch races at most once per
	// request; a fixed number of attempts failed casts under two busy
	// instances.
	for races := 1; errors.Is(err, errRaced) && races <= len(batch); races++ {
		err = b.commitTx(ctx, batch)
	}
	if err != nil {
		slog.Warn("ballot: a batch of verdicts failed", "err", err, "requests", len(batch))
		for _, r := range batch {
			r.verdict, r.unchanged, r.err = nil, false, err
		}
	}
}

func (b *Ballot) commitTx(ctx context.Context, batch []*request) error {
	tx, err := b.client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("ballot: opening a batch transaction: %w", err)
	}
	if err := safeWrite(ctx, tx.Client(), batch); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("ballot: committing a batch: %w", err)
	}
	for _, r := range batch {
		if r.verdict != nil {
			// Loaded in the transaction; edges not loaded with it (its
			// claim, its reader) are read after the commit, through the
			// pool.
			r.verdict = r.verdict.Unwrap()
		}
	}
	return nil
}

// safeWrite is write, with a panic turned into the batch's error: a bug
// must fail its batch, not kill the server from the writer goroutine.
func safeWrite(ctx context.Context, c *ent.Client, batch []*request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("ballot: writing a batch panicked: %v", p)
		}
	}()
	return write(ctx, c, batch, now())
}

// now is a batch's time, at PostgreSQL's precision, so that the audit log
// states the times the rows hold.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
