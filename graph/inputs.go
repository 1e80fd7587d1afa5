package graph

import (
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/internal/apierr"
)

// refuseNUL refuses an operation any of whose strings, in its variables or
// written in the document, holds the NUL character, before it runs:
// PostgreSQL cannot store it in text, and the insert would fail as an
// internal error after the rest of the mutation ran.
func refuseNUL(oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	for name, v := range oc.Variables {
		if path, ok := nulIn(v, "$"+name); ok {
			return nulError(path)
		}
	}
	if arg := nulArgument(oc.Operation.SelectionSet, map[string]bool{}); arg != "" {
		return nulError(arg)
	}
	return nil
}

func nulError(field string) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    field + ": must not contain the NUL character (\\u0000)",
		Extensions: map[string]any{"code": string(apierr.BadUserInput), "field": field},
	}
}

// nulIn finds a string holding NUL in a variable's value, and names its
// place in it ($input.name, $ids[2]).
func nulIn(v any, path string) (string, bool) {
	switch v := v.(type) {
	case string:
		return path, strings.ContainsRune(v, 0)
	case map[string]any:
		for k, child := range v {
			if p, ok := nulIn(child, path+"."+k); ok {
				return p, true
			}
		}
	case []any:
		for i, child := range v {
			if p, ok := nulIn(child, fmt.Sprintf("%s[%d]", path, i)); ok {
				return p, true
			}
		}
	}
	return "", false
}

// nulArgument finds an argument written in the document whose value holds
// a string with NUL, and names the argument; fragments are walked once.
func nulArgument(set ast.SelectionSet, seen map[string]bool) string {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			for _, arg := range sel.Arguments {
				if literalHasNUL(arg.Value) {
					return arg.Name
				}
			}
			if name := nulArgument(sel.SelectionSet, seen); name != "" {
				return name
			}
		case *ast.InlineFragment:
			if name := nulArgument(sel.SelectionSet, seen); name != "" {
				return name
			}
		case *ast.FragmentSpread:
			if sel.Definition != nil && !seen[sel.Name] {
				seen[sel.Name] = true
				if name := nulArgument(sel.Definition.SelectionSet, seen); name != "" {
					return name
				}
			}
		}
	}
	return ""
}

func literalHasNUL(v *ast.Value) bool {
	if v == nil {
		return false
	}
	if (v.Kind == ast.StringValue || v.Kind == ast.BlockValue) && strings.ContainsRune(v.Raw, 0) {
		return true
	}
	for _, c := range v.Children {
		if literalHasNUL(c.Value) {
			return true
		}
	}
	return false
}
