package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/requestid"
)

// SocketOptions configure subscriptions over websockets.
type SocketOptions struct {
	// AllowedOrigins may open websockets besides the server's own origin.
	AllowedOrigins []string
	// KeepAlive is how often the server pings an idle connection.
	KeepAlive time.Duration
	// IdleTimeout closes a connection that holds no subscription.
	IdleTimeout time.Duration
	// MaxMessageBytes bounds a message from the client, as MAX_BODY_BYTES
	// bounds a request body; a larger one closes the connection with 1009
	// (message too big). 0 means gqlgen's default, 1 MiB.
	MaxMessageBytes int64
	// Shutdown, when it ends, closes every connection with 1012 (service
	// restart). graphql-ws clients answer that by connecting again and
	// subscribing again, and tell the app it was a retry, so screens can
	// fetch what changed meanwhile. (gqlgen's own closing, by ending the
	// request's context, sends 1000, after which the client reconnects but
	// does not call it a retry.)
	Shutdown context.Context
}

// websocketTransport serves subscriptions with the graphql-transport-ws
// protocol. A browser's session cookie authenticates the upgrade request
// (the HTTP middleware ran); tools send {"authorization": "Bearer …"} in
// connection_init instead. Only the server's origin and the allowed ones
// may connect (a cross-site page cannot ride a reader's cookie).
func websocketTransport(sessions *session.Store, o SocketOptions) transport.Websocket {
	if o.KeepAlive == 0 {
		o.KeepAlive = 15 * time.Second
	}
	if o.IdleTimeout == 0 {
		o.IdleTimeout = 5 * time.Minute
	}
	return transport.Websocket{
		Implementation: restartable{
			WebsocketImplementation: transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{
				OriginPatterns: originHosts(o.AllowedOrigins),
			}},
			shutdown: o.Shutdown,
		},
		PayloadReadLimit:      messageLimit(o.MaxMessageBytes),
		InitTimeout:           10 * time.Second,
		KeepAlivePingInterval: o.KeepAlive,
		PingPongInterval:      o.KeepAlive,
		InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			ctx, err := socketViewer(ctx, sessions, payload)
			if err != nil {
				ctx, err = refuseSocket(ctx, err)
				return ctx, nil, err
			}
			ctx = withSubscriptionCounter(ctx)
			ctx, cancel := context.WithCancel(ctx)
			go closeWhenIdle(ctx, cancel, o.IdleTimeout)
			return ctx, nil, nil
		},
	}
}

// messageLimit is gqlgen's PayloadReadLimit for max: nil (its default)
// when max is not set.
func messageLimit(max int64) *int64 {
	if max <= 0 {
		return nil
	}
	return &max
}

// restartable accepts websockets that close with 1012 (service restart)
// when shutdown ends, or never when it is nil.
type restartable struct {
	transport.WebsocketImplementation
	shutdown context.Context
}

func (i restartable) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := i.WebsocketImplementation.Accept(w, r, o)
	if err != nil || i.shutdown == nil {
		return conn, err
	}
	go func() {
		select {
		case <-i.shutdown.Done():
			_ = conn.WriteClose(int(websocket.StatusServiceRestart), "server restarting")
		case <-r.Context().Done(): // the connection ended: its handler returned
		}
	}()
	return conn, nil
}

// socketViewer authenticates a connection_init token, when one is given.
func socketViewer(ctx context.Context, sessions *session.Store, payload transport.InitPayload) (context.Context, error) {
	token := strings.TrimSpace(strings.TrimPrefix(payload.Authorization(), "Bearer "))
	if token == "" {
		return ctx, nil
	}
	v, err := sessions.AuthenticateToken(ctx, token)
	if err != nil {
		return ctx, err
	}
	if v == nil {
		return ctx, apierr.New(apierr.Unauthenticated, "the API token is unknown, expired or revoked")
	}
	return auth.WithViewer(ctx, v), nil
}

// refuseSocket says how a connection whose connection_init failed closes:
// 4403 (forbidden, which graphql-ws clients do not retry) with the reason
// for a token that is not accepted, 1011 (internal error, retried) when the
// token could not be checked. gqlgen would close either with 1000
// "terminated", which tells the client nothing. The error it returns is
// what the legacy subscriptions-transport-ws protocol sends the client:
// never the database's words.
func refuseSocket(ctx context.Context, err error) (context.Context, error) {
	if e, ok := apierr.As(err); ok && e.Code == apierr.Unauthenticated {
		return transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, 4403), e.Message), e
	}
	slog.ErrorContext(ctx, "checking a websocket's API token failed", "err", err, "request_id", requestid.From(ctx))
	const msg = "the API token could not be checked; try again"
	return transport.AppendCloseReason(transport.WithWebsocketCloseCode(ctx, int(websocket.StatusInternalError)), msg), errors.New(msg)
}

// closeWhenIdle ends the connection once it has held no subscription for
// idle, checking every tenth of it.
func closeWhenIdle(ctx context.Context, cancel context.CancelFunc, idle time.Duration) {
	n := subscriptionCounter(ctx)
	t := time.NewTicker(idle / 10)
	defer t.Stop()
	since := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if n.Load() > 0 {
				since = now
			} else if now.Sub(since) >= idle {
				cancel()
				return
			}
		}
	}
}

// originHosts turns allowed origins into coder/websocket's host patterns.
func originHosts(origins []string) []string {
	var hosts []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		}
	}
	return hosts
}
