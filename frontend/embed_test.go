package frontend

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

var bigJS = strings.Repeat("console.log('veredicto');\n", 200)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":              {Data: []byte(`<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>`)},
		"assets/index-abc123.js":  {Data: []byte(bigJS)},
		"assets/index-abc123.css": {Data: []byte("body{}")},
		"favicon.svg":             {Data: []byte("<svg/>")},
		".gitkeep":                {Data: nil},
	}
}

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestIndexIsRevalidated(t *testing.T) {
	h := NewHandler(testFS())
	for _, p := range []string{"/", "/index.html"} {
		res := get(t, h, http.MethodGet, p, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", p, res.StatusCode)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", p, got)
		}
		if got := res.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", p, got)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", p, csp)
		}
		if !strings.Contains(body(t, res), `<div id="root">`) {
			t.Errorf("GET %s: not the app's index.html", p)
		}
	}
}

func TestSPAFallback(t *testing.T) {
	h := NewHandler(testFS())
	for _, p := range []string{"/claims/8589934592", "/actors/4294967296", "/claims/../actors/1", "/claims/1?x=2", "/search", "/search?q=hackeo"} {
		res := get(t, h, http.MethodGet, p, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d, want 200", p, res.StatusCode)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", p, got)
		}
		if !strings.Contains(body(t, res), `<div id="root">`) {
			t.Errorf("GET %s: fallback is not index.html", p)
		}
	}
}

// Paths that are no route of the app get its shell (so it can say "not
// found" in the reader's language) with status 404, uncached: the API's
// absent routes, such as /graphiql in production, stay 404.
func TestUnknownPathsAre404WithTheShell(t *testing.T) {
	h := NewHandler(testFS())
	for _, p := range []string{"/no/such/route", "/graphiql", "/claims", "/claims/", "/actorsx/1", "/searchx", "/search/x"} {
		res := get(t, h, http.MethodGet, p, map[string]string{"Accept-Encoding": "gzip"})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, res.StatusCode)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", p, got)
		}
		if got := res.Header.Get("Content-Security-Policy"); got == "" {
			t.Errorf("GET %s: no Content-Security-Policy on the shell", p)
		}
		if !strings.Contains(body(t, res), `<div id="root">`) {
			t.Errorf("GET %s: not the app's shell", p)
		}
	}
	res := get(t, h, http.MethodHead, "/no/such/route", nil)
	if res.StatusCode != http.StatusNotFound || body(t, res) != "" {
		t.Errorf("HEAD /no/such/route: status %d", res.StatusCode)
	}
}

func TestHashedAssetsAreImmutable(t *testing.T) {
	h := NewHandler(testFS())
	res := get(t, h, http.MethodGet, "/assets/index-abc123.css", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := res.Header.Get("Content-Type"); got != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", got)
	}
	if got := body(t, res); got != "body{}" {
		t.Errorf("body %q", got)
	}
	// Files at the root keep their name across builds: revalidated.
	res = get(t, h, http.MethodGet, "/favicon.svg", nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("/favicon.svg: status %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func TestMissingAssetIs404(t *testing.T) {
	h := NewHandler(testFS())
	for _, p := range []string{"/assets/index-gone.js", "/assets/", "/assets", "/favicon.ico", "/robots.txt", "/.gitkeep", "/claims/1/app.js"} {
		res := get(t, h, http.MethodGet, p, nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", p, res.StatusCode)
		}
		if strings.Contains(body(t, res), `<div id="root">`) {
			t.Errorf("GET %s: served index.html for a missing file", p)
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", p, got)
		}
	}
}

func TestGzip(t *testing.T) {
	h := NewHandler(testFS())
	res := get(t, h, http.MethodGet, "/assets/index-abc123.js", map[string]string{"Accept-Encoding": "br, gzip"})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary %q", res.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	if string(plain) != bigJS {
		t.Error("gzipped body does not decode to the file")
	}
	for _, ae := range []string{"", "identity", "gzip;q=0", "br"} {
		res = get(t, h, http.MethodGet, "/assets/index-abc123.js", map[string]string{"Accept-Encoding": ae})
		if res.Header.Get("Content-Encoding") != "" || body(t, res) != bigJS {
			t.Errorf("Accept-Encoding %q: got an encoded body", ae)
		}
	}
}

func TestConditionalRequests(t *testing.T) {
	h := NewHandler(testFS())
	first := get(t, h, http.MethodGet, "/", nil)
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on index.html")
	}
	res := get(t, h, http.MethodGet, "/claims/1", map[string]string{"If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", res.StatusCode)
	}
}

func TestMethods(t *testing.T) {
	h := NewHandler(testFS())
	res := get(t, h, http.MethodHead, "/claims/1", nil)
	if res.StatusCode != http.StatusOK || body(t, res) != "" {
		t.Errorf("HEAD: status %d", res.StatusCode)
	}
	res = get(t, h, http.MethodPost, "/", nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: status %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
}

// The embedded tree serves an index.html whether or not the app was built:
// the build, or the placeholder that says to run make run.
func TestEmbeddedHandler(t *testing.T) {
	h := Handler()
	res := get(t, h, http.MethodGet, "/claims/1", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	b := body(t, res)
	if Built() {
		if !strings.Contains(b, `<div id="root">`) {
			t.Error("built, but index.html is not the app")
		}
	} else if !strings.Contains(b, "make run") {
		t.Error("not built, but the placeholder is not served")
	}
}

func TestPlaceholderWhenNotBuilt(t *testing.T) {
	h := NewHandler(mustSub(t, "placeholder"))
	res := get(t, h, http.MethodGet, "/", nil)
	if !bytes.Contains([]byte(body(t, res)), []byte("make run")) {
		t.Error("placeholder page does not say how to build the app")
	}
}

// The handler mounts at "/" beside the server's own patterns without a
// ServeMux conflict, and those keep their routes.
func TestMountsBesideAPIRoutes(t *testing.T) {
	mux := http.NewServeMux()
	api := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "api") })
	mux.Handle("/graphql", api)
	mux.Handle("GET /graphiql", api)
	mux.Handle("GET /healthz", api)
	mux.Handle("GET /readyz", api)
	mux.Handle("/", NewHandler(testFS()))
	for p, want := range map[string]string{"/graphql": "api", "/healthz": "api", "/claims/1": `<div id="root">`} {
		res := get(t, mux, http.MethodGet, p, nil)
		if b := body(t, res); !strings.Contains(b, want) {
			t.Errorf("GET %s: %q, want %q", p, b, want)
		}
	}
}

func mustSub(t *testing.T, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(embedded, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func TestHandlerIsBuiltOnce(t *testing.T) {
	if Handler() != Handler() {
		t.Error("Handler() reads and compresses the files again on every call")
	}
}
