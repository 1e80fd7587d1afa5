package database

import (
	"encoding/json"
	"net/url"
	"strings"
)

// DSN returns dsn asking lib/pq to send each statement with arguments in
// one round trip (binary_parameters=yes): Parse, Bind, Describe and Execute
// go out together instead of waiting for the Parse's answer first, which
// halves a page's round trips and the server work they cost. An explicit
// binary_parameters in dsn wins.
//
// In that mode lib/pq sends []byte arguments in binary format, which is
// right for bytea but not for JSON, so the ent driver sends JSON as text
// (jsonAsText).
func DSN(dsn string) string {
	if strings.Contains(dsn, "binary_parameters") {
		return dsn
	}
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("binary_parameters", "yes")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " binary_parameters=yes"
}

// jsonAsText returns args with every json.RawMessage made a string,
// copying the slice only when there is one.
func jsonAsText(args any) any {
	list, ok := args.([]any)
	if !ok {
		return args
	}
	var out []any
	for i, a := range list {
		if raw, ok := a.(json.RawMessage); ok {
			if out == nil {
				out = append([]any(nil), list...)
			}
			out[i] = string(raw)
		}
	}
	if out == nil {
		return list
	}
	return out
}
