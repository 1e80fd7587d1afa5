package schema

import (
	"context"
	"strings"
	"time"
	"unicode"

	"entgo.io/ent"

	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/hook"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/internal/apierr"
)

// clockSkew is how far in the future a reported time may lie: client clocks
// drift, but a statement "posted tomorrow" is a typo.
const clockSkew = 5 * time.Minute

// checkStatementTimes enforces that a statement is not deleted before it was
// posted, that neither time lies in the future, and that a known deletion
// time marks the statement as deleted. Updates are checked against the
// stored values, so changing one of the two times cannot break the order.
func checkStatementTimes() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.StatementFunc(func(ctx context.Context, m *gen.StatementMutation) (ent.Value, error) {
			if m.Op().Is(ent.OpUpdate) {
				if _, ok := m.PostedAt(); ok || m.PostedAtCleared() {
					return nil, apierr.Field("postedAt", "can only be changed on one statement at a time")
				}
				if _, ok := m.DeletedAt(); ok || m.DeletedAtCleared() {
					return nil, apierr.Field("deletedAt", "can only be changed on one statement at a time")
				}
				return next.Mutate(ctx, m)
			}
			posted, err := statementTime(ctx, m.PostedAt, m.PostedAtCleared, m.OldPostedAt, m.Op())
			if err != nil {
				return nil, err
			}
			deleted, err := statementTime(ctx, m.DeletedAt, m.DeletedAtCleared, m.OldDeletedAt, m.Op())
			if err != nil {
				return nil, err
			}
			if err := checkTimeOrder(posted, deleted); err != nil {
				return nil, err
			}
			if deleted != nil {
				m.SetDeleted(true)
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

// statementTime returns the value a time field will have after the
// mutation: the new value, nil when cleared, else the stored one.
func statementTime(ctx context.Context, get func() (time.Time, bool), cleared func() bool,
	old func(context.Context) (*time.Time, error), op ent.Op) (*time.Time, error) {
	if t, ok := get(); ok {
		return &t, nil
	}
	if cleared() || !op.Is(ent.OpUpdateOne) {
		return nil, nil
	}
	return old(ctx)
}

func checkTimeOrder(posted, deleted *time.Time) error {
	limit := time.Now().Add(clockSkew)
	if posted != nil && posted.After(limit) {
		return apierr.Field("postedAt", "must not be in the future")
	}
	if deleted != nil && deleted.After(limit) {
		return apierr.Field("deletedAt", "must not be in the future")
	}
	if posted != nil && deleted != nil && deleted.Before(*posted) {
		return apierr.Field("deletedAt", "must not be earlier than postedAt (%s)", posted.UTC().Format(time.RFC3339))
	}
	return nil
}

// setClaimSlug derives the claim's readable URL part from its text whenever
// the text is set.
func setClaimSlug() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ClaimFunc(func(ctx context.Context, m *gen.ClaimMutation) (ent.Value, error) {
			if t, ok := m.Text(); ok {
				m.SetSlug(Slugify(t))
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

// maxSlugLen keeps URLs short; the id, not the slug, identifies a claim.
const maxSlugLen = 80

// Slugify turns text into a lower-case ASCII URL part: "La cuenta fue
// hackeada" becomes "la-cuenta-fue-hackeada". Accented Latin letters lose
// their accents; other characters become separators.
func Slugify(text string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		if f, ok := foldAccent[r]; ok {
			r = f
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= maxSlugLen {
			break
		}
	}
	slug := b.String()
	if len(slug) > maxSlugLen {
		slug = slug[:maxSlugLen]
	}
	return strings.TrimRight(slug, "-")
}

var foldAccent = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a',
	'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e',
	'í': 'i', 'ì': 'i', 'î': 'i', 'ï': 'i',
	'ó': 'o', 'ò': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o',
	'ú': 'u', 'ù': 'u', 'û': 'u', 'ü': 'u',
	'ñ': 'n', 'ç': 'c',
}

// openTally gives every new claim its (empty) verdict tally, so casts only
// ever update an existing row.
func openTally() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.ClaimFunc(func(ctx context.Context, m *gen.ClaimMutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			id, _ := m.ID()
			return v, m.Client().ClaimTally.Create().SetClaimID(id).Exec(privacy.DecisionContext(ctx, privacy.Allow))
		})
	}, ent.OpCreate)
}
