package importpost

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const unknown = "<unknown>"

func str(p *string) string {
	if p == nil {
		return unknown
	}
	return *p
}

func tm(p *time.Time) string {
	if p == nil {
		return unknown
	}
	return p.Format(time.RFC3339Nano)
}

func ref(r *Ref) string {
	if r == nil {
		return unknown
	}
	return r.PlatformID + " @" + str(r.AuthorHandle) + " " + str(r.Text) + " " + r.URL
}

// flatten turns a Post into comparable strings, "<unknown>" for nil.
func flatten(p *Post) map[string]string {
	client, clientURL := unknown, unknown
	if p.Client != nil {
		client, clientURL = p.Client.Name, str(p.Client.URL)
	}
	arcURL, arcOrig, arcAt := unknown, unknown, unknown
	if p.Archive != nil {
		arcURL, arcOrig, arcAt = str(p.Archive.URL), str(p.Archive.OriginalURL), tm(p.Archive.CapturedAt)
	}
	return map[string]string{
		"format": string(p.Format), "platform": p.Platform, "id": p.PlatformID, "url": p.URL,
		"author_id": str(p.AuthorID), "handle": str(p.AuthorHandle),
		"handle_from_url": strconv.FormatBool(p.AuthorHandleFromURL), "name": str(p.AuthorName),
		"text": str(p.Text), "truncated": strconv.FormatBool(p.Truncated), "lang": str(p.Lang),
		"posted_at": tm(p.PostedAt), "id_time": tm(p.IDTime), "client": client, "client_url": clientURL,
		"reply_to": ref(p.ReplyTo), "retweet_of": ref(p.RetweetOf), "quote_of": ref(p.QuoteOf),
		"archive_url": arcURL, "archive_original": arcOrig, "archive_at": arcAt,
	}
}

const (
	caseID   = "158496143569846272"
	caseURL  = "https://twitter.com/PSOE/status/" + caseID
	caseTime = "2012-01-15T10:30:00Z"
	noText   = "[synthetic fixture: the real text is not recorded]"
)

func TestParseFixtures(t *testing.T) {
	cases := []struct {
		file   string
		format Format
		want   map[string]string // only the keys listed are checked...
	}{
		{"v1_tweetdeck.json", FormatTwitterV1, map[string]string{
			"id": caseID, "url": caseURL, "author_id": "8186022", "handle": "PSOE", "name": "PSOE",
			"text": noText + " Q&A <DM> #primarias", "lang": "es", "posted_at": caseTime, "id_time": caseTime,
			"client": "TweetDeck", "client_url": "http://www.tweetdeck.com", "truncated": "false",
			"reply_to": unknown, "retweet_of": unknown, "quote_of": unknown, "archive_url": unknown,
		}},
		{"v1_extended_reply_quote.json", FormatTwitterV1, map[string]string{
			"handle": "lector_ficticio", "text": "@PSOE [synthetic fixture] ¿Un hacker? 🤔 https://t.co/abc",
			"lang": unknown, "posted_at": "2012-01-15T12:40:05Z", "client": "Twitter for iPhone",
			"client_url": "http://twitter.com/download/iphone",
			"reply_to":   caseID + " @PSOE <unknown> " + caseURL,
			"quote_of":   caseID + " @PSOE " + noText + " " + caseURL,
		}},
		{"v1_retweet_web.json", FormatTwitterV1, map[string]string{
			"client": "web", "client_url": unknown,
			"retweet_of": "158503190000000003 @lector_ficticio [synthetic fixture] #excusasPSOE https://twitter.com/lector_ficticio/status/158503190000000003",
		}},
		{"v1_compat_truncated.json", FormatTwitterV1, map[string]string{
			"truncated": "true", "author_id": "8186022", "handle": unknown, "name": unknown,
			"url": "https://twitter.com/i/web/status/" + caseID, "client": unknown, "lang": unknown,
		}},
		{"v2_tweetdeck.json", FormatTwitterV2, map[string]string{
			"id": caseID, "url": caseURL, "author_id": "8186022", "handle": "PSOE", "name": "PSOE",
			"text": noText + " Q&A", "lang": "es", "posted_at": caseTime, "client": "TweetDeck", "client_url": unknown,
		}},
		{"v2_reply_expanded.json", FormatTwitterV2, map[string]string{
			"handle": "lector_ficticio", "text": "@PSOE [synthetic fixture] ¿Un hacker? (note_tweet: full text)",
			"reply_to": caseID + " @PSOE " + noText + " " + caseURL,
			"quote_of": caseID + " @PSOE " + noText + " " + caseURL, "client": unknown,
		}},
		{"v2_minimal.json", FormatTwitterV2, map[string]string{
			"posted_at": unknown, "id_time": caseTime, "author_id": unknown, "handle": unknown, "lang": unknown,
			"url": "https://twitter.com/i/web/status/" + caseID,
		}},
		{"archive_wayback_2012.html", FormatArchiveHTML, map[string]string{
			"id": caseID, "url": caseURL, "author_id": "8186022", "handle": "PSOE", "handle_from_url": "false",
			"name": "PSOE", "lang": "es", "posted_at": caseTime, "client": "TweetDeck",
			"client_url":       "http://www.tweetdeck.com/",
			"text":             noText + " Q&A #primarias http://www.psoe.es/ambito/actualidad 😀",
			"archive_url":      "https://web.archive.org/web/20120115103512/http://twitter.com/PSOE/status/" + caseID,
			"archive_original": "http://twitter.com/PSOE/status/" + caseID, "archive_at": "2012-01-15T10:35:12Z",
		}},
		{"archive_meta_only.html", FormatArchiveHTML, map[string]string{
			"id": caseID, "handle": "PSOE", "handle_from_url": "true", "name": "PSOE",
			"text": noText + " Q&A", "posted_at": unknown, "client": unknown, "lang": unknown, "author_id": unknown,
			"archive_url":      "https://web.archive.org/web/20160301120000/https://twitter.com/PSOE/status/" + caseID,
			"archive_original": "https://twitter.com/PSOE/status/" + caseID, "archive_at": "2016-03-01T12:00:00Z",
		}},
		{"archive_layout_2010.html", FormatArchiveHTML, map[string]string{
			"id": caseID, "handle": "PSOE", "handle_from_url": "false", "name": unknown,
			"text": "[synthetic fixture] línea uno\nlínea dos", "posted_at": caseTime,
			"client": "TweetDeck", "client_url": "http://www.tweetdeck.com/", "archive_url": unknown,
		}},
		{"archive_x_rendered.html", FormatArchiveHTML, map[string]string{
			"id": caseID, "handle": "PSOE", "handle_from_url": "false", "name": "PSOE", "lang": "es",
			"text": noText + "🌹", "posted_at": caseTime, "client": "TweetDeck", "client_url": unknown,
			"archive_url": unknown,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			payload := fixture(t, tc.file)
			p, err := Parse(tc.format, payload)
			if err != nil {
				t.Fatal(err)
			}
			got := flatten(p)
			for k, want := range tc.want {
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			if got["format"] != string(tc.format) || got["platform"] != PlatformTwitter {
				t.Errorf("format/platform = %s/%s", got["format"], got["platform"])
			}
			if !bytes.Equal(p.Raw, payload) {
				t.Error("Raw is not the payload verbatim")
			}
			if f, ok := Detect(payload); !ok || f != tc.format {
				t.Errorf("Detect = %q, %v", f, ok)
			}
		})
	}
}

func TestRawIsACopy(t *testing.T) {
	payload := fixture(t, "v1_tweetdeck.json")
	p, err := Parse(FormatTwitterV1, payload)
	if err != nil {
		t.Fatal(err)
	}
	payload[0] = 'X'
	if p.Raw[0] != '{' {
		t.Fatal("Raw aliases the caller's buffer")
	}
}

func TestParseDeletion(t *testing.T) {
	d, err := ParseDeletion(fixture(t, "delete.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.PlatformID != caseID || str(d.AuthorID) != "8186022" || tm(d.DeletedAt) != "2012-01-15T10:44:00Z" {
		t.Fatalf("got %s %s %s", d.PlatformID, str(d.AuthorID), tm(d.DeletedAt))
	}
	// 2012 notices had no timestamp and only numeric ids.
	d, err = ParseDeletion(fixture(t, "delete_2012_no_timestamp.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.PlatformID != caseID || str(d.AuthorID) != "8186022" || d.DeletedAt != nil {
		t.Fatalf("got %s %s %s", d.PlatformID, str(d.AuthorID), tm(d.DeletedAt))
	}
	imp, err := Import(FormatTwitterV1Deletion, fixture(t, "delete.json"))
	if err != nil || imp.Deletion == nil || imp.Post != nil {
		t.Fatalf("Import(deletion) = %+v, %v", imp, err)
	}
}

func TestImportPost(t *testing.T) {
	imp, err := Import(FormatTwitterV2, fixture(t, "v2_tweetdeck.json"))
	if err != nil || imp.Post == nil || imp.Deletion != nil {
		t.Fatalf("Import(v2) = %+v, %v", imp, err)
	}
}

// TestErrors checks that each failure names its field and kind.
func TestErrors(t *testing.T) {
	v1 := string(fixture(t, "v1_tweetdeck.json"))
	cases := []struct {
		name    string
		format  Format
		payload string
		kind    error
		field   string
		detail  string
	}{
		{"too large", FormatTwitterV1, strings.Repeat(" ", MaxPayload+1), ErrTooLarge, "", "limit is 2097152"},
		{"empty", FormatTwitterV2, " \n", ErrEmpty, "", ""},
		{"unknown format", "mastodon", "{}", ErrUnsupportedFormat, "", ""},
		{"bad json", FormatTwitterV1, `{"id_str":`, ErrSyntax, "", ""},
		{"not an object", FormatTwitterV1, `[1,2]`, ErrMalformed, "payload", "object"},
		{"no id", FormatTwitterV1, `{"created_at":"Sun Jan 15 10:30:00 +0000 2012","text":"x"}`, ErrMissing, "id_str", ""},
		{"float id", FormatTwitterV1, `{"id":1.5849614356984627e17}`, ErrMalformed, "id", "exact integer"},
		{"bad id_str", FormatTwitterV1, `{"id_str":"12a"}`, ErrMalformed, "id_str", `"12a"`},
		{"id_str number", FormatTwitterV1, `{"id_str":12}`, ErrMalformed, "id_str", "string"},
		{"no created_at", FormatTwitterV1, `{"id_str":"1","text":"x"}`, ErrMissing, "created_at", ""},
		{"bad created_at", FormatTwitterV1, strings.Replace(v1, "Sun Jan 15", "2012-01-15", 1), ErrMalformed, "created_at", "Sun Jan 15 10:30:00 +0000 2012"},
		{"no text", FormatTwitterV1, `{"id_str":"1","created_at":"Sun Jan 15 10:30:00 +0000 2012"}`, ErrMissing, "text", ""},
		{"bad handle", FormatTwitterV1, strings.Replace(v1, `"screen_name":"PSOE"`, `"screen_name":"PS OE"`, 1), ErrMalformed, "user.screen_name", ""},
		{"bad lang", FormatTwitterV1, strings.Replace(v1, `"lang":"es"`, `"lang":"es_ES!"`, 1), ErrMalformed, "lang", ""},
		{"bad user id", FormatTwitterV1, strings.Replace(v1, `"id_str":"8186022"`, `"id_str":"-1"`, 1), ErrMalformed, "user.id_str", ""},
		{"bad reply id", FormatTwitterV1, strings.Replace(v1, `"in_reply_to_status_id_str":null`, `"in_reply_to_status_id_str":"x"`, 1), ErrMalformed, "in_reply_to_status_id_str", ""},
		{"v2 not found", FormatTwitterV2, string(fixture(t, "v2_not_found.json")), ErrMissing, "data", "Could not find tweet"},
		{"v2 two tweets", FormatTwitterV2, `{"data":[{"id":"1","text":"a"},{"id":"2","text":"b"}]}`, ErrMalformed, "data", "exactly one"},
		{"v2 data string", FormatTwitterV2, `{"data":"x"}`, ErrMalformed, "data", "object"},
		{"v2 id number", FormatTwitterV2, `{"data":{"id":1,"text":"a"}}`, ErrMalformed, "data.id", "string"},
		{"v2 no text", FormatTwitterV2, `{"data":{"id":"1"}}`, ErrMissing, "data.text", ""},
		{"v2 bad time", FormatTwitterV2, `{"data":{"id":"1","text":"a","created_at":"yesterday"}}`, ErrMalformed, "data.created_at", "RFC 3339"},
		{"v2 bad author", FormatTwitterV2, `{"data":{"id":"1","text":"a","author_id":"me"}}`, ErrMalformed, "data.author_id", ""},
		{"v2 bad ref", FormatTwitterV2, `{"data":{"id":"1","text":"a","referenced_tweets":[{"type":"quoted","id":""}]}}`, ErrMissing, "data.referenced_tweets[0].id", ""},
		{"html without tweet", FormatArchiveHTML, `<html><body><p>hola</p></body></html>`, ErrMissing, "status id", ""},
		{"html too deep", FormatArchiveHTML, strings.Repeat("<div>", 600), ErrSyntax, "", ""},
		{"deletion without delete", FormatTwitterV1Deletion, `{"status":{}}`, ErrMissing, "delete", ""},
		{"deletion without status", FormatTwitterV1Deletion, `{"delete":{}}`, ErrMissing, "delete.status", ""},
		{"deletion bad id", FormatTwitterV1Deletion, `{"delete":{"status":{"id_str":"0"}}}`, ErrMalformed, "delete.status.id_str", ""},
		{"deletion bad user", FormatTwitterV1Deletion, `{"delete":{"status":{"id_str":"1","user_id":1e3}}}`, ErrMalformed, "delete.status.user_id", ""},
		{"deletion bad timestamp", FormatTwitterV1Deletion, `{"delete":{"status":{"id_str":"1"},"timestamp_ms":"soon"}}`, ErrMalformed, "delete.timestamp_ms", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Import(tc.format, []byte(tc.payload))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if !errors.Is(err, tc.kind) || e.Field != tc.field || !strings.Contains(err.Error(), tc.detail) {
				t.Fatalf("err = %v (field %q), want kind %v, field %q, detail containing %q", err, e.Field, tc.kind, tc.field, tc.detail)
			}
		})
	}
}

func TestExtractedTextIsStorable(t *testing.T) {
	p, err := Parse(FormatTwitterV1, []byte(`{"id_str":"1","created_at":"Sun Jan 15 10:30:00 +0000 2012","text":"a\u0000b","user":{"name":"x\u0000"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if *p.Text != "a\uFFFDb" || *p.AuthorName != "x\uFFFD" {
		t.Fatalf("NUL kept: %q %q", *p.Text, *p.AuthorName)
	}
	page := "<link rel=canonical href=\"https://twitter.com/a/status/1\"><div class=permalink-tweet data-tweet-id=1 data-name=\"Espa\xf1a\"><p class=tweet-text>Espa\xf1a</p></div>"
	if p, err = Parse(FormatArchiveHTML, []byte(page)); err != nil {
		t.Fatal(err)
	}
	if *p.Text != "Espa\uFFFDa" || *p.AuthorName != "Espa\uFFFDa" {
		t.Fatalf("invalid UTF-8 kept: %q %q", *p.Text, *p.AuthorName)
	}
}

func TestParseRefusesDeletionFormat(t *testing.T) {
	_, err := Parse(FormatTwitterV1Deletion, fixture(t, "delete.json"))
	if !errors.Is(err, ErrNotAPost) || !strings.Contains(err.Error(), "ParseDeletion") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseSource(t *testing.T) {
	cases := []struct{ in, name, url string }{
		{`<a href="http://www.tweetdeck.com" rel="nofollow">TweetDeck</a>`, "TweetDeck", "http://www.tweetdeck.com"},
		{`web`, "web", unknown},
		{`<a href="javascript:alert(1)">Evil &amp; Co</a>`, "Evil & Co", unknown},
		{`before <a href="https://x.example/">  Two   words </a> after`, "Two words", "https://x.example/"},
		{`<a href="http://a.example/"></a>`, "", ""},
		{``, "", ""},
	}
	for _, tc := range cases {
		c := parseSource(tc.in)
		if tc.name == "" {
			if c != nil {
				t.Errorf("parseSource(%q) = %+v, want nil", tc.in, c)
			}
			continue
		}
		if c == nil || c.Name != tc.name || str(c.URL) != tc.url {
			t.Errorf("parseSource(%q) = %+v", tc.in, c)
		}
	}
}

func TestStatusURL(t *testing.T) {
	cases := []struct{ in, id, handle string }{
		{"https://twitter.com/PSOE/status/1", "1", "PSOE"},
		{"http://twitter.com/#!/PSOE/status/2", "2", "PSOE"},
		{"https://x.com/PSOE/status/3?s=20", "3", "PSOE"},
		{"https://mobile.twitter.com/PSOE/statuses/4", "4", "PSOE"},
		{"https://twitter.com/i/web/status/5", "5", unknown},
		{"https://twitter.com/i/status/6", "6", unknown},
		{"https://twitter.com/PSOE", "", ""},
		{"https://example.com/PSOE/status/7", "", ""},
		{"https://twitter.com/PSOE/status/07", "", ""},
	}
	for _, tc := range cases {
		st, ok := parseStatusURL(tc.in)
		if tc.id == "" {
			if ok {
				t.Errorf("parseStatusURL(%q) accepted", tc.in)
			}
			continue
		}
		if !ok || st.id != tc.id || str(st.handle) != tc.handle {
			t.Errorf("parseStatusURL(%q) = %+v %v", tc.in, st, ok)
		}
	}
}

func TestSnowflakeTime(t *testing.T) {
	if got, ok := SnowflakeTime(caseID); !ok || got.Format(time.RFC3339) != caseTime {
		t.Fatalf("SnowflakeTime = %v, %v", got, ok)
	}
	// Pre-Snowflake ids (sequential, up to ~3e10 in 2010) carry no time.
	for _, id := range []string{"20", "29700000000", "abc", ""} {
		if _, ok := SnowflakeTime(id); ok {
			t.Errorf("SnowflakeTime(%q) claimed a time", id)
		}
	}
}

func TestDetect(t *testing.T) {
	for _, in := range []string{"", "hello", "[]", `{"foo":1}`} {
		if f, ok := Detect([]byte(in)); ok {
			t.Errorf("Detect(%q) = %q", in, f)
		}
	}
	if f, _ := Detect(fixture(t, "delete.json")); f != FormatTwitterV1Deletion {
		t.Errorf("Detect(delete) = %q", f)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("TWITTER_V1"); !errors.Is(err, ErrUnsupportedFormat) {
		t.Errorf("ParseFormat accepted a wrong spelling: %v", err)
	}
}

// TestArchiveNeverUsesCaptureTimeAsPostTime guards the rule that an
// unknown post time stays unknown even when the capture time is known.
func TestArchiveNeverUsesCaptureTimeAsPostTime(t *testing.T) {
	p, err := Parse(FormatArchiveHTML, fixture(t, "archive_meta_only.html"))
	if err != nil {
		t.Fatal(err)
	}
	if p.PostedAt != nil || p.Archive == nil || p.Archive.CapturedAt == nil {
		t.Fatalf("PostedAt = %v, Archive = %+v", p.PostedAt, p.Archive)
	}
}

// TestArchiveIgnoresOtherTweetsOnThePage makes sure replies shown under
// the tweet do not lend it their text, time or client.
func TestArchiveIgnoresOtherTweetsOnThePage(t *testing.T) {
	page := strings.Replace(string(fixture(t, "archive_wayback_2012.html")),
		`class="tweet permalink-tweet js-original-tweet" data-tweet-id="158496143569846272"`,
		`class="removed"`, 1)
	p, err := Parse(FormatArchiveHTML, []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if p.Text != nil || p.PostedAt != nil || p.Client != nil || p.AuthorName != nil {
		t.Fatalf("took values from another tweet: %+v", flatten(p))
	}
	if str(p.AuthorHandle) != "PSOE" || !p.AuthorHandleFromURL {
		t.Fatalf("handle = %s from URL %v", str(p.AuthorHandle), p.AuthorHandleFromURL)
	}
}
