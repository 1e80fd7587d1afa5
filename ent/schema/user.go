package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// User is a person signed up to Veredicto: a reader, journalist, editor or
// admin.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, AuditMixin{}} }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("handle").
			Comment("public, unique, stored lower-cased").
			Validate(userHandle("handle")).
			Annotations(entgql.OrderField("HANDLE")),
		field.String("display_name").
			Validate(text("displayName", 100)),
		field.String("password_hash").
			Sensitive().
			Optional().
			Annotations(entgql.Skip()),
		field.Enum("role").
			NamedValues(
				"Reader", "READER",
				"Journalist", "JOURNALIST",
				"Editor", "EDITOR",
				"Admin", "ADMIN",
			).
			Default("READER"),
		field.Bool("disabled").
			Default(false),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("evidence", Evidence.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("verdicts", Verdict.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("reviews", Review.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("moderated_evidence", Evidence.Type).
			Annotations(entgql.Skip()),
		edge.To("evidence_revisions", EvidenceRevision.Type).
			Annotations(entgql.Skip()),
		edge.To("sessions", Session.Type).
			Annotations(entgql.Skip()),
		edge.To("api_tokens", APIToken.Type).
			Annotations(entgql.Skip()),
	}
}

// Indexes of the User.
func (User) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("handle").Unique(),
	}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
