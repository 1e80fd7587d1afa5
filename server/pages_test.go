package server_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/internal/apitest"
)

const hostile = `<img src=x onerror=alert(1)> </script><script>alert(1)</script>`

// publishHostileReview seeds the founding case and publishes a review whose
// summary tries to break out of the page.
func publishHostileReview(t *testing.T, env *apitest.Env) int {
	t.Helper()
	c := env.Seed()
	ed := env.NewUser(auth.Editor)
	ed.MustDo(`mutation($c: ID!, $s: String!) { publishReview(input: {claimID: $c, scale: SIX_STEP, rating: "FALSE", summary: $s, lang: "es"}) { id } }`,
		map[string]any{"c": c.ID, "s": "Error del community manager " + hostile}, nil)
	return c.ID
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// curl /claims/{id}: the claim text, Open Graph tags, oEmbed discovery and
// the ClaimReview JSON-LD, with every user-written string escaped.
func TestClaimPageHeadWithoutJavaScript(t *testing.T) {
	env := apitest.New(t)
	id := publishHostileReview(t, env)
	res, body := get(t, env.URL+"/claims/"+strconv.Itoa(id))
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, type %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		"La cuenta de Twitter del PSOE fue hackeada",
		`<meta property="og:title"`, `<meta property="og:description"`, `<meta property="og:url"`,
		`<link rel="alternate" type="application/json+oembed"`,
		`<link rel="canonical" href="http://veredicto.test/claims/` + strconv.Itoa(id) + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<img src=x") || strings.Contains(body, "<script>alert(1)") {
		t.Fatalf("user-written text reached the page unescaped")
	}
	doc := onlyJSONLD(t, body)
	checkClaimReview(t, doc)
	if !strings.Contains(doc["reviewBody"].(string), hostile) {
		t.Errorf("the review text must survive escaping intact: %q", doc["reviewBody"])
	}
}

// onlyJSONLD parses the page's one JSON-LD block.
func onlyJSONLD(t *testing.T, body string) map[string]any {
	t.Helper()
	m := ldRE.FindAllStringSubmatch(body, -1)
	if len(m) != 1 {
		t.Fatalf("want exactly one JSON-LD block, got %d", len(m))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &doc); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[0][1])
	}
	return doc
}

// checkClaimReview asserts the ClaimReview fields the issue lists.
func checkClaimReview(t *testing.T, doc map[string]any) {
	t.Helper()
	if doc["@type"] != "ClaimReview" {
		t.Errorf("@type = %v", doc["@type"])
	}
	for _, k := range []string{"claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished", "url", "inLanguage"} {
		if doc[k] == nil {
			t.Errorf("ClaimReview lacks %s", k)
		}
	}
	item, _ := doc["itemReviewed"].(map[string]any)
	if a, _ := item["author"].(map[string]any); a["name"] != "PSOE" {
		t.Errorf("itemReviewed.author = %v, want the claimant PSOE", item["author"])
	}
	if item["datePublished"] != "2012-01-15" {
		t.Errorf("itemReviewed.datePublished = %v", item["datePublished"])
	}
	rating, _ := doc["reviewRating"].(map[string]any)
	if rating["alternateName"] != "Falso" || rating["ratingValue"] != 2.0 || rating["bestRating"] != 6.0 || rating["worstRating"] != 1.0 {
		t.Errorf("reviewRating = %v", rating)
	}
}

func TestUnknownClaimPageIs404(t *testing.T) {
	env := apitest.New(t)
	for _, p := range []string{"/claims/123456789", "/claims/nope", "/actors/42"} {
		if res, _ := get(t, env.URL+p); res.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

func TestActorPageHead(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	res, body := get(t, env.URL+"/actors/"+strconv.Itoa(c.ClaimantID))
	if res.StatusCode != 200 || !strings.Contains(body, "<title>PSOE · Veredicto</title>") || !strings.Contains(body, `og:description`) {
		t.Fatalf("actor page: %d\n%s", res.StatusCode, body)
	}
}

// A feed page without reviews has no modification date: none is known.
func TestEmptyClaimReviewFeed(t *testing.T) {
	env := apitest.New(t)
	env.Seed()
	res, body := get(t, env.URL+"/feeds/claimreview.json")
	if res.StatusCode != 200 || !strings.Contains(body, `"dataFeedElement":[]`) || strings.Contains(body, "dateModified") {
		t.Errorf("an empty feed: %d %s, want no elements and no dateModified", res.StatusCode, body)
	}
}

func TestClaimReviewFeed(t *testing.T) {
	env := apitest.New(t)
	publishHostileReview(t, env)
	res, body := get(t, env.URL+"/feeds/claimreview.json")
	if res.StatusCode != 200 || res.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(res.Header.Get("Cache-Control"), "public") || res.Header.Get("ETag") == "" {
		t.Fatalf("feed headers: %d %v", res.StatusCode, res.Header)
	}
	var feed struct {
		Type     string `json:"@type"`
		Elements []struct {
			Item map[string]any `json:"item"`
		} `json:"dataFeedElement"`
	}
	if err := json.Unmarshal([]byte(body), &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Type != "DataFeed" || len(feed.Elements) != 1 {
		t.Fatalf("feed = %s", body)
	}
	checkClaimReview(t, feed.Elements[0].Item)
	req, _ := http.NewRequest(http.MethodGet, env.URL+"/feeds/claimreview.json", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	again, err := http.DefaultClient.Do(req)
	if err != nil || again.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %v %v", again.StatusCode, err)
	}
	if res, _ := get(t, env.URL+"/feeds/claimreview.json?page=-1"); res.StatusCode != 400 {
		t.Errorf("page=-1: %d", res.StatusCode)
	}
}

// A claim no editor has reviewed yet still carries JSON-LD: the schema.org
// Claim (who said it, when, where), with no rating and nothing invented.
func TestUnreviewedClaimPageHasClaimJSONLD(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	_, body := get(t, env.URL+"/claims/"+strconv.Itoa(c.ID))
	doc := onlyJSONLD(t, body)
	if doc["@type"] != "Claim" || doc["@context"] != "https://schema.org" || doc["reviewRating"] != nil {
		t.Errorf("want a schema.org Claim without a rating, got %v", doc)
	}
	if text, _ := doc["text"].(string); !strings.Contains(text, "hackeada") || doc["url"] != "http://veredicto.test/claims/"+strconv.Itoa(c.ID) {
		t.Errorf("text %v, url %v", doc["text"], doc["url"])
	}
	if a, _ := doc["author"].(map[string]any); a["name"] != "PSOE" {
		t.Errorf("author = %v, want the claimant PSOE", doc["author"])
	}
	if doc["inLanguage"] != "es" {
		t.Errorf("inLanguage = %v", doc["inLanguage"])
	}
}
