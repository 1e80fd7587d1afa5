package importpost

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// The fuzz targets check more than "no panic": every result must be a
// well-formed Post or Deletion, and every failure an *Error with a kind.
// Seeds are the fixtures plus edge shapes; run one target at a time:
//
//	go test -run='^$' -fuzz=FuzzParseV1 -fuzztime=60s ./evidence/importpost
//
// The HTML seeds are several KiB, and Go minimises each new interesting
// input for up to -fuzzminimizetime (60 s by default), during which the
// exec count stands still; -fuzzminimizetime=2s keeps a short run fuzzing.
// On Go 1.26 a duration-based run may also end in a spurious "context
// deadline exceeded" with no crasher written (golang/go#75804, fixed in
// Go 1.27); a count such as -fuzztime=2000000x avoids it.

func FuzzParseV1(f *testing.F) {
	for _, name := range []string{"v1_tweetdeck.json", "v1_extended_reply_quote.json", "v1_retweet_web.json", "v1_compat_truncated.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"id":158496143569846272,"created_at":"Sun Jan 15 10:30:00 +0000 2012","text":"&amp;&lt;&gt;","source":"<a href=x>","extended_tweet":{"full_text":"x"}}`))
	f.Add([]byte(`{"id_str":"1","created_at":"Sun Jan 15 10:30:00 +0000 2012","full_text":null,"retweeted_status":{"id":"2","retweeted_status":{}}}`))
	f.Add([]byte(`{"id_str":"1","created_at":"Sun Jan 15 10:30:00 +9999 2012","text":"","user":{"id":1e400}}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		checkPost(t, FormatTwitterV1, payload)
	})
}

func FuzzParseV2(f *testing.F) {
	for _, name := range []string{"v2_tweetdeck.json", "v2_reply_expanded.json", "v2_minimal.json", "v2_not_found.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"data":[],"includes":{"users":[{"id":"1","username":""}]}}`))
	f.Add([]byte(`{"data":{"id":"1","text":"a","author_id":"1","created_at":"2012-01-15T10:30:00+14:00","referenced_tweets":[{"type":"retweeted","id":"2"}]},"includes":{"users":[{"id":"1","username":"a"}],"tweets":[{"id":"2","author_id":"1"}]}}`))
	f.Add([]byte(`{"data":null,"errors":[{}]}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		checkPost(t, FormatTwitterV2, payload)
	})
}

func FuzzParseArchive(f *testing.F) {
	for _, name := range []string{"archive_wayback_2012.html", "archive_meta_only.html", "archive_layout_2010.html", "archive_x_rendered.html"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`<div class="permalink-tweet" data-tweet-id="1" data-time="-1"><a href="/web/1/">x</a>via <a href="javascript:x" class="source"></a></div>`))
	f.Add([]byte(`<link rel=canonical href="//web.archive.org/web/20120115103512im_/http://twitter.com/i/web/status/9"><meta property=og:description content="“”">`))
	f.Add([]byte(`<script>__wm.wombat("http://x.com/a/status/1","99999999999999","javascript:","web")</script><!-- FILE ARCHIVED ON 99:99:99 Jan 15, 2012 AND RETRIEVED -->`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		checkPost(t, FormatArchiveHTML, payload)
	})
}

func FuzzParseDeletion(f *testing.F) {
	f.Add(fixture(f, "delete.json"))
	f.Add(fixture(f, "delete_2012_no_timestamp.json"))
	f.Add([]byte(`{"delete":{"status":{"id_str":"1","user_id_str":"2"},"timestamp_ms":1326624240000}}`))
	f.Add([]byte(`{"delete":{"status":{"id":"1","user_id":-5},"timestamp_ms":"-1"}}`))
	f.Add([]byte(`{"delete":null}`))
	f.Fuzz(func(t *testing.T, payload []byte) {
		d, err := ParseDeletion(payload)
		if err != nil {
			checkError(t, err)
			return
		}
		if !validID(d.PlatformID) || d.Platform != PlatformTwitter || !bytes.Equal(d.Raw, payload) {
			t.Fatalf("bad deletion %+v", d)
		}
		if d.AuthorID != nil && !validID(*d.AuthorID) {
			t.Fatalf("bad author id %q", *d.AuthorID)
		}
		if d.DeletedAt != nil && d.DeletedAt.Location().String() != "UTC" {
			t.Fatalf("DeletedAt not UTC: %v", d.DeletedAt)
		}
	})
}

// FuzzDetect checks that guessing then parsing never panics either.
func FuzzDetect(f *testing.F) {
	f.Add(fixture(f, "v1_tweetdeck.json"))
	f.Add(fixture(f, "v2_minimal.json"))
	f.Add(fixture(f, "delete.json"))
	f.Add([]byte("\xef\xbb\xbf <html>"))
	f.Fuzz(func(t *testing.T, payload []byte) {
		if format, ok := Detect(payload); ok {
			if _, err := Import(format, payload); err != nil {
				checkError(t, err)
			}
		}
	})
}

func checkPost(t *testing.T, format Format, payload []byte) {
	p, err := Parse(format, payload)
	if err != nil {
		checkError(t, err)
		return
	}
	switch {
	case p.Format != format || p.Platform != PlatformTwitter:
		t.Fatalf("format/platform = %q/%q", p.Format, p.Platform)
	case !validID(p.PlatformID):
		t.Fatalf("invalid id %q", p.PlatformID)
	case p.URL != permalink(p.PlatformID, p.AuthorHandle):
		t.Fatalf("URL %q does not match id and handle", p.URL)
	case !bytes.Equal(p.Raw, payload):
		t.Fatal("Raw differs from the payload")
	case p.AuthorHandle != nil && !validHandle(*p.AuthorHandle):
		t.Fatalf("invalid handle %q", *p.AuthorHandle)
	case p.AuthorID != nil && !validID(*p.AuthorID):
		t.Fatalf("invalid author id %q", *p.AuthorID)
	case p.Client != nil && (p.Client.Name == "" || (p.Client.URL != nil && httpURL(*p.Client.URL) == nil)):
		t.Fatalf("bad client %+v", p.Client)
	case p.PostedAt != nil && p.PostedAt.Location().String() != "UTC":
		t.Fatalf("PostedAt not UTC: %v", p.PostedAt)
	case p.AuthorHandleFromURL && p.AuthorHandle == nil:
		t.Fatal("AuthorHandleFromURL without a handle")
	case !storable(p.Text) || !storable(p.AuthorName) || (p.Client != nil && !storable(&p.Client.Name)):
		t.Fatal("extracted text is not storable (invalid UTF-8 or NUL)")
	}
}

func storable(s *string) bool {
	return s == nil || (utf8.ValidString(*s) && !strings.Contains(*s, "\x00"))
}

func checkError(t *testing.T, err error) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	for _, kind := range []error{ErrTooLarge, ErrEmpty, ErrUnsupportedFormat, ErrNotAPost, ErrSyntax, ErrMissing, ErrMalformed} {
		if errors.Is(err, kind) {
			return
		}
	}
	t.Fatalf("error %v has no known kind", err)
}
