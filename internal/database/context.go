package database

import (
	"context"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/privacy"
)

// InTx returns the transaction's client when ctx carries one (a GraphQL
// mutation runs in one), else fallback: writes made by a domain service and
// the mutation's own rows then commit or roll back together.
func InTx(ctx context.Context, fallback *ent.Client) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return fallback
}

// System marks ctx for work the system does on its own behalf, after the
// acting user's change passed its privacy policy (derived rows, lookups
// before anyone is authenticated).
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}
