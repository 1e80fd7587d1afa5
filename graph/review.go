package graph

import (
	"github.com/veredicto/veredicto/claimreview"
	"github.com/veredicto/veredicto/ent"
)

// scaleOf returns a review's declared scale (the schema's enum only has
// declared scales).
func scaleOf(r *ent.Review) claimreview.Definition {
	d, _ := claimreview.Lookup(claimreview.Scale(r.Scale))
	return d
}

// label picks a name in lang, English by default.
func label(names map[string]string, lang *string) string {
	if lang != nil {
		if n, ok := names[*lang]; ok {
			return n
		}
	}
	return names["en"]
}
