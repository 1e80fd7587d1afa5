package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/statement"
	evidencepkg "github.com/veredicto/veredicto/evidence"
	"github.com/veredicto/veredicto/evidence/timeline"
)

// Timeline builds a claim's timeline from the statement it is about, the
// statements its evidence concerns, and the evidence the viewer may see.
// It costs three queries.
func (s *Store) Timeline(ctx context.Context, c *ent.Claim) (*timeline.Timeline, error) {
	items, err := c.QueryEvidence().All(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[int]bool{}
	if c.AboutID != nil {
		ids[*c.AboutID] = true
	}
	in := timeline.Input{Claim: timeline.Claim{
		ID: strconv.Itoa(c.ID), Summary: c.Text, MadeAt: c.MadeAt,
		MadeAtPrecision: timeline.Precision(strings.ToLower(string(c.MadeAtPrecision))),
	}}
	if c.AboutID != nil {
		in.Claim.AboutID = strconv.Itoa(*c.AboutID)
	}
	for _, e := range items {
		if e.StatementID != nil {
			ids[*e.StatementID] = true
		}
		in.Items = append(in.Items, timeline.Item{
			ID: strconv.Itoa(e.ID), Kind: evidencepkg.Kind(strings.ToLower(string(e.Kind))),
			Summary: e.Summary, ObservedAt: e.ObservedAt,
			Precision: timeline.Precision(strings.ToLower(string(e.ObservedPrecision))),
		})
	}
	statements, err := s.db(ctx).Statement.Query().
		Where(statement.IDIn(keys(ids)...)).
		WithAccount().
		All(ctx)
	if err != nil {
		return nil, err
	}
	for _, st := range statements {
		in.Statements = append(in.Statements, timeline.Statement{
			ID: strconv.Itoa(st.ID), Summary: statementSummary(st),
			PostedAt: st.PostedAt, Deleted: st.Deleted, DeletedAt: st.DeletedAt,
		})
	}
	tl := timeline.Build(in)
	return &tl, nil
}

func statementSummary(st *ent.Statement) string {
	if st.Edges.Account != nil {
		return "@" + st.Edges.Account.Handle
	}
	return "statement " + strconv.Itoa(st.ID)
}

func keys(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
