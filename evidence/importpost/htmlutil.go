package importpost

import (
	"strings"

	"golang.org/x/net/html"
)

// step tells walk what to do after visiting a node.
type step int

const (
	descend step = iota // visit the node's children
	skip                // do not visit its children
	stop                // end the walk
)

// walk visits root's descendants in document order. It is iterative
// because a hostile page can nest deeply, and recursion would grow the
// stack with it.
func walk(root *html.Node, visit func(*html.Node) step) {
	n := root.FirstChild
	for n != nil {
		s := visit(n)
		if s == stop {
			return
		}
		if s == descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// find returns the first element under root that match accepts.
func find(root *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) step {
		if n.Type == html.ElementNode && match(n) {
			found = n
			return stop
		}
		return descend
	})
	return found
}

func getAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOf(n *html.Node, key string) string {
	v, _ := getAttr(n, key)
	return v
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attrOf(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func isElement(n *html.Node, tag string) bool {
	return n.Type == html.ElementNode && n.Data == tag
}

// textOf returns the text a reader sees in n: text nodes, line breaks,
// and the alt text of images (emoji are images on Twitter's pages). It
// leaves out scripts, styles and the "…" that Twitter adds to shortened
// links, whose full address is in hidden spans that are kept.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) step {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type != html.ElementNode:
			return skip
		case c.Data == "script" || c.Data == "style" || hasClass(c, "tco-ellipsis"):
			return skip
		case c.Data == "br":
			b.WriteByte('\n')
		case c.Data == "img":
			b.WriteString(attrOf(c, "alt"))
		}
		return descend
	})
	return strings.TrimSpace(b.String())
}
