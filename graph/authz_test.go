package graph_test

// The authorization matrix: every mutation of the schema × every role (and
// anonymous) × the caller's own object or someone else's. The expected
// outcome of each cell restates the rule table of README "Who may do
// what"; the rules themselves live in ent/schema/policy.go.

import (
	"fmt"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/account"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/review"
	"github.com/veredicto/veredicto/graph"
	"github.com/veredicto/veredicto/graph/generated"
	"github.com/veredicto/veredicto/internal/apitest"
)

// anonymous stands for a request without credentials in the matrix.
const anonymous auth.Role = ""

var roles = []auth.Role{anonymous, auth.Reader, auth.Journalist, auth.Editor, auth.Admin}

// cell is what one role gets on its own or someone else's object.
type cell struct {
	allowed bool
	code    string // the error code when not allowed
}

var (
	ok         = cell{allowed: true}
	forbidden  = cell{code: "FORBIDDEN"}
	unsignedIn = cell{code: "UNAUTHENTICATED"}
	badInput   = cell{code: "BAD_USER_INPUT"}
	// notFound: other users' private objects (API tokens) are invisible,
	// so acting on them looks like acting on nothing.
	notFound    = cell{code: "NOT_FOUND"}
	journalists = func(r auth.Role, _ bool) cell {
		if r != anonymous && r.AtLeast(auth.Journalist) {
			return ok
		}
		return forbidden
	}
)

// fixture is what a mutation acts on: objects owned by the caller ("own")
// or by another user.
type fixture struct {
	env    *apitest.Env
	caller *apitest.Caller
	me     *apitest.User // nil when anonymous
	other  *apitest.User
	own    bool
}

// owner is the user whose object the mutation targets.
func (f *fixture) owner() *apitest.User {
	if f.own && f.me != nil {
		return f.me
	}
	return f.other
}

type mutationCase struct {
	// ownership tells whether own/other matters for this mutation.
	ownership bool
	// request builds the mutation for the fixture.
	request func(f *fixture) (string, map[string]any)
	// expect is the cell for a role and ownership.
	expect func(r auth.Role, own bool) cell
}

var matrix = map[string]mutationCase{
	"createActor": {
		request: func(*fixture) (string, map[string]any) {
			return `mutation { createActor(input: {name: "Ignacio Escolar", kind: PERSON, country: "ES"}) { id } }`, nil
		},
		expect: journalists,
	},
	"createAccount": {
		request: func(f *fixture) (string, map[string]any) {
			a := f.actor()
			return `mutation($a: ID!, $h: String!) { createAccount(input: {actorID: $a, platform: TWITTER, handle: $h}) { id } }`,
				map[string]any{"a": a.ID, "h": f.uniqueHandle()}
		},
		expect: journalists,
	},
	"createStatement": {
		request: func(f *fixture) (string, map[string]any) {
			acc := f.account()
			return `mutation($a: ID!) { createStatement(input: {accountID: $a, postedAt: "2012-01-15T10:30:00Z"}) { id } }`, map[string]any{"a": acc.ID}
		},
		expect: journalists,
	},
	"createClaim": {
		request: func(f *fixture) (string, map[string]any) {
			a := f.actor()
			return `mutation($a: ID!) { createClaim(input: {claimantID: $a, lang: "es", text: "La cuenta fue hackeada"}) { id } }`, map[string]any{"a": a.ID}
		},
		expect: journalists,
	},
	"updateClaim": {
		request: func(f *fixture) (string, map[string]any) {
			c := f.claim()
			return `mutation($c: ID!) { updateClaim(id: $c, input: {tags: ["hackeo"]}) { id } }`, map[string]any{"c": c.ID}
		},
		expect: journalists,
	},
	"addEvidence": {
		// Readers may propose evidence; it waits for moderation.
		request: func(f *fixture) (string, map[string]any) {
			c := f.claim()
			return `mutation($c: ID!) { addEvidence(input: {claimID: $c, kind: TIMING, stance: CONTEXT, summary: "En pleno debate de primarias"}) { id } }`, map[string]any{"c": c.ID}
		},
		expect: func(r auth.Role, _ bool) cell {
			if r == anonymous {
				return forbidden
			}
			return ok
		},
	},
	"importPost": {
		request: func(f *fixture) (string, map[string]any) {
			c := f.claim()
			return `mutation($c: ID!, $p: String!) { importPost(input: {claimID: $c, format: TWITTER_V1, payload: $p}) { created } }`,
				map[string]any{"c": c.ID, "p": tweetV1(f.uniqueHandle())}
		},
		expect: journalists,
	},
	"reviseEvidence": {
		ownership: true,
		request: func(f *fixture) (string, map[string]any) {
			e := f.evidence(f.owner(), evidence.StatusPublished)
			return `mutation($e: ID!) { reviseEvidence(id: $e, input: {summary: "Resumen corregido"}, note: "errata") { revision } }`, map[string]any{"e": e.ID}
		},
		expect: func(r auth.Role, own bool) cell {
			switch {
			case r == anonymous || r == auth.Reader:
				return forbidden
			case r.AtLeast(auth.Editor), own:
				return ok
			}
			return forbidden
		},
	},
	"approveEvidence": {
		request: func(f *fixture) (string, map[string]any) {
			e := f.evidence(f.other, evidence.StatusPending)
			return `mutation($e: ID!) { approveEvidence(id: $e) { status } }`, map[string]any{"e": e.ID}
		},
		expect: editors,
	},
	"rejectEvidence": {
		request: func(f *fixture) (string, map[string]any) {
			e := f.evidence(f.other, evidence.StatusPending)
			return `mutation($e: ID!) { rejectEvidence(id: $e, reason: "sin fuente") { status } }`, map[string]any{"e": e.ID}
		},
		expect: editors,
	},
	"retractEvidence": {
		request: func(f *fixture) (string, map[string]any) {
			e := f.evidence(f.other, evidence.StatusPublished)
			return `mutation($e: ID!) { retractEvidence(id: $e, reason: "fuente falsa") { status } }`, map[string]any{"e": e.ID}
		},
		expect: editors,
	},
	"castVerdict": {
		request: func(f *fixture) (string, map[string]any) {
			c := f.claim()
			return `mutation($c: ID!) { castVerdict(claimId: $c, value: DOES_NOT_HOLD, reason: "es una metedura de pata") { value } }`, map[string]any{"c": c.ID}
		},
		expect: func(r auth.Role, _ bool) cell {
			if r == anonymous {
				return forbidden
			}
			return ok
		},
	},
	"withdrawVerdict": {
		// One's own verdict is the only one a caller can name.
		request: func(f *fixture) (string, map[string]any) {
			c := f.claim()
			if f.me != nil {
				f.me.MustDo(`mutation($c: ID!) { castVerdict(claimId: $c, value: HOLDS) { id } }`, map[string]any{"c": c.ID}, nil)
			}
			return `mutation($c: ID!) { withdrawVerdict(claimId: $c, reason: "me equivoqué") { withdrawnAt } }`, map[string]any{"c": c.ID}
		},
		expect: func(r auth.Role, _ bool) cell {
			if r == anonymous {
				return forbidden
			}
			return ok
		},
	},
	"publishReview": {
		request: func(f *fixture) (string, map[string]any) {
			c := f.claim()
			return `mutation($c: ID!) { publishReview(input: {claimID: $c, scale: SIX_STEP, rating: "FALSE", summary: "No hay indicios de hackeo", lang: "es"}) { id } }`, map[string]any{"c": c.ID}
		},
		expect: editors,
	},
	"correctReview": {
		request: func(f *fixture) (string, map[string]any) {
			r := f.review()
			return `mutation($r: ID!) { correctReview(id: $r, input: {rating: "MOSTLY_FALSE"}, note: "Matizamos la calificación") { revision } }`, map[string]any{"r": r.ID}
		},
		expect: editors,
	},
	"signUp": {
		request: func(f *fixture) (string, map[string]any) {
			return `mutation($h: String!) { signUp(input: {handle: $h, displayName: "Nueva", password: "una contraseña larga"}) { viewer { user { role } } } }`,
				map[string]any{"h": f.uniqueHandle()}
		},
		expect: func(auth.Role, bool) cell { return ok },
	},
	"logIn": {
		ownership: true,
		request: func(f *fixture) (string, map[string]any) {
			return `mutation($h: String!, $p: String!) { logIn(input: {handle: $h, password: $p}) { viewer { user { id } } } }`,
				map[string]any{"h": f.owner().Handle, "p": apitest.Password}
		},
		expect: func(auth.Role, bool) cell { return ok },
	},
	"logOut": {
		request: func(*fixture) (string, map[string]any) { return `mutation { logOut }`, nil },
		expect:  signedIn,
	},
	"changePassword": {
		request: func(*fixture) (string, map[string]any) {
			return `mutation($p: String!) { changePassword(input: {currentPassword: $p, newPassword: "otra contraseña larga"}) }`,
				map[string]any{"p": apitest.Password}
		},
		expect: signedIn,
	},
	"createApiToken": {
		request: func(*fixture) (string, map[string]any) {
			return `mutation { createApiToken(input: {name: "CMS"}) { token } }`, nil
		},
		expect: signedIn,
	},
	"revokeApiToken": {
		ownership: true,
		request: func(f *fixture) (string, map[string]any) {
			t := f.token(f.owner())
			return `mutation($t: ID!) { revokeApiToken(id: $t) { revokedAt } }`, map[string]any{"t": t}
		},
		expect: func(r auth.Role, own bool) cell {
			switch {
			case r == anonymous:
				return unsignedIn
			case own, r == auth.Admin:
				return ok
			}
			return notFound
		},
	},
	"setUserRole": {
		ownership: true,
		request: func(f *fixture) (string, map[string]any) {
			return `mutation($u: ID!) { setUserRole(userId: $u, role: EDITOR) { role } }`, map[string]any{"u": f.owner().ID}
		},
		expect: func(r auth.Role, own bool) cell {
			switch {
			case r == auth.Admin && own:
				return badInput // admins cannot demote themselves
			case r == auth.Admin:
				return ok
			}
			return forbidden
		},
	},
	"setUserDisabled": {
		ownership: true,
		request: func(f *fixture) (string, map[string]any) {
			return `mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { disabled } }`, map[string]any{"u": f.owner().ID}
		},
		expect: func(r auth.Role, own bool) cell {
			switch {
			case r == auth.Admin && own:
				return badInput // nobody locks themselves out
			case r == auth.Admin:
				return ok
			}
			return forbidden
		},
	},
}

// editors: moderation. A pending item of someone else's is invisible to
// non-editors, so they see NOT_FOUND rather than FORBIDDEN; the matrix
// accepts either refusal as long as nothing is written.
func editors(r auth.Role, _ bool) cell {
	if r != anonymous && r.AtLeast(auth.Editor) {
		return ok
	}
	return forbidden
}

func signedIn(r auth.Role, _ bool) cell {
	if r == anonymous {
		return unsignedIn
	}
	return ok
}

// TestEveryMutationHasAMatrixEntry makes a new mutation without an entry
// (and so without a decided rule) fail the build's tests.
func TestEveryMutationHasAMatrixEntry(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &graph.Resolver{}}).Schema()
	var missing []string
	for _, f := range schema.Mutation.Fields {
		if _, ok := matrix[f.Name]; !ok && f.Name[0] != '_' {
			missing = append(missing, f.Name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("mutations without an authorization matrix entry (add them to graph/authz_test.go and README's rule table): %v", missing)
	}
}

func TestAuthorizationMatrix(t *testing.T) {
	names := make([]string, 0, len(matrix))
	for n := range matrix {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		mc := matrix[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := apitest.New(t)
			for _, role := range roles {
				for _, own := range ownerships(mc.ownership, role) {
					t.Run(label(role, own), func(t *testing.T) {
						checkCell(t, env, mc, role, own)
					})
				}
			}
		})
	}
}

// ownerships lists the cells to check: own and other's object where
// ownership matters (an anonymous caller owns nothing).
func ownerships(matters bool, r auth.Role) []bool {
	switch {
	case matters && r == anonymous:
		return []bool{false}
	case matters:
		return []bool{true, false}
	}
	return []bool{true}
}

func label(r auth.Role, own bool) string {
	name := string(r)
	if r == anonymous {
		name = "ANONYMOUS"
	}
	if own {
		return name + "/own"
	}
	return name + "/other"
}

func checkCell(t *testing.T, env *apitest.Env, mc mutationCase, role auth.Role, own bool) {
	f := &fixture{env: env, caller: env.Anonymous(), other: env.NewUser(auth.Reader), own: own}
	if role != anonymous {
		f.me = env.NewUser(role)
		f.caller = f.me.Caller
	}
	query, vars := mc.request(f)
	before := env.RowCounts()
	res := f.caller.Do(query, vars)
	want := mc.expect(role, own)
	if want.allowed {
		if len(res.Errors) > 0 {
			t.Fatalf("want allowed, got %+v", res.Errors)
		}
		if after := env.RowCounts(); after["audit_events"] <= before["audit_events"] {
			t.Errorf("an allowed mutation must append to the audit log (%d → %d rows)", before["audit_events"], after["audit_events"])
		}
		return
	}
	if res.Code() != want.code && !(want.code == "FORBIDDEN" && res.Code() == "NOT_FOUND") {
		t.Fatalf("want %s, got %q: %+v", want.code, res.Code(), res.Errors)
	}
	if after := env.RowCounts(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused mutation wrote something:\nbefore %v\nafter  %v", before, after)
	}
}

// Fixture objects, created with system rights.

func (f *fixture) actor() *ent.Actor {
	a, err := f.env.Client.Actor.Create().SetName("PSOE").SetKind(actor.KindParty).Save(f.env.Sys())
	if err != nil {
		f.env.T.Fatal(err)
	}
	return a
}

func (f *fixture) account() *ent.Account {
	a, err := f.env.Client.Account.Create().SetActor(f.actor()).SetPlatform(account.PlatformTwitter).
		SetHandle(f.uniqueHandle()).Save(f.env.Sys())
	if err != nil {
		f.env.T.Fatal(err)
	}
	return a
}

func (f *fixture) claim() *ent.Claim {
	c, err := f.env.Client.Claim.Create().SetClaimant(f.actor()).SetLang("es").
		SetText("La cuenta fue hackeada").Save(f.env.Sys())
	if err != nil {
		f.env.T.Fatal(err)
	}
	return c
}

var handleSeq atomic.Int64

func (f *fixture) uniqueHandle() string {
	return fmt.Sprintf("handle_%d", handleSeq.Add(1))
}

// evidence creates an item on a new claim, submitted by u, with a status.
func (f *fixture) evidence(u *apitest.User, status evidence.Status) *ent.Evidence {
	e, err := f.env.Client.Evidence.Create().SetClaim(f.claim()).SetKind(evidence.KindTiming).
		SetStance(evidence.StanceContext).SetSummary("En pleno debate de primarias").
		SetSubmitterID(u.ID).SetStatus(status).Save(f.env.Sys())
	if err != nil {
		f.env.T.Fatal(err)
	}
	return e
}

// review publishes a review of a new claim, as an editor created for it.
func (f *fixture) review() *ent.Review {
	ed := f.env.NewUser(auth.Editor)
	r, err := f.env.Client.Review.Create().SetClaim(f.claim()).SetAuthorID(ed.ID).
		SetScale(review.ScaleSixStep).SetRating("FALSE").SetSummary("No hay indicios de hackeo").
		SetLang("es").SetPublishedAt(time.Now()).Save(f.env.As(ed))
	if err != nil {
		f.env.T.Fatal(err)
	}
	return r
}

// tweetV1 is a minimal Twitter API v1.1 tweet by handle, sent via TweetDeck.
func tweetV1(handle string) string {
	return fmt.Sprintf(`{"created_at":"Sun Jan 15 10:30:00 +0000 2012","id_str":"158532%07d","text":"texto de prueba","user":{"screen_name":%q,"name":"Prueba"},"source":"<a href=\"http://www.tweetdeck.com\" rel=\"nofollow\">TweetDeck</a>"}`,
		handleSeq.Add(1), handle)
}

// token creates an API token owned by u and returns its id.
func (f *fixture) token(u *apitest.User) int {
	ctx := f.env.As(u)
	t, err := f.env.Client.APIToken.Create().SetUserID(u.ID).SetName("CMS").
		SetTokenHash(auth.HashSecret(auth.NewSecret(auth.TokenPrefix))).SetHint("abcd").Save(ctx)
	if err != nil {
		f.env.T.Fatal(err)
	}
	return t.ID
}
