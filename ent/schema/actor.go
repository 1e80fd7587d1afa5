package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Actor is a person, party, organisation or outlet that makes statements and
// claims (PSOE in the founding case).
type Actor struct{ ent.Schema }

// Mixin of the Actor.
func (Actor) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, AuditMixin{}, ShownByClaimsMixin{Column: "claimant_id"}}
}

// Fields of the Actor.
func (Actor) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Validate(text("name", 200)).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			NamedValues(
				"Person", "PERSON",
				"Party", "PARTY",
				"Organisation", "ORGANISATION",
				"Outlet", "OUTLET",
				"Other", "OTHER",
			),
		field.String("country").
			Comment("ISO 3166-1 alpha-2 code; null when not recorded").
			Optional().Nillable().
			Validate(country("country")),
		field.String("description").
			Optional().Nillable().
			Validate(maxLen("description", 2000)),
		field.String("time_zone").
			Comment("IANA zone the actor lives in (Europe/Madrid), for showing times as the actor saw them").
			Optional().Nillable().
			Validate(timeZone("timeZone")),
	}
}

// Edges of the Actor.
func (Actor) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("accounts", Account.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("claims", Claim.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Indexes of the Actor.
func (Actor) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("name"),
	}
}

// Annotations of the Actor.
func (Actor) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
