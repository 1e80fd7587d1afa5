package graph

import (
	"context"
	"slices"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/schema"
)

// mergeAppendedTags turns appendTags into the full tag list. entgql v0.7.0's
// generated UpdateClaimInput.Mutate appends input.Tags when appendTags is
// given (a template bug), so appendTags is resolved here: the result is
// the stored tags (or the given tags) plus the appended ones, checked as a
// whole under the field the client used.
func (r *Resolver) mergeAppendedTags(ctx context.Context, id int, input *ent.UpdateClaimInput) error {
	if input.AppendTags == nil {
		return nil
	}
	base := input.Tags
	if base == nil && !input.ClearTags {
		c, err := r.db(ctx).Claim.Get(ctx, id)
		if err != nil {
			return err
		}
		base = c.Tags
	}
	merged := slices.Concat(base, input.AppendTags)
	if err := schema.ValidateTags("appendTags", merged); err != nil {
		return err
	}
	input.Tags, input.AppendTags, input.ClearTags = merged, nil, false
	return nil
}
