// Package attachment decides what an uploaded evidence file is from its
// bytes alone. The name a user gives a file says nothing reliable (an
// HTML page saved as "captura.png" is still HTML, and a browser fed it
// as an image URL could run its scripts), so the name is used only in
// error messages and to flag a misleading extension.
package attachment

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"
)

// SniffLen is how many leading bytes Sniff examines. Pass at least this
// many (or the whole file if shorter); bytes beyond it are ignored.
const SniffLen = 8192

// Sniff failures; the returned error wraps one of them and says more.
var (
	ErrEmpty         = errors.New("file is empty")
	ErrExecutable    = errors.New("executable content is not accepted")
	ErrUnsupported   = errors.New("file type is not accepted")
	ErrNotUTF8       = errors.New("text is not valid UTF-8: convert it to UTF-8")
	ErrUnknownBinary = errors.New("unrecognised binary content")
)

// Type is an accepted attachment type.
type Type struct {
	MIME string // what to send as Content-Type when serving the file
	Ext  string // the extension to store it under, with the dot
}

// The accepted types. HTML is accepted because saved pages are evidence,
// but it must be served so that it cannot run in the site's origin (a
// download, or a sandboxed CSP on a separate domain).
var (
	PNG  = Type{"image/png", ".png"}
	JPEG = Type{"image/jpeg", ".jpg"}
	GIF  = Type{"image/gif", ".gif"}
	WebP = Type{"image/webp", ".webp"}
	PDF  = Type{"application/pdf", ".pdf"}
	HTML = Type{"text/html", ".html"} // charset as the page declares it
	Text = Type{"text/plain; charset=utf-8", ".txt"}
	JSON = Type{"application/json", ".json"}
)

// Types lists every accepted type (e.g. for an upload form's accept list).
func Types() []Type { return []Type{PNG, JPEG, GIF, WebP, PDF, HTML, Text, JSON} }

// Sniff returns the MIME type and extension of a file from its first
// bytes, or an error saying why it is refused.
func Sniff(head []byte, filename string) (mime string, ext string, err error) {
	t, err := sniff(head)
	if err != nil {
		return "", "", fmt.Errorf("attachment %q: %w", path.Base(filename), err)
	}
	return t.MIME, t.Ext, nil
}

// MisleadingName reports whether filename's extension claims a different
// type than the one sniffed (e.g. "captura.png" holding HTML), which is
// worth showing to an editor. A name without extension is not misleading.
func MisleadingName(filename, sniffedExt string) bool {
	e := strings.ToLower(path.Ext(filename))
	if e == "" || e == sniffedExt {
		return false
	}
	aliases := map[string]string{".jpeg": ".jpg", ".jpe": ".jpg", ".htm": ".html", ".xhtml": ".html", ".text": ".txt", ".md": ".txt", ".log": ".txt", ".csv": ".txt"}
	return aliases[e] != sniffedExt
}

func sniff(head []byte) (Type, error) {
	if len(head) == 0 {
		return Type{}, ErrEmpty
	}
	truncated := len(head) >= SniffLen
	head = head[:min(len(head), SniffLen)]
	if t, ok, err := sniffBinary(head); ok {
		return t, err
	}
	return sniffText(head, truncated)
}

// signature is a known leading byte pattern; ".." in a pattern matches
// any byte at that position.
type signature struct {
	prefix string
	what   string
	t      Type  // accepted type, or
	err    error // the refusal
}

var signatures = []signature{
	{"\x89PNG\r\n\x1a\n", "PNG", PNG, nil},
	{"\xff\xd8\xff", "JPEG", JPEG, nil},
	{"GIF87a", "GIF", GIF, nil},
	{"GIF89a", "GIF", GIF, nil},
	{"%PDF-", "PDF", PDF, nil},
	{"\x7fELF", "ELF executable (Linux, Android)", Type{}, ErrExecutable},
	{"\xfe\xed\xfa\xce", "Mach-O executable (macOS, iOS)", Type{}, ErrExecutable},
	{"\xfe\xed\xfa\xcf", "Mach-O executable (macOS, iOS)", Type{}, ErrExecutable},
	{"\xce\xfa\xed\xfe", "Mach-O executable (macOS, iOS)", Type{}, ErrExecutable},
	{"\xcf\xfa\xed\xfe", "Mach-O executable (macOS, iOS)", Type{}, ErrExecutable},
	{"\xca\xfe\xba\xbe", "Mach-O universal binary or Java class", Type{}, ErrExecutable},
	{"\x00asm", "WebAssembly module", Type{}, ErrExecutable},
	{"dex\n", "Android DEX bytecode", Type{}, ErrExecutable},
	{"L\x00\x00\x00\x01\x14\x02\x00", "Windows shortcut (.lnk)", Type{}, ErrExecutable},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE compound file (old Office document or MSI installer)", Type{}, ErrUnsupported},
	{"PK\x03\x04", "ZIP archive (also .docx, .jar, .apk)", Type{}, ErrUnsupported},
	{"PK\x05\x06", "ZIP archive", Type{}, ErrUnsupported},
	{"\x1f\x8b", "gzip archive", Type{}, ErrUnsupported},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive", Type{}, ErrUnsupported},
	{"Rar!\x1a\x07", "RAR archive", Type{}, ErrUnsupported},
	{"\xfd7zXZ\x00", "xz archive", Type{}, ErrUnsupported},
	{"....ftyp", "ISO media (MP4, MOV, HEIC): convert images to PNG or JPEG", Type{}, ErrUnsupported},
	{"\xfe\xff", "UTF-16 text", Type{}, ErrNotUTF8},
	{"\xff\xfe", "UTF-16 text", Type{}, ErrNotUTF8},
}

// sniffBinary matches the byte signatures; ok is false when none does.
func sniffBinary(head []byte) (Type, bool, error) {
	if isWebP(head) {
		return WebP, true, nil
	}
	for _, s := range signatures {
		if hasPattern(head, s.prefix) {
			if s.err != nil {
				return Type{}, true, fmt.Errorf("%w: %s", s.err, s.what)
			}
			return s.t, true, nil
		}
	}
	// "MZ" alone could start a text file; a DOS/Windows executable also
	// has binary bytes in its header.
	if bytes.HasPrefix(head, []byte("MZ")) && hasBinaryByte(head) {
		return Type{}, true, fmt.Errorf("%w: Windows/DOS executable (MZ)", ErrExecutable)
	}
	return Type{}, false, nil
}

func hasPattern(head []byte, pattern string) bool {
	if len(head) < len(pattern) {
		return false
	}
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != '.' && head[i] != pattern[i] {
			return false
		}
	}
	return true
}

// isWebP checks the RIFF container for a WebP payload: "RIFF" size
// "WEBP" then a "VP8" chunk (VP8, VP8L or VP8X).
func isWebP(head []byte) bool {
	return len(head) >= 15 && string(head[0:4]) == "RIFF" &&
		string(head[8:12]) == "WEBP" && string(head[12:15]) == "VP8"
}

// hasBinaryByte reports a byte no text file contains: the WHATWG MIME
// sniffing standard's "binary data bytes".
func hasBinaryByte(b []byte) bool {
	for _, c := range b {
		if c <= 0x08 || c == 0x0b || (c >= 0x0e && c <= 0x1a) || (c >= 0x1c && c <= 0x1f) {
			return true
		}
	}
	return false
}

// sniffText classifies content that matched no binary signature.
func sniffText(head []byte, truncated bool) (Type, error) {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if hasBinaryByte(head) {
		n := min(len(head), 8)
		return Type{}, fmt.Errorf("%w (starts with %s)", ErrUnknownBinary, hex.EncodeToString(head[:n]))
	}
	if bytes.HasPrefix(head, []byte("#!")) {
		return Type{}, fmt.Errorf("%w: script with an interpreter line (#!)", ErrExecutable)
	}
	body := bytes.TrimLeft(head, "\t\n\f\r ")
	if t, ok, err := sniffMarkup(body); ok {
		return t, err
	}
	if !validUTF8(head, truncated) {
		return Type{}, ErrNotUTF8
	}
	if len(body) > 0 && (body[0] == '{' || body[0] == '[') && jsonPrefix(body) {
		return JSON, nil
	}
	return Text, nil
}

// validUTF8 accepts a rune cut short at the end of a truncated head.
func validUTF8(b []byte, truncated bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !truncated {
		return false
	}
	for cut := 1; cut <= 3 && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

// jsonPrefix reports whether b is JSON, or the start of it: the head may
// end mid-value, which is not a syntax error.
func jsonPrefix(b []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		_, err := dec.Token()
		switch {
		case err == nil:
			continue
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return true
		default:
			return false
		}
	}
}
