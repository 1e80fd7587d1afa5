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

// Statement is something an account published: a tweet, a post, a press
// release. Statements can be deleted, and a deleted statement is itself
// evidence, so every fact here is nullable: what is not known stays unknown
// (the founding case's tweet text and deletion time are not recorded).
type Statement struct{ ent.Schema }

// Mixin of the Statement.
func (Statement) Mixin() []ent.Mixin {
	return []ent.Mixin{TimeMixin{}, AuditMixin{}, ShownByClaimsMixin{Column: "about_id"}}
}

// Fields of the Statement.
func (Statement) Fields() []ent.Field {
	return []ent.Field{
		field.Text("text").
			Comment("the published text; null when it was not preserved").
			Optional().Nillable().
			Validate(maxLen("text", 10000)),
		field.String("lang").
			Optional().Nillable().
			Validate(lang("lang")),
		field.String("url").
			Optional().Nillable().
			Validate(httpURL("url")),
		field.String("archive_url").
			Comment("an archived copy (web archive) of the statement").
			Optional().Nillable().
			Validate(httpURL("archiveURL")),
		field.Time("posted_at").
			Optional().Nillable().
			Annotations(entgql.OrderField("POSTED_AT")),
		field.Time("deleted_at").
			Comment("when the statement was deleted; null when not deleted or when the time is unknown").
			Optional().Nillable(),
		field.Bool("deleted").
			Comment("the statement is known to have been deleted, even when the time is not").
			Default(false),
		field.String("client").
			Comment("the client it was sent from, such as TweetDeck").
			Optional().Nillable().
			Validate(maxLen("client", 200)),
		field.String("client_url").
			Comment("the client's own link, as the platform gave it").
			Optional().Nillable().
			Validate(httpURL("clientURL")),
		field.String("platform_id").
			Comment("the platform's own id of the post (a tweet's id_str)").
			Optional().Nillable().
			Validate(maxLen("platformID", 100)),
		field.Bytes("raw_payload").
			Comment("the archived payload (platform JSON or saved HTML), kept verbatim").
			Optional().Nillable().
			Annotations(entgql.Skip()),
		field.String("content_hash").
			Comment("SHA-256 of the raw payload, hex").
			Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("account_id"),
	}
}

// Edges of the Statement.
func (Statement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("account", Account.Type).
			Ref("statements").
			Field("account_id").
			Unique().
			Required(),
		edge.To("claims", Claim.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
		edge.To("evidence", Evidence.Type).
			Annotations(entgql.RelayConnection(), noEdgeInput),
	}
}

// Indexes of the Statement.
func (Statement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "posted_at"),
		// One statement per platform post: importing the same post twice
		// updates it instead of creating a copy.
		index.Fields("account_id", "platform_id").
			Unique().
			Annotations(entsql.IndexWhere("platform_id IS NOT NULL")),
	}
}

// Annotations of the Statement.
func (Statement) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
		entgql.Mutations(entgql.MutationCreate(), entgql.MutationUpdate()),
	}
}

// Hooks of the Statement.
func (Statement) Hooks() []ent.Hook {
	return []ent.Hook{checkStatementTimes()}
}
