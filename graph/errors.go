package graph

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"strconv"
	"strings"
	"syscall"

	"entgo.io/ent/dialect/sql/schema"
	"github.com/99designs/gqlgen/graphql"
	"github.com/lib/pq"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/migrate"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/requestid"
)

// PresentError turns any resolver error into a GraphQL error with
// extensions.code (and extensions.field for input errors, extensions.reason
// and extensions.limit when the cause has a name, see apierr.Reason). Errors the
// client is not meant to see (SQL, driver, bugs) are logged with the
// request id and reported as INTERNAL_SERVER_ERROR with that id only.
func PresentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	var already *gqlerror.Error
	if errors.As(err, &already) && already.Extensions["code"] != nil {
		// Parse and validation errors from gqlgen itself.
		return namedVariable(gqlErr)
	}
	if e, ok := err.(*gqlerror.Error); ok && e.Err == nil && len(e.Path) == 0 {
		// gqlgen's own complaint about the request itself (a body that is
		// not JSON, no query): the client sent something unusable.
		e.Extensions = map[string]any{"code": "BAD_REQUEST"}
		return e
	}
	if e, ok := err.(*gqlerror.Error); ok && len(e.Path) > len(graphql.GetPath(ctx)) {
		// An argument did not coerce (a time without a zone, an unknown
		// enum value in a variable): gqlgen's error path goes past the
		// field into the input, and ends with the input field at fault.
		return inputError(e)
	}
	apiErr := classify(err)
	if apiErr.Code == apierr.Internal {
		id := requestid.From(ctx)
		slog.ErrorContext(ctx, "graphql resolver failed", "err", err, "path", gqlErr.Path.String(), "request_id", id)
		apiErr.Message = "internal error; quote request id " + id + " when reporting it"
	}
	gqlErr.Message = apiErr.Error()
	gqlErr.Extensions = map[string]any{"code": string(apiErr.Code)}
	if apiErr.Field != "" {
		gqlErr.Extensions["field"] = apiErr.Field
	}
	if apiErr.Reason != "" {
		gqlErr.Extensions["reason"] = string(apiErr.Reason)
	}
	if apiErr.Limit > 0 {
		gqlErr.Extensions["limit"] = apiErr.Limit
	}
	if apiErr.RetryAfter > 0 {
		gqlErr.Extensions["retryAfter"] = int(math.Ceil(apiErr.RetryAfter.Seconds()))
	}
	return gqlErr
}

// refusal is e as the GraphQL error of an operation refused before it runs
// because of field f (a limit, a disabled feature): it does not pass through
// PresentError, so it carries e's code (and field) here.
func refusal(f *ast.Field, e *apierr.Error) *gqlerror.Error {
	ext := map[string]any{"code": string(e.Code)}
	if e.Field != "" {
		ext["field"] = e.Field
	}
	return &gqlerror.Error{Message: e.Error(), Path: ast.Path{ast.PathName(f.Alias)}, Extensions: ext}
}

// classify maps an error to what the client may learn of it.
func classify(err error) *apierr.Error {
	if e, ok := apierr.As(err); ok {
		return e
	}
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		return apierr.Field(graphQLName(verr.Name), "is not valid")
	}
	var nf *ent.NotFoundError
	if errors.As(err, &nf) {
		label := strings.TrimSuffix(strings.TrimPrefix(nf.Error(), "ent: "), " not found")
		return &apierr.Error{Code: apierr.NotFound, Field: "id", Message: "no " + label + " has this id"}
	}
	if errors.Is(err, privacy.Deny) {
		return apierr.New(apierr.Forbidden, "you are not allowed to do this")
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		if e := fromConstraint(pqErr); e != nil {
			return e
		}
	}
	// A statement cancelled because the request ran out of time comes back
	// from the driver as query_canceled, not as the context's error.
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		pqErr != nil && pqErr.Code == "57014" {
		return apierr.New(apierr.ServiceUnavailable, "the request took too long; try again")
	}
	if databaseUnavailable(err) {
		return apierr.New(apierr.ServiceUnavailable, "the database is unavailable for a moment; nothing was saved, try again")
	}
	return &apierr.Error{Code: apierr.Internal}
}

// fromConstraint explains a constraint violation using ent's schema: a
// foreign key names the input field that referenced a missing row, a
// unique index the field whose value is taken.
func fromConstraint(e *pq.Error) *apierr.Error {
	for _, t := range migrate.Tables {
		switch e.Code {
		case "23503": // foreign_key_violation
			for _, fk := range t.ForeignKeys {
				if fk.Symbol == e.Constraint {
					return &apierr.Error{Code: apierr.NotFound, Field: fkField(t, fk),
						Message: "refers to a " + singular(fk.RefTable.Name) + " that does not exist"}
				}
			}
		case "23505": // unique_violation
			for _, idx := range t.Indexes {
				if idx.Name == e.Constraint {
					return &apierr.Error{Code: apierr.Conflict, Field: graphQLName(lastColumn(idx)),
						Message: "is already taken", Reason: apierr.Taken}
				}
			}
		}
	}
	switch e.Code {
	case "23503":
		return apierr.New(apierr.NotFound, "a referenced object does not exist")
	case "23505":
		return apierr.New(apierr.Conflict, "this already exists")
	case "23514", "22001", "22P02":
		return apierr.New(apierr.BadUserInput, "a value is not valid")
	}
	return nil
}

// fkField names the input field behind a foreign key: the edge field
// (claimantID), or for a many-to-many join table the edge's id list
// (relatedIDs).
func fkField(t *schema.Table, fk *schema.ForeignKey) string {
	name := graphQLName(fk.Columns[0].Name)
	if len(t.PrimaryKey) > 1 {
		return name + "s"
	}
	return name
}

func lastColumn(idx *schema.Index) string {
	return idx.Columns[len(idx.Columns)-1].Name
}

// singular turns a table name back into an entity name for messages.
func singular(table string) string {
	if table == "evidence" {
		return table
	}
	return strings.TrimSuffix(table, "s")
}

// acronyms are spelled in capitals in GraphQL field names, as entgql does
// (source_url → sourceURL).
var acronyms = map[string]bool{"id": true, "url": true, "ip": true, "api": true, "json": true, "html": true}

// graphQLName turns a column name into the GraphQL input field name.
func graphQLName(column string) string {
	parts := strings.Split(column, "_")
	for i, p := range parts {
		switch {
		case i > 0 && acronyms[p]:
			parts[i] = strings.ToUpper(p)
		case i > 0 && p != "":
			parts[i] = strings.ToUpper(p[:1]) + p[1:]
		}
	}
	return strings.Join(parts, "")
}

// inputError reports an argument that did not coerce as BAD_USER_INPUT on
// the input field its path ends with.
func inputError(e *gqlerror.Error) *gqlerror.Error {
	field := ""
	for i := len(e.Path) - 1; i >= 0 && field == ""; i-- {
		if name, ok := e.Path[i].(ast.PathName); ok {
			field = string(name)
		}
	}
	msg := e.Message
	var num *strconv.NumError
	switch {
	case field == "after" || field == "before":
		// entgql's words ("cannot decode cursor: unexpected EOF") are its own.
		msg = "is not a cursor of this list: use an edge's cursor or pageInfo's endCursor or startCursor"
	case errors.As(e.Err, &num):
		// An ID that does not parse; strconv's words are Go's.
		msg = fmt.Sprintf("%q is not a valid id", num.Num)
	case e.Err != nil:
		msg = e.Err.Error()
	}
	e.Message = field + ": " + msg
	e.Extensions = map[string]any{"code": string(apierr.BadUserInput), "field": field}
	return e
}

// namedVariable names the variable a validation error is about in its
// message and extensions.field ("$input.kind: cannot use ..."): gqlgen
// puts it only in the path (["variable", "input", "kind"]), and "must be
// defined" alone does not say what must.
func namedVariable(e *gqlerror.Error) *gqlerror.Error {
	if len(e.Path) < 2 || e.Path[0] != ast.PathName("variable") {
		return e
	}
	var name strings.Builder
	name.WriteString("$")
	for i, p := range e.Path[1:] {
		switch p := p.(type) {
		case ast.PathName:
			if i > 0 {
				name.WriteString(".")
			}
			name.WriteString(string(p))
		case ast.PathIndex:
			fmt.Fprintf(&name, "[%d]", int(p))
		}
	}
	if strings.HasPrefix(e.Message, "cannot use value ") && strings.HasSuffix(e.Message, " as Int") {
		// gqlparser quotes the value it failed to read (0 for 1.5).
		e.Message = "must be a whole number"
	}
	if !strings.HasPrefix(e.Message, name.String()+": ") { // presented twice
		e.Message = name.String() + ": " + e.Message
	}
	e.Extensions["field"] = name.String()
	return e
}

// databaseUnavailable tells a lost or refused database connection (a
// restart, a failover) from a bug: the client should retry, and nothing
// was written, since the transaction did not commit.
func databaseUnavailable(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code.Class() {
		case "08", "57": // connection exception; operator intervention (shutdown, cannot connect now)
			return true
		}
		return false
	}
	var netErr net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.As(err, &netErr) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, sql.ErrTxDone)
}
