package graph

import (
	"context"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/internal/apierr"
)

// RateLimits bound mutations per minute, per signed-in user and per client
// IP address (token buckets: a burst of that size, refilled over a
// minute). Reads are not limited here; sign-in and verdicts have their own
// tighter limits.
type RateLimits struct {
	PerUser, PerIP int
}

// DefaultRateLimits are generous for people and tight for scripts.
var DefaultRateLimits = RateLimits{PerUser: 120, PerIP: 600}

// mutationLimiter refuses mutations beyond the limits with RATE_LIMITED,
// extensions.retryAfter and a Retry-After header.
type mutationLimiter struct {
	byUser, byIP *auth.Throttle
}

func newMutationLimiter(l RateLimits) *mutationLimiter {
	if l.PerUser == 0 || l.PerIP == 0 {
		l = DefaultRateLimits
	}
	return &mutationLimiter{byUser: auth.NewThrottle(l.PerUser, time.Minute), byIP: auth.NewThrottle(l.PerIP, time.Minute)}
}

// aroundRootFields is a gqlgen root-field middleware.
func (m *mutationLimiter) aroundRootFields(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	if err := m.admit(ctx); err != nil {
		graphql.AddError(ctx, err)
		return graphql.Null
	}
	return next(ctx)
}

func (m *mutationLimiter) admit(ctx context.Context) error {
	ex := session.ExchangeFrom(ctx)
	user := ""
	if v := auth.FromContext(ctx); v != nil {
		user = strconv.Itoa(v.UserID)
		if ok, wait := m.byUser.Check(user); !ok {
			return m.refuse(ex, wait)
		}
	}
	if ok, wait := m.byIP.Check(ex.ClientIP); !ok {
		return m.refuse(ex, wait)
	}
	if user != "" {
		m.byUser.Spend(user)
	}
	m.byIP.Spend(ex.ClientIP)
	return nil
}

func (m *mutationLimiter) refuse(ex *session.Exchange, wait time.Duration) error {
	ex.RetryAfter(wait)
	return apierr.Limited(wait, "too many changes in a short time; try again in %d seconds", int(wait.Seconds()+1))
}
