package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/database"
	"github.com/veredicto/veredicto/internal/demo"
)

func run(t *testing.T, db *sql.DB, q Query) *Page {
	t.Helper()
	p, err := Search(context.Background(), db, q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return p
}

// idsOf lists the ids of the page's hits, in order.
func idsOf(p *Page) []int {
	ids := make([]int, len(p.Hits))
	for i, h := range p.Hits {
		ids[i] = h.ID
	}
	return ids
}

// expectSet checks that the search finds exactly want among the ids in
// scope (other items of the corpus are ignored).
func expectSet(t *testing.T, db *sql.DB, q Query, scope map[int]string, want ...int) {
	t.Helper()
	q.First = MaxFirst
	p := run(t, db, q)
	var got []int
	for _, id := range idsOf(p) {
		if _, ok := scope[id]; ok {
			got = append(got, id)
		}
	}
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		name := func(ids []int) []string {
			var s []string
			for _, id := range ids {
				s = append(s, scope[id])
			}
			return s
		}
		t.Errorf("%q (lang %q) found %q, want %q", q.Text, q.Lang, name(got), name(want))
	}
}

// corpus is a small bilingual set of items shared by the language tests.
type corpus struct {
	db                                 *sql.DB
	psoe, labour                       int
	hacked, acusacion, sinTilde, caps  int
	plural, enHacked, enCafe, tagsOnly int
	trending, handle                   int
	apology                            int
	scope                              map[int]string
}

func newCorpus(t *testing.T) *corpus {
	db := newDB(t)
	f := fixture{t, db}
	c := &corpus{db: db, scope: map[int]string{}}
	c.psoe, c.labour = f.actor("PSOE"), f.actor("Labour")
	add := func(id int, name string) int { c.scope[id] = name; return id }
	c.hacked = add(f.claim(claimRow{actor: c.psoe, lang: "es", tags: []string{"PSOE", "Twitter", "excusasPSOE"},
		text: "La cuenta de Twitter del PSOE fue hackeada: el tuit fue «una broma de un hacker de la cuenta»."}), "hacked")
	c.acusacion = add(f.claim(claimRow{actor: c.psoe, lang: "es", text: "El partido respondió a la acusación con un comunicado."}), "acusación")
	c.sinTilde = add(f.claim(claimRow{actor: c.psoe, lang: "es", text: "la acusacion llego sin tildes desde un movil"}), "acusacion-sin-tilde")
	c.caps = add(f.claim(claimRow{actor: c.psoe, lang: "es", text: "EL HACKEO NUNCA EXISTIÓ, SEGÚN LA OPOSICIÓN"}), "HACKEO")
	c.plural = add(f.claim(claimRow{actor: c.psoe, lang: "es", text: "Las acusaciones de la oposición carecen de pruebas"}), "acusaciones")
	c.enHacked = add(f.claim(claimRow{actor: c.labour, lang: "en", text: "The party said its account was hacked by a prankster."}), "en-hacked")
	c.enCafe = add(f.claim(claimRow{actor: c.labour, lang: "en", text: "Accusations of a naïve cover-up were denied at the café."}), "en-café")
	c.tagsOnly = add(f.claim(claimRow{actor: c.psoe, lang: "es", tags: []string{"excusasPSOE"}, text: "Otra explicación poco convincente del partido"}), "tags-only")
	c.trending = add(f.evidence(evidenceRow{claim: c.hacked, summary: "La etiqueta #excusasPSOE se convirtió en Trending Topic."}), "ev-trending")
	c.handle = add(f.evidence(evidenceRow{claim: c.hacked, summary: "Un lector recuerda otro descuido en la cuenta @PSOE."}), "ev-handle")
	c.apology = add(f.statement(f.account(c.psoe, "PSOE"), "", "Pedimos disculpas por el tuit de hoy", nil), "statement")
	return c
}

func TestAccents(t *testing.T) {
	t.Parallel()
	c := newCorpus(t)
	for _, tc := range []struct {
		q    Query
		want []int
	}{
		// Typed without the accent, found with it; and the other way round.
		{Query{Text: "acusacion "}, []int{c.acusacion, c.sinTilde}},
		{Query{Text: "acusación ", Lang: "es"}, []int{c.acusacion, c.sinTilde, c.plural}},
		{Query{Text: "oposicion"}, []int{c.caps, c.plural}},
		{Query{Text: "existio según"}, []int{c.caps}},
		// Case.
		{Query{Text: "hackeo "}, []int{c.caps}},
		{Query{Text: "HACKEO "}, []int{c.caps}},
		{Query{Text: "Hackeo", Lang: "es"}, []int{c.caps}},
		// English.
		{Query{Text: "cafe", Lang: "en"}, []int{c.enCafe}},
		{Query{Text: "café "}, []int{c.enCafe}},
		{Query{Text: "naive "}, []int{c.enCafe}},
	} {
		expectSet(t, c.db, tc.q, c.scope, tc.want...)
	}
}

// TestSpanishStemming records what the spanish snowball stemmer does, as
// the package documentation describes: whole words (a trailing space turns
// type-ahead off) in Lang "es".
func TestSpanishStemming(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	f := fixture{t, db}
	actor := f.actor("Partido")
	scope := map[int]string{}
	id := map[string]int{}
	for _, w := range []string{"hackeo", "hackeos", "HACKEO", "hackeada", "hackeado", "hackear", "hacker", "hackers",
		"acusación", "acusaciones", "tuit", "tuits", "mentira", "mentiras", "mintió", "año", "ano"} {
		id[w] = f.claim(claimRow{actor: actor, lang: "es", text: "Texto con la palabra " + w})
		scope[id[w]] = w
	}
	ids := func(words ...string) []int {
		var out []int
		for _, w := range words {
			out = append(out, id[w])
		}
		return out
	}
	for _, tc := range []struct {
		text string
		want []int
	}{
		// "hackeada" and "hackeo" have different stems ('hack', 'hacke'):
		// neither finds the other. "hacker" stems to 'hack' too; "hackers"
		// is not stemmed at all.
		{"hackeada ", ids("hackeada", "hackeado", "hackear", "hacker")},
		{"hackeo ", ids("hackeo", "hackeos", "HACKEO")},
		{"hackers ", ids("hackers")},
		// Type-ahead finds every form.
		{"hack", ids("hackeo", "hackeos", "HACKEO", "hackeada", "hackeado", "hackear", "hacker", "hackers")},
		// Both analyses: accents and "-ción"/"-ciones".
		{"acusacion ", ids("acusación")},
		{"acusación ", ids("acusación", "acusaciones")},
		{"acusaciones ", ids("acusación", "acusaciones")},
		{"tuit ", ids("tuit")},
		{"tuits ", ids("tuits")},
		{"mentiras ", ids("mentira", "mentiras")},
		{"mintió ", ids("mintió")},
		// unaccent maps ñ to n.
		{"año ", ids("año", "ano")},
		{"ano ", ids("año", "ano")},
	} {
		expectSet(t, db, Query{Text: tc.text, Lang: "es"}, scope, tc.want...)
	}
	// The word as written ranks first.
	if p := run(t, db, Query{Text: "año ", Lang: "es"}); len(p.Hits) != 2 || p.Hits[0].ID != id["año"] {
		t.Errorf(`"año" ranks %v first, want the claim saying "año"`, idsOf(p))
	}
}

func TestEnglish(t *testing.T) {
	t.Parallel()
	c := newCorpus(t)
	for _, tc := range []struct {
		q    Query
		want []int
	}{
		// The Spanish claim's "hacker"/"hackeada" also stem to 'hack' in
		// its Spanish vector: a query read in one language meets items in
		// the other where the stems coincide.
		{Query{Text: "hacking ", Lang: "en"}, []int{c.enHacked, c.hacked}},
		{Query{Text: "hacked account ", Lang: "en"}, []int{c.enHacked}},
		{Query{Text: "accusation ", Lang: "en"}, []int{c.enCafe}},
		{Query{Text: "cover-up", Lang: "en"}, []int{c.enCafe}},
		// Type-ahead.
		{Query{Text: "prank", Lang: "en"}, []int{c.enHacked}},
		// Spanish-only analysis does not stem English words the English way.
		{Query{Text: "hacking ", Lang: "es"}, nil},
		// Both languages.
		{Query{Text: "hacking "}, []int{c.enHacked, c.hacked}},
		{Query{Text: "accusations "}, []int{c.enCafe}},
	} {
		expectSet(t, c.db, tc.q, c.scope, tc.want...)
	}
}

func TestHashtagsAndHandles(t *testing.T) {
	t.Parallel()
	c := newCorpus(t)
	// The hashtag is a word of its own: it finds the evidence that uses it
	// and the claims tagged with it, in any case, with or without "#".
	for _, text := range []string{"#excusasPSOE", "#excusasPSOE ", "excusaspsoe", "#ExcusasPsoe!!"} {
		expectSet(t, c.db, Query{Text: text}, c.scope, c.hacked, c.tagsOnly, c.trending)
	}
	// "@PSOE" is the word PSOE: it finds the handle and the name (not the
	// hashtag, a word of its own).
	for _, text := range []string{"@PSOE", "PSOE", "@psoe "} {
		expectSet(t, c.db, Query{Text: text}, c.scope, c.hacked, c.handle)
	}
	expectSet(t, c.db, Query{Text: "@PSOE cuenta"}, c.scope, c.hacked, c.handle)
}

func TestTypeAhead(t *testing.T) {
	t.Parallel()
	c := newCorpus(t)
	for _, tc := range []struct {
		q    Query
		want []int
	}{
		// (The English claim's "hacked" is 'hack' in its English vector.)
		{Query{Text: "hack", Lang: "es"}, []int{c.hacked, c.caps, c.enHacked}},
		{Query{Text: "hacke", Lang: "es"}, []int{c.hacked, c.caps, c.enHacked}},
		{Query{Text: "broma de un hack"}, []int{c.hacked}},
		// A partly typed "-ción" still finds it, through the unaccented
		// lexeme.
		{Query{Text: "acusaci", Lang: "es"}, []int{c.acusacion, c.sinTilde}},
		// A trailing space or punctuation ends the word: no prefix.
		{Query{Text: "acusaci ", Lang: "es"}, nil},
		{Query{Text: "acusaci.", Lang: "es"}, nil},
		// Only the last word is a prefix.
		{Query{Text: "acusaci partido", Lang: "es"}, nil},
		// Two letters are too few for a prefix: a whole word only.
		{Query{Text: "tu", Lang: "es"}, nil},
	} {
		expectSet(t, c.db, tc.q, c.scope, tc.want...)
	}
}

func TestRanking(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	f := fixture{t, db}
	actor := f.actor("Partido")
	claim := f.claim(claimRow{actor: actor, lang: "es", text: "El partido niega haber publicado nada"})
	// Same words, same length: the word in the summary (weight A) outranks
	// the word in the body (B).
	inBody := f.evidence(evidenceRow{claim: claim, summary: "Captura de la cuenta oficial del partido",
		body: "La captura muestra el borrado del tuit poco después de publicarlo."})
	inSummary := f.evidence(evidenceRow{claim: claim, summary: "Captura del borrado del tuit del partido",
		body: "La captura muestra la cuenta oficial poco después de publicarlo."})
	// A claim's text outranks its tags.
	inTags := f.claim(claimRow{actor: actor, lang: "es", tags: []string{"borrado"}, text: "Otra declaración del partido sin más"})
	inText := f.claim(claimRow{actor: actor, lang: "es", text: "Otra declaración del partido sobre el borrado"})

	p := run(t, db, Query{Text: "borrado "})
	if len(p.Hits) != 4 {
		t.Fatalf("hits %v, want 4", idsOf(p))
	}
	pos := map[int]int{}
	for i, h := range p.Hits {
		pos[h.ID] = i
		if h.Rank <= 0 || h.Rank >= 1 {
			t.Errorf("rank %v outside (0, 1)", h.Rank)
		}
		if i > 0 && h.Rank > p.Hits[i-1].Rank {
			t.Errorf("rank %d (%v) above rank %d (%v)", i, h.Rank, i-1, p.Hits[i-1].Rank)
		}
	}
	for _, pair := range [][2]int{{inSummary, inBody}, {inText, inTags}, {inText, inBody}, {inSummary, inTags}} {
		if pos[pair[0]] > pos[pair[1]] {
			t.Errorf("order %v (ranks %v): %d should rank above %d", idsOf(p), ranks(p), pair[0], pair[1])
		}
	}
	// A claim mentioning the word twice outranks one mentioning it once.
	twice := f.claim(claimRow{actor: actor, lang: "es", text: "Borrado tras borrado, el partido calla"})
	if p := run(t, db, Query{Text: "borrado ", Kinds: []Kind{KindClaim}}); p.Hits[0].ID != twice {
		t.Errorf("claims %v, want %d first", idsOf(p), twice)
	}
}

func ranks(p *Page) []float64 {
	var r []float64
	for _, h := range p.Hits {
		r = append(r, h.Rank)
	}
	return r
}

func TestOnlyStopWords(t *testing.T) {
	t.Parallel()
	c := newCorpus(t)
	for _, q := range []Query{
		{Text: "el de la", Lang: "es"},
		{Text: "¿Y qué? ¡De los que más!"},
		{Text: "the of and", Lang: "en"},
		// Read in both languages, a word that is a stop word in either
		// one is left out.
		{Text: "la the"},
	} {
		p := run(t, c.db, q)
		if !p.OnlyStopWords || len(p.Hits) != 0 || p.Total != 0 || p.HasNextPage {
			t.Errorf("%q: %+v, want an empty page with OnlyStopWords", q.Text, p)
		}
	}
	// Stop words around a real word do not get in its way.
	p := run(t, c.db, Query{Text: "lo del hacker del PSOE"})
	if p.OnlyStopWords || len(p.Hits) == 0 || p.Hits[0].ID != c.hacked {
		t.Errorf(`"lo del hacker del PSOE": %v, want the hacked claim first`, idsOf(p))
	}
}

func TestHostileInput(t *testing.T) {
	t.Parallel()
	c := newCorpus(t)
	long := strings.Repeat("hacker ", 10*1024/7+1)
	for _, tc := range []struct {
		text      string
		wantField string // "" when the search must succeed
	}{
		{`"hacker`, ""},
		{`hacker"`, ""},
		{`'hacker`, ""},
		{`hack'er`, ""},
		{`&|!:*()`, "query"},
		{`hacker & | ! : * ( )`, ""},
		{`hacker:*`, ""},
		{`hacker:A`, ""},
		{`!hacker`, ""},
		{`hacker <-> cuenta`, ""},
		{`hacker <2> cuenta`, ""},
		{`(hacker | cuenta) & !psoe`, ""},
		{`');DROP TABLE claims;--`, ""},
		{`$1 $$ \x00 \\`, ""},
		{"hacker\x00cuenta", ""},
		{"\\", "query"},
		{"   ", "query"},
		{"", "query"},
		{"🔥🔥🔥", "query"},
		{"\u0301\u0301", "query"},
		{"hackeo 🔥 psoe", ""},
		{"حساب مخترق", ""},
		{"账户被黑", ""},
		{strings.Repeat("a", MaxQueryLen), ""},
		{strings.Repeat("a", MaxQueryLen+1), "query"},
		{long, "query"},
		{words(MaxWords + 1), "query"},
		{words(MaxWords), ""},
		{strings.Repeat("hacker ", 60), ""}, // repeated words count once
		{"\xff\xfe hacker", "query"},
	} {
		name := tc.text
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		p, err := Search(context.Background(), c.db, Query{Text: tc.text})
		switch {
		case tc.wantField == "" && err != nil:
			t.Errorf("%q: %v, want results", name, err)
		case tc.wantField == "" && p == nil:
			t.Errorf("%q: no page", name)
		case tc.wantField != "":
			e, ok := apierr.As(err)
			if !ok || e.Code != apierr.BadUserInput || e.Field != tc.wantField {
				t.Errorf("%q: error %v, want a BAD_USER_INPUT error on %s", name, err, tc.wantField)
			} else if e.Message == "" {
				t.Errorf("%q: error without a message", name)
			}
		}
	}
	// Quotes and operators are separators: they do not change the result.
	base := idsOf(run(t, c.db, Query{Text: "hacker cuenta"}))
	for _, text := range []string{`"hacker" 'cuenta'`, `hacker & cuenta`, `hacker | cuenta`, `!hacker (cuenta)`, `hacker:* cuenta`} {
		if got := idsOf(run(t, c.db, Query{Text: text})); !slices.Equal(got, base) {
			t.Errorf("%q found %v, want %v as for \"hacker cuenta\"", text, got, base)
		}
	}
	if len(base) == 0 {
		t.Error(`"hacker cuenta" found nothing`)
	}
	// The table is still there.
	if p := run(t, c.db, Query{Text: "hacker"}); p.Total == 0 {
		t.Error("claims gone?")
	}
}

func TestInvalidArguments(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	from, to := date("2020-01-01"), date("2019-01-01")
	for _, tc := range []struct {
		q     Query
		field string
	}{
		{Query{Text: "x", Lang: "fr"}, "lang"},
		{Query{Text: "x", First: -1}, "first"},
		{Query{Text: "x", First: MaxFirst + 1}, "first"},
		{Query{Text: "x", From: from, To: to}, "to"},
		{Query{Text: "x", From: from, To: from}, "to"},
		{Query{Text: "x", Status: []string{"OPEN", "open"}}, "status"},
		{Query{Text: "x", Kinds: []Kind{"VERDICT"}}, "kinds"},
		{Query{Text: "x", After: "garbage"}, "after"},
		{Query{Text: "x", After: "eyJ9"}, "after"},
		{Query{Text: "x", After: cursor{Kind: "DROP", Search: "zz"}.encode()}, "after"},
	} {
		_, err := Search(context.Background(), db, tc.q)
		if e, ok := apierr.As(err); !ok || e.Field != tc.field || e.Code != apierr.BadUserInput {
			t.Errorf("%+v: %v, want a BAD_USER_INPUT error on %s", tc.q, err, tc.field)
		}
	}
}

func TestFilters(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	f := fixture{t, db}
	psoe, pp := f.actor("PSOE"), f.actor("PP")
	scope := map[int]string{}
	add := func(id int, name string) int { scope[id] = name; return id }
	cPsoe := add(f.claim(claimRow{actor: psoe, lang: "es", status: "RATED", madeAt: date("2012-01-15"), text: "El hacker borró el tuit"}), "claim-psoe-2012-rated")
	cPP := add(f.claim(claimRow{actor: pp, lang: "es", madeAt: date("2015-06-01"), text: "Un hacker entró en la web"}), "claim-pp-2015-open")
	cUndated := add(f.claim(claimRow{actor: pp, lang: "es", status: "ARCHIVED", text: "Otro hacker, sin fecha"}), "claim-pp-undated-archived")
	ePsoe := add(f.evidence(evidenceRow{claim: cPsoe, summary: "Captura del hacker", observedAt: date("2012-01-16")}), "ev-psoe-2012")
	ePP := add(f.evidence(evidenceRow{claim: cPP, summary: "Registro del hacker", observedAt: date("2015-06-02")}), "ev-pp-2015")
	eUndated := add(f.evidence(evidenceRow{claim: cPP, summary: "Testimonio sobre el hacker"}), "ev-pp-undated")
	eRetracted := add(f.evidence(evidenceRow{claim: cPP, summary: "Rumor del hacker", status: "RETRACTED"}), "ev-retracted")
	pending := add(f.evidence(evidenceRow{claim: cPP, summary: "Pendiente: el hacker", status: "PENDING"}), "ev-pending")
	rejected := add(f.evidence(evidenceRow{claim: cPP, summary: "Rechazada: el hacker", status: "REJECTED"}), "ev-rejected")
	sPsoe := add(f.statement(f.account(psoe, "PSOE"), "es", "Nos ha atacado un hacker", date("2012-01-15")), "st-psoe-2012")
	sPP := add(f.statement(f.account(pp, "PPopular"), "es", "Otro hacker más", nil), "st-pp-undated")
	_, _ = pending, rejected

	all := []int{cPsoe, cPP, cUndated, ePsoe, ePP, eUndated, eRetracted, sPsoe, sPP}
	expectSet(t, db, Query{Text: "hacker"}, scope, all...)
	// Actor: claims by claimant, statements by account, evidence by claim.
	expectSet(t, db, Query{Text: "hacker", ActorID: &psoe}, scope, cPsoe, ePsoe, sPsoe)
	expectSet(t, db, Query{Text: "hacker", ActorID: &pp}, scope, cPP, cUndated, ePP, eUndated, eRetracted, sPP)
	// Dates: made_at (else created_at, now), posted_at, observed_at.
	expectSet(t, db, Query{Text: "hacker", From: date("2012-01-01"), To: date("2013-01-01")}, scope, cPsoe, ePsoe, sPsoe)
	expectSet(t, db, Query{Text: "hacker", From: date("2015-01-01")}, scope, cPP, cUndated, ePP)
	expectSet(t, db, Query{Text: "hacker", To: date("2015-06-02")}, scope, cPsoe, cPP, ePsoe, sPsoe)
	// Claim status: claims, and evidence through its claim; no statements.
	expectSet(t, db, Query{Text: "hacker", Status: []string{"RATED"}}, scope, cPsoe, ePsoe)
	expectSet(t, db, Query{Text: "hacker", Status: []string{"OPEN", "ARCHIVED"}}, scope, cPP, cUndated, ePP, eUndated, eRetracted)
	// Kinds.
	expectSet(t, db, Query{Text: "hacker", Kinds: []Kind{KindStatement}}, scope, sPsoe, sPP)
	expectSet(t, db, Query{Text: "hacker", Kinds: []Kind{KindClaim, KindEvidence}, ActorID: &psoe}, scope, cPsoe, ePsoe)
	expectSet(t, db, Query{Text: "hacker", Kinds: []Kind{KindStatement}, Status: []string{"OPEN"}}, scope)

	// Hit fields.
	p := run(t, db, Query{Text: "hacker", First: MaxFirst})
	byID := map[int]Hit{}
	for _, h := range p.Hits {
		byID[h.ID] = h
	}
	check := func(id int, kind Kind, claimID *int, status, lang string, when *time.Time) {
		t.Helper()
		h, ok := byID[id]
		switch {
		case !ok:
			t.Errorf("%s not found", scope[id])
		case h.Kind != kind || h.Status != status || h.Lang != lang:
			t.Errorf("%s: kind %s status %q lang %q, want %s %q %q", scope[id], h.Kind, h.Status, h.Lang, kind, status, lang)
		case (h.ClaimID == nil) != (claimID == nil) || (claimID != nil && *h.ClaimID != *claimID):
			t.Errorf("%s: claim %v, want %v", scope[id], h.ClaimID, claimID)
		case (h.Date == nil) != (when == nil) || (when != nil && !h.Date.Equal(*when)):
			t.Errorf("%s: date %v, want %v", scope[id], h.Date, when)
		}
	}
	check(cPsoe, KindClaim, &cPsoe, "RATED", "es", date("2012-01-15"))
	check(ePP, KindEvidence, &cPP, "PUBLISHED", "es", date("2015-06-02"))
	check(eRetracted, KindEvidence, &cPP, "RETRACTED", "es", nil)
	check(sPsoe, KindStatement, nil, "", "es", date("2012-01-15"))
}

func TestEvidenceIsReadInItsClaimsLanguage(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	f := fixture{t, db}
	actor := f.actor("Labour")
	en := f.claim(claimRow{actor: actor, lang: "en", text: "The account was compromised"})
	es := f.claim(claimRow{actor: actor, lang: "es", text: "La cuenta fue comprometida"})
	enEv := f.evidence(evidenceRow{claim: en, summary: "Screenshots of the hacking"})
	esEv := f.evidence(evidenceRow{claim: es, summary: "Capturas del hackeo"})
	scope := map[int]string{enEv: "en-evidence", esEv: "es-evidence"}
	// "hacked" stems to 'hack' in English, which the English item has
	// ("hacking"); the Spanish item, read in Spanish, has 'hacke' only.
	expectSet(t, db, Query{Text: "hacked ", Lang: "en"}, scope, enEv)
	expectSet(t, db, Query{Text: "hackeo ", Lang: "es"}, scope, esEv)
	p := run(t, db, Query{Text: "hacked ", Lang: "en"})
	if len(p.Hits) != 1 || p.Hits[0].Lang != "en" || *p.Hits[0].ClaimID != en {
		t.Errorf("hits %+v, want the English evidence, in English, on its claim", p.Hits)
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	f := fixture{t, db}
	actor := f.actor("Partido")
	var want []int
	for i := range 23 {
		text := fmt.Sprintf("Reforma fiscal número %d", i)
		if i%4 == 0 {
			text += ", otra reforma" // ranks higher
		}
		f.claim(claimRow{actor: actor, lang: "es", text: text})
	}
	all := run(t, db, Query{Text: "reforma ", First: MaxFirst})
	if all.Total != 23 || len(all.Hits) != 23 || all.HasNextPage {
		t.Fatalf("one page: total %d, %d hits, next %v; want 23, 23, false", all.Total, len(all.Hits), all.HasNextPage)
	}
	for i := 1; i < len(all.Hits); i++ {
		a, b := all.Hits[i-1], all.Hits[i]
		if a.Rank < b.Rank || (a.Rank == b.Rank && a.ID >= b.ID) {
			t.Fatalf("hits %d and %d out of order: %v %d, %v %d", i-1, i, a.Rank, a.ID, b.Rank, b.ID)
		}
	}
	want = idsOf(all)

	var got []int
	after := ""
	for n := 0; ; n++ {
		p := run(t, db, Query{Text: "reforma ", First: 10, After: after})
		if wantTotal := min(23+n, 24); p.Total != wantTotal {
			t.Errorf("page %d: total %d, want %d", n, p.Total, wantTotal)
		}
		got = append(got, idsOf(p)...)
		if p.HasNextPage != (n < 2) || (len(p.Hits) > 0 && p.EndCursor != p.Hits[len(p.Hits)-1].Cursor) {
			t.Fatalf("page %d: %d hits, next %v, end cursor %q", n, len(p.Hits), p.HasNextPage, p.EndCursor)
		}
		if n == 0 {
			// A new item between pages neither repeats nor skips one.
			f.claim(claimRow{actor: actor, lang: "es", text: "Reforma, reforma y más reforma"})
		}
		if !p.HasNextPage {
			break
		}
		after = p.EndCursor
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages gave %v, want %v", got, want)
	}

	// Past the end: an empty page, with the total.
	p := run(t, db, Query{Text: "reforma ", After: all.Hits[22].Cursor})
	if len(p.Hits) != 0 || p.HasNextPage || p.Total != 24 || p.EndCursor != "" {
		t.Errorf("after the last hit: %+v, want no hits, total 24", p)
	}
	// A cursor belongs to its search.
	for _, q := range []Query{
		{Text: "fiscal ", After: all.Hits[5].Cursor},
		{Text: "reforma ", Lang: "es", After: all.Hits[5].Cursor},
		{Text: "reforma ", Status: []string{"OPEN"}, After: all.Hits[5].Cursor},
		{Text: "reforma ", ActorID: &actor, After: all.Hits[5].Cursor},
	} {
		if _, err := Search(context.Background(), db, q); !isField(err, "after") {
			t.Errorf("%+v: %v, want an error on after", q, err)
		}
	}
	// First defaults to DefaultFirst.
	if p := run(t, db, Query{Text: "reforma "}); len(p.Hits) != DefaultFirst || !p.HasNextPage {
		t.Errorf("default page: %d hits, next %v", len(p.Hits), p.HasNextPage)
	}
}

func isField(err error, field string) bool {
	var e *apierr.Error
	return errors.As(err, &e) && e.Field == field && e.Code == apierr.BadUserInput
}

func TestSnippets(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	f := fixture{t, db}
	actor := f.actor("Partido")
	hostile := f.claim(claimRow{actor: actor, lang: "es",
		text: "<script>alert('hacker')</script> <b onclick=\"x\">hacker</b> & \x02trampa\x03 <mark>sin</mark> \x01 hacker"})
	claim := f.claim(claimRow{actor: actor, lang: "es", text: "Reclamación cualquiera"})
	var body strings.Builder
	for i := range 200 {
		fmt.Fprintf(&body, "palabra%d ", i)
		if i == 120 {
			body.WriteString("aquí aparece la acusación del partido ")
		}
	}
	long := f.evidence(evidenceRow{claim: claim, summary: "Un resumen sin nada", body: body.String()})
	statement := f.statement(f.account(actor, "partido"), "", "Sin idioma: la acusación y the accusations", nil)

	snippet := func(q Query, id int) string {
		t.Helper()
		for _, h := range run(t, db, q).Hits {
			if h.ID == id {
				return h.Snippet
			}
		}
		t.Fatalf("%q: %d not found", q.Text, id)
		return ""
	}
	s := snippet(Query{Text: "hacker"}, hostile)
	// PostgreSQL's parser skips what is inside <script> (as it skips tags):
	// that "hacker" is neither indexed nor marked, the other two are.
	if strings.Count(s, "<mark>hacker</mark>") != 2 {
		t.Errorf("snippet %q: want two hacker marked", s)
	}
	assertSafe(t, s)
	for _, escaped := range []string{"&lt;script&gt;", "&lt;b onclick=&#34;x&#34;&gt;", "&amp;", "&lt;mark&gt;sin&lt;/mark&gt;"} {
		if !strings.Contains(s, escaped) {
			t.Errorf("snippet %q lacks %q", s, escaped)
		}
	}

	// A long body: the fragment around the match, cut with ellipses.
	for _, text := range []string{"acusacion ", "acusaciones ", "acusación "} {
		s = snippet(Query{Text: text, Lang: "es"}, long)
		assertSafe(t, s)
		if !strings.Contains(s, "<mark>acusación</mark>") || !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") || strings.Contains(s, "palabra0 ") {
			t.Errorf("%q: snippet %q, want the fragment around the marked match", text, s)
		}
		if n := len(strings.Fields(s)); n > snippetWords+2 {
			t.Errorf("%q: snippet of %d words", text, n)
		}
	}
	// Unknown language: words found through either language are marked.
	s = snippet(Query{Text: "acusación accusation"}, statement)
	if !strings.Contains(s, "<mark>acusación</mark>") || !strings.Contains(s, "<mark>accusations</mark>") {
		t.Errorf("snippet %q, want both words marked", s)
	}
}

// assertSafe checks that s is HTML text whose only tags are balanced
// <mark> and </mark>, without control characters.
func assertSafe(t *testing.T, s string) {
	t.Helper()
	depth := 0
	rest := s
	for {
		i := strings.IndexAny(rest, "<>")
		if i < 0 {
			break
		}
		switch {
		case strings.HasPrefix(rest[i:], "<mark>"):
			depth++
			rest = rest[i+len("<mark>"):]
		case strings.HasPrefix(rest[i:], "</mark>"):
			depth--
			rest = rest[i+len("</mark>"):]
		default:
			t.Errorf("snippet %q has markup other than <mark>", s)
			return
		}
		if depth < 0 || depth > 1 {
			t.Errorf("snippet %q has unbalanced or nested marks", s)
			return
		}
	}
	if depth != 0 {
		t.Errorf("snippet %q leaves a mark open", s)
	}
	if strings.ContainsFunc(s, unicode.IsControl) {
		t.Errorf("snippet %q has control characters", s)
	}
	if strings.Contains(s, `"`) || strings.Contains(s, "'") {
		t.Errorf("snippet %q has unescaped quotes", s)
	}
}

// The founding case, seeded as the demo seeds it: what a reader who
// remembers "lo del hacker del PSOE" types finds it.
func TestFoundingCase(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	res, err := demo.Seed(context.Background(), database.NewClient(db))
	if err != nil {
		t.Fatal(err)
	}
	claim := res.Claim.ID
	for _, text := range []string{"lo del hacker del PSOE", "cuenta hackeada", "broma de un hacker", "hack", "psoe hackeado"} {
		p := run(t, db, Query{Text: text})
		if len(p.Hits) == 0 || p.Hits[0].Kind != KindClaim || p.Hits[0].ID != claim {
			t.Errorf("%q: %+v, want the founding claim first", text, p.Hits)
		}
	}
	// The hashtag is in its tags (weight B) and in an evidence summary (A).
	p := run(t, db, Query{Text: "#excusasPSOE"})
	if len(p.Hits) != 2 || p.Hits[0].Kind != KindEvidence || p.Hits[1].ID != claim {
		t.Errorf("#excusasPSOE: %+v, want the evidence, then the claim", p.Hits)
	}
	// "hackeo" has another stem than "hackeada": the whole word does not
	// find the claim.
	if p := run(t, db, Query{Text: "hackeo ", Lang: "es"}); len(p.Hits) != 0 {
		t.Errorf("hackeo: %+v, want nothing", p.Hits)
	}
	// The evidence on it is found too, and links to it.
	p = run(t, db, Query{Text: "TweetDeck"})
	if len(p.Hits) != 1 || p.Hits[0].Kind != KindEvidence || *p.Hits[0].ClaimID != claim ||
		!strings.Contains(p.Hits[0].Snippet, "<mark>TweetDeck</mark>") {
		t.Errorf("TweetDeck: %+v", p.Hits)
	}
}

// words returns n different words.
func words(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "palabra%d ", i)
	}
	return b.String()
}
