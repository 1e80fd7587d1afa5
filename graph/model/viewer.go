package model

import "github.com/veredicto/veredicto/auth"

// Viewer is the signed-in user a request acts for; its fields are resolved
// on demand, acting as that user (right after logIn the request itself was
// still anonymous).
type Viewer struct {
	*auth.Viewer
}
