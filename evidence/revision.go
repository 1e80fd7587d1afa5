package evidence

import "context"

type revisionNoteKey struct{}

// WithRevisionNote attaches the reason for an edit to ctx; the ent hook that
// records evidence revisions stores it with the new revision.
func WithRevisionNote(ctx context.Context, note string) context.Context {
	return context.WithValue(ctx, revisionNoteKey{}, note)
}

// RevisionNote returns the reason given with WithRevisionNote, or "".
func RevisionNote(ctx context.Context) string {
	n, _ := ctx.Value(revisionNoteKey{}).(string)
	return n
}
