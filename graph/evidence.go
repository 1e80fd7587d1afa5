package graph

import (
	"fmt"
	"io"
	"net/url"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/evidence/importpost"
	"github.com/veredicto/veredicto/evidence/store"
	"github.com/veredicto/veredicto/graph/model"
	"github.com/veredicto/veredicto/internal/apierr"
)

var (
	newestFirst = &ent.EvidenceOrder{Field: ent.EvidenceOrderFieldObservedAt, Direction: entgql.OrderDirectionDesc}
	oldestFirst = &ent.EvidenceOrder{Field: ent.EvidenceOrderFieldCreatedAt, Direction: entgql.OrderDirectionAsc}
)

// files adapts GraphQL uploads to the evidence store.
func files(uploads []*graphql.Upload) []store.File {
	out := make([]store.File, 0, len(uploads))
	for _, u := range uploads {
		out = append(out, store.File{Name: u.Filename, Content: u.File})
	}
	return out
}

// postFormat maps the API's enum to the parser's format.
func postFormat(f model.PostFormat) (importpost.Format, error) {
	format, err := importpost.ParseFormat(strings.ToLower(string(f)))
	if err != nil {
		return "", apierr.Field("format", "%v", err)
	}
	return format, nil
}

// attachmentURL is where the HTTP layer serves an attachment; the file
// name is there for the browser's download name only.
func attachmentURL(a *ent.Attachment) string {
	return fmt.Sprintf("/attachments/%d/%s", a.ID, url.PathEscape(a.Filename))
}

// importPayload reads the payload given inline or as a file (one of the
// two), reading a file only up to one byte past the importer's limit so
// the importer reports the size.
func importPayload(inline *string, file *graphql.Upload) ([]byte, error) {
	switch {
	case inline != nil && file != nil:
		return nil, apierr.Field("payloadFile", "give the payload inline or as a file, not both")
	case inline != nil:
		return []byte(*inline), nil
	case file != nil:
		b, err := io.ReadAll(io.LimitReader(file.File, importpost.MaxPayload+1))
		if err != nil {
			return nil, apierr.Field("payloadFile", "could not be read: %v", err)
		}
		return b, nil
	}
	return nil, apierr.Field("payload", "give the payload inline (payload) or as a file (payloadFile)")
}
