package importpost

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// findTweet returns the element that holds the tweet with the given id,
// trying the markup of successive Twitter layouts. A page also shows
// replies and other tweets, so only an element tied to the id counts.
func findTweet(doc *html.Node, id string) *html.Node {
	var byID, oldLayout, modern *html.Node
	permalink := find(doc, func(n *html.Node) bool {
		if attrOf(n, "data-tweet-id") == id {
			if byID == nil {
				byID = n
			}
			return hasClass(n, "permalink-tweet") || hasClass(n, "opened-tweet")
		}
		if oldLayout == nil && attrOf(n, "id") == "status_"+id {
			oldLayout = n // 2009-2011: <li id="status_{id}" class="hentry status">
		}
		if modern == nil && isSelfTimeLink(n, id) {
			modern = enclosingTweet(n) // a rendered x.com page
		}
		return false
	})
	for _, n := range []*html.Node{permalink, byID, oldLayout, modern} {
		if n != nil {
			return n
		}
	}
	return nil
}

// isSelfTimeLink reports whether n is a link to the tweet holding its
// <time>: on x.com that link marks the tweet's own box, as replies link
// elsewhere. Links cannot nest, so checking each one stays linear.
func isSelfTimeLink(n *html.Node, id string) bool {
	return n.Data == "a" && strings.HasSuffix(attrOf(n, "href"), "/status/"+id) &&
		find(n, func(t *html.Node) bool { return t.Data == "time" }) != nil
}

// enclosingTweet returns the x.com tweet box around n, if any.
func enclosingTweet(n *html.Node) *html.Node {
	for a := range n.Ancestors() {
		if isElement(a, "article") && attrOf(a, "data-testid") == "tweet" {
			return a
		}
	}
	return nil
}

// fromMarkup fills p from the tweet's element. Values that fail
// validation are left unknown rather than failing the import: a page is
// a capture of a rendering, not a contract.
func fromMarkup(c *html.Node, id string, p *Post) {
	if v := attrOf(c, "data-user-id"); validID(v) {
		p.AuthorID = &v
	}
	p.AuthorHandle = markupHandle(c)
	p.AuthorName = nonEmpty(attrOf(c, "data-name"))
	if p.AuthorName == nil {
		if n := find(c, func(n *html.Node) bool { return hasClass(n, "fullname") }); n != nil {
			p.AuthorName = nonEmpty(textOf(n))
		}
	}
	if t := find(c, isTweetText); t != nil {
		p.Text = nonEmpty(textOf(t))
		p.Lang, _ = langOf(FormatArchiveHTML, "lang", attrOf(t, "lang"))
	}
	p.PostedAt = markupTime(c, id)
	p.Client = markupClient(c)
}

func isTweetText(n *html.Node) bool {
	return hasClass(n, "tweet-text") || hasClass(n, "js-tweet-text") ||
		hasClass(n, "entry-content") || attrOf(n, "data-testid") == "tweetText"
}

// markupHandle reads the author's screen name from the tweet's element.
func markupHandle(c *html.Node) *string {
	if h, err := checkHandle(FormatArchiveHTML, "", attrOf(c, "data-screen-name")); err == nil && h != nil {
		return h
	}
	n := find(c, func(n *html.Node) bool {
		return hasClass(n, "username") || hasClass(n, "screen-name") || attrOf(n, "data-testid") == "User-Name"
	})
	if n == nil {
		return nil
	}
	words := strings.Fields(textOf(n))
	if attrOf(n, "data-testid") != "User-Name" {
		if len(words) == 0 {
			return nil
		}
		h, _ := checkHandle(FormatArchiveHTML, "", words[0]) // "@PSOE", never a later label
		return h
	}
	// x.com's User-Name box also holds the display name and the date, each
	// in its own element; only the text starting with "@" is the handle.
	var h *string
	walk(n, func(t *html.Node) step {
		if w := strings.TrimSpace(t.Data); t.Type == html.TextNode && strings.HasPrefix(w, "@") {
			h, _ = checkHandle(FormatArchiveHTML, "", w)
			return stop
		}
		return descend
	})
	return h
}

// markupTime reads the machine-readable post time. The human-readable
// one ("11:30 AM - 15 Jan 12") is in the zone of whoever loaded the page,
// which the capture does not record, so it is never used.
func markupTime(c *html.Node, id string) *time.Time {
	var first *time.Time
	var own *time.Time
	walk(c, func(n *html.Node) step {
		if n.Type != html.ElementNode {
			return descend
		}
		t := elementTime(n)
		if t == nil {
			return descend
		}
		if first == nil {
			first = t
		}
		if insideSelfLink(n, c, id) {
			own = t
			return stop
		}
		return descend
	})
	if own != nil {
		return own
	}
	return first
}

// insideSelfLink reports whether n sits in a link to the tweet itself,
// which distinguishes its time from that of an embedded tweet.
func insideSelfLink(n, root *html.Node, id string) bool {
	for a := n; a != nil && a != root.Parent; a = a.Parent {
		if isElement(a, "a") && strings.Contains(attrOf(a, "href"), "/status/"+id) {
			return true
		}
	}
	return false
}

// oldPublished matches the 2009-2011 markup: data="{time:'Sun Jan 15 ...'}".
var oldPublished = regexp.MustCompile(`time:\s*'([^']+)'`)

func elementTime(n *html.Node) *time.Time {
	var t time.Time
	var err error
	if v, ok := getAttr(n, "data-time-ms"); ok {
		t, err = unixString(v, time.UnixMilli)
	} else if v, ok := getAttr(n, "data-time"); ok {
		t, err = unixString(v, func(s int64) time.Time { return time.Unix(s, 0) })
	} else if v, ok := getAttr(n, "datetime"); ok && n.Data == "time" {
		t, err = time.Parse(time.RFC3339, strings.TrimSpace(v))
	} else if m := oldPublished.FindStringSubmatch(attrOf(n, "data")); m != nil && hasClass(n, "published") {
		t, err = time.Parse(v1CreatedAt, m[1])
	} else {
		return nil
	}
	// Twitter began in 2006: anything earlier, or absurdly late, is not a
	// post time but a broken or unrelated attribute.
	if err != nil || t.Year() < 2006 || t.Year() > 9999 {
		return nil
	}
	t = t.UTC()
	return &t
}

func unixString(s string, conv func(int64) time.Time) (time.Time, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 || n > 253402300799999 {
		return time.Time{}, strconv.ErrRange
	}
	return conv(n), nil
}

// clientWords are what Twitter's pages wrote before the client's link:
// "via TweetDeck" (2010-2014), "from TweetDeck" (2009), and in Spanish.
var clientWords = map[string]bool{"via": true, "vía": true, "from": true, "desde": true, "mediante": true}

// markupClient reads the publishing app, shown on pages up to 2014 and
// again, as a "source label", in 2019-2022.
func markupClient(c *html.Node) *Client {
	var found *Client
	walk(c, func(n *html.Node) step {
		if !isElement(n, "a") {
			return descend
		}
		href := attrOf(n, "href")
		switch {
		case strings.Contains(href, "source-labels"):
			// The link goes to a help page, so it is not the client's URL.
			if name := strings.Join(strings.Fields(textOf(n)), " "); name != "" {
				found = &Client{Name: name}
			}
		case afterClientWord(n) || hasClass(n, "source") || (n.Parent != nil && hasClass(n.Parent, "source")):
			found = newClient(textOf(n), unwrapArchived(href))
		}
		if found != nil {
			return stop
		}
		return skip
	})
	return found
}

func afterClientWord(a *html.Node) bool {
	prev := a.PrevSibling
	if prev == nil || prev.Type != html.TextNode {
		return false
	}
	words := strings.Fields(strings.ToLower(prev.Data))
	return len(words) > 0 && clientWords[words[len(words)-1]]
}

// ogTitle matches "PSOE on Twitter", "PSOE en Twitter", `PSOE on X: "..."`.
var ogTitle = regexp.MustCompile(`^(.+?) (?:on|en) (?:Twitter|X)(?:$|:)`)

// fromMeta fills what the markup did not give from the tags pages carry
// for link previews. Only their fixed shapes are trusted: a tweet's
// og:description is its text in curly quotes, anything else is not.
func fromMeta(pg *page, p *Post) {
	if p.Text == nil {
		for _, key := range []string{"og:description", "twitter:description"} {
			d := strings.TrimSpace(pg.meta[key])
			if len(d) > len("“”") && strings.HasPrefix(d, "“") && strings.HasSuffix(d, "”") {
				p.Text = nonEmpty(strings.TrimSuffix(strings.TrimPrefix(d, "“"), "”"))
				break
			}
		}
	}
	if p.AuthorName == nil {
		if m := ogTitle.FindStringSubmatch(strings.TrimSpace(pg.meta["og:title"])); m != nil {
			p.AuthorName = nonEmpty(m[1])
		}
	}
}
