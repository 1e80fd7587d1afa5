package graph_test

import (
	"strings"
	"testing"

	"github.com/veredicto/veredicto/internal/apitest"
)

// The search API over the founding case: accents optional, hashtags and
// handles as words, type-ahead, hits with their node, claim and a safe
// snippet; hostile input answered, never a 500.
func TestSearchAPI(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	const q = `query($q: String!, $lang: String) { search(query: $q, lang: $lang, first: 5) {
		total onlyStopWords hasNextPage
		hits { kind rank snippet node { id } claim { id } } } }`
	type result struct {
		Search struct {
			Total         int
			OnlyStopWords bool
			Hits          []struct {
				Kind    string
				Snippet string
				Node    struct{ ID string }
				Claim   *struct{ ID string }
			}
		}
	}
	for _, text := range []string{"hackeada", "hacker", "#excusasPSOE", "@PSOE", "hack", "tweetdeck", "primarias"} {
		var got result
		env.Anonymous().MustDo(q, map[string]any{"q": text, "lang": "es"}, &got)
		if got.Search.Total == 0 || len(got.Search.Hits) == 0 {
			t.Errorf("%q found nothing", text)
			continue
		}
		for _, h := range got.Search.Hits {
			if h.Node.ID == "" || (h.Kind != "STATEMENT" && (h.Claim == nil || h.Claim.ID != itoa(c.ID))) {
				t.Errorf("%q: hit without its node or claim: %+v", text, h)
			}
			// (#excusasPSOE matches the claim's tags, which the snippet does not show.)
			if text != "#excusasPSOE" && !strings.Contains(h.Snippet, "<mark>") {
				t.Errorf("%q: snippet marks nothing: %q", text, h.Snippet)
			}
		}
	}
	var stop result
	env.Anonymous().MustDo(q, map[string]any{"q": "el de la", "lang": "es"}, &stop)
	if !stop.Search.OnlyStopWords || stop.Search.Total != 0 {
		t.Errorf("stop words only: %+v", stop.Search)
	}
	for _, hostile := range []string{`"unbalanced`, `&|!:*()'`, strings.Repeat("a", 10<<10), "<script>alert(1)</script>"} {
		r := env.Anonymous().Do(q, map[string]any{"q": hostile})
		if code := r.Code(); code != "" && code != "BAD_USER_INPUT" {
			t.Errorf("%.30q: %s %+v", hostile, code, r.Errors)
		}
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
