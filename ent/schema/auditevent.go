package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent records one change: who made it, through which API operation,
// to which entity, and the changed fields before and after. Rows are
// appended in the same transaction as the change and are never updated or
// deleted (the privacy policy refuses it, and a database trigger too).
type AuditEvent struct{ ent.Schema }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(now).
			Immutable().
			Annotations(entgql.OrderField("CREATED_AT")),
		field.Int("actor_id").
			Comment("the user who made the change; null for the system and anonymous sign-ups").
			Optional().Nillable().
			Immutable().
			Annotations(entgql.Type("ID")),
		field.String("actor_role").
			Optional().Nillable().
			Immutable(),
		field.String("action").
			Comment("the API operation (createClaim) or, outside the API, Entity.Op").
			Immutable(),
		field.String("entity_type").
			Immutable(),
		field.Int("entity_id").
			Optional().Nillable().
			Immutable().
			Annotations(entgql.Type("ID")),
		field.JSON("before", map[string]any{}).
			Comment("changed fields' values before the change (updates only)").
			Optional().
			Immutable(),
		field.JSON("after", map[string]any{}).
			Comment("changed fields' values after the change").
			Optional().
			Immutable(),
		field.String("request_id").
			Optional().Nillable().
			Immutable(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("created_at"),
		index.Fields("entity_type", "entity_id"),
		index.Fields("actor_id", "created_at"),
	}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
