package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// EvidenceRevision is one version of an evidence item's content. Revision 1
// is what was submitted; a revision is added for every later edit, so no
// version is ever lost, and each keeps the canonical serialisation its
// SHA-256 was computed from (anyone can recompute it).
type EvidenceRevision struct{ ent.Schema }

// Mixin of the EvidenceRevision.
func (EvidenceRevision) Mixin() []ent.Mixin { return []ent.Mixin{AuditMixin{}} }

// Fields of the EvidenceRevision.
func (EvidenceRevision) Fields() []ent.Field {
	return []ent.Field{
		field.Int("number").Immutable(),
		field.Text("content").
			Comment("the canonical JSON serialisation of the content (evidence.CanonicalJSON)").
			Immutable(),
		field.String("sha256").Immutable(),
		field.String("note").
			Comment("why the item was revised; null for the first revision").
			Optional().Nillable().
			Immutable().
			Validate(maxLen("note", 1000)),
		field.Time("created_at").
			Default(now).
			Immutable(),
		field.Int("evidence_id").Immutable(),
		field.Int("editor_id").
			Comment("who made this revision; null for the system").
			Optional().Nillable().
			Immutable(),
	}
}

// Edges of the EvidenceRevision.
func (EvidenceRevision) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("evidence", Evidence.Type).
			Ref("revisions").
			Field("evidence_id").
			Unique().
			Required().
			Immutable(),
		edge.From("editor", User.Type).
			Ref("evidence_revisions").
			Field("editor_id").
			Unique().
			Immutable(),
	}
}

// Indexes of the EvidenceRevision.
func (EvidenceRevision) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("evidence_id", "number").Unique(),
		index.Fields("editor_id"),
	}
}

// Annotations of the EvidenceRevision.
func (EvidenceRevision) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}
