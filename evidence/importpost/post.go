// Package importpost turns a published post, as a platform API or a web
// archive returned it, into a Post (or a Deletion) that Veredicto can
// store as a Statement.
//
// Every value that the payload does not state is left unknown (a nil
// pointer), never guessed: an archived page without a machine-readable
// timestamp has no PostedAt, a v2 payload without the author expansion has
// no AuthorHandle. The payload itself is kept verbatim in Raw, so a reader
// can check what the parser made of it.
//
// The parsers accept at most MaxPayload bytes and never panic; each has a
// fuzz target in this package.
package importpost

import "time"

// Format names a payload format that Import understands. The values are
// stable: they may be stored and exposed as a GraphQL enum.
type Format string

// The supported formats.
const (
	// FormatTwitterV1 is a Twitter API v1.1 tweet object (statuses/show,
	// timelines, streaming), in compat or extended (full_text) mode.
	FormatTwitterV1 Format = "twitter_v1"
	// FormatTwitterV2 is a Twitter API v2 single-tweet response: "data"
	// plus optional "includes" (users, tweets).
	FormatTwitterV2 Format = "twitter_v2"
	// FormatArchiveHTML is a tweet's web page as an archive (the Wayback
	// Machine, or a browser's "save page") stored it.
	FormatArchiveHTML Format = "archive_html"
	// FormatTwitterV1Deletion is a v1.1 streaming status-deletion notice;
	// it yields a Deletion, not a Post.
	FormatTwitterV1Deletion Format = "twitter_v1_deletion"
)

// Formats lists every supported format in a fixed order.
func Formats() []Format {
	return []Format{FormatTwitterV1, FormatTwitterV2, FormatArchiveHTML, FormatTwitterV1Deletion}
}

// PlatformTwitter is the only platform so far. Posts from x.com are the
// same platform and are stored as "twitter".
const PlatformTwitter = "twitter"

// Post is one published post as the payload describes it. Pointer fields
// are nil when the payload does not state the value.
type Post struct {
	Format     Format // the parser that produced it
	Platform   string // PlatformTwitter
	PlatformID string // the tweet id, decimal; always known
	// URL is the post's permalink, built from the id and, when known, the
	// handle (https://twitter.com/{handle}/status/{id}); without a handle
	// it is https://twitter.com/i/web/status/{id}, which the platform
	// resolves the same way.
	URL string

	AuthorID     *string // the platform's numeric user id, decimal
	AuthorHandle *string // the screen name without "@"
	// AuthorHandleFromURL is true when the handle was read only from the
	// archived page's address. Twitter redirects /anyone/status/{id} to the
	// real author, so such a handle is a hint, not a fact.
	AuthorHandleFromURL bool
	AuthorName          *string // the display name at the time of capture

	// Text is the post's text with the platform's HTML escaping (&amp;,
	// &lt;, &gt;) undone. For archived pages it is the text as displayed
	// (expanded links rather than t.co).
	Text *string
	// Truncated is true when the payload says Text is cut short and holds
	// no full version (v1.1 compat mode without extended_tweet).
	Truncated bool
	Lang      *string    // BCP 47 tag; the platform's "und" counts as unknown
	PostedAt  *time.Time // UTC
	// IDTime is the instant encoded in a Snowflake id (posts from
	// November 2010 on), to the millisecond, in UTC. It is independent of
	// PostedAt and lets a reader check a payload's created_at.
	IDTime *time.Time

	Client *Client // the app that published it, when the payload says

	ReplyTo   *Ref // the post this one answers
	RetweetOf *Ref // the post this one re-shares
	QuoteOf   *Ref // the post this one quotes

	Archive *Archive // set when the payload came from a web archive

	Raw []byte // the payload exactly as given
}

// Client is the application that published a post, e.g. "TweetDeck".
type Client struct {
	Name string  // as the platform labels it; never empty
	URL  *string // the link the platform gives for it, if any
}

// Ref points at another post.
type Ref struct {
	PlatformID   string
	AuthorHandle *string
	Text         *string // when the payload embeds the referenced post
	URL          string  // permalink, built like Post.URL
}

// Archive says where and when a web archive captured the page.
type Archive struct {
	URL         *string    // the capture's address, e.g. https://web.archive.org/web/20120115103512/http://twitter.com/...
	OriginalURL *string    // the address that was captured
	CapturedAt  *time.Time // UTC, from the archive's own timestamp
}

// Deletion is a platform's notice that a post was deleted.
type Deletion struct {
	Format     Format
	Platform   string
	PlatformID string  // the deleted post's id
	AuthorID   *string // the author's numeric user id
	// DeletedAt is when the platform emitted the notice (timestamp_ms),
	// which is when it processed the deletion. Notices from before 2013
	// carry no timestamp, and then it is nil.
	DeletedAt *time.Time
	Raw       []byte
}

// Imported is what Import returns: exactly one of Post and Deletion is set.
type Imported struct {
	Post     *Post
	Deletion *Deletion
}
