package apierr

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestReasonFromFormat(t *testing.T) {
	for _, tc := range []struct {
		err    *Error
		reason Reason
		limit  int
	}{
		{Field("name", "must not be empty"), Empty, 0},
		{Field("text", "must be at most %d characters (got %d)", 2000, 2001), TooLong, 2000},
		{Field("reason", "must be at most 1000 characters"), TooLong, 1000},
		{Field("password", "must be at least %d characters", 10), TooShort, 10},
		{Field("url", "must use http or https, not %q", "ftp"), URLScheme, 0},
		{New(Unauthenticated, "the handle or the password is wrong"), BadCredentials, 0},
		{Field("country", "must be an ISO 3166-1 alpha-2 code in capitals, such as ES"), "", 0},
		{New(Forbidden, "you are not allowed to do this"), "", 0},
	} {
		if tc.err.Reason != tc.reason || tc.err.Limit != tc.limit {
			t.Errorf("%q: reason %q limit %d, want %q %d", tc.err.Message, tc.err.Reason, tc.err.Limit, tc.reason, tc.limit)
		}
	}
}

// TestEveryReasonFormatIsInUse: a reason is found by its message format,
// so rewording a message where it is written would silently drop its
// reason (clients would fall back to the English text). Every format in
// the table must still be written, verbatim, somewhere in the code.
func TestEveryReasonFormatIsInUse(t *testing.T) {
	var src strings.Builder
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "../.." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "generated") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.Contains(path, "internal/apierr/") {
			return nil
		}
		b, err := os.ReadFile(path)
		src.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	code := src.String()
	for format := range reasons {
		if !strings.Contains(code, strconv.Quote(format)) && !strings.Contains(code, "`"+format+"`") {
			t.Errorf("no code writes %q any more: reword the table with the message, or drop the entry", format)
		}
	}
}
