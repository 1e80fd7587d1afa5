package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport and getTransport serve GraphQL over HTTP, as gqlgen's
// transport.POST and transport.GET do, with these differences:
//
//   - every refusal is a GraphQL error with extensions.code (gqlgen writes
//     some of GET's without one);
//   - a batch (a JSON array of operations) is refused with an error that
//     says batching is not supported, instead of a decoding error;
//   - a body that does not decode is never echoed back in the error (gqlgen
//     quotes the whole body, which may be a megabyte);
//   - the response is written as the executor produced it. gqlgen's
//     json.Marshal of the response re-validates and compacts the data it
//     has just written, about 4% of the server's CPU on claim reads in a
//     profile under make bench's load.
//
// Responses are application/json unless the client asks for
// application/graphql-response+json first, as with gqlgen's default.
type postTransport struct{}

var _ graphql.Transport = postTransport{}

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

func (postTransport) Supports(r *http.Request) bool {
	if r.Method != http.MethodPost || r.Header.Get("Upgrade") != "" {
		return false
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == mediaJSON
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	contentType := answerAs(w, r)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		refuse(w, exec, r, http.StatusBadRequest, "could not read the request body")
		return
	}
	if first := bytes.TrimLeft(body, " \t\r\n"); len(first) > 0 && first[0] == '[' {
		refuse(w, exec, r, http.StatusBadRequest,
			"batched operations are not supported: send one operation per request")
		return
	}
	var params graphql.RawParams
	if err := decodeJSON(bytes.NewReader(body), &params); err != nil {
		refuse(w, exec, r, http.StatusBadRequest, describeBodyError(err))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, &params, contentType, false)
}

// getTransport serves reads sent with GET: query, variables, operationName
// and extensions in the address. GET cannot write: a mutation is refused.
type getTransport struct{}

var _ graphql.Transport = getTransport{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	contentType := answerAs(w, r)
	start := graphql.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		refuse(w, exec, r, http.StatusBadRequest, "the address's query string is malformed: "+err.Error())
		return
	}
	params := graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName"), Headers: r.Header}
	for name, into := range map[string]any{"variables": &params.Variables, "extensions": &params.Extensions} {
		if v := q.Get(name); v != "" {
			if err := decodeJSON(strings.NewReader(v), into); err != nil {
				refuse(w, exec, r, http.StatusBadRequest, name+" in the address "+describeJSONError(err)+"; it must be a JSON object")
				return
			}
		}
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, &params, contentType, true)
}

// unsupportedRequest answers what no other transport serves (a method
// other than GET and POST, a POST body that is neither JSON nor a file
// upload) with a code and a message that say what is served. gqlgen's own
// answer, "transport not supported", carries no code. It must be the last
// transport added: it supports every request.
type unsupportedRequest struct{}

var _ graphql.Transport = unsupportedRequest{}

func (unsupportedRequest) Supports(*http.Request) bool { return true }

func (unsupportedRequest) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	answerAs(w, r)
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		refuse(w, exec, r, http.StatusMethodNotAllowed, r.Method+" is not served here: read with GET or POST, write with POST")
		return
	}
	refuse(w, exec, r, http.StatusUnsupportedMediaType,
		"send the operation as application/json, or as multipart/form-data to upload files")
}

// execute runs one operation and writes its response; queriesOnly refuses
// anything but a query (GET).
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, contentType string, queriesOnly bool) {
	ctx := r.Context()
	oc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil && oc != nil && oc.Doc != nil && oc.Operation == nil {
		errs = gqlerror.List{unknownOperation(oc.Doc, params.OperationName)}
	}
	if errs != nil {
		w.WriteHeader(operationErrorStatus(errs, contentType))
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	if queriesOnly && oc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", http.MethodPost)
		refuse(w, exec, r, http.StatusMethodNotAllowed,
			fmt.Sprintf("a %s must be sent with POST; GET only reads", oc.Operation.Operation))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	writeResponse(w, responses(ctx))
}

// unknownOperation says why a valid document names no operation to run:
// it holds several and operationName is missing, or operationName is not
// one of them. gqlgen's own message ("operation  not found") says neither.
func unknownOperation(doc *ast.QueryDocument, name string) *gqlerror.Error {
	names := make([]string, len(doc.Operations))
	for i, op := range doc.Operations {
		names[i] = op.Name
	}
	var held string
	switch {
	case len(names) > 10:
		held = fmt.Sprintf("it holds %d operations: %s and %d more", len(names), strings.Join(names[:10], ", "), len(names)-10)
	case len(names) > 1:
		held = fmt.Sprintf("it holds %d operations: %s", len(names), strings.Join(names, ", "))
	case names[0] == "":
		held = "its only operation has no name: leave operationName out"
	default:
		held = "its only operation is " + names[0]
	}
	err := gqlerror.Errorf("operationName %q is not in the document; %s", name, held)
	if name == "" {
		err = gqlerror.Errorf("say which operation to run in operationName: %s", held)
	}
	errcode.Set(err, errcode.ValidationFailed)
	err.Extensions["field"] = "operationName"
	return err
}

// decodeJSON reads one JSON value into v, numbers as json.Number (as gqlgen
// does, so that large integers keep their digits).
func decodeJSON(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	return dec.Decode(v)
}

// describeBodyError says what is wrong with a body that does not decode
// into an operation, without quoting it.
func describeBodyError(err error) string {
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "the request body is empty: send a JSON object with a query"
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("%s must not be a JSON %s", typ.Field, typ.Value)
	case errors.As(err, &typ):
		return fmt.Sprintf("the request body must be a JSON object with a query, not a JSON %s", typ.Value)
	}
	return "the request body " + describeJSONError(err)
}

// describeJSONError says why some JSON did not decode, without quoting it.
func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "ends in the middle of its JSON"
	case errors.As(err, &syntax):
		return fmt.Sprintf("is not JSON: %s (at byte %d)", syntax.Error(), syntax.Offset)
	case errors.As(err, &typ):
		return "is a JSON " + typ.Value
	}
	return "is not valid"
}

// refuse answers a request that never became an operation.
func refuse(w http.ResponseWriter, exec graphql.GraphExecutor, r *http.Request, status int, msg string) {
	w.WriteHeader(status)
	writeResponse(w, exec.DispatchError(r.Context(), gqlerror.List{gqlerror.Errorf("%s", msg)}))
}

// answerAs sets the response's Content-Type, as the request's Accept
// header asks (see responseMediaType), and returns it.
func answerAs(w http.ResponseWriter, r *http.Request) string {
	contentType := responseMediaType(r.Header.Get("Accept"))
	w.Header().Set("Content-Type", contentType)
	return contentType
}

// responseMediaType picks the response's Content-Type from the Accept
// header: the first of the two JSON types the client names, and
// application/json when it names neither or accepts anything.
func responseMediaType(accept string) string {
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaJSON
}

// operationErrorStatus is the status of a request whose document did not
// parse or validate: 422 for application/json and 400 for
// application/graphql-response+json (GraphQL over HTTP), 200 for other
// errors (a complexity limit, a missing persisted query).
func operationErrorStatus(errs gqlerror.List, contentType string) int {
	if errcode.GetErrorKind(errs) != errcode.KindProtocol {
		return http.StatusOK
	}
	if contentType == mediaGraphQLResponse {
		return http.StatusBadRequest
	}
	return http.StatusUnprocessableEntity
}

// writeResponse writes resp as {"errors":…,"data":…,"extensions":…}. The
// data is already JSON written by the executor and is copied as is.
func writeResponse(w io.Writer, resp *graphql.Response) {
	var buf bytes.Buffer
	buf.Grow(len(resp.Data) + 64)
	buf.WriteByte('{')
	if len(resp.Errors) > 0 {
		buf.WriteString(`"errors":`)
		appendJSON(&buf, resp.Errors)
		buf.WriteByte(',')
	}
	buf.WriteString(`"data":`)
	if len(resp.Data) == 0 {
		buf.WriteString("null")
	} else {
		buf.Write(resp.Data)
	}
	if len(resp.Extensions) > 0 {
		buf.WriteString(`,"extensions":`)
		appendJSON(&buf, resp.Extensions)
	}
	buf.WriteByte('}')
	_, _ = w.Write(buf.Bytes())
}

// appendJSON appends v's JSON to buf; the errors and extensions of a
// response are plain data, so marshalling them cannot fail.
func appendJSON(buf *bytes.Buffer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte("null")
	}
	buf.Write(b)
}
