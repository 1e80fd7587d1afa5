package schema

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

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
