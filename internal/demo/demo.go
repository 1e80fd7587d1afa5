// Package demo loads the founding case as demo data: the PSOE account's
// deleted tweet of 15 January 2012 and the party's claim that a hacker
// posted it (see ../shared/seed-case). Every fact comes from the source
// post; what it does not say (the tweet's text, when it was deleted, the
// client it was sent from) stays null.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/account"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/ent/schema/schematype"
)

// Result tells what Seed did.
type Result struct {
	Seeded bool
	Claim  *ent.Claim
}

// Seed loads the founding case into an empty database in one transaction.
// It is idempotent: when the database already holds claims, it changes
// nothing.
func Seed(ctx context.Context, client *ent.Client) (Result, error) {
	// Loading demo data is the system acting, not a user.
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	n, err := client.Claim.Query().Count(ctx)
	if err != nil {
		return Result{}, err
	}
	if n > 0 {
		return Result{}, nil
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return Result{}, err
	}
	c, err := foundingCase(ctx, tx.Client())
	if err == nil {
		err = demoUsers(ctx, tx.Client(), c)
	}
	if err != nil {
		_ = tx.Rollback()
		return Result{}, fmt.Errorf("seeding the founding case: %w", err)
	}
	return Result{Seeded: true, Claim: c}, tx.Commit()
}

// madrid is the actor's zone; the source gives 11:30 Madrid time (UTC+1 in
// January).
var madrid = time.FixedZone("CET", 60*60)

// postedAt is 11:30 in Madrid on 15 January 2012, 10:30 UTC.
var postedAt = time.Date(2012, 1, 15, 11, 30, 0, 0, madrid).UTC()

// Times the source gives only to the day or month are recorded as the
// start of that period in UTC, with their precision (see
// schematype.Precision): the blog post of 15 January 2012 reports the
// party's explanation and the reactions of that day; the earlier incident
// is a post of December 2011.
var (
	caseDay   = time.Date(2012, 1, 15, 0, 0, 0, 0, time.UTC)
	priorPost = time.Date(2011, 12, 1, 0, 0, 0, 0, time.UTC)
)

func foundingCase(ctx context.Context, c *ent.Client) (*ent.Claim, error) {
	psoe, err := c.Actor.Create().
		SetName("PSOE").
		SetKind(actor.KindParty).
		SetCountry("ES").
		SetDescription("Partido Socialista Obrero Español, partido político de España.").
		SetTimeZone("Europe/Madrid").
		Save(ctx)
	if err != nil {
		return nil, err
	}
	acct, err := c.Account.Create().
		SetActor(psoe).
		SetPlatform(account.PlatformTwitter).
		SetHandle("PSOE").
		SetURL("https://twitter.com/PSOE").
		Save(ctx)
	if err != nil {
		return nil, err
	}
	// The tweet: its text, language, platform id, client and deletion time
	// are not in the source, so they stay null; that it was deleted is.
	tweet, err := c.Statement.Create().
		SetAccount(acct).
		SetPostedAt(postedAt).
		SetDeleted(true).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	claim, err := c.Claim.Create().
		SetClaimant(psoe).
		SetAbout(tweet).
		SetLang("es").
		SetText("La cuenta de Twitter del PSOE fue hackeada: el tuit de las 11:30, que parecía un mensaje privado de su community manager, fue «una broma de un hacker de la cuenta».").
		SetTags([]string{"PSOE", "Twitter", "excusasPSOE"}).
		SetMadeAt(caseDay).
		SetMadeAtPrecision(schematype.Day).
		Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := addEvidence(ctx, c, claim, tweet); err != nil {
		return nil, err
	}
	return claim, nil
}

// item is one evidence item of the founding case.
type item struct {
	kind       evidence.Kind
	stance     evidence.Stance
	summary    string
	confidence string
	observedAt *time.Time
	precision  schematype.Precision
	sourceURL  *string
	statement  bool // about the deleted tweet itself
}

func ptr[T any](v T) *T { return &v }

func precisionOr(p schematype.Precision) schematype.Precision {
	if p == "" {
		return schematype.Exact
	}
	return p
}

var items = []item{
	{
		kind:       evidence.KindDeletedPost,
		stance:     evidence.StanceContext,
		summary:    "A las 11:30 del 15 de enero de 2012 @PSOE publicó un tuit que, por su apariencia, parecía un mensaje directo (DM) de su community manager más que un mensaje público. El partido lo borró después.",
		confidence: "Hecho recogido por la fuente. El texto del tuit y la hora del borrado no constan.",
		observedAt: ptr(postedAt),
		statement:  true,
	},
	{
		kind:       evidence.KindTiming,
		stance:     evidence.StanceContext,
		summary:    "El tuit se publicó en pleno debate de primarias del partido.",
		confidence: "Hecho recogido por la fuente.",
		observedAt: ptr(postedAt),
	},
	{
		kind:       evidence.KindClientMetadata,
		stance:     evidence.StanceRefutes,
		summary:    "El periodista Ignacio Escolar señaló en Twitter que TweetDeck permite mandar un mismo mensaje a varias cuentas, y preguntó si no se habría confundido quien lleva la cuenta del PSOE.",
		confidence: "Hipótesis de un periodista identificado, no metadatos confirmados: el cliente desde el que se envió el tuit no consta.",
		observedAt: ptr(caseDay),
		precision:  schematype.Day,
	},
	{
		kind:       evidence.KindSocialReaction,
		stance:     evidence.StanceContext,
		summary:    "La etiqueta #excusasPSOE se convirtió en Trending Topic. Entre las reacciones citadas: @rpicallo, @JuanGomezJurado («Si la cagas, lo reconoces y punto») y @Camiloenmadrid.",
		confidence: "Hecho recogido por la fuente; citas literales.",
		observedAt: ptr(caseDay),
		precision:  schematype.Day,
	},
	{
		kind:       evidence.KindPriorIncident,
		stance:     evidence.StanceRefutes,
		summary:    "Un lector recuerda que no es la primera vez que hay un «descuido» en la cuenta @PSOE y enlaza una entrada de diciembre de 2011 sobre los ex-seguidores del PSOE.",
		confidence: "Indicio aportado en un comentario de lector; la fecha exacta del incidente anterior no consta.",
		sourceURL:  ptr("http://jorgerabanosprofesional.blogspot.com/2011/12/fact-los-ex-followers-del-psoe.html"),
		observedAt: ptr(priorPost),
		precision:  schematype.Month,
	},
	{
		kind:       evidence.KindTestimony,
		stance:     evidence.StanceRefutes,
		summary:    "El autor de la entrada de blog que recoge el caso concluye que «todo apunta a ser un error no reconocido» y que las explicaciones «no convencen mucho al personal».",
		confidence: "Opinión del autor de la fuente, no un hecho comprobado.",
		observedAt: ptr(caseDay),
		precision:  schematype.Day,
	},
}

func addEvidence(ctx context.Context, c *ent.Client, claim *ent.Claim, tweet *ent.Statement) error {
	for _, it := range items {
		create := c.Evidence.Create().
			SetClaim(claim).
			SetKind(it.kind).
			SetStance(it.stance).
			SetSummary(it.summary).
			SetConfidenceNote(it.confidence).
			SetNillableObservedAt(it.observedAt).
			SetObservedPrecision(precisionOr(it.precision)).
			SetNillableSourceURL(it.sourceURL)
		if it.statement {
			create.SetStatement(tweet)
		}
		if _, err := create.Save(ctx); err != nil {
			return err
		}
	}
	return nil
}
