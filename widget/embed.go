package widget

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"
)

//go:embed assets/embed.html assets/notfound.html assets/embed.css assets/embed.js assets/loader.js assets/snippet.html
var files embed.FS

// The iframe page's variants: ?lang= and ?theme= (auto follows
// prefers-color-scheme).
var (
	pageLangs = [...]string{"es", "en"}
	themes    = [...]string{"auto", "light", "dark"}
)

// compact drops indentation, blank lines and whole-line // comments, which
// is all the minifying the hand-written CSS and scripts need.
func compact(src string) string {
	var b strings.Builder
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

var (
	embedCSS = compact(mustRead("assets/embed.css"))
	embedJS  = compact(mustRead("assets/embed.js"))
	funcs    = template.FuncMap{
		"dateAttr": func(t *time.Time, p string) string { return dateAttr(*t, p) },
		"rfc3339":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"dateText": func(t time.Time, lang string) string { return formatDate(t, "EXACT", lang) },
	}
	pageTmpl     = parsePage("assets/embed.html")
	notFoundTmpl = parsePage("assets/notfound.html")
	snippetTmpl  = template.Must(template.New("snippet").Parse(strings.TrimSpace(mustRead("assets/snippet.html"))))
	frameTmpl    = template.Must(template.New("frame").Parse(
		`<iframe src="{{.Src}}" width="{{.Width}}" height="{{.Height}}" title="{{.Title}}" loading="lazy" ` +
			`sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" style="border:0;max-width:100%"></iframe>`))
)

// parsePage parses a page template with the CSS and script inline. They
// are placed in the template's text before parsing, so html/template
// leaves them exactly as written and the CSP hashes of their text match.
func parsePage(name string) *template.Template {
	src := mustRead(name)
	src = strings.Replace(src, "/*CSS*/", embedCSS, 1)
	src = strings.Replace(src, "/*JS*/", embedJS, 1)
	return template.Must(template.New(name).Funcs(funcs).Parse(src))
}

// embedCSP is the iframe page's Content-Security-Policy: nothing but its
// own inline style and script (pinned by hash, so the page stays
// cacheable), fetches of its own JSON, and framing by anyone.
func embedCSP() string {
	return strings.Join([]string{
		"default-src 'none'",
		"style-src " + hashSource(embedCSS),
		"script-src " + hashSource(embedJS),
		"connect-src 'self'",
		"img-src 'self' data:",
		"frame-ancestors *",
		"base-uri 'none'",
		"form-action 'none'",
	}, "; ")
}

// page is what the page templates see.
type page struct {
	Lang, Theme, Scheme, Shape string
	D                          *Data
	T                          ui
}

// shape summarises what the page's structure depends on; the page's
// script reloads the page when fresh data has another shape (a rating
// published, a fact added) and otherwise updates its texts in place.
func shape(d *Data) string {
	s := ""
	if d.Rating != nil {
		s = "r"
		if d.Rating.CorrectedAt != nil {
			s += "c"
		}
	}
	s += "f" + string(rune('0'+len(d.Facts)))
	if d.Statement != nil {
		s += "s"
	}
	return s
}

// variant reads ?lang= and ?theme=; lang defaults to the claim's.
func variant(r *http.Request, claimLang string) (li, ti int) {
	q := r.URL.Query()
	lang := pickLang(q.Get("lang"), claimLang)
	for i, l := range pageLangs {
		if l == lang {
			li = i
		}
	}
	for i, t := range themes {
		if t == q.Get("theme") {
			ti = i
		}
	}
	return li, ti
}

// renderPage renders one variant of a claim's iframe page.
func renderPage(d *Data, li, ti int) *asset {
	lang, theme := pageLangs[li], themes[ti]
	scheme := "light dark"
	if theme != "auto" {
		scheme = theme
	}
	var b bytes.Buffer
	err := pageTmpl.Execute(&b, page{Lang: lang, Theme: theme, Scheme: scheme, Shape: shape(d), D: d, T: texts[lang]})
	if err != nil {
		panic(err) // the template and its data are ours: a bug
	}
	return newAsset(b.Bytes())
}

var notFoundPages = func() map[string]*asset {
	m := map[string]*asset{}
	for _, l := range pageLangs {
		var b bytes.Buffer
		if err := notFoundTmpl.Execute(&b, page{Lang: l, T: texts[l]}); err != nil {
			panic(err)
		}
		m[l] = newAsset(b.Bytes())
	}
	return m
}()

func (w *Widget) embedHeaders(rw http.ResponseWriter) {
	h := rw.Header()
	h.Set("Content-Security-Policy", w.csp)
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
}

func (w *Widget) serveEmbed(rw http.ResponseWriter, r *http.Request) {
	w.embedHeaders(rw)
	e := w.claim(rw, r, func(rw http.ResponseWriter, r *http.Request) {
		serve(rw, r, notFoundPages[pickLang(r.URL.Query().Get("lang"), "")], ctHTML, ccError, http.StatusNotFound)
	})
	if e == nil {
		return
	}
	li, ti := variant(r, e.data.Claim.Lang)
	p := &e.pages[li*len(themes)+ti]
	p.once.Do(func() { p.a = renderPage(e.data, li, ti) })
	serve(rw, r, p.a, ctHTML, ccLive, http.StatusOK)
}

// snippet is the embed code for a claim in lang: a blockquote that reads
// well without JavaScript (claim, claimant, date, the verdict in words, a
// link) and the loader that replaces it with the iframe.
func (w *Widget) snippet(d *Data, lang string) string {
	t := texts[lang]
	verdict := t.NotRated
	if d.Rating != nil {
		verdict = t.RatingWord + ": " + d.Rating.Label.In(lang)
	}
	var date string
	if d.Claim.MadeAtText != nil {
		date = d.Claim.MadeAtText.In(lang)
	}
	var b bytes.Buffer
	err := snippetTmpl.Execute(&b, map[string]any{
		"D": d, "Lang": lang, "Date": date, "Verdict": verdict,
		"Readers": t.ReadersWord + ": " + d.Consensus.Label.In(lang),
		"SeeCase": t.SeeCase, "Loader": w.base + "/widget.js",
	})
	if err != nil {
		panic(err)
	}
	return b.String()
}

// loaderJS is the loader script with the configured origin as the
// fallback for browsers that do not say where the script came from.
func loaderJS(origin string) []byte {
	o, _ := json.Marshal(origin)
	return []byte(strings.Replace(compact(mustRead("assets/loader.js")), "ORIGIN", string(o), 1))
}

// gzipWriters are reused: a compressor holds about a megabyte of state, and
// a burst of cache reloads making one each was a burst of garbage that
// stalled every request.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}
