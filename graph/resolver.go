// Package graph is Veredicto's GraphQL layer: gqlgen resolvers over the ent
// graph. Resolvers stay thin: validation and authorization live in
// ent/schema (validators, hooks, privacy policies) and in the domain
// packages; this package translates GraphQL to those calls and their errors
// back to GraphQL errors.
package graph

import (
	"database/sql"

	"github.com/veredicto/veredicto/auth/session"
	reviewstore "github.com/veredicto/veredicto/claimreview/store"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/evidence/store"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/verdict/ballot"
)

// Resolver is the root resolver; its dependencies are set once at start-up.
type Resolver struct {
	client   *ent.Client
	pool     *sql.DB
	sessions *session.Store
	evidence *store.Store
	ballot   *ballot.Ballot
	reviews  *reviewstore.Store
	hub      *changes.Hub
	// claims reads a claim once per change event for all its subscriptions.
	claims *sharedClaims
}

// Services are the domain services the resolvers call.
type Services struct {
	// DB is the pool under the ent client, for the search's own SQL.
	DB       *sql.DB
	Sessions *session.Store
	Evidence *store.Store
	Ballot   *ballot.Ballot
	Reviews  *reviewstore.Store
	Hub      *changes.Hub
}

// NewResolver returns the root resolver.
func NewResolver(client *ent.Client, s Services) *Resolver {
	r := &Resolver{client: client, pool: s.DB, sessions: s.Sessions, evidence: s.Evidence, ballot: s.Ballot, reviews: s.Reviews, hub: s.Hub}
	if s.Hub != nil {
		r.claims = newSharedClaims(client, s.Hub.Published)
	}
	return r
}
