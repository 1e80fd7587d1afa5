package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/veredicto/veredicto/internal/changes"
)

// Review is an editor's rating of a claim, published as schema.org
// ClaimReview. Only editors' ratings are reviews; reader verdicts never are.
// A claim has one review; a correction is a new revision with a visible
// note, never a silent edit.
type Review struct{ ent.Schema }

// Mixin of the Review.
func (Review) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, AuditMixin{}, ClaimEventsMixin{Kind: changes.Review}}
}

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
		field.Int("revision").
			Comment("the number of the current revision; 1 until corrected").
			Default(1),
		field.String("correction_note").
			Comment("the visible note of the latest correction; null when never corrected").
			Optional().Nillable(),
		field.Time("corrected_at").
			Optional().Nillable(),
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
		edge.To("revisions", ReviewRevision.Type),
	}
}

// Indexes of the Review.
func (Review) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("claim_id").Unique(),
		index.Fields("author_id"),
		index.Fields("published_at"),
	}
}

// Annotations of the Review.
func (Review) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}

// Hooks of the Review.
func (Review) Hooks() []ent.Hook {
	return []ent.Hook{checkRating(), reviseReview(), markClaimRated()}
}
