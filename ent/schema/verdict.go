package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/veredicto/veredicto/ent/schema/schematype"
)

// Verdict is one reader's verdict on one claim. A reader has at most one
// verdict per claim (a unique index enforces it under concurrency) and may
// change or withdraw it; every change is kept in its history.
type Verdict struct{ ent.Schema }

// Mixin of the Verdict.
func (Verdict) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Verdict.
func (Verdict) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("value").
			Comment("HOLDS counts 1.0, PARTLY 0.5, DOES_NOT_HOLD 0.0").
			GoType(schematype.VerdictValue("")).
			Annotations(entgql.OrderField("VALUE"), entgql.Type("VerdictValue")),
		field.String("reason").
			Optional().Nillable().
			Validate(maxLen("reason", 1000)),
		field.Time("withdrawn_at").
			Comment("set while the reader has withdrawn the verdict; it then counts nowhere").
			Optional().Nillable(),
		field.Int("claim_id").Immutable(),
		field.Int("user_id").Immutable(),
	}
}

// Edges of the Verdict.
func (Verdict) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("claim", Claim.Type).
			Ref("verdicts").
			Field("claim_id").
			Unique().
			Required().
			Immutable(),
		edge.From("user", User.Type).
			Ref("verdicts").
			Field("user_id").
			Unique().
			Required().
			Immutable(),
		edge.To("history", VerdictChange.Type).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
	}
}

// Indexes of the Verdict.
func (Verdict) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("claim_id", "user_id").Unique(),
		index.Fields("user_id"),
	}
}

// Annotations of the Verdict.
func (Verdict) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
