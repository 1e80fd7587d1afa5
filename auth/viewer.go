// Package auth knows who is acting: the viewer carried in a request's
// context, roles and what each may do, password hashing, session and API
// token secrets, and login throttling. It has no database dependency; the
// ent privacy rules (auth/rule) and the session store (auth/session) build
// on it.
package auth

import "context"

// Role is a user's role. The order matters: each role may do what the
// roles before it may.
type Role string

// Roles, from least to most privileged.
const (
	Reader     Role = "READER"
	Journalist Role = "JOURNALIST"
	Editor     Role = "EDITOR"
	Admin      Role = "ADMIN"
)

var rank = map[Role]int{Reader: 1, Journalist: 2, Editor: 3, Admin: 4}

// AtLeast reports whether r has at least the privileges of min.
func (r Role) AtLeast(min Role) bool { return rank[r] >= rank[min] && rank[r] > 0 }

// Viewer is the signed-in user a request acts for.
type Viewer struct {
	UserID int
	Handle string
	Role   Role
	// SessionID is the web session the request came with; 0 for API tokens.
	SessionID int
	// TokenID is the API token the request came with; 0 for sessions.
	TokenID int
}

type viewerKey struct{}

// WithViewer returns ctx acting for v.
func WithViewer(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer, or nil for an anonymous request.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(viewerKey{}).(*Viewer)
	return v
}
