// Package store publishes and corrects editorial reviews and builds their
// schema.org ClaimReview documents from the database.
package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/claimreview"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/claim"
	"github.com/veredicto/veredicto/ent/review"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/database"
)

// Store publishes reviews as Publisher, on pages under PublicURL.
type Store struct {
	client    *ent.Client
	publisher claimreview.Publisher
	publicURL string
}

// New returns a store. publicURL is the site's base URL (claim pages are
// publicURL + "/claims/" + id).
func New(client *ent.Client, pub claimreview.Publisher, publicURL string) *Store {
	return &Store{client: client, publisher: pub, publicURL: publicURL}
}

func (s *Store) db(ctx context.Context) *ent.Client {
	return database.InTx(ctx, s.client)
}

// Publish publishes a claim's review; a claim has one, corrected afterwards.
func (s *Store) Publish(ctx context.Context, in Input) (*ent.Review, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apierr.New(apierr.Forbidden, "sign in as an editor to publish a review")
	}
	c := s.db(ctx)
	if ok, err := c.Claim.Query().Where(claim.ID(in.ClaimID)).Exist(ctx); err != nil || !ok {
		if err == nil {
			err = &apierr.Error{Code: apierr.NotFound, Field: "claimID", Message: "no claim has this id"}
		}
		return nil, err
	}
	if ok, err := c.Review.Query().Where(review.ClaimID(in.ClaimID)).Exist(ctx); err != nil || ok {
		if err == nil {
			err = &apierr.Error{Code: apierr.Conflict, Field: "claimID", Message: "this claim already has a review; correct it instead"}
		}
		return nil, err
	}
	return c.Review.Create().
		SetClaimID(in.ClaimID).
		SetAuthorID(v.UserID).
		SetScale(review.Scale(in.Scale)).
		SetRating(in.Rating).
		SetSummary(in.Summary).
		SetNillableBody(in.Body).
		SetLang(in.Lang).
		SetPublishedAt(time.Now().UTC()).
		Save(ctx)
}

// Input is a review to publish.
type Input struct {
	ClaimID               int
	Scale                 string
	Rating, Summary, Lang string
	Body                  *string
}

// Correction changes some of a review's content.
type Correction struct {
	Scale, Rating, Summary, Body, Lang *string
}

// Correct makes a correction: a new revision with a visible note.
func (s *Store) Correct(ctx context.Context, id int, c Correction, note string) (*ent.Review, error) {
	if n := len([]rune(note)); n < 3 || n > 1000 {
		return nil, apierr.Field("note", "must say what was corrected and why (3 to 1000 characters)")
	}
	u := s.db(ctx).Review.UpdateOneID(id)
	if c.Scale != nil {
		u.SetScale(review.Scale(*c.Scale))
	}
	if c.Rating != nil {
		u.SetRating(*c.Rating)
	}
	if c.Summary != nil {
		u.SetSummary(*c.Summary)
	}
	if c.Body != nil {
		u.SetBody(*c.Body)
	}
	if c.Lang != nil {
		u.SetLang(*c.Lang)
	}
	return u.Save(claimreview.WithCorrectionNote(ctx, note))
}

// ClaimURL is a claim's canonical page.
func (s *Store) ClaimURL(id int) string {
	return s.publicURL + "/claims/" + strconv.Itoa(id)
}

// Document builds the ClaimReview of a review. It loads the claim, its
// claimant, the statement it is about and the author (four small queries).
func (s *Store) Document(ctx context.Context, r *ent.Review) (map[string]any, error) {
	c := s.db(ctx)
	cl, err := c.Claim.Query().Where(claim.ID(r.ClaimID)).WithClaimant().WithAbout().Only(ctx)
	if err != nil {
		return nil, err
	}
	author, err := r.QueryAuthor().Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	return s.document(r, cl, author)
}

func (s *Store) document(r *ent.Review, cl *ent.Claim, author *ent.User) (map[string]any, error) {
	if r.PublishedAt == nil {
		return nil, fmt.Errorf("review %d is not published", r.ID)
	}
	in := claimreview.Review{
		Claim:         s.claimOf(cl),
		Scale:         claimreview.Scale(r.Scale),
		RatingKey:     r.Rating,
		Summary:       r.Summary,
		Lang:          r.Lang,
		PublishedAt:   *r.PublishedAt,
		LastCorrected: r.CorrectedAt,
	}
	if author != nil {
		in.AuthorName = author.DisplayName
	}
	return claimreview.Document(in, s.publisher)
}

// ClaimDocument is the schema.org Claim of a claim loaded with its
// claimant and the statement it is about (for a claim without a published
// review).
func (s *Store) ClaimDocument(cl *ent.Claim) map[string]any {
	return claimreview.ClaimDocument(s.claimOf(cl))
}

// claimOf describes a claim loaded with its claimant and statement.
func (s *Store) claimOf(cl *ent.Claim) claimreview.Claim {
	c := claimreview.Claim{URL: s.ClaimURL(cl.ID), Text: cl.Text, Lang: cl.Lang, MadeAt: cl.MadeAt}
	if a := cl.Edges.Claimant; a != nil {
		c.ClaimantName, c.ClaimantKind = a.Name, string(a.Kind)
	}
	if st := cl.Edges.About; st != nil && st.URL != nil {
		c.Appearances = []string{*st.URL}
	}
	return c
}

// FeedPage returns one page of the ClaimReview DataFeed, newest first, and
// whether there is a next page: five queries per page, whatever its size.
func (s *Store) FeedPage(ctx context.Context, page, size int) (map[string]any, bool, error) {
	rs, err := s.db(ctx).Review.Query().
		Where(review.PublishedAtNotNil()).
		Order(ent.Desc(review.FieldPublishedAt), ent.Desc(review.FieldID)).
		Offset(page * size).
		Limit(size + 1).
		WithAuthor().
		WithClaim(func(q *ent.ClaimQuery) { q.WithClaimant().WithAbout() }).
		All(ctx)
	if err != nil {
		return nil, false, err
	}
	more := len(rs) > size
	rs = rs[:min(len(rs), size)]
	docs := make([]map[string]any, 0, len(rs))
	modified := time.Time{}
	for _, r := range rs {
		d, err := s.document(r, r.Edges.Claim, r.Edges.Author)
		if err != nil {
			return nil, false, err
		}
		docs = append(docs, d)
		if t := latest(r); t.After(modified) {
			modified = t
		}
	}
	return claimreview.Feed(docs, s.publisher, modified), more, nil
}

func latest(r *ent.Review) time.Time {
	if r.CorrectedAt != nil {
		return *r.CorrectedAt
	}
	return *r.PublishedAt
}
