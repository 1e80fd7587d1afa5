package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/veredicto/veredicto/internal/changes"

	"github.com/veredicto/veredicto/ent/schema/schematype"
)

// Evidence is something that bears on a claim: a deleted post, its timing,
// the client it was sent from, testimony, an earlier incident, the public
// reaction. Nothing is ever deleted: an editor retracts an item with a
// reason and it stays visible as retracted.
type Evidence struct{ ent.Schema }

// Mixin of the Evidence.
func (Evidence) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, AuditMixin{}, ClaimEventsMixin{Kind: changes.Evidence}}
}

// Fields of the Evidence.
func (Evidence) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").
			NamedValues(
				"DeletedPost", "DELETED_POST",
				"Timing", "TIMING",
				"ClientMetadata", "CLIENT_METADATA",
				"Testimony", "TESTIMONY",
				"PriorIncident", "PRIOR_INCIDENT",
				"SocialReaction", "SOCIAL_REACTION",
				"Screenshot", "SCREENSHOT",
				"Archive", "ARCHIVE",
				"Document", "DOCUMENT",
				"Other", "OTHER",
			),
		field.Enum("stance").
			Comment("how the item bears on the claim").
			NamedValues(
				"Supports", "SUPPORTS",
				"Refutes", "REFUTES",
				"Context", "CONTEXT",
			),
		field.String("summary").
			Validate(text("summary", 1000)),
		field.Text("body").
			Optional().Nillable().
			Validate(maxLen("body", 20000)),
		field.String("source_url").
			Optional().Nillable().
			Validate(httpURL("sourceURL")),
		field.String("archive_url").
			Optional().Nillable().
			Validate(httpURL("archiveURL")),
		field.Time("observed_at").
			Comment("when the thing happened, for the timeline; null when not known").
			Optional().Nillable().
			Annotations(entgql.OrderField("OBSERVED_AT")),
		field.Enum("observed_precision").
			Comment("how much of observedAt is known: a source that gives only the day is recorded as that day, never an invented hour").
			GoType(schematype.Precision("")).
			Default(string(schematype.Exact)).
			Annotations(entgql.Type("Precision")),
		field.String("confidence_note").
			Comment("how certain the item is and why (a named source's hypothesis, confirmed metadata...)").
			Optional().Nillable().
			Validate(maxLen("confidenceNote", 1000)),
		field.Enum("status").
			NamedValues(
				"Pending", "PENDING",
				"Published", "PUBLISHED",
				"Rejected", "REJECTED",
				"Retracted", "RETRACTED",
			).
			Default("PUBLISHED").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.String("status_reason").
			Comment("why an editor rejected or retracted the item").
			Optional().Nillable().
			Validate(maxLen("reason", 1000)).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("moderated_at").
			Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("moderator_id").
			Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("revision").
			Comment("the number of the current revision; 1 for an item never revised").
			Default(1).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Strings("attachment_hashes").
			Comment("SHA-256 of each attachment, part of the hashed content").
			Optional().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput, entgql.SkipWhereInput)),
		field.String("sha256").
			Comment("SHA-256 of the canonical serialisation of the item's content").
			Optional().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("claim_id").Immutable(),
		field.Int("statement_id").
			Optional().Nillable(),
		field.Int("submitter_id").
			Comment("null for items loaded by the system itself (demo data, imports)").
			Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of the Evidence.
func (Evidence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("claim", Claim.Type).
			Ref("evidence").
			Field("claim_id").
			Unique().
			Required().
			Immutable(),
		edge.From("statement", Statement.Type).
			Ref("evidence").
			Field("statement_id").
			Unique(),
		edge.From("submitter", User.Type).
			Ref("evidence").
			Field("submitter_id").
			Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.From("moderator", User.Type).
			Ref("moderated_evidence").
			Field("moderator_id").
			Unique().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		edge.To("revisions", EvidenceRevision.Type).
			Annotations(noEdgeInput),
		edge.To("attachments", Attachment.Type).
			Annotations(noEdgeInput),
	}
}

// Indexes of the Evidence.
func (Evidence) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("claim_id", "status", "observed_at"),
		index.Fields("statement_id"),
		index.Fields("submitter_id", "created_at"),
		index.Fields("moderator_id"),
		index.Fields("status", "created_at"),
	}
}

// Annotations of the Evidence.
func (Evidence) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Annotation{Table: "evidence"},
		entgql.RelayConnection(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Hooks of the Evidence.
func (Evidence) Hooks() []ent.Hook {
	return []ent.Hook{submitEvidence(), reviseEvidence()}
}
