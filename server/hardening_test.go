package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/server"
)

const newActor = `mutation { createActor(input: {name: "Ignacio Escolar", kind: PERSON}) { id } }`

func TestMutationRateLimit(t *testing.T) {
	env := apitest.New(t, apitest.WithMutationLimits(graph.RateLimits{PerUser: 2, PerIP: 1000}))
	j := env.NewUser(auth.Journalist)
	for range 2 {
		j.MustDo(newActor, nil, nil)
	}
	before := env.RowCounts()
	r := j.Do(newActor, nil)
	if r.Code() != "RATE_LIMITED" || r.Header.Get("Retry-After") == "" {
		t.Fatalf("third mutation: %q, Retry-After %q", r.Code(), r.Header.Get("Retry-After"))
	}
	if ra, _ := r.Errors[0].Extensions["retryAfter"].(float64); ra < 1 {
		t.Errorf("retryAfter = %v", r.Errors[0].Extensions["retryAfter"])
	}
	if after := env.RowCounts(); after["actors"] != before["actors"] || after["audit_events"] != before["audit_events"] {
		t.Errorf("a rate-limited mutation wrote rows")
	}
	// Reads are not limited.
	j.MustDo(`{ claims(first: 1) { totalCount } }`, nil, nil)
}

// Mutations sent over a websocket count against the same limits as over
// HTTP: the socket is no way around them.
func TestMutationRateLimitOverWebsocket(t *testing.T) {
	env := apitest.New(t, apitest.WithMutationLimits(graph.RateLimits{PerUser: 2, PerIP: 1000}))
	j := env.NewUser(auth.Journalist)
	j.MustDo(newActor, nil, nil)
	ctx, sock := env.Socket(apitest.DialOptions{Cookie: j.Cookie})
	var codes []string
	for range 2 {
		sub, err := sock.Subscribe(ctx, newActor, nil)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-sub.Next:
			codes = append(codes, "")
		case errs := <-sub.Errors:
			codes = append(codes, fmt.Sprint(errs[0].Extensions["code"]))
		case <-ctx.Done():
			t.Fatal("no answer over the websocket")
		}
	}
	if want := []string{"", "RATE_LIMITED"}; !slices.Equal(codes, want) {
		t.Errorf("codes over the websocket %q, want %q: the HTTP mutation and the first here use the limit of 2", codes, want)
	}
}

// Behind a trusted proxy, the client's address is the one the proxy saw;
// without one configured, X-Forwarded-For is ignored and cannot dodge the
// per-IP limit.
func TestPerIPLimitAndForwardedFor(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		dodges  bool
	}{
		{"no trusted proxy: the header is ignored", nil, false},
		{"a trusted proxy on loopback: the header names the client", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := apitest.New(t,
				apitest.WithMutationLimits(graph.RateLimits{PerUser: 1000, PerIP: 2}),
				apitest.WithTrustedProxies(tc.trusted...))
			j := env.NewUser(auth.Journalist)
			refused := 0
			for i := range 4 {
				j.Header.Set("X-Forwarded-For", "203.0.113."+string(rune('1'+i)))
				if j.Do(newActor, nil).Code() == "RATE_LIMITED" {
					refused++
				}
			}
			if dodged := refused == 0; dodged != tc.dodges {
				t.Errorf("%d of 4 refused; different forwarded addresses dodge the limit: %v, want %v", refused, dodged, tc.dodges)
			}
		})
	}
}

// IPv6 clients are counted by /64: hopping between addresses of one
// network does not dodge the per-IP limit, another network has its own.
func TestPerIPLimitCountsIPv6Networks(t *testing.T) {
	env := apitest.New(t,
		apitest.WithMutationLimits(graph.RateLimits{PerUser: 1000, PerIP: 2}),
		apitest.WithTrustedProxies(netip.MustParsePrefix("127.0.0.0/8")))
	j := env.NewUser(auth.Journalist)
	codes := make([]string, 0, 4)
	for _, addr := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3", "2001:db8:1:3::1"} {
		j.Header.Set("X-Forwarded-For", addr)
		codes = append(codes, j.Do(newActor, nil).Code())
	}
	if want := []string{"", "", "RATE_LIMITED", ""}; !slices.Equal(codes, want) {
		t.Errorf("codes %q, want %q: three addresses of one /64 share its limit of 2, another /64 has its own", codes, want)
	}
}

func TestMetrics(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	r := env.NewUser(auth.Reader)
	r.MustDo(`mutation($c: ID!) { castVerdict(claimId: $c, value: HOLDS) { id } }`, map[string]any{"c": c.ID}, nil)
	r.MustDo(`query ClaimPage { claims(first: 1) { totalCount } }`, nil, nil)
	res, body := get(t, env.URL+"/metrics")
	if res.StatusCode != 200 {
		t.Fatalf("/metrics: %d", res.StatusCode)
	}
	for _, want := range []string{
		`veredicto_http_request_duration_seconds_count{code="2xx",route="/graphql"}`,
		`veredicto_graphql_operation_duration_seconds_count{errors="false",operation="ClaimPage",type="query"}`,
		`veredicto_verdict_casts_total{outcome="cast"} 1`,
		`go_sql_max_open_connections{db_name="veredicto"}`,
		`veredicto_live_subscriptions 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// With METRICS_TOKEN set, /metrics answers only a scraper that sends it.
func TestMetricsToken(t *testing.T) {
	env := apitest.New(t, func(c *server.Config) { c.MetricsToken = "s3cret-scrape" })
	for _, c := range []struct {
		auth string
		want int
	}{
		{"", http.StatusUnauthorized},
		{"Bearer wrong", http.StatusUnauthorized},
		{"Basic czNjcmV0LXNjcmFwZQ==", http.StatusUnauthorized},
		{"Bearer s3cret-scrape", http.StatusOK},
	} {
		req, _ := http.NewRequest(http.MethodGet, env.URL+"/metrics", nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		res, body := send(t, req)
		if res.StatusCode != c.want || (c.want == http.StatusOK) != strings.Contains(body, "veredicto_live_subscriptions") {
			t.Errorf("/metrics with %q: %d, want %d", c.auth, res.StatusCode, c.want)
		}
	}
}

// In production without METRICS_TOKEN, /metrics answers a scraper on the
// same host, not a client a local reverse proxy forwards.
func TestMetricsInProductionWithoutToken(t *testing.T) {
	env := apitest.New(t, func(c *server.Config) { c.Production = true })
	for _, c := range []struct {
		header, value string
		want          int
	}{
		{"", "", http.StatusOK},
		{"X-Forwarded-For", "203.0.113.7", http.StatusForbidden},
		{"Forwarded", "for=203.0.113.7", http.StatusForbidden},
		{"X-Real-Ip", "203.0.113.7", http.StatusForbidden},
	} {
		req, _ := http.NewRequest(http.MethodGet, env.URL+"/metrics", nil)
		if c.header != "" {
			req.Header.Set(c.header, c.value)
		}
		res, body := send(t, req)
		if res.StatusCode != c.want || (c.want == http.StatusOK) != strings.Contains(body, "veredicto_live_subscriptions") {
			t.Errorf("/metrics with %s %q: %d %.100s, want %d", c.header, c.value, res.StatusCode, body, c.want)
		}
	}
}

// Automatic persisted queries: after one POST with the text, a GET with
// only the hash answers (and is cacheable by URL).
func TestPersistedQueryOverGET(t *testing.T) {
	env := apitest.New(t)
	env.Seed()
	q := `{ claims(first: 1) { totalCount } }`
	sum := sha256.Sum256([]byte(q))
	ext := `{"persistedQuery":{"version":1,"sha256Hash":"` + hex.EncodeToString(sum[:]) + `"}}`
	u := env.URL + "/graphql?extensions=" + url.QueryEscape(ext)
	if _, body := get(t, u); !strings.Contains(body, "PersistedQueryNotFound") {
		t.Fatalf("an unknown hash: %s", body)
	}
	if _, body := get(t, u+"&query="+url.QueryEscape(q)); !strings.Contains(body, `"totalCount":1`) {
		t.Fatalf("registering the query: %s", body)
	}
	res, body := get(t, u)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"totalCount":1`) {
		t.Fatalf("the persisted query by hash: %d %s", res.StatusCode, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=10" || res.Header.Get("ETag") == "" {
		t.Errorf("an anonymous persisted read: Cache-Control %q, ETag %q; want public, max-age=10 and an ETag", cc, res.Header.Get("ETag"))
	}
}

// GET reads carry cache headers for who asked: an anonymous answer may be
// shared for READ_CACHE_AGE, a signed-in viewer's is private, an error is
// never stored, and an ETag lets a client revalidate for a 304 until the
// data changes.
func TestGETReadsAreCacheable(t *testing.T) {
	env := apitest.New(t)
	seeded := env.Seed()
	q := env.URL + "/graphql?query=" + url.QueryEscape(`{ claims(first: 1) { totalCount } }`)
	res, body := get(t, q)
	etag := res.Header.Get("ETag")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=10" || etag == "" ||
		!strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Cookie") || !strings.Contains(body, `"totalCount":1`) {
		t.Fatalf("anonymous GET: %d %v %s", res.StatusCode, res.Header, body)
	}

	// Revalidation: the same answer is a 304 without a body.
	req, _ := http.NewRequest(http.MethodGet, q, nil)
	req.Header.Set("If-None-Match", etag)
	if res, body := send(t, req); res.StatusCode != http.StatusNotModified || body != "" || res.Header.Get("ETag") != etag {
		t.Errorf("revalidating an unchanged answer: %d %q %v", res.StatusCode, body, res.Header)
	}

	// A signed-in viewer's answer stays in their own browser.
	journalist := env.NewUser(auth.Journalist)
	req, _ = http.NewRequest(http.MethodGet, q, nil)
	req.AddCookie(&http.Cookie{Name: session.CookieName, Value: journalist.Cookie})
	if res, _ := send(t, req); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("signed-in GET: %d Cache-Control %q, want private, no-cache", res.StatusCode, res.Header.Get("Cache-Control"))
	}

	// A change makes the old ETag stale: the new answer comes in full.
	var created struct{ CreateClaim struct{ ID string } }
	journalist.MustDo(`mutation($in: CreateClaimInput!) { createClaim(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"text": "A second claim", "lang": "es", "claimantID": strconv.Itoa(seeded.ClaimantID),
	}}, &created)
	req, _ = http.NewRequest(http.MethodGet, q, nil)
	req.Header.Set("If-None-Match", etag)
	if res, body := send(t, req); res.StatusCode != http.StatusOK || !strings.Contains(body, `"totalCount":2`) || res.Header.Get("ETag") == etag {
		t.Errorf("revalidating after a change: %d %s ETag %q", res.StatusCode, body, res.Header.Get("ETag"))
	}

	// Errors are never stored, and GET cannot write.
	for _, bad := range []string{`{ nope }`, `mutation { logOut }`} {
		res, body := get(t, env.URL+"/graphql?query="+url.QueryEscape(bad))
		if res.Header.Get("Cache-Control") != "no-store" || res.Header.Get("ETag") != "" || !strings.Contains(body, `"errors"`) {
			t.Errorf("GET %s: %d Cache-Control %q ETag %q %s", bad, res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("ETag"), body)
		}
	}
}

// A request that outlives REQUEST_TIMEOUT answers SERVICE_UNAVAILABLE, and
// its database work is cancelled rather than left waiting.
func TestSlowRequestsTimeOut(t *testing.T) {
	env := apitest.New(t, func(c *server.Config) { c.RequestTimeout = 300 * time.Millisecond })
	env.Seed()
	ctx := context.Background()
	tx := lockClaims(ctx, t, env.DB)
	start := time.Now()
	r := env.Anonymous().Do(`{ claims(first: 1) { totalCount } }`, nil)
	if took := time.Since(start); r.Code() != "SERVICE_UNAVAILABLE" || !strings.Contains(r.Errors[0].Message, "took too long") || took > 5*time.Second {
		t.Fatalf("a request blocked on a lock: %s after %v %+v", r.Code(), took, r.Errors)
	}
	deadline := time.Now().Add(3 * time.Second)
	for waitingOnLock(ctx, t, env.DB) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the timed-out request's statement still waits in the database")
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = tx.Rollback()
	var out struct{ Claims struct{ TotalCount int } }
	env.Anonymous().MustDo(`{ claims(first: 1) { totalCount } }`, nil, &out)
	if out.Claims.TotalCount != 1 {
		t.Errorf("after the lock: %+v", out)
	}
}

// A query sent over a websocket is bounded by REQUEST_TIMEOUT as an HTTP
// request is, and its statement is cancelled; a subscription on the same
// socket lives on past it.
func TestSlowWebsocketOperationsTimeOut(t *testing.T) {
	env := apitest.New(t, func(c *server.Config) { c.RequestTimeout = 300 * time.Millisecond })
	claim := env.Seed()
	ctx, sock := env.Socket(apitest.DialOptions{})
	tx := lockClaims(ctx, t, env.DB)
	start := time.Now()
	slow, err := sock.Subscribe(ctx, `{ claims(first: 1) { totalCount } }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case errs := <-slow.Errors:
		if took := time.Since(start); errs[0].Extensions["code"] != "SERVICE_UNAVAILABLE" || !strings.Contains(errs[0].Message, "took too long") || took > 5*time.Second {
			t.Fatalf("a query blocked on a lock: %+v after %v", errs, took)
		}
	case data := <-slow.Next:
		t.Fatalf("a query blocked on a lock answered %s", data)
	case <-ctx.Done():
		t.Fatal("a query blocked on a lock was not timed out")
	}
	for waitingOnLock(ctx, t, env.DB) > 0 {
		if ctx.Err() != nil {
			t.Fatal("the timed-out query's statement still waits in the database")
		}
		time.Sleep(20 * time.Millisecond)
	}
	_ = tx.Rollback()

	// A subscription on the socket outlives the timeout.
	updates, err := sock.Subscribe(ctx, `subscription($id: ID!) { claimUpdated(id: $id) { kind } }`, map[string]any{"id": strconv.Itoa(claim.ID)})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * env.Config.RequestTimeout)
	r := env.NewUser(auth.Reader)
	r.MustDo(`mutation($c: ID!) { castVerdict(claimId: $c, value: HOLDS) { id } }`, map[string]any{"c": strconv.Itoa(claim.ID)}, nil)
	if _, err := apitest.Within(5*time.Second, updates); err != nil {
		t.Errorf("the subscription after the timeout: %v", err)
	}
}

// One client address holds at most SOCKETS_PER_IP websockets; closing one
// frees its place.
func TestSocketsPerClientAddress(t *testing.T) {
	env := apitest.New(t, func(c *server.Config) { c.SocketsPerIP = 2 })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var open []*apitest.Socket
	for range 2 {
		s, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{})
		if err != nil {
			t.Fatalf("a socket within the limit: %v", err)
		}
		defer s.Close()
		open = append(open, s)
	}
	if _, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{}); err == nil || !strings.Contains(err.Error(), "HTTP 429") {
		t.Fatalf("a third socket: %v, want HTTP 429", err)
	}
	open[0].Close()
	for {
		s, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{})
		if err == nil {
			s.Close()
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("no place freed after a socket closed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
