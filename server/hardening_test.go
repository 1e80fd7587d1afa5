package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/internal/apitest"
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
}
