package graph_test

// A unique edge with its foreign key in the parent's table (a claim's
// claimant and statement) is loaded in the parent's own statement by a LEFT
// JOIN when its query is plain (ent/template/unique_join.tmpl), and by a
// query of its own otherwise, so that filters and denials of the edge's
// query still apply.

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/intercept"
	"github.com/veredicto/veredicto/internal/apitest"
)

func TestUniqueEdgesAreJoined(t *testing.T) {
	env := apitest.New(t)
	submitters := []*apitest.User{env.NewUser(auth.Journalist)}
	first := claimWithEvidence(t, env, 4, submitters)
	second := claimWithEvidence(t, env, 2, submitters)
	reader := env.Anonymous()

	// The claim page: the claim with its claimant and statement, then the
	// evidence page with its total.
	var page struct {
		Node struct {
			Claimant struct{ Name, Kind string }
			About    struct {
				Text   string
				Client *string
			}
			Evidence struct{ TotalCount int }
		}
	}
	env.Counter.Reset()
	reader.MustDo(`query($id: ID!) { node(id: $id) { ... on Claim {
		claimant { name kind } about { text client } evidence(first: 3) { totalCount edges { node { id } } } } } }`,
		map[string]any{"id": first}, &page)
	if n := env.Counter.Count(); n != 2 {
		t.Errorf("claim + claimant + statement + evidence page: %d statements, want 2:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	got := page.Node
	if got.Claimant.Name != "Partido 4" || got.Claimant.Kind != "PARTY" || got.About.Text != "tuit 0" ||
		got.About.Client == nil || *got.About.Client != "TweetDeck" || got.Evidence.TotalCount != 4 {
		t.Errorf("claim page: %+v", got)
	}

	// A list: each claim gets its own claimant, in one statement.
	var list struct {
		Claims struct {
			Edges []struct {
				Node struct {
					ID       string
					Claimant struct{ Name string }
				}
			}
		}
	}
	env.Counter.Reset()
	reader.MustDo(`{ claims(first: 10) { edges { node { id claimant { name } } } } }`, nil, &list)
	if n := env.Counter.Count(); n != 1 {
		t.Errorf("claims with claimants: %d statements, want 1:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	names := map[string]string{}
	for _, e := range list.Claims.Edges {
		names[e.Node.ID] = e.Node.Claimant.Name
	}
	if names[first] != "Partido 4" || names[second] != "Partido 2" {
		t.Errorf("claimants by claim: %v", names)
	}

	// Evidence pages of many claims are cut per claim (ROW_NUMBER in a
	// subquery); each item's submitter is joined onto what is left.
	var pages struct {
		Claims struct {
			Edges []struct {
				Node struct {
					ID       string
					Evidence struct {
						Edges []struct {
							Node struct {
								Summary   string
								Submitter struct{ Handle string }
							}
						}
					}
				}
			}
		}
	}
	env.Counter.Reset()
	reader.MustDo(`{ claims(first: 10) { edges { node { id evidence(first: 3) { edges { node { summary submitter { handle } } } } } } } }`, nil, &pages)
	if n := env.Counter.Count(); n != 2 {
		t.Errorf("claims with evidence pages and submitters: %d statements, want 2:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	items := map[string]int{}
	for _, e := range pages.Claims.Edges {
		for _, it := range e.Node.Evidence.Edges {
			if it.Node.Submitter.Handle != submitters[0].Handle {
				t.Errorf("claim %s, item %q: submitter %q, want %q", e.Node.ID, it.Node.Summary, it.Node.Submitter.Handle, submitters[0].Handle)
			}
			items[e.Node.ID]++
		}
	}
	if items[first] != 3 || items[second] != 2 {
		t.Errorf("items per claim: %v", items)
	}

	// A claimant that loads edges of its own is not plain: it gets its own
	// statement, with the same answer.
	var nested struct {
		Node struct {
			Claimant struct {
				Name     string
				Accounts struct{ TotalCount int }
			}
		}
	}
	env.Counter.Reset()
	reader.MustDo(`query($id: ID!) { node(id: $id) { ... on Claim { claimant { name accounts { totalCount } } } } }`,
		map[string]any{"id": second}, &nested)
	if c := nested.Node.Claimant; c.Name != "Partido 2" || c.Accounts.TotalCount != 2 {
		t.Errorf("claimant with its accounts: %+v", c)
	}
	if n := env.Counter.Count(); n != 3 {
		t.Errorf("claim + claimant + the claimant's accounts: %d statements, want 3:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
}

// TestUniqueJoinKeepsTheEdgeQueryRules: what the edge's interceptors and
// privacy policy add to its query decides whether it may be joined. A
// filter makes the edge run on its own (and apply); with nothing added, the
// joined and the separate load agree; a nullable key joins to nil.
func TestUniqueJoinKeepsTheEdgeQueryRules(t *testing.T) {
	env := apitest.New(t)
	ctx := env.Sys()
	hidden := env.Client.Actor.Create().SetName("oculto").SetKind(actor.KindPerson).SaveX(ctx)
	shown := env.Client.Actor.Create().SetName("visible").SetKind(actor.KindParty).SaveX(ctx)
	for _, a := range []*ent.Actor{hidden, shown} {
		env.Client.Claim.Create().SetText("dicho por " + a.Name).SetLang("es").SetClaimant(a).ExecX(ctx)
	}
	claimants := func(c *ent.Client) map[string]*ent.Actor {
		t.Helper()
		claims, err := c.Claim.Query().Where(claim.TextHasPrefix("dicho por")).
			WithClaimant(func(q *ent.ActorQuery) { q.Select(actor.FieldName) }).
			WithAbout().All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*ent.Actor{}
		for _, c := range claims {
			if c.Edges.About != nil {
				t.Errorf("claim %q has no statement but got %+v", c.Text, c.Edges.About)
			}
			got[c.Text] = c.Edges.Claimant
		}
		return got
	}

	env.Counter.Reset()
	joined := claimants(env.Client)
	if n := env.Counter.Count(); n != 1 {
		t.Errorf("claims with claimants (plain): %d statements, want 1:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	for text, a := range joined {
		if a == nil || "dicho por "+a.Name != text || a.ID == 0 {
			t.Errorf("%q: joined claimant %+v", text, a)
		}
	}

	// Through a many-to-many edge, whose loader selects the join table's
	// key first: related claims still get their own claimants.
	hub := env.Client.Claim.Create().SetText("relacionada").SetLang("es").SetClaimant(shown).
		AddRelated(env.Client.Claim.Query().Where(claim.TextHasPrefix("dicho por")).AllX(ctx)...).SaveX(ctx)
	env.Counter.Reset()
	related := env.Client.Claim.Query().Where(claim.ID(hub.ID)).
		WithRelated(func(q *ent.ClaimQuery) { q.WithClaimant() }).OnlyX(ctx).Edges.Related
	if n := env.Counter.Count(); n != 2 {
		t.Errorf("a claim, its related claims and their claimants: %d statements, want 2:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	if len(related) != 2 {
		t.Fatalf("%d related claims, want 2", len(related))
	}
	for _, r := range related {
		if r.Edges.Claimant == nil || "dicho por "+r.Edges.Claimant.Name != r.Text {
			t.Errorf("related claim %q: claimant %+v", r.Text, r.Edges.Claimant)
		}
	}

	// Locked rows: PostgreSQL refuses FOR UPDATE on the nullable side of an
	// outer join, so a locking query loads its edges on its own.
	tx, err := env.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	locked, err := tx.Claim.Query().Where(claim.TextHasPrefix("dicho por")).WithClaimant().ForUpdate().All(ctx)
	if err != nil {
		t.Errorf("claims with claimants, for update: %v", err)
	}
	for _, c := range locked {
		if c.Edges.Claimant == nil || "dicho por "+c.Edges.Claimant.Name != c.Text {
			t.Errorf("locked claim %q: claimant %+v", c.Text, c.Edges.Claimant)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}

	// A privacy filter rule: a revision's evidence item is filtered for a
	// reader (only public items) and not for an editor. The reader's items
	// are loaded on their own, with the filter; the editor's are joined.
	item := env.Client.Evidence.Create().SetClaimID(env.Client.Claim.Query().FirstIDX(ctx)).
		SetKind(evidence.KindTestimony).SetStance(evidence.StanceRefutes).SetSummary("primera versión").
		SetSubmitterID(env.NewUser(auth.Journalist).ID).SaveX(ctx)
	item.Update().SetSummary("segunda versión").ExecX(ctx)
	revisionItems := func(ctx context.Context, want int) {
		t.Helper()
		env.Counter.Reset()
		revs, err := env.Client.EvidenceRevision.Query().WithEvidence().All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := env.Counter.Count(); n != int64(want) {
			t.Errorf("revisions with their items: %d statements, want %d:\n%s", n, want, strings.Join(env.Counter.Statements(), "\n"))
		}
		if len(revs) == 0 {
			t.Fatal("no revision")
		}
		for _, r := range revs {
			if r.Edges.Evidence == nil || r.Edges.Evidence.ID != item.ID || r.Edges.Evidence.Summary != "segunda versión" {
				t.Errorf("revision %d: item %+v", r.ID, r.Edges.Evidence)
			}
		}
	}
	revisionItems(context.Background(), 2)
	revisionItems(env.As(env.NewUser(auth.Editor)), 1)

	// A traverser adds a predicate when the edge's query is prepared, as a
	// privacy filter rule does: the claimants are loaded on their own and
	// the hidden one stays hidden.
	env.Client.Actor.Intercept(intercept.TraverseActor(func(_ context.Context, q *ent.ActorQuery) error {
		q.Where(actor.NameNEQ("oculto"))
		return nil
	}))
	env.Counter.Reset()
	got := claimants(env.Client)
	if n := env.Counter.Count(); n != 2 {
		t.Errorf("claims with filtered claimants: %d statements, want 2:\n%s", n, strings.Join(env.Counter.Statements(), "\n"))
	}
	if got["dicho por oculto"] != nil || got["dicho por visible"] == nil || got["dicho por visible"].Name != "visible" {
		t.Errorf("filtered claimants: %v", got)
	}
	if !slices.ContainsFunc(env.Counter.Statements(), func(s string) bool { return strings.Contains(s, `"actors"."name" <>`) }) {
		t.Errorf("the filter is not in any statement:\n%s", strings.Join(env.Counter.Statements(), "\n"))
	}
}
