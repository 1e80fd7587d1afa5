package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Attachment is a file attached to an evidence item: a screenshot, a PDF, a
// saved page. Its bytes live in a Blob shared by every attachment with the
// same content; its type comes from sniffing those bytes, never from the
// file name.
type Attachment struct{ ent.Schema }

// Mixin of the Attachment.
func (Attachment) Mixin() []ent.Mixin { return []ent.Mixin{AuditMixin{}} }

// Fields of the Attachment.
func (Attachment) Fields() []ent.Field {
	return []ent.Field{
		field.String("filename").
			Comment("the uploaded file's name, cleaned; for display only").
			Immutable().
			Validate(maxLen("filename", 255)),
		field.String("mime").
			Comment("the type sniffed from the bytes").
			Immutable(),
		field.Int64("size").Immutable(),
		field.String("sha256").Immutable(),
		field.Time("created_at").
			Default(now).
			Immutable(),
		field.Int("evidence_id").Immutable(),
		field.Int("blob_id").
			Immutable().
			Annotations(entgql.Skip()),
	}
}

// Edges of the Attachment.
func (Attachment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("evidence", Evidence.Type).
			Ref("attachments").
			Field("evidence_id").
			Unique().
			Required().
			Immutable(),
		edge.From("blob", Blob.Type).
			Ref("attachments").
			Field("blob_id").
			Unique().
			Required().
			Immutable().
			Annotations(entgql.Skip()),
	}
}

// Indexes of the Attachment.
func (Attachment) Indexes() []ent.Index {
	return []ent.Index{
		// The same file attached twice to one item is one attachment.
		index.Fields("evidence_id", "sha256").Unique(),
		index.Fields("blob_id"),
	}
}

// Annotations of the Attachment.
func (Attachment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput),
	}
}

// Blob is uploaded content, stored once per distinct SHA-256 in PostgreSQL,
// so a database backup is a backup of everything. It is not audited (the
// audit log would copy the bytes) and not in the GraphQL API: files are
// served by the HTTP layer.
type Blob struct{ ent.Schema }

// Fields of the Blob.
func (Blob) Fields() []ent.Field {
	return []ent.Field{
		field.String("sha256").
			Immutable().
			Unique(),
		field.Bytes("data").
			Immutable(),
		field.Int64("size").Immutable(),
		field.Time("created_at").
			Default(now).
			Immutable(),
	}
}

// Edges of the Blob.
func (Blob) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("attachments", Attachment.Type),
	}
}

// Annotations of the Blob.
func (Blob) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
