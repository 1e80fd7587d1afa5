package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Review is an editor's rating of a claim, published as schema.org
// ClaimReview. Only editors' ratings are reviews; reader verdicts never are.
type Review struct{ ent.Schema }

// Mixin of the Review.
func (Review) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Review.
func (Review) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("scale").
			Comment("the declared rating scale the rating belongs to").
			NamedValues(
				"SixStep", "SIX_STEP",
				"Short", "SHORT",
			),
		field.String("rating").
			Comment("the rating's key on its scale, such as FALSE or MISLEADING").
			Validate(text("rating", 40)),
		field.String("summary").
			Validate(text("summary", 1000)),
		field.Text("body").
			Optional().Nillable().
			Validate(maxLen("body", 50000)),
		field.String("lang").
			Validate(lang("lang")),
		field.Time("published_at").
			Comment("null while the review is a draft").
			Optional().Nillable().
			Annotations(entgql.OrderField("PUBLISHED_AT")),
		field.Int("claim_id").Immutable(),
		field.Int("author_id").Immutable(),
	}
}

// Edges of the Review.
func (Review) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("claim", Claim.Type).
			Ref("reviews").
			Field("claim_id").
			Unique().
			Required().
			Immutable(),
		edge.From("author", User.Type).
			Ref("reviews").
			Field("author_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the Review.
func (Review) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("claim_id", "published_at"),
		index.Fields("author_id"),
		index.Fields("published_at"),
	}
}

// Annotations of the Review.
func (Review) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
