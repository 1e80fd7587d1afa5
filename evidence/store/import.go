package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/account"
	"github.com/veredicto/veredicto/ent/actor"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/statement"
	evidencepkg "github.com/veredicto/veredicto/evidence"
	"github.com/veredicto/veredicto/evidence/importpost"
	"github.com/veredicto/veredicto/internal/apierr"
)

// Imported is what an import recorded.
type Imported struct {
	Statement *ent.Statement
	Evidence  []*ent.Evidence
	// Created is false when the import found everything already recorded.
	Created bool
}

// importer carries one import's state.
type importer struct {
	s       *Store
	c       *ent.Client
	claim   *ent.Claim
	created bool
}

// Import records a platform post, or a deletion notice, in a claim's case:
// the statement (created, or updated with what the payload adds), and the
// evidence it yields: the client it was sent from, the archived copy, the
// deletion. Importing the same payload twice writes nothing the second
// time.
func (s *Store) Import(ctx context.Context, claimID int, format importpost.Format, payload []byte) (*Imported, error) {
	// Imports write to the public record (statements, accounts) and add
	// evidence published at once: journalists' work, not readers'.
	if v := auth.FromContext(ctx); v == nil || !v.Role.AtLeast(auth.Journalist) {
		return nil, apierr.New(apierr.Forbidden, "importing posts needs the JOURNALIST role or above")
	}
	parsed, err := importpost.Import(format, payload)
	if err != nil {
		return nil, importError(err)
	}
	c := s.db(ctx)
	claim, err := c.Claim.Get(ctx, claimID)
	if err != nil {
		return nil, notFound(err, "claimID")
	}
	im := &importer{s: s, c: c, claim: claim}
	if parsed.Deletion != nil {
		return im.deletion(ctx, parsed.Deletion)
	}
	return im.post(ctx, parsed.Post)
}

func (im *importer) post(ctx context.Context, p *importpost.Post) (*Imported, error) {
	if p.AuthorHandle == nil {
		return nil, apierr.Field("payload", "the payload does not say who posted it (no author handle)")
	}
	acc, err := im.account(ctx, p)
	if err != nil {
		return nil, err
	}
	st, err := im.statement(ctx, acc, p)
	if err != nil {
		return nil, err
	}
	if im.claim.AboutID == nil {
		if err := im.c.Claim.UpdateOneID(im.claim.ID).SetAboutID(st.ID).Exec(ctx); err != nil {
			return nil, err
		}
		im.created = true
	}
	var items []*ent.Evidence
	if p.Client != nil {
		e, err := im.evidence(ctx, st, evidence.KindClientMetadata, clientSummary(im.claim.Lang, p.Client.Name), p.PostedAt, nil)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
	}
	if p.Archive != nil && p.Archive.URL != nil {
		e, err := im.evidence(ctx, st, evidence.KindArchive, archiveSummary(im.claim.Lang), p.Archive.CapturedAt, p.Archive.URL)
		if err != nil {
			return nil, err
		}
		items = append(items, e)
	}
	return &Imported{Statement: st, Evidence: items, Created: im.created}, nil
}

// account finds the author's account by platform and handle, or records
// it (with a new actor named as the payload names the author).
func (im *importer) account(ctx context.Context, p *importpost.Post) (*ent.Account, error) {
	acc, err := im.c.Account.Query().
		Where(account.PlatformEQ(account.PlatformTwitter), account.HandleEqualFold(*p.AuthorHandle)).
		First(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return acc, err
	}
	name := "@" + *p.AuthorHandle
	if p.AuthorName != nil && *p.AuthorName != "" {
		name = *p.AuthorName
	}
	a, err := im.c.Actor.Create().SetName(name).SetKind(actor.KindOther).Save(ctx)
	if err != nil {
		return nil, err
	}
	im.created = true
	return im.c.Account.Create().
		SetActor(a).
		SetPlatform(account.PlatformTwitter).
		SetHandle(*p.AuthorHandle).
		SetURL("https://twitter.com/" + *p.AuthorHandle).
		Save(ctx)
}

// statement creates the post's statement, or fills in what an existing one
// lacks; known facts are never overwritten with different ones silently:
// a conflicting posted time is an error.
func (im *importer) statement(ctx context.Context, acc *ent.Account, p *importpost.Post) (*ent.Statement, error) {
	st, err := im.findStatement(ctx, acc, p)
	if err != nil {
		return nil, err
	}
	if st == nil {
		im.created = true
		return im.c.Statement.Create().
			SetAccount(acc).
			SetPlatformID(p.PlatformID).
			SetURL(p.URL).
			SetNillableText(p.Text).
			SetNillableLang(supportedLang(p.Lang)).
			SetNillablePostedAt(p.PostedAt).
			SetNillableClient(clientName(p)).
			SetNillableClientURL(clientURL(p)).
			SetNillableArchiveURL(archiveURL(p)).
			SetRawPayload(p.Raw).
			SetContentHash(evidencepkg.BytesHash(p.Raw)).
			Save(ctx)
	}
	if st.PostedAt != nil && p.PostedAt != nil && !st.PostedAt.Equal(*p.PostedAt) {
		return nil, apierr.Field("payload", "says the post was published at %s, but it is recorded at %s",
			p.PostedAt.Format(time.RFC3339), st.PostedAt.UTC().Format(time.RFC3339))
	}
	return im.fillIn(ctx, st, p)
}

// findStatement returns the recorded statement of the post: by its
// platform id, else the claim's own statement when it still awaits its
// platform id (the founding case's tweet was recorded from a blog post,
// without one). Nil when there is none.
func (im *importer) findStatement(ctx context.Context, acc *ent.Account, p *importpost.Post) (*ent.Statement, error) {
	st, err := im.c.Statement.Query().
		Where(statement.AccountID(acc.ID), statement.PlatformID(p.PlatformID)).
		Only(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return st, err
	}
	return im.unidentifiedAbout(ctx, acc, p)
}

// unidentifiedAbout returns the claim's statement when it is this
// account's, has no platform id yet and its posted time (if known) is the
// post's: then the post is that statement. Otherwise nil.
func (im *importer) unidentifiedAbout(ctx context.Context, acc *ent.Account, p *importpost.Post) (*ent.Statement, error) {
	if im.claim.AboutID == nil {
		return nil, nil
	}
	st, err := im.c.Statement.Get(ctx, *im.claim.AboutID)
	if err != nil {
		return nil, err
	}
	samePost := st.AccountID == acc.ID && st.PlatformID == nil &&
		(st.PostedAt == nil || p.PostedAt == nil || st.PostedAt.Equal(*p.PostedAt))
	if !samePost {
		return nil, nil
	}
	return st, nil
}

// fillIn sets on an existing statement what it does not record yet.
func (im *importer) fillIn(ctx context.Context, st *ent.Statement, p *importpost.Post) (*ent.Statement, error) {
	u := im.c.Statement.UpdateOneID(st.ID)
	changed := false
	set := func(missing bool, v *string, apply func(string)) {
		if missing && v != nil {
			apply(*v)
			changed = true
		}
	}
	set(st.PlatformID == nil, &p.PlatformID, func(v string) { u.SetPlatformID(v) })
	set(st.URL == nil, &p.URL, func(v string) { u.SetURL(v) })
	set(st.Text == nil, p.Text, func(v string) { u.SetText(v) })
	set(st.Lang == nil, supportedLang(p.Lang), func(v string) { u.SetLang(v) })
	set(st.Client == nil, clientName(p), func(v string) { u.SetClient(v) })
	set(st.ClientURL == nil, clientURL(p), func(v string) { u.SetClientURL(v) })
	set(st.ArchiveURL == nil, archiveURL(p), func(v string) { u.SetArchiveURL(v) })
	if st.PostedAt == nil && p.PostedAt != nil {
		u.SetPostedAt(*p.PostedAt)
		changed = true
	}
	if st.RawPayload == nil || (st.Text == nil && p.Text != nil) {
		u.SetRawPayload(p.Raw).SetContentHash(evidencepkg.BytesHash(p.Raw))
		changed = true
	}
	if !changed {
		return st, nil
	}
	im.created = true
	return u.Save(ctx)
}

// deletion records a platform's deletion notice on the statement it names.
func (im *importer) deletion(ctx context.Context, d *importpost.Deletion) (*Imported, error) {
	st, err := im.c.Statement.Query().Where(statement.PlatformID(d.PlatformID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, apierr.Field("payload", "no recorded statement has the platform id %s; import the post first", d.PlatformID)
	}
	if err != nil {
		return nil, err
	}
	if d.DeletedAt != nil && st.PostedAt != nil && d.DeletedAt.Before(*st.PostedAt) {
		return nil, apierr.Field("payload", "the deletion notice (%s) is dated before the post (%s)",
			d.DeletedAt.UTC().Format(time.RFC3339), st.PostedAt.UTC().Format(time.RFC3339))
	}
	if !st.Deleted || (st.DeletedAt == nil && d.DeletedAt != nil) {
		u := im.c.Statement.UpdateOneID(st.ID).SetDeleted(true)
		if d.DeletedAt != nil {
			u.SetDeletedAt(*d.DeletedAt)
		}
		if st, err = u.Save(ctx); err != nil {
			return nil, err
		}
		im.created = true
	}
	e, err := im.evidence(ctx, st, evidence.KindDeletedPost, deletionSummary(im.claim.Lang), d.DeletedAt, nil)
	if err != nil {
		return nil, err
	}
	return &Imported{Statement: st, Evidence: []*ent.Evidence{e}, Created: im.created}, nil
}

// evidence finds the claim's item of this kind about the statement, or
// creates it. Imported facts are context: what they mean for the claim is
// for people to argue.
func (im *importer) evidence(ctx context.Context, st *ent.Statement, kind evidence.Kind, summary string, at *time.Time, archive *string) (*ent.Evidence, error) {
	e, err := im.c.Evidence.Query().
		Where(evidence.ClaimID(im.claim.ID), evidence.StatementID(st.ID), evidence.KindEQ(kind)).
		First(ctx)
	if err == nil || !ent.IsNotFound(err) {
		return e, err
	}
	im.created = true
	return im.c.Evidence.Create().
		SetClaimID(im.claim.ID).
		SetStatementID(st.ID).
		SetKind(kind).
		SetStance(evidence.StanceContext).
		SetSummary(summary).
		SetNillableObservedAt(at).
		SetNillableArchiveURL(archive).
		SetNillableSourceURL(st.URL).
		SetConfidenceNote(importNote(im.claim.Lang)).
		Save(ctx)
}

// importError explains a parse failure on the payload field.
func importError(err error) error {
	var pe *importpost.Error
	if errors.As(err, &pe) {
		code := apierr.BadUserInput
		if errors.Is(err, importpost.ErrTooLarge) {
			code = apierr.PayloadTooLarge
		}
		return &apierr.Error{Code: code, Field: "payload", Message: pe.Error()}
	}
	return apierr.Field("payload", "%v", err)
}

func notFound(err error, field string) error {
	if ent.IsNotFound(err) {
		return &apierr.Error{Code: apierr.NotFound, Field: field, Message: "no claim has this id"}
	}
	return err
}

func supportedLang(l *string) *string {
	if l != nil && (*l == "es" || *l == "en") {
		return l
	}
	return nil
}

func clientName(p *importpost.Post) *string {
	if p.Client == nil {
		return nil
	}
	return &p.Client.Name
}

func clientURL(p *importpost.Post) *string {
	if p.Client == nil || p.Client.URL == nil || !strings.HasPrefix(*p.Client.URL, "http") {
		return nil
	}
	return p.Client.URL
}

func archiveURL(p *importpost.Post) *string {
	if p.Archive == nil {
		return nil
	}
	return p.Archive.URL
}

func clientSummary(lang, client string) string {
	if lang == "es" {
		return fmt.Sprintf("Publicado desde %s, según los metadatos de la plataforma.", client)
	}
	return fmt.Sprintf("Posted via %s, according to the platform's metadata.", client)
}

func archiveSummary(lang string) string {
	if lang == "es" {
		return "Copia archivada de la publicación."
	}
	return "Archived copy of the post."
}

func deletionSummary(lang string) string {
	if lang == "es" {
		return "La publicación fue borrada (aviso de borrado de la plataforma)."
	}
	return "The post was deleted (the platform's deletion notice)."
}

func importNote(lang string) string {
	if lang == "es" {
		return "Importado de los datos de la plataforma; el contenido original se conserva íntegro."
	}
	return "Imported from the platform's data; the original payload is kept verbatim."
}
