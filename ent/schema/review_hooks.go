package schema

import (
	"context"

	"entgo.io/ent"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/claimreview"
	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/hook"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/internal/apierr"
)

// checkRating refuses a rating that is not a step of its declared scale.
func checkRating() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ReviewFunc(func(ctx context.Context, m *gen.ReviewMutation) (ent.Value, error) {
			scale, okScale := m.Scale()
			rating, okRating := m.Rating()
			if !okScale && !okRating {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdateOne) {
				var err error
				if !okScale {
					if scale, err = m.OldScale(ctx); err != nil {
						return nil, err
					}
				}
				if !okRating {
					if rating, err = m.OldRating(ctx); err != nil {
						return nil, err
					}
				}
			}
			if _, err := claimreview.Find(claimreview.Scale(scale), rating); err != nil {
				return nil, apierr.Field("rating", "%v", err)
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdateOne)
}

// reviewContent are the fields whose change is a correction.
var reviewContent = []string{"scale", "rating", "summary", "body", "lang"}

// reviseReview keeps every version of a review: revision 1 when it is
// published, and one per correction, which must carry a visible note.
func reviseReview() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ReviewFunc(func(ctx context.Context, m *gen.ReviewMutation) (ent.Value, error) {
			changed := false
			for _, f := range reviewContent {
				if _, ok := m.Field(f); ok || m.FieldCleared(f) {
					changed = true
				}
			}
			if !changed {
				return next.Mutate(ctx, m)
			}
			if m.Op().Is(ent.OpUpdate) {
				return nil, apierr.New(apierr.BadUserInput, "reviews are corrected one at a time")
			}
			note := claimreview.CorrectionNote(ctx)
			number := 1
			if m.Op().Is(ent.OpUpdateOne) {
				if note == "" {
					return nil, apierr.Field("note", "a correction needs a visible note")
				}
				old, err := m.OldRevision(ctx)
				if err != nil {
					return nil, err
				}
				number = old + 1
				m.SetRevision(number)
				m.SetCorrectionNote(note)
				m.SetCorrectedAt(now())
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			r := v.(*gen.Review)
			create := m.Client().ReviewRevision.Create().
				SetReviewID(r.ID).
				SetNumber(number).
				SetScale(string(r.Scale)).
				SetRating(r.Rating).
				SetSummary(r.Summary).
				SetNillableBody(r.Body).
				SetLang(r.Lang)
			if number > 1 {
				create.SetNote(note)
			}
			if viewer := auth.FromContext(ctx); viewer != nil {
				create.SetEditorID(viewer.UserID)
			}
			return v, create.Exec(privacy.DecisionContext(ctx, privacy.Allow))
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

// markClaimRated moves a claim to RATED when its review is published.
func markClaimRated() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ReviewFunc(func(ctx context.Context, m *gen.ReviewMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			r := v.(*gen.Review)
			if r.PublishedAt == nil {
				return v, nil
			}
			return v, m.Client().Claim.UpdateOneID(r.ClaimID).
				SetStatus(claim.StatusRated).
				Exec(privacy.DecisionContext(ctx, privacy.Allow))
		})
	}, ent.OpCreate)
}
