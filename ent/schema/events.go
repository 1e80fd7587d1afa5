package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"
	"github.com/lib/pq"

	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/internal/changes"
)

// ClaimEventsMixin publishes a change event (package changes) for the claim
// an entity belongs to whenever it changes, inside the change's own
// transaction: live views and widget caches on every instance learn of a
// committed change, and only of committed ones.
type ClaimEventsMixin struct {
	mixin.Schema
	// Kind is what a change of this entity means for its claim.
	Kind changes.Kind
}

// Hooks of the ClaimEventsMixin.
func (m ClaimEventsMixin) Hooks() []ent.Hook {
	return []ent.Hook{publishClaimEvent(m.Kind)}
}

func publishClaimEvent(kind changes.Kind) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			claimID, k := claimOf(v, kind, m.Op())
			if claimID == 0 {
				return v, nil
			}
			cm, ok := m.(interface{ Client() *gen.Client })
			if !ok {
				return v, nil
			}
			_, err = cm.Client().ExecContext(ctx, changes.NotifySQL, changes.Channel,
				changes.Payload(changes.Event{Claim: claimID, Kind: k}))
			return v, err
		})
	}
}

// claimOf finds the claim a changed entity belongs to.
func claimOf(v ent.Value, kind changes.Kind, op ent.Op) (int, changes.Kind) {
	switch e := v.(type) {
	case *gen.Claim:
		if op.Is(ent.OpCreate) {
			return e.ID, changes.ClaimCreated
		}
		return e.ID, kind
	case *gen.Evidence:
		return e.ClaimID, kind
	case *gen.Review:
		return e.ClaimID, kind
	case *gen.ClaimTally:
		return e.ClaimID, kind
	}
	return 0, kind
}

// ShownByClaimsMixin publishes a change event for every claim that shows
// an entity without belonging to it — the claims about a statement, the
// claims an actor made — when the entity is edited, in the edit's own
// transaction. Widgets and live views showing a statement's deletion or an
// actor's name then learn of the edit like of any other.
type ShownByClaimsMixin struct {
	mixin.Schema
	// Column is the claims column that refers to the entity.
	Column string
}

// Hooks of the ShownByClaimsMixin.
func (m ShownByClaimsMixin) Hooks() []ent.Hook {
	return []ent.Hook{publishShowingClaims(m.Column)}
}

// publishShowingClaims publishes, in one statement, an event of kind $2 for
// each claim whose column is one of the ids $3.
func publishShowingClaims(column string) ent.Hook {
	query := fmt.Sprintf(`SELECT pg_notify($1, %s) FROM claims WHERE %s = ANY($3)`, changes.PayloadSQL("id", "$2::text"), column)
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			am, ok := m.(auditedMutation)
			if !ok || !m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) {
				return next.Mutate(ctx, m)
			}
			// A bulk update's rows are found before it runs: its predicates
			// may no longer match them after.
			ids, err := am.IDs(ctx)
			if err != nil {
				return nil, err
			}
			v, err := next.Mutate(ctx, m)
			if err != nil || len(ids) == 0 {
				return v, err
			}
			_, err = am.Client().ExecContext(ctx, query, changes.Channel, string(changes.ClaimChanged), pq.Array(ids))
			return v, err
		})
	}
}
