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

// VerdictChange is one step in a verdict's history: cast, changed, or
// withdrawn. Nothing a reader said is lost when they change their mind.
type VerdictChange struct{ ent.Schema }

// Fields of the VerdictChange.
func (VerdictChange) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("value").
			GoType(schematype.VerdictValue("")).
			Immutable().
			Annotations(entgql.Type("VerdictValue")),
		field.String("reason").
			Optional().Nillable().
			Immutable().
			Validate(maxLen("reason", 1000)),
		field.Bool("withdrawn").
			Comment("this step withdrew the verdict").
			Default(false).
			Immutable(),
		field.Time("created_at").
			Default(now).
			Immutable(),
		field.Int("verdict_id").Immutable(),
	}
}

// Edges of the VerdictChange.
func (VerdictChange) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("verdict", Verdict.Type).
			Ref("history").
			Field("verdict_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the VerdictChange.
func (VerdictChange) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("verdict_id", "created_at"),
	}
}

// Annotations of the VerdictChange.
func (VerdictChange) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
