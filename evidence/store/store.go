// Package store records evidence in the database: submissions with
// attachments, revisions, moderation and imports of platform posts. The
// rules of who may do what are the ent privacy policies; this package
// sequences the writes of one operation so they commit together (it uses
// the transaction in the context, when there is one).
package store

import (
	"context"
	"strings"
	"time"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/evidence"
	evidencepkg "github.com/veredicto/veredicto/evidence"
	"github.com/veredicto/veredicto/internal/apierr"
	"github.com/veredicto/veredicto/internal/database"
)

// DefaultMaxUpload is the default size limit of one attachment.
const DefaultMaxUpload = 10 << 20

// Store records evidence.
type Store struct {
	client     *ent.Client
	maxUpload  int64
	maxUploads int
}

// New returns a store; maxUpload bounds each attachment's size in bytes,
// maxUploads the number of files in one request.
func New(client *ent.Client, maxUpload int64, maxUploads int) *Store {
	return &Store{client: client, maxUpload: maxUpload, maxUploads: maxUploads}
}

// db returns the transaction's client when ctx carries one.
func (s *Store) db(ctx context.Context) *ent.Client {
	return database.InTx(ctx, s.client)
}

// system marks ctx for writes the store makes on the system's behalf
// after the acting user's own change passed its policy (attachment rows,
// blobs).
func system(ctx context.Context) context.Context {
	return database.System(ctx)
}

// Add submits an evidence item with its attachments.
func (s *Store) Add(ctx context.Context, input ent.CreateEvidenceInput, files []File) (*ent.Evidence, error) {
	stored, err := s.storeFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	create := s.db(ctx).Evidence.Create().SetInput(input)
	if len(stored) > 0 {
		create.SetAttachmentHashes(hashesOf(stored))
	}
	e, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	return e, s.attach(ctx, e.ID, stored)
}

// Revise changes an item's content; the revision hook keeps the old
// version and its hash. New attachments are added to the existing ones.
func (s *Store) Revise(ctx context.Context, id int, input ent.UpdateEvidenceInput, note string, files []File) (*ent.Evidence, error) {
	if err := requireReason("note", note); err != nil {
		return nil, err
	}
	current, err := s.db(ctx).Evidence.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if current.Status == evidence.StatusRetracted || current.Status == evidence.StatusRejected {
		return nil, apierr.New(apierr.Conflict, "a %s item cannot be revised", current.Status)
	}
	stored, err := s.storeFiles(ctx, files)
	if err != nil {
		return nil, err
	}
	update := s.db(ctx).Evidence.UpdateOneID(id).SetInput(input)
	if len(stored) > 0 {
		update.SetAttachmentHashes(mergeHashes(current.AttachmentHashes, stored))
	}
	e, err := update.Save(evidencepkg.WithRevisionNote(ctx, note))
	if err != nil {
		return nil, err
	}
	return e, s.attach(ctx, e.ID, stored)
}

// ModerationQueue is the items waiting for an editor. The queue is an
// editor's tool: the items themselves are also visible to their submitters
// (privacy policy), but only editors work through the queue.
func (s *Store) ModerationQueue(ctx context.Context) (*ent.EvidenceQuery, error) {
	if v := auth.FromContext(ctx); v == nil || !v.Role.AtLeast(auth.Editor) {
		return nil, apierr.New(apierr.Forbidden, "the moderation queue is for editors")
	}
	return s.client.Evidence.Query().Where(evidence.StatusEQ(evidence.StatusPending)), nil
}

// Approve publishes an item waiting for moderation.
func (s *Store) Approve(ctx context.Context, id int) (*ent.Evidence, error) {
	return s.moderate(ctx, id, evidence.StatusPending, evidence.StatusPublished, "")
}

// Reject turns down an item waiting for moderation, with a reason.
func (s *Store) Reject(ctx context.Context, id int, reason string) (*ent.Evidence, error) {
	if err := requireReason("reason", reason); err != nil {
		return nil, err
	}
	return s.moderate(ctx, id, evidence.StatusPending, evidence.StatusRejected, reason)
}

// Retract withdraws a published item, with a reason. It stays visible, as
// retracted.
func (s *Store) Retract(ctx context.Context, id int, reason string) (*ent.Evidence, error) {
	if err := requireReason("reason", reason); err != nil {
		return nil, err
	}
	return s.moderate(ctx, id, evidence.StatusPublished, evidence.StatusRetracted, reason)
}

// moderate moves an item from one status to another. The update is
// conditional on the current status, so two editors acting at once cannot
// both succeed.
func (s *Store) moderate(ctx context.Context, id int, from, to evidence.Status, reason string) (*ent.Evidence, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apierr.New(apierr.Forbidden, "sign in as an editor to moderate evidence")
	}
	e, err := s.db(ctx).Evidence.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Status != from {
		return nil, apierr.New(apierr.Conflict, "the item is %s, not %s", e.Status, from)
	}
	update := s.db(ctx).Evidence.UpdateOneID(id).
		Where(evidence.StatusEQ(from)).
		SetStatus(to).
		SetModeratorID(v.UserID).
		SetModeratedAt(time.Now().UTC())
	if reason != "" {
		update.SetStatusReason(reason)
	}
	e, err = update.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, apierr.New(apierr.Conflict, "the item was moderated by someone else meanwhile")
	}
	return e, err
}

// requireReason checks that a moderation reason or revision note says
// something.
func requireReason(field, s string) error {
	if len([]rune(strings.TrimSpace(s))) < 3 {
		return apierr.Field(field, "must say why (at least 3 characters)")
	}
	if len([]rune(s)) > 1000 {
		return apierr.Field(field, "must be at most 1000 characters")
	}
	return nil
}
