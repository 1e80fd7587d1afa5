package graph_test

// The claim page's query must cost a fixed number of SQL statements,
// however many evidence items the claim has: entgql's field collection
// eager-loads every edge of the page in one statement per edge (no N+1).

import (
	"fmt"
	"strings"
	"testing"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/account"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/internal/apitest"
)

// claimPageDoc is what the claim page asks for.
const claimPageDoc = `query ClaimPage($id: ID!) {
	node(id: $id) {
		... on Claim {
			text
			claimant { name accounts { totalCount } }
			about { postedAt deletedAt client account { handle } }
			evidence(first: 100) {
				totalCount
				edges { node {
					id kind stance summary sha256 observedAt
					statement { id }
					submitter { handle }
				} }
			}
		}
	}
}`

// claimWithEvidence creates a claim about a statement with n evidence
// items. The items point at three different statements and three different
// submitters in turn, so that every edge has several rows to load.
func claimWithEvidence(t *testing.T, env *apitest.Env, n int, submitters []*apitest.User) string {
	t.Helper()
	ctx := env.Sys()
	actor := env.Client.Actor.Create().SetName(fmt.Sprintf("Partido %d", n)).SetKind("PARTY").SaveX(ctx)
	acct := env.Client.Account.Create().SetActor(actor).SetPlatform(account.PlatformTwitter).
		SetHandle(fmt.Sprintf("partido%d", n)).SaveX(ctx)
	env.Client.Account.Create().SetActor(actor).SetPlatform(account.PlatformFacebook).
		SetHandle(fmt.Sprintf("partido%d", n)).ExecX(ctx)
	var statements []*ent.Statement
	for i := range 3 {
		statements = append(statements, env.Client.Statement.Create().SetAccount(acct).
			SetText(fmt.Sprintf("tuit %d", i)).SetClient("TweetDeck").SaveX(ctx))
	}
	claim := env.Client.Claim.Create().SetText("La cuenta fue hackeada").SetLang("es").
		SetClaimant(actor).SetAbout(statements[0]).SaveX(ctx)
	builders := make([]*ent.EvidenceCreate, n)
	for i := range builders {
		builders[i] = env.Client.Evidence.Create().
			SetClaim(claim).
			SetKind(evidence.KindTestimony).SetStance(evidence.StanceRefutes).
			SetSummary(fmt.Sprintf("indicio %d", i)).
			SetStatement(statements[i%len(statements)]).
			SetSubmitterID(submitters[i%len(submitters)].ID)
	}
	env.Client.Evidence.CreateBulk(builders...).ExecX(ctx)
	return gqlID(claim.ID)
}

func TestClaimPageHasNoNPlusOne(t *testing.T) {
	env := apitest.New(t)
	submitters := []*apitest.User{env.NewUser(auth.Journalist), env.NewUser(auth.Journalist), env.NewUser(auth.Editor)}
	reader := env.Anonymous()

	type result struct {
		items int
		count int64
		stmts []string
	}
	var results []result
	for _, items := range []int{1, 100} {
		id := claimWithEvidence(t, env, items, submitters)
		var got struct {
			Node struct {
				Text     string
				Claimant struct{ Accounts struct{ TotalCount int } }
				About    struct{ Account struct{ Handle string } }
				Evidence struct {
					TotalCount int
					Edges      []struct {
						Node struct {
							Sha256    *string
							Statement *struct{ ID string }
							Submitter *struct{ Handle string }
						}
					}
				}
			}
		}
		env.Counter.Reset()
		reader.MustDo(claimPageDoc, map[string]any{"id": id}, &got)
		r := result{items, env.Counter.Count(), env.Counter.Statements()}
		results = append(results, r)
		t.Logf("claim page with %d evidence items: %d SQL statements", items, r.count)

		// The query did load what it asked for, so the count is of real work.
		ev := got.Node.Evidence
		if ev.TotalCount != items || len(ev.Edges) != items || got.Node.Claimant.Accounts.TotalCount != 2 ||
			got.Node.About.Account.Handle == "" {
			t.Fatalf("claim page with %d items loaded %d edges (totalCount %d, accounts %d)",
				items, len(ev.Edges), ev.TotalCount, got.Node.Claimant.Accounts.TotalCount)
		}
		for i, e := range ev.Edges {
			if e.Node.Statement == nil || e.Node.Submitter == nil || e.Node.Sha256 == nil {
				t.Fatalf("item %d lacks its statement, submitter or hash: %+v", i, e.Node)
			}
		}
	}

	few, many := results[0], results[1]
	if few.count != many.count {
		t.Errorf("the claim page costs %d SQL statements with %d evidence items but %d with %d: an edge is loaded per item.\n"+
			"statements with %d items:\n  %s", few.count, few.items, many.count, many.items,
			many.items, strings.Join(many.stmts, "\n  "))
	}
	t.Logf("statements:\n  %s", strings.Join(few.stmts, "\n  "))
}

// TestEvidencePageCountsItsTotal: a single claim's first evidence page
// carries its totalCount (COUNT(*) OVER () in the page's own statement,
// ent/template/load_total.tmpl), so the bench's claim query costs three
// statements; every other shape of the connection still counts right.
func TestEvidencePageCountsItsTotal(t *testing.T) {
	env := apitest.New(t)
	submitters := []*apitest.User{env.NewUser(auth.Journalist)}
	id := claimWithEvidence(t, env, 7, submitters)
	empty := claimWithEvidence(t, env, 0, submitters)
	reader := env.Anonymous()

	type page struct {
		TotalCount int
		PageInfo   struct{ EndCursor *string }
		Edges      []struct{ Node struct{ ID string } }
	}
	evidence := func(claimID, args string) page {
		t.Helper()
		var got struct{ Node struct{ Evidence page } }
		reader.MustDo(`query($id: ID!) { node(id: $id) { ... on Claim { evidence(`+args+`) {
			totalCount pageInfo { endCursor } edges { node { id } } } } } }`, map[string]any{"id": claimID}, &got)
		return got.Node.Evidence
	}

	env.Counter.Reset()
	first := evidence(id, "first: 3")
	if n := env.Counter.Count(); n != 2 {
		t.Errorf("claim + first page with its total: %d statements, want 2:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	if first.TotalCount != 7 || len(first.Edges) != 3 {
		t.Errorf("first: 3 gave totalCount %d and %d edges, want 7 and 3", first.TotalCount, len(first.Edges))
	}
	for args, want := range map[string]int{
		"first: 0":  0,
		"first: 10": 7,
		"last: 2":   2,
		fmt.Sprintf("first: 3, after: %q", *first.PageInfo.EndCursor): 3,
	} {
		if p := evidence(id, args); p.TotalCount != 7 || len(p.Edges) != want {
			t.Errorf("evidence(%s): totalCount %d and %d edges, want 7 and %d", args, p.TotalCount, len(p.Edges), want)
		}
	}
	if p := evidence(empty, "first: 3"); p.TotalCount != 0 || len(p.Edges) != 0 {
		t.Errorf("a claim without evidence: totalCount %d, %d edges", p.TotalCount, len(p.Edges))
	}
	// Many parents: each claim's total is its own.
	var list struct {
		Claims struct {
			Edges []struct {
				Node struct {
					ID       string
					Evidence page
				}
			}
		}
	}
	reader.MustDo(`{ claims(first: 10) { edges { node { id evidence(first: 2) { totalCount edges { node { id } } } } } } }`, nil, &list)
	for _, e := range list.Claims.Edges {
		want := map[string]int{id: 7, empty: 0}[e.Node.ID]
		if e.Node.Evidence.TotalCount != want {
			t.Errorf("claims list: claim %s has totalCount %d, want %d", e.Node.ID, e.Node.Evidence.TotalCount, want)
		}
	}
}
