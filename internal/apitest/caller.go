package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/ent/user"
)

// User is a test user with a signed-in caller.
type User struct {
	ID       int
	Handle   string
	Role     auth.Role
	Password string
	*Caller
}

// Password is every test user's password.
const Password = "correct horse battery staple"

var (
	hashOnce sync.Once
	hash     string
)

// passwordHash hashes Password once per test binary: argon2id is slow on
// purpose.
func passwordHash(tb interface{ Fatalf(string, ...any) }) string {
	hashOnce.Do(func() {
		var err error
		if hash, err = auth.HashPassword(Password); err != nil {
			tb.Fatalf("hashing: %v", err)
		}
	})
	return hash
}

var userSeq struct {
	sync.Mutex
	n int
}

// NewUser creates a user with role and a web session for it.
func (e *Env) NewUser(role auth.Role) *User {
	e.T.Helper()
	userSeq.Lock()
	userSeq.n++
	handle := fmt.Sprintf("%s_%d", strings.ToLower(string(role)), userSeq.n)
	userSeq.Unlock()
	u, err := e.Client.User.Create().
		SetHandle(handle).
		SetDisplayName("Test " + handle).
		SetRole(user.Role(role)).
		SetPasswordHash(passwordHash(e.T)).
		Save(e.Sys())
	if err != nil {
		e.T.Fatalf("creating user: %v", err)
	}
	secret := auth.NewSecret(auth.SessionPrefix)
	err = e.Client.Session.Create().
		SetUserID(u.ID).
		SetTokenHash(auth.HashSecret(secret)).
		SetExpiresAt(time.Now().Add(time.Hour)).
		Exec(e.Sys())
	if err != nil {
		e.T.Fatalf("creating session: %v", err)
	}
	c := e.Anonymous()
	c.Cookie = secret
	return &User{ID: u.ID, Handle: handle, Role: role, Password: Password, Caller: c}
}

// Caller sends GraphQL requests with some credentials.
type Caller struct {
	env *Env
	// Cookie is the session secret sent as the session cookie.
	Cookie string
	// Bearer is an API token sent in the Authorization header.
	Bearer string
	// Header holds extra request headers (Origin, Sec-Fetch-Site...).
	Header http.Header
}

// Anonymous returns a caller without credentials.
func (e *Env) Anonymous() *Caller {
	return &Caller{env: e, Header: http.Header{}}
}

// Response is a GraphQL response.
type Response struct {
	Status  int
	Header  http.Header
	Cookies []*http.Cookie
	Data    json.RawMessage `json:"data"`
	Errors  []Error         `json:"errors"`
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns the first error's extensions.code, or "" when none.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Field returns the first error's extensions.field, or "".
func (r *Response) Field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// Do posts a GraphQL request and decodes the response; it fails the test
// only when the server cannot be reached or answers something that is not
// GraphQL.
func (c *Caller) Do(query string, vars map[string]any) *Response {
	c.env.T.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, c.env.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		c.env.T.Fatalf("request: %v", err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	if c.Cookie != "" {
		req.AddCookie(&http.Cookie{Name: session.CookieName, Value: c.Cookie})
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.env.T.Fatalf("POST /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &Response{Status: res.StatusCode, Header: res.Header, Cookies: res.Cookies()}
	if err := json.Unmarshal(raw, out); err != nil {
		c.env.T.Fatalf("POST /graphql: status %d, not GraphQL: %s", res.StatusCode, raw)
	}
	return out
}

// MustDo is Do that fails the test on any GraphQL error and decodes data
// into v (when v is not nil).
func (c *Caller) MustDo(query string, vars map[string]any, v any) {
	c.env.T.Helper()
	r := c.Do(query, vars)
	if len(r.Errors) > 0 {
		c.env.T.Fatalf("unexpected GraphQL errors: %+v\nquery: %s", r.Errors, query)
	}
	if v != nil {
		if err := json.Unmarshal(r.Data, v); err != nil {
			c.env.T.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
}

// Env returns a caller with the same credentials against another instance
// (see SecondInstance).
func (c *Caller) Env(baseURL string) *Caller {
	e := *c.env
	e.URL = baseURL
	cp := *c
	cp.env = &e
	return &cp
}
