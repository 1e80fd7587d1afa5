package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/veredicto/veredicto/claimreview"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/ent/review"
	"github.com/veredicto/veredicto/frontend"
)

// Pages the server renders the <head> of, so link previews and crawlers
// see the claim (title, description, Open Graph, ClaimReview JSON-LD,
// oEmbed discovery) without running JavaScript. The body keeps the app's
// root element, pre-filled with the claim as plain text, which the app
// replaces when it starts.

// shell is the app's index.html split where the server inserts content.
type shell struct {
	head, beforeRoot, afterRoot string
}

var (
	shellOnce sync.Once
	appShell  shell
)

// loadShell reads index.html from the embedded build (or the placeholder)
// once, dropping its generic <title> and description.
func loadShell() shell {
	shellOnce.Do(func() {
		b, err := fs.ReadFile(frontend.Files(), "index.html")
		if err != nil {
			b = []byte(`<!doctype html><html><head><meta charset="utf-8"></head><body><div id="root"></div></body></html>`)
		}
		html := string(b)
		html = cutElement(html, "<title>", "</title>")
		html = cutElement(html, `<meta name="description"`, ">")
		head, rest, _ := strings.Cut(html, "</head>")
		before, after, found := strings.Cut(rest, `<div id="root"></div>`)
		if !found {
			before, after = rest, ""
		}
		appShell = shell{head: head, beforeRoot: "</head>" + before + `<div id="root">`, afterRoot: "</div>" + after}
	})
	return appShell
}

// cutElement removes the first element starting with open up to close.
func cutElement(s, open, close string) string {
	i := strings.Index(s, open)
	if i < 0 {
		return s
	}
	j := strings.Index(s[i:], close)
	if j < 0 {
		return s
	}
	return s[:i] + s[i+j+len(close):]
}

var pageTemplate = template.Must(template.New("page").Parse(`
<title>{{.Title}}</title>
<meta name="description" content="{{.Description}}">
<link rel="canonical" href="{{.URL}}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Veredicto">
<meta property="og:title" content="{{.Title}}">
<meta property="og:description" content="{{.Description}}">
<meta property="og:url" content="{{.URL}}">
<meta property="og:locale" content="{{.Locale}}">
<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="{{.Title}}">
<meta name="twitter:description" content="{{.Description}}">
{{if .OEmbed}}<link rel="alternate" type="application/json+oembed" href="{{.OEmbed}}" title="{{.Title}}">
{{end}}{{if .JSONLD}}<script type="application/ld+json">{{.JSONLD}}</script>
{{end}}`))

var bodyTemplate = template.Must(template.New("body").Parse(`<article lang="{{.Lang}}">
<h1>{{.Heading}}</h1>
{{range .Lines}}<p>{{.}}</p>
{{end}}</article>`))

// page is what a server-rendered page shows.
type page struct {
	Title, Description, URL, Locale, OEmbed, Lang, Heading string
	JSONLD                                                 template.JS
	Lines                                                  []string
}

func (s *Server) serveClaimPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		s.serveNotFoundPage(w, r)
		return
	}
	ctx := privacy.DecisionContext(r.Context(), privacy.Allow)
	c, err := s.client.Claim.Query().
		Where(claim.ID(id)).
		WithClaimant().
		WithAbout().
		WithReviews(func(q *ent.ReviewQuery) { q.Where(review.PublishedAtNotNil()) }).
		Only(ctx)
	if ent.IsNotFound(err) {
		s.serveNotFoundPage(w, r)
		return
	}
	if err != nil {
		slog.ErrorContext(ctx, "rendering a claim page failed", "err", err, "claim", id)
		http.Error(w, "this page cannot be shown right now", http.StatusServiceUnavailable)
		return
	}
	p, err := s.claimPage(ctx, c)
	if err != nil {
		slog.ErrorContext(ctx, "rendering a claim page failed", "err", err, "claim", id)
		http.Error(w, "this page cannot be shown right now", http.StatusServiceUnavailable)
		return
	}
	s.writePage(w, r, p, http.StatusOK)
}

func (s *Server) claimPage(ctx context.Context, c *ent.Claim) (page, error) {
	claimURL := s.reviews.ClaimURL(c.ID)
	name := ""
	if c.Edges.Claimant != nil {
		name = c.Edges.Claimant.Name
	}
	p := page{
		Title:       truncate(c.Text, 70) + " · Veredicto",
		Description: truncate(name+": «"+c.Text+"»", 200),
		URL:         claimURL,
		Locale:      map[string]string{"es": "es_ES", "en": "en_GB"}[c.Lang],
		OEmbed:      s.cfg.PublicURL + "/oembed?format=json&url=" + url.QueryEscape(claimURL),
		Lang:        c.Lang,
		Heading:     c.Text,
		Lines:       []string{name},
	}
	// The ClaimReview once an editor published one; until then the Claim.
	var doc map[string]any
	if len(c.Edges.Reviews) == 0 {
		doc = s.reviews.ClaimDocument(c)
	} else {
		rv := c.Edges.Reviews[0]
		var err error
		if doc, err = s.reviews.Document(ctx, rv); err != nil {
			return page{}, err
		}
		if rating, err := claimreview.Find(claimreview.Scale(rv.Scale), rv.Rating); err == nil {
			p.Lines = append(p.Lines, rating.Label(rv.Lang)+": "+rv.Summary)
		}
	}
	js, err := claimreview.ScriptJSON(doc)
	if err != nil {
		return page{}, err
	}
	p.JSONLD = template.JS(js)
	return p, nil
}

func (s *Server) serveActorPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		s.serveNotFoundPage(w, r)
		return
	}
	ctx := privacy.DecisionContext(r.Context(), privacy.Allow)
	a, err := s.client.Actor.Get(ctx, id)
	if ent.IsNotFound(err) {
		s.serveNotFoundPage(w, r)
		return
	}
	if err != nil {
		slog.ErrorContext(ctx, "rendering an actor page failed", "err", err, "actor", id)
		http.Error(w, "this page cannot be shown right now", http.StatusServiceUnavailable)
		return
	}
	desc := a.Name
	if a.Description != nil {
		desc = *a.Description
	}
	s.writePage(w, r, page{
		Title:       a.Name + " · Veredicto",
		Description: truncate(desc, 200),
		URL:         s.cfg.PublicURL + "/actors/" + strconv.Itoa(a.ID),
		Locale:      "es_ES",
		Heading:     a.Name,
		Lines:       []string{desc},
	}, http.StatusOK)
}

// serveNotFoundPage answers an unknown claim or actor with the app (which
// shows its own not-found screen) and a 404 status.
func (s *Server) serveNotFoundPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Robots-Tag", "noindex")
	s.writePage(w, r, page{Title: "Veredicto", Description: "Veredicto", URL: s.cfg.PublicURL + r.URL.Path, Locale: "es_ES"}, http.StatusNotFound)
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, p page, status int) {
	sh := loadShell()
	var b bytes.Buffer
	b.WriteString(sh.head)
	if err := pageTemplate.Execute(&b, p); err != nil {
		http.Error(w, "this page cannot be shown right now", http.StatusInternalServerError)
		return
	}
	b.WriteString(sh.beforeRoot)
	if p.Heading != "" {
		if err := bodyTemplate.Execute(&b, p); err != nil {
			http.Error(w, "this page cannot be shown right now", http.StatusInternalServerError)
			return
		}
	}
	b.WriteString(sh.afterRoot)
	sum := sha256.Sum256(b.Bytes())
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Content-Security-Policy", frontend.ContentSecurityPolicy)
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", etag)
	if status == http.StatusOK && r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b.Bytes())
	}
}

// truncate shortens s to at most n characters, on a word boundary when one
// is near, with an ellipsis.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)*2/3 {
		cut = cut[:i]
	}
	return cut + "…"
}
