package search

import (
	"html"
	"regexp"
	"strings"
	"unicode"
)

// Highlight markers: ts_headline puts markStart and markStop around the
// words that match, the SQL strips both from the source text first, and
// renderSnippet turns them into <mark> and </mark> after HTML-escaping
// everything else. ASCII control characters, not private-use ones: the
// default text search parser reads them as blanks, so a second ts_headline
// pass over marked text still sees the words.
const (
	markStart = '\x02'
	markStop  = '\x03'
)

const markers = string(markStart) + string(markStop)

var (
	blankAfterStart = regexp.MustCompile("\x02\\s+")
	blankBeforeStop = regexp.MustCompile("\\s+\x03")
)

// Snippet size: fragments of about snippetWords words, at most
// snippetFragments of them.
const (
	snippetWords     = 30
	snippetFragments = 2
	// snippetLead is how many words a fragment shows before its first match.
	snippetLead = 8
	ellipsis    = "…"
)

// snippetWord is one whitespace-separated word of the marked text, with
// whether a match is marked in it and the mark nesting depth before it.
type snippetWord struct {
	text  string
	hit   bool
	depth int
}

// renderSnippet turns the marked document (the whole text, every match
// between markStart and markStop) into the hit's snippet: HTML-escaped text
// whose only markup is <mark> and </mark>, balanced, whitespace collapsed
// to single spaces, cut to at most snippetFragments fragments of about
// snippetWords words around the first matches (the start of the text when
// nothing is marked), cuts shown with "…".
func renderSnippet(marked string) string {
	// Markers hug the words they mark: blanks inside a mark go.
	marked = blankAfterStart.ReplaceAllString(marked, string(markStart))
	marked = blankBeforeStop.ReplaceAllString(marked, string(markStop))
	var words []snippetWord
	depth := 0
	for _, f := range strings.Fields(marked) {
		w := snippetWord{text: f, depth: depth, hit: depth > 0}
		for _, r := range f {
			switch r {
			case markStart:
				depth++
				w.hit = true
			case markStop:
				if depth > 0 {
					depth--
				}
			}
		}
		if strings.Trim(f, markers) == "" && depth == w.depth {
			continue // marks around nothing
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return ""
	}

	type span struct{ start, end int }
	var spans []span
	for i := 0; i < len(words) && len(spans) < snippetFragments; i++ {
		if !words[i].hit {
			continue
		}
		if n := len(spans); n > 0 && i < spans[n-1].end {
			continue // already shown
		}
		start := max(0, i-snippetLead)
		if n := len(spans); n > 0 && start < spans[n-1].end {
			start = spans[n-1].end
		}
		end := min(len(words), start+snippetWords)
		if end-start < snippetWords && len(spans) == 0 {
			start = max(0, end-snippetWords)
		}
		spans = append(spans, span{start, end})
	}
	if len(spans) == 0 {
		spans = []span{{0, min(len(words), snippetWords)}}
	}
	// Adjacent fragments are one.
	merged := spans[:1]
	for _, s := range spans[1:] {
		if last := &merged[len(merged)-1]; s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		merged = append(merged, s)
	}

	var b strings.Builder
	for i, s := range merged {
		if i > 0 {
			b.WriteString(" " + ellipsis + " ")
		} else if s.start > 0 {
			b.WriteString(ellipsis + " ")
		}
		open := words[s.start].depth > 0
		if open {
			b.WriteString("<mark>")
		}
		d := words[s.start].depth
		for j := s.start; j < s.end; j++ {
			if j > s.start {
				b.WriteByte(' ')
			}
			for _, r := range words[j].text {
				switch r {
				case markStart:
					d++
					if !open {
						b.WriteString("<mark>")
						open = true
					}
				case markStop:
					if d > 0 {
						d--
					}
					if d == 0 && open {
						b.WriteString("</mark>")
						open = false
					}
				default:
					if unicode.IsControl(r) {
						continue // no control characters in HTML text
					}
					b.WriteString(html.EscapeString(string(r)))
				}
			}
		}
		if open {
			b.WriteString("</mark>")
		}
		if i == len(merged)-1 && s.end < len(words) {
			b.WriteString(" " + ellipsis)
		}
	}
	// Markers around nothing, e.g. a match cut to blanks.
	return strings.ReplaceAll(b.String(), "<mark></mark>", "")
}
