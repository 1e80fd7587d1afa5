package session

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// CookieName is the session cookie. The __Host- prefix is used over https
// (it pins the cookie to this host and path /); plain http in development
// cannot use it.
const (
	CookieName       = "veredicto_session"
	secureCookieName = "__Host-veredicto_session"
)

// CookieNameFor returns the cookie name for a request served over https or
// not.
func CookieNameFor(secure bool) string {
	if secure {
		return secureCookieName
	}
	return CookieName
}

// Exchange is what the HTTP layer hands the GraphQL layer about a request's
// credentials: the session secret it came with, the client's address for
// throttling, and a way to set or clear the cookie on the response.
type Exchange struct {
	w      http.ResponseWriter
	secure bool
	// Secret is the session secret the request carried, if any.
	Secret string
	// ClientIP is the client's address, for throttling.
	ClientIP string
}

type exchangeKey struct{}

// WithExchange returns ctx carrying the request's credential exchange.
func WithExchange(ctx context.Context, w http.ResponseWriter, secure bool, secret, ip string) context.Context {
	return context.WithValue(ctx, exchangeKey{}, &Exchange{w: w, secure: secure, Secret: secret, ClientIP: ip})
}

// ExchangeFrom returns the request's exchange; outside HTTP (tests, the CLI)
// it is a no-op exchange.
func ExchangeFrom(ctx context.Context) *Exchange {
	if e, ok := ctx.Value(exchangeKey{}).(*Exchange); ok {
		return e
	}
	return &Exchange{}
}

// SetSession sets the session cookie: HttpOnly (no script can read it),
// SameSite=Lax (not sent on cross-site POSTs), Secure over https.
func (e *Exchange) SetSession(secret string, expires time.Time) {
	e.Secret = secret
	e.set(&http.Cookie{
		Name:     CookieNameFor(e.secure),
		Value:    secret,
		Path:     "/",
		Expires:  expires,
		MaxAge:   int(time.Until(expires).Seconds()),
		HttpOnly: true,
		Secure:   e.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

// ClearSession removes the session cookie.
func (e *Exchange) ClearSession() {
	e.Secret = ""
	e.set(&http.Cookie{
		Name:     CookieNameFor(e.secure),
		Value:    "",
		Path:     "/",
		MaxAge:   -1,
		HttpOnly: true,
		Secure:   e.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

func (e *Exchange) set(c *http.Cookie) {
	if e.w != nil {
		http.SetCookie(e.w, c)
	}
}

// RetryAfter tells the client, in the Retry-After header, when to retry a
// refused request.
func (e *Exchange) RetryAfter(d time.Duration) {
	if e.w != nil {
		e.w.Header().Set("Retry-After", strconv.Itoa(int(d.Seconds()+0.999)))
	}
}
