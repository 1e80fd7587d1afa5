package graph_test

import (
	"strconv"
	"testing"

	"github.com/veredicto/veredicto/internal/apitest"
)

// @include and @skip follow each request's variables: the same document,
// cached after its first request (and its collected fields with it where
// they depend on no variable), answers with or without the fields.
func TestIncludeAndSkipFollowVariables(t *testing.T) {
	env := apitest.New(t)
	claim := env.Seed()
	const doc = `query($id: ID!, $withEvidence: Boolean!) { node(id: $id) { ... on Claim {
		text
		claimant @skip(if: $withEvidence) { name }
		evidence(first: 5) @include(if: $withEvidence) { totalCount }
	} } }`
	type answer struct {
		Node struct {
			Text     string
			Claimant *struct{ Name string }
			Evidence *struct{ TotalCount int }
		}
	}
	for range 2 {
		for _, with := range []bool{true, false} {
			var out answer
			env.Anonymous().MustDo(doc, map[string]any{"id": strconv.Itoa(claim.ID), "withEvidence": with}, &out)
			if out.Node.Text == "" || (out.Node.Evidence != nil) != with || (out.Node.Claimant != nil) == with {
				t.Errorf("withEvidence %v: %+v", with, out.Node)
			}
			if with && out.Node.Evidence.TotalCount == 0 {
				t.Errorf("withEvidence: no evidence counted")
			}
		}
	}
}
