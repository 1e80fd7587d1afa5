// Package requestid gives every HTTP request an id that appears in its log
// lines, in the X-Request-ID response header and in internal-error
// messages, so a user's report can be matched to the logs.
package requestid

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
)

type ctxKey struct{}

// Header is the request and response header carrying the id.
const Header = "X-Request-ID"

// key is Header in the canonical form net/http stores it under, so the
// middleware can index header maps without canonicalising on every request.
var key = http.CanonicalHeaderKey(Header)

// acceptable ids from a trusted proxy: short and free of log-breaking bytes.
var acceptable = regexp.MustCompile(`^[A-Za-z0-9._\-]{8,64}$`)

// New returns a fresh random id.
func New() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, ctxKey{}, id)
}

// From returns the request id in ctx, or "-" outside a request.
func From(ctx context.Context) string {
	if id, ok := ctx.Value(ctxKey{}).(string); ok {
		return id
	}
	return "-"
}

// Middleware assigns the id: the incoming header's when it is well formed,
// else a new one.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id string
		if v := r.Header[key]; len(v) > 0 && acceptable.MatchString(v[0]) {
			id = v[0]
		} else {
			id = New()
		}
		w.Header()[key] = []string{id}
		next.ServeHTTP(w, r.WithContext(With(r.Context(), id)))
	})
}
