package inorder

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// listContext is the context of a list field named items, in a response
// whose recover function reports "element panicked: <value>".
func listContext() context.Context {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter,
		func(_ context.Context, p any) error { return fmt.Errorf("element panicked: %v", p) })
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "items"}}})
}

// element marshals element i as {"i":i,"path":"items.i"}, from the index
// and path its context holds, and panics on element 1.
func element(ctx context.Context, i int) graphql.Marshaler {
	fc := graphql.GetFieldContext(ctx)
	if fc.Index == nil || *fc.Index != i {
		return graphql.MarshalString(fmt.Sprintf("element %d got index %v", i, fc.Index))
	}
	if i == 1 {
		panic("no element 1")
	}
	return graphql.MarshalString(fmt.Sprintf("%d at %s", i, graphql.GetPath(ctx)))
}

func marshal(m graphql.Marshaler) string {
	var b bytes.Buffer
	m.MarshalGQL(&b)
	return b.String()
}

// MarshalSlice gives what gqlgen's MarshalSliceConcurrently gives: each
// element marshalled with its index and path, and a panicking element null
// with an error on its path.
func TestMarshalSliceMatchesGqlgen(t *testing.T) {
	type result struct {
		out  string
		errs []string
	}
	run := func(f func(context.Context, int, int64, bool, func(context.Context, int) graphql.Marshaler) graphql.Array) result {
		ctx := listContext()
		out := marshal(f(ctx, 3, 0, false, element))
		var errs []string
		for _, e := range graphql.GetErrors(ctx) {
			errs = append(errs, fmt.Sprintf("%s at %v", e.Message, e.Path))
		}
		return result{out, errs}
	}
	got, want := run(MarshalSlice), run(graphql.MarshalSliceConcurrently)
	if got.out != `["0 at items[0]",null,"2 at items[2]"]` {
		t.Errorf("MarshalSlice wrote %s", got.out)
	}
	if got.out != want.out || !slices.Equal(got.errs, want.errs) {
		t.Errorf("MarshalSlice: %+v\nMarshalSliceConcurrently: %+v", got, want)
	}
	if len(got.errs) != 1 || got.errs[0] != "element panicked: no element 1 at items[1]" {
		t.Errorf("errors = %q", got.errs)
	}
}

// Elements are marshalled one after another, in order, on the caller's
// goroutine: an element may rely on the one before it having finished.
func TestMarshalSliceRunsInOrder(t *testing.T) {
	var order []int
	MarshalSlice(listContext(), 5, 0, false, func(_ context.Context, i int) graphql.Marshaler {
		order = append(order, i) // no lock: a second goroutine would be a race
		return graphql.Null
	})
	if !slices.Equal(order, []int{0, 1, 2, 3, 4}) {
		t.Errorf("order = %v", order)
	}
	if got := marshal(MarshalSlice(listContext(), 0, 0, false, element)); got != "[]" {
		t.Errorf("empty list = %s", got)
	}
}

// With omitPanicHandler (gqlgen's omit_panic_handler), a panic is not
// recovered here but goes up to the caller, as in gqlgen.
func TestMarshalSliceLetsPanicsThroughWhenAsked(t *testing.T) {
	defer func() {
		if p := recover(); fmt.Sprint(p) != "no element 1" {
			t.Errorf("recovered %v, want the element's panic", p)
		}
	}()
	MarshalSlice(listContext(), 3, 0, true, element)
	t.Error("MarshalSlice returned after a panic")
}
