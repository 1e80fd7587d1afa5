package database

import (
	"context"
	stdsql "database/sql"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"entgo.io/ent/dialect"
)

// DSN returns dsn asking lib/pq to send each statement with arguments in
// one round trip (binary_parameters=yes): Parse, Bind, Describe and Execute
// go out together instead of waiting for the Parse's answer first. A read
// of a claim page makes four statements; this halves their round trips and
// the server work they cost. An explicit binary_parameters in dsn wins.
//
// In that mode lib/pq sends []byte arguments in binary format, which is
// right for bytea but not for JSON, so the ent driver sends JSON as text
// (textJSON).
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

// textJSON passes ent's JSON field values (json.RawMessage) as strings, so
// PostgreSQL parses them as text whatever the connection's parameter mode.
type textJSON struct{ dialect.Driver }

func (d textJSON) Exec(ctx context.Context, query string, args, v any) error {
	return d.Driver.Exec(ctx, query, jsonAsText(args), v)
}

func (d textJSON) Query(ctx context.Context, query string, args, v any) error {
	return d.Driver.Query(ctx, query, jsonAsText(args), v)
}

func (d textJSON) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return textJSONTx{tx}, nil
}

// ExecContext runs a raw statement (ent's client.ExecContext).
func (d textJSON) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return execContext(ctx, d.Driver, query, args)
}

type textJSONTx struct{ dialect.Tx }

func (t textJSONTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.Tx.Exec(ctx, query, jsonAsText(args), v)
}

func (t textJSONTx) Query(ctx context.Context, query string, args, v any) error {
	return t.Tx.Query(ctx, query, jsonAsText(args), v)
}

func (t textJSONTx) ExecContext(ctx context.Context, query string, args ...any) (stdsql.Result, error) {
	return execContext(ctx, t.Tx, query, args)
}

// execContext runs a raw statement on d, which must be able to (ent's driver
// and transactions are), with JSON arguments as text.
func execContext(ctx context.Context, d any, query string, args []any) (stdsql.Result, error) {
	ex, ok := d.(execContexter)
	if !ok {
		return nil, errors.New("the driver cannot run raw statements")
	}
	return ex.ExecContext(ctx, query, jsonAsText(args).([]any)...)
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
