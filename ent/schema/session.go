package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session is a signed-in browser. The cookie holds a random secret; only
// its SHA-256 is stored, so a database leak yields no usable session.
// Logging out or disabling the user revokes it at once.
type Session struct{ ent.Schema }

// Mixin of the Session.
func (Session) Mixin() []ent.Mixin { return []ent.Mixin{AuditMixin{}} }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").
			Sensitive().
			Immutable().
			Unique(),
		field.Time("created_at").
			Default(now).
			Immutable(),
		field.Time("expires_at"),
		field.Time("revoked_at").
			Optional().Nillable(),
		field.Int("user_id").
			Immutable(),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).
			Ref("sessions").
			Field("user_id").
			Unique().
			Required().
			Immutable(),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("user_id"),
	}
}

// Annotations of the Session: not part of the GraphQL API.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
