package widget

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OEmbed is an oEmbed 1.0 response of type "rich".
type OEmbed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	Title        string `json:"title"`
	AuthorName   string `json:"author_name"`
	AuthorURL    string `json:"author_url,omitempty"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	CacheAge     int    `json:"cache_age"`
}

// The iframe's default size; oEmbed answers honour maxwidth/maxheight.
const (
	frameWidth     = 550
	minFrameHeight = 200
	maxFrameHeight = 1200
)

// serveOEmbed answers GET /oembed?url=…&format=json&maxwidth=&maxheight=
// (and, beyond the spec, &lang=es|en for the iframe's language).
func (w *Widget) serveOEmbed(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		plain(rw, http.StatusNotImplemented, "only format=json is supported")
		return
	}
	id, ok := w.claimIDOf(q.Get("url"))
	if !ok {
		plain(rw, http.StatusNotFound, "url is not a claim page of this Veredicto")
		return
	}
	e, err := w.cache.get(r.Context(), id)
	if err != nil {
		plain(rw, http.StatusServiceUnavailable, "could not load the claim")
		return
	}
	if e.data == nil {
		plain(rw, http.StatusNotFound, "no claim has this id")
		return
	}
	d := e.data
	width, height := frameWidth, estimateHeight(d)
	if mw := positive(q.Get("maxwidth")); mw > 0 && width > mw {
		width = mw
	}
	if mh := positive(q.Get("maxheight")); mh > 0 && height > mh {
		height = mh
	}
	src := w.EmbedURL(id)
	lang := d.Claim.Lang
	if l := q.Get("lang"); l == "es" || l == "en" {
		src += "?lang=" + l
		lang = l
	}
	var frame bytes.Buffer
	err = frameTmpl.Execute(&frame, map[string]any{
		"Src": src, "Width": width, "Height": height,
		"Title": texts[pickLang(lang, "")].FrameTitle + ": " + d.Claimant.Name,
	})
	if err != nil {
		panic(err)
	}
	body, _ := json.Marshal(OEmbed{
		Version: "1.0", Type: "rich",
		ProviderName: "Veredicto", ProviderURL: w.base + "/",
		Title:      shorten(d.Claim.Text, 200),
		AuthorName: d.Claimant.Name, AuthorURL: d.Claimant.URL,
		HTML:  frame.String(),
		Width: width, Height: height,
		CacheAge: oEmbedCacheAge,
	})
	serve(rw, r, newAsset(body), ctJSON, ccOEmbed, http.StatusOK)
}

// claimIDOf returns the claim id of a claim page URL of this server:
// PublicURL's host (http or https) and path /claims/{id}.
func (w *Widget) claimIDOf(raw string) (int, bool) {
	if raw == "" || w.origin == "" {
		return 0, false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil {
		return 0, false
	}
	pub, _ := url.Parse(w.base)
	if !strings.EqualFold(u.Host, pub.Host) {
		return 0, false
	}
	rest, ok := strings.CutPrefix(u.Path, strings.TrimSuffix(pub.Path, "/")+"/claims/")
	if !ok {
		return 0, false
	}
	return parseID(strings.TrimSuffix(rest, "/"))
}

// estimateHeight guesses the iframe's height in pixels at frameWidth,
// for consumers that do not listen to its height messages.
func estimateHeight(d *Data) int {
	lines := func(s string, perLine int) int { return utf8.RuneCountInString(s)/perLine + 1 }
	h := 190 + lines(d.Claim.Text, 52)*24 + lines(d.Consensus.Explanation.EN, 40)*21
	if d.Statement != nil {
		h += 21
	}
	if d.Rating != nil {
		h += lines(d.Rating.Summary, 40) * 21
	}
	for _, f := range d.Facts {
		h += lines(f.Label.EN+f.Summary, 62) * 21
	}
	return max(minFrameHeight, min(maxFrameHeight, h))
}

func positive(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

func plain(rw http.ResponseWriter, status int, msg string) {
	h := rw.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	if status >= 500 {
		h.Set("Cache-Control", "no-store")
	} else {
		h.Set("Cache-Control", ccError)
	}
	h.Set("X-Content-Type-Options", "nosniff")
	rw.WriteHeader(status)
	_, _ = rw.Write([]byte(msg + "\n"))
}
