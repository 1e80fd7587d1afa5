package graph

import (
	"context"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/graph/model"
	"github.com/veredicto/veredicto/internal/database"
)

// authPayload answers signUp and logIn with the user now signed in.
func authPayload(u *ent.User) *model.AuthPayload {
	return &model.AuthPayload{Viewer: &model.Viewer{Viewer: &auth.Viewer{
		UserID: u.ID, Handle: u.Handle, Role: auth.Role(u.Role),
	}}}
}

// asViewer acts as the Viewer object's user when resolving its fields: right
// after signUp or logIn the request was anonymous, but the payload belongs
// to the user who just signed in.
func asViewer(ctx context.Context, v *model.Viewer) context.Context {
	if cur := auth.FromContext(ctx); cur != nil && cur.UserID == v.UserID {
		return ctx
	}
	return auth.WithViewer(ctx, v.Viewer)
}

// db returns the mutation's transaction client when there is one, so that
// fields of a mutation's payload see what the mutation wrote.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	return database.InTx(ctx, r.client)
}
