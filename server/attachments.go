package server

import (
	"bytes"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/privacy"
)

// serveAttachment sends an evidence attachment, if the viewer may see its
// evidence item. Uploaded files are hostile until proven otherwise: the
// type is the one sniffed at upload; nosniff stops the browser from
// guessing another; anything but an image is a download, never a page;
// and a sandboxing CSP stops stored HTML from running even if a browser
// renders it.
func (s *Server) serveAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ctx := r.Context()
	a, err := s.client.Attachment.Get(ctx, id) // the Attachment policy filters by visibility
	if ent.IsNotFound(err) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		slog.ErrorContext(ctx, "loading an attachment failed", "err", err, "attachment", id)
		http.Error(w, "cannot load the file now", http.StatusServiceUnavailable)
		return
	}
	h := w.Header()
	h.Set("ETag", `"`+a.Sha256+`"`)
	h.Set("Cache-Control", "private, max-age=3600")
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, a.Sha256) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	b, err := a.QueryBlob().Only(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		slog.ErrorContext(ctx, "loading an attachment's bytes failed", "err", err, "attachment", id)
		http.Error(w, "cannot load the file now", http.StatusServiceUnavailable)
		return
	}
	h.Set("Content-Type", a.Mime)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	disposition := "attachment"
	if strings.HasPrefix(a.Mime, "image/") {
		disposition = "inline"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": a.Filename}))
	http.ServeContent(w, r, "", a.CreatedAt, bytes.NewReader(b.Data))
}
