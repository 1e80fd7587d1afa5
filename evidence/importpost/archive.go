package importpost

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// parseArchive reads a tweet's page as an archive saved it. Pages from
// different years have different markup, so each value is looked for in
// several places, most specific first; what none of them states stays
// unknown. The archive's capture time is never used as the post's time.
func parseArchive(payload []byte) (*Post, error) {
	const f = FormatArchiveHTML
	doc, err := html.Parse(bytes.NewReader(payload))
	if err != nil {
		return nil, &Error{Format: f, Err: ErrSyntax, Detail: err.Error()}
	}
	pg := scanPage(doc)
	arc := pg.archive()
	st, ok := pg.status(arc)
	if !ok {
		st, ok = permalinkTweetID(doc)
	}
	if !ok {
		return nil, &Error{Format: f, Field: "status id", Err: ErrMissing,
			Detail: "no tweet address (archive original URL, canonical link, og:url) or tweet markup found"}
	}
	p := &Post{PlatformID: st.id, IDTime: snowflakeTime(st.id), Archive: arc}
	if c := findTweet(doc, st.id); c != nil {
		fromMarkup(c, st.id, p)
	}
	fromMeta(pg, p)
	if p.AuthorHandle == nil && st.handle != nil {
		p.AuthorHandle, p.AuthorHandleFromURL = st.handle, true
	}
	p.URL = permalink(p.PlatformID, p.AuthorHandle)
	return p, nil
}

// page holds the document-wide signals: meta tags, the canonical link,
// and the text of scripts and comments where archives leave their marks.
type page struct {
	meta      map[string]string // og:url, og:description, ... (first wins)
	canonical string
	marks     strings.Builder // script bodies and comments
}

func scanPage(doc *html.Node) *page {
	pg := &page{meta: map[string]string{}}
	walk(doc, func(n *html.Node) step {
		switch {
		case n.Type == html.CommentNode:
			pg.marks.WriteString(n.Data)
		case isElement(n, "script"):
			if n.FirstChild != nil && n.FirstChild.Type == html.TextNode {
				pg.marks.WriteString(n.FirstChild.Data)
			}
			return skip
		case isElement(n, "meta"):
			pg.addMeta(n)
		case isElement(n, "link") && pg.canonical == "" && hasRel(n, "canonical"):
			pg.canonical = strings.TrimSpace(attrOf(n, "href"))
		}
		return descend
	})
	return pg
}

func (pg *page) addMeta(n *html.Node) {
	key := attrOf(n, "property")
	if key == "" {
		key = attrOf(n, "name")
	}
	key = strings.ToLower(strings.TrimSpace(key))
	if _, seen := pg.meta[key]; key != "" && !seen {
		pg.meta[key] = attrOf(n, "content")
	}
}

func hasRel(n *html.Node, rel string) bool {
	for _, r := range strings.Fields(strings.ToLower(attrOf(n, "rel"))) {
		if r == rel {
			return true
		}
	}
	return false
}

// status is the tweet a page is about, read from an address.
type status struct {
	id     string
	handle *string // from the address only: see Post.AuthorHandleFromURL
}

// status finds the tweet's address: what the archive says it captured,
// then the page's own canonical and og:url links.
func (pg *page) status(arc *Archive) (status, bool) {
	var candidates []string
	if arc != nil && arc.OriginalURL != nil {
		candidates = append(candidates, *arc.OriginalURL)
	}
	candidates = append(candidates, pg.canonical, pg.meta["og:url"], pg.meta["twitter:url"])
	for _, c := range candidates {
		if st, ok := parseStatusURL(unwrapArchived(c)); ok {
			return st, true
		}
	}
	return status{}, false
}

// permalinkTweetID is the last resort for pages whose addresses were
// stripped: the id on the page's main ("permalink") tweet.
func permalinkTweetID(doc *html.Node) (status, bool) {
	n := find(doc, func(n *html.Node) bool {
		return hasClass(n, "permalink-tweet") && validID(attrOf(n, "data-tweet-id"))
	})
	if n == nil {
		return status{}, false
	}
	return status{id: attrOf(n, "data-tweet-id")}, true
}
