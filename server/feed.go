package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/veredicto/veredicto/ent/privacy"
)

// feedPageSize is how many reviews one page of the feed carries.
const feedPageSize = 50

// serveClaimReviewFeed answers GET /feeds/claimreview.json[?page=N]: a
// schema.org DataFeed of every published review, newest first, 50 a page,
// with a Link header to the next page. Public, cacheable, CORS-open.
func (s *Server) serveClaimReviewFeed(w http.ResponseWriter, r *http.Request) {
	page := 0
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100000 {
			http.Error(w, "page must be a number from 0", http.StatusBadRequest)
			return
		}
		page = n
	}
	ctx := privacy.DecisionContext(r.Context(), privacy.Allow)
	feed, more, err := s.reviews.FeedPage(ctx, page, feedPageSize)
	if err != nil {
		slog.ErrorContext(ctx, "building the ClaimReview feed failed", "err", err)
		http.Error(w, "the feed cannot be built right now", http.StatusServiceUnavailable)
		return
	}
	body, err := json.Marshal(feed)
	if err != nil {
		http.Error(w, "the feed cannot be built right now", http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Content-Type", "application/ld+json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300, stale-while-revalidate=3600")
	h.Set("ETag", etag)
	if more {
		h.Set("Link", fmt.Sprintf(`<%s/feeds/claimreview.json?page=%d>; rel="next"`, s.cfg.PublicURL, page+1))
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(body)
}
