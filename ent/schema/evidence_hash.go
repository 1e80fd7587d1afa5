package schema

import (
	"context"
	"strconv"
	"strings"

	"entgo.io/ent"

	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/hook"
	"github.com/veredicto/veredicto/evidence"
)

// hashEvidence stores the SHA-256 of an evidence item's canonical content
// (evidence.ContentHash) whenever the item is created or its content
// changes, so readers can check that what they see is what was submitted.
func hashEvidence() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.EvidenceFunc(func(ctx context.Context, m *gen.EvidenceMutation) (ent.Value, error) {
			if m.Op().Is(ent.OpUpdate) {
				// Bulk updates may only touch moderation fields; content
				// changes go through one item at a time, so each gets its hash.
				return next.Mutate(ctx, m)
			}
			c, err := evidenceContent(ctx, m)
			if err != nil {
				return nil, err
			}
			m.SetSha256(evidence.ContentHash(c))
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}

// evidenceContent is the item's content after the mutation: new values
// where the mutation sets them, stored ones otherwise.
func evidenceContent(ctx context.Context, m *gen.EvidenceMutation) (evidence.Content, error) {
	var old *gen.Evidence
	if m.Op().Is(ent.OpUpdateOne) {
		id, _ := m.ID()
		var err error
		if old, err = m.Client().Evidence.Get(ctx, id); err != nil {
			return evidence.Content{}, err
		}
	} else {
		old = &gen.Evidence{}
	}
	kind, ok := m.Kind()
	if !ok {
		kind = old.Kind
	}
	stance, ok := m.Stance()
	if !ok {
		stance = old.Stance
	}
	summary, ok := m.Summary()
	if !ok {
		summary = old.Summary
	}
	c := evidence.Content{
		Kind:           evidence.Kind(strings.ToLower(string(kind))),
		Stance:         evidence.Stance(strings.ToLower(string(stance))),
		Summary:        summary,
		Body:           pick(m.Body, m.BodyCleared, old.Body),
		SourceURL:      pick(m.SourceURL, m.SourceURLCleared, old.SourceURL),
		ArchiveURL:     pick(m.ArchiveURL, m.ArchiveURLCleared, old.ArchiveURL),
		ObservedAt:     pick(m.ObservedAt, m.ObservedAtCleared, old.ObservedAt),
		ConfidenceNote: pick(m.ConfidenceNote, m.ConfidenceNoteCleared, old.ConfidenceNote),
	}
	if id := pick(m.StatementID, m.StatementCleared, old.StatementID); id != nil {
		c.StatementID = ptrTo(strconv.Itoa(*id))
	}
	return c, nil
}

// pick returns the value an optional field has after a mutation.
func pick[T any](get func() (T, bool), cleared func() bool, old *T) *T {
	if v, ok := get(); ok {
		return &v
	}
	if cleared() {
		return nil
	}
	return old
}

func ptrTo[T any](v T) *T { return &v }
