package graph

import (
	"context"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

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
}

// NewHandler returns the GraphQL HTTP handler over client. Every mutation
// runs in one database transaction (see transactions), so a mutation that
// fails writes nothing.
func NewHandler(client *ent.Client, sessions *session.Store, opts Options) *handler.Server {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{
		Resolvers: NewResolver(client, Services{
			Sessions: sessions,
			Evidence: store.New(client, opts.MaxUploadBytes, opts.MaxUploads),
			Ballot:   ballot.New(client, opts.VerdictLimits),
			Reviews:  opts.Reviews,
			Hub:      opts.Hub,
		}),
	}))
	srv.AddTransport(websocketTransport(sessions, opts.Sockets))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Uploads: a file may exceed the per-file limit by a byte, so that the
	// evidence store (not the transport) refuses it with PAYLOAD_TOO_LARGE
	// naming the file; files beyond 1 MiB are buffered on disk.
	srv.AddTransport(transport.MultipartForm{
		MaxUploadSize: opts.MaxUploadBytes*int64(opts.MaxUploads) + 1<<20,
		MaxMemory:     1 << 20,
	})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	// A document of more tokens than any real screen needs is refused
	// before it is parsed further.
	srv.SetParserTokenLimit(15000)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(PageLimits{})
	srv.Use(DefaultQueryLimits)
	srv.Use(transactions{client: client})
	srv.AroundRootFields(nameOperation)
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

// nameOperation records which mutation a change comes from, for the audit
// log.
func nameOperation(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
		ctx = auth.WithOperation(ctx, graphql.GetRootFieldContext(ctx).Field.Name)
	}
	return next(ctx)
}
