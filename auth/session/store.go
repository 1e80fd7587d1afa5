// Package session signs users up and in, keeps web sessions and API tokens,
// and turns a request's cookie or bearer token into an auth.Viewer. Secrets
// are random, shown once, and stored only as SHA-256 hashes.
package session

import (
	"context"
	"strings"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/apitoken"
	"github.com/veredicto/veredicto/ent/session"
	"github.com/veredicto/veredicto/ent/user"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/database"
)

// Config tunes sessions and login throttling.
type Config struct {
	// TTL is how long a web session lasts.
	TTL time.Duration
	// LoginsPerAccount and LoginsPerIP bound failed logins per
	// LoginWindow; beyond them logIn answers RATE_LIMITED.
	LoginsPerAccount, LoginsPerIP int
	LoginWindow                   time.Duration
}

// DefaultConfig: month-long sessions; 5 failed logins per account and 20
// per IP address per 15 minutes, refilled gradually.
var DefaultConfig = Config{
	TTL:              30 * 24 * time.Hour,
	LoginsPerAccount: 5,
	LoginsPerIP:      20,
	LoginWindow:      15 * time.Minute,
}

// Store manages users' credentials, sessions and API tokens.
type Store struct {
	client    *ent.Client
	cfg       Config
	byAccount *auth.Throttle
	byIP      *auth.Throttle
}

// NewStore returns a store over client.
func NewStore(client *ent.Client, cfg Config) *Store {
	return &Store{
		client:    client,
		cfg:       cfg,
		byAccount: auth.NewThrottle(cfg.LoginsPerAccount, cfg.LoginWindow),
		byIP:      auth.NewThrottle(cfg.LoginsPerIP, cfg.LoginWindow),
	}
}

// clientFrom returns the transaction's client when ctx carries one (a
// GraphQL mutation), so credential changes and their audit rows commit
// together.
func (s *Store) clientFrom(ctx context.Context) *ent.Client {
	return database.InTx(ctx, s.client)
}

// system marks ctx for the store's own lookups, which run before anyone is
// authenticated (finding a session by its hash, a user by handle).
func system(ctx context.Context) context.Context {
	return database.System(ctx)
}

// NormalizeHandle is how handles are compared: trimmed and lower-cased.
func NormalizeHandle(h string) string { return strings.ToLower(strings.TrimSpace(h)) }

// SignUp creates a reader account and a session for it, and returns the
// user and the session secret for the cookie.
func (s *Store) SignUp(ctx context.Context, handle, displayName, password string) (*ent.User, string, time.Time, error) {
	handle = NormalizeHandle(handle)
	if err := auth.CheckPasswordPolicy("password", password, handle); err != nil {
		return nil, "", time.Time{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	u, err := s.clientFrom(ctx).User.Create().
		SetHandle(handle).
		SetDisplayName(strings.TrimSpace(displayName)).
		SetPasswordHash(hash).
		Save(ctx)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	secret, expires, err := s.newSession(ctx, u.ID)
	return u, secret, expires, err
}

// errBadCredentials is the one answer to a wrong handle or password, so a
// caller cannot tell which accounts exist.
var errBadCredentials = apierr.New(apierr.Unauthenticated, "the handle or the password is wrong")

// LogIn checks a handle and password and opens a session. Failed attempts
// are throttled per account and per client IP; an unknown handle costs the
// same time and gets the same answer as a wrong password.
func (s *Store) LogIn(ctx context.Context, handle, password, ip string) (*ent.User, string, time.Time, error) {
	handle = NormalizeHandle(handle)
	if err := s.throttled(handle, ip); err != nil {
		return nil, "", time.Time{}, err
	}
	u, err := s.clientFrom(ctx).User.Query().Where(user.Handle(handle)).Only(system(ctx))
	if ent.IsNotFound(err) {
		auth.SpendVerifyTime(password)
		s.failed(handle, ip)
		return nil, "", time.Time{}, errBadCredentials
	}
	if err != nil {
		return nil, "", time.Time{}, err
	}
	ok, err := auth.VerifyPassword(u.PasswordHash, password)
	if err != nil || !ok || u.Disabled {
		s.failed(handle, ip)
		return nil, "", time.Time{}, errBadCredentials
	}
	s.byAccount.Reset(handle)
	secret, expires, err := s.newSession(auth.WithViewer(ctx, viewerOf(u)), u.ID)
	return u, secret, expires, err
}

func (s *Store) throttled(handle, ip string) error {
	for _, c := range []struct {
		t   *auth.Throttle
		key string
	}{{s.byAccount, handle}, {s.byIP, ip}} {
		if ok, wait := c.t.Check(c.key); !ok {
			return apierr.Limited(wait, "too many failed sign-in attempts; try again in %d seconds", int(wait.Seconds()))
		}
	}
	return nil
}

func (s *Store) failed(handle, ip string) {
	s.byAccount.Spend(handle)
	s.byIP.Spend(ip)
}

func (s *Store) newSession(ctx context.Context, userID int) (string, time.Time, error) {
	secret := auth.NewSecret(auth.SessionPrefix)
	expires := time.Now().UTC().Add(s.cfg.TTL)
	_, err := s.clientFrom(ctx).Session.Create().
		SetUserID(userID).
		SetTokenHash(auth.HashSecret(secret)).
		SetExpiresAt(expires).
		Save(system(ctx))
	return secret, expires, err
}

// LogOut revokes the session the request came with.
func (s *Store) LogOut(ctx context.Context, secret string) error {
	n, err := s.clientFrom(ctx).Session.Update().
		Where(session.TokenHash(auth.HashSecret(secret)), session.RevokedAtIsNil()).
		SetRevokedAt(time.Now().UTC()).
		Save(system(ctx))
	if err == nil && n == 0 {
		return apierr.New(apierr.Unauthenticated, "you are not signed in")
	}
	return err
}

func viewerOf(u *ent.User) *auth.Viewer {
	return &auth.Viewer{UserID: u.ID, Handle: u.Handle, Role: auth.Role(u.Role)}
}

// Authenticate returns the viewer for a session secret, or nil when the
// session does not exist, expired, was revoked or its user is disabled.
// It costs one indexed query.
func (s *Store) Authenticate(ctx context.Context, secret string) (*auth.Viewer, error) {
	if !auth.LooksLike(secret, auth.SessionPrefix) {
		return nil, nil
	}
	u, err := s.client.User.Query().
		Where(
			user.Disabled(false),
			user.HasSessionsWith(
				session.TokenHash(auth.HashSecret(secret)),
				session.RevokedAtIsNil(),
				session.ExpiresAtGT(time.Now()),
			),
		).
		Only(system(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return viewerOf(u), nil
}

// AuthenticateToken returns the viewer for an API token, or nil when the
// token is unknown, expired, revoked or its user disabled.
func (s *Store) AuthenticateToken(ctx context.Context, secret string) (*auth.Viewer, error) {
	if !auth.LooksLike(secret, auth.TokenPrefix) {
		return nil, nil
	}
	now := time.Now()
	t, err := s.client.APIToken.Query().
		Where(
			apitoken.TokenHash(auth.HashSecret(secret)),
			apitoken.RevokedAtIsNil(),
			apitoken.Or(apitoken.ExpiresAtIsNil(), apitoken.ExpiresAtGT(now)),
			apitoken.HasUserWith(user.Disabled(false)),
		).
		WithUser().
		Only(system(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Record use at most every ten minutes, so a busy integration does not
	// turn each read into a write.
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > 10*time.Minute {
		err := s.client.APIToken.UpdateOneID(t.ID).SetLastUsedAt(now.UTC()).Exec(system(ctx))
		if err != nil {
			return nil, err
		}
	}
	v := viewerOf(t.Edges.User)
	v.TokenID = t.ID
	return v, nil
}
