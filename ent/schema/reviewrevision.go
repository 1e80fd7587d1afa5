package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReviewRevision is one version of an editorial review: number 1 as first
// published, then one per correction, each with its visible note.
type ReviewRevision struct{ ent.Schema }

// Fields of the ReviewRevision.
func (ReviewRevision) Fields() []ent.Field {
	return []ent.Field{
		field.Int("number").Immutable(),
		field.String("scale").Immutable(),
		field.String("rating").Immutable(),
		field.String("summary").Immutable(),
		field.Text("body").Optional().Nillable().Immutable(),
		field.String("lang").Immutable(),
		field.String("note").
			Comment("the correction's visible note; null for the first revision").
			Optional().Nillable().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		field.Int("editor_id").Optional().Nillable().Immutable(),
		field.Int("review_id").Immutable(),
	}
}

// Edges of the ReviewRevision.
func (ReviewRevision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("review", Review.Type).
			Ref("revisions").
			Field("review_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the ReviewRevision.
func (ReviewRevision) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("review_id", "number").Unique(),
	}
}

// Annotations of the ReviewRevision.
func (ReviewRevision) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// Policy of the ReviewRevision: public like its review; written only by the
// revision hook.
func (ReviewRevision) Policy() ent.Policy { return systemWrittenPolicy(allowAll()) }
