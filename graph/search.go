package graph

import (
	"context"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/graph/model"
	"github.com/veredicto/veredicto/search"
)

// searchQuery maps the API's arguments to the search package's query.
func searchQuery(text string, lang *string, first *int, after *string, f *model.SearchFilter) search.Query {
	q := search.Query{Text: text}
	if lang != nil {
		q.Lang = *lang
	}
	if first != nil {
		q.First = *first
	}
	if after != nil {
		q.After = *after
	}
	if f != nil {
		q.ActorID, q.From, q.To = f.ActorID, f.From, f.To
		for _, s := range f.Status {
			q.Status = append(q.Status, string(s))
		}
		for _, k := range f.Kinds {
			q.Kinds = append(q.Kinds, search.Kind(k))
		}
	}
	return q
}

// searchResults turns a page of hits into the API's results, loading the
// items found and their claims in a few batched queries (one per kind), so
// a page costs the same whatever its size. Items the viewer may not see
// (privacy) are left out.
func (r *Resolver) searchResults(ctx context.Context, page *search.Page) (*model.SearchResults, error) {
	ids := make([]int, 0, len(page.Hits))
	claimIDs := []int{}
	for _, h := range page.Hits {
		ids = append(ids, h.ID)
		if h.ClaimID != nil {
			claimIDs = append(claimIDs, *h.ClaimID)
		}
	}
	nodes, err := r.client.Noders(ctx, ids)
	if err != nil {
		return nil, err
	}
	claims, err := r.client.Claim.Query().Where(claim.IDIn(claimIDs...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int]*ent.Claim{}
	for _, c := range claims {
		byID[c.ID] = c
	}
	out := &model.SearchResults{
		Total: page.Total, TotalIsLowerBound: page.TotalIsLowerBound,
		HasNextPage: page.HasNextPage, OnlyStopWords: page.OnlyStopWords,
		Hits: make([]*model.SearchHit, 0, len(page.Hits)),
	}
	if page.EndCursor != "" {
		out.EndCursor = &page.EndCursor
	}
	for i, h := range page.Hits {
		if nodes[i] == nil {
			continue
		}
		hit := &model.SearchHit{
			Kind: model.SearchHitKind(h.Kind), Node: nodes[i], Rank: h.Rank,
			Snippet: h.Snippet, Date: h.Date, Cursor: h.Cursor,
			Lang: optional(h.Lang), Status: optional(h.Status),
		}
		if h.ClaimID != nil {
			hit.Claim = byID[*h.ClaimID]
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
