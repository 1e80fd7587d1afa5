package widget_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/review"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/pgtest"
	"github.com/veredicto/veredicto/widget"
)

const publicURL = "http://veredicto.test"

// The strings every user-written field is tried with.
const (
	xssImg    = `<img src=x onerror=alert(1)>`
	xssScript = `</script><script>alert(1)</script>`
)

type fixture struct {
	env   *apitest.Env
	claim *ent.Claim
	w     *widget.Widget
	url   string // the widget server's base URL
}

// setup seeds the founding case and serves the widget's routes alone.
func setup(t testing.TB, cfg widget.Config) *fixture {
	t.Helper()
	env := apitest.New(t)
	c := env.Seed()
	if cfg.PublicURL == "" {
		cfg.PublicURL = publicURL
	}
	w := widget.New(env.Client, cfg)
	ts := httptest.NewServer(w.Handler())
	t.Cleanup(ts.Close)
	return &fixture{env: env, claim: c, w: w, url: ts.URL}
}

// client never asks for or undoes compression by itself.
var client = &http.Client{Transport: &http.Transport{DisableCompression: true}}

type response struct {
	*http.Response
	body []byte
}

func (f *fixture) do(t testing.TB, method, path string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res, body}
}

func (f *fixture) get(t testing.TB, path string, header ...string) response {
	t.Helper()
	return f.do(t, http.MethodGet, path, header...)
}

func (f *fixture) claimPath(prefix string, id int) string { return prefix + strconv.Itoa(id) }

func wantStatus(t testing.TB, r response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d: %s", r.Request.URL.Path, r.StatusCode, status, r.body)
	}
}

func decode(t testing.TB, r response) widget.Data {
	t.Helper()
	wantStatus(t, r, http.StatusOK)
	var d widget.Data
	if err := json.Unmarshal(r.body, &d); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
	return d
}

func TestJSONShowsTheFoundingCase(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	r := f.get(t, f.claimPath("/api/widget/claims/", f.claim.ID))
	if ct := r.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	d := decode(t, r)
	if d.ID != f.claim.ID || d.URL != fmt.Sprintf("%s/claims/%d", publicURL, f.claim.ID) {
		t.Errorf("id %d url %q", d.ID, d.URL)
	}
	if !strings.Contains(d.Claim.Text, "hackeada") || d.Claim.Lang != "es" || d.Claim.Status != "OPEN" {
		t.Errorf("claim %+v", d.Claim)
	}
	if d.Claim.MadeAt == nil || !d.Claim.MadeAt.Equal(time.Date(2012, 1, 15, 0, 0, 0, 0, time.UTC)) || d.Claim.MadeAtPrecision != "DAY" {
		t.Errorf("made at %v %s", d.Claim.MadeAt, d.Claim.MadeAtPrecision)
	}
	if d.Claim.MadeAtText == nil || d.Claim.MadeAtText.ES != "15 de enero de 2012" || d.Claim.MadeAtText.EN != "January 15, 2012" {
		t.Errorf("made at text %+v", d.Claim.MadeAtText)
	}
	if d.Claimant.Name != "PSOE" || d.Claimant.Kind != "PARTY" || !strings.HasPrefix(d.Claimant.URL, publicURL+"/actors/") {
		t.Errorf("claimant %+v", d.Claimant)
	}
	// The tweet: deleted, client unknown (null, never invented).
	if d.Statement == nil || !d.Statement.Deleted || d.Statement.Client != nil || d.Statement.DeletedAt != nil {
		t.Errorf("statement %+v", d.Statement)
	}
	if d.Statement.Text.EN != "About a post: deleted · client not recorded" {
		t.Errorf("statement text %+v", d.Statement.Text)
	}
	if d.Rating != nil {
		t.Errorf("rating %+v, want none: no review is published", d.Rating)
	}
	if d.Consensus.Status != "NEEDS_MORE_VERDICTS" || d.Consensus.Label.EN == "" || d.Consensus.Explanation.ES == "" || d.Consensus.Tone != "none" {
		t.Errorf("consensus %+v", d.Consensus)
	}
	if d.Tally != (widget.Tally{DoesNotHold: 1, Total: 1, Text: d.Tally.Text}) || !strings.Contains(d.Tally.Text.EN, "1 verdict") {
		t.Errorf("tally %+v", d.Tally)
	}
	var kinds []string
	for _, fc := range d.Facts {
		kinds = append(kinds, fc.Kind)
		if fc.Summary == "" || fc.Label.ES == "" || fc.StanceLabel.EN == "" {
			t.Errorf("fact %+v", fc)
		}
	}
	if got := strings.Join(kinds, " "); got != "DELETED_POST CLIENT_METADATA PRIOR_INCIDENT" {
		t.Errorf("key facts %s", got)
	}
	if d.EvidenceCount != 6 {
		t.Errorf("evidence count %d, want 6", d.EvidenceCount)
	}
	if d.UpdatedAt.IsZero() || time.Since(d.UpdatedAt) > time.Hour {
		t.Errorf("updatedAt %v", d.UpdatedAt)
	}
	if !strings.Contains(d.Snippet.ES, `data-veredicto-claim="`+strconv.Itoa(f.claim.ID)+`"`) ||
		!strings.Contains(d.Snippet.EN, `src="`+publicURL+`/widget.js"`) || !strings.Contains(d.Snippet.ES, "Aún sin calificación editorial") {
		t.Errorf("snippet %+v", d.Snippet)
	}
	// Exactly the documented fields, no more (a new field is a decision).
	var raw map[string]json.RawMessage
	_ = json.Unmarshal(r.body, &raw)
	var keys []string
	for k := range raw {
		keys = append(keys, k)
	}
	want := "claim claimant consensus evidenceCount facts id rating snippet statement tally updatedAt url"
	if got := strings.Join(sorted(keys), " "); got != want {
		t.Errorf("fields %s, want %s", got, want)
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestJSONShowsOnlyPublicData(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	ctx := f.env.Sys()
	secret := "PENDING-ITEM-NOT-PUBLIC"
	for _, st := range []evidence.Status{evidence.StatusPending, evidence.StatusRejected, evidence.StatusRetracted} {
		f.env.Client.Evidence.Create().SetClaimID(f.claim.ID).SetKind(evidence.KindDocument).
			SetStance(evidence.StanceSupports).SetSummary(secret + " " + string(st)).SetStatus(st).
			ExecX(ctx)
	}
	editor := f.env.NewUser(auth.Editor)
	// A draft review (not published) is not shown either.
	f.env.Client.Review.Create().SetClaimID(f.claim.ID).SetAuthorID(editor.ID).SetScale(review.ScaleSixStep).
		SetRating("TRUE").SetSummary("DRAFT-REVIEW").SetLang("es").ExecX(ctx)
	r := f.get(t, f.claimPath("/api/widget/claims/", f.claim.ID))
	d := decode(t, r)
	if bytes.Contains(r.body, []byte(secret)) || bytes.Contains(r.body, []byte("DRAFT-REVIEW")) || d.Rating != nil {
		t.Errorf("unpublished data in the widget: %s", r.body)
	}
	if d.EvidenceCount != 6 {
		t.Errorf("evidence count %d, want the 6 published items", d.EvidenceCount)
	}
	page := f.get(t, f.claimPath("/embed/claims/", f.claim.ID))
	if bytes.Contains(page.body, []byte(secret)) || bytes.Contains(page.body, []byte("DRAFT-REVIEW")) {
		t.Error("unpublished data in the iframe page")
	}
}

func TestPublishedRatingAndInvalidate(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{CacheTTL: time.Hour})
	path := f.claimPath("/api/widget/claims/", f.claim.ID)
	before := f.get(t, path)
	if decode(t, before).Rating != nil {
		t.Fatal("rated before any review")
	}
	editor := f.env.NewUser(auth.Editor)
	f.env.Client.Review.Create().SetClaimID(f.claim.ID).SetAuthorID(editor.ID).SetScale(review.ScaleSixStep).
		SetRating("FALSE").SetSummary("Nada indica un hackeo.").SetLang("es").SetPublishedAt(time.Now()).
		ExecX(f.env.Sys())
	// Cached: the change is not seen until the entry is dropped.
	if again := f.get(t, path); !bytes.Equal(again.body, before.body) || again.Header.Get("ETag") != before.Header.Get("ETag") {
		t.Fatal("the cached response changed without Invalidate")
	}
	f.w.Invalidate(f.claim.ID)
	after := f.get(t, path)
	d := decode(t, after)
	if after.Header.Get("ETag") == before.Header.Get("ETag") {
		t.Error("same ETag after the change")
	}
	rt := d.Rating
	if rt == nil || rt.Key != "FALSE" || rt.Value == nil || *rt.Value != 2 || rt.Best != 6 || rt.Worst != 1 ||
		rt.Label != (widget.L10n{ES: "Falso", EN: "False"}) || rt.Tone != "bad" || rt.Summary != "Nada indica un hackeo." {
		t.Fatalf("rating %+v", rt)
	}
	page := string(f.get(t, f.claimPath("/embed/claims/", f.claim.ID)+"?lang=en").body)
	if !strings.Contains(page, `<span class="b bad" data-s="rating">False</span>`) || !strings.Contains(page, `data-shape="rf3s"`) {
		t.Errorf("the page does not show the rating:\n%s", page)
	}
}

func TestCacheExpiresAfterTTL(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{CacheTTL: 100 * time.Millisecond})
	path := f.claimPath("/api/widget/claims/", f.claim.ID)
	_ = decode(t, f.get(t, path))
	f.env.Client.Claim.UpdateOneID(f.claim.ID).SetText("Texto cambiado").ExecX(f.env.Sys())
	time.Sleep(150 * time.Millisecond)
	if d := decode(t, f.get(t, path)); d.Claim.Text != "Texto cambiado" {
		t.Errorf("text %q after the TTL", d.Claim.Text)
	}
}

func TestETagAndNotModified(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	for _, path := range []string{
		f.claimPath("/api/widget/claims/", f.claim.ID),
		f.claimPath("/embed/claims/", f.claim.ID),
		f.claimPath("/embed/claims/", f.claim.ID) + "?lang=en&theme=dark",
		"/widget.js",
		"/oembed?url=" + url.QueryEscape(f.claimPath(publicURL+"/claims/", f.claim.ID)),
	} {
		r := f.get(t, path)
		wantStatus(t, r, http.StatusOK)
		etag := r.Header.Get("ETag")
		if !regexp.MustCompile(`^W/"[0-9a-f]{32}"$`).MatchString(etag) {
			t.Errorf("%s: ETag %q", path, etag)
		}
		cc := r.Header.Get("Cache-Control")
		if !strings.HasPrefix(cc, "public, max-age=") || !strings.Contains(cc, "stale-while-revalidate=") {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
		for _, inm := range []string{etag, strings.TrimPrefix(etag, "W/"), `"other", ` + etag, "*"} {
			nm := f.get(t, path, "If-None-Match", inm)
			if nm.StatusCode != http.StatusNotModified || len(nm.body) != 0 || nm.Header.Get("ETag") != etag {
				t.Errorf("%s with If-None-Match %s: %d, %d bytes", path, inm, nm.StatusCode, len(nm.body))
			}
		}
		if other := f.get(t, path, "If-None-Match", `W/"0123"`); other.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: %d", path, other.StatusCode)
		}
		// gzip: the same ETag, the same content.
		gz := f.get(t, path, "Accept-Encoding", "gzip, deflate, br")
		if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("ETag") != etag || !strings.Contains(strings.Join(gz.Header.Values("Vary"), ","), "Accept-Encoding") {
			t.Errorf("%s gzipped: %v", path, gz.Header)
		} else if plain := gunzip(t, gz.body); !bytes.Equal(plain, r.body) {
			t.Errorf("%s: the gzipped body differs", path)
		}
		if id := f.get(t, path, "Accept-Encoding", "gzip;q=0"); id.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: gzipped although refused", path)
		}
		head := f.do(t, http.MethodHead, path)
		if head.StatusCode != http.StatusOK || len(head.body) != 0 || head.Header.Get("ETag") != etag {
			t.Errorf("HEAD %s: %d, %d bytes", path, head.StatusCode, len(head.body))
		}
	}
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCORSIsOpenWithoutCredentials(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	paths := []string{
		f.claimPath("/api/widget/claims/", f.claim.ID),
		"/widget.js",
		"/oembed?url=" + url.QueryEscape(f.claimPath(publicURL+"/claims/", f.claim.ID)),
	}
	for _, path := range paths {
		for _, origin := range []string{"https://news.example", "null"} {
			r := f.get(t, path, "Origin", origin)
			wantStatus(t, r, http.StatusOK)
			if r.Header.Get("Access-Control-Allow-Origin") != "*" || r.Header.Get("Access-Control-Allow-Credentials") != "" {
				t.Errorf("%s from %s: %v", path, origin, r.Header)
			}
		}
	}
	// Not found is CORS-readable too, so a widget can tell it apart.
	nf := f.get(t, "/api/widget/claims/999999999", "Origin", "https://news.example")
	if nf.StatusCode != http.StatusNotFound || nf.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("unknown claim: %d %v", nf.StatusCode, nf.Header)
	}
}

func TestCORSPreflight(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	r := f.do(t, http.MethodOptions, f.claimPath("/api/widget/claims/", f.claim.ID),
		"Origin", "https://news.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match")
	if r.StatusCode != http.StatusNoContent || r.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.EqualFold(r.Header.Get("Access-Control-Allow-Headers"), "if-none-match") || r.Header.Get("Access-Control-Allow-Credentials") != "" {
		t.Errorf("preflight: %d %v", r.StatusCode, r.Header)
	}
	post := f.do(t, http.MethodOptions, f.claimPath("/api/widget/claims/", f.claim.ID),
		"Origin", "https://news.example", "Access-Control-Request-Method", "POST")
	if post.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a POST preflight was allowed: %v", post.Header)
	}
	if r := f.do(t, http.MethodPost, f.claimPath("/api/widget/claims/", f.claim.ID)); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", r.StatusCode)
	}
}

// TestStaleWhileTheDatabaseFails: an expired entry is served while the
// database cannot be reached; an invalidated one is not.
func TestStaleWhileTheDatabaseFails(t *testing.T) {
	t.Parallel()
	env := apitest.New(t)
	c := env.Seed()
	db, _, err := pgtest.OpenCounting(env.DSN)
	if err != nil {
		t.Fatal(err)
	}
	w := widget.New(database.NewClient(db), widget.Config{PublicURL: publicURL, CacheTTL: 50 * time.Millisecond})
	ts := httptest.NewServer(w.Handler())
	t.Cleanup(ts.Close)
	f := &fixture{env: env, claim: c, w: w, url: ts.URL}
	path := f.claimPath("/api/widget/claims/", c.ID)
	first := f.get(t, path)
	wantStatus(t, first, http.StatusOK)
	db.Close()
	time.Sleep(80 * time.Millisecond)
	if r := f.get(t, path); r.StatusCode != http.StatusOK || !bytes.Equal(r.body, first.body) {
		t.Errorf("expired entry with the database down: %d", r.StatusCode)
	}
	w.Invalidate(c.ID)
	r := f.get(t, path)
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("invalidated entry with the database down: %d %v", r.StatusCode, r.Header)
	}
}

func TestNoCookies(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	reader := f.env.NewUser(auth.Reader)
	for _, path := range []string{
		f.claimPath("/api/widget/claims/", f.claim.ID),
		f.claimPath("/embed/claims/", f.claim.ID),
		"/embed/claims/999999999",
		"/widget.js",
		"/oembed?url=" + url.QueryEscape(f.claimPath(publicURL+"/claims/", f.claim.ID)),
	} {
		r := f.get(t, path, "Cookie", session.CookieName+"="+reader.Cookie)
		if sc := r.Header.Values("Set-Cookie"); len(sc) > 0 {
			t.Errorf("%s sets cookies: %v", path, sc)
		}
	}
}

func TestUnknownClaims(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	for _, id := range []string{"999999999", "0", "-1", "abc", "1e3", "0012", "99999999999999999999"} {
		r := f.get(t, "/api/widget/claims/"+id)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("/api/widget/claims/%s: %d", id, r.StatusCode)
			continue
		}
		var body struct{ Error string }
		if json.Unmarshal(r.body, &body) != nil || body.Error != "NOT_FOUND" || r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("/api/widget/claims/%s: %s", id, r.body)
		}
		page := f.get(t, "/embed/claims/"+id+"?lang=en")
		if page.StatusCode != http.StatusNotFound || !bytes.Contains(page.body, []byte("Claim not found")) || page.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("/embed/claims/%s: %d %s", id, page.StatusCode, page.body)
		}
	}
}

// TestCacheHitsCostNoQueries: once a claim is cached, every widget
// response about it (JSON, iframe pages, oEmbed) is served without a
// database statement, and concurrent misses share one load.
func TestCacheHitsCostNoQueries(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	paths := []string{
		f.claimPath("/api/widget/claims/", f.claim.ID),
		f.claimPath("/embed/claims/", f.claim.ID),
		f.claimPath("/embed/claims/", f.claim.ID) + "?lang=en&theme=dark",
		"/oembed?url=" + url.QueryEscape(f.claimPath(publicURL+"/claims/", f.claim.ID)),
		"/widget.js",
	}
	f.env.Counter.Reset()
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := f.get(t, paths[0]); r.StatusCode != http.StatusOK {
				t.Errorf("status %d", r.StatusCode)
			}
		}()
	}
	wg.Wait()
	one := f.env.Counter.Count()
	if one == 0 || one > 8 {
		t.Fatalf("32 concurrent first views ran %d statements, want one load (7):\n%s", one, strings.Join(f.env.Counter.Statements(), "\n"))
	}
	f.env.Counter.Reset()
	for range 20 {
		for _, p := range paths {
			wantStatus(t, f.get(t, p), http.StatusOK)
		}
	}
	if n := f.env.Counter.Count(); n != 0 {
		t.Fatalf("%d cached views ran %d statements:\n%s", 20*len(paths), n, strings.Join(f.env.Counter.Statements(), "\n"))
	}
	// Unknown ids are remembered too: a scan of ids does not reach the
	// database more than once per id.
	wantStatus(t, f.get(t, "/api/widget/claims/999999999"), http.StatusNotFound)
	f.env.Counter.Reset()
	for range 10 {
		wantStatus(t, f.get(t, "/api/widget/claims/999999999"), http.StatusNotFound)
	}
	if n := f.env.Counter.Count(); n != 0 {
		t.Errorf("repeated unknown id ran %d statements", n)
	}
	// Invalidate costs one load, then hits are free again.
	f.w.Invalidate(f.claim.ID)
	f.env.Counter.Reset()
	wantStatus(t, f.get(t, paths[0]), http.StatusOK)
	wantStatus(t, f.get(t, paths[1]), http.StatusOK)
	if n := f.env.Counter.Count(); n != one {
		t.Errorf("a reload after Invalidate ran %d statements, want %d", n, one)
	}
}

func TestCacheIsBounded(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{MaxEntries: 10})
	for i := range 50 {
		f.get(t, "/api/widget/claims/"+strconv.Itoa(900000000+i))
	}
	wantStatus(t, f.get(t, f.claimPath("/api/widget/claims/", f.claim.ID)), http.StatusOK)
	if n := f.w.Cached(); n > 10 {
		t.Errorf("%d entries cached, want at most 10", n)
	}
	f.w.InvalidateAll()
	if n := f.w.Cached(); n != 0 {
		t.Errorf("%d entries after InvalidateAll", n)
	}
}

func TestOEmbed(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	page := f.claimPath(publicURL+"/claims/", f.claim.ID)
	get := func(q string) response { return f.get(t, "/oembed?"+q) }
	r := get("format=json&url=" + url.QueryEscape(page))
	wantStatus(t, r, http.StatusOK)
	var o map[string]any
	if err := json.Unmarshal(r.body, &o); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"version", "type", "provider_name", "provider_url", "title", "author_name", "author_url", "html", "width", "height", "cache_age"} {
		if _, ok := o[k]; !ok {
			t.Errorf("oEmbed lacks %s: %s", k, r.body)
		}
	}
	if o["version"] != "1.0" || o["type"] != "rich" || o["provider_name"] != "Veredicto" || o["provider_url"] != publicURL+"/" || o["author_name"] != "PSOE" {
		t.Errorf("oEmbed %s", r.body)
	}
	if w, h := o["width"].(float64), o["height"].(float64); w != 550 || h < 200 || h > 1200 {
		t.Errorf("size %vx%v", w, h)
	}
	if ca, _ := o["cache_age"].(float64); ca <= 0 {
		t.Errorf("cache_age %v", o["cache_age"])
	}
	src := fmt.Sprintf(`src="%s/embed/claims/%d"`, publicURL, f.claim.ID)
	frame, _ := o["html"].(string)
	if !strings.HasPrefix(frame, "<iframe ") || !strings.Contains(frame, src) || !strings.Contains(frame, `sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"`) ||
		!strings.Contains(frame, `title="Veredicto: comprobación de una afirmación: PSOE"`) || strings.Contains(frame, "<script") {
		t.Errorf("html %s", frame)
	}
	if !strings.Contains(o["title"].(string), "hackeada") {
		t.Errorf("title %v", o["title"])
	}
	// Sizes honour maxwidth and maxheight.
	var small struct {
		Width, Height int
		HTML          string
	}
	_ = json.Unmarshal(get("url="+url.QueryEscape(page)+"&maxwidth=300&maxheight=150&lang=en").body, &small)
	if small.Width != 300 || small.Height != 150 || !strings.Contains(small.HTML, `width="300" height="150"`) ||
		!strings.Contains(small.HTML, "?lang=en") || !strings.Contains(small.HTML, `title="Veredicto: claim check: PSOE"`) {
		t.Errorf("with maxwidth=300&maxheight=150: %+v", small)
	}
	_ = json.Unmarshal(get("url="+url.QueryEscape(page)+"&maxwidth=2000&maxheight=5000").body, &small)
	if small.Width != 550 || small.Height > 1200 {
		t.Errorf("with large maxima: %+v", small)
	}
	// Other URLs, formats.
	for q, status := range map[string]int{
		"format=xml&url=" + url.QueryEscape(page):                                      http.StatusNotImplemented,
		"format=yaml&url=" + url.QueryEscape(page):                                     http.StatusNotImplemented,
		"url=" + url.QueryEscape("https://veredicto.test/claims/"+itoa(f.claim.ID)):    http.StatusOK, // either scheme
		"url=" + url.QueryEscape("http://VEREDICTO.test/claims/"+itoa(f.claim.ID)+"/"): http.StatusOK,
		"url=" + url.QueryEscape("http://evil.example/claims/"+itoa(f.claim.ID)):       http.StatusNotFound,
		"url=" + url.QueryEscape(publicURL+"/claims/999999999"):                        http.StatusNotFound,
		"url=" + url.QueryEscape(publicURL+"/actors/1"):                                http.StatusNotFound,
		"url=" + url.QueryEscape(publicURL+"/claims/1/../../x"):                        http.StatusNotFound,
		"url=" + url.QueryEscape("javascript:alert(1)"):                                http.StatusNotFound,
		"url=":   http.StatusNotFound,
		"":       http.StatusNotFound,
		"url=%%": http.StatusNotFound,
	} {
		if r := get(q); r.StatusCode != status {
			t.Errorf("/oembed?%s: %d, want %d", q, r.StatusCode, status)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestEmbedPageHeaders(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	r := f.get(t, f.claimPath("/embed/claims/", f.claim.ID))
	wantStatus(t, r, http.StatusOK)
	h := r.Header
	if h.Get("Content-Type") != "text/html; charset=utf-8" || h.Get("X-Robots-Tag") != "noindex" ||
		h.Get("Cache-Control") != "public, max-age=60, stale-while-revalidate=600" || h.Get("X-Frame-Options") != "" ||
		len(h.Values("Set-Cookie")) != 0 || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers %v", h)
	}
	csp := map[string]string{}
	for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		csp[name] = value
	}
	for name, want := range map[string]string{
		"default-src": "'none'", "frame-ancestors": "*", "base-uri": "'none'", "form-action": "'none'",
		"img-src": "'self' data:", "connect-src": "'self'",
	} {
		if csp[name] != want {
			t.Errorf("CSP %s %q, want %q (%s)", name, csp[name], want, h.Get("Content-Security-Policy"))
		}
	}
	// The inline style and script are exactly what the CSP's hashes pin,
	// and there is nothing else inline to run.
	doc := parse(t, r.body)
	scripts := elements(doc, "script")
	styles := elements(doc, "style")
	if len(scripts) != 1 || len(styles) != 1 {
		t.Fatalf("%d scripts, %d styles", len(scripts), len(styles))
	}
	if want := hash(text(scripts[0])); csp["script-src"] != want {
		t.Errorf("script-src %s, the script's hash is %s", csp["script-src"], want)
	}
	if want := hash(text(styles[0])); csp["style-src"] != want {
		t.Errorf("style-src %s, the style's hash is %s", csp["style-src"], want)
	}
	for _, n := range allElements(doc) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				t.Errorf("<%s %s=%q>: inline handlers and styles are not allowed", n.Data, a.Key, a.Val)
			}
		}
	}
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func TestEmbedPageContent(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	id := itoa(f.claim.ID)
	es := parse(t, f.get(t, "/embed/claims/"+id).body)
	root := elements(es, "html")[0]
	if attr(root, "lang") != "es" || attr(root, "data-theme") != "auto" || attr(root, "data-claim") != id {
		t.Errorf("<html> %v", root.Attr)
	}
	h1 := text(elements(es, "h1")[0])
	if h1 != "Afirmación de PSOE · 15 de enero de 2012" {
		t.Errorf("h1 %q", h1)
	}
	if tm := elements(elements(es, "h1")[0], "time"); len(tm) != 1 || attr(tm[0], "datetime") != "2012-01-15" {
		t.Errorf("claim date %v", tm)
	}
	bq := elements(es, "blockquote")[0]
	if !strings.Contains(text(bq), "hackeada") || attr(bq, "lang") != "es" {
		t.Errorf("blockquote %q", text(bq))
	}
	body := text(es)
	for _, want := range []string{
		"Sobre una publicación: borrada · cliente no consta",
		"Calificación editorial", "Aún sin calificación editorial",
		"Consenso de los lectores", "Sin consenso aún",
		"Recuento bruto de 1 veredicto: se sostiene 0 · en parte 0 · no se sostiene 1",
		"Publicación borrada", "Metadatos del cliente", "Incidente anterior",
		"Ver el caso completo en Veredicto",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q:\n%s", want, body)
		}
	}
	// Landmarks and reading order: main > article (header, verdict, evidence, footer).
	if len(elements(es, "main")) != 1 || len(elements(es, "article")) != 1 || len(elements(es, "footer")) != 1 {
		t.Error("landmarks missing")
	}
	order := []string{"h1", "blockquote", "dl", "ul", "footer"}
	last := -1
	for _, name := range order {
		i := position(es, name)
		if i <= last {
			t.Errorf("%s is out of reading order", name)
		}
		last = i
	}
	links := elements(es, "a")
	if len(links) != 1 || attr(links[0], "href") != publicURL+"/claims/"+id || attr(links[0], "target") != "_blank" || attr(links[0], "rel") != "noopener" {
		t.Errorf("links %v", links)
	}
	upd := elements(elements(es, "footer")[0], "time")
	if len(upd) != 1 || !strings.HasSuffix(attr(upd[0], "datetime"), "Z") {
		t.Errorf("last updated %v", upd)
	}

	en := parse(t, f.get(t, "/embed/claims/"+id+"?lang=en&theme=dark").body)
	root = elements(en, "html")[0]
	if attr(root, "lang") != "en" || attr(root, "data-theme") != "dark" {
		t.Errorf("<html> %v", root.Attr)
	}
	if h1 := text(elements(en, "h1")[0]); h1 != "Claim by PSOE · January 15, 2012" {
		t.Errorf("h1 %q", h1)
	}
	// The claim keeps its own language inside an English page.
	if attr(elements(en, "blockquote")[0], "lang") != "es" {
		t.Error("blockquote lang")
	}
	for _, want := range []string{"Not rated by the editors yet", "No consensus yet", "Raw split of 1 verdict", "Deleted post", "See the full case on Veredicto", "(opens in a new tab)"} {
		if !strings.Contains(text(en), want) {
			t.Errorf("the English page lacks %q", want)
		}
	}
	light := parse(t, f.get(t, "/embed/claims/"+id+"?lang=fr&theme=neon").body)
	if r := elements(light, "html")[0]; attr(r, "lang") != "es" || attr(r, "data-theme") != "auto" {
		t.Errorf("unknown lang/theme: %v", r.Attr)
	}
}

// TestUserTextIsEscaped: claim text, claimant name, evidence summary and
// review summary written as markup come out as text everywhere.
func TestUserTextIsEscaped(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	ctx := f.env.Sys()
	hostile := "Hostil " + xssImg + " y " + xssScript
	a := f.env.Client.Actor.Create().SetName("Actor " + xssImg).SetKind(actor.KindPerson).SaveX(ctx)
	c := f.env.Client.Claim.Create().SetClaimant(a).SetLang("es").SetText(hostile).SaveX(ctx)
	f.env.Client.Evidence.Create().SetClaim(c).SetKind(evidence.KindDocument).SetStance(evidence.StanceRefutes).
		SetSummary("Resumen " + xssScript + " " + xssImg).ExecX(ctx)
	editor := f.env.NewUser(auth.Editor)
	f.env.Client.Review.Create().SetClaim(c).SetAuthorID(editor.ID).SetScale(review.ScaleShort).SetRating("MISLEADING").
		SetSummary("Revisión " + xssImg + xssScript).SetLang("es").SetPublishedAt(time.Now()).ExecX(ctx)
	id := itoa(c.ID)

	for _, path := range []string{"/embed/claims/" + id, "/embed/claims/" + id + "?lang=en&theme=light"} {
		r := f.get(t, path)
		wantStatus(t, r, http.StatusOK)
		for _, bad := range []string{"<img", "<script>alert", "</script><script>"} {
			if bytes.Contains(r.body, []byte(bad)) {
				t.Errorf("%s contains %q", path, bad)
			}
		}
		doc := parse(t, r.body)
		if n := len(elements(doc, "img")); n != 0 {
			t.Errorf("%s: %d img elements", path, n)
		}
		if n := len(elements(doc, "script")); n != 1 {
			t.Errorf("%s: %d scripts, want only ours", path, n)
		}
		if got := text(elements(doc, "blockquote")[0]); got != hostile {
			t.Errorf("%s: claim text %q, want %q", path, got, hostile)
		}
		body := text(doc)
		for _, want := range []string{"Actor " + xssImg, "Resumen " + xssScript + " " + xssImg, "Revisión " + xssImg + xssScript} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: the text %q is not shown as text", path, want)
			}
		}
	}
	// JSON: escaped by encoding/json (no raw < or >), decoded intact.
	r := f.get(t, "/api/widget/claims/"+id)
	if bytes.ContainsAny(r.body, "<>") {
		t.Errorf("raw markup characters in the JSON: %s", r.body)
	}
	d := decode(t, r)
	if d.Claim.Text != hostile || d.Claimant.Name != "Actor "+xssImg {
		t.Errorf("decoded %q / %q", d.Claim.Text, d.Claimant.Name)
	}
	// The snippet is escaped HTML: parsed, it has no img and only the loader script.
	for _, s := range []string{d.Snippet.ES, d.Snippet.EN} {
		doc := parse(t, []byte(s))
		scripts := elements(doc, "script")
		if len(elements(doc, "img")) != 0 || len(scripts) != 1 || attr(scripts[0], "src") != publicURL+"/widget.js" || text(scripts[0]) != "" {
			t.Errorf("snippet %s", s)
		}
		if !strings.Contains(text(doc), hostile) {
			t.Errorf("snippet text %q", text(doc))
		}
	}
	// oEmbed: the html is one iframe, whatever the claimant is called.
	var o widget.OEmbed
	_ = json.Unmarshal(f.get(t, "/oembed?url="+url.QueryEscape(publicURL+"/claims/"+id)).body, &o)
	doc := parse(t, []byte(o.HTML))
	if len(elements(doc, "img")) != 0 || len(elements(doc, "script")) != 0 || len(elements(doc, "iframe")) != 1 || o.Title != hostile {
		t.Errorf("oEmbed %+v", o)
	}
	if got := attr(elements(doc, "iframe")[0], "title"); !strings.HasSuffix(got, "Actor "+xssImg) {
		t.Errorf("iframe title %q", got)
	}
}

// TestSizes measures what an embed costs a reader, gzipped.
func TestSizes(t *testing.T) {
	t.Parallel()
	f := setup(t, widget.Config{})
	for _, c := range []struct {
		path   string
		budget int
	}{
		{"/widget.js", 1536},
		{f.claimPath("/embed/claims/", f.claim.ID), 12 * 1024},
		{f.claimPath("/embed/claims/", f.claim.ID) + "?lang=en&theme=dark", 12 * 1024},
	} {
		r := f.get(t, c.path, "Accept-Encoding", "gzip")
		wantStatus(t, r, http.StatusOK)
		if r.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s not gzipped", c.path)
		}
		plain := gunzip(t, r.body)
		t.Logf("%s: %d bytes, %d gzipped (budget %d)", c.path, len(plain), len(r.body), c.budget)
		if len(r.body) > c.budget {
			t.Errorf("%s: %d bytes gzipped, over the %d budget", c.path, len(r.body), c.budget)
		}
	}
	js := f.get(t, "/widget.js")
	if js.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
		t.Errorf("widget.js Content-Type %q", js.Header.Get("Content-Type"))
	}
	// The loader never writes HTML into the host page.
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "allow-same-origin\")", "setAttribute(\"sandbox\", \"allow-same-origin"} {
		if bytes.Contains(js.body, []byte(bad)) {
			t.Errorf("widget.js uses %s", bad)
		}
	}
	if !bytes.Contains(js.body, []byte(`"allow-scripts allow-popups allow-popups-to-escape-sandbox"`)) {
		t.Error("widget.js does not sandbox the iframe as specified")
	}
}

// --- HTML helpers ---

func parse(t testing.TB, b []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func allElements(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func elements(n *html.Node, name string) []*html.Node {
	var out []*html.Node
	for _, e := range allElements(n) {
		if e.Data == name {
			out = append(out, e)
		}
	}
	return out
}

func position(n *html.Node, name string) int {
	for i, e := range allElements(n) {
		if e.Data == name {
			return i
		}
	}
	return -1
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// text is the node's text content, with the whitespace of the markup
// collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
		return b.String()
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
