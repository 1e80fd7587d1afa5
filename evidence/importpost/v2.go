package importpost

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// v2Response is a v2 tweet lookup response: GET /2/tweets/:id, with
// whatever tweet.fields and expansions the caller asked for.
type v2Response struct {
	Data     json.RawMessage `json:"data"` // an object, or an array from /2/tweets?ids=
	Includes struct {
		Users  []v2User  `json:"users"`
		Tweets []v2Tweet `json:"tweets"`
	} `json:"includes"`
	Errors []struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
	} `json:"errors"`
}

type v2Tweet struct {
	ID        string  `json:"id"`
	Text      *string `json:"text"`
	CreatedAt string  `json:"created_at"`
	AuthorID  string  `json:"author_id"`
	Lang      string  `json:"lang"`
	Source    string  `json:"source"`
	NoteTweet *struct {
		Text *string `json:"text"`
	} `json:"note_tweet"`
	ReferencedTweets []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
}

type v2User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
}

func parseV2(payload []byte) (*Post, error) {
	const f = FormatTwitterV2
	var r v2Response
	if err := decodeJSON(f, payload, &r); err != nil {
		return nil, err
	}
	t, err := r.tweet()
	if err != nil {
		return nil, err
	}
	if err := checkID(f, "data.id", t.ID); err != nil {
		return nil, err
	}
	p := &Post{PlatformID: t.ID, IDTime: snowflakeTime(t.ID)}
	if p.Text = t.fullestText(); p.Text == nil {
		return nil, missing(f, "data.text")
	}
	if err := v2Time(t.CreatedAt, p); err != nil {
		return nil, err
	}
	if p.Lang, err = langOf(f, "data.lang", t.Lang); err != nil {
		return nil, err
	}
	if err := r.author(t.AuthorID, p); err != nil {
		return nil, err
	}
	p.Client = parseSource(t.Source) // v2 gives a plain name, no link
	if err := r.refs(t, p); err != nil {
		return nil, err
	}
	p.URL = permalink(p.PlatformID, p.AuthorHandle)
	return p, nil
}

// tweet returns the one tweet in data. A response without data usually
// carries the reason in errors ("Could not find tweet"), so say it.
func (r *v2Response) tweet() (*v2Tweet, error) {
	const f = FormatTwitterV2
	raw := strings.TrimSpace(string(r.Data))
	if raw == "" || raw == "null" {
		err := &Error{Format: f, Field: "data", Err: ErrMissing}
		if len(r.Errors) > 0 {
			err.Detail = fmt.Sprintf("the API returned errors: %s: %s", clip(r.Errors[0].Title), clip(r.Errors[0].Detail))
		}
		return nil, err
	}
	if raw[0] == '[' {
		var ts []v2Tweet
		if err := decodeJSON(f, []byte(raw), &ts); err != nil {
			return nil, prefixField(err, "data")
		}
		if len(ts) != 1 {
			return nil, malformed(f, "data", "want exactly one tweet, got %d", len(ts))
		}
		return &ts[0], nil
	}
	var t v2Tweet
	if err := decodeJSON(f, []byte(raw), &t); err != nil {
		return nil, prefixField(err, "data")
	}
	return &t, nil
}

// prefixField makes a field path relative to data absolute.
func prefixField(err error, prefix string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	if e.Field == "payload" || e.Field == "" {
		e.Field = prefix
	} else {
		e.Field = prefix + "." + e.Field
	}
	return err
}

// fullestText prefers note_tweet (the whole text of a long post) to text,
// which the platform cuts at 280 characters for such posts.
func (t *v2Tweet) fullestText() *string {
	text := t.Text
	if t.NoteTweet != nil && t.NoteTweet.Text != nil {
		text = t.NoteTweet.Text
	}
	if text == nil {
		return nil
	}
	s := unescapeText(*text)
	return &s
}

// v2Time reads created_at, which v2 returns only when asked for
// (tweet.fields=created_at): absent means unknown, not an error.
func v2Time(s string, p *Post) error {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return malformed(FormatTwitterV2, "data.created_at", "want RFC 3339 like %q, got %q", "2012-01-15T10:30:00.000Z", clip(s))
	}
	t = t.UTC()
	p.PostedAt = &t
	return nil
}

// author fills the author from author_id and, when the response has the
// author_id expansion, includes.users.
func (r *v2Response) author(authorID string, p *Post) error {
	const f = FormatTwitterV2
	if authorID == "" {
		return nil
	}
	if err := checkID(f, "data.author_id", authorID); err != nil {
		return err
	}
	p.AuthorID = &authorID
	u := r.user(authorID)
	if u == nil {
		return nil
	}
	var err error
	if p.AuthorHandle, err = checkHandle(f, "includes.users.username", u.Username); err != nil {
		return err
	}
	p.AuthorName = nonEmpty(u.Name)
	return nil
}

func (r *v2Response) user(id string) *v2User {
	for i := range r.Includes.Users {
		if r.Includes.Users[i].ID == id {
			return &r.Includes.Users[i]
		}
	}
	return nil
}

func (r *v2Response) refs(t *v2Tweet, p *Post) error {
	const f = FormatTwitterV2
	for i, rt := range t.ReferencedTweets {
		field := fmt.Sprintf("data.referenced_tweets[%d].id", i)
		if err := checkID(f, field, rt.ID); err != nil {
			return err
		}
		ref, err := r.ref(rt.ID)
		if err != nil {
			return err
		}
		switch rt.Type {
		case "replied_to":
			p.ReplyTo = ref
		case "quoted":
			p.QuoteOf = ref
		case "retweeted":
			p.RetweetOf = ref
		}
	}
	return nil
}

// ref builds a Ref, with text and author when includes.tweets has them.
func (r *v2Response) ref(id string) (*Ref, error) {
	ref := &Ref{PlatformID: id}
	for i := range r.Includes.Tweets {
		t := &r.Includes.Tweets[i]
		if t.ID != id {
			continue
		}
		ref.Text = t.fullestText()
		if u := r.user(t.AuthorID); t.AuthorID != "" && u != nil {
			var err error
			if ref.AuthorHandle, err = checkHandle(FormatTwitterV2, "includes.users.username", u.Username); err != nil {
				return nil, err
			}
		}
		break
	}
	ref.URL = permalink(id, ref.AuthorHandle)
	return ref, nil
}
