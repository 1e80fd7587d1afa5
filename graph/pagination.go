package graph

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/internal/apierr"
)

// Page sizes of every Relay connection. entgql applies no limit when a
// query gives neither first nor last, so a connection field without a value
// for either (left out, null, or an unset variable) gets first:
// DefaultPageSize, and no connection returns more than MaxPageSize items at
// once.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageLimits checks and completes the page sizes of an operation before
// anything runs: it refuses first/last above MaxPageSize or below 0, and
// gives connection fields without a size the default one.
//
// The default is written into this request's copy of the query (the
// parsed document is cached and shared, so it is copied on write), because
// entgql's eager loading reads the arguments from the query itself, not
// from the resolvers' arguments.
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
	if err := checkPageSizes(oc.Operation.SelectionSet, oc.Variables, map[string]bool{}, oc.Doc); err != nil {
		return err
	}
	d := &defaulter{vars: oc.Variables, doc: oc.Doc, done: map[string]bool{}}
	if set, changed := d.set(oc.Operation.SelectionSet); changed {
		op := *oc.Operation
		op.SelectionSet = set
		oc.Operation = &op
	}
	if d.fragments != nil {
		doc := *oc.Doc
		doc.Fragments = d.fragments
		oc.Doc = &doc
	}
	return nil
}

func checkPageSizes(set ast.SelectionSet, vars map[string]any, seen map[string]bool, doc *ast.QueryDocument) *gqlerror.Error {
	for _, sel := range set {
		var err *gqlerror.Error
		switch s := sel.(type) {
		case *ast.Field:
			if err = checkFieldPageSize(s, vars); err == nil {
				err = checkPageSizes(s.SelectionSet, vars, seen, doc)
			}
		case *ast.InlineFragment:
			err = checkPageSizes(s.SelectionSet, vars, seen, doc)
		case *ast.FragmentSpread:
			if f := doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
				seen[s.Name] = true
				err = checkPageSizes(f.SelectionSet, vars, seen, doc)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func checkFieldPageSize(f *ast.Field, vars map[string]any) *gqlerror.Error {
	if isNodesField(f) {
		if n := listArgLen(f, "ids", vars); n > MaxPageSize {
			return refusal(f, apierr.Field("ids", "must list at most %d ids on %s (got %d)", MaxPageSize, f.Alias, n))
		}
		return nil
	}
	if !isConnection(f) {
		return nil
	}
	for _, name := range []string{"first", "last"} {
		n, ok := intArg(f, name, vars)
		if ok && (n < 0 || n > MaxPageSize) {
			return refusal(f, apierr.Field(name, "must be between 0 and %d on %s (got %d)", MaxPageSize, f.Alias, n))
		}
	}
	return nil
}

// isNodesField reports whether f is Query.nodes, whose ids are a page of
// their own: each id loads a node.
func isNodesField(f *ast.Field) bool {
	return f.Name == "nodes" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query"
}

// listArgLen returns the number of items of a list argument (0 when absent).
func listArgLen(f *ast.Field, name string, vars map[string]any) int {
	arg := f.Arguments.ForName(name)
	if arg == nil {
		return 0
	}
	v, err := arg.Value.Value(vars)
	if err != nil {
		return 0
	}
	list, _ := v.([]any)
	return len(list)
}

// intArg returns the value of an integer argument, if it has one.
func intArg(f *ast.Field, name string, vars map[string]any) (int64, bool) {
	arg := f.Arguments.ForName(name)
	if arg == nil {
		return 0, false
	}
	v, err := arg.Value.Value(vars)
	if err != nil || v == nil {
		return 0, false
	}
	n, ok := v.(int64)
	return n, ok
}

func isConnection(f *ast.Field) bool {
	return f.Definition != nil && f.Definition.Type != nil &&
		strings.HasSuffix(f.Definition.Type.Name(), "Connection") &&
		f.Definition.Arguments.ForName("first") != nil
}

// defaulter copies the parts of a query that need the default page size,
// leaving the shared original untouched.
type defaulter struct {
	vars      map[string]any
	doc       *ast.QueryDocument
	done      map[string]bool
	fragments ast.FragmentDefinitionList // the rewritten list, once a fragment changed
}

func (d *defaulter) set(s ast.SelectionSet) (ast.SelectionSet, bool) {
	var out ast.SelectionSet
	for i, sel := range s {
		var repl ast.Selection
		switch x := sel.(type) {
		case *ast.Field:
			if f, changed := d.field(x); changed {
				repl = f
			}
		case *ast.InlineFragment:
			if ns, changed := d.set(x.SelectionSet); changed {
				cp := *x
				cp.SelectionSet = ns
				repl = &cp
			}
		case *ast.FragmentSpread:
			d.fragment(x.Name)
		}
		if repl != nil {
			if out == nil {
				out = slices.Clone(s)
			}
			out[i] = repl
		}
	}
	if out == nil {
		return s, false
	}
	return out, true
}

func (d *defaulter) field(f *ast.Field) (*ast.Field, bool) {
	set, changed := d.set(f.SelectionSet)
	_, hasFirst := intArg(f, "first", d.vars)
	_, hasLast := intArg(f, "last", d.vars)
	needs := isConnection(f) && !hasFirst && !hasLast
	if !changed && !needs {
		return f, false
	}
	cp := *f
	cp.SelectionSet = set
	if needs {
		cp.Arguments = withDefaultFirst(f.Arguments)
	}
	return &cp, true
}

// fragment rewrites a named fragment once, if it needs defaults.
func (d *defaulter) fragment(name string) {
	if d.done[name] {
		return
	}
	d.done[name] = true
	def := d.doc.Fragments.ForName(name)
	if def == nil {
		return
	}
	set, changed := d.set(def.SelectionSet)
	if !changed {
		return
	}
	cp := *def
	cp.SelectionSet = set
	if d.fragments == nil {
		d.fragments = slices.Clone(d.doc.Fragments)
	}
	for i, f := range d.fragments {
		if f.Name == name {
			d.fragments[i] = &cp
		}
	}
}

// withDefaultFirst returns args with first set to the default page size
// (replacing a null or unset-variable first).
func withDefaultFirst(args ast.ArgumentList) ast.ArgumentList {
	out := make(ast.ArgumentList, 0, len(args)+1)
	for _, a := range args {
		if a.Name != "first" {
			out = append(out, a)
		}
	}
	return append(out, &ast.Argument{
		Name:  "first",
		Value: &ast.Value{Kind: ast.IntValue, Raw: strconv.Itoa(DefaultPageSize)},
	})
}
