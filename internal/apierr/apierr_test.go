package apierr

import "testing"

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
