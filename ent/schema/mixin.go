package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// now returns the current instant in UTC: every stored time is UTC, and the
// client shows it in the viewer's zone.
func now() time.Time { return time.Now().UTC() }

// TimeMixin records when a row was created and last changed.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").
			Default(now).
			Immutable().
			Annotations(
				entgql.OrderField("CREATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
		field.Time("updated_at").
			Default(now).
			UpdateDefault(now).
			Annotations(
				entgql.OrderField("UPDATED_AT"),
				entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
			),
	}
}

// noEdgeInput keeps a one-to-many edge out of the generated create and
// update inputs: children are attached from their own side (an evidence
// item names its claim), never by re-parenting existing rows.
var noEdgeInput = entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)

// entsqlTable names an entity's table.
func entsqlTable(name string) entsql.Annotation { return entsql.Annotation{Table: name} }
