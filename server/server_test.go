package server_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/server"
)

// send sends a request and returns the response with its body read.
func send(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return send(t, req)
}

func TestHealthAndReadiness(t *testing.T) {
	env := apitest.New(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if res, body := get(t, env.URL+path); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d %q, want 200", path, res.StatusCode, body)
		}
	}
}

// With the database unreachable the process is alive (healthz) but not
// ready (readyz), so a load balancer stops sending it traffic.
func TestReadinessWithoutDatabase(t *testing.T) {
	db, err := sql.Open("postgres", "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cfg := server.Config{MaxBodyBytes: 1 << 20, PublicURL: "http://veredicto.test", Sessions: session.DefaultConfig}
	ts := httptest.NewServer(server.New(cfg, db, database.NewClient(db)).Handler())
	defer ts.Close()

	if res, body := get(t, ts.URL+"/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz without a database = %d %q, want 503", res.StatusCode, body)
	}
	if res, _ := get(t, ts.URL+"/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz without a database = %d, want 200", res.StatusCode)
	}
}

func TestCORS(t *testing.T) {
	const allowed = "https://app.veredicto.example"
	env := apitest.New(t, apitest.WithAllowedOrigins(allowed))

	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, env.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		res, _ := send(t, req)
		return res
	}

	t.Run("preflight from an allowed origin", func(t *testing.T) {
		h := preflight(allowed).Header
		if got := h.Get("Access-Control-Allow-Origin"); got != allowed {
			t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, allowed)
		}
		if got := h.Get("Access-Control-Allow-Credentials"); got != "true" {
			t.Errorf("Access-Control-Allow-Credentials = %q, want true", got)
		}
		if got := strings.ToUpper(h.Get("Access-Control-Allow-Methods")); !strings.Contains(got, "POST") {
			t.Errorf("Access-Control-Allow-Methods = %q, want POST allowed", got)
		}
	})
	for _, origin := range []string{"https://evil.example", "https://app.veredicto.example.evil.example", "http://app.veredicto.example"} {
		t.Run("preflight from "+origin, func(t *testing.T) {
			h := preflight(origin).Header
			for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods"} {
				if got := h.Get(name); got != "" {
					t.Errorf("%s = %q, want none for a foreign origin", name, got)
				}
			}
		})
	}
	t.Run("request from an allowed origin", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", allowed)
		res, body := send(t, req)
		if res.StatusCode != http.StatusOK || res.Header.Get("Access-Control-Allow-Origin") != allowed {
			t.Errorf("POST from %s = %d, Access-Control-Allow-Origin %q: %s", allowed, res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"), body)
		}
		if got := res.Header.Get("Access-Control-Expose-Headers"); !strings.Contains(strings.ToLower(got), "x-request-id") {
			t.Errorf("Access-Control-Expose-Headers = %q, want X-Request-ID exposed to the app", got)
		}
	})
}

// With no ALLOWED_ORIGINS (the default), no origin gets CORS headers from
// the API: an empty list means all origins to rs/cors.
func TestCORSWithoutAllowedOrigins(t *testing.T) {
	env := apitest.New(t)
	for _, method := range []string{http.MethodOptions, http.MethodPost} {
		req, _ := http.NewRequest(method, env.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Content-Type", "application/json")
		if method == http.MethodOptions {
			req.Header.Set("Access-Control-Request-Method", "POST")
		}
		res, _ := send(t, req)
		for _, name := range []string{"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"} {
			if got := res.Header.Get(name); got != "" {
				t.Errorf("%s from a foreign origin: %s = %q, want none", method, name, got)
			}
		}
	}
}

func TestBodyLimit(t *testing.T) {
	env := apitest.New(t)
	max := env.Config.MaxBodyBytes
	// A valid GraphQL request padded with whitespace past the limit.
	query := `{"query":"{ __typename }"}`
	tooBig := query + strings.Repeat(" ", int(max)-len(query)+1)

	t.Run("with Content-Length", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(tooBig))
		req.Header.Set("Content-Type", "application/json")
		res, body := send(t, req)
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("POST of %d bytes (limit %d) = %d %q, want 413", len(tooBig), max, res.StatusCode, body)
		}
		if !strings.Contains(body, "PAYLOAD_TOO_LARGE") {
			t.Errorf("body %q does not carry code PAYLOAD_TOO_LARGE", body)
		}
	})
	t.Run("chunked, without Content-Length", func(t *testing.T) {
		// A reader of unknown length makes the client send it chunked, so
		// the server learns the size only while reading.
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", io.MultiReader(strings.NewReader(tooBig)))
		req.Header.Set("Content-Type", "application/json")
		res, body := send(t, req)
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("chunked POST of %d bytes (limit %d) = %d %q, want 413", len(tooBig), max, res.StatusCode, body)
		}
	})
	t.Run("at the limit", func(t *testing.T) {
		atLimit := query + strings.Repeat(" ", int(max)-len(query))
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", bytes.NewReader([]byte(atLimit)))
		req.Header.Set("Content-Type", "application/json")
		if res, body := send(t, req); res.StatusCode != http.StatusOK {
			t.Errorf("POST of exactly %d bytes = %d %q, want 200", max, res.StatusCode, body)
		}
	})
}

// A request that is not GraphQL over JSON is the client's mistake: 400,
// and an error code that says so rather than an internal error.
func TestMalformedRequestBody(t *testing.T) {
	env := apitest.New(t)
	for _, body := range []string{`{"query": `, `not json`} {
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, got := send(t, req)
		if res.StatusCode != http.StatusBadRequest || strings.Contains(got, "INTERNAL_SERVER_ERROR") {
			t.Errorf("POST %q = %d %s; want 400 with a client error code", body, res.StatusCode, got)
		}
	}
}

func TestGraphiQL(t *testing.T) {
	t.Run("development", func(t *testing.T) {
		env := apitest.New(t)
		res, body := get(t, env.URL+"/graphiql")
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET /graphiql = %d %s, want 200 text/html", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.Contains(strings.ToLower(body), "graphiql") || !strings.Contains(body, "/graphql") {
			t.Errorf("GET /graphiql does not serve GraphiQL pointed at /graphql")
		}
		r := env.Anonymous().Do(`{ __schema { queryType { name } } }`, nil)
		if len(r.Errors) > 0 {
			t.Errorf("introspection refused in development: %+v", r.Errors)
		}
		if r := env.Anonymous().Do(`{ claim { id } }`, nil); !strings.Contains(r.Errors[0].Message, `Did you mean "claims"?`) {
			t.Errorf("a misspelt field in development: %+v, want a suggestion", r.Errors)
		}
	})
	t.Run("production", func(t *testing.T) {
		env := apitest.New(t, func(c *server.Config) { c.Production, c.Introspection = true, false })
		if res, _ := get(t, env.URL+"/graphiql"); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET /graphiql in production = %d, want 404", res.StatusCode)
		}
		// Refused before it runs, however the schema is asked for, with a
		// code and a message that say why.
		for _, q := range []string{
			`{ __schema { queryType { name } } }`,
			`query { ...F } fragment F on Query { t: __type(name: "Claim") { name } }`,
		} {
			r := env.Anonymous().Do(q, nil)
			if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "introspection is turned off") || string(r.Data) != "null" {
				t.Errorf("introspection in production: %s %+v", r.Data, r.Errors)
			}
		}
		if r := env.Anonymous().Do(`{ __typename }`, nil); len(r.Errors) > 0 {
			t.Errorf("__typename refused in production: %+v", r.Errors)
		}
		// Nor does a misspelt field get the schema's names suggested.
		r := env.Anonymous().Do(`{ claim { id } }`, nil)
		if r.Code() != "GRAPHQL_VALIDATION_FAILED" || strings.Contains(r.Errors[0].Message, "Did you mean") {
			t.Errorf("a misspelt field in production: %+v", r.Errors)
		}
	})
}

func TestRequestID(t *testing.T) {
	env := apitest.New(t)
	idRE := regexp.MustCompile(`^[A-Za-z0-9._\-]{8,64}$`)

	seen := map[string]bool{}
	for _, path := range []string{"/healthz", "/readyz", "/graphiql", "/no-such-page"} {
		res, _ := get(t, env.URL+path)
		id := res.Header.Get("X-Request-ID")
		if !idRE.MatchString(id) {
			t.Errorf("GET %s: X-Request-ID = %q, want an id", path, id)
		}
		if seen[id] {
			t.Errorf("GET %s: X-Request-ID %q was already given to another request", path, id)
		}
		seen[id] = true
	}
	if r := env.Anonymous().Do(`{ __typename }`, nil); !idRE.MatchString(r.Header.Get("X-Request-ID")) {
		t.Errorf("POST /graphql: X-Request-ID = %q", r.Header.Get("X-Request-ID"))
	}

	// A well-formed id from a proxy is kept, a malformed one replaced.
	for _, tc := range []struct{ sent, want string }{
		{"proxy-1234abcd", "proxy-1234abcd"},
		{"an id with spaces", ""},
		{"id;injected=1", ""},
		{"short", ""},
	} {
		req, _ := http.NewRequest(http.MethodGet, env.URL+"/healthz", nil)
		req.Header["X-Request-Id"] = []string{tc.sent}
		res, _ := send(t, req)
		got := res.Header.Get("X-Request-ID")
		switch {
		case tc.want != "" && got != tc.want:
			t.Errorf("incoming id %q: X-Request-ID = %q, want it kept", tc.sent, got)
		case tc.want == "" && (got == tc.sent || !idRE.MatchString(got)):
			t.Errorf("incoming id %q: X-Request-ID = %q, want a fresh id", tc.sent, got)
		}
	}
}

// TestRequestLog: every request gets a JSON log line with its request id,
// except successful reads of the public widget routes, which are logged
// at debug level only; their failures are still logged.
func TestRequestLog(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	var buf syncBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	defer slog.SetDefault(prev)

	widgetOK := fmt.Sprintf("/api/widget/claims/%d", c.ID)
	for _, path := range []string{widgetOK, "/api/widget/claims/999999", "/healthz", "/graphql?query=%7B__typename%7D"} {
		res, _ := get(t, env.URL+path)
		res.Body.Close()
	}
	lines := map[string]map[string]any{}
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
		if m["msg"] == "request" {
			lines[m["path"].(string)] = m
		}
	}
	for _, quiet := range []string{widgetOK, "/healthz"} {
		if _, ok := lines[quiet]; ok {
			t.Errorf("%s was logged at info level", quiet)
		}
	}
	for path, status := range map[string]float64{"/api/widget/claims/999999": 404, "/graphql": 200} {
		m, ok := lines[path]
		if !ok {
			t.Errorf("no log line for %s in %s", path, buf.String())
			continue
		}
		if m["status"] != status || m["request_id"] == "" || m["duration_us"] == nil || m["method"] != "GET" {
			t.Errorf("log line for %s: %v", path, m)
		}
	}
}

// syncBuffer is a bytes.Buffer the server's goroutines can write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestIntrospectionSetting: on in development, off in production, and
// INTROSPECTION overrides either way.
func TestIntrospectionSetting(t *testing.T) {
	for _, c := range []struct {
		env, introspection string
		want               bool
		err                bool
	}{
		{"", "", true, false},
		{"production", "", false, false},
		{"production", "true", true, false},
		{"", "false", false, false},
		{"", "sometimes", false, true},
	} {
		t.Setenv("DATABASE_URL", "postgres://x@127.0.0.1/x?sslmode=disable")
		t.Setenv("VEREDICTO_ENV", c.env)
		t.Setenv("INTROSPECTION", c.introspection)
		cfg, err := server.ConfigFromEnv()
		if (err != nil) != c.err || (err == nil && cfg.Introspection != c.want) {
			t.Errorf("VEREDICTO_ENV=%q INTROSPECTION=%q: introspection %v, error %v", c.env, c.introspection, cfg.Introspection, err)
		}
		if c.err && (err == nil || !strings.Contains(err.Error(), "INTROSPECTION")) {
			t.Errorf("INTROSPECTION=%q: error %v does not name the variable", c.introspection, err)
		}
	}
}

// TestDurationSettings: each duration variable's default, accepted values,
// and refusals that name the variable.
func TestDurationSettings(t *testing.T) {
	t.Setenv("DATABASE_URL", "postgres://x@127.0.0.1/x?sslmode=disable")
	for _, c := range []struct {
		name string
		get  func(server.Config) time.Duration
		good map[string]time.Duration
		bad  []string
	}{
		{"READ_CACHE_AGE", func(c server.Config) time.Duration { return c.ReadCacheAge },
			map[string]time.Duration{"": server.DefaultReadCacheAge, "0": 0, "1m": time.Minute, "30s": 30 * time.Second},
			[]string{"1.5s", "-10s", "ten", "10"}},
		{"REQUEST_TIMEOUT", func(c server.Config) time.Duration { return c.RequestTimeout },
			map[string]time.Duration{"": 30 * time.Second, "5s": 5 * time.Second, "2m": 2 * time.Minute},
			[]string{"0", "500ms", "soon", "30"}},
	} {
		for v, want := range c.good {
			t.Setenv(c.name, v)
			if cfg, err := server.ConfigFromEnv(); err != nil || c.get(cfg) != want {
				t.Errorf("%s=%q: %v, %v; want %v", c.name, v, c.get(cfg), err, want)
			}
		}
		for _, v := range c.bad {
			t.Setenv(c.name, v)
			if _, err := server.ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), c.name) {
				t.Errorf("%s=%q: error %v, want one naming the variable", c.name, v, err)
			}
		}
		t.Setenv(c.name, "")
	}
}
