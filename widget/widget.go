// Package widget serves Veredicto's embeddable verdict widgets: public,
// read-only, cacheable and credential-free.
//
//   - GET /api/widget/claims/{id}: the widget's data as JSON (type Data),
//     CORS "*" without credentials, ETag and 304, served from an
//     in-process cache so repeated views cost no database query.
//   - GET /embed/claims/{id}: the iframe page, rendered with html/template,
//     CSS and one hash-pinned script inline, no cookies, no third-party
//     requests; it posts its height to the parent and polls the JSON with
//     backoff to stay current.
//   - GET /widget.js: the loader that turns each
//     <blockquote data-veredicto-claim="ID"> (or div, or
//     <veredicto-claim claim="ID">) into a sandboxed cross-origin iframe
//     and sizes it from the iframe's height messages.
//   - GET /oembed: oEmbed 1.0 (type "rich"; html is the same iframe).
//
// Follow DESIGN.md, "The widget: how the best embeds do it": the iframe is
// the security boundary; the host page gets no script of ours but the
// loader, and the loader never inserts HTML.
package widget

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rs/cors"

	"github.com/veredicto/veredicto/ent"
)

// Config configures the widget.
type Config struct {
	// PublicURL is where users reach Veredicto (https://veredicto.example):
	// claim links, iframe URLs and oEmbed answers are built on it, and
	// oEmbed accepts only claim pages under it.
	PublicURL string
	// CacheTTL bounds how long a claim's cached responses live when no
	// Invalidate drops them first (default 10 minutes). Every change to
	// what a widget shows publishes an event that invalidates it (package
	// changes; a reconnected listener clears everything), so the TTL is a
	// backstop, and a long one keeps reloads rare.
	CacheTTL time.Duration
	// MaxEntries bounds the claims cached (default 10000).
	MaxEntries int
}

// Cache-Control values.
const (
	ccLive   = "public, max-age=60, stale-while-revalidate=600"
	ccLoader = "public, max-age=3600, stale-while-revalidate=86400"
	ccOEmbed = "public, max-age=3600, stale-while-revalidate=86400"
	ccError  = "public, max-age=30"
)

// oEmbedCacheAge is the cache_age an oEmbed answer suggests: its html is
// the iframe, which updates itself.
const oEmbedCacheAge = 86400

// Widget serves the widget routes.
type Widget struct {
	client *ent.Client
	cfg    Config
	base   string // PublicURL without a trailing slash
	origin string // scheme://host of PublicURL
	cache  *cache
	cors   *cors.Cors
	loader *asset
	csp    string
}

// New returns the widget over client.
func New(client *ent.Client, cfg Config) *Widget {
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = 10 * time.Minute
	}
	if cfg.MaxEntries <= 0 {
		cfg.MaxEntries = 10000
	}
	w := &Widget{client: client, cfg: cfg, base: strings.TrimSuffix(cfg.PublicURL, "/")}
	if u, err := url.Parse(w.base); err == nil && u.Host != "" {
		w.origin = u.Scheme + "://" + u.Host
	}
	w.cache = newCache(cfg.MaxEntries, cfg.CacheTTL, w.loadEntry)
	w.cors = cors.New(cors.Options{
		AllowedOrigins:   []string{"*"},
		AllowedMethods:   []string{http.MethodGet, http.MethodHead},
		AllowedHeaders:   []string{"If-None-Match"},
		AllowCredentials: false,
		MaxAge:           86400,
	})
	w.loader = newAsset(loaderJS(w.origin))
	w.csp = embedCSP()
	return w
}

// Register adds the widget's routes to mux. None of them reads or sets a
// cookie: mount them outside any session middleware.
func (w *Widget) Register(mux *http.ServeMux) {
	for pattern, h := range map[string]http.HandlerFunc{
		"/api/widget/claims/{id}": w.serveJSON,
		"/widget.js":              w.serveLoader,
		"/oembed":                 w.serveOEmbed,
	} {
		mux.Handle("GET "+pattern, w.cors.Handler(h))
		// CORS preflights (a script sending If-None-Match itself).
		mux.Handle("OPTIONS "+pattern, w.cors.Handler(http.HandlerFunc(onlyGET)))
	}
	mux.Handle("GET /embed/claims/{id}", http.HandlerFunc(w.serveEmbed))
}

// onlyGET answers an OPTIONS request that is no CORS preflight.
func onlyGET(rw http.ResponseWriter, _ *http.Request) {
	rw.Header().Set("Allow", "GET, HEAD, OPTIONS")
	rw.WriteHeader(http.StatusNoContent)
}

// Handler returns a handler with only the widget's routes.
func (w *Widget) Handler() http.Handler {
	mux := http.NewServeMux()
	w.Register(mux)
	return mux
}

// Invalidate drops the claim's cached responses (call it when anything
// a widget shows changed: the claim, its statement or claimant, evidence,
// verdicts, consensus, review). A load in flight is not cached either.
func (w *Widget) Invalidate(claimID int) { w.cache.invalidate(claimID) }

// InvalidateAll drops every cached claim: after the change notifications
// were interrupted (a Resync), when changes may have been missed.
func (w *Widget) InvalidateAll() { w.cache.clear() }

// Cached tells how many claims the cache holds.
func (w *Widget) Cached() int { return w.cache.len() }

// loadEntry reads a claim into a cache entry: the JSON body now, the
// iframe pages on first use.
func (w *Widget) loadEntry(ctx context.Context, id int) (*entry, error) {
	d, err := w.load(ctx, id)
	if errors.Is(err, errNotFound) {
		return &entry{}, nil
	}
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	return &entry{data: d, json: newAsset(body)}, nil
}

// claim resolves the {id} of a request to its cache entry, answering the
// request itself when there is none (bad id, unknown claim, error).
func (w *Widget) claim(rw http.ResponseWriter, r *http.Request, notFound func(http.ResponseWriter, *http.Request)) *entry {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		notFound(rw, r)
		return nil
	}
	e, err := w.cache.get(r.Context(), id)
	if err != nil {
		if r.Context().Err() == nil {
			slog.ErrorContext(r.Context(), "widget: loading a claim", "claim", id, "err", err)
		}
		plain(rw, http.StatusServiceUnavailable, "could not load the claim")
		return nil
	}
	if e.data == nil {
		notFound(rw, r)
		return nil
	}
	return e
}

func (w *Widget) serveJSON(rw http.ResponseWriter, r *http.Request) {
	e := w.claim(rw, r, jsonNotFound)
	if e == nil {
		return
	}
	serve(rw, r, e.json, ctJSON, ccLive, http.StatusOK)
}

var notFoundJSON = newAsset([]byte(`{"error":"NOT_FOUND","message":"no claim has this id"}`))

func jsonNotFound(rw http.ResponseWriter, r *http.Request) {
	serve(rw, r, notFoundJSON, ctJSON, ccError, http.StatusNotFound)
}

func (w *Widget) serveLoader(rw http.ResponseWriter, r *http.Request) {
	serve(rw, r, w.loader, ctJS, ccLoader, http.StatusOK)
}

// parseID accepts a positive decimal id.
func parseID(s string) (int, bool) {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.Atoi(s)
	return id, err == nil && id > 0
}

// Content types, as header values shared by every response (never
// appended to).
var (
	ctJSON = []string{"application/json; charset=utf-8"}
	ctJS   = []string{"text/javascript; charset=utf-8"}
	ctHTML = []string{"text/html; charset=utf-8"}
)

// asset is a response body with its gzipped form and ETag.
type asset struct {
	body, gz []byte
	etag     string
	etagH    []string
	lenH     []string
	gzLenH   []string
}

func newAsset(body []byte) *asset {
	sum := sha256.Sum256(body)
	a := &asset{body: body, etag: `W/"` + hex.EncodeToString(sum[:16]) + `"`, gz: gzipBytes(body)}
	a.etagH = []string{a.etag}
	a.lenH = []string{strconv.Itoa(len(a.body))}
	a.gzLenH = []string{strconv.Itoa(len(a.gz))}
	return a
}

var (
	varyAE    = "Accept-Encoding"
	nosniff   = []string{"nosniff"}
	gzipH     = []string{"gzip"}
	corpCross = []string{"cross-origin"}
	ccH       = map[string][]string{}
)

func init() {
	for _, v := range []string{ccLive, ccLoader, ccOEmbed, ccError} {
		ccH[v] = []string{v}
	}
}

// serve writes a, gzipped when the client accepts it, or 304 when the
// client's If-None-Match has its ETag. The ETag is weak: both encodings
// share it. Pages and scripts carry Cross-Origin-Resource-Policy so that
// hosts with Cross-Origin-Embedder-Policy can embed them; JSON, read with
// CORS, needs none. (Few headers on the hot path: past eight, the header
// map grows on every response.)
func serve(rw http.ResponseWriter, r *http.Request, a *asset, ctype []string, cc string, status int) {
	h := rw.Header()
	h["Content-Type"] = ctype
	h["Cache-Control"] = ccH[cc]
	h["Etag"] = a.etagH
	h["X-Content-Type-Options"] = nosniff
	if &ctype[0] != &ctJSON[0] {
		h["Cross-Origin-Resource-Policy"] = corpCross
	}
	h.Add("Vary", varyAE)
	if status == http.StatusOK && notModified(r, a.etag) {
		delete(h, "Content-Type")
		rw.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	h["Content-Length"] = a.lenH
	if acceptsGzip(r) {
		body = a.gz
		h["Content-Encoding"] = gzipH
		h["Content-Length"] = a.gzLenH
	}
	rw.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = rw.Write(body)
	}
}

// notModified reports whether If-None-Match matches etag (weak
// comparison, RFC 9110 13.1.2).
func notModified(r *http.Request, etag string) bool {
	inm := r.Header.Get("If-None-Match")
	if inm == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(inm, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding: gzip (or *) with a q above 0.
func acceptsGzip(r *http.Request) bool {
	ae := r.Header.Get("Accept-Encoding")
	if ae == "" {
		return false
	}
	for _, part := range strings.Split(ae, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if name != "gzip" && name != "*" {
			continue
		}
		q := strings.TrimSpace(params)
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f <= 0 {
				return false
			}
		}
		return true
	}
	return false
}

// hashSource is a CSP hash source for an inline element's exact text.
func hashSource(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
