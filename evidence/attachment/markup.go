package attachment

import (
	"bytes"
	"fmt"
)

// htmlStarts are the WHATWG MIME sniffing standard's HTML patterns, plus
// <meta> and <link>, with which browsers' "save page" often begins. Each
// must be followed by a space or ">" (except the comment opener).
var htmlStarts = []string{
	"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div",
	"<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p",
	"<meta", "<link",
}

// sniffMarkup recognises HTML, and refuses other XML (SVG above all, which
// can carry scripts). ok is false when body does not start with markup.
func sniffMarkup(body []byte) (Type, bool, error) {
	if isHTMLStart(body) {
		return HTML, true, nil
	}
	if !hasPrefixFold(body, "<?xml") {
		return Type{}, false, nil
	}
	// XHTML pages start with an XML declaration, then the HTML.
	rest := body
	if end := bytes.Index(rest, []byte("?>")); end >= 0 {
		rest = bytes.TrimLeft(rest[end+2:], "\t\n\f\r ")
	}
	if isHTMLStart(rest) {
		return HTML, true, nil
	}
	what := "XML"
	if bytes.Contains(bytes.ToLower(body), []byte("<svg")) {
		what = "SVG image (can carry scripts): convert it to PNG"
	}
	return Type{}, true, fmt.Errorf("%w: %s", ErrUnsupported, what)
}

func isHTMLStart(b []byte) bool {
	if bytes.HasPrefix(b, []byte("<!--")) {
		return true
	}
	for _, p := range htmlStarts {
		if hasPrefixFold(b, p) && len(b) > len(p) && (b[len(p)] == ' ' || b[len(p)] == '>' ||
			b[len(p)] == '\t' || b[len(p)] == '\n' || b[len(p)] == '\r' || b[len(p)] == '\f') {
			return true
		}
	}
	return false
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}
