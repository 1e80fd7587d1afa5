package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/veredicto/veredicto/internal/changes"

	"github.com/veredicto/veredicto/ent/schema/schematype"
)

// Claim is an assertion to check, made by an actor, often about a statement:
// "our account was hacked", said by PSOE about its deleted tweet.
type Claim struct{ ent.Schema }

// Mixin of the Claim.
func (Claim) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, AuditMixin{}, ClaimEventsMixin{Kind: changes.ClaimChanged}}
}

// Fields of the Claim.
func (Claim) Fields() []ent.Field {
	return []ent.Field{
		field.Text("text").
			Validate(text("text", 2000)).
			Annotations(entgql.OrderField("TEXT")),
		field.String("lang").
			Validate(lang("lang")),
		field.String("slug").
			Comment("readable URL part derived from the text; not an identifier").
			Optional().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("made_at").
			Comment("when the claimant made the claim; null when not recorded").
			Optional().Nillable().
			Annotations(entgql.OrderField("MADE_AT")),
		field.Enum("made_at_precision").
			Comment("how much of madeAt is known").
			GoType(schematype.Precision("")).
			Default(string(schematype.Exact)).
			Annotations(entgql.Type("Precision")),
		field.Strings("tags").
			Optional().
			Validate(tags("tags")),
		field.Enum("status").
			Comment("where the claim stands in Veredicto's process").
			NamedValues(
				"Open", "OPEN",
				"Rated", "RATED",
				"Archived", "ARCHIVED",
			).
			Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.Int("claimant_id"),
		field.Int("about_id").
			Comment("the statement the claim is about, if any").
			Optional().Nillable(),
	}
}

// Edges of the Claim.
func (Claim) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("claimant", Actor.Type).
			Ref("claims").
			Field("claimant_id").
			Unique().
			Required(),
		edge.From("about", Statement.Type).
			Ref("claims").
			Field("about_id").
			Unique(),
		edge.To("evidence", Evidence.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("verdicts", Verdict.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("reviews", Review.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("tally", ClaimTally.Type).
			Unique().
			Annotations(noEdgeInput),
		edge.To("consensus", ClaimConsensus.Type).
			Unique().
			Annotations(noEdgeInput),
		// Related claims (earlier incidents, follow-ups), symmetric.
		edge.To("related", Claim.Type),
	}
}

// Indexes of the Claim.
func (Claim) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("claimant_id", "made_at"),
		index.Fields("about_id"),
		index.Fields("status", "created_at"),
		index.Fields("created_at"),
	}
}

// Annotations of the Claim.
func (Claim) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Hooks of the Claim.
func (Claim) Hooks() []ent.Hook {
	return []ent.Hook{setClaimSlug(), openTally()}
}
