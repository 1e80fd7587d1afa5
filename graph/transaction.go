package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/requestid"
)

// transactions runs each mutation operation in one database transaction:
// if any of its fields fails, nothing it wrote is kept and the response
// carries only the errors. (entgql.Transactioner does the same, but panics
// on requests that fail before an operation exists and shows database
// errors to the client.) An operation that is one lone verdict cast or
// withdrawal is the exception: the ballot writes it in a transaction of
// its own shared with other casts (group commit, verdict/ballot), and
// answers only once that committed.
type transactions struct{ client *ent.Client }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = transactions{}

// mutationRan marks, in an operation's stats, a mutation whose
// transaction has run.
const mutationRan = "veredicto.mutationRan"

func (transactions) ExtensionName() string                   { return "Transactions" }
func (transactions) Validate(graphql.ExecutableSchema) error { return nil }

func (t transactions) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if op := oc.Operation; op == nil || op.Operation != ast.Mutation || committedByBallot(op) || oc.Stats.GetExtension(mutationRan) != nil {
		return next(ctx)
	}
	// The websocket transport asks for responses until it gets nil: a
	// mutation's first call runs it, the next only says it is over, and
	// needs no transaction.
	oc.Stats.SetExtension(mutationRan, true)
	tx, err := t.client.Tx(ctx)
	if err != nil {
		return unavailable(ctx, "opening a transaction failed", err)
	}
	ctx = ent.NewTxContext(ent.NewContext(ctx, tx.Client()), tx)
	defer func() {
		if r := recover(); r != nil {
			_ = tx.Rollback()
			panic(r)
		}
	}()
	rsp := next(ctx)
	if rsp == nil {
		_ = tx.Rollback()
		return nil
	}
	if len(rsp.Errors) > 0 {
		_ = tx.Rollback()
		return &graphql.Response{Errors: rsp.Errors, Extensions: rsp.Extensions}
	}
	if err := tx.Commit(); err != nil {
		return unavailable(ctx, "committing a mutation failed", err)
	}
	return rsp
}

// committedByBallot reports whether op is a single castVerdict or
// withdrawVerdict field. With more fields, the ballot writes inside the
// operation's transaction instead, so that they all succeed or fail
// together.
func committedByBallot(op *ast.OperationDefinition) bool {
	if len(op.SelectionSet) != 1 {
		return false
	}
	f, ok := op.SelectionSet[0].(*ast.Field)
	return ok && (f.Name == "castVerdict" || f.Name == "withdrawVerdict")
}

// unavailable logs a database failure and tells the client that nothing
// was saved, without the database's words.
func unavailable(ctx context.Context, what string, err error) *graphql.Response {
	id := requestid.From(ctx)
	slog.ErrorContext(ctx, what, "err", err, "request_id", id)
	return &graphql.Response{Errors: gqlerror.List{{
		Message:    "the database is unavailable; nothing was saved (request id " + id + ")",
		Extensions: map[string]any{"code": string(apierr.ServiceUnavailable)},
	}}}
}
