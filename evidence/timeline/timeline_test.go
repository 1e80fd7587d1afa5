package timeline

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // hermetic zones for the tests

	"github.com/veredicto/veredicto/evidence"
)

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// foundingCase is what the 15 January 2012 blog post establishes, and
// nothing more: only the tweet's time is known (11:30 Madrid, 10:30 UTC).
// The deletion, the "hacker" explanation, Escolar's TweetDeck remark and
// the #excusasPSOE reaction are reported without times.
func foundingCase() Input {
	return Input{
		Claim: Claim{ID: "claim-hacked", Summary: "The @PSOE account was hacked", AboutID: "st-dm"},
		Statements: []Statement{
			{ID: "st-dm", Summary: "@PSOE tweet that read like a DM", PostedAt: at("2012-01-15T10:30:00Z"), Deleted: true},
		},
		Items: []Item{
			{ID: "ev-reaction", Kind: evidence.KindSocialReaction, Summary: "#excusasPSOE trending topic"},
			{ID: "ev-tweetdeck", Kind: evidence.KindClientMetadata, Summary: "Escolar: TweetDeck can post to several accounts"},
			{ID: "ev-prior", Kind: evidence.KindPriorIncident, Summary: "Dec 2011 post about the account's ex-followers"},
		},
	}
}

func TestFoundingCase(t *testing.T) {
	tl := Build(foundingCase())
	if tl.AnchorID != "st-dm" || tl.AnchorAt == nil || !tl.AnchorAt.Equal(*at("2012-01-15T10:30:00Z")) {
		t.Fatalf("anchor = %q %v", tl.AnchorID, tl.AnchorAt)
	}
	if len(tl.Events) != 1 {
		t.Fatalf("dated events = %+v, want only the post", tl.Events)
	}
	post := tl.Events[0]
	if post.Kind != Posted || !post.Anchor || post.Gap != nil {
		t.Fatalf("post event = %+v", post)
	}
	madrid := zone(t, "Europe/Madrid")
	if got := FormatIn(*post.At, madrid, "es"); got != "15 ene 2012, 11:30 CET" {
		t.Errorf("Madrid time = %q", got)
	}
	var undated []string
	for _, e := range tl.Undated {
		if e.At != nil || e.Gap != nil {
			t.Errorf("undated event has a time or gap: %+v", e)
		}
		undated = append(undated, string(e.Kind)+":"+e.SubjectID)
	}
	want := "deleted:st-dm claim:claim-hacked evidence:ev-tweetdeck evidence:ev-prior evidence:ev-reaction"
	if got := strings.Join(undated, " "); got != want {
		t.Errorf("undated = %s\nwant      %s", got, want)
	}
}

// TestFoundingCaseWithTimes shows the gaps the timeline would give once
// the times are recorded. The times are synthetic, for the test only.
func TestFoundingCaseWithTimes(t *testing.T) {
	in := foundingCase()
	in.Statements[0].DeletedAt = at("2012-01-15T10:44:00Z")
	in.Claim.MadeAt = at("2012-01-15T12:40:00Z")
	in.Items[0].ObservedAt = at("2012-01-15T13:10:30Z")
	tl := Build(in)
	var en, es []string
	for _, e := range tl.Events[1:] {
		en = append(en, e.Gap.Describe("en"))
		es = append(es, e.Gap.Describe("es-ES"))
	}
	wantEN := "deleted 14 minutes after posting | explanation 2 h 10 min after the post | reaction 2 h 40 min after the post"
	wantES := "borrado 14 minutos después de publicarse | explicación 2 h 10 min después del mensaje | reacción 2 h 40 min después del mensaje"
	if got := strings.Join(en, " | "); got != wantEN {
		t.Errorf("en:\n got %s\nwant %s", got, wantEN)
	}
	if got := strings.Join(es, " | "); got != wantES {
		t.Errorf("es:\n got %s\nwant %s", got, wantES)
	}
	if len(tl.Undated) != 2 {
		t.Errorf("undated = %+v, want the two undated items", tl.Undated)
	}
}

func TestOrderingIsDeterministicForEqualInstants(t *testing.T) {
	same := at("2012-01-15T10:30:00Z")
	in := Input{
		Claim:      Claim{ID: "c", MadeAt: same},
		Statements: []Statement{{ID: "s2", PostedAt: same, DeletedAt: same}, {ID: "s1", PostedAt: same}},
		Items: []Item{
			{ID: "b", Kind: evidence.KindTestimony, ObservedAt: same},
			{ID: "a", Kind: evidence.KindTestimony, ObservedAt: same},
			{ID: "z", Kind: evidence.KindArchive, ObservedAt: same},
		},
	}
	want := "posted:s1 posted:s2 deleted:s2 claim:c evidence:z evidence:a evidence:b"
	for range 5 {
		tl := Build(in)
		var got []string
		for _, e := range tl.Events {
			got = append(got, string(e.Kind)+":"+e.SubjectID)
		}
		if strings.Join(got, " ") != want {
			t.Fatalf("order = %s\nwant    %s", strings.Join(got, " "), want)
		}
		in.Items[0], in.Items[2] = in.Items[2], in.Items[0] // input order must not matter
	}
}

func TestAnchorChoice(t *testing.T) {
	early, late := at("2012-01-15T10:00:00Z"), at("2012-01-15T11:00:00Z")
	sts := []Statement{{ID: "late", PostedAt: late}, {ID: "early", PostedAt: early}, {ID: "undated"}}

	if tl := Build(Input{Statements: sts}); tl.AnchorID != "early" {
		t.Errorf("without AboutID, anchor = %q, want the earliest dated statement", tl.AnchorID)
	}
	tl := Build(Input{Claim: Claim{ID: "c", AboutID: "late"}, Statements: sts})
	if tl.AnchorID != "late" || tl.Events[0].Gap == nil || tl.Events[0].Gap.D != -time.Hour {
		t.Errorf("anchor = %q, first = %+v", tl.AnchorID, tl.Events[0])
	}
	if got := tl.Events[0].Gap.Describe("en"); got != "posted 1 h before the post" {
		t.Errorf("describe = %q", got)
	}
	// The claim is about a statement whose time is unknown: no gaps at
	// all, rather than gaps measured from some other statement.
	tl = Build(Input{Claim: Claim{ID: "c", AboutID: "undated"}, Statements: sts})
	if tl.AnchorID != "undated" || tl.AnchorAt != nil {
		t.Fatalf("anchor = %q %v", tl.AnchorID, tl.AnchorAt)
	}
	for _, e := range tl.Events {
		if e.Gap != nil {
			t.Errorf("gap without an anchor time: %+v", e)
		}
	}
}

func TestZeroTimeIsUnknown(t *testing.T) {
	tl := Build(Input{Items: []Item{{ID: "x", Kind: evidence.KindDocument, ObservedAt: &time.Time{}}}})
	if len(tl.Events) != 0 || len(tl.Undated) != 1 {
		t.Fatalf("zero time was treated as a date: %+v", tl)
	}
}

func TestTimesAreUTC(t *testing.T) {
	local := time.Date(2012, 1, 15, 11, 30, 0, 0, zone(t, "Europe/Madrid"))
	tl := Build(Input{Statements: []Statement{{ID: "s", PostedAt: &local}}})
	if tl.Events[0].At.Location() != time.UTC || tl.Events[0].At.Hour() != 10 {
		t.Fatalf("event time = %v", tl.Events[0].At)
	}
	if local.Location() == time.UTC {
		t.Fatal("Build changed the caller's time")
	}
}

func TestFormatDuration(t *testing.T) {
	cases := []struct {
		d      time.Duration
		en, es string
	}{
		{0, "0 seconds", "0 segundos"},
		{time.Second, "1 second", "1 segundo"},
		{59*time.Second + 900*time.Millisecond, "59 seconds", "59 segundos"},
		{time.Minute, "1 minute", "1 minuto"},
		{14*time.Minute + 59*time.Second, "14 minutes", "14 minutos"},
		{2 * time.Hour, "2 h", "2 h"},
		{2*time.Hour + 10*time.Minute, "2 h 10 min", "2 h 10 min"},
		{-(2*time.Hour + 10*time.Minute), "2 h 10 min", "2 h 10 min"},
		{24 * time.Hour, "1 day", "1 día"},
		{35*24*time.Hour + 5*time.Hour, "35 days 5 h", "35 días 5 h"},
	}
	for _, tc := range cases {
		if got := FormatDuration(tc.d, "en"); got != tc.en {
			t.Errorf("en %v = %q, want %q", tc.d, got, tc.en)
		}
		if got := FormatDuration(tc.d, "es"); got != tc.es {
			t.Errorf("es %v = %q, want %q", tc.d, got, tc.es)
		}
	}
}

func TestDescribeEdges(t *testing.T) {
	cases := []struct {
		g    Gap
		lang string
		want string
	}{
		{Gap{Event: Claimed}, "en", "explanation at the same moment as the post"},
		{Gap{Event: Claimed}, "es", "explicación en el mismo momento que el mensaje"},
		{Gap{Event: Claimed, D: -5 * time.Minute}, "es", "explicación 5 minutos antes del mensaje"},
		{Gap{Event: Deleted, OfAnchor: true, D: 90 * time.Second}, "fr", "deleted 1 minute after posting"},
		{Gap{Event: Deleted, D: 3 * time.Hour}, "en", "deleted 3 h after the post"},
		{Gap{Event: Observed, EvidenceKind: "unheard_of", D: time.Hour}, "en", "evidence 1 h after the post"},
		{Gap{Event: Observed, EvidenceKind: evidence.KindPriorIncident, D: -35 * 24 * time.Hour}, "es", "incidente previo 35 días antes del mensaje"},
	}
	for _, tc := range cases {
		if got := tc.g.Describe(tc.lang); got != tc.want {
			t.Errorf("Describe(%s) = %q, want %q", tc.lang, got, tc.want)
		}
	}
}

func TestEveryEvidenceKindHasWords(t *testing.T) {
	for _, k := range evidence.Kinds() {
		if english.evidence[k] == "" || spanish.evidence[k] == "" {
			t.Errorf("no words for %q", k)
		}
	}
}

func TestFormatIn(t *testing.T) {
	post := *at("2012-01-15T10:30:00Z")
	summer := *at("2012-07-01T10:30:05Z")
	cases := []struct {
		t    time.Time
		loc  *time.Location
		lang string
		want string
	}{
		{post, zone(t, "Europe/Madrid"), "en", "15 Jan 2012, 11:30 CET"},
		{post, zone(t, "Europe/Madrid"), "es", "15 ene 2012, 11:30 CET"},
		{summer, zone(t, "Europe/Madrid"), "es", "1 jul 2012, 12:30:05 CEST"},
		{post, zone(t, "America/New_York"), "en", "15 Jan 2012, 05:30 EST"},
		{post, zone(t, "America/Sao_Paulo"), "en", "15 Jan 2012, 08:30 UTC-02"},
		{post, nil, "en", "15 Jan 2012, 10:30 UTC"},
	}
	for _, tc := range cases {
		if got := FormatIn(tc.t, tc.loc, tc.lang); got != tc.want {
			t.Errorf("FormatIn(%v, %v) = %q, want %q", tc.t, tc.loc, got, tc.want)
		}
	}
}

// An event dated only to the day sorts after the exact events of that day,
// gets no gap in minutes, and keeps its precision: the founding case's
// post (11:30 in Madrid), then the party's explanation and the reaction,
// both dated by the source only as 15 January 2012.
func TestDayPrecisionSortsAfterTheExactEventsOfItsDay(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	posted := time.Date(2012, 1, 15, 11, 30, 0, 0, madrid)
	day := time.Date(2012, 1, 15, 0, 0, 0, 0, madrid)
	tl := Build(Input{
		Claim:      Claim{ID: "c", Summary: "hackeo", MadeAt: &day, MadeAtPrecision: Day, AboutID: "s"},
		Statements: []Statement{{ID: "s", PostedAt: &posted, Deleted: true}},
		Items: []Item{
			{ID: "r", Kind: evidence.KindSocialReaction, Summary: "#excusasPSOE", ObservedAt: &day, Precision: Day},
			{ID: "p", Kind: evidence.KindPriorIncident, Summary: "diciembre de 2011",
				ObservedAt: ptrTime(time.Date(2011, 12, 1, 0, 0, 0, 0, madrid)), Precision: Month},
		},
	})
	var order []string
	for _, e := range tl.Events {
		order = append(order, string(e.Kind)+":"+e.SubjectID)
		if e.Precision != Exact && e.Gap != nil {
			t.Errorf("%s known only to the %s got a gap %v", e.SubjectID, e.Precision, e.Gap.D)
		}
	}
	want := "evidence:p posted:s claim:c evidence:r"
	if got := strings.Join(order, " "); got != want {
		t.Fatalf("order = %s, want %s", got, want)
	}
	if len(tl.Undated) != 1 || tl.Undated[0].Kind != Deleted {
		t.Errorf("the deletion's time is not recorded and must stay undated: %+v", tl.Undated)
	}
}

func ptrTime(t time.Time) *time.Time { return &t }
