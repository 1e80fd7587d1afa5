// Package runner recomputes the readers' consensus: it reads every current
// verdict from PostgreSQL, runs the bridging model (package verdict) warm-
// started from the saved state, and writes each claim's consensus and the
// new state in one transaction. It runs only when verdicts changed since the
// last run, and one instance at a time (a PostgreSQL advisory lock), so any
// number of servers can schedule it.
package runner

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claimconsensus"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/ent/schema/schematype"
	"github.com/veredicto/veredicto/ent/scoringstate"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/verdict"
)

// lockKey names the scoring lock among PostgreSQL advisory locks.
const lockKey = 0x73636f7265 // "score"

// Runner recomputes consensus.
type Runner struct {
	db     *sql.DB
	client *ent.Client
	opts   verdict.Options
	// Observed, when set, is told of each scheduled run (for metrics).
	Observed func(Report, error, time.Duration)
}

// New returns a runner over an open database.
func New(db *sql.DB, client *ent.Client) *Runner {
	return &Runner{db: db, client: client}
}

// Report says what a run did.
type Report struct {
	Ran      bool   // false: nothing changed, or another instance is running
	Reason   string // why it did not run
	Verdicts int
	Claims   int
	Duration time.Duration
	Stats    verdict.Stats
}

// RunOnce recomputes the consensus if verdicts changed since the last run
// (or always, with force).
func (r *Runner) RunOnce(ctx context.Context, force bool) (Report, error) {
	conn, err := r.db.Conn(ctx)
	if err != nil {
		return Report{}, err
	}
	defer conn.Close()
	var locked bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", lockKey).Scan(&locked); err != nil {
		return Report{}, err
	}
	if !locked {
		return Report{Reason: "another instance is scoring"}, nil
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", lockKey) //nolint:errcheck // also released when the connection closes
	return r.run(ctx, conn, force)
}

func (r *Runner) run(ctx context.Context, conn *sql.Conn, force bool) (Report, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	mark, err := watermark(ctx, conn)
	if err != nil {
		return Report{}, err
	}
	saved, err := r.client.ScoringState.Query().Order(ent.Desc(scoringstate.FieldID)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return Report{}, err
	}
	if saved != nil && saved.Watermark == mark && !force {
		return Report{Reason: "no verdict changed since the last run"}, nil
	}
	ratings, err := loadRatings(ctx, conn)
	if err != nil {
		return Report{}, err
	}
	prev, err := previousState(saved)
	if err != nil {
		return Report{}, err
	}
	start := time.Now()
	res, err := verdict.Score(ratings, prev, r.opts)
	if err != nil {
		return Report{}, err
	}
	took := time.Since(start)
	if err := r.save(ctx, saved, res, mark, took, len(ratings)); err != nil {
		return Report{}, err
	}
	return Report{Ran: true, Verdicts: len(ratings), Claims: len(res.Claims), Duration: took, Stats: res.Stats}, nil
}

// watermark summarises exactly what the model reads (reader, claim and
// value of every current verdict) as a count and a sum of hashes, so it
// changes with any cast, change or withdrawal whatever the commit order or
// the servers' clocks, and not when only a reason changes.
func watermark(ctx context.Context, conn *sql.Conn) (string, error) {
	var n int64
	var sum string
	err := conn.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(hashtextextended(user_id || ':' || claim_id || ':' || value, 0)), 0)::text
		FROM verdicts WHERE withdrawn_at IS NULL`).Scan(&n, &sum)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d:%s", n, sum), nil
}

// loadRatings reads every current (not withdrawn) verdict. It reads rows
// directly: a million verdicts as ent entities would cost far more memory
// than the model itself.
func loadRatings(ctx context.Context, conn *sql.Conn) ([]verdict.Rating, error) {
	rows, err := conn.QueryContext(ctx, `SELECT user_id, claim_id, value FROM verdicts WHERE withdrawn_at IS NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []verdict.Rating
	for rows.Next() {
		var reader, claim int64
		var value string
		if err := rows.Scan(&reader, &claim, &value); err != nil {
			return nil, err
		}
		out = append(out, verdict.Rating{Reader: reader, Claim: claim, Value: schematype.VerdictValue(value).Score()})
	}
	return out, rows.Err()
}

func previousState(saved *ent.ScoringState) (*verdict.State, error) {
	if saved == nil || len(saved.State) == 0 {
		return nil, nil
	}
	var s verdict.State
	if err := json.Unmarshal(saved.State, &s); err != nil {
		return nil, fmt.Errorf("reading the saved scoring state: %w", err)
	}
	return &s, nil
}

// save writes every claim's consensus and the new state in one
// transaction. Claims that lost all their verdicts go back to
// NEEDS_MORE_VERDICTS.
func (r *Runner) save(ctx context.Context, saved *ent.ScoringState, res *verdict.Result, mark string, took time.Duration, n int) error {
	tx, err := r.client.Tx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	now := time.Now().UTC()
	const batch = 1000
	for i := 0; i < len(res.Claims); i += batch {
		bulk := make([]*ent.ClaimConsensusCreate, 0, batch)
		for _, cs := range res.Claims[i:min(i+batch, len(res.Claims))] {
			bulk = append(bulk, consensusRow(tx.Client(), cs, now))
		}
		err := tx.ClaimConsensus.CreateBulk(bulk...).
			OnConflictColumns(claimconsensus.FieldClaimID).
			UpdateNewValues().
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("saving consensus: %w", err)
		}
	}
	err = tx.ClaimConsensus.Update().
		Where(claimconsensus.ComputedAtLT(now)). // not scored in this run: no verdicts left
		SetStatus(claimconsensus.StatusNeedsMoreVerdicts).
		SetFitted(false).
		SetConsensus(0).
		SetIntercept(0).
		SetFactor(0).
		SetModelVersion(verdict.ModelVersion).
		SetVerdictsUsed(0).
		SetTotalVerdicts(0).
		SetSides(schematype.ConsensusSides{}).
		SetExplanationEn("No verdicts yet.").
		SetExplanationEs("Aún no hay veredictos.").
		SetComputedAt(now).
		Exec(ctx)
	if err != nil {
		return err
	}
	if err := notifyChanged(ctx, tx.Client(), prevStatuses(saved), res.Claims); err != nil {
		return err
	}
	state, err := json.Marshal(res.State)
	if err != nil {
		return err
	}
	if saved == nil {
		err = tx.ScoringState.Create().SetState(state).SetWatermark(mark).SetComputedAt(now).
			SetDurationMs(took.Milliseconds()).SetVerdicts(n).Exec(ctx)
	} else {
		err = tx.ScoringState.UpdateOneID(saved.ID).SetState(state).SetWatermark(mark).SetComputedAt(now).
			SetDurationMs(took.Milliseconds()).SetVerdicts(n).Exec(ctx)
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}

// prevStatuses reads the statuses of the last run from its saved state.
func prevStatuses(saved *ent.ScoringState) map[int64]verdict.Status {
	prev, err := previousState(saved)
	out := map[int64]verdict.Status{}
	if err != nil || prev == nil {
		return out
	}
	for _, c := range prev.Claims {
		out[c.ID] = c.Status
	}
	return out
}

// notifyChanged publishes a consensus event for every claim whose status
// changed in this run, in the run's transaction.
func notifyChanged(ctx context.Context, c *ent.Client, prev map[int64]verdict.Status, scores []verdict.ClaimScore) error {
	for _, cs := range scores {
		if st, ok := prev[cs.Claim]; ok && st == cs.Status {
			continue
		}
		ev := changes.Event{Claim: int(cs.Claim), Kind: changes.Consensus}
		if _, err := c.ExecContext(ctx, changes.NotifySQL, changes.Channel, changes.Payload(ev)); err != nil {
			return err
		}
	}
	return nil
}

func consensusRow(c *ent.Client, cs verdict.ClaimScore, now time.Time) *ent.ClaimConsensusCreate {
	return c.ClaimConsensus.Create().
		SetClaimID(int(cs.Claim)).
		SetStatus(claimconsensus.Status(cs.Status)).
		SetConsensus(cs.Consensus).
		SetIntercept(cs.Intercept).
		SetFactor(cs.Factor).
		SetFitted(cs.Fitted).
		SetSides(schematype.ConsensusSides{
			Positive: counts(cs.Sides.Positive),
			Negative: counts(cs.Sides.Negative),
			Unplaced: counts(cs.Sides.Unplaced),
		}).
		SetVerdictsUsed(cs.Verdicts).
		SetTotalVerdicts(cs.TotalVerdicts).
		SetExplanationEn(cs.ExplanationEN).
		SetExplanationEs(cs.ExplanationES).
		SetModelVersion(cs.ModelVersion).
		SetComputedAt(now)
}

func counts(t verdict.Tally) schematype.VerdictCounts {
	return schematype.VerdictCounts{Holds: t.Holds, Partly: t.Partly, DoesNotHold: t.DoesNotHold}
}

// Loop runs RunOnce every interval until ctx ends, logging what it did.
func (r *Runner) Loop(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		start := time.Now()
		rep, err := r.RunOnce(ctx, false)
		if r.Observed != nil {
			r.Observed(rep, err, time.Since(start))
		}
		switch {
		case err != nil && ctx.Err() == nil:
			slog.ErrorContext(ctx, "scoring verdicts failed", "err", err)
		case rep.Ran:
			slog.InfoContext(ctx, "scored verdicts", "verdicts", rep.Verdicts, "claims", rep.Claims,
				"duration_ms", rep.Duration.Milliseconds(), "dropped_readers", rep.Stats.DroppedReaders)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
