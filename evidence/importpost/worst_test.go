package importpost

import (
	"strings"
	"testing"
	"time"
)

// TestArchiveWorstCases feeds MaxPayload-sized pages built to stress the
// HTML parser (misnested formatting, deep nesting) and this package's own
// searches (nested x.com tweet boxes, thousands of timestamps and client
// links). Each must finish well within a request's time budget; the
// limit is loose so a slow CI machine does not fail it, while a
// quadratic search (seconds to minutes here) would.
func TestArchiveWorstCases(t *testing.T) {
	const canonical = `<link rel=canonical href="https://twitter.com/a/status/1">`
	const tweet = canonical + `<div class="permalink-tweet" data-tweet-id="1">`
	fill := func(head, unit, tail string) []byte {
		n := (MaxPayload - len(head) - len(tail)) / len(unit)
		return []byte(head + strings.Repeat(unit, n) + tail)
	}
	cases := map[string][]byte{
		"misnested formatting": fill(tweet, `<b><i><u><s>x</b></i></u></s>`, ""),
		"unclosed links":       fill(tweet, `<a>`, ""),
		"unclosed paragraphs":  fill(tweet, `<p>`, ""),
		"nested x.com boxes":   fill(canonical+strings.Repeat(`<article data-testid="tweet">`, 500), `<a href="/x/status/2"><time>x</time></a>`, ""),
		"deep timestamps":      fill(tweet+strings.Repeat(`<span>`, 480), `<i data-time="1326623400"></i>`, ""),
		"client candidates":    fill(tweet, `via <a class=source href="http://x">y</a>`, ""),
		"archive marks":        fill(canonical+`<script>`, `__wm.wombat("`, `</script>`),
	}
	for name, page := range cases {
		start := time.Now()
		_, err := Parse(FormatArchiveHTML, page)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: %v (err %v)", name, d, err)
		}
	}
}
