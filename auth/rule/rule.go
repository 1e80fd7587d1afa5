// Package rule holds the building blocks of Veredicto's ent privacy
// policies (declared per entity in ent/schema). A denial is both a
// privacy.Deny (so ent stops the operation) and an apierr.Error with code
// FORBIDDEN (so the client learns why).
package rule

import (
	"context"
	"fmt"

	"entgo.io/ent"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/internal/apierr"
)

// Denial is a privacy decision to refuse, with the reason for the client.
type Denial struct{ err *apierr.Error }

func (d *Denial) Error() string { return d.err.Message }

// Is makes errors.Is(d, privacy.Deny) true.
func (d *Denial) Is(target error) bool { return target == privacy.Deny }

// Unwrap exposes the client-facing error.
func (d *Denial) Unwrap() error { return d.err }

// Deny refuses with a message for the client.
func Deny(format string, args ...any) error {
	return &Denial{apierr.New(apierr.Forbidden, format, args...)}
}

// AllowRole allows viewers with at least role min and skips otherwise.
func AllowRole(min auth.Role) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if v := auth.FromContext(ctx); v != nil && v.Role.AtLeast(min) {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// DenyUnlessRole is the last rule of a policy whose operation needs role
// min: it refuses everyone it reaches, telling them what is needed.
func DenyUnlessRole(min auth.Role) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		return denyFor(ctx, min)
	})
}

func denyFor(ctx context.Context, min auth.Role) error {
	if auth.FromContext(ctx) == nil {
		return Deny("sign in to do this (it needs the %s role or above)", roleName(min))
	}
	return Deny("this needs the %s role or above", roleName(min))
}

// RequireViewer refuses anonymous requests and skips otherwise.
func RequireViewer() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if auth.FromContext(ctx) == nil {
			return Deny("sign in to do this")
		}
		return privacy.Skip
	})
}

// DenyDelete refuses every deletion: nothing a user submitted is lost;
// removal is retraction with a reason, recorded as an update.
func DenyDelete() privacy.MutationRule {
	return privacy.OnMutationOperation(privacy.MutationRuleFunc(func(context.Context, ent.Mutation) error {
		return Deny("records are never deleted; retract or revoke them instead")
	}), ent.OpDelete|ent.OpDeleteOne)
}

// Owns reports whether the viewer is the user with id.
func Owns(ctx context.Context, userID int) bool {
	v := auth.FromContext(ctx)
	return v != nil && v.UserID == userID
}

// ViewerID returns the viewer's user id, or 0 when anonymous.
func ViewerID(ctx context.Context) int {
	if v := auth.FromContext(ctx); v != nil {
		return v.UserID
	}
	return 0
}

func roleName(r auth.Role) string { return fmt.Sprintf("%q", string(r)) }
