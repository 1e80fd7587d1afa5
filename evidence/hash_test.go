package evidence

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // hermetic Europe/Madrid for the tests
)

func ptr[T any](v T) *T { return &v }

// The golden values were computed independently of this code with
// Python's json.dumps(obj, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) and hashlib.sha256, which produce RFC 8785 output
// for objects of strings, nulls and arrays.
func TestContentHashGolden(t *testing.T) {
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		c         Content
		canonical string
		hash      string
	}{
		{
			name:      "zero value: every nullable is null, array empty",
			c:         Content{},
			canonical: `{"archive_url":null,"attachment_sha256":[],"body":null,"confidence_note":null,"format":"veredicto.evidence.content/v1","kind":"","observed_at":null,"observed_precision":null,"source_url":null,"stance":"","statement_id":null,"summary":""}`,
			hash:      "9e4db79039e49530d24c483614462947416618452db0a0c4c7f6a4c66b32eca4",
		},
		{
			name: "founding case: Escolar's TweetDeck remark, time unknown",
			c: Content{
				Kind:           KindClientMetadata,
				Stance:         StanceContext,
				Summary:        "Ignacio Escolar señala que TweetDeck permite mandar un mismo mensaje a varias cuentas",
				ConfidenceNote: ptr("hipótesis de un periodista, no metadatos confirmados"),
				StatementID:    ptr("1"),
			},
			canonical: `{"archive_url":null,"attachment_sha256":[],"body":null,"confidence_note":"hipótesis de un periodista, no metadatos confirmados","format":"veredicto.evidence.content/v1","kind":"client_metadata","observed_at":null,"observed_precision":null,"source_url":null,"stance":"context","statement_id":"1","summary":"Ignacio Escolar señala que TweetDeck permite mandar un mismo mensaje a varias cuentas"}`,
			hash:      "f56b13575da4154fa59148c73cdf4e1922b72d7f59a51c908d669567508bf652",
		},
		{
			name: "escapes, empty strings, zone and nanoseconds, unsorted attachments",
			c: Content{
				Kind:           KindDeletedPost,
				Stance:         StanceRefutes,
				Summary:        "quote \" backslash \\ tab\t nl\n cr\r ff\f bs\b nul\x00 us\x1f del\x7f <a&b> / \u2028\u2029 😀",
				Body:           ptr(""),
				SourceURL:      ptr("https://example.org/a?b=1&c=<2>"),
				ArchiveURL:     ptr("https://web.archive.org/web/20120115103512/http://twitter.com/PSOE"),
				ObservedAt:     ptr(time.Date(2012, 1, 15, 11, 30, 0, 123456789, madrid)),
				StatementID:    ptr("42"),
				ConfidenceNote: ptr(""),
				AttachmentHashes: []string{
					"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
					"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
				},
			},
			canonical: "{\"archive_url\":\"https://web.archive.org/web/20120115103512/http://twitter.com/PSOE\",\"attachment_sha256\":[\"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\",\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"],\"body\":\"\",\"confidence_note\":\"\",\"format\":\"veredicto.evidence.content/v1\",\"kind\":\"deleted_post\",\"observed_at\":\"2012-01-15T10:30:00.123456Z\",\"observed_precision\":\"exact\",\"source_url\":\"https://example.org/a?b=1&c=<2>\",\"stance\":\"refutes\",\"statement_id\":\"42\",\"summary\":\"quote \\\" backslash \\\\ tab\\t nl\\n cr\\r ff\\f bs\\b nul\\u0000 us\\u001f del\x7f <a&b> / \u2028\u2029 😀\"}",
			hash:      "e4eded9745329e239059fdbf10568c4ea9eba8a8e07e7acbcbe1a7b47f1bf210",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(CanonicalJSON(tc.c)); got != tc.canonical {
				t.Errorf("canonical:\n got %s\nwant %s", got, tc.canonical)
			}
			if got := ContentHash(tc.c); got != tc.hash {
				t.Errorf("hash = %s, want %s", got, tc.hash)
			}
		})
	}
}

func TestContentHashDistinguishesNullFromEmpty(t *testing.T) {
	if ContentHash(Content{Body: nil}) == ContentHash(Content{Body: ptr("")}) {
		t.Fatal("null body and empty body must hash differently")
	}
}

func TestContentHashIgnoresAttachmentOrderAndDoesNotMutate(t *testing.T) {
	a, b := BytesHash([]byte("a")), BytesHash([]byte("b"))
	in := []string{b, a}
	h1 := ContentHash(Content{AttachmentHashes: in})
	h2 := ContentHash(Content{AttachmentHashes: []string{a, b}})
	if h1 != h2 {
		t.Fatal("attachment order changed the hash")
	}
	if in[0] != b {
		t.Fatal("ContentHash sorted the caller's slice in place")
	}
}

func TestContentHashSameInstantDifferentZones(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	utc := time.Date(2012, 1, 15, 10, 30, 0, 0, time.UTC)
	local := utc.In(madrid)
	roundTripped := time.Date(2012, 1, 15, 10, 30, 0, 999, time.UTC) // ns lost by PostgreSQL
	h := ContentHash(Content{ObservedAt: &utc})
	if ContentHash(Content{ObservedAt: &local}) != h || ContentHash(Content{ObservedAt: &roundTripped}) != h {
		t.Fatal("the same instant (to the microsecond) must hash the same in any zone")
	}
}

func TestContentHashInvalidUTF8IsDeterministic(t *testing.T) {
	c := Content{Summary: "a\xffb\xfe\xfdc"}
	if got := string(CanonicalJSON(c)); !strings.Contains(got, `"summary":"a`+"\uFFFD"+"b\uFFFDc\"") {
		t.Fatalf("invalid UTF-8 not replaced run by run: %s", got)
	}
	if err := c.Validate(); err == nil {
		t.Fatal("Validate accepted invalid UTF-8")
	}
}

func TestBytesHash(t *testing.T) {
	if got := BytesHash(nil); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatalf("BytesHash(nil) = %s", got)
	}
	if !IsHash(BytesHash([]byte("x"))) {
		t.Fatal("BytesHash output is not recognised by IsHash")
	}
}

func TestValidate(t *testing.T) {
	ok := Content{Kind: KindArchive, Stance: StanceContext, Summary: "s",
		SourceURL: ptr("https://example.org/"), AttachmentHashes: []string{BytesHash(nil)}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid content rejected: %v", err)
	}
	cases := []struct {
		mutate func(*Content)
		want   error
	}{
		{func(c *Content) { c.Kind = "hack" }, ErrInvalidKind},
		{func(c *Content) { c.Stance = "maybe" }, ErrInvalidStance},
		{func(c *Content) { c.Body = ptr("\xc3") }, ErrInvalidText},
		{func(c *Content) { c.SourceURL = ptr("javascript:alert(1)") }, ErrInvalidURL},
		{func(c *Content) { c.ArchiveURL = ptr("/relative") }, ErrInvalidURL},
		{func(c *Content) { c.AttachmentHashes = []string{strings.ToUpper(BytesHash(nil))} }, ErrInvalidHash},
	}
	for i, tc := range cases {
		c := ok
		tc.mutate(&c)
		if err := c.Validate(); !errors.Is(err, tc.want) {
			t.Errorf("case %d: err = %v, want %v", i, err, tc.want)
		}
	}
}

func TestKindsAndStances(t *testing.T) {
	for _, k := range Kinds() {
		if got, err := ParseKind(string(k)); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %q, %v", k, got, err)
		}
	}
	for _, s := range Stances() {
		if got, err := ParseStance(string(s)); err != nil || got != s {
			t.Errorf("ParseStance(%q) = %q, %v", s, got, err)
		}
	}
	if _, err := ParseKind("rumour"); err == nil {
		t.Error("ParseKind accepted an unknown kind")
	}
	if _, err := ParseStance(""); err == nil {
		t.Error("ParseStance accepted an empty stance")
	}
}
