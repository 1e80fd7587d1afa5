package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/server"
)

// hostile queries, each answered with a clear error code.
func hostileQueries() map[string]struct {
	query string
	code  string
} {
	deep := "{ claims(first: 1) { edges { node { claimant { claims(first: 1) { edges { node { claimant { claims(first: 1) { edges { node { claimant { claims(first: 1) { edges { node { id } } } } } } } } } } } } } } } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 1000 {
		fmt.Fprintf(&aliases, " a%d: claims(first: 1) { totalCount }", i)
	}
	aliases.WriteString(" }")
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprint(8589934592+i))
	}
	manyNodes := "{ nodes(ids: [" + strings.Join(ids, ", ") + "]) { id } }"
	costlyNodes := "{ nodes(ids: [" + strings.Join(ids[:100], ", ") + "]) { ... on Claim { evidence(first: 100) { edges { node { revisions { id } } } } } } }"
	return map[string]struct {
		query string
		code  string
	}{
		"deep nesting":          {deep, "QUERY_TOO_COMPLEX"},
		"1,000 aliases":         {aliases.String(), "QUERY_TOO_COMPLEX"},
		"first: 1000000":        {"{ claims(first: 1000000) { totalCount } }", "BAD_USER_INPUT"},
		"nodes with 1,000 ids":  {manyNodes, "BAD_USER_INPUT"},
		"100 nodes × 100 items": {costlyNodes, "QUERY_TOO_COMPLEX"},
		"a cost of 1,000,000":   {"{ claims(first: 100) { edges { node { evidence(first: 100) { edges { node { revisions { id } statement { claims(first: 100) { totalCount } } } } } } } } }", "QUERY_TOO_COMPLEX"},
	}
}

func TestHostileQueriesAreRefused(t *testing.T) {
	env := apitest.New(t)
	env.Seed()
	for name, h := range hostileQueries() {
		t.Run(name, func(t *testing.T) {
			r := env.Anonymous().Do(h.query, nil)
			if r.Code() != h.code {
				t.Fatalf("want %s, got %q: %+v", h.code, r.Code(), r.Errors)
			}
			if len(r.Data) > 0 && string(r.Data) != "null" {
				t.Errorf("a refused query returned data: %s", r.Data)
			}
		})
	}
}

func post(t *testing.T, url, contentType string, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	res, b := send(t, req)
	return res.StatusCode, b
}

// get sends a GET request to url and returns its response and body.
func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	return send(t, req)
}

// send sends req and returns its response, with the body read and closed.
func send(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestOversizedAndBatchedRequests(t *testing.T) {
	env := apitest.New(t)
	big, _ := json.Marshal(map[string]any{"query": "{ claims { totalCount } }", "variables": map[string]any{"pad": strings.Repeat("x", 2<<20)}})
	if status, body := post(t, env.URL+"/graphql", "application/json", big); status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "PAYLOAD_TOO_LARGE") {
		t.Errorf("a 2 MB body: %d %s", status, body)
	}
	var batch []map[string]any
	for range 100 {
		batch = append(batch, map[string]any{"query": "{ claims { totalCount } }"})
	}
	b, _ := json.Marshal(batch)
	if status, body := post(t, env.URL+"/graphql", "application/json", b); status != http.StatusBadRequest || !strings.Contains(body, "BAD_REQUEST") ||
		!strings.Contains(body, "batched operations are not supported") || strings.Contains(body, "totalCount") {
		t.Errorf("a batch of 100 operations: %d %.300s", status, body)
	}
}

// A body that is not one GraphQL request gets a 400 that says what is wrong
// with it and never quotes it back.
func TestUnusableBodies(t *testing.T) {
	env := apitest.New(t)
	secret := strings.Repeat("s3cret", 1000)
	for _, c := range []struct{ body, want string }{
		{``, "the request body is empty"},
		{`{"query": "{ __typename }", "variables": {"x": "` + secret, "ends in the middle of its JSON"},
		{`query=` + secret, "the request body is not JSON"},
		{`"` + secret + `"`, "must be a JSON object with a query, not a JSON string"},
		{`{"query": 5, "pad": "` + secret + `"}`, "query must not be a JSON number"},
	} {
		status, body := post(t, env.URL+"/graphql", "application/json", []byte(c.body))
		if status != http.StatusBadRequest || !strings.Contains(body, "BAD_REQUEST") || !strings.Contains(body, c.want) ||
			strings.Contains(body, "s3cret") || strings.Contains(body, "RawParams") {
			t.Errorf("body %.40q: %d %.300s, want 400 saying %q", c.body, status, body, c.want)
		}
	}
}

// A request no transport serves says what is served, with a code: another
// method gets 405 and Allow, a POST body of another type 415.
func TestUnsupportedRequests(t *testing.T) {
	env := apitest.New(t)
	for _, c := range []struct {
		method, contentType string
		status              int
		want, allow         string
	}{
		{http.MethodPut, "application/json", http.StatusMethodNotAllowed, "PUT is not served here: read with GET or POST, write with POST", "GET, POST"},
		{http.MethodDelete, "", http.StatusMethodNotAllowed, "DELETE is not served here", "GET, POST"},
		{http.MethodPost, "text/plain", http.StatusUnsupportedMediaType, "send the operation as application/json, or as multipart/form-data to upload files", ""},
		{http.MethodPost, "", http.StatusUnsupportedMediaType, "send the operation as application/json", ""},
	} {
		req, _ := http.NewRequest(c.method, env.URL+"/graphql", strings.NewReader(`{"query": "mutation { createActor(input: {name: \"X\", kind: PERSON}) { id } }"}`))
		if c.contentType != "" {
			req.Header.Set("Content-Type", c.contentType)
		}
		res, b := send(t, req)
		if res.StatusCode != c.status || res.Header.Get("Allow") != c.allow ||
			!strings.Contains(b, c.want) || !strings.Contains(b, `"code":"BAD_REQUEST"`) {
			t.Errorf("%s %q: %d Allow %q %s, want %d Allow %q saying %q", c.method, c.contentType, res.StatusCode, res.Header.Get("Allow"), b, c.status, c.allow, c.want)
		}
	}
}

// The limits hold on the websocket too: the same hostile queries, and a
// subscription of many aliases, are refused there with the same codes, and
// the socket goes on serving.
func TestHostileOperationsOverWebsocket(t *testing.T) {
	env := apitest.New(t)
	ctx, sock := env.Socket(apitest.DialOptions{})
	var aliases strings.Builder
	aliases.WriteString("subscription { claimsFeed {")
	for i := range 60 {
		fmt.Fprintf(&aliases, " a%d: id", i)
	}
	aliases.WriteString(" } }")
	ops := hostileQueries()
	ops["a subscription of 60 aliases"] = struct{ query, code string }{aliases.String(), "QUERY_TOO_COMPLEX"}
	for name, c := range ops {
		sub, err := sock.Subscribe(ctx, c.query, nil)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case errs := <-sub.Errors:
			if len(errs) == 0 || errs[0].Extensions["code"] != c.code {
				t.Errorf("%s: errors %+v, want %s", name, errs, c.code)
			}
		case data := <-sub.Next:
			t.Errorf("%s: answered %.200s, want %s", name, data, c.code)
		case <-ctx.Done():
			t.Fatalf("%s: no answer", name)
		}
	}
	sub, err := sock.Subscribe(ctx, `{ __typename }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if data, err := apitest.Within(5*time.Second, sub); err != nil || string(data) != `{"__typename":"Query"}` {
		t.Errorf("a normal query after them: %s %v", data, err)
	}
}

// A websocket message is bounded as a request body is (MAX_BODY_BYTES, 64
// KiB here): a larger one closes the connection with 1009, message too big.
func TestOversizedWebsocketMessage(t *testing.T) {
	env := apitest.New(t, func(c *server.Config) { c.MaxBodyBytes = 64 << 10 })
	ctx, sock := env.Socket(apitest.DialOptions{})
	_, _ = sock.Subscribe(ctx, `query($x: String!) { __typename t: __type(name: $x) { name } }`, map[string]any{"x": strings.Repeat("a", 65<<10)})
	select {
	case <-sock.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the connection is still open after an oversized message")
	}
	if got := sock.CloseStatus(); got != websocket.StatusMessageTooBig {
		t.Errorf("close status = %v, want %v", got, websocket.StatusMessageTooBig)
	}
	// A message under the limit is served.
	_, sock = env.Socket(apitest.DialOptions{})
	sub, err := sock.Subscribe(ctx, `query($x: String!) { __typename t: __type(name: $x) { name } }`, map[string]any{"x": strings.Repeat("a", 60<<10)})
	if err != nil {
		t.Fatal(err)
	}
	if data, err := apitest.Within(5*time.Second, sub); err != nil || string(data) != `{"__typename":"Query","t":null}` {
		t.Errorf("a 60 KiB message: %s %v", data, err)
	}
}

// A document of several operations runs the one operationName names; when
// it names none, or one the document does not hold, the error says which
// the document holds (gqlgen said "operation  not found"), for POST and GET.
func TestOperationName(t *testing.T) {
	env := apitest.New(t)
	doc := `query A { __typename } query B { viewer { user { id } } }`
	var many string
	for i := range 12 {
		many += fmt.Sprintf("query Q%d { __typename } ", i)
	}
	for _, c := range []struct {
		query, name, want string
		status            int
	}{
		{doc, "A", `{"data":{"__typename":"Query"}}`, http.StatusOK},
		{doc, "", `say which operation to run in operationName: it holds 2 operations: A, B`, http.StatusUnprocessableEntity},
		{doc, "C", `operationName \"C\" is not in the document; it holds 2 operations: A, B`, http.StatusUnprocessableEntity},
		{`query A { __typename }`, "C", `operationName \"C\" is not in the document; its only operation is A`, http.StatusUnprocessableEntity},
		{`{ __typename }`, "C", `its only operation has no name: leave operationName out`, http.StatusUnprocessableEntity},
		{many, "", `it holds 12 operations: Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9 and 2 more`, http.StatusUnprocessableEntity},
	} {
		body, _ := json.Marshal(map[string]string{"query": c.query, "operationName": c.name})
		status, got := post(t, env.URL+"/graphql", "application/json", body)
		res, b := get(t, env.URL+"/graphql?"+url.Values{"query": {c.query}, "operationName": {c.name}}.Encode())
		for _, r := range []struct {
			method string
			status int
			body   string
		}{{"POST", status, got}, {"GET", res.StatusCode, b}} {
			if r.status != c.status || !strings.Contains(r.body, c.want) {
				t.Errorf("%s %q with operationName %q: %d %s, want %d saying %s", r.method, c.query, c.name, r.status, r.body, c.status, c.want)
			}
			if c.status != http.StatusOK && !strings.Contains(r.body, `"extensions":{"code":"GRAPHQL_VALIDATION_FAILED","field":"operationName"}`) {
				t.Errorf("%s %q with operationName %q: %s, want code GRAPHQL_VALIDATION_FAILED naming operationName", r.method, c.query, c.name, r.body)
			}
		}
	}
}

// A variable that is missing or of the wrong type is named in the error's
// message and extensions.field, not only in its path.
func TestVariableErrorsNameTheVariable(t *testing.T) {
	env := apitest.New(t)
	for _, c := range []struct{ vars, want string }{
		{`{}`, `"message":"$n: must be defined","path":["variable","n"],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED","field":"$n"}`},
		{`{"n": "x"}`, `"message":"$n: cannot use string as Int","path":["variable","n"],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED","field":"$n"}`},
		{`{"n": 1.5}`, `"message":"$n: must be a whole number","path":["variable","n"],"extensions":{"code":"GRAPHQL_VALIDATION_FAILED","field":"$n"}`},
	} {
		body := `{"query": "query($n: Int!) { claims(first: $n) { totalCount } }", "variables": ` + c.vars + `}`
		status, got := post(t, env.URL+"/graphql", "application/json", []byte(body))
		if status != http.StatusUnprocessableEntity || !strings.Contains(got, c.want) {
			t.Errorf("variables %s: %d %s, want 422 with %s", c.vars, status, got, c.want)
		}
	}
}

// A GET request that is not a readable query gets an error with a code
// that says what is wrong, and a mutation sent with GET writes nothing.
func TestUnusableGETRequests(t *testing.T) {
	env := apitest.New(t)
	q := url.QueryEscape(`{ claims { totalCount } }`)
	for _, c := range []struct {
		query, want string
		status      int
	}{
		{"query=" + q + "&variables=" + url.QueryEscape(`{bad`), "variables in the address is not JSON", http.StatusBadRequest},
		{"query=" + q + "&variables=" + url.QueryEscape(`[1]`), "variables in the address is a JSON array; it must be a JSON object", http.StatusBadRequest},
		{"query=" + q + "&extensions=" + url.QueryEscape(`"x"`), "extensions in the address is a JSON string", http.StatusBadRequest},
		{"query=%zz", "the address's query string is malformed", http.StatusBadRequest},
	} {
		res, b := get(t, env.URL+"/graphql?"+c.query)
		if res.StatusCode != c.status || !strings.Contains(b, c.want) || !strings.Contains(b, `"code":"BAD_REQUEST"`) {
			t.Errorf("GET ?%s: %d %s, want %d saying %q", c.query, res.StatusCode, b, c.status, c.want)
		}
	}

	journalist := env.NewUser(auth.Journalist)
	req, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?query="+url.QueryEscape(`mutation { createActor(input: {name: "Por GET", kind: PERSON}) { id } }`), nil)
	req.AddCookie(&http.Cookie{Name: session.CookieName, Value: journalist.Cookie})
	res, b := send(t, req)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != http.MethodPost || !strings.Contains(b, "must be sent with POST") {
		t.Errorf("a mutation sent with GET: %d Allow %q %s", res.StatusCode, res.Header.Get("Allow"), b)
	}
	if n := env.Client.Actor.Query().Where(actor.Name("Por GET")).CountX(env.Sys()); n != 0 {
		t.Errorf("a mutation sent with GET created %d actors", n)
	}
}

// The response is the executor's own JSON, negotiated as gqlgen does:
// application/json unless the client prefers application/graphql-response+json,
// whose documents that do not validate get a 400 instead of a 422.
func TestResponseMediaTypes(t *testing.T) {
	env := apitest.New(t)
	for _, c := range []struct {
		accept, query, wantType string
		wantStatus              int
	}{
		{"", `{ __typename }`, "application/json", http.StatusOK},
		{"*/*", `{ nope }`, "application/json", http.StatusUnprocessableEntity},
		{"application/graphql-response+json, application/json", `{ nope }`, "application/graphql-response+json", http.StatusBadRequest},
		{"application/json, application/graphql-response+json", `{ nope }`, "application/json", http.StatusUnprocessableEntity},
		{"application/graphql-response+json", `{ __typename }`, "application/graphql-response+json", http.StatusOK},
	} {
		body, _ := json.Marshal(map[string]string{"query": c.query})
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if c.accept != "" {
			req.Header.Set("Accept", c.accept)
		}
		res, b := send(t, req)
		var out struct {
			Data   json.RawMessage
			Errors []struct{ Extensions map[string]any }
		}
		if err := json.Unmarshal([]byte(b), &out); err != nil {
			t.Fatalf("Accept %q: not JSON: %s", c.accept, b)
		}
		if res.StatusCode != c.wantStatus || res.Header.Get("Content-Type") != c.wantType {
			t.Errorf("Accept %q, %s: %d %s, want %d %s", c.accept, c.query, res.StatusCode, res.Header.Get("Content-Type"), c.wantStatus, c.wantType)
		}
		if c.wantStatus == http.StatusOK && string(out.Data) != `{"__typename":"Query"}` {
			t.Errorf("Accept %q: data %s", c.accept, out.Data)
		}
	}
}

// Hostile queries do not slow a normal request running at the same time.
func TestHostileQueriesDoNotDisturbOthers(t *testing.T) {
	env := apitest.New(t)
	env.Seed()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for _, h := range hostileQueries() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					env.Anonymous().Do(h.query, nil)
				}
			}
		}()
	}
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for range 20 {
		start := time.Now()
		var got struct{ Claims struct{ TotalCount int } }
		env.Anonymous().MustDo(`{ claims(first: 5) { totalCount } }`, nil, &got)
		if got.Claims.TotalCount != 1 {
			t.Fatalf("a normal request under hostile load: %+v", got)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("a normal request took %s under hostile load", d)
		}
	}
}
