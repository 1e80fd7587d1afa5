package graph_test

// Acceptance tests of the Relay connections: paging forward and backward,
// ordering, filtering, the default page size (20) and the maximum (100),
// and the node/nodes lookups.

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/internal/apitest"
)

const claimCount = 25

// shelf is a running Veredicto holding claimCount claims, in id order:
//   - claim i's text is "afirmación NN" with NN = 7i mod 25, so ordering by
//     text is a different permutation than ordering by id;
//   - every third claim (i = 0, 3, ... 24) mentions "hackeo" (9 claims);
//   - every fifth (i = 0, 5, ... 20) is ARCHIVED (5 claims);
//   - the first claim has claimCount evidence items.
type shelf struct {
	env    *apitest.Env
	ids    []string // claim ids in creation order
	texts  []string
	actor  string
	claim0 string
}

func openShelf(t *testing.T) *shelf {
	t.Helper()
	env := apitest.New(t)
	ctx := env.Sys()
	actor, err := env.Client.Actor.Create().SetName("PSOE").SetKind("PARTY").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := &shelf{env: env, actor: gqlID(actor.ID)}
	for i := range claimCount {
		text := fmt.Sprintf("afirmación %02d", (7*i)%claimCount)
		if i%3 == 0 {
			text += " sobre el hackeo"
		}
		status := claim.StatusOpen
		if i%5 == 0 {
			status = claim.StatusArchived
		}
		c, err := env.Client.Claim.Create().
			SetText(text).SetLang("es").SetStatus(status).SetClaimant(actor).
			Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s.ids = append(s.ids, gqlID(c.ID))
		s.texts = append(s.texts, text)
	}
	s.claim0 = s.ids[0]
	for i := range claimCount {
		err := env.Client.Evidence.Create().
			SetClaimID(parseID(t, s.claim0)).
			SetKind(evidence.KindOther).SetStance(evidence.StanceContext).
			SetSummary(fmt.Sprintf("indicio %d", i)).
			Exec(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// claimsPage is one page of a claims connection.
type claimsPage struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage, HasPreviousPage bool
		StartCursor, EndCursor       *string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID, Text, Status string }
	}
}

func (p claimsPage) ids() []string {
	ids := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		ids[i] = e.Node.ID
	}
	return ids
}

const claimsPageDoc = `query($first: Int, $after: Cursor, $last: Int, $before: Cursor, $orderBy: ClaimOrder, $where: ClaimWhereInput) {
	claims(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, where: $where) {
		totalCount
		pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
		edges { cursor node { id text status } }
	}
}`

func (s *shelf) claims(t *testing.T, v map[string]any) claimsPage {
	t.Helper()
	var got struct{ Claims claimsPage }
	s.env.Anonymous().MustDo(claimsPageDoc, v, &got)
	return got.Claims
}

// pageForward follows endCursor with first: size until hasNextPage is
// false, checking every page, and returns the ids in the order seen.
func (s *shelf) pageForward(t *testing.T, size int, extra map[string]any, wantTotal int) []string {
	t.Helper()
	var seen []string
	v := withFields(extra, map[string]any{"first": size})
	for n := 0; ; n++ {
		if n > wantTotal {
			t.Fatalf("still paging after %d pages", n)
		}
		p := s.claims(t, v)
		if p.TotalCount != wantTotal {
			t.Errorf("page %d: totalCount = %d, want %d", n, p.TotalCount, wantTotal)
		}
		seen = append(seen, p.ids()...)
		wantMore := len(seen) < wantTotal
		if p.PageInfo.HasNextPage != wantMore {
			t.Fatalf("page %d (%d items seen of %d): hasNextPage = %v", n, len(seen), wantTotal, p.PageInfo.HasNextPage)
		}
		if len(p.Edges) > 0 && valueOf(p.PageInfo.EndCursor) != p.Edges[len(p.Edges)-1].Cursor {
			t.Errorf("page %d: endCursor is not the last edge's cursor", n)
		}
		if !wantMore {
			return seen
		}
		v["after"] = *p.PageInfo.EndCursor
	}
}

// pageBackward is pageForward with last/before; it returns the ids in
// connection order (as if read forward).
func (s *shelf) pageBackward(t *testing.T, size int, extra map[string]any, wantTotal int) []string {
	t.Helper()
	var seen []string
	v := withFields(extra, map[string]any{"last": size})
	for n := 0; ; n++ {
		if n > wantTotal {
			t.Fatalf("still paging after %d pages", n)
		}
		p := s.claims(t, v)
		if p.TotalCount != wantTotal {
			t.Errorf("page %d: totalCount = %d, want %d", n, p.TotalCount, wantTotal)
		}
		seen = append(p.ids(), seen...)
		wantMore := len(seen) < wantTotal
		if p.PageInfo.HasPreviousPage != wantMore {
			t.Fatalf("page %d (%d items seen of %d): hasPreviousPage = %v", n, len(seen), wantTotal, p.PageInfo.HasPreviousPage)
		}
		if !wantMore {
			return seen
		}
		v["before"] = *p.PageInfo.StartCursor
	}
}

func TestPaginationForwardAndBackward(t *testing.T) {
	s := openShelf(t)
	for _, size := range []int{1, 10, claimCount, 100} {
		t.Run(fmt.Sprintf("first %d", size), func(t *testing.T) {
			if got := s.pageForward(t, size, nil, claimCount); !slices.Equal(got, s.ids) {
				t.Errorf("paging forward gave\n%v\nwant every claim once, in id order:\n%v", got, s.ids)
			}
		})
		t.Run(fmt.Sprintf("last %d", size), func(t *testing.T) {
			if got := s.pageBackward(t, size, nil, claimCount); !slices.Equal(got, s.ids) {
				t.Errorf("paging backward gave\n%v\nwant every claim once, in id order:\n%v", got, s.ids)
			}
		})
	}
	t.Run("first page of 10", func(t *testing.T) {
		p := s.claims(t, map[string]any{"first": 10})
		if !slices.Equal(p.ids(), s.ids[:10]) || !p.PageInfo.HasNextPage || p.PageInfo.HasPreviousPage {
			t.Errorf("first: 10 = %v (next %v, previous %v), want the first ten claims, next true, previous false",
				p.ids(), p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage)
		}
	})
	t.Run("last page of 10", func(t *testing.T) {
		p := s.claims(t, map[string]any{"last": 10})
		if !slices.Equal(p.ids(), s.ids[claimCount-10:]) || p.PageInfo.HasNextPage || !p.PageInfo.HasPreviousPage {
			t.Errorf("last: 10 = %v (next %v, previous %v), want the last ten claims, next false, previous true",
				p.ids(), p.PageInfo.HasNextPage, p.PageInfo.HasPreviousPage)
		}
	})
}

func TestPaginationOrderBy(t *testing.T) {
	s := openShelf(t)
	newestFirst := slices.Clone(s.ids)
	slices.Reverse(newestFirst)
	byText := slices.Clone(s.ids)
	sort.Slice(byText, func(i, j int) bool {
		return s.texts[slices.Index(s.ids, byText[i])] < s.texts[slices.Index(s.ids, byText[j])]
	})
	if slices.Equal(byText, s.ids) {
		t.Fatal("fixture: text order must differ from id order")
	}
	for _, tc := range []struct {
		name    string
		orderBy map[string]any
		want    []string
	}{
		{"CREATED_AT DESC", map[string]any{"field": "CREATED_AT", "direction": "DESC"}, newestFirst},
		{"TEXT ASC", map[string]any{"field": "TEXT", "direction": "ASC"}, byText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := map[string]any{"orderBy": tc.orderBy}
			if got := s.pageForward(t, 7, extra, claimCount); !slices.Equal(got, tc.want) {
				t.Errorf("paging forward gave\n%v\nwant\n%v", got, tc.want)
			}
			if got := s.pageBackward(t, 7, extra, claimCount); !slices.Equal(got, tc.want) {
				t.Errorf("paging backward gave\n%v\nwant\n%v", got, tc.want)
			}
		})
	}
}

func TestPaginationWhere(t *testing.T) {
	s := openShelf(t)
	var hackeo, archived []string
	for i, id := range s.ids {
		if i%3 == 0 {
			hackeo = append(hackeo, id)
		}
		if i%5 == 0 {
			archived = append(archived, id)
		}
	}
	for _, tc := range []struct {
		name  string
		where map[string]any
		want  []string
	}{
		{"textContains", map[string]any{"textContains": "hackeo"}, hackeo},
		{"status", map[string]any{"status": "ARCHIVED"}, archived},
		{"both", map[string]any{"textContains": "hackeo", "status": "ARCHIVED"}, []string{s.ids[0], s.ids[15]}},
		{"none", map[string]any{"textContains": "no aparece"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.pageForward(t, 2, map[string]any{"where": tc.where}, len(tc.want))
			if !slices.Equal(got, tc.want) {
				t.Errorf("claims where %v = %v, want %v", tc.where, got, tc.want)
			}
		})
	}
}

// A connection asked for without first or last returns DefaultPageSize
// (20) items, at the root and nested.
func TestDefaultPageSize(t *testing.T) {
	s := openShelf(t)
	type conn struct {
		TotalCount int
		PageInfo   struct{ HasNextPage bool }
		Edges      []struct{ Node struct{ ID string } }
	}
	check := func(t *testing.T, what string, c conn) {
		t.Helper()
		if len(c.Edges) != 20 || !c.PageInfo.HasNextPage || c.TotalCount != claimCount {
			t.Errorf("%s: %d items, hasNextPage %v, totalCount %d; want 20, true, %d",
				what, len(c.Edges), c.PageInfo.HasNextPage, c.TotalCount, claimCount)
		}
	}
	const fields = `{ totalCount pageInfo { hasNextPage } edges { node { id } } }`

	t.Run("root", func(t *testing.T) {
		var got struct{ Claims conn }
		s.env.Anonymous().MustDo(`{ claims `+fields+` }`, nil, &got)
		check(t, "claims", got.Claims)
	})
	t.Run("nested", func(t *testing.T) {
		var got struct{ Node struct{ Evidence conn } }
		s.env.Anonymous().MustDo(`query($id: ID!) { node(id: $id) { ... on Claim { evidence `+fields+` } } }`,
			map[string]any{"id": s.claim0}, &got)
		check(t, "claim.evidence", got.Node.Evidence)
	})
	t.Run("in a fragment", func(t *testing.T) {
		var got struct{ Node struct{ Evidence conn } }
		s.env.Anonymous().MustDo(`query($id: ID!) { node(id: $id) { ...Items } }
			fragment Items on Claim { evidence `+fields+` }`,
			map[string]any{"id": s.claim0}, &got)
		check(t, "claim.evidence in a fragment", got.Node.Evidence)
	})
	// first given as null, literally or through an unset variable, is no
	// page size either, and must not lift the limit.
	t.Run("first: null", func(t *testing.T) {
		var got struct{ Claims conn }
		s.env.Anonymous().MustDo(`{ claims(first: null) `+fields+` }`, nil, &got)
		check(t, "claims(first: null)", got.Claims)
	})
	t.Run("first: unset variable", func(t *testing.T) {
		var got struct{ Claims conn }
		s.env.Anonymous().MustDo(`query($n: Int) { claims(first: $n) `+fields+` }`, nil, &got)
		check(t, "claims(first: $n) without $n", got.Claims)
	})
}

// No connection returns more than MaxPageSize (100) items: asking for more,
// or for a negative number, is refused before anything runs.
func TestPageSizeLimits(t *testing.T) {
	s := openShelf(t)
	id := map[string]any{"id": s.claim0}
	for _, tc := range []struct {
		name, doc string
		vars      map[string]any
		field     string // "" when the request must succeed
	}{
		{"first: 100", `{ claims(first: 100) { totalCount } }`, nil, ""},
		{"last: 100", `{ claims(last: 100) { totalCount } }`, nil, ""},
		{"first: 0", `{ claims(first: 0) { totalCount } }`, nil, ""},
		{"first: 101", `{ claims(first: 101) { totalCount } }`, nil, "first"},
		{"first: -1", `{ claims(first: -1) { totalCount } }`, nil, "first"},
		{"last: 101", `{ claims(last: 101) { totalCount } }`, nil, "last"},
		{"last: -1", `{ claims(last: -1) { totalCount } }`, nil, "last"},
		{"first: $n = 101", `query($n: Int) { claims(first: $n) { totalCount } }`, map[string]any{"n": 101}, "first"},
		{"nested evidence(first: 1000)", `query($id: ID!) { node(id: $id) { ... on Claim { evidence(first: 1000) { totalCount } } } }`, id, "first"},
		{"nested evidence(last: 101)", `query($id: ID!) { node(id: $id) { ... on Claim { evidence(last: 101) { totalCount } } } }`, id, "last"},
		{"nested in a connection", `{ claims(first: 1) { edges { node { evidence(first: 1000) { totalCount } } } } }`, nil, "first"},
		{"in a fragment", `query($id: ID!) { node(id: $id) { ...Items } } fragment Items on Claim { evidence(first: 1000) { totalCount } }`, id, "first"},
		{"actor.claims(first: 101)", `{ actors(first: 1) { edges { node { claims(first: 101) { totalCount } } } } }`, nil, "first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.env.Counter.Reset()
			r := s.env.Anonymous().Do(tc.doc, tc.vars)
			if tc.field == "" {
				if len(r.Errors) > 0 {
					t.Fatalf("refused: %+v", r.Errors)
				}
				return
			}
			if r.Code() != "BAD_USER_INPUT" || r.Field() != tc.field {
				t.Fatalf("code %q field %q, want BAD_USER_INPUT on %q; errors: %+v", r.Code(), r.Field(), tc.field, r.Errors)
			}
			if !strings.Contains(r.Errors[0].Message, "100") {
				t.Errorf("message %q does not tell the limit", r.Errors[0].Message)
			}
			if n := s.env.Counter.Count(); n != 0 {
				t.Errorf("a refused query ran %d SQL statements: %q", n, s.env.Counter.Statements())
			}
		})
	}
}

// An id or cursor that does not parse is a BAD_USER_INPUT naming the
// argument, in words a client can act on (not strconv's or entgql's).
func TestUnreadableIDsAndCursors(t *testing.T) {
	env := apitest.New(t)
	env.Seed()
	for _, c := range []struct{ doc, field, message string }{
		{`{ node(id: "abc") { id } }`, "id", `id: "abc" is not a valid id`},
		{`{ node(id: "99999999999999999999999") { id } }`, "id", `id: "99999999999999999999999" is not a valid id`},
		{`{ nodes(ids: ["1", "x"]) { id } }`, "ids", `ids: "x" is not a valid id`},
		{`{ claims(first: 1, after: "garbage") { totalCount } }`, "after", "after: is not a cursor of this list: use an edge's cursor or pageInfo's endCursor or startCursor"},
		{`{ claims(last: 1, before: "Z2FyYmFnZQ==") { totalCount } }`, "before", "before: is not a cursor of this list"},
	} {
		r := env.Anonymous().Do(c.doc, nil)
		if r.Code() != "BAD_USER_INPUT" || r.Field() != c.field || !strings.HasPrefix(r.Errors[0].Message, c.message) {
			t.Errorf("%s: %s %q %+v, want BAD_USER_INPUT on %s saying %q", c.doc, r.Code(), r.Field(), r.Errors, c.field, c.message)
		}
	}
}

func TestNodeLookup(t *testing.T) {
	s := openShelf(t)
	var ev struct {
		Node struct {
			Evidence struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	s.env.Anonymous().MustDo(`query($id: ID!) { node(id: $id) { ... on Claim { evidence(first: 1) { edges { node { id } } } } } }`,
		map[string]any{"id": s.claim0}, &ev)
	evidenceID := ev.Node.Evidence.Edges[0].Node.ID

	const nodeDoc = `query($id: ID!) { node(id: $id) {
		__typename id
		... on Claim { text }
		... on Actor { name }
		... on Evidence { summary claim { id } }
	} }`
	type node struct {
		Typename string `json:"__typename"`
		ID       string
		Text     string
		Name     string
		Summary  string
		Claim    *struct{ ID string }
	}
	t.Run("node round trips", func(t *testing.T) {
		for _, tc := range []struct {
			id, typename string
			check        func(node) bool
		}{
			{s.ids[3], "Claim", func(n node) bool { return n.Text == s.texts[3] }},
			{s.actor, "Actor", func(n node) bool { return n.Name == "PSOE" }},
			{evidenceID, "Evidence", func(n node) bool { return n.Summary == "indicio 0" && n.Claim != nil && n.Claim.ID == s.claim0 }},
		} {
			var got struct{ Node *node }
			s.env.Anonymous().MustDo(nodeDoc, map[string]any{"id": tc.id}, &got)
			if got.Node == nil || got.Node.ID != tc.id || got.Node.Typename != tc.typename || !tc.check(*got.Node) {
				t.Errorf("node(%s) = %+v, want the %s", tc.id, got.Node, tc.typename)
			}
		}
	})
	t.Run("nodes keeps the order asked", func(t *testing.T) {
		ids := []string{evidenceID, s.ids[24], s.actor, s.ids[0]}
		var got struct{ Nodes []*node }
		s.env.Anonymous().MustDo(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, map[string]any{"ids": ids}, &got)
		var gotIDs []string
		for _, n := range got.Nodes {
			if n == nil {
				gotIDs = append(gotIDs, "null")
				continue
			}
			gotIDs = append(gotIDs, n.ID)
		}
		if !slices.Equal(gotIDs, ids) {
			t.Errorf("nodes(%v) = %v", ids, gotIDs)
		}
	})
	t.Run("unknown id is null", func(t *testing.T) {
		for _, id := range []string{
			missingID(s.claim0), // in the claims' id range, no such row
			"1099511627776",     // in no entity type's id range
			"0",
		} {
			r := s.env.Anonymous().Do(nodeDoc, map[string]any{"id": id})
			if len(r.Errors) > 0 || string(r.Data) != `{"node":null}` {
				t.Errorf("node(%s) = %s, errors %+v; want null and no error", id, r.Data, r.Errors)
			}
		}
	})
	t.Run("nodes with an unknown id", func(t *testing.T) {
		r := s.env.Anonymous().Do(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
			map[string]any{"ids": []string{s.ids[0], missingID(s.claim0)}})
		want := fmt.Sprintf(`{"nodes":[{"id":"%s"},null]}`, s.ids[0])
		if string(r.Data) != want {
			t.Errorf("nodes = %s, want %s", r.Data, want)
		}
		if r.Code() != "NOT_FOUND" || len(r.Errors[0].Path) != 2 || r.Errors[0].Path[1] != float64(1) {
			t.Errorf("errors = %+v, want NOT_FOUND at nodes[1]", r.Errors)
		}
	})
}
