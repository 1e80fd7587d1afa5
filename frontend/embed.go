// Package frontend serves Veredicto's web app: the Vite build in dist/,
// embedded in the Go binary. Build it first (npm ci && npm run build, as
// `make run` does); a binary built without it serves a placeholder page that
// says so, and `go build`/`go test` work either way.
package frontend

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// dist holds the Vite build (only .gitkeep until it is built); placeholder
// holds the page served instead when there is no build.
//
//go:embed all:dist placeholder
var embedded embed.FS

// Cache policies: Vite puts a content hash in every file name under
// /assets/, so those never change; index.html and the other files at the
// root keep their names across builds and are revalidated (by ETag) on every
// use, so a deploy takes effect at once.
const (
	cacheImmutable   = "public, max-age=31536000, immutable"
	cacheRevalidate  = "no-cache"
	cacheNotFound    = "no-store"
	assetsPrefix     = "/assets/"
	indexFile        = "index.html"
	minGzipSize      = 1024
	contentSecPolicy = ContentSecurityPolicy
)

// ContentSecurityPolicy is the web app's CSP; pages the server renders
// around the app (claim and actor pages) send the same.
const (
	ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
		"font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

// Handler serves the web app: files of the build by path, index.html for
// every other path that is not a file (client-side routes such as
// /claims/123), and 404 for a missing asset. Only GET and HEAD are allowed.
// Mount it at "/" beside the API routes: mux.Handle("/", frontend.Handler()).
// The files are read and compressed once per process, however many servers
// (tests) ask for the handler.
func Handler() http.Handler {
	return embeddedHandler()
}

var embeddedHandler = sync.OnceValue(func() http.Handler { return NewHandler(Files()) })

// Files is the web app's file tree: the build when there is one, else the
// placeholder page.
func Files() fs.FS {
	dist, err := fs.Sub(embedded, "dist")
	if err == nil {
		if _, err := fs.Stat(dist, indexFile); err == nil {
			return dist
		}
	}
	placeholder, err := fs.Sub(embedded, "placeholder")
	if err != nil {
		panic(err) // embedded at compile time: cannot happen
	}
	return placeholder
}

// Built tells whether the binary embeds a build of the web app rather than
// the placeholder.
func Built() bool {
	_, err := fs.Stat(embedded, "dist/"+indexFile)
	return err == nil
}

// file is one file of the app, read once at start-up, with its ETag and,
// when it pays, a gzip-compressed copy.
type file struct {
	name    string
	body    []byte
	gz      []byte
	etag    string
	ctype   string
	hashed  bool // under /assets/: its name changes when its content does
	modTime time.Time
}

type handler struct {
	files map[string]*file // by URL path, "/index.html"
	index *file
}

// NewHandler serves fsys as a single-page app (see Handler). It reads every
// file into memory: a Vite build is small.
func NewHandler(fsys fs.FS) http.Handler {
	h := &handler{files: map[string]*file{}}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.HasPrefix(path.Base(p), ".") {
			return nil // .gitkeep and the like are not part of the app
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		urlPath := "/" + p
		f := &file{
			name:   urlPath,
			body:   body,
			ctype:  contentType(p),
			hashed: strings.HasPrefix(urlPath, assetsPrefix),
		}
		sum := sha256.Sum256(body)
		f.etag = `"` + hex.EncodeToString(sum[:16]) + `"`
		if compressible(f.ctype) && len(body) >= minGzipSize {
			if gz := gzipBytes(body); len(gz) < len(body) {
				f.gz = gz
			}
		}
		h.files[urlPath] = f
		return nil
	})
	h.index = h.files["/"+indexFile]
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = path.Clean(p)
	if f, ok := h.files[p]; ok && f != h.index {
		h.serve(w, r, f)
		return
	}
	if p != "/"+indexFile && (strings.HasPrefix(p+"/", assetsPrefix) || looksLikeFile(p)) || h.index == nil {
		w.Header().Set("Cache-Control", cacheNotFound)
		http.NotFound(w, r)
		return
	}
	if isAppRoute(p) {
		h.serve(w, r, h.index)
		return
	}
	// Not a route of the app: its shell all the same, so the app can say
	// "not found" in the reader's language, but with the status that says so
	// to crawlers, caches and API clients (GET /graphiql in production).
	h.serveStatus(w, r, h.index, http.StatusNotFound)
}

// appRoutes are the prefixes of the web app's client-side routes, and
// appPages its routes of one exact path (see src/App.tsx; a test keeps them
// in step). They, "/" and "/index.html" get the app's shell with 200; any
// other path that is not a file gets it with 404.
var (
	appRoutes = []string{"/claims/", "/actors/", "/account/", "/editor/", "/admin/"}
	appPages  = []string{"/search"}
)

func isAppRoute(p string) bool {
	if p == "/" || p == "/"+indexFile || slices.Contains(appPages, p) {
		return true
	}
	for _, prefix := range appRoutes {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) {
			return true
		}
	}
	return false
}

// headers sets what every response of a file carries, and picks its body:
// the gzipped copy when there is one and the client accepts it.
func (h *handler) headers(w http.ResponseWriter, r *http.Request, f *file) []byte {
	hdr := w.Header()
	hdr.Set("Content-Type", f.ctype)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(f.ctype, "text/html") {
		hdr.Set("Content-Security-Policy", contentSecPolicy)
		hdr.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	}
	if f.gz == nil {
		return f.body
	}
	hdr.Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r) {
		return f.body
	}
	hdr.Set("Content-Encoding", "gzip")
	return f.gz
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request, f *file) {
	body := h.headers(w, r, f)
	hdr := w.Header()
	if f.hashed {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheRevalidate)
	}
	etag := f.etag
	if hdr.Get("Content-Encoding") == "gzip" {
		// The ETag names the representation: the gzipped one differs.
		etag = strings.TrimSuffix(f.etag, `"`) + `-gz"`
		r.Header.Del("Range") // ranges of the encoded body are not worth the confusion
	}
	hdr.Set("ETag", etag)
	http.ServeContent(w, r, f.name, f.modTime, bytes.NewReader(body))
}

// serveStatus sends f with a status other than 200, uncached.
func (h *handler) serveStatus(w http.ResponseWriter, r *http.Request, f *file, status int) {
	body := h.headers(w, r, f)
	w.Header().Set("Cache-Control", cacheNotFound)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// looksLikeFile tells a request for a file (/favicon.ico, /robots.txt) from
// a client-side route: a missing file is a 404, not the app's shell.
func looksLikeFile(p string) bool {
	base := path.Base(p)
	if strings.HasPrefix(base, ".") {
		return true // dotfiles are never served
	}
	ext := path.Ext(base)
	if ext == "" {
		return false
	}
	switch strings.ToLower(ext) {
	case ".js", ".mjs", ".css", ".map", ".json", ".webmanifest", ".txt", ".xml", ".html",
		".ico", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif",
		".woff", ".woff2", ".ttf", ".otf", ".wasm", ".pdf":
		return true
	}
	return false
}

func contentType(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(p)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") ||
		strings.HasPrefix(ctype, "application/manifest+json") || strings.HasPrefix(ctype, "image/svg+xml")
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// acceptsGzip reads Accept-Encoding, honouring an explicit gzip;q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
