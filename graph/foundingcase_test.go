package graph_test

import (
	"testing"

	"github.com/veredicto/veredicto/internal/apitest"
)

// The query of the foundation issue's acceptance check, on the demo data.
func TestFoundingCaseQuery(t *testing.T) {
	env := apitest.New(t)
	env.Seed()
	var got struct {
		Claims struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID       string
					Text     string
					Claimant struct{ Name string }
					About    struct {
						PostedAt  *string
						DeletedAt *string
						Client    *string
					}
					Evidence struct{ TotalCount int }
				}
			}
		}
	}
	env.Anonymous().MustDo(`{ claims(first: 5) { totalCount edges { node { id text claimant { name } about { postedAt deletedAt client } evidence { totalCount } } } } }`, nil, &got)
	if got.Claims.TotalCount != 1 || len(got.Claims.Edges) != 1 {
		t.Fatalf("want the founding claim alone, got %+v", got)
	}
	c := got.Claims.Edges[0].Node
	if c.Claimant.Name != "PSOE" {
		t.Errorf("claimant = %q, want PSOE", c.Claimant.Name)
	}
	if c.About.PostedAt == nil || *c.About.PostedAt != "2012-01-15T10:30:00Z" {
		t.Errorf("postedAt = %v, want 2012-01-15T10:30:00Z", c.About.PostedAt)
	}
	if c.About.DeletedAt != nil || c.About.Client != nil {
		t.Errorf("deletedAt and client are not recorded and must be null, got %v, %v", c.About.DeletedAt, c.About.Client)
	}
	if c.Evidence.TotalCount < 4 {
		t.Errorf("evidence totalCount = %d, want at least 4", c.Evidence.TotalCount)
	}
}
