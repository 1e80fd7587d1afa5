package demo_test

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent/user"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/internal/demo"
)

func TestSeedLoadsTheFoundingCase(t *testing.T) {
	env := apitest.New(t)
	ctx := env.Sys()

	res, err := demo.Seed(context.Background(), env.Client)
	if err != nil {
		t.Fatalf("Seed on an empty database: %v", err)
	}
	if !res.Seeded || res.Claim == nil {
		t.Fatalf("Seed on an empty database = %+v, want Seeded and the claim", res)
	}

	claims := env.Client.Claim.Query().AllX(ctx)
	if len(claims) != 1 || claims[0].ID != res.Claim.ID {
		t.Fatalf("claims after Seed: %d, want the founding claim alone", len(claims))
	}
	c := claims[0]
	if c.Lang != "es" || c.Text == "" || c.Slug == "" {
		t.Errorf("claim = lang %q, text %q, slug %q", c.Lang, c.Text, c.Slug)
	}
	if claimant := c.QueryClaimant().OnlyX(ctx); claimant.Name != "PSOE" {
		t.Errorf("claimant = %q, want PSOE", claimant.Name)
	}

	// The deleted tweet: its time is known, its text, client and deletion
	// time are not, and stay null rather than invented.
	if c.AboutID == nil {
		t.Fatal("the claim is about no statement")
	}
	tweet := c.QueryAbout().OnlyX(ctx)
	want := time.Date(2012, 1, 15, 10, 30, 0, 0, time.UTC)
	if tweet.PostedAt == nil || !tweet.PostedAt.Equal(want) {
		t.Errorf("postedAt = %v, want %v", tweet.PostedAt, want)
	}
	if tweet.DeletedAt != nil || tweet.Text != nil || tweet.Client != nil {
		t.Errorf("deletedAt, text, client = %v, %v, %v; not in the source, so want null", tweet.DeletedAt, tweet.Text, tweet.Client)
	}
	if !tweet.Deleted {
		t.Errorf("deleted = false; the source says the tweet was deleted")
	}
	if acct := tweet.QueryAccount().OnlyX(ctx); acct.Handle != "PSOE" || string(acct.Platform) != "TWITTER" {
		t.Errorf("the tweet's account = %s @%s, want TWITTER @PSOE", acct.Platform, acct.Handle)
	}

	items := c.QueryEvidence().AllX(ctx)
	if len(items) < 4 {
		t.Errorf("evidence items = %d, want at least 4", len(items))
	}
	hex64 := regexp.MustCompile(`^[0-9a-f]{64}$`)
	for _, ev := range items {
		if !hex64.MatchString(ev.Sha256) {
			t.Errorf("evidence %d: sha256 %q is not a SHA-256", ev.ID, ev.Sha256)
		}
		if ev.SubmitterID != nil {
			t.Errorf("evidence %d: submitter %d; demo data is loaded by the system", ev.ID, *ev.SubmitterID)
		}
	}

	// One demo user per role, each able to sign in with the documented
	// password.
	users := env.Client.User.Query().Where(user.HandleHasPrefix("demo_")).Order(user.ByHandle()).AllX(ctx)
	var roles []string
	for _, u := range users {
		roles = append(roles, string(u.Role))
		ok, err := auth.VerifyPassword(u.PasswordHash, demo.Password)
		if err != nil || !ok {
			t.Errorf("demo user %s: the demo password does not verify (%v)", u.Handle, err)
		}
	}
	slices.Sort(roles)
	if want := []string{"ADMIN", "EDITOR", "JOURNALIST", "READER"}; !slices.Equal(roles, want) {
		t.Errorf("demo users' roles = %v, want one of each: %v", roles, want)
	}
}

// The source's first reader comment is the case's one recorded verdict.
func TestSeedRecordsTheCommentersVerdict(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	var got struct {
		Node struct {
			Tally    struct{ DoesNotHold, Total int }
			Verdicts struct {
				Edges []struct {
					Node struct {
						Value  string
						Reason string
						User   struct{ DisplayName string }
					}
				}
			}
		}
	}
	env.Anonymous().MustDo(`query($id: ID!) { node(id: $id) { ... on Claim {
		tally { doesNotHold total }
		verdicts(first: 5) { edges { node { value reason user { displayName } } } } } } }`,
		map[string]any{"id": c.ID}, &got)
	if got.Node.Tally.DoesNotHold != 1 || got.Node.Tally.Total != 1 || len(got.Node.Verdicts.Edges) != 1 {
		t.Fatalf("want one DOES_NOT_HOLD verdict, got %+v", got.Node)
	}
	v := got.Node.Verdicts.Edges[0].Node
	if v.Value != "DOES_NOT_HOLD" || !strings.Contains(v.Reason, "metedura de pata") || !strings.Contains(v.User.DisplayName, "demostración") {
		t.Errorf("the commenter's verdict is %+v", v)
	}
}

func TestSeedTwiceChangesNothing(t *testing.T) {
	env := apitest.New(t)
	if _, err := demo.Seed(context.Background(), env.Client); err != nil {
		t.Fatal(err)
	}
	before := env.RowCounts()
	res, err := demo.Seed(context.Background(), env.Client)
	if err != nil {
		t.Fatalf("second Seed: %v", err)
	}
	if res.Seeded {
		t.Errorf("second Seed reports Seeded")
	}
	if after := env.RowCounts(); !maps.Equal(before, after) {
		t.Errorf("second Seed changed row counts:\nbefore %v\nafter  %v", before, after)
	}
}
