package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CanonicalFormat names the canonical serialisation below. It is part of
// the hashed bytes, so a future format (v2) can never collide with v1.
const CanonicalFormat = "veredicto.evidence.content/v1"

// Content is the part of an evidence item that its hash covers: what the
// item says and points to, not who submitted it or its moderation status.
// Nil pointers mean "not recorded" and are hashed as JSON null, which is
// distinct from an empty string.
type Content struct {
	Kind       Kind
	Stance     Stance
	Summary    string
	Body       *string
	SourceURL  *string
	ArchiveURL *string
	ObservedAt *time.Time
	// ObservedPrecision says how much of ObservedAt is known: "exact"
	// (also when empty), "day", "month" or "year".
	ObservedPrecision string
	StatementID       *string  // decimal database id of the statement it concerns
	ConfidenceNote    *string  // how certain the submitter is, in their words
	AttachmentHashes  []string // BytesHash of each attachment, any order
}

// ContentHash returns the lowercase hex SHA-256 of CanonicalJSON(c).
//
// A third party recomputes it by building the JSON object documented on
// CanonicalJSON from the published fields and hashing its UTF-8 bytes.
func ContentHash(c Content) string {
	sum := sha256.Sum256(CanonicalJSON(c))
	return hex.EncodeToString(sum[:])
}

// BytesHash returns the lowercase hex SHA-256 of b. Attachments are
// content-addressed by this value.
func BytesHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// CanonicalJSON returns the canonical serialisation of c that ContentHash
// hashes. It is JSON in the RFC 8785 (JCS) canonical form:
//
//   - one object with exactly these keys, sorted, no whitespace:
//     archive_url, attachment_sha256, body, confidence_note, format, kind,
//     observed_at, observed_precision, source_url, stance, statement_id,
//     summary;
//   - format is always "veredicto.evidence.content/v1";
//   - kind, stance and summary are strings (possibly empty);
//   - archive_url, body, confidence_note, source_url, statement_id are a
//     string, or null when not recorded (null and "" hash differently);
//   - observed_at is null or the instant in UTC, truncated to whole
//     microseconds (PostgreSQL's precision, so a value read back from the
//     database hashes the same), formatted as Go's RFC3339Nano: trailing
//     zero fractional digits dropped, "Z" suffix, e.g.
//     "2012-01-15T10:30:00Z" or "2012-01-15T10:30:00.5Z";
//   - observed_precision is null when observed_at is, else "exact", "day",
//     "month" or "year" (lower case; empty counts as "exact");
//   - attachment_sha256 is an array (possibly empty, never null) of the
//     attachment hashes sorted by byte value; duplicates are kept;
//   - strings are escaped as RFC 8785 requires: only '"', '\\' and the
//     control characters U+0000..U+001F are escaped (\b \t \n \f \r, the
//     rest as \u00xx with lowercase hex); everything else, including
//     non-ASCII, '<', '>', '&', '/', U+2028 and U+2029, is written as
//     literal UTF-8.
//
// Strings are hashed exactly as given: no Unicode normalisation (NFC
// would need tables outside the standard library), no trimming, no case
// folding. Store text already normalised if two spellings must hash the
// same. Invalid UTF-8, which Validate rejects, is made deterministic by
// replacing each maximal run of invalid bytes with U+FFFD.
func CanonicalJSON(c Content) []byte {
	var b strings.Builder
	b.WriteByte('{')
	field(&b, "archive_url", true)
	nullable(&b, c.ArchiveURL)
	field(&b, "attachment_sha256", false)
	hashes(&b, c.AttachmentHashes)
	field(&b, "body", false)
	nullable(&b, c.Body)
	field(&b, "confidence_note", false)
	nullable(&b, c.ConfidenceNote)
	field(&b, "format", false)
	jcsString(&b, CanonicalFormat)
	field(&b, "kind", false)
	jcsString(&b, string(c.Kind))
	field(&b, "observed_at", false)
	nullable(&b, canonicalTime(c.ObservedAt))
	field(&b, "observed_precision", false)
	nullable(&b, canonicalPrecision(c))
	field(&b, "source_url", false)
	nullable(&b, c.SourceURL)
	field(&b, "stance", false)
	jcsString(&b, string(c.Stance))
	field(&b, "statement_id", false)
	nullable(&b, c.StatementID)
	field(&b, "summary", false)
	jcsString(&b, c.Summary)
	b.WriteByte('}')
	return []byte(b.String())
}

// CanonicalTime formats an instant as CanonicalJSON does, so callers that
// display or compare canonical values use exactly the same rule.
func CanonicalTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
}

func canonicalPrecision(c Content) *string {
	if c.ObservedAt == nil {
		return nil
	}
	p := strings.ToLower(c.ObservedPrecision)
	if p == "" {
		p = "exact"
	}
	return &p
}

func canonicalTime(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := CanonicalTime(*t)
	return &s
}

func field(b *strings.Builder, key string, first bool) {
	if !first {
		b.WriteByte(',')
	}
	jcsString(b, key)
	b.WriteByte(':')
}

func nullable(b *strings.Builder, s *string) {
	if s == nil {
		b.WriteString("null")
		return
	}
	jcsString(b, *s)
}

func hashes(b *strings.Builder, hs []string) {
	sorted := slices.Clone(hs)
	slices.Sort(sorted) // Go compares strings bytewise, as documented
	b.WriteByte('[')
	for i, h := range sorted {
		if i > 0 {
			b.WriteByte(',')
		}
		jcsString(b, h)
	}
	b.WriteByte(']')
}

// jcsString writes s as an RFC 8785 JSON string.
func jcsString(b *strings.Builder, s string) {
	const hexDigits = "0123456789abcdef"
	s = strings.ToValidUTF8(s, "\uFFFD")
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		default:
			b.WriteByte(c) // multi-byte UTF-8 passes through byte by byte
		}
	}
	b.WriteByte('"')
}

// Validation errors returned (wrapped) by Content.Validate.
var (
	ErrInvalidKind   = errors.New("invalid kind")
	ErrInvalidStance = errors.New("invalid stance")
	ErrInvalidText   = errors.New("text is not valid UTF-8")
	ErrInvalidURL    = errors.New("not an absolute http(s) URL")
	ErrInvalidHash   = errors.New("not a lowercase hex SHA-256")
)

// Validate reports the first problem that would make c unfit to store.
// ContentHash works on any value; Validate is what keeps stored content
// within the subset a third party can reproduce without surprises.
func (c Content) Validate() error {
	if !c.Kind.Valid() {
		return fmt.Errorf("kind %q: %w", c.Kind, ErrInvalidKind)
	}
	if !c.Stance.Valid() {
		return fmt.Errorf("stance %q: %w", c.Stance, ErrInvalidStance)
	}
	texts := []struct {
		name string
		s    *string
	}{
		{"summary", &c.Summary}, {"body", c.Body}, {"confidence_note", c.ConfidenceNote},
		{"statement_id", c.StatementID}, {"source_url", c.SourceURL}, {"archive_url", c.ArchiveURL},
	}
	for _, t := range texts {
		if t.s != nil && !utf8.ValidString(*t.s) {
			return fmt.Errorf("%s: %w", t.name, ErrInvalidText)
		}
	}
	if err := validURL("source_url", c.SourceURL); err != nil {
		return err
	}
	if err := validURL("archive_url", c.ArchiveURL); err != nil {
		return err
	}
	for i, h := range c.AttachmentHashes {
		if !IsHash(h) {
			return fmt.Errorf("attachment_sha256[%d] %q: %w", i, h, ErrInvalidHash)
		}
	}
	return nil
}

func validURL(name string, s *string) error {
	if s == nil {
		return nil
	}
	u, err := url.Parse(*s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s %q: %w", name, *s, ErrInvalidURL)
	}
	return nil
}

// IsHash reports whether s has the form BytesHash returns: 64 lowercase
// hex digits.
func IsHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
