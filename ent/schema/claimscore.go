package schema

import (
	"encoding/json"
	"github.com/veredicto/veredicto/internal/changes"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/veredicto/veredicto/ent/schema/schematype"
)

// ClaimTally counts a claim's current verdicts per value. It is updated in
// the same transaction as every cast, change or withdrawal, so it always
// equals a fresh count; shares and Wilson bounds are derived from it.
type ClaimTally struct{ ent.Schema }

// Mixin of the ClaimTally.
func (ClaimTally) Mixin() []ent.Mixin {
	return []ent.Mixin{ClaimEventsMixin{Kind: changes.Tally}}
}

// Fields of the ClaimTally.
func (ClaimTally) Fields() []ent.Field {
	return []ent.Field{
		field.Int("holds").Default(0).NonNegative(),
		field.Int("partly").Default(0).NonNegative(),
		field.Int("does_not_hold").Default(0).NonNegative(),
		field.Time("updated_at").Default(now).UpdateDefault(now),
		field.Int("claim_id").Unique().Immutable(),
	}
}

// Edges of the ClaimTally.
func (ClaimTally) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("claim", Claim.Type).
			Ref("tally").
			Field("claim_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Annotations of the ClaimTally.
func (ClaimTally) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// ClaimConsensus is the readers' consensus on a claim as the bridging model
// last computed it (see package verdict): recomputed by the scoring runner,
// never by a request.
type ClaimConsensus struct{ ent.Schema }

// Fields of the ClaimConsensus.
func (ClaimConsensus) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("status").
			Comment("the statuses of package verdict").
			NamedValues(
				"NeedsMoreVerdicts", "NEEDS_MORE_VERDICTS",
				"ConsensusHolds", "CONSENSUS_HOLDS",
				"ConsensusDoesNotHold", "CONSENSUS_DOES_NOT_HOLD",
				"Divided", "DIVIDED",
			).
			Annotations(entgql.Type("ConsensusStatus")),
		field.Float("consensus").
			Comment("the model's agreed verdict from 0 (does not hold) to 1 (holds); 0 when not fitted"),
		field.Float("intercept"),
		field.Float("factor"),
		field.Bool("fitted"),
		field.JSON("sides", schematype.ConsensusSides{}).
			Annotations(entgql.Type("ConsensusSides")),
		field.Int("verdicts_used"),
		field.Int("total_verdicts"),
		field.String("explanation_en"),
		field.String("explanation_es"),
		field.String("model_version"),
		field.Time("computed_at"),
		field.Int("claim_id").Unique().Immutable(),
	}
}

// Edges of the ClaimConsensus.
func (ClaimConsensus) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("claim", Claim.Type).
			Ref("consensus").
			Field("claim_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Annotations of the ClaimConsensus.
func (ClaimConsensus) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsqlTable("claim_consensus"),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// ScoringState is the bridging model's state between runs (one row): the
// fitted parameters for a warm start, the statuses for hysteresis, and the
// verdicts' watermark that tells whether anything changed since.
type ScoringState struct{ ent.Schema }

// Fields of the ScoringState.
func (ScoringState) Fields() []ent.Field {
	return []ent.Field{
		field.JSON("state", json.RawMessage{}).
			Comment("verdict.State as JSON"),
		field.String("watermark"),
		field.Time("computed_at"),
		field.Int64("duration_ms"),
		field.Int("verdicts"),
	}
}

// Annotations of the ScoringState: not part of the API.
func (ScoringState) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
