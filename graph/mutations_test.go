package graph_test

// Acceptance tests of the foundation issue's mutations: createActor,
// createAccount, createStatement, createClaim, updateClaim and addEvidence,
// called over HTTP by a signed-in journalist. Each happy path checks the
// response, the row in the database and that exactly that row (plus its
// audit event) was written; each refused input checks extensions.code,
// extensions.field and that nothing at all was written.

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/auditevent"
	"github.com/veredicto/veredicto/evidence"
	"github.com/veredicto/veredicto/internal/apitest"
)

// The mutation documents under test. Each takes its whole input as one
// variable, so that a test case is just an input.
const (
	createActorDoc = `mutation($input: CreateActorInput!) {
		createActor(input: $input) { id name kind country description timeZone }
	}`
	createAccountDoc = `mutation($input: CreateAccountInput!) {
		createAccount(input: $input) { id platform handle url actor { id name } }
	}`
	createStatementDoc = `mutation($input: CreateStatementInput!) {
		createStatement(input: $input) {
			id text lang url archiveURL postedAt deletedAt deleted client platformID account { id }
		}
	}`
	createClaimDoc = `mutation($input: CreateClaimInput!) {
		createClaim(input: $input) { id text lang slug tags status claimant { id } about { id } }
	}`
	updateClaimDoc = `mutation($id: ID!, $input: UpdateClaimInput!) {
		updateClaim(id: $id, input: $input) { id text lang slug tags status }
	}`
	addEvidenceDoc = `mutation($input: CreateEvidenceInput!) {
		addEvidence(input: $input) {
			id kind stance summary body sourceURL archiveURL observedAt confidenceNote status sha256
			claim { id } statement { id } submitter { handle }
		}
	}`
)

// newsroom is a running Veredicto with the founding case loaded and a
// signed-in journalist: the records the inputs below refer to.
type newsroom struct {
	env        *apitest.Env
	journalist *apitest.User
	// The founding case's records, as GraphQL IDs.
	actorID, accountID, statementID, claimID string
}

func openNewsroom(t *testing.T) *newsroom {
	t.Helper()
	env := apitest.New(t)
	claim := env.Seed()
	tweet, err := env.Client.Statement.Get(env.Sys(), *claim.AboutID)
	if err != nil {
		t.Fatalf("loading the founding statement: %v", err)
	}
	return &newsroom{
		env:         env,
		journalist:  env.NewUser(auth.Journalist),
		actorID:     gqlID(claim.ClaimantID),
		accountID:   gqlID(tweet.AccountID),
		statementID: gqlID(tweet.ID),
		claimID:     gqlID(claim.ID),
	}
}

// Valid inputs, one per mutation. Every refused input in the tables below
// is one of these with a single field changed, so the change is what is
// refused.

func (n *newsroom) actorInput() map[string]any {
	return map[string]any{
		"name":        "Partido Popular",
		"kind":        "PARTY",
		"country":     "ES",
		"description": "Partido político español de centroderecha.",
		"timeZone":    "Europe/Madrid",
	}
}

func (n *newsroom) accountInput() map[string]any {
	return map[string]any{
		"platform": "TWITTER",
		"handle":   "PPopular",
		"url":      "https://twitter.com/PPopular",
		"actorID":  n.actorID,
	}
}

func (n *newsroom) statementInput() map[string]any {
	return map[string]any{
		"text":       "¡Qué día! Mañana, más información.",
		"lang":       "es",
		"url":        "https://twitter.com/PSOE/status/158517335830839296",
		"archiveURL": "https://web.archive.org/web/2012/https://twitter.com/PSOE/status/158517335830839296",
		"postedAt":   "2012-01-15T10:30:00Z",
		"deletedAt":  "2012-01-15T12:00:00Z",
		"client":     "TweetDeck",
		"platformID": "158517335830839296",
		"accountID":  n.accountID,
	}
}

func (n *newsroom) claimInput() map[string]any {
	return map[string]any{
		"text":       "La cuenta fue hackeada",
		"lang":       "es",
		"tags":       []string{"PSOE", "hackeo"},
		"claimantID": n.actorID,
		"aboutID":    n.statementID,
	}
}

func (n *newsroom) claimUpdate() map[string]any {
	return map[string]any{
		"text":   "Un hacker publicó el tuit de las 11:30",
		"status": "ARCHIVED",
	}
}

func (n *newsroom) evidenceInput() map[string]any {
	return map[string]any{
		"kind":           "CLIENT_METADATA",
		"stance":         "REFUTES",
		"summary":        "TweetDeck permite enviar un mismo mensaje a varias cuentas.",
		"body":           "Según Ignacio Escolar, quien lleva la cuenta pudo confundirse de perfil.",
		"sourceURL":      "https://www.escolar.net/2012/01/tweetdeck",
		"archiveURL":     "https://web.archive.org/web/2012/https://www.escolar.net/2012/01/tweetdeck",
		"observedAt":     "2012-01-15T10:45:00Z",
		"confidenceNote": "Hipótesis de un periodista identificado.",
		"claimID":        n.claimID,
		"statementID":    n.statementID,
	}
}

// with returns a copy of input with some fields changed (a nil value sends
// JSON null).
func withFields(input map[string]any, changes map[string]any) map[string]any {
	out := map[string]any{}
	maps.Copy(out, input)
	maps.Copy(out, changes)
	return out
}

// vars wraps an input as the mutation's variables.
func inputVars(input map[string]any) map[string]any { return map[string]any{"input": input} }

func gqlID(id int) string { return strconv.Itoa(id) }

func parseID(t *testing.T, id string) int {
	t.Helper()
	n, err := strconv.Atoi(id)
	if err != nil {
		t.Fatalf("id %q is not a number: %v", id, err)
	}
	return n
}

// missing returns an id in the same id range (entity type) as id that no
// row has.
func missingID(id string) string {
	n, _ := strconv.Atoi(id)
	return strconv.Itoa(n + 999_999)
}

// rowDelta returns, per table, how many rows after has more than before;
// tables whose count did not change are left out.
func rowDelta(before, after map[string]int) map[string]int {
	d := map[string]int{}
	for table, n := range after {
		if n != before[table] {
			d[table] = n - before[table]
		}
	}
	return d
}

func fmtDelta(d map[string]int) string {
	if len(d) == 0 {
		return "nothing"
	}
	tables := slices.Sorted(maps.Keys(d))
	parts := make([]string, len(tables))
	for i, t := range tables {
		parts[i] = fmt.Sprintf("%s %+d", t, d[t])
	}
	return strings.Join(parts, ", ")
}

// mustWrite runs a mutation that must succeed, decodes its data into out,
// and checks that it wrote exactly want (rows per table, audit log
// included). Tables named in sideEffects may also gain rows.
func (n *newsroom) mustWrite(t *testing.T, doc string, v map[string]any, out any, want map[string]int, sideEffects ...string) {
	t.Helper()
	before := n.env.RowCounts()
	n.journalist.MustDo(doc, v, out)
	got := rowDelta(before, n.env.RowCounts())
	for _, table := range sideEffects {
		if _, counted := want[table]; !counted && got[table] > 0 {
			delete(got, table)
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("the mutation wrote %s, want %s", fmtDelta(got), fmtDelta(want))
	}
}

// expectRefused runs a mutation that must fail with code and field
// (extensions.code and extensions.field), and checks that it wrote
// nothing in any table, the audit log included.
func (n *newsroom) expectRefused(t *testing.T, doc string, v map[string]any, code, field string) {
	t.Helper()
	before := n.env.RowCounts()
	r := n.journalist.Do(doc, v)
	if len(r.Errors) == 0 {
		t.Fatalf("the mutation succeeded, want %s on %q; data: %s", code, field, r.Data)
	}
	if r.Code() != code || r.Field() != field {
		t.Errorf("error code %q field %q, want code %q field %q (message: %q)",
			r.Code(), r.Field(), code, field, r.Errors[0].Message)
	}
	if d := strings.TrimSpace(string(r.Data)); d != "" && d != "null" {
		t.Errorf("a refused mutation returned data: %s", d)
	}
	if got := rowDelta(before, n.env.RowCounts()); len(got) != 0 {
		t.Errorf("a refused mutation wrote %s, want nothing", fmtDelta(got))
	}
}

// auditEventOf returns the audit event written for one entity.
func (n *newsroom) auditEventOf(t *testing.T, entityType string, id int) *ent.AuditEvent {
	t.Helper()
	ev, err := n.env.Client.AuditEvent.Query().
		Where(auditevent.EntityType(entityType), auditevent.EntityID(id)).
		Order(ent.Desc(auditevent.FieldID)).
		First(n.env.Sys())
	if err != nil {
		t.Fatalf("audit event of %s %d: %v", entityType, id, err)
	}
	return ev
}

// checkAudited checks that the latest audit event of an entity names the
// mutation and the journalist who called it.
func (n *newsroom) checkAudited(t *testing.T, entityType string, id int, action string) *ent.AuditEvent {
	t.Helper()
	ev := n.auditEventOf(t, entityType, id)
	if ev.Action != action {
		t.Errorf("audit action = %q, want %q", ev.Action, action)
	}
	if ev.ActorID == nil || *ev.ActorID != n.journalist.ID {
		t.Errorf("audit actor = %v, want the journalist %d", ev.ActorID, n.journalist.ID)
	}
	return ev
}

func TestCreateActor(t *testing.T) {
	n := openNewsroom(t)
	var got struct {
		CreateActor struct {
			ID, Name, Kind                 string
			Country, Description, TimeZone *string
		}
	}
	n.mustWrite(t, createActorDoc, inputVars(n.actorInput()), &got, map[string]int{"actors": 1, "audit_events": 1})

	a := got.CreateActor
	if a.Name != "Partido Popular" || a.Kind != "PARTY" || valueOf(a.Country) != "ES" ||
		valueOf(a.Description) != "Partido político español de centroderecha." || valueOf(a.TimeZone) != "Europe/Madrid" {
		t.Errorf("returned actor = %+v", a)
	}
	row, err := n.env.Client.Actor.Get(n.env.Sys(), parseID(t, a.ID))
	if err != nil {
		t.Fatalf("the actor is not in the database: %v", err)
	}
	if row.Name != "Partido Popular" || string(row.Kind) != "PARTY" || valueOf(row.Country) != "ES" || valueOf(row.TimeZone) != "Europe/Madrid" {
		t.Errorf("stored actor = %+v", row)
	}
	n.checkAudited(t, "Actor", row.ID, "createActor")
}

// A mutation sent over the websocket (graphql-ws carries any operation)
// runs in its transaction like one sent by HTTP, answers once and completes
// without an error after it. (The transport asks for a second response to
// learn that there is none; that call once dereferenced a nil response.)
func TestMutationOverWebsocket(t *testing.T) {
	n := openNewsroom(t)
	ctx, sock := n.env.Socket(apitest.DialOptions{Cookie: n.journalist.Cookie})
	before := n.env.RowCounts()
	sub, err := sock.Subscribe(ctx, createActorDoc, inputVars(n.actorInput()))
	if err != nil {
		t.Fatal(err)
	}
	data, err := apitest.Within(5*time.Second, sub)
	if err != nil || !strings.Contains(string(data), `"name":"Partido Popular"`) {
		t.Fatalf("answer = %s, %v", data, err)
	}
	select {
	case errs := <-sub.Errors:
		t.Errorf("errors after the answer: %+v", errs)
	case more := <-sub.Next:
		t.Errorf("a second answer: %s", more)
	case <-time.After(300 * time.Millisecond):
	}
	if got := rowDelta(before, n.env.RowCounts()); fmt.Sprint(got) != fmt.Sprint(map[string]int{"actors": 1, "audit_events": 1}) {
		t.Errorf("rows written = %v, want one actor and its audit event", got)
	}
}

// A NUL character, which PostgreSQL cannot store in text, is refused as
// input, in a variable or written in the document, before anything is
// written; it used to fail the insert as an internal error.
func TestNULCharactersAreRefused(t *testing.T) {
	n := openNewsroom(t)
	for _, c := range []struct {
		doc   string
		vars  map[string]any
		field string
	}{
		{createActorDoc, inputVars(withFields(n.actorInput(), map[string]any{"name": "Partido\x00Popular"})), "$input.name"},
		{`mutation { createActor(input: {name: "Partido\u0000Popular", kind: PARTY}) { id } }`, nil, "input"},
		{`query($q: String!) { search(query: $q) { total } }`, map[string]any{"q": "hack\x00"}, "$q"},
	} {
		before := n.env.RowCounts()
		r := n.journalist.Do(c.doc, c.vars)
		if r.Code() != "BAD_USER_INPUT" || r.Field() != c.field || !strings.Contains(r.Errors[0].Message, "must not contain the NUL character") {
			t.Errorf("%.60s: %s %q %+v, want BAD_USER_INPUT on %s", c.doc, r.Code(), r.Field(), r.Errors, c.field)
		}
		if got := rowDelta(before, n.env.RowCounts()); len(got) != 0 {
			t.Errorf("%.60s wrote %s", c.doc, fmtDelta(got))
		}
	}
}

func TestCreateAccount(t *testing.T) {
	n := openNewsroom(t)
	var got struct {
		CreateAccount struct {
			ID, Platform, Handle string
			URL                  *string
			Actor                struct{ ID, Name string }
		}
	}
	n.mustWrite(t, createAccountDoc, inputVars(n.accountInput()), &got, map[string]int{"accounts": 1, "audit_events": 1})

	a := got.CreateAccount
	if a.Platform != "TWITTER" || a.Handle != "PPopular" || valueOf(a.URL) != "https://twitter.com/PPopular" ||
		a.Actor.ID != n.actorID || a.Actor.Name != "PSOE" {
		t.Errorf("returned account = %+v", a)
	}
	row, err := n.env.Client.Account.Get(n.env.Sys(), parseID(t, a.ID))
	if err != nil {
		t.Fatalf("the account is not in the database: %v", err)
	}
	if row.Handle != "PPopular" || string(row.Platform) != "TWITTER" || gqlID(row.ActorID) != n.actorID {
		t.Errorf("stored account = %+v", row)
	}
	n.checkAudited(t, "Account", row.ID, "createAccount")

	// The founding case has @PSOE on Twitter; the same handle on another
	// platform is another account.
	n.mustWrite(t, createAccountDoc, inputVars(withFields(n.accountInput(), map[string]any{"platform": "FACEBOOK", "handle": "PSOE"})),
		nil, map[string]int{"accounts": 1, "audit_events": 1})
}

func TestCreateStatement(t *testing.T) {
	n := openNewsroom(t)
	type statement struct {
		ID                                      string
		Text, Lang, URL, ArchiveURL             *string
		PostedAt, DeletedAt, Client, PlatformID *string
		Deleted                                 bool
		Account                                 struct{ ID string }
	}
	var got struct{ CreateStatement statement }
	n.mustWrite(t, createStatementDoc, inputVars(n.statementInput()), &got, map[string]int{"statements": 1, "audit_events": 1})

	s := got.CreateStatement
	if valueOf(s.Text) != "¡Qué día! Mañana, más información." || valueOf(s.Lang) != "es" ||
		valueOf(s.Client) != "TweetDeck" || valueOf(s.PlatformID) != "158517335830839296" || s.Account.ID != n.accountID {
		t.Errorf("returned statement = %+v", s)
	}
	if valueOf(s.PostedAt) != "2012-01-15T10:30:00Z" || valueOf(s.DeletedAt) != "2012-01-15T12:00:00Z" {
		t.Errorf("postedAt, deletedAt = %v, %v; want 2012-01-15T10:30:00Z, 2012-01-15T12:00:00Z", valueOf(s.PostedAt), valueOf(s.DeletedAt))
	}
	if !s.Deleted {
		t.Errorf("deleted = false; a statement with a deletion time is deleted")
	}
	row, err := n.env.Client.Statement.Get(n.env.Sys(), parseID(t, s.ID))
	if err != nil {
		t.Fatalf("the statement is not in the database: %v", err)
	}
	wantPosted := time.Date(2012, 1, 15, 10, 30, 0, 0, time.UTC)
	if row.PostedAt == nil || !row.PostedAt.Equal(wantPosted) || !row.Deleted || valueOf(row.Client) != "TweetDeck" {
		t.Errorf("stored statement = %+v", row)
	}
	n.checkAudited(t, "Statement", row.ID, "createStatement")

	// Only accountID is required: what is not known stays null.
	var bare struct{ CreateStatement statement }
	n.mustWrite(t, createStatementDoc, inputVars(map[string]any{"accountID": n.accountID}), &bare,
		map[string]int{"statements": 1, "audit_events": 1})
	if b := bare.CreateStatement; b.Text != nil || b.PostedAt != nil || b.DeletedAt != nil || b.Client != nil || b.Deleted {
		t.Errorf("a statement created with only its account = %+v, want every fact null and deleted false", b)
	}
}

// The Time scalar is "an RFC 3339 instant, always in UTC": a time given
// in another zone comes back as the same instant in UTC, from the mutation
// and from a later query.
func TestTimeInputsComeBackInUTC(t *testing.T) {
	n := openNewsroom(t)
	in := withFields(n.statementInput(), map[string]any{"postedAt": "2012-01-15T11:30:00+01:00", "deletedAt": "2012-01-15T13:00:00+01:00"})
	var created struct {
		CreateStatement struct{ ID, PostedAt, DeletedAt string }
	}
	n.journalist.MustDo(createStatementDoc, inputVars(in), &created)
	var read struct {
		Node struct{ PostedAt, DeletedAt string }
	}
	n.journalist.MustDo(`query($id: ID!) { node(id: $id) { ... on Statement { postedAt deletedAt } } }`,
		map[string]any{"id": created.CreateStatement.ID}, &read)
	for _, got := range []struct{ where, posted, deleted string }{
		{"createStatement", created.CreateStatement.PostedAt, created.CreateStatement.DeletedAt},
		{"node", read.Node.PostedAt, read.Node.DeletedAt},
	} {
		if got.posted != "2012-01-15T10:30:00Z" || got.deleted != "2012-01-15T12:00:00Z" {
			t.Errorf("%s returned postedAt %s, deletedAt %s; want 2012-01-15T10:30:00Z, 2012-01-15T12:00:00Z",
				got.where, got.posted, got.deleted)
		}
	}
}

func TestCreateClaim(t *testing.T) {
	n := openNewsroom(t)
	var got struct {
		CreateClaim struct {
			ID, Text, Lang, Status string
			Slug                   *string
			Tags                   []string
			Claimant               struct{ ID string }
			About                  *struct{ ID string }
		}
	}
	n.mustWrite(t, createClaimDoc, inputVars(n.claimInput()), &got, map[string]int{"claims": 1, "claim_tallies": 1, "audit_events": 1})

	c := got.CreateClaim
	if c.Text != "La cuenta fue hackeada" || c.Lang != "es" || c.Status != "OPEN" ||
		!slices.Equal(c.Tags, []string{"PSOE", "hackeo"}) || c.Claimant.ID != n.actorID ||
		c.About == nil || c.About.ID != n.statementID {
		t.Errorf("returned claim = %+v", c)
	}
	if valueOf(c.Slug) != "la-cuenta-fue-hackeada" {
		t.Errorf("slug = %q, want la-cuenta-fue-hackeada", valueOf(c.Slug))
	}
	row, err := n.env.Client.Claim.Get(n.env.Sys(), parseID(t, c.ID))
	if err != nil {
		t.Fatalf("the claim is not in the database: %v", err)
	}
	if row.Text != "La cuenta fue hackeada" || row.Slug != "la-cuenta-fue-hackeada" ||
		gqlID(row.ClaimantID) != n.actorID || row.AboutID == nil || gqlID(*row.AboutID) != n.statementID {
		t.Errorf("stored claim = %+v", row)
	}
	n.checkAudited(t, "Claim", row.ID, "createClaim")
}

// The slug is derived from the text on every write: lower-case ASCII words
// joined by dashes, accents folded, punctuation dropped.
func TestClaimSlug(t *testing.T) {
	n := openNewsroom(t)
	for _, tc := range []struct{ text, slug string }{
		{"La cuenta fue hackeada", "la-cuenta-fue-hackeada"},
		{"¿Fue un hacker? Sí, según el PSOE…", "fue-un-hacker-si-segun-el-psoe"},
		{"  Ñandú   ÁÉÍÓÚ  ü ç  ", "nandu-aeiou-u-c"},
		{"El tuit de las 11:30 era un «DM»", "el-tuit-de-las-11-30-era-un-dm"},
	} {
		t.Run(tc.slug, func(t *testing.T) {
			var got struct{ CreateClaim struct{ Slug *string } }
			n.journalist.MustDo(createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"text": tc.text})), &got)
			if valueOf(got.CreateClaim.Slug) != tc.slug {
				t.Errorf("slug of %q = %q, want %q", tc.text, valueOf(got.CreateClaim.Slug), tc.slug)
			}
		})
	}
	// Slugs are at most 80 characters (maxSlugLen), also when a word
	// starts right at the limit.
	t.Run("at most 80 characters", func(t *testing.T) {
		for _, text := range []string{
			strings.Repeat("palabra ", 30),
			strings.Repeat("a", 79) + " bcd",
			strings.Repeat("á", 200),
		} {
			var got struct{ CreateClaim struct{ Slug *string } }
			n.journalist.MustDo(createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"text": text})), &got)
			if s := valueOf(got.CreateClaim.Slug); len(s) > 80 || strings.HasSuffix(s, "-") {
				t.Errorf("slug of %.20q... = %q (%d characters), want at most 80 and no trailing dash", text, s, len(s))
			}
		}
	})
}

func TestUpdateClaim(t *testing.T) {
	n := openNewsroom(t)
	old, err := n.env.Client.Claim.Get(n.env.Sys(), parseID(t, n.claimID))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		UpdateClaim struct {
			ID, Text, Lang, Status string
			Slug                   *string
			Tags                   []string
		}
	}
	update := withFields(n.claimUpdate(), map[string]any{"tags": []string{"PSOE", "hackeo", "Twitter"}})
	n.mustWrite(t, updateClaimDoc, map[string]any{"id": n.claimID, "input": update}, &got, map[string]int{"audit_events": 1})

	c := got.UpdateClaim
	if c.ID != n.claimID || c.Text != "Un hacker publicó el tuit de las 11:30" || c.Status != "ARCHIVED" || c.Lang != "es" ||
		!slices.Equal(c.Tags, []string{"PSOE", "hackeo", "Twitter"}) {
		t.Errorf("returned claim = %+v", c)
	}
	if valueOf(c.Slug) != "un-hacker-publico-el-tuit-de-las-11-30" {
		t.Errorf("slug = %q, want it derived from the new text", valueOf(c.Slug))
	}
	row, err := n.env.Client.Claim.Get(n.env.Sys(), old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if row.Text != c.Text || string(row.Status) != "ARCHIVED" || row.Slug != valueOf(c.Slug) || row.ClaimantID != old.ClaimantID {
		t.Errorf("stored claim = %+v", row)
	}
	ev := n.checkAudited(t, "Claim", old.ID, "updateClaim")
	if ev.Before["text"] != old.Text || ev.After["text"] != c.Text {
		t.Errorf("audit text before/after = %q/%q, want %q/%q", ev.Before["text"], ev.After["text"], old.Text, c.Text)
	}
}

// appendTags adds to the claim's tags, and its tags are validated like
// those of tags.
func TestUpdateClaimAppendTags(t *testing.T) {
	n := openNewsroom(t)
	old, err := n.env.Client.Claim.Get(n.env.Sys(), parseID(t, n.claimID))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("appends", func(t *testing.T) {
		var got struct{ UpdateClaim struct{ Tags []string } }
		n.mustWrite(t, updateClaimDoc, map[string]any{"id": n.claimID, "input": map[string]any{"appendTags": []string{"hackeo"}}},
			&got, map[string]int{"audit_events": 1})
		want := append(slices.Clone(old.Tags), "hackeo")
		if !slices.Equal(got.UpdateClaim.Tags, want) {
			t.Errorf("tags after appendTags [hackeo] = %q, want %q", got.UpdateClaim.Tags, want)
		}
	})
	t.Run("invalid tag refused", func(t *testing.T) {
		n.expectRefused(t, updateClaimDoc, map[string]any{"id": n.claimID, "input": map[string]any{"appendTags": []string{"dos palabras"}}},
			"BAD_USER_INPUT", "appendTags")
	})
	t.Run("more than 20 in all refused", func(t *testing.T) {
		n.expectRefused(t, updateClaimDoc, map[string]any{"id": n.claimID, "input": map[string]any{"appendTags": manyTags(20)}},
			"BAD_USER_INPUT", "appendTags")
	})
}

func TestAddEvidence(t *testing.T) {
	n := openNewsroom(t)
	type item struct {
		ID, Kind, Stance, Summary, Status                       string
		Body, SourceURL, ArchiveURL, ObservedAt, ConfidenceNote *string
		Sha256                                                  *string
		Claim                                                   struct{ ID string }
		Statement                                               *struct{ ID string }
	}
	add := func(t *testing.T, input map[string]any) item {
		t.Helper()
		var got struct{ AddEvidence item }
		// Besides the item, its audit event (checked below) and any record
		// of its first revision.
		n.mustWrite(t, addEvidenceDoc, inputVars(input), &got, map[string]int{"evidence": 1}, "audit_events", "evidence_revisions")
		return got.AddEvidence
	}

	in := n.evidenceInput()
	first := add(t, in)
	if first.Kind != "CLIENT_METADATA" || first.Stance != "REFUTES" || first.Status != "PUBLISHED" ||
		first.Summary != in["summary"] || valueOf(first.Body) != in["body"] || valueOf(first.SourceURL) != in["sourceURL"] ||
		valueOf(first.ArchiveURL) != in["archiveURL"] || valueOf(first.ObservedAt) != "2012-01-15T10:45:00Z" ||
		valueOf(first.ConfidenceNote) != in["confidenceNote"] || first.Claim.ID != n.claimID ||
		first.Statement == nil || first.Statement.ID != n.statementID {
		t.Errorf("returned evidence = %+v", first)
	}

	// The hash is the lower-case hex SHA-256 of the canonical content,
	// which anyone can recompute from the published fields.
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(valueOf(first.Sha256)) {
		t.Fatalf("sha256 = %q, want 64 lower-case hex digits", valueOf(first.Sha256))
	}
	observed := time.Date(2012, 1, 15, 10, 45, 0, 0, time.UTC)
	want := evidence.ContentHash(evidence.Content{
		Kind:           evidence.KindClientMetadata,
		Stance:         evidence.StanceRefutes,
		Summary:        in["summary"].(string),
		Body:           first.Body,
		SourceURL:      first.SourceURL,
		ArchiveURL:     first.ArchiveURL,
		ObservedAt:     &observed,
		StatementID:    &n.statementID,
		ConfidenceNote: first.ConfidenceNote,
	})
	if *first.Sha256 != want {
		t.Errorf("sha256 = %s, want ContentHash of the submitted content %s", *first.Sha256, want)
	}
	row, err := n.env.Client.Evidence.Get(n.env.Sys(), parseID(t, first.ID))
	if err != nil {
		t.Fatalf("the evidence is not in the database: %v", err)
	}
	if row.Sha256 != *first.Sha256 || row.Summary != first.Summary || gqlID(row.ClaimID) != n.claimID ||
		row.StatementID == nil || gqlID(*row.StatementID) != n.statementID {
		t.Errorf("stored evidence = %+v", row)
	}
	n.checkAudited(t, "Evidence", row.ID, "addEvidence")

	// Same content, same hash; one character changed, another hash.
	again := add(t, in)
	if again.ID == first.ID || valueOf(again.Sha256) != *first.Sha256 {
		t.Errorf("the same content again: id %s sha256 %s, want a new item with sha256 %s", again.ID, valueOf(again.Sha256), *first.Sha256)
	}
	edited := add(t, withFields(in, map[string]any{"summary": in["summary"].(string) + "!"}))
	if valueOf(edited.Sha256) == *first.Sha256 {
		t.Errorf("a different summary gave the same sha256 %s", *first.Sha256)
	}
}

// An item added through the API names the journalist who submitted it
// (submitter is null only for items the system loads itself), which is
// also what lets that journalist edit it later (policy allowOwnEvidence).
func TestAddEvidenceRecordsSubmitter(t *testing.T) {
	n := openNewsroom(t)
	var got struct {
		AddEvidence struct {
			ID        string
			Submitter *struct{ Handle string }
		}
	}
	n.journalist.MustDo(addEvidenceDoc, inputVars(n.evidenceInput()), &got)
	if s := got.AddEvidence.Submitter; s == nil || s.Handle != n.journalist.Handle {
		t.Errorf("submitter = %+v, want the journalist %q who added it", s, n.journalist.Handle)
	}
	row, err := n.env.Client.Evidence.Get(n.env.Sys(), parseID(t, got.AddEvidence.ID))
	if err != nil {
		t.Fatal(err)
	}
	if row.SubmitterID == nil || *row.SubmitterID != n.journalist.ID {
		t.Errorf("stored submitter_id = %v, want %d", row.SubmitterID, n.journalist.ID)
	}
}

// manyTags returns n distinct valid tags.
func manyTags(n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("etiqueta%d", i)
	}
	return tags
}

// TestMutationInputErrors sends every mutation invalid inputs, one field
// at a time. Lengths are in characters: the texts are Spanish letters of
// two bytes each, so a limit counted in bytes would refuse the longest
// valid text (checked by the "at the limit" cases, which must pass).
func TestMutationInputErrors(t *testing.T) {
	n := openNewsroom(t)
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	const bad, notFound, conflict = "BAD_USER_INPUT", "NOT_FOUND", "CONFLICT"

	type refusal struct {
		name  string
		doc   string
		vars  map[string]any
		code  string
		field string
	}
	actor := func(name string, change map[string]any, code, field string) refusal {
		return refusal{"createActor/" + name, createActorDoc, inputVars(withFields(n.actorInput(), change)), code, field}
	}
	account := func(name string, change map[string]any, code, field string) refusal {
		return refusal{"createAccount/" + name, createAccountDoc, inputVars(withFields(n.accountInput(), change)), code, field}
	}
	statement := func(name string, change map[string]any, code, field string) refusal {
		return refusal{"createStatement/" + name, createStatementDoc, inputVars(withFields(n.statementInput(), change)), code, field}
	}
	claim := func(name string, change map[string]any, code, field string) refusal {
		return refusal{"createClaim/" + name, createClaimDoc, inputVars(withFields(n.claimInput(), change)), code, field}
	}
	update := func(name, id string, change map[string]any, code, field string) refusal {
		return refusal{"updateClaim/" + name, updateClaimDoc,
			map[string]any{"id": id, "input": withFields(n.claimUpdate(), change)}, code, field}
	}
	evid := func(name string, change map[string]any, code, field string) refusal {
		return refusal{"addEvidence/" + name, addEvidenceDoc, inputVars(withFields(n.evidenceInput(), change)), code, field}
	}
	// The URL fields refuse everything but absolute http(s) URLs without
	// credentials: they are rendered as links.
	badURLs := []struct{ name, url string }{
		{"javascript", "javascript:alert(document.cookie)"},
		{"data", "data:text/html,<script>alert(1)</script>"},
		{"ftp", "ftp://archive.example.org/tuit.html"},
		{"file", "file:///etc/passwd"},
		{"relative", "/PSOE/status/158517335830839296"},
		{"no scheme", "twitter.com/PSOE"},
		{"credentials", "https://user:pass@twitter.com/PSOE"},
		{"empty", ""},
	}

	cases := []refusal{
		actor("empty name", map[string]any{"name": ""}, bad, "name"),
		actor("blank name", map[string]any{"name": " \t\n "}, bad, "name"),
		actor("name of 201 characters", map[string]any{"name": strings.Repeat("á", 201)}, bad, "name"),
		actor("description of 2001 characters", map[string]any{"description": strings.Repeat("ó", 2001)}, bad, "description"),
		actor("lower-case country", map[string]any{"country": "es"}, bad, "country"),
		actor("alpha-3 country", map[string]any{"country": "ESP"}, bad, "country"),
		actor("country name", map[string]any{"country": "España"}, bad, "country"),
		actor("unknown time zone", map[string]any{"timeZone": "Europe/Atlantis"}, bad, "timeZone"),

		account("handle with @", map[string]any{"handle": "@PPopular"}, bad, "handle"),
		account("handle with a space", map[string]any{"handle": "P Popular"}, bad, "handle"),
		account("empty handle", map[string]any{"handle": ""}, bad, "handle"),
		account("handle of 65 characters", map[string]any{"handle": strings.Repeat("p", 65)}, bad, "handle"),
		account("nonexistent actor", map[string]any{"actorID": missingID(n.actorID)}, notFound, "actorID"),
		account("duplicate platform and handle", map[string]any{"platform": "TWITTER", "handle": "PSOE"}, conflict, "handle"),

		statement("deletedAt before postedAt", map[string]any{"deletedAt": "2012-01-15T10:29:59Z"}, bad, "deletedAt"),
		statement("postedAt in the future", map[string]any{"postedAt": future, "deletedAt": nil}, bad, "postedAt"),
		statement("deletedAt in the future", map[string]any{"deletedAt": future}, bad, "deletedAt"),
		statement("lang fr", map[string]any{"lang": "fr"}, bad, "lang"),
		statement("lang in capitals", map[string]any{"lang": "ES"}, bad, "lang"),
		statement("lang with region", map[string]any{"lang": "es-ES"}, bad, "lang"),
		statement("text of 10001 characters", map[string]any{"text": strings.Repeat("ñ", 10001)}, bad, "text"),
		statement("client of 201 characters", map[string]any{"client": strings.Repeat("é", 201)}, bad, "client"),
		statement("platformID of 101 characters", map[string]any{"platformID": strings.Repeat("1", 101)}, bad, "platformID"),
		statement("nonexistent account", map[string]any{"accountID": missingID(n.accountID)}, notFound, "accountID"),

		claim("empty text", map[string]any{"text": ""}, bad, "text"),
		claim("blank text", map[string]any{"text": "   "}, bad, "text"),
		claim("text of 2001 characters", map[string]any{"text": strings.Repeat("ñ", 2001)}, bad, "text"),
		claim("lang pt", map[string]any{"lang": "pt"}, bad, "lang"),
		claim("empty lang", map[string]any{"lang": ""}, bad, "lang"),
		claim("21 tags", map[string]any{"tags": manyTags(21)}, bad, "tags"),
		claim("tag with a space", map[string]any{"tags": []string{"dos palabras"}}, bad, "tags"),
		claim("tag with #", map[string]any{"tags": []string{"#excusasPSOE"}}, bad, "tags"),
		claim("empty tag", map[string]any{"tags": []string{""}}, bad, "tags"),
		claim("tag of 51 characters", map[string]any{"tags": []string{strings.Repeat("ñ", 51)}}, bad, "tags"),
		claim("nonexistent claimant", map[string]any{"claimantID": missingID(n.actorID)}, notFound, "claimantID"),
		claim("claimant that is not an actor", map[string]any{"claimantID": n.claimID}, notFound, "claimantID"),
		claim("nonexistent statement", map[string]any{"aboutID": missingID(n.statementID)}, notFound, "aboutID"),
		claim("nonexistent related claim", map[string]any{"relatedIDs": []string{missingID(n.claimID)}}, notFound, "relatedIDs"),

		update("nonexistent id", missingID(n.claimID), nil, notFound, "id"),
		update("id of an actor", n.actorID, nil, notFound, "id"),
		update("empty text", n.claimID, map[string]any{"text": ""}, bad, "text"),
		update("text of 2001 characters", n.claimID, map[string]any{"text": strings.Repeat("ñ", 2001)}, bad, "text"),
		update("lang de", n.claimID, map[string]any{"lang": "de"}, bad, "lang"),
		update("21 tags", n.claimID, map[string]any{"tags": manyTags(21)}, bad, "tags"),
		update("nonexistent claimant", n.claimID, map[string]any{"claimantID": missingID(n.actorID)}, notFound, "claimantID"),

		evid("empty summary", map[string]any{"summary": ""}, bad, "summary"),
		evid("summary of 1001 characters", map[string]any{"summary": strings.Repeat("é", 1001)}, bad, "summary"),
		evid("body of 20001 characters", map[string]any{"body": strings.Repeat("ü", 20001)}, bad, "body"),
		evid("confidenceNote of 1001 characters", map[string]any{"confidenceNote": strings.Repeat("í", 1001)}, bad, "confidenceNote"),
		evid("nonexistent claim", map[string]any{"claimID": missingID(n.claimID)}, notFound, "claimID"),
		evid("nonexistent statement", map[string]any{"statementID": missingID(n.statementID)}, notFound, "statementID"),
	}
	for _, u := range badURLs {
		cases = append(cases,
			account("url "+u.name, map[string]any{"url": u.url}, bad, "url"),
			statement("url "+u.name, map[string]any{"url": u.url}, bad, "url"),
			statement("archiveURL "+u.name, map[string]any{"archiveURL": u.url}, bad, "archiveURL"),
			evid("sourceURL "+u.name, map[string]any{"sourceURL": u.url}, bad, "sourceURL"),
			evid("archiveURL "+u.name, map[string]any{"archiveURL": u.url}, bad, "archiveURL"),
		)
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n.expectRefused(t, tc.doc, tc.vars, tc.code, tc.field)
		})
	}

	// Limits count characters, not bytes: the longest valid texts, twice as
	// long in UTF-8 bytes, are accepted.
	t.Run("at the limit", func(t *testing.T) {
		for _, ok := range []struct {
			doc string
			v   map[string]any
		}{
			{createActorDoc, inputVars(withFields(n.actorInput(), map[string]any{"name": strings.Repeat("á", 200)}))},
			{createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"text": strings.Repeat("ñ", 2000), "tags": manyTags(20)}))},
			{addEvidenceDoc, inputVars(withFields(n.evidenceInput(), map[string]any{"summary": strings.Repeat("é", 1000)}))},
			{createAccountDoc, inputVars(withFields(n.accountInput(), map[string]any{"handle": strings.Repeat("p", 64)}))},
		} {
			if r := n.journalist.Do(ok.doc, ok.v); len(r.Errors) > 0 {
				t.Errorf("an input at the limit was refused: %+v", r.Errors)
			}
		}
	})
}

// A refusal a client says in its own words carries extensions.reason (and
// extensions.limit for a length), so it need not parse the English message;
// one it cannot name carries neither.
func TestErrorReasons(t *testing.T) {
	n := openNewsroom(t)
	future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	for _, tc := range []struct {
		name   string
		doc    string
		vars   map[string]any
		reason string
		limit  float64
	}{
		{"empty", createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"text": " "})), "EMPTY", 0},
		{"too long", createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"text": strings.Repeat("ñ", 2001)})), "TOO_LONG", 2000},
		{"taken", createAccountDoc, inputVars(withFields(n.accountInput(), map[string]any{"platform": "TWITTER", "handle": "PSOE"})), "TAKEN", 0},
		{"future", createStatementDoc, inputVars(withFields(n.statementInput(), map[string]any{"postedAt": future, "deletedAt": nil})), "FUTURE", 0},
		{"no reason", createActorDoc, inputVars(withFields(n.actorInput(), map[string]any{"country": "es"})), "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := n.journalist.Do(tc.doc, tc.vars)
			if len(r.Errors) == 0 {
				t.Fatal("the mutation succeeded")
			}
			ext := r.Errors[0].Extensions
			reason, _ := ext["reason"].(string)
			limit, _ := ext["limit"].(float64)
			if reason != tc.reason || limit != tc.limit {
				t.Errorf("reason %q limit %v, want %q %v (message %q)", reason, limit, tc.reason, tc.limit, r.Errors[0].Message)
			}
		})
	}
}

// An input that is not even of the right type (a non-numeric ID, a time
// that is not RFC 3339) is the client's mistake: BAD_USER_INPUT naming the
// field, not an internal error.
func TestMalformedScalarInputs(t *testing.T) {
	n := openNewsroom(t)
	for _, tc := range []struct {
		name, doc string
		vars      map[string]any
		field     string
	}{
		{"non-numeric claimantID", createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"claimantID": "psoe"})), "claimantID"},
		{"non-numeric updateClaim id", updateClaimDoc, map[string]any{"id": "la-cuenta-fue-hackeada", "input": n.claimUpdate()}, "id"},
		{"postedAt not a time", createStatementDoc, inputVars(withFields(n.statementInput(), map[string]any{"postedAt": "ayer por la mañana"})), "postedAt"},
		{"observedAt without zone", addEvidenceDoc, inputVars(withFields(n.evidenceInput(), map[string]any{"observedAt": "2012-01-15 10:45"})), "observedAt"},
		// gqlparser compares enum values case-insensitively, so this one
		// gets past validation and fails in the enum's unmarshaler.
		{"lower-case enum value", addEvidenceDoc, inputVars(withFields(n.evidenceInput(), map[string]any{"stance": "refutes"})), "stance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n.expectRefused(t, tc.doc, tc.vars, "BAD_USER_INPUT", tc.field)
		})
	}
}

// An enum value the schema does not define is refused by gqlgen's
// validation before any resolver runs; the error's path, message and
// extensions.field name the input field.
func TestUnknownEnumValues(t *testing.T) {
	n := openNewsroom(t)
	for _, tc := range []struct {
		name, doc string
		vars      map[string]any
		path      []any
	}{
		{"actor kind", createActorDoc, inputVars(withFields(n.actorInput(), map[string]any{"kind": "ALIEN"})), []any{"variable", "input", "kind"}},
		{"account platform", createAccountDoc, inputVars(withFields(n.accountInput(), map[string]any{"platform": "MYSPACE"})), []any{"variable", "input", "platform"}},
		{"claim status", createClaimDoc, inputVars(withFields(n.claimInput(), map[string]any{"status": "DEBUNKED"})), []any{"variable", "input", "status"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := n.env.RowCounts()
			r := n.journalist.Do(tc.doc, tc.vars)
			if r.Code() != "GRAPHQL_VALIDATION_FAILED" {
				t.Fatalf("code = %q, want GRAPHQL_VALIDATION_FAILED; errors: %+v", r.Code(), r.Errors)
			}
			if got, _ := json.Marshal(r.Errors[0].Path); string(got) != mustJSON(tc.path) {
				t.Errorf("error path = %s, want %s", got, mustJSON(tc.path))
			}
			// The message and extensions.field name the variable too.
			name := fmt.Sprintf("$%s.%s", tc.path[1], tc.path[2])
			if r.Field() != name || !strings.HasPrefix(r.Errors[0].Message, name+": ") {
				t.Errorf("field = %q, message = %q; want both to name %s", r.Field(), r.Errors[0].Message, name)
			}
			if got := rowDelta(before, n.env.RowCounts()); len(got) != 0 {
				t.Errorf("a refused mutation wrote %s", fmtDelta(got))
			}
		})
	}
	// The same with the value written in the document.
	r := n.journalist.Do(`mutation { createActor(input: {name: "X", kind: ALIEN}) { id } }`, nil)
	if r.Code() != "GRAPHQL_VALIDATION_FAILED" {
		t.Errorf("inline unknown enum: code = %q, want GRAPHQL_VALIDATION_FAILED", r.Code())
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func valueOf[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
