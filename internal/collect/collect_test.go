package collect

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

var schema = gqlparser.MustLoadSchema(&ast.Source{Name: "test.graphql", Input: `
	interface Node { id: ID! }
	type Claim implements Node { id: ID! text: String! claimant: Actor evidence: [Evidence!]! }
	type Actor implements Node { id: ID! name: String! }
	type Evidence implements Node { id: ID! summary: String! }
	type Query { node(id: ID!): Node claims: [Claim!]! }
`})

// operation parses and validates query as gqlgen does, and returns its
// operation context with vars and its first operation's selection.
func operation(t *testing.T, query string, vars map[string]any) (*graphql.OperationContext, ast.SelectionSet) {
	t.Helper()
	doc, errs := gqlparser.LoadQueryWithRules(schema, query, nil)
	if errs != nil {
		t.Fatal(errs)
	}
	return &graphql.OperationContext{Doc: doc, Variables: vars}, doc.Operations[0].SelectionSet
}

// names lists the response keys of fields, with their sub-selections'.
func names(fields []graphql.CollectedField) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f.Alias)
		for _, s := range f.Selections {
			if sf, ok := s.(*ast.Field); ok {
				out = append(out, f.Alias+"."+sf.Alias)
			}
		}
	}
	return out
}

// Fields returns what gqlgen's CollectFields returns, through inline
// fragments, fragment spreads (one of them twice) and merged fields, for
// each type it is collected for.
func TestFieldsAsGqlgen(t *testing.T) {
	oc, sel := operation(t, `
		query { node(id: 1) {
			id
			... on Claim { text claimant { name } }
			...more
			... on Actor { name }
			...more
		} }
		fragment more on Claim { text evidence { summary } }`, nil)
	node := graphql.CollectFields(oc, sel, []string{"Query"})[0].Selections
	for _, satisfies := range [][]string{{"Claim", "Node"}, {"Actor", "Node"}, {"Evidence", "Node"}} {
		want := graphql.CollectFields(oc, node, satisfies)
		for range 2 { // collected, then from the cache
			if got := Fields(oc, node, satisfies); !reflect.DeepEqual(got, want) {
				t.Errorf("%v: got %v, want %v", satisfies, names(got), names(want))
			}
		}
	}
}

// A selection set without directives is collected once for the same type
// names, whatever slice holds them, and apart for other names.
func TestFieldsCached(t *testing.T) {
	oc, sel := operation(t, `{ node(id: 1) { ... on Claim { text } ... on Actor { name } } }`, nil)
	node := Fields(oc, sel, []string{"Query"})[0].Selections
	first := Fields(oc, node, []string{"Claim", "Node"})
	again := Fields(oc, node, append([]string{}, "Claim", "Node"))
	if &first[0] != &again[0] {
		t.Error("the second collection of a plain selection set was not the cached one")
	}
	if actor := Fields(oc, node, []string{"Actor", "Node"}); len(actor) != 1 || actor[0].Alias != "name" {
		t.Errorf("collected for Actor: %v", names(actor))
	}
}

// Directives make a collection depend on the request's variables: such
// selection sets, or sets spreading fragments with them, are collected for
// each request.
func TestFieldsWithDirectivesFollowVariables(t *testing.T) {
	for _, query := range []string{
		`query($v: Boolean!) { node(id: 1) { id ... on Claim { text @include(if: $v) } } }`,
		`query($v: Boolean!) { node(id: 1) { id ... on Claim @include(if: $v) { text } } }`,
		`query($v: Boolean!) { node(id: 1) { id ...f } } fragment f on Claim { text @skip(if: $v) }`,
	} {
		doc, errs := gqlparser.LoadQueryWithRules(schema, query, nil)
		if errs != nil {
			t.Fatal(errs)
		}
		var got [2][]string
		for i, v := range []bool{true, false} {
			oc := &graphql.OperationContext{Doc: doc, Variables: map[string]any{"v": v}}
			node := Fields(oc, doc.Operations[0].SelectionSet, []string{"Query"})[0].Selections
			got[i] = names(Fields(oc, node, []string{"Claim", "Node"}))
		}
		if reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("%s: the same fields for both values of $v: %v", query, got[0])
		}
	}
}

// Two documents' selection sets are kept apart, even of the same length.
func TestFieldsPerSelectionSet(t *testing.T) {
	ocA, selA := operation(t, `{ claims { id } }`, nil)
	ocB, selB := operation(t, `{ node(id: 1) { id } }`, nil)
	a, b := Fields(ocA, selA, []string{"Query"}), Fields(ocB, selB, []string{"Query"})
	if a[0].Alias != "claims" || b[0].Alias != "node" {
		t.Errorf("got %v and %v", names(a), names(b))
	}
}

// Past size selection sets the cache starts again, and still answers right.
func TestFieldsBounded(t *testing.T) {
	var query strings.Builder
	query.WriteString("{")
	for i := range size + 10 {
		fmt.Fprintf(&query, " a%d: claims { id }", i)
	}
	query.WriteString(" }")
	oc, sel := operation(t, query.String(), nil)
	for i := range sel {
		got := Fields(oc, sel[i:i+1], []string{"Query"})
		if want := fmt.Sprintf("a%d", i); len(got) != 1 || got[0].Alias != want {
			t.Fatalf("selection %d: %v", i, names(got))
		}
	}
	if n := entries.Load(); n > size {
		t.Errorf("%d entries, more than %d", n, size)
	}
}
