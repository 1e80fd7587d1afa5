package importpost

import "strings"

// clean makes a string storable in any text column: invalid UTF-8 (a
// page in a legacy encoding) and NUL characters (which PostgreSQL text
// cannot hold) become U+FFFD. Raw keeps the bytes as they were.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

func cleanPtr(s *string) {
	if s != nil {
		*s = clean(*s)
	}
}

// sanitize applies clean to every text the parsers extracted, in one
// place, so no parser can forget it.
func (p *Post) sanitize() {
	for _, s := range []*string{p.AuthorID, p.AuthorHandle, p.AuthorName, p.Text, p.Lang} {
		cleanPtr(s)
	}
	p.URL = clean(p.URL)
	if p.Client != nil {
		p.Client.Name = clean(p.Client.Name)
		cleanPtr(p.Client.URL)
	}
	for _, r := range []*Ref{p.ReplyTo, p.RetweetOf, p.QuoteOf} {
		if r != nil {
			cleanPtr(r.AuthorHandle)
			cleanPtr(r.Text)
			r.URL = clean(r.URL)
		}
	}
	if p.Archive != nil {
		cleanPtr(p.Archive.URL)
		cleanPtr(p.Archive.OriginalURL)
	}
}
