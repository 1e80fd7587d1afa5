package graph_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/ent/user"
	"github.com/veredicto/veredicto/internal/apitest"
)

const signUp = `mutation($h: String!, $p: String!) { signUp(input: {handle: $h, displayName: "Lectora", password: $p}) { viewer { user { id handle role } } } }`

const logIn = `mutation($h: String!, $p: String!) { logIn(input: {handle: $h, password: $p}) { viewer { user { handle } } } }`

const whoAmI = `{ viewer { user { handle role } } }`

func sessionCookie(t *testing.T, r *apitest.Response) string {
	t.Helper()
	for _, c := range r.Cookies {
		if c.Name == session.CookieName {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie must be HttpOnly and SameSite: %+v", c)
			}
			return c.Value
		}
	}
	t.Fatalf("no session cookie in %+v", r.Cookies)
	return ""
}

func TestSignUpLogInLogOut(t *testing.T) {
	env := apitest.New(t)
	anon := env.Anonymous()
	r := anon.Do(signUp, map[string]any{"h": "Lectora_1", "p": "una contraseña larga"})
	if len(r.Errors) > 0 {
		t.Fatalf("signUp: %+v", r.Errors)
	}
	if !strings.Contains(string(r.Data), `"handle":"lectora_1","role":"READER"`) {
		t.Errorf("signUp makes a reader with a lower-cased handle, got %s", r.Data)
	}
	anon.Cookie = sessionCookie(t, r)
	var me struct {
		Viewer struct{ User struct{ Handle string } }
	}
	anon.MustDo(whoAmI, nil, &me)
	if me.Viewer.User.Handle != "lectora_1" {
		t.Fatalf("viewer after signUp = %+v", me)
	}

	// Logging out ends the session at once: the same cookie is anonymous.
	old := anon.Cookie
	anon.MustDo(`mutation { logOut }`, nil, nil)
	anon.Cookie = old
	if r := anon.Do(whoAmI, nil); string(r.Data) != `{"viewer":null}` {
		t.Fatalf("after logOut the old cookie still works: %s", r.Data)
	}

	r = env.Anonymous().Do(logIn, map[string]any{"h": "LECTORA_1", "p": "una contraseña larga"})
	if len(r.Errors) > 0 {
		t.Fatalf("logIn: %+v", r.Errors)
	}
	sessionCookie(t, r)
}

func TestWeakPasswordsAndBadHandlesAreRefused(t *testing.T) {
	env := apitest.New(t)
	for _, tc := range []struct{ handle, password, field string }{
		{"lectora", "corta", "password"},
		{"lectora", "lectora-y-algo-mas", "password"},
		{"no válido", "una contraseña larga", "handle"},
		{"ab", "una contraseña larga", "handle"},
	} {
		before := env.RowCounts()
		r := env.Anonymous().Do(signUp, map[string]any{"h": tc.handle, "p": tc.password})
		if r.Code() != "BAD_USER_INPUT" || r.Field() != tc.field {
			t.Errorf("signUp(%q, %q): want BAD_USER_INPUT on %s, got %+v", tc.handle, tc.password, tc.field, r.Errors)
		}
		if after := env.RowCounts(); after["users"] != before["users"] || after["audit_events"] != before["audit_events"] {
			t.Errorf("a refused signUp wrote rows")
		}
	}
}

// Two sign-ups racing for one handle: one account, one clean CONFLICT.
func TestConcurrentSignUpsWithOneHandle(t *testing.T) {
	env := apitest.New(t)
	const n = 8
	results := make([]*apitest.Response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = env.Anonymous().Do(signUp, map[string]any{"h": "gemela", "p": "una contraseña larga"})
		}()
	}
	wg.Wait()
	var okCount, conflicts int
	for _, r := range results {
		switch {
		case len(r.Errors) == 0:
			okCount++
		case r.Code() == "CONFLICT" && r.Field() == "handle":
			conflicts++
		default:
			t.Errorf("unexpected answer: %+v", r.Errors)
		}
	}
	if okCount != 1 || conflicts != n-1 {
		t.Fatalf("want 1 account and %d conflicts, got %d and %d", n-1, okCount, conflicts)
	}
	if c := env.Client.User.Query().Where(user.Handle("gemela")).CountX(env.Sys()); c != 1 {
		t.Fatalf("%d users with the handle", c)
	}
}

func TestDisablingAnAccountEndsItsSessionsAndTokens(t *testing.T) {
	env := apitest.New(t)
	admin := env.NewUser(auth.Admin)
	j := env.NewUser(auth.Journalist)
	var tok struct{ CreateApiToken struct{ Token string } }
	j.MustDo(`mutation { createApiToken(input: {name: "CMS"}) { token } }`, nil, &tok)
	bot := env.Anonymous()
	bot.Bearer = tok.CreateApiToken.Token
	if r := bot.Do(whoAmI, nil); !strings.Contains(string(r.Data), "JOURNALIST") {
		t.Fatalf("the API token acts as its owner with their role: %s %+v", r.Data, r.Errors)
	}

	admin.MustDo(`mutation($u: ID!) { setUserDisabled(userId: $u, disabled: true) { disabled } }`, map[string]any{"u": j.ID}, nil)
	if r := j.Do(whoAmI, nil); string(r.Data) != `{"viewer":null}` {
		t.Errorf("a disabled user's session still works: %s", r.Data)
	}
	if r := bot.Do(whoAmI, nil); r.Status != 401 || r.Code() != "UNAUTHENTICATED" {
		t.Errorf("a disabled user's API token still works: %d %+v", r.Status, r.Errors)
	}
	r := env.Anonymous().Do(logIn, map[string]any{"h": j.Handle, "p": apitest.Password})
	if r.Code() != "UNAUTHENTICATED" {
		t.Errorf("a disabled user can log in: %+v", r.Errors)
	}
}

func TestAPITokensAreShownOnceAndRevocable(t *testing.T) {
	env := apitest.New(t)
	j := env.NewUser(auth.Journalist)
	var created struct {
		CreateApiToken struct {
			Token    string
			ApiToken struct{ ID, Hint string }
		}
	}
	j.MustDo(`mutation { createApiToken(input: {name: "CMS"}) { token apiToken { id hint } } }`, nil, &created)
	tok := created.CreateApiToken
	if !strings.HasPrefix(tok.Token, auth.TokenPrefix) || !strings.HasSuffix(tok.Token, tok.ApiToken.Hint) {
		t.Fatalf("token %q / hint %q", tok.Token, tok.ApiToken.Hint)
	}
	// The secret is not stored: only its hash is.
	var stored int
	if err := env.DB.QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = $1`, auth.HashSecret(tok.Token)).Scan(&stored); err != nil || stored != 1 {
		t.Fatalf("hash lookup: %d, %v", stored, err)
	}
	bot := env.Anonymous()
	bot.Bearer = tok.Token
	bot.MustDo(`mutation { createActor(input: {name: "Ignacio Escolar", kind: PERSON}) { id } }`, nil, nil)
	j.MustDo(`mutation($t: ID!) { revokeApiToken(id: $t) { revokedAt } }`, map[string]any{"t": tok.ApiToken.ID}, nil)
	if r := bot.Do(whoAmI, nil); r.Status != 401 {
		t.Fatalf("a revoked token still works: %d %s", r.Status, r.Data)
	}
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	env := apitest.New(t)
	r := env.Anonymous().Do(signUp, map[string]any{"h": "cambia", "p": "una contraseña larga"})
	first := env.Anonymous()
	first.Cookie = sessionCookie(t, r)
	r = env.Anonymous().Do(logIn, map[string]any{"h": "cambia", "p": "una contraseña larga"})
	second := env.Anonymous()
	second.Cookie = sessionCookie(t, r)

	bad := first.Do(`mutation { changePassword(input: {currentPassword: "equivocada!!", newPassword: "otra contraseña larga"}) }`, nil)
	if bad.Code() != "BAD_USER_INPUT" || bad.Field() != "currentPassword" {
		t.Fatalf("wrong current password: %+v", bad.Errors)
	}
	first.MustDo(`mutation { changePassword(input: {currentPassword: "una contraseña larga", newPassword: "otra contraseña larga"}) }`, nil, nil)
	if r := first.Do(whoAmI, nil); !strings.Contains(string(r.Data), "cambia") {
		t.Errorf("the session that changed the password must stay signed in: %s", r.Data)
	}
	if r := second.Do(whoAmI, nil); string(r.Data) != `{"viewer":null}` {
		t.Errorf("other sessions must end: %s", r.Data)
	}
	if r := env.Anonymous().Do(logIn, map[string]any{"h": "cambia", "p": "otra contraseña larga"}); len(r.Errors) > 0 {
		t.Errorf("logIn with the new password: %+v", r.Errors)
	}
}

// Login throttling answers RATE_LIMITED with a retry time, and an unknown
// handle gets exactly the answer a wrong password gets.
func TestLogInThrottlingAndNoEnumeration(t *testing.T) {
	cfg := session.DefaultConfig
	cfg.LoginsPerAccount = 3
	env := apitest.New(t, apitest.WithSessions(cfg))
	u := env.NewUser(auth.Reader)
	wrong := env.Anonymous().Do(logIn, map[string]any{"h": u.Handle, "p": "no es la contraseña"})
	unknown := env.Anonymous().Do(logIn, map[string]any{"h": "nadie_se_llama_asi", "p": "no es la contraseña"})
	if wrong.Code() != "UNAUTHENTICATED" || unknown.Code() != "UNAUTHENTICATED" || wrong.Errors[0].Message != unknown.Errors[0].Message {
		t.Fatalf("wrong password and unknown handle must answer alike:\n%+v\n%+v", wrong.Errors, unknown.Errors)
	}
	for range 2 {
		env.Anonymous().Do(logIn, map[string]any{"h": u.Handle, "p": "no es la contraseña"})
	}
	r := env.Anonymous().Do(logIn, map[string]any{"h": u.Handle, "p": apitest.Password})
	if r.Code() != "RATE_LIMITED" {
		t.Fatalf("after 3 failures even the right password is throttled; got %+v", r.Errors)
	}
	if ra, _ := r.Errors[0].Extensions["retryAfter"].(float64); ra < 1 {
		t.Errorf("RATE_LIMITED must say when to retry: %+v", r.Errors[0])
	}
}

func TestCrossOriginCookieWritesAreRefused(t *testing.T) {
	env := apitest.New(t, apitest.WithAllowedOrigins("https://app.veredicto.test"))
	j := env.NewUser(auth.Journalist)
	const create = `mutation { createActor(input: {name: "Ignacio Escolar", kind: PERSON}) { id } }`
	for _, tc := range []struct {
		header, value string
		allowed       bool
	}{
		{"Origin", "https://evil.example", false},
		{"Origin", "null", false},
		{"Sec-Fetch-Site", "cross-site", false},
		{"Origin", "https://app.veredicto.test", true},
		{"Sec-Fetch-Site", "same-origin", true},
	} {
		j.Header.Set(tc.header, tc.value)
		before := env.RowCounts()
		r := j.Do(create, nil)
		j.Header.Del(tc.header)
		if tc.allowed != (len(r.Errors) == 0) {
			t.Errorf("%s: %s → %d %+v", tc.header, tc.value, r.Status, r.Errors)
		}
		if !tc.allowed {
			if r.Status != 403 || r.Code() != "FORBIDDEN" {
				t.Errorf("%s: %s want 403 FORBIDDEN, got %d %+v", tc.header, tc.value, r.Status, r.Errors)
			}
			if after := env.RowCounts(); after["actors"] != before["actors"] {
				t.Errorf("refused request wrote an actor")
			}
		}
	}
}

func TestAuditLog(t *testing.T) {
	env := apitest.New(t)
	admin := env.NewUser(auth.Admin)
	j := env.NewUser(auth.Journalist)
	j.MustDo(`mutation { createActor(input: {name: "Ignacio Escolar", kind: PERSON}) { id } }`, nil, nil)
	j.MustDo(`mutation { changePassword(input: {currentPassword: "correct horse battery staple", newPassword: "otra contraseña larga"}) }`, nil, nil)

	var got struct {
		AuditEvents struct {
			Edges []struct {
				Node struct {
					Action, EntityType, ActorRole string
					ActorID                       string
					RequestID                     *string
					After                         map[string]any
				}
			}
		}
	}
	admin.MustDo(`{ auditEvents(first: 10, where: {actionIn: ["createActor", "changePassword"]}) { edges { node { action entityType actorID actorRole requestID after } } } }`, nil, &got)
	var actions []string
	for _, e := range got.AuditEvents.Edges {
		n := e.Node
		actions = append(actions, n.Action+":"+n.EntityType)
		if n.RequestID == nil || n.ActorRole != "JOURNALIST" {
			t.Errorf("audit event without who/request id: %+v", n)
		}
		raw, _ := json.Marshal(n.After)
		if strings.Contains(string(raw), "argon2") {
			t.Errorf("a password hash reached the audit log: %s", raw)
		}
	}
	if strings.Join(actions, ",") != "changePassword:Session,changePassword:User,createActor:Actor" &&
		strings.Join(actions, ",") != "changePassword:User,createActor:Actor" {
		t.Errorf("audit actions, newest first = %v", actions)
	}
	if r := j.Do(`{ auditEvents(first: 1) { totalCount } }`, nil); r.Code() != "FORBIDDEN" {
		t.Errorf("a journalist read the audit log: %+v", r.Errors)
	}
	// Not even SQL can rewrite history.
	if _, err := env.DB.Exec(`UPDATE audit_events SET action = 'x'`); err == nil {
		t.Errorf("UPDATE of audit_events succeeded")
	}
	if _, err := env.DB.Exec(`DELETE FROM audit_events`); err == nil {
		t.Errorf("DELETE of audit_events succeeded")
	}
}

func TestSessionsExpire(t *testing.T) {
	env := apitest.New(t)
	u := env.NewUser(auth.Reader)
	if _, err := env.DB.Exec(`UPDATE sessions SET expires_at = $1 WHERE user_id = $2`, time.Now().Add(-time.Minute), u.ID); err != nil {
		t.Fatal(err)
	}
	if r := u.Do(whoAmI, nil); string(r.Data) != `{"viewer":null}` {
		t.Errorf("an expired session still works: %s", r.Data)
	}
}

func TestUsersListIsForAdmins(t *testing.T) {
	env := apitest.New(t)
	admin := env.NewUser(auth.Admin)
	reader := env.NewUser(auth.Reader)
	const q = `{ users(first: 10, where: {handleContains: "reader"}) { totalCount edges { node { handle role } } } }`
	if r := reader.Do(q, nil); r.Code() != "FORBIDDEN" {
		t.Fatalf("a reader listed users: %+v", r.Errors)
	}
	var got struct{ Users struct{ TotalCount int } }
	admin.MustDo(q, nil, &got)
	if got.Users.TotalCount != 1 {
		t.Errorf("users matching 'reader' = %d, want 1 (%s)", got.Users.TotalCount, reader.Handle)
	}
}
