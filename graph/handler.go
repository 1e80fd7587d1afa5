package graph

import (
	"context"
	"database/sql"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	reviewstore "github.com/veredicto/veredicto/claimreview/store"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/evidence/store"
	"github.com/veredicto/veredicto/graph/generated"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/changes"
	"github.com/veredicto/veredicto/internal/requestid"
	"github.com/veredicto/veredicto/verdict/ballot"
)

// Options configure the GraphQL handler.
type Options struct {
	// DB is the pool under the ent client (search runs its own SQL).
	DB *sql.DB
	// Introspection lets clients ask for the schema (GraphiQL needs it).
	Introspection bool
	// MaxUploadBytes bounds each uploaded attachment.
	MaxUploadBytes int64
	// MaxUploads bounds the number of files in one request.
	MaxUploads int
	// VerdictLimits bound how often verdicts may be cast.
	VerdictLimits ballot.Limits
	// Reviews publishes editorial reviews (and knows the publisher).
	Reviews *reviewstore.Store
	// Hub delivers change events to subscriptions.
	Hub *changes.Hub
	// Sockets configures the websocket transport of subscriptions.
	Sockets SocketOptions
	// MutationLimits bound mutations per user and per IP.
	MutationLimits RateLimits
	// VerdictCounted is told each verdict cast's outcome (metrics); may be nil.
	VerdictCounted func(outcome string)
	// Observe records each finished operation (metrics); may be nil.
	Observe func(name, kind string, failed bool, d time.Duration)
	// OperationTimeout bounds each query or mutation, over HTTP or a
	// websocket: past it, its database work is cancelled. 0 leaves them
	// unbounded.
	OperationTimeout time.Duration
}

// NewHandler returns the GraphQL HTTP handler over client. Every mutation
// runs in one database transaction (see transactions), so a mutation that
// fails writes nothing.
func NewHandler(client *ent.Client, sessions *session.Store, opts Options) *handler.Server {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{
		Resolvers: NewResolver(client, Services{
			DB:       opts.DB,
			Sessions: sessions,
			Evidence: store.New(client, opts.MaxUploadBytes, opts.MaxUploads),
			Ballot:   newBallot(client, opts),
			Reviews:  opts.Reviews,
			Hub:      opts.Hub,
		}),
	}))
	srv.AddTransport(websocketTransport(sessions, opts.Sockets))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(getTransport{})
	srv.AddTransport(postTransport{})
	// Uploads: a file may exceed the per-file limit by a byte, so that the
	// evidence store (not the transport) refuses it with PAYLOAD_TOO_LARGE
	// naming the file; files beyond 1 MiB are buffered on disk.
	srv.AddTransport(transport.MultipartForm{
		MaxUploadSize: opts.MaxUploadBytes*int64(opts.MaxUploads) + 1<<20,
		MaxMemory:     1 << 20,
	})
	srv.AddTransport(unsupportedRequest{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	// A document of more tokens than any real screen needs is refused
	// before it is parsed further.
	srv.SetParserTokenLimit(15000)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		// "Did you mean …" would spell out the schema piece by piece.
		srv.SetDisableSuggestion(true)
	}
	srv.Use(operationCheck{"IntrospectionGate", refuseIntrospection})
	srv.Use(operationCheck{"OneStream", oneStream})
	srv.Use(operationCheck{"NoNUL", refuseNUL})
	srv.Use(PageLimits{})
	srv.Use(DefaultQueryLimits)
	// The timeout is registered first so that it wraps the transaction.
	srv.AroundResponses(boundOperations(opts.OperationTimeout))
	srv.Use(transactions{client: client})
	srv.AroundRootFields(nameOperation)
	srv.AroundRootFields(newMutationLimiter(opts.MutationLimits).aroundRootFields)
	// Clients may send a query's hash instead of its text once the server
	// knows it (automatic persisted queries), which lets GET reads be cached.
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	if opts.Observe != nil {
		srv.AroundResponses(observe(opts.Observe))
	}
	srv.SetErrorPresenter(PresentError)
	srv.SetRecoverFunc(recoverPanic)
	return srv
}

// recoverPanic logs a resolver panic with its stack and the request id and
// tells the client only that an internal error happened.
func recoverPanic(ctx context.Context, p any) error {
	id := requestid.From(ctx)
	slog.ErrorContext(ctx, "graphql resolver panicked", "panic", p, "request_id", id, "stack", string(debug.Stack()))
	return &apierr.Error{Code: apierr.Internal, Message: "internal error; quote request id " + id + " when reporting it"}
}

// operationCheck is a rule an operation must pass before it runs: check
// returns the error the operation is refused with, or nil.
type operationCheck struct {
	name  string
	check func(*graphql.OperationContext) *gqlerror.Error
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = operationCheck{}

func (c operationCheck) ExtensionName() string                 { return c.name }
func (operationCheck) Validate(graphql.ExecutableSchema) error { return nil }

func (c operationCheck) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	return c.check(oc)
}

// refuseIntrospection refuses a query for __schema or __type while
// introspection is off (production), before it runs, with FORBIDDEN and a
// message that says so. Without it gqlgen fails the field with a plain
// error, which the error presenter reports as an internal error.
func refuseIntrospection(oc *graphql.OperationContext) *gqlerror.Error {
	if !oc.DisableIntrospection || oc.Operation == nil || oc.Operation.Operation != ast.Query {
		return nil
	}
	for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Query"}) {
		if f.Name == "__schema" || f.Name == "__type" {
			return refusal(f.Field, apierr.New(apierr.Forbidden, "introspection is turned off on this server"))
		}
	}
	return nil
}

// nameOperation records which mutation a change comes from, for the audit
// log.
func nameOperation(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
		ctx = auth.WithOperation(ctx, graphql.GetRootFieldContext(ctx).Field.Name)
	}
	return next(ctx)
}

// observe times each operation's response for metrics.
func observe(record func(name, kind string, failed bool, d time.Duration)) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil || !graphql.HasOperationContext(ctx) {
			return resp
		}
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation == nil || oc.Operation.Operation == ast.Subscription {
			return resp
		}
		name := oc.OperationName
		if name == "" {
			name = oc.Operation.Name
		}
		record(name, string(oc.Operation.Operation), len(resp.Errors) > 0, time.Since(oc.Stats.OperationStart))
		return resp
	}
}

// boundOperations gives each query or mutation d to run, whichever
// transport brought it, so that none holds database connections longer;
// the client then gets SERVICE_UNAVAILABLE ("took too long"). Subscriptions
// are left alone: each of their responses waits for the next event.
func boundOperations(d time.Duration) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		if d <= 0 || !graphql.HasOperationContext(ctx) {
			return next(ctx)
		}
		if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation == ast.Subscription {
			return next(ctx)
		}
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		return next(ctx)
	}
}

func newBallot(client *ent.Client, opts Options) *ballot.Ballot {
	b := ballot.New(client, opts.VerdictLimits)
	b.Counted = opts.VerdictCounted
	return b
}
