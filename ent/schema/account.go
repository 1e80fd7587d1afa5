package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Account is an actor's presence on a platform (@PSOE on Twitter).
type Account struct{ ent.Schema }

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("platform").
			NamedValues(
				"Twitter", "TWITTER",
				"Facebook", "FACEBOOK",
				"Instagram", "INSTAGRAM",
				"YouTube", "YOUTUBE",
				"TikTok", "TIKTOK",
				"Bluesky", "BLUESKY",
				"Mastodon", "MASTODON",
				"Website", "WEBSITE",
				"Other", "OTHER",
			),
		field.String("handle").
			Comment("the handle without '@', as the platform spells it").
			Validate(accountHandle("handle")).
			Annotations(entgql.OrderField("HANDLE")),
		field.String("url").
			Optional().Nillable().
			Validate(httpURL("url")),
		field.Int("actor_id"),
	}
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("actor", Actor.Type).
			Ref("accounts").
			Field("actor_id").
			Unique().
			Required(),
		edge.To("statements", Statement.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Indexes of the Account.
func (Account) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("platform", "handle").Unique(),
		index.Fields("actor_id"),
	}
}

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}
