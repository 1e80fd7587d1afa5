package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/veredicto/veredicto/auth"
)

// cacheReads makes GraphQL reads sent with GET cacheable, which is what GET
// is for (with automatic persisted queries the address stays short: the
// query's hash and the variables). Every successful GET answer gets an ETag,
// so a client that asks again with If-None-Match gets 304 and no body when
// nothing changed. An anonymous viewer's answer may be kept by any cache
// for maxAge; a signed-in viewer's only by their own browser, which must
// revalidate it; an answer with errors is never stored. POST requests and
// websocket upgrades pass through untouched.
func cacheReads(maxAge time.Duration, next http.Handler) http.Handler {
	public := "no-cache"
	if maxAge > 0 {
		public = fmt.Sprintf("public, max-age=%d", int(maxAge.Seconds()))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Upgrade") != "" {
			next.ServeHTTP(w, r)
			return
		}
		buf := &bufferedResponse{header: w.Header(), status: http.StatusOK}
		next.ServeHTTP(buf, r)
		h := w.Header()
		// The answer depends on who asks: caches must key it on the
		// credentials as well as the address.
		h.Add("Vary", "Cookie, Authorization")
		if buf.status != http.StatusOK || bytes.HasPrefix(buf.body.Bytes(), []byte(`{"errors"`)) {
			h.Set("Cache-Control", "no-store")
			buf.flush(w)
			return
		}
		etag := `"` + bodyHash(buf.body.Bytes()) + `"`
		h.Set("ETag", etag)
		if auth.FromContext(r.Context()) == nil {
			h.Set("Cache-Control", public)
		} else {
			h.Set("Cache-Control", "private, no-cache")
		}
		if etagMatches(r.Header.Get("If-None-Match"), etag) {
			h.Del("Content-Type")
			h.Del("Content-Length")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		buf.flush(w)
	})
}

// bodyHash names a response body in its ETag.
func bodyHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}

// etagMatches reports whether an If-None-Match header names etag (or is *).
// Weak comparison, as RFC 9110 asks for If-None-Match.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == etag || tag == "*" {
			return true
		}
	}
	return false
}

// bufferedResponse holds a response until its cache headers are known.
type bufferedResponse struct {
	header      http.Header
	status      int
	wroteHeader bool
	body        bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

// WriteHeader keeps the first status, as net/http does.
func (b *bufferedResponse) WriteHeader(status int) {
	if !b.wroteHeader {
		b.status, b.wroteHeader = status, true
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	b.wroteHeader = true
	return b.body.Write(p)
}

func (b *bufferedResponse) flush(w http.ResponseWriter) {
	w.WriteHeader(b.status)
	_, _ = w.Write(b.body.Bytes())
}
