package widget

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/veredicto/veredicto/claimreview"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/ent/review"
)

// Data is everything a widget shows about one claim: the body of
// GET /api/widget/claims/{id}. It holds public data only (published
// evidence, a published review), with the display texts in both
// languages so a widget needs no catalogue of its own.
type Data struct {
	ID  int    `json:"id"`
	URL string `json:"url"` // the claim page
	// Claim is the claim itself.
	Claim ClaimData `json:"claim"`
	// Claimant is who made it.
	Claimant Claimant `json:"claimant"`
	// Statement is the post the claim is about; null when none.
	Statement *Statement `json:"statement"`
	// Rating is the editors' published rating; null when not rated.
	Rating *Rating `json:"rating"`
	// Consensus is the readers' consensus as the model last computed it.
	Consensus Consensus `json:"consensus"`
	// Tally is the raw split of reader verdicts; Total is its sample size.
	Tally Tally `json:"tally"`
	// Facts are the two or three key evidence items.
	Facts []Fact `json:"facts"`
	// EvidenceCount counts the published evidence items.
	EvidenceCount int `json:"evidenceCount"`
	// UpdatedAt is the latest change to anything shown.
	UpdatedAt time.Time `json:"updatedAt"`
	// Snippet is the embed code: a blockquote readable without JavaScript
	// and the loader script, in each language.
	Snippet L10n `json:"snippet"`
}

// ClaimData is the claim's own fields.
type ClaimData struct {
	Text   string `json:"text"`
	Lang   string `json:"lang"`
	Status string `json:"status"`
	// MadeAt is null when not recorded; MadeAtPrecision says how much of
	// it is known, and MadeAtText is it written to that precision.
	MadeAt          *time.Time `json:"madeAt"`
	MadeAtPrecision string     `json:"madeAtPrecision"`
	MadeAtText      *L10n      `json:"madeAtText"`
}

// Claimant is the actor who made the claim.
type Claimant struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	URL  string `json:"url"` // the actor's page
}

// Statement is what is known of the post a claim is about.
type Statement struct {
	Deleted   bool       `json:"deleted"`
	DeletedAt *time.Time `json:"deletedAt"`
	Client    *string    `json:"client"`
	PostedAt  *time.Time `json:"postedAt"`
	Text      L10n       `json:"text"` // "About a post: deleted · client not recorded"
}

// Rating is an editor's published rating on a declared scale.
type Rating struct {
	Scale string `json:"scale"`
	Key   string `json:"key"`
	// Value is the step on the scale (schema.org ratingValue); null for a
	// rating that is no step (Unverifiable).
	Value       *int       `json:"value"`
	Best        int        `json:"best"`
	Worst       int        `json:"worst"`
	Label       L10n       `json:"label"`
	Tone        string     `json:"tone"` // good, mixed, bad, none
	Summary     string     `json:"summary"`
	Lang        string     `json:"lang"`
	PublishedAt time.Time  `json:"publishedAt"`
	CorrectedAt *time.Time `json:"correctedAt"`
}

// Consensus is the readers' consensus status.
type Consensus struct {
	Status      string     `json:"status"`
	Label       L10n       `json:"label"`
	Tone        string     `json:"tone"`
	Explanation L10n       `json:"explanation"`
	ComputedAt  *time.Time `json:"computedAt"` // null: not scored yet
}

// Tally is the raw count of current reader verdicts.
type Tally struct {
	Holds       int  `json:"holds"`
	Partly      int  `json:"partly"`
	DoesNotHold int  `json:"doesNotHold"`
	Total       int  `json:"total"`
	Text        L10n `json:"text"`
}

// Fact is one key evidence item, its summary shortened.
type Fact struct {
	Kind        string     `json:"kind"`
	Label       L10n       `json:"label"`
	Stance      string     `json:"stance"`
	StanceLabel L10n       `json:"stanceLabel"`
	Summary     string     `json:"summary"`
	ObservedAt  *time.Time `json:"observedAt"`
	Precision   string     `json:"precision"`
}

// maxFacts is how many key evidence items a widget shows.
const maxFacts = 3

// maxSummary bounds a fact's summary, in characters.
const maxSummary = 180

var errNotFound = errors.New("widget: no such claim")

// load reads a claim's widget data with a system decision, selecting only
// public data: published evidence and a published review.
func (w *Widget) load(ctx context.Context, id int) (*Data, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	c, err := w.client.Claim.Query().
		Where(claim.ID(id)).
		WithClaimant().
		WithAbout().
		WithTally().
		WithConsensus().
		WithReviews(func(q *ent.ReviewQuery) { q.Where(review.PublishedAtNotNil()) }).
		WithEvidence(func(q *ent.EvidenceQuery) {
			q.Where(evidence.StatusEQ(evidence.StatusPublished)).
				Select(evidence.FieldKind, evidence.FieldStance, evidence.FieldSummary,
					evidence.FieldObservedAt, evidence.FieldObservedPrecision, evidence.FieldUpdatedAt).
				Order(ent.Asc(evidence.FieldID))
		}).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return w.build(c), nil
}

// build turns a loaded claim into widget data.
func (w *Widget) build(c *ent.Claim) *Data {
	d := &Data{
		ID:  c.ID,
		URL: w.ClaimURL(c.ID),
		Claim: ClaimData{
			Text:            c.Text,
			Lang:            c.Lang,
			Status:          string(c.Status),
			MadeAt:          utc(c.MadeAt),
			MadeAtPrecision: string(c.MadeAtPrecision),
		},
		UpdatedAt: c.UpdatedAt.UTC(),
		Facts:     []Fact{},
	}
	if c.MadeAt != nil {
		t := dates(*c.MadeAt, d.Claim.MadeAtPrecision)
		d.Claim.MadeAtText = &t
	}
	if a := c.Edges.Claimant; a != nil {
		d.Claimant = Claimant{Name: a.Name, Kind: string(a.Kind), URL: w.base + "/actors/" + strconv.Itoa(a.ID)}
		d.newer(a.UpdatedAt)
	}
	if s := c.Edges.About; s != nil {
		d.Statement = &Statement{
			Deleted: s.Deleted, DeletedAt: utc(s.DeletedAt), Client: s.Client, PostedAt: utc(s.PostedAt),
			Text: statementText(s.Deleted, s.Client),
		}
		d.newer(s.UpdatedAt)
	}
	for _, r := range c.Edges.Reviews {
		d.Rating = rating(r)
		d.newer(r.UpdatedAt)
	}
	if t := c.Edges.Tally; t != nil {
		d.Tally = Tally{Holds: t.Holds, Partly: t.Partly, DoesNotHold: t.DoesNotHold}
		d.newer(t.UpdatedAt)
	}
	d.Tally.Total = d.Tally.Holds + d.Tally.Partly + d.Tally.DoesNotHold
	d.Tally.Text = tallyText(d.Tally.Holds, d.Tally.Partly, d.Tally.DoesNotHold)
	d.Consensus = Consensus{
		Status:      "NEEDS_MORE_VERDICTS",
		Explanation: noConsensus(d.Tally.Total),
	}
	if cs := c.Edges.Consensus; cs != nil {
		d.Consensus.Status = string(cs.Status)
		d.Consensus.Explanation = L10n{ES: cs.ExplanationEs, EN: cs.ExplanationEn}
		d.Consensus.ComputedAt = utc(&cs.ComputedAt)
		d.newer(cs.ComputedAt)
	}
	d.Consensus.Label = consensusLabels[d.Consensus.Status]
	d.Consensus.Tone = consensusTone[d.Consensus.Status]
	if d.Consensus.Tone == "" {
		d.Consensus.Tone = "none"
	}
	d.EvidenceCount = len(c.Edges.Evidence)
	for _, e := range c.Edges.Evidence {
		d.newer(e.UpdatedAt)
	}
	d.Facts = keyFacts(c.Edges.Evidence)
	d.Snippet = L10n{ES: w.snippet(d, "es"), EN: w.snippet(d, "en")}
	return d
}

func (d *Data) newer(t time.Time) {
	if t.After(d.UpdatedAt) {
		d.UpdatedAt = t.UTC()
	}
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// rating describes a published review's rating; labels come from the
// declared scale.
func rating(r *ent.Review) *Rating {
	out := &Rating{
		Scale: string(r.Scale), Key: r.Rating, Summary: r.Summary, Lang: r.Lang,
		Tone: "none", Label: L10n{ES: r.Rating, EN: r.Rating},
		CorrectedAt: utc(r.CorrectedAt),
	}
	if r.PublishedAt != nil {
		out.PublishedAt = r.PublishedAt.UTC()
	}
	def, _ := claimreview.Lookup(claimreview.Scale(r.Scale))
	out.Best, out.Worst = def.Best, def.Worst
	if rt, err := claimreview.Find(claimreview.Scale(r.Scale), r.Rating); err == nil {
		out.Label = L10n{ES: rt.Label("es"), EN: rt.Label("en")}
		if rt.Value > 0 {
			v := rt.Value
			out.Value = &v
			out.Tone = ratingTone(v, def.Worst, def.Best)
		}
	}
	return out
}

// ratingTone places a step on its scale: the top third good, the bottom
// third bad, the middle mixed.
func ratingTone(v, worst, best int) string {
	if best <= worst {
		return "none"
	}
	f := float64(v-worst) / float64(best-worst)
	switch {
	case f >= 0.75:
		return "good"
	case f <= 0.25:
		return "bad"
	}
	return "mixed"
}

// keyFacts picks up to maxFacts items, one per kind, by kindRank; ties go
// to the earlier item.
func keyFacts(items []*ent.Evidence) []Fact {
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(a, b *ent.Evidence) int {
		return kindRank[string(a.Kind)] - kindRank[string(b.Kind)]
	})
	facts := []Fact{}
	seen := map[evidence.Kind]bool{}
	for _, e := range sorted {
		if len(facts) == maxFacts {
			break
		}
		if seen[e.Kind] {
			continue
		}
		seen[e.Kind] = true
		facts = append(facts, Fact{
			Kind: string(e.Kind), Label: kindLabels[string(e.Kind)],
			Stance: string(e.Stance), StanceLabel: stanceLabels[string(e.Stance)],
			Summary:    shorten(e.Summary, maxSummary),
			ObservedAt: utc(e.ObservedAt), Precision: string(e.ObservedPrecision),
		})
	}
	return facts
}

// shorten cuts s to at most max characters, at a word boundary when one
// is near, and marks the cut with an ellipsis.
func shorten(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	cut := len(r)
	for i := len(r) - 1; i > max*3/4; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " \t\n,;:·-–—") + "…"
}

// ClaimURL is the claim's page.
func (w *Widget) ClaimURL(id int) string { return w.base + "/claims/" + strconv.Itoa(id) }

// EmbedURL is the claim's iframe page.
func (w *Widget) EmbedURL(id int) string { return w.base + "/embed/claims/" + strconv.Itoa(id) }

// OEmbedURL is the oEmbed endpoint for the claim's page, for the
// <link rel="alternate" type="application/json+oembed"> discovery tag of
// claim pages.
func (w *Widget) OEmbedURL(id int) string {
	return w.base + "/oembed?format=json&url=" + urlQueryEscape(w.ClaimURL(id))
}
