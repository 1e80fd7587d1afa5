package graph

import (
	"context"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/internal/apierr"
)

// Page sizes of every Relay connection. entgql applies no limit when a
// query gives neither first nor last, so a connection field without them
// gets first: DefaultPageSize, and no connection returns more than
// MaxPageSize items at once.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// pagedQueryCache is gqlgen's parsed-query cache with one addition: a
// document entering it (once, right after it is parsed and validated, before
// any request shares it) gets `first: DefaultPageSize` on every connection
// field that asks for neither first nor last. Doing it here, on the AST,
// means entgql's eager loading and the field resolvers see the same
// argument, and the edit is made once per distinct query.
type pagedQueryCache struct {
	*lru.LRU[*ast.QueryDocument]
}

func newPagedQueryCache(size int) pagedQueryCache {
	return pagedQueryCache{lru.New[*ast.QueryDocument](size)}
}

// Add implements graphql.Cache.
func (c pagedQueryCache) Add(ctx context.Context, key string, doc *ast.QueryDocument) {
	for _, op := range doc.Operations {
		defaultPageSizes(op.SelectionSet)
	}
	for _, frag := range doc.Fragments {
		defaultPageSizes(frag.SelectionSet)
	}
	c.LRU.Add(ctx, key, doc)
}

func defaultPageSizes(set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if isConnection(s) && s.Arguments.ForName("first") == nil && s.Arguments.ForName("last") == nil {
				s.Arguments = append(s.Arguments, &ast.Argument{
					Name:  "first",
					Value: &ast.Value{Kind: ast.IntValue, Raw: strconv.Itoa(DefaultPageSize)},
				})
			}
			defaultPageSizes(s.SelectionSet)
		case *ast.InlineFragment:
			defaultPageSizes(s.SelectionSet)
		}
		// Fragment spreads are handled through doc.Fragments.
	}
}

func isConnection(f *ast.Field) bool {
	return f.Definition != nil && f.Definition.Type != nil &&
		strings.HasSuffix(f.Definition.Type.Name(), "Connection") &&
		f.Definition.Arguments.ForName("first") != nil
}

// PageLimits rejects an operation whose connection fields ask for more than
// MaxPageSize items, or a negative number, before anything runs.
type PageLimits struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = PageLimits{}

// ExtensionName implements graphql.HandlerExtension.
func (PageLimits) ExtensionName() string { return "PageLimits" }

// Validate implements graphql.HandlerExtension.
func (PageLimits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (PageLimits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	return checkPageSizes(oc.Operation.SelectionSet, oc.Variables, map[string]bool{})
}

func checkPageSizes(set ast.SelectionSet, vars map[string]any, seen map[string]bool) *gqlerror.Error {
	for _, sel := range set {
		var err *gqlerror.Error
		switch s := sel.(type) {
		case *ast.Field:
			if err = checkFieldPageSize(s, vars); err == nil {
				err = checkPageSizes(s.SelectionSet, vars, seen)
			}
		case *ast.InlineFragment:
			err = checkPageSizes(s.SelectionSet, vars, seen)
		case *ast.FragmentSpread:
			if s.Definition != nil && !seen[s.Name] {
				seen[s.Name] = true
				err = checkPageSizes(s.Definition.SelectionSet, vars, seen)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkFieldPageSize(f *ast.Field, vars map[string]any) *gqlerror.Error {
	if !isConnection(f) {
		return nil
	}
	for _, name := range []string{"first", "last"} {
		arg := f.Arguments.ForName(name)
		if arg == nil {
			continue
		}
		v, err := arg.Value.Value(vars)
		if err != nil || v == nil {
			continue
		}
		n, ok := v.(int64)
		if !ok {
			continue
		}
		if n < 0 || n > MaxPageSize {
			e := apierr.Field(name, "must be between 0 and %d on %s (got %d)", MaxPageSize, f.Alias, n)
			return &gqlerror.Error{
				Message:    e.Error(),
				Path:       ast.Path{ast.PathName(f.Alias)},
				Extensions: map[string]any{"code": string(e.Code), "field": e.Field},
			}
		}
	}
	return nil
}
