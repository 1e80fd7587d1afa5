package importpost

import (
	"strings"

	"golang.org/x/net/html"
)

// parseSource reads the v1.1 "source" field, an HTML fragment such as
// `<a href="http://www.tweetdeck.com" rel="nofollow">TweetDeck</a>`, or
// plain text such as "web" for posts made on the website.
func parseSource(source string) *Client {
	if strings.TrimSpace(source) == "" {
		return nil
	}
	z := html.NewTokenizer(strings.NewReader(source))
	var (
		name   strings.Builder
		href   string
		inLink bool
		seenA  bool
	)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return newClient(name.String(), href)
		case html.StartTagToken:
			tok := z.Token()
			if tok.Data == "a" && !seenA {
				seenA, inLink = true, true
				href = attr(tok.Attr, "href")
				name.Reset() // the link text is the name, not text around it
			}
		case html.EndTagToken:
			if inLink && z.Token().Data == "a" {
				return newClient(name.String(), href)
			}
		case html.TextToken:
			if inLink || !seenA {
				name.Write(z.Text())
			}
		}
	}
}

func newClient(name, href string) *Client {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return nil
	}
	return &Client{Name: name, URL: httpURL(href)}
}

func attr(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}
