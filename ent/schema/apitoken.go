package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// APIToken lets a journalist's tool or a newsroom integration act as its
// owner, with the owner's role (sent as "Authorization: Bearer <token>").
// The token is shown once at creation; only its SHA-256 is stored.
type APIToken struct{ ent.Schema }

// Mixin of the APIToken.
func (APIToken) Mixin() []ent.Mixin { return []ent.Mixin{AuditMixin{}} }

// Fields of the APIToken.
func (APIToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").
			Comment("what the owner uses the token for").
			Validate(text("name", 100)),
		field.String("token_hash").
			Sensitive().
			Immutable().
			Unique(),
		field.String("hint").
			Comment("the token's last characters, to tell tokens apart").
			Immutable(),
		field.Time("created_at").
			Default(now).
			Immutable(),
		field.Time("expires_at").
			Optional().Nillable(),
		field.Time("last_used_at").
			Optional().Nillable(),
		field.Time("revoked_at").
			Optional().Nillable(),
		field.Int("user_id").
			Immutable(),
	}
}

// Edges of the APIToken.
func (APIToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).
			Ref("api_tokens").
			Field("user_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the APIToken.
func (APIToken) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id", "created_at"),
	}
}

// Annotations of the APIToken.
func (APIToken) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Annotation{Table: "api_tokens"},
		entgql.Type("ApiToken"),
	}
}
