package importpost

import (
	"encoding/json"
	"strings"
	"time"
)

// v1Tweet is the subset of a v1.1 tweet object that Veredicto keeps.
type v1Tweet struct {
	CreatedAt     string          `json:"created_at"`
	ID            json.RawMessage `json:"id"`
	IDStr         string          `json:"id_str"`
	Text          *string         `json:"text"`
	FullText      *string         `json:"full_text"`
	Truncated     bool            `json:"truncated"`
	ExtendedTweet *struct {
		FullText *string `json:"full_text"`
	} `json:"extended_tweet"`
	Source               string   `json:"source"`
	Lang                 string   `json:"lang"`
	User                 *v1User  `json:"user"`
	InReplyToStatusIDStr string   `json:"in_reply_to_status_id_str"`
	InReplyToScreenName  string   `json:"in_reply_to_screen_name"`
	RetweetedStatus      *v1Tweet `json:"retweeted_status"`
	QuotedStatusIDStr    string   `json:"quoted_status_id_str"`
	QuotedStatus         *v1Tweet `json:"quoted_status"`
}

type v1User struct {
	ID         json.RawMessage `json:"id"`
	IDStr      string          `json:"id_str"`
	ScreenName string          `json:"screen_name"`
	Name       string          `json:"name"`
}

// v1CreatedAt is the layout of v1.1 created_at: "Sun Jan 15 10:30:00 +0000 2012".
const v1CreatedAt = time.RubyDate

func parseV1(payload []byte) (*Post, error) {
	const f = FormatTwitterV1
	var t v1Tweet
	if err := decodeJSON(f, payload, &t); err != nil {
		return nil, err
	}
	id, err := v1ID(f, "", t.IDStr, t.ID)
	if err != nil {
		return nil, err
	}
	p := &Post{PlatformID: id, IDTime: snowflakeTime(id)}
	if t.CreatedAt == "" {
		return nil, missing(f, "created_at")
	}
	posted, err := time.Parse(v1CreatedAt, t.CreatedAt)
	if err != nil {
		return nil, malformed(f, "created_at", "want like %q, got %q", "Sun Jan 15 10:30:00 +0000 2012", clip(t.CreatedAt))
	}
	posted = posted.UTC()
	p.PostedAt = &posted
	if err := v1Text(f, &t, p); err != nil {
		return nil, err
	}
	if p.Lang, err = langOf(f, "lang", t.Lang); err != nil {
		return nil, err
	}
	if err := v1Author(f, t.User, p); err != nil {
		return nil, err
	}
	p.Client = parseSource(t.Source)
	if err := v1Refs(f, &t, p); err != nil {
		return nil, err
	}
	p.URL = permalink(p.PlatformID, p.AuthorHandle)
	return p, nil
}

// v1ID prefers id_str: id is a JSON number that JavaScript tools round,
// so it is used only when id_str is absent, and only if it is exact.
func v1ID(f Format, prefix, idStr string, raw json.RawMessage) (string, error) {
	if idStr != "" {
		return idStr, checkID(f, prefix+"id_str", idStr)
	}
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return "", missing(f, prefix+"id_str")
	}
	if !validID(s) {
		return "", malformed(f, prefix+"id", "want an exact integer (or id_str), got %s", clip(s))
	}
	return s, nil
}

// fullestText picks the fullest text the tweet holds: extended_tweet
// (compat-mode streaming), then full_text (extended mode), then text.
// full reports whether the choice is a full (untruncated) field.
func (t *v1Tweet) fullestText() (text *string, full bool) {
	text = t.Text
	if t.FullText != nil {
		text, full = t.FullText, true
	}
	if t.ExtendedTweet != nil && t.ExtendedTweet.FullText != nil {
		text, full = t.ExtendedTweet.FullText, true
	}
	if text != nil {
		s := unescapeText(*text)
		text = &s
	}
	return text, full
}

func v1Text(f Format, t *v1Tweet, p *Post) error {
	text, full := t.fullestText()
	if text == nil {
		return missing(f, "text")
	}
	p.Text = text
	p.Truncated = t.Truncated && !full
	return nil
}

func v1Author(f Format, u *v1User, p *Post) error {
	if u == nil {
		return nil // trim_user payloads and some exports omit the user
	}
	if u.IDStr != "" || len(u.ID) > 0 {
		id, err := v1ID(f, "user.", u.IDStr, u.ID)
		if err != nil {
			return err
		}
		p.AuthorID = &id
	}
	var err error
	if p.AuthorHandle, err = checkHandle(f, "user.screen_name", u.ScreenName); err != nil {
		return err
	}
	p.AuthorName = nonEmpty(u.Name)
	return nil
}

func v1Refs(f Format, t *v1Tweet, p *Post) error {
	var err error
	if t.InReplyToStatusIDStr != "" {
		if err := checkID(f, "in_reply_to_status_id_str", t.InReplyToStatusIDStr); err != nil {
			return err
		}
		r := &Ref{PlatformID: t.InReplyToStatusIDStr}
		if r.AuthorHandle, err = checkHandle(f, "in_reply_to_screen_name", t.InReplyToScreenName); err != nil {
			return err
		}
		r.URL = permalink(r.PlatformID, r.AuthorHandle)
		p.ReplyTo = r
	}
	if t.RetweetedStatus != nil {
		if p.RetweetOf, err = v1Ref(f, "retweeted_status.", t.RetweetedStatus); err != nil {
			return err
		}
	}
	switch {
	case t.QuotedStatus != nil:
		p.QuoteOf, err = v1Ref(f, "quoted_status.", t.QuotedStatus)
	case t.QuotedStatusIDStr != "":
		if err = checkID(f, "quoted_status_id_str", t.QuotedStatusIDStr); err == nil {
			p.QuoteOf = &Ref{PlatformID: t.QuotedStatusIDStr, URL: permalink(t.QuotedStatusIDStr, nil)}
		}
	}
	return err
}

// v1Ref summarises an embedded tweet. Only its id is required: an
// embedded tweet is context, and its own details may have been trimmed.
func v1Ref(f Format, prefix string, t *v1Tweet) (*Ref, error) {
	id, err := v1ID(f, prefix, t.IDStr, t.ID)
	if err != nil {
		return nil, err
	}
	r := &Ref{PlatformID: id}
	if t.User != nil {
		if r.AuthorHandle, err = checkHandle(f, prefix+"user.screen_name", t.User.ScreenName); err != nil {
			return nil, err
		}
	}
	r.Text, _ = t.fullestText()
	r.URL = permalink(id, r.AuthorHandle)
	return r, nil
}
