package schema

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/veredicto/veredicto/internal/apierr"
)

// The validators below name the GraphQL input field in their error, so the
// client can show the message next to the right control. ent wraps them in a
// ValidationError; the GraphQL error presenter unwraps them.

// text returns a validator for a required free-text field of at most max
// characters (Unicode code points, not bytes: Spanish text is multi-byte).
func text(field string, max int) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return apierr.Field(field, "must not be empty")
		}
		return maxLen(field, max)(s)
	}
}

// maxLen returns a validator for an optional text field of at most max
// characters.
func maxLen(field string, max int) func(string) error {
	return func(s string) error {
		if n := utf8.RuneCountInString(s); n > max {
			return apierr.Field(field, "must be at most %d characters (got %d)", max, n)
		}
		if !utf8.ValidString(s) {
			return apierr.Field(field, "must be valid UTF-8 text")
		}
		return nil
	}
}

// maxURLLen bounds stored URLs; real archive URLs stay well below it.
const maxURLLen = 2048

// httpURL returns a validator for an absolute http or https URL. Other
// schemes (javascript:, data:, file:) are refused because these URLs are
// rendered as links on pages and in widgets.
func httpURL(field string) func(string) error {
	return func(s string) error {
		if len(s) > maxURLLen {
			return apierr.Field(field, "must be at most %d bytes", maxURLLen)
		}
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			return apierr.Field(field, "must be an absolute URL such as https://example.org/page")
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			return apierr.Field(field, "must use http or https, not %q", u.Scheme)
		}
		if u.User != nil {
			return apierr.Field(field, "must not contain a user name or password")
		}
		return nil
	}
}

// SupportedLangs are the languages Veredicto's content and search handle.
var SupportedLangs = []string{"es", "en"}

// lang returns a validator for a language code among SupportedLangs.
func lang(field string) func(string) error {
	return func(s string) error {
		for _, l := range SupportedLangs {
			if s == l {
				return nil
			}
		}
		return apierr.Field(field, "must be one of %s (got %q)", strings.Join(SupportedLangs, ", "), s)
	}
}

var countryRE = regexp.MustCompile(`^[A-Z]{2}$`)

// country returns a validator for an ISO 3166-1 alpha-2 code such as "ES".
func country(field string) func(string) error {
	return func(s string) error {
		if !countryRE.MatchString(s) {
			return apierr.Field(field, "must be an ISO 3166-1 alpha-2 code in capitals, such as ES")
		}
		return nil
	}
}

var handleRE = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)

// accountHandle returns a validator for a platform handle without the "@".
func accountHandle(field string) func(string) error {
	return func(s string) error {
		if strings.HasPrefix(s, "@") {
			return apierr.Field(field, "must be given without the leading @")
		}
		if !handleRE.MatchString(s) {
			return apierr.Field(field, "must be 1 to 64 letters, digits, '_', '.' or '-'")
		}
		return nil
	}
}

var tagRE = regexp.MustCompile(`^[\p{L}\p{N}_\-]{1,50}$`)

// ValidateTags checks a claim's tag list, reporting problems on field.
func ValidateTags(field string, ts []string) error { return tags(field)(ts) }

// tags returns a validator for a claim's tags: at most 20, each a word.
func tags(field string) func([]string) error {
	return func(ts []string) error {
		if len(ts) > 20 {
			return apierr.Field(field, "must have at most 20 tags")
		}
		for _, t := range ts {
			if !tagRE.MatchString(t) {
				return apierr.Field(field, "tag %q must be 1 to 50 letters, digits, '_' or '-'", t)
			}
		}
		return nil
	}
}

// timeZone returns a validator for an IANA time zone name.
func timeZone(field string) func(string) error {
	return func(s string) error {
		if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
			return apierr.Field(field, "must be an IANA time zone such as Europe/Madrid")
		}
		return nil
	}
}

var userHandleRE = regexp.MustCompile(`^[a-z0-9_]{3,30}$`)

// userHandle returns a validator for a Veredicto user handle.
func userHandle(field string) func(string) error {
	return func(s string) error {
		if !userHandleRE.MatchString(s) {
			return apierr.Field(field, "must be 3 to 30 lower-case letters, digits or '_'")
		}
		return nil
	}
}
