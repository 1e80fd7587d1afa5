package apitest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/veredicto/veredicto/auth/session"
)

// Socket is a graphql-transport-ws client: the protocol the web app's
// graphql-ws library speaks, written out so tests need no browser.
type Socket struct {
	conn *websocket.Conn
	mu   sync.Mutex
	subs map[string]chan json.RawMessage
	errs map[string]chan []Error
	next int
	done chan struct{}
	// closeStatus is the close code the server sent, once done is closed
	// (-1 when the connection ended without a close frame).
	closeStatus websocket.StatusCode
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// DialOptions say how a Socket connects.
type DialOptions struct {
	Cookie string         // session secret
	Origin string         // the Origin header; empty sends none
	Init   map[string]any // connection_init payload
}

// Dial opens a websocket to baseURL's /graphql and completes the
// connection_init / connection_ack handshake.
func Dial(ctx context.Context, baseURL string, o DialOptions) (*Socket, error) {
	h := http.Header{}
	if o.Origin != "" {
		h.Set("Origin", o.Origin)
	}
	if o.Cookie != "" {
		h.Set("Cookie", (&http.Cookie{Name: session.CookieName, Value: o.Cookie}).String())
	}
	conn, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(baseURL, "http")+"/graphql", &websocket.DialOptions{
		HTTPHeader:   h,
		Subprotocols: []string{"graphql-transport-ws"},
	})
	if err != nil {
		status := 0
		if res != nil {
			status = res.StatusCode
		}
		return nil, fmt.Errorf("dial (HTTP %d): %w", status, err)
	}
	init, _ := json.Marshal(o.Init)
	if err := wsjson.Write(ctx, conn, wsMessage{Type: "connection_init", Payload: init}); err != nil {
		return nil, err
	}
	var ack wsMessage
	if err := wsjson.Read(ctx, conn, &ack); err != nil {
		return nil, fmt.Errorf("waiting for connection_ack: %w", err)
	}
	if ack.Type != "connection_ack" {
		return nil, fmt.Errorf("want connection_ack, got %s %s", ack.Type, ack.Payload)
	}
	s := &Socket{conn: conn, subs: map[string]chan json.RawMessage{}, errs: map[string]chan []Error{}, done: make(chan struct{})}
	go s.read()
	return s, nil
}

// Subscription is one subscribe operation's stream.
type Subscription struct {
	ID     string
	Next   <-chan json.RawMessage // each "next" payload's data
	Errors <-chan []Error         // an "error" message ends the operation
}

// Subscribe starts an operation.
func (s *Socket) Subscribe(ctx context.Context, query string, vars map[string]any) (*Subscription, error) {
	s.mu.Lock()
	s.next++
	id := fmt.Sprint(s.next)
	next, errs := make(chan json.RawMessage, 64), make(chan []Error, 1)
	s.subs[id], s.errs[id] = next, errs
	s.mu.Unlock()
	payload, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err := wsjson.Write(ctx, s.conn, wsMessage{ID: id, Type: "subscribe", Payload: payload}); err != nil {
		return nil, err
	}
	return &Subscription{ID: id, Next: next, Errors: errs}, nil
}

// Done is closed when the server closed the connection.
func (s *Socket) Done() <-chan struct{} { return s.done }

// CloseStatus is the close code the server ended the connection with, once
// Done is closed; -1 when it ended without one.
func (s *Socket) CloseStatus() websocket.StatusCode {
	<-s.done
	return s.closeStatus
}

// Close closes the connection.
func (s *Socket) Close() { _ = s.conn.Close(websocket.StatusNormalClosure, "") }

func (s *Socket) read() {
	defer close(s.done)
	for {
		var m wsMessage
		if err := wsjson.Read(context.Background(), s.conn, &m); err != nil {
			s.closeStatus = websocket.CloseStatus(err)
			return
		}
		s.mu.Lock()
		switch m.Type {
		case "next":
			var p struct {
				Data   json.RawMessage `json:"data"`
				Errors []Error         `json:"errors"`
			}
			_ = json.Unmarshal(m.Payload, &p)
			// An update without data failed as a whole (the subscription was
			// refused); one with data and errors is a partial update, which
			// in graphql-transport-ws does not end the operation.
			if len(p.Errors) > 0 && (len(p.Data) == 0 || string(p.Data) == "null") {
				s.deliverErrors(m.ID, p.Errors)
			} else if c := s.subs[m.ID]; c != nil {
				select {
				case c <- p.Data:
				default:
				}
			}
		case "error":
			var errs []Error
			_ = json.Unmarshal(m.Payload, &errs)
			s.deliverErrors(m.ID, errs)
		case "ping":
			go wsjson.Write(context.Background(), s.conn, wsMessage{Type: "pong"}) //nolint:errcheck // best effort
		}
		s.mu.Unlock()
	}
}

func (s *Socket) deliverErrors(id string, errs []Error) {
	if c := s.errs[id]; c != nil {
		select {
		case c <- errs:
		default:
		}
	}
}

// Within waits up to d for the next payload of sub.
func Within(d time.Duration, sub *Subscription) (json.RawMessage, error) {
	select {
	case data := <-sub.Next:
		return data, nil
	case errs := <-sub.Errors:
		return nil, fmt.Errorf("subscription failed: %+v", errs)
	case <-time.After(d):
		return nil, fmt.Errorf("no update within %s", d)
	}
}

// Socket opens a websocket to the test server for up to 10 seconds, closed
// when the test ends, and fails the test when it cannot. The context it
// returns ends with those 10 seconds.
func (e *Env) Socket(o DialOptions) (context.Context, *Socket) {
	e.T.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	e.T.Cleanup(cancel)
	sock, err := Dial(ctx, e.URL, o)
	if err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(sock.Close)
	return ctx, sock
}
