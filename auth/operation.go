package auth

import "context"

type operationKey struct{}

// WithOperation names the API operation a request performs (the GraphQL
// mutation field, such as "createClaim"), for the audit log.
func WithOperation(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, operationKey{}, name)
}

// Operation returns the API operation named in ctx, or "".
func Operation(ctx context.Context) string {
	s, _ := ctx.Value(operationKey{}).(string)
	return s
}
