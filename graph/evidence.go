package graph

import (
	"fmt"
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
	newestFirst = &ent.EvidenceOrder{Field: ent.EvidenceOrderFieldCreatedAt, Direction: entgql.OrderDirectionDesc}
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
