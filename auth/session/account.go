package session

import (
	"context"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/apitoken"
	"github.com/veredicto/veredicto/ent/session"
	"github.com/veredicto/veredicto/ent/user"
	"github.com/veredicto/veredicto/internal/apierr"
)

// viewer returns the signed-in viewer or an error saying sign-in is needed.
func viewer(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apierr.New(apierr.Unauthenticated, "sign in to do this")
	}
	return v, nil
}

// ChangePassword replaces the viewer's password after checking the current
// one, and ends every other session of theirs.
func (s *Store) ChangePassword(ctx context.Context, current, next string, keepSecret string) error {
	v, err := viewer(ctx)
	if err != nil {
		return err
	}
	c := s.clientFrom(ctx)
	u, err := c.User.Get(ctx, v.UserID)
	if err != nil {
		return err
	}
	if ok, err := auth.VerifyPassword(u.PasswordHash, current); err != nil || !ok {
		return apierr.Field("currentPassword", "is wrong")
	}
	if err := auth.CheckPasswordPolicy("newPassword", next, u.Handle); err != nil {
		return err
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	if err := c.User.UpdateOneID(u.ID).SetPasswordHash(hash).Exec(ctx); err != nil {
		return err
	}
	return s.revokeSessions(ctx, u.ID, keepSecret)
}

// revokeSessions ends the user's sessions except the one with keepSecret
// (empty: all of them).
func (s *Store) revokeSessions(ctx context.Context, userID int, keepSecret string) error {
	q := s.clientFrom(ctx).Session.Update().
		Where(session.UserID(userID), session.RevokedAtIsNil())
	if keepSecret != "" {
		q.Where(session.TokenHashNEQ(auth.HashSecret(keepSecret)))
	}
	return q.SetRevokedAt(time.Now().UTC()).Exec(system(ctx))
}

// SetRole changes a user's role. The privacy policy lets only admins do it.
func (s *Store) SetRole(ctx context.Context, userID int, role user.Role) (*ent.User, error) {
	if v := auth.FromContext(ctx); v != nil && v.Role == auth.Admin && v.UserID == userID && role != user.RoleAdmin {
		return nil, apierr.Field("role", "admins cannot demote themselves; ask another admin")
	}
	return s.clientFrom(ctx).User.UpdateOneID(userID).SetRole(role).Save(ctx)
}

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions and revokes its API tokens at once. Admins only (privacy
// policy).
func (s *Store) SetDisabled(ctx context.Context, userID int, disabled bool) (*ent.User, error) {
	if v := auth.FromContext(ctx); v != nil && v.Role == auth.Admin && v.UserID == userID && disabled {
		return nil, apierr.Field("userId", "you cannot disable your own account")
	}
	c := s.clientFrom(ctx)
	u, err := c.User.UpdateOneID(userID).SetDisabled(disabled).Save(ctx)
	if err != nil || !disabled {
		return u, err
	}
	if err := s.revokeSessions(ctx, userID, ""); err != nil {
		return nil, err
	}
	err = c.APIToken.Update().
		Where(apitoken.UserID(userID), apitoken.RevokedAtIsNil()).
		SetRevokedAt(time.Now().UTC()).
		Exec(system(ctx))
	return u, err
}

// CreateAPIToken creates a token for the viewer and returns it with its
// secret, which is never shown again.
func (s *Store) CreateAPIToken(ctx context.Context, name string, expiresAt *time.Time) (*ent.APIToken, string, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, "", err
	}
	if expiresAt != nil && !expiresAt.After(time.Now()) {
		return nil, "", apierr.Field("expiresAt", "must be in the future")
	}
	secret := auth.NewSecret(auth.TokenPrefix)
	t, err := s.clientFrom(ctx).APIToken.Create().
		SetUserID(v.UserID).
		SetName(name).
		SetTokenHash(auth.HashSecret(secret)).
		SetHint(secret[len(secret)-4:]).
		SetNillableExpiresAt(expiresAt).
		Save(ctx)
	return t, secret, err
}

// RevokeAPIToken revokes one of the viewer's tokens (an admin may revoke
// anyone's). Revoking twice is not an error.
func (s *Store) RevokeAPIToken(ctx context.Context, id int) (*ent.APIToken, error) {
	if _, err := viewer(ctx); err != nil {
		return nil, err
	}
	c := s.clientFrom(ctx)
	t, err := c.APIToken.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil {
		return t, nil
	}
	return c.APIToken.UpdateOneID(id).SetRevokedAt(time.Now().UTC()).Save(ctx)
}
