// Package inorder marshals GraphQL lists one element after another, on the
// goroutine that resolves the list.
//
// gqlgen marshals every element of a list of objects in a goroutine of its
// own (graphql.MarshalSliceConcurrently), so that element resolvers that
// each wait on I/O overlap. Veredicto's lists are loaded before they are
// marshalled: entgql collects the fields a query selects and ent loads each
// edge a page needs in one statement for the whole page, so marshalling an
// element waits on nothing, and a goroutine per element only costs: its
// start, a stack that grows through gqlgen's deep frames, and the
// scheduling. For a claim with 10 evidence items that was about a tenth of
// the server's CPU (see the README, "Lists are marshalled in order").
//
// The GraphQL generator (graph/gqlgen.go) makes gqlgen's generated code call
// MarshalSlice instead of graphql.MarshalSliceConcurrently.
package inorder

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalSlice marshals length elements in order and returns them, with the
// signature of graphql.MarshalSliceConcurrently and the same results:
// marshalElement gets a context whose field context holds the element's
// index (error paths name it), and an element whose marshalling panics is
// reported as an error and marshalled as null, unless omitPanicHandler
// asks to let the panic through.
//
// The third argument, gqlgen's worker limit, bounds how many elements it
// would marshal at once; one at a time, there is nothing left to bound.
func MarshalSlice(
	ctx context.Context,
	length int,
	_ int64,
	omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler,
) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		elementCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(elementCtx, i)
			continue
		}
		ret[i] = marshalRecovering(elementCtx, i, marshalElement)
	}
	return ret
}

// marshalRecovering marshals element i, turning a panic into an error on
// the element's path and a null element, as gqlgen does.
func marshalRecovering(ctx context.Context, i int, marshalElement func(context.Context, int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}
