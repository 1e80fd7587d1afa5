package importpost

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// decodeJSON unmarshals payload into v and turns encoding/json's errors
// into *Error values that name the offending field.
func decodeJSON(format Format, payload []byte, v any) error {
	err := json.Unmarshal(bytes.TrimPrefix(payload, utf8BOM), v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syn):
		return &Error{Format: format, Err: ErrSyntax, Detail: fmt.Sprintf("JSON syntax error at byte %d: %v", syn.Offset, syn)}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "payload"
		}
		return malformed(format, field, "want %s, got JSON %s", jsonKind(typ.Type.Kind().String()), typ.Value)
	default:
		return &Error{Format: format, Err: ErrSyntax, Detail: err.Error()}
	}
}

// jsonKind names a Go kind the way a JSON author would think of it.
func jsonKind(goKind string) string {
	switch goKind {
	case "struct", "map":
		return "an object"
	case "slice":
		return "an array"
	case "bool":
		return "a boolean"
	case "string":
		return "a string"
	case "ptr", "interface":
		return "a value"
	}
	return "a number"
}

// validID reports whether s is a platform id as the platform writes it:
// a positive decimal that fits in 64 bits, without leading zeros.
func validID(s string) bool {
	if s == "" || len(s) > 20 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// validHandle accepts screen names as Twitter allows them. The limit is
// 15 today, but some early accounts kept longer names, hence 50.
func validHandle(s string) bool {
	if s == "" || len(s) > 50 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// checkID validates an id field, naming it in the error.
func checkID(format Format, field, s string) error {
	if s == "" {
		return missing(format, field)
	}
	if !validID(s) {
		return malformed(format, field, "want a positive decimal id, got %q", clip(s))
	}
	return nil
}

// checkHandle validates a screen-name field.
func checkHandle(format Format, field, s string) (*string, error) {
	s = strings.TrimPrefix(s, "@")
	if s == "" {
		return nil, nil
	}
	if !validHandle(s) {
		return nil, malformed(format, field, "want letters, digits and _, got %q", clip(s))
	}
	return &s, nil
}

// unescapeText undoes the only escaping the Twitter APIs apply to text:
// &amp;, &lt; and &gt;. A full HTML unescape would also decode entities
// the author typed literally (the API sends those as "&amp;eacute;").
var unescapeText = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace

// langOf turns a platform language code into a tag, or nil when unknown.
func langOf(format Format, field, s string) (*string, error) {
	if s == "" || s == "und" {
		return nil, nil // "und" is the platform saying it could not tell
	}
	if len(s) > 35 {
		return nil, malformed(format, field, "language tag too long")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return nil, malformed(format, field, "want a language tag, got %q", clip(s))
		}
	}
	return &s, nil
}

// permalink builds a post's canonical address.
func permalink(id string, handle *string) string {
	if handle == nil {
		return "https://twitter.com/i/web/status/" + id
	}
	return "https://twitter.com/" + *handle + "/status/" + id
}

// snowflakeEpoch is Twitter's Snowflake epoch (2010-11-04T01:42:54.657Z).
const snowflakeEpoch = 1288834974657

// minSnowflake is the smallest id taken as a Snowflake: one day after the
// epoch. Earlier, sequential ids never went past about 3e10, far below it.
const minSnowflake = uint64(86_400_000) << 22

// snowflakeTime returns the instant encoded in a Snowflake id, or nil for
// ids from before Snowflake.
func snowflakeTime(id string) *time.Time {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n < minSnowflake {
		return nil
	}
	t := time.UnixMilli(int64(n>>22) + snowflakeEpoch).UTC()
	return &t
}

// SnowflakeTime exposes the instant encoded in a post id, so callers can
// date a post whose payload gives no time. ok is false for malformed or
// pre-Snowflake (before November 2010) ids.
func SnowflakeTime(id string) (t time.Time, ok bool) {
	if !validID(id) {
		return time.Time{}, false
	}
	if p := snowflakeTime(id); p != nil {
		return *p, true
	}
	return time.Time{}, false
}

// httpURL returns s if it is an absolute http(s) URL, otherwise nil: a
// javascript: or relative link from a payload must not become a link.
func httpURL(s string) *string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return &s
}

// nonEmpty returns &s unless s is blank.
func nonEmpty(s string) *string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return &s
}

// clip shortens a value quoted in an error message.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	return strings.ToValidUTF8(s[:max], "") + "…"
}
