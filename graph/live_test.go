package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/internal/apitest"
)

const claimUpdated = `subscription($id: ID!) { claimUpdated(id: $id) { kind claim { id tally { holds partly doesNotHold total } } } }`

type claimChange struct {
	ClaimUpdated struct {
		Kind  string
		Claim struct {
			ID    string
			Tally struct{ Holds, Partly, DoesNotHold, Total int }
		}
	}
}

// waitForHub gives the hubs a moment to LISTEN before the test writes.
func waitForHub() { time.Sleep(300 * time.Millisecond) }

// A verdict cast through one instance reaches a subscriber of another
// within a second: the event goes through PostgreSQL's NOTIFY.
func TestClaimUpdatedAcrossInstances(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	other := env.SecondInstance()
	ctx, sock := env.Socket(apitest.DialOptions{})
	sub, err := sock.Subscribe(ctx, claimUpdated, map[string]any{"id": c.ID})
	if err != nil {
		t.Fatal(err)
	}
	waitForHub()

	drain(sub) // the seed's own events may still be arriving

	reader := env.NewUser(auth.Reader)
	reader.Env(other).MustDo(`mutation($c: ID!) { castVerdict(claimId: $c, value: DOES_NOT_HOLD) { id } }`, map[string]any{"c": c.ID}, nil)
	sent := time.Now()
	got, err := nextTally(sub, time.Second, 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("update arrived %s after the cast returned", time.Since(sent))
	if got.ClaimUpdated.Kind != "TALLY" || got.ClaimUpdated.Claim.Tally.DoesNotHold != 2 {
		t.Fatalf("update = %+v, want TALLY with 2 DOES_NOT_HOLD (the seed's and this one)", got)
	}
}

// drain discards the updates already on their way.
func drain(sub *apitest.Subscription) {
	for {
		select {
		case <-sub.Next:
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}

// nextMatching waits up to d for an update whose JSON contains want,
// skipping others (events of earlier writes may still arrive).
func nextMatching(sub *apitest.Subscription, d time.Duration, want string) (json.RawMessage, error) {
	deadline := time.Now().Add(d)
	for {
		data, err := apitest.Within(time.Until(deadline), sub)
		if err != nil {
			return nil, err
		}
		if strings.Contains(string(data), want) {
			return data, nil
		}
	}
}

// nextTally waits up to d for an update whose tally has total verdicts.
func nextTally(sub *apitest.Subscription, d time.Duration, total int) (claimChange, error) {
	deadline := time.Now().Add(d)
	for {
		data, err := apitest.Within(time.Until(deadline), sub)
		if err != nil {
			return claimChange{}, err
		}
		var got claimChange
		if err := json.Unmarshal(data, &got); err != nil {
			return claimChange{}, err
		}
		if got.ClaimUpdated.Claim.Tally.Total == total {
			return got, nil
		}
	}
}

func TestClaimsFeedAndEvidenceUpdates(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	waitForHub() // the seed's own events must not reach the new subscribers
	ctx, sock := env.Socket(apitest.DialOptions{})
	feed, _ := sock.Subscribe(ctx, `subscription { claimsFeed { id text } }`, nil)
	updates, _ := sock.Subscribe(ctx, claimUpdated, map[string]any{"id": c.ID})
	waitForHub()

	j := env.NewUser(auth.Journalist)
	j.MustDo(`mutation($c: ID!) { addEvidence(input: {claimID: $c, kind: TIMING, stance: CONTEXT, summary: "Dato nuevo"}) { id } }`, map[string]any{"c": c.ID}, nil)
	if _, err := nextMatching(updates, time.Second, `"kind":"EVIDENCE"`); err != nil {
		t.Fatalf("evidence update: %v", err)
	}
	j.MustDo(`mutation($a: ID!) { createClaim(input: {claimantID: $a, lang: "es", text: "Otra explicación"}) { id } }`, map[string]any{"a": c.ClaimantID}, nil)
	if _, err := nextMatching(feed, time.Second, "Otra explicación"); err != nil {
		t.Fatalf("claimsFeed: %v", err)
	}
}

// A rolled-back change publishes nothing: events are sent on commit.
func TestRefusedMutationsPublishNothing(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	ctx, sock := env.Socket(apitest.DialOptions{})
	updates, _ := sock.Subscribe(ctx, claimUpdated, map[string]any{"id": c.ID})
	waitForHub()
	drain(updates)
	j := env.NewUser(auth.Journalist)
	// The second field fails, so the whole mutation (and its event) is rolled back.
	r := j.Do(`mutation($c: ID!) {
		a: addEvidence(input: {claimID: $c, kind: TIMING, stance: CONTEXT, summary: "Dato"}) { id }
		b: addEvidence(input: {claimID: $c, kind: TIMING, stance: CONTEXT, summary: ""}) { id }
	}`, map[string]any{"c": c.ID})
	if r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("want the second field refused, got %+v", r.Errors)
	}
	if data, err := apitest.Within(500*time.Millisecond, updates); err == nil {
		t.Fatalf("a rolled-back change was published: %s", data)
	}
}

func TestSubscriptionLimitsAndOrigins(t *testing.T) {
	env := apitest.New(t, apitest.WithAllowedOrigins("https://app.veredicto.test"))
	c := env.Seed()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	if _, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{Origin: "https://evil.example"}); err == nil {
		t.Errorf("a websocket from a foreign origin was accepted")
	}
	if s, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{Origin: "https://app.veredicto.test"}); err != nil {
		t.Errorf("an allowed origin was refused: %v", err)
	} else {
		s.Close()
	}

	sock, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer sock.Close()
	// 21 subscriptions on one connection: they start concurrently, so any
	// one of them may be the one over the limit, but exactly one is.
	var subs []*apitest.Subscription
	for i := 0; i <= graph.MaxSubscriptionsPerConnection; i++ {
		s, _ := sock.Subscribe(ctx, claimUpdated, map[string]any{"id": c.ID})
		subs = append(subs, s)
	}
	time.Sleep(time.Second)
	refused := 0
	for _, s := range subs {
		select {
		case errs := <-s.Errors:
			if len(errs) == 0 || errs[0].Extensions["code"] != "RATE_LIMITED" {
				t.Errorf("a subscription failed: %+v", errs)
			}
			refused++
		default:
		}
	}
	if refused != 1 {
		t.Errorf("%d of %d subscriptions refused, want 1", refused, len(subs))
	}

	unknown, _ := sock.Subscribe(ctx, claimUpdated, map[string]any{"id": strconv.Itoa(c.ID + 999)})
	select {
	case errs := <-unknown.Errors:
		if len(errs) == 0 || errs[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("subscribing to an unknown claim: %+v", errs)
		}
	case <-time.After(2 * time.Second):
		t.Errorf("subscribing to an unknown claim gave no error")
	}
}

// A subscription opens one stream: two root fields, even two aliases of
// one field, are refused as invalid, not failed as an internal error.
func TestOneStreamPerSubscription(t *testing.T) {
	env := apitest.New(t)
	ctx, sock := env.Socket(apitest.DialOptions{})
	for _, doc := range []string{
		`subscription { a: claimsFeed { id } b: claimsFeed { id } }`,
		`subscription { claimsFeed { id } ...F } fragment F on Subscription { other: claimsFeed { id } }`,
	} {
		sub, err := sock.Subscribe(ctx, doc, nil)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case errs := <-sub.Errors:
			if errs[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || !strings.Contains(errs[0].Message, "a subscription selects one field at its root (this one selects 2)") {
				t.Errorf("%s: %+v", doc, errs)
			}
		case data := <-sub.Next:
			t.Errorf("%s: answered %s", doc, data)
		case <-ctx.Done():
			t.Fatalf("%s: no answer", doc)
		}
	}
}

// Tools authenticate a websocket with an API token in connection_init.
func TestSocketTokenAuth(t *testing.T) {
	env := apitest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := apitest.Dial(ctx, env.URL, apitest.DialOptions{Init: map[string]any{"authorization": "Bearer vrt_not-a-token"}})
	// 4403 tells graphql-ws clients not to retry, and the reason says why.
	if websocket.CloseStatus(err) != 4403 || !strings.Contains(fmt.Sprint(err), "the API token is unknown, expired or revoked") {
		t.Errorf("a bad token in connection_init: %v, want a close with 4403 saying why", err)
	}
}

// Editing what a claim shows without owning it — the statement it is
// about, the actor who made it — reaches the claim's subscribers too.
func TestStatementAndActorEditsReachTheirClaims(t *testing.T) {
	env := apitest.New(t)
	c := env.Seed()
	ctx, sock := env.Socket(apitest.DialOptions{})
	sub, err := sock.Subscribe(ctx, `subscription($id: ID!) { claimUpdated(id: $id) { kind claim { claimant { name } about { client } } } }`,
		map[string]any{"id": c.ID})
	if err != nil {
		t.Fatal(err)
	}
	waitForHub()
	drain(sub)

	env.Client.Statement.UpdateOneID(*c.AboutID).SetClient("TweetDeck (corregido)").ExecX(env.Sys())
	if _, err := nextMatching(sub, 2*time.Second, `"client":"TweetDeck (corregido)"`); err != nil {
		t.Errorf("a statement edit did not reach its claim's subscribers: %v", err)
	}
	env.Client.Actor.UpdateOneID(c.ClaimantID).SetName("PSOE (Partido Socialista)").ExecX(env.Sys())
	if _, err := nextMatching(sub, 2*time.Second, `"name":"PSOE (Partido Socialista)"`); err != nil {
		t.Errorf("an actor edit did not reach its claims' subscribers: %v", err)
	}
}
