package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/internal/requestid"
)

// authenticate turns the request's session cookie or bearer token into the
// viewer in its context, and refuses cookie-authenticated writes from
// origins that are not allowed (CSRF).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		secure := s.secure(r)
		var secret string
		if c, err := r.Cookie(session.CookieNameFor(secure)); err == nil {
			secret = c.Value
		}
		var v *auth.Viewer
		var err error
		switch bearer, hasBearer := bearerToken(r); {
		case hasBearer:
			// A token is an explicit credential, not ambient: it is not
			// CSRF-prone, and a bad one is an error, not anonymity.
			if v, err = s.sessions.AuthenticateToken(ctx, bearer); err == nil && v == nil {
				writeGraphQLError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "the API token is unknown, expired or revoked")
				return
			}
			secret = ""
		case secret != "":
			if !s.sameOriginOrAllowed(r) {
				writeGraphQLError(w, http.StatusForbidden, "FORBIDDEN", "cross-origin requests with a session cookie are only accepted from allowed origins")
				return
			}
			v, err = s.sessions.Authenticate(ctx, secret)
		}
		if err != nil {
			slog.ErrorContext(ctx, "authenticating a request failed", "err", err, "request_id", requestid.From(ctx))
			writeGraphQLError(w, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "cannot check your credentials right now; try again")
			return
		}
		if v != nil {
			ctx = auth.WithViewer(ctx, v)
		}
		ctx = session.WithExchange(ctx, w, secure, secret, clientIP(r, s.cfg.TrustedProxies))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", true // an Authorization header we cannot accept
	}
	return strings.TrimSpace(token), true
}

// secure reports whether the request reached us over https, directly or
// as the configured public URL says.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.PublicURL, "https://")
}

// sameOriginOrAllowed is the CSRF check for requests that carry the session
// cookie. Safe methods pass (they change nothing: mutations are refused on
// GET). Otherwise the browser's Origin must be ours or an allowed one; when
// a browser sends no Origin, Sec-Fetch-Site must not say cross-site.
// Requests with neither header come from non-browser clients, which cannot
// be tricked into sending a victim's cookie.
func (s *Server) sameOriginOrAllowed(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		return s.originAllowed(origin, r)
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}

func (s *Server) originAllowed(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if u.Host == r.Host && (u.Scheme == "https") == s.secure(r) {
		return true
	}
	if pub, err := url.Parse(s.cfg.PublicURL); err == nil && pub.Scheme == u.Scheme && pub.Host == u.Host {
		return true
	}
	for _, o := range s.cfg.AllowedOrigins {
		if strings.EqualFold(o, origin) {
			return true
		}
	}
	return false
}

// writeGraphQLError answers a request with a GraphQL-shaped error before it
// reaches the GraphQL handler.
func writeGraphQLError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"errors":[{"message":` + quoteJSON(message) + `,"extensions":{"code":"` + code + `"}}]}`))
}
