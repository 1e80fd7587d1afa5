package importpost

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// MaxPayload is the largest payload accepted: a tweet's JSON is a few KiB
// and an archived page a few hundred, so anything bigger is a mistake or
// an attack, and refusing it early bounds memory and parse time.
const MaxPayload = 2 << 20 // 2 MiB

// Import parses payload as the given format and returns the post or the
// deletion it describes.
func Import(format Format, payload []byte) (*Imported, error) {
	if format == FormatTwitterV1Deletion {
		d, err := ParseDeletion(payload)
		if err != nil {
			return nil, err
		}
		return &Imported{Deletion: d}, nil
	}
	p, err := Parse(format, payload)
	if err != nil {
		return nil, err
	}
	return &Imported{Post: p}, nil
}

// Parse parses payload, which must be in the given post format, into a
// Post. For FormatTwitterV1Deletion use ParseDeletion (or Import).
func Parse(format Format, payload []byte) (*Post, error) {
	if err := checkSize(format, payload); err != nil {
		return nil, err
	}
	var (
		p   *Post
		err error
	)
	switch format {
	case FormatTwitterV1:
		p, err = parseV1(payload)
	case FormatTwitterV2:
		p, err = parseV2(payload)
	case FormatArchiveHTML:
		p, err = parseArchive(payload)
	case FormatTwitterV1Deletion:
		return nil, &Error{Format: format, Err: ErrNotAPost, Detail: "use ParseDeletion or Import"}
	default:
		return nil, &Error{Format: format, Err: ErrUnsupportedFormat, Detail: fmt.Sprintf("want one of %v", Formats())}
	}
	if err != nil {
		return nil, err
	}
	p.Format = format
	p.Platform = PlatformTwitter
	p.Raw = bytes.Clone(payload)
	p.sanitize()
	return p, nil
}

// ParseFormat converts a stored or submitted name to a Format.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if string(f) == s {
			return f, nil
		}
	}
	return "", &Error{Format: Format(s), Err: ErrUnsupportedFormat, Detail: fmt.Sprintf("want one of %v", Formats())}
}

// Detect guesses a payload's format from its shape, for callers that let
// a user paste anything. It does not validate: Parse still may fail.
func Detect(payload []byte) (Format, bool) {
	if len(payload) == 0 || len(payload) > MaxPayload {
		return "", false
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(payload, utf8BOM), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '<' {
		return FormatArchiveHTML, true
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(trimmed, &top) != nil {
		return "", false
	}
	switch {
	case top["delete"] != nil:
		return FormatTwitterV1Deletion, true
	case top["data"] != nil:
		return FormatTwitterV2, true
	case top["id_str"] != nil || top["id"] != nil:
		return FormatTwitterV1, true
	}
	return "", false
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func checkSize(format Format, payload []byte) error {
	if len(payload) > MaxPayload {
		return &Error{Format: format, Err: ErrTooLarge,
			Detail: fmt.Sprintf("%d bytes, the limit is %d", len(payload), MaxPayload)}
	}
	if len(bytes.TrimSpace(payload)) == 0 {
		return &Error{Format: format, Err: ErrEmpty}
	}
	return nil
}
