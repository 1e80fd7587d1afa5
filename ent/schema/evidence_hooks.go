package schema

import (
	"context"
	"strconv"
	"strings"

	"entgo.io/ent"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/rule"
	gen "github.com/veredicto/veredicto/ent"
	genevidence "github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/hook"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/evidence"
)

// submitEvidence records who submitted an item and whether it needs
// moderation: journalists and above publish at once; a reader's item waits
// in the moderation queue. Items loaded by the system keep what they say.
func submitEvidence() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.EvidenceFunc(func(ctx context.Context, m *gen.EvidenceMutation) (ent.Value, error) {
			if v := auth.FromContext(ctx); v != nil {
				m.SetSubmitterID(v.UserID)
				if v.Role.AtLeast(auth.Journalist) {
					m.SetStatus(genevidence.StatusPublished)
				} else {
					m.SetStatus(genevidence.StatusPending)
				}
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate)
}

// contentFields are the fields whose change makes a new revision.
var contentFields = []string{
	genevidence.FieldKind, genevidence.FieldStance, genevidence.FieldSummary,
	genevidence.FieldBody, genevidence.FieldSourceURL, genevidence.FieldArchiveURL,
	genevidence.FieldObservedAt, genevidence.FieldObservedPrecision,
	genevidence.FieldConfidenceNote, genevidence.FieldStatementID,
	genevidence.FieldAttachmentHashes,
}

// reviseEvidence keeps every version of an item: it stores the SHA-256 of
// the canonical content on the item and appends an EvidenceRevision with
// that content whenever the item is created or its content changes. Bulk
// updates may not change content (only moderation), so no edit escapes a
// revision.
func reviseEvidence() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.EvidenceFunc(func(ctx context.Context, m *gen.EvidenceMutation) (ent.Value, error) {
			if !changesContent(m) {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdate) {
				return nil, evidenceBulkEdit
			}
			c, err := evidenceContent(ctx, m)
			if err != nil {
				return nil, err
			}
			number := 1
			if m.Op().Is(ent.OpUpdateOne) {
				old, err := m.OldRevision(ctx)
				if err != nil {
					return nil, err
				}
				number = old + 1
			}
			sum := evidence.ContentHash(c)
			m.SetSha256(sum)
			m.SetRevision(number)
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			id, _ := m.ID()
			return v, recordRevision(ctx, m.Client(), id, number, c, sum)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

var evidenceBulkEdit = rule.Deny("evidence content can only be revised one item at a time")

func changesContent(m *gen.EvidenceMutation) bool {
	for _, f := range contentFields {
		if _, ok := m.Field(f); ok || m.FieldCleared(f) {
			return true
		}
	}
	return false
}

func recordRevision(ctx context.Context, c *gen.Client, id, number int, content evidence.Content, sum string) error {
	create := c.EvidenceRevision.Create().
		SetEvidenceID(id).
		SetNumber(number).
		SetContent(string(evidence.CanonicalJSON(content))).
		SetSha256(sum)
	if note := evidence.RevisionNote(ctx); note != "" && number > 1 {
		create.SetNote(note)
	}
	if v := auth.FromContext(ctx); v != nil {
		create.SetEditorID(v.UserID)
	}
	return create.Exec(privacy.DecisionContext(ctx, privacy.Allow))
}

// evidenceContent is the item's content after the mutation: new values
// where the mutation sets them, stored ones otherwise.
func evidenceContent(ctx context.Context, m *gen.EvidenceMutation) (evidence.Content, error) {
	old := &gen.Evidence{}
	if m.Op().Is(ent.OpUpdateOne) {
		id, _ := m.ID()
		var err error
		if old, err = m.Client().Evidence.Get(privacy.DecisionContext(ctx, privacy.Allow), id); err != nil {
			return evidence.Content{}, err
		}
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
	precision, ok := m.ObservedPrecision()
	if !ok {
		precision = old.ObservedPrecision
	}
	hashes, ok := m.AttachmentHashes()
	if !ok && !m.AttachmentHashesCleared() {
		hashes = old.AttachmentHashes
	}
	c := evidence.Content{
		Kind:              evidence.Kind(strings.ToLower(string(kind))),
		Stance:            evidence.Stance(strings.ToLower(string(stance))),
		Summary:           summary,
		Body:              pick(m.Body, m.BodyCleared, old.Body),
		SourceURL:         pick(m.SourceURL, m.SourceURLCleared, old.SourceURL),
		ArchiveURL:        pick(m.ArchiveURL, m.ArchiveURLCleared, old.ArchiveURL),
		ObservedAt:        pick(m.ObservedAt, m.ObservedAtCleared, old.ObservedAt),
		ObservedPrecision: string(precision),
		ConfidenceNote:    pick(m.ConfidenceNote, m.ConfidenceNoteCleared, old.ConfidenceNote),
		AttachmentHashes:  hashes,
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
