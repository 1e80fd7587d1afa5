package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// QueryLimits refuses operations too expensive to run, before anything
// runs: too deep, too many aliased fields, or too many items overall. The
// cost of a field is 1 plus its selections' cost; a connection multiplies
// its selections by the page size it asks for (first/last, or the default),
// and nodes(ids:) by the number of ids, so
// `claims(first: 100) { edges { node { evidence(first: 100) { ... } } } }`
// costs what it would load.
type QueryLimits struct {
	MaxDepth   int
	MaxAliases int
	MaxCost    int
}

// DefaultQueryLimits fit every screen of the web app with room to spare.
var DefaultQueryLimits = QueryLimits{MaxDepth: 15, MaxAliases: 50, MaxCost: 20000}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = QueryLimits{}

// ExtensionName implements graphql.HandlerExtension.
func (QueryLimits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension.
func (QueryLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator. It
// runs after PageLimits, so every connection has a page size.
func (l QueryLimits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	m := &measure{doc: oc.Doc, vars: oc.Variables}
	cost := m.cost(oc.Operation.SelectionSet, 1)
	switch {
	case m.depth > l.MaxDepth:
		return limitError("the query is %d levels deep; at most %d are allowed", m.depth, l.MaxDepth)
	case m.aliases > l.MaxAliases:
		return limitError("the query uses %d aliases; at most %d are allowed", m.aliases, l.MaxAliases)
	case cost > l.MaxCost:
		return limitError("the query could load about %d items; at most %d are allowed: ask for smaller pages", cost, l.MaxCost)
	}
	return nil
}

func limitError(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": "QUERY_TOO_COMPLEX"}
	return e
}

// measure walks an operation once, following fragments, with a bound on
// fragment expansion so a cyclic or exploding document cannot make the walk
// itself expensive (validation already refuses fragment cycles).
type measure struct {
	doc     *ast.QueryDocument
	vars    map[string]any
	depth   int
	aliases int
	steps   int
}

const maxWalkSteps = 100000

func (m *measure) cost(set ast.SelectionSet, level int) int {
	if level > m.depth {
		m.depth = level
	}
	total := 0
	for _, sel := range set {
		m.steps++
		if m.steps > maxWalkSteps {
			return 1 << 30
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				m.aliases++
			}
			child := m.cost(s.SelectionSet, level+1)
			switch {
			case isConnection(s):
				child *= m.pageSize(s)
			case isNodesField(s):
				child *= max(listArgLen(s, "ids", m.vars), 1)
			}
			total += 1 + child
		case *ast.InlineFragment:
			total += m.cost(s.SelectionSet, level)
		case *ast.FragmentSpread:
			if f := m.doc.Fragments.ForName(s.Name); f != nil {
				total += m.cost(f.SelectionSet, level)
			}
		}
		if total > 1<<30 {
			return total
		}
	}
	return total
}

func (m *measure) pageSize(f *ast.Field) int {
	for _, name := range []string{"first", "last"} {
		if n, ok := intArg(f, name, m.vars); ok {
			return max(int(n), 1)
		}
	}
	return DefaultPageSize
}
