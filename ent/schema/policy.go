package schema

// The authorization rules of Veredicto, one policy per entity. They are the
// single source of truth (README "Who may do what" restates them and
// graph/authz_test.go checks every mutation against them): resolvers do
// not repeat them, so no code path can skip them.

import (
	"context"

	"entgo.io/ent"

	"github.com/veredicto/veredicto/auth"
	"github.com/veredicto/veredicto/auth/rule"
	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/apitoken"
	"github.com/veredicto/veredicto/ent/attachment"
	"github.com/veredicto/veredicto/ent/evidence"
	"github.com/veredicto/veredicto/ent/evidencerevision"
	"github.com/veredicto/veredicto/ent/predicate"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/ent/session"
	"github.com/veredicto/veredicto/ent/user"
	"github.com/veredicto/veredicto/ent/verdict"
	"github.com/veredicto/veredicto/ent/verdictchange"
)

// publicRecordPolicy is for the public record (actors, accounts,
// statements, claims): everyone reads it, journalists and above write it.
func publicRecordPolicy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			rule.AllowRole(auth.Journalist),
			rule.DenyUnlessRole(auth.Journalist),
		},
		Query: privacy.QueryPolicy{privacy.AlwaysAllowRule()},
	}
}

// Policy of the Actor.
func (Actor) Policy() ent.Policy { return publicRecordPolicy() }

// Policy of the Account.
func (Account) Policy() ent.Policy { return publicRecordPolicy() }

// Policy of the Statement.
func (Statement) Policy() ent.Policy { return publicRecordPolicy() }

// Policy of the Claim.
func (Claim) Policy() ent.Policy { return publicRecordPolicy() }

// Policy of the Evidence: any signed-in user may submit evidence (a
// reader's waits for moderation, see submitEvidence); a journalist may
// revise only what they submitted; only editors moderate (approve, reject,
// retract). Unmoderated and rejected items are visible only to their
// submitter and to editors.
func (Evidence) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			rule.AllowRole(auth.Editor),
			privacy.EvidenceMutationRuleFunc(denyModeration),
			privacy.OnMutationOperation(rule.RequireViewer(), ent.OpCreate),
			privacy.OnMutationOperation(privacy.AlwaysAllowRule(), ent.OpCreate),
			privacy.OnMutationOperation(privacy.EvidenceMutationRuleFunc(allowOwnEvidence), ent.OpUpdateOne),
			rule.DenyUnlessRole(auth.Journalist),
		},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Editor),
			privacy.EvidenceQueryRuleFunc(func(ctx context.Context, q *gen.EvidenceQuery) error {
				q.Where(visibleEvidence(ctx)...)
				return privacy.Allow
			}),
		},
	}
}

// visibleEvidence is what non-editors may see of evidence: what is public
// (published or retracted, which stays visible as retracted) and their own
// submissions.
func visibleEvidence(ctx context.Context) []predicate.Evidence {
	public := evidence.StatusIn(evidence.StatusPublished, evidence.StatusRetracted)
	if id := rule.ViewerID(ctx); id != 0 {
		return []predicate.Evidence{evidence.Or(public, evidence.SubmitterID(id))}
	}
	return []predicate.Evidence{public}
}

// denyModeration refuses changes of an item's moderation state by anyone
// but an editor (editors were allowed before this rule).
func denyModeration(_ context.Context, m *gen.EvidenceMutation) error {
	_, status := m.Status()
	_, reason := m.StatusReason()
	_, moderator := m.ModeratorID()
	if m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) && (status || reason || moderator) {
		return rule.Deny("only an editor can approve, reject or retract evidence")
	}
	return privacy.Skip
}

// Policy of the EvidenceRevision: revisions are written only by the
// revision hook (with a system decision) and never changed; they are
// visible wherever their item is.
func (EvidenceRevision) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Editor),
			privacy.EvidenceRevisionQueryRuleFunc(func(ctx context.Context, q *gen.EvidenceRevisionQuery) error {
				q.Where(evidencerevision.HasEvidenceWith(visibleEvidence(ctx)...))
				return privacy.Allow
			}),
		},
	}
}

// Policy of the Attachment: attachments are added by the evidence store
// after the item's own policy allowed the change; visible wherever their
// item is.
func (Attachment) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Editor),
			privacy.AttachmentQueryRuleFunc(func(ctx context.Context, q *gen.AttachmentQuery) error {
				q.Where(attachment.HasEvidenceWith(visibleEvidence(ctx)...))
				return privacy.Allow
			}),
		},
	}
}

// Policy of the Blob: only the system reads and writes file contents; the
// HTTP layer serves a blob after the Attachment policy let the viewer see
// the attachment.
func (Blob) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
	}
}

// allowOwnEvidence lets a journalist change an item they submitted.
func allowOwnEvidence(ctx context.Context, m *gen.EvidenceMutation) error {
	v := auth.FromContext(ctx)
	id, ok := m.ID()
	if v == nil || !ok || !v.Role.AtLeast(auth.Journalist) {
		return privacy.Skip
	}
	mine, err := m.Client().Evidence.Query().
		Where(evidence.ID(id), evidence.SubmitterID(v.UserID)).
		Exist(allow(ctx))
	if err != nil {
		return err
	}
	if mine {
		return privacy.Allow
	}
	return rule.Deny("only the journalist who submitted this item or an editor may change it")
}

// Policy of the Verdict: any signed-in user gives and changes their own
// verdicts, never anybody else's.
func (Verdict) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			rule.RequireViewer(),
			privacy.OnMutationOperation(privacy.VerdictMutationRuleFunc(func(ctx context.Context, m *gen.VerdictMutation) error {
				if uid, ok := m.UserID(); ok && rule.Owns(ctx, uid) {
					return privacy.Allow
				}
				return rule.Deny("a verdict can only be given in your own name")
			}), ent.OpCreate),
			allowOwner("only your own verdict can be changed", func(ctx context.Context, c *gen.Client, id, viewer int) (bool, error) {
				return c.Verdict.Query().Where(verdict.ID(id), verdict.UserID(viewer)).Exist(ctx)
			}),
			rule.DenyUnlessRole(auth.Admin),
		},
		Query: privacy.QueryPolicy{privacy.AlwaysAllowRule()},
	}
}

// Policy of the Review: editors write the editorial ratings.
func (Review) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			rule.AllowRole(auth.Editor),
			rule.DenyUnlessRole(auth.Editor),
		},
		Query: privacy.QueryPolicy{privacy.AlwaysAllowRule()},
	}
}

// Policy of the User: anyone may sign up as a reader; users change their
// own name and password; only admins change roles or disable accounts.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			rule.AllowRole(auth.Admin),
			privacy.UserMutationRuleFunc(func(ctx context.Context, m *gen.UserMutation) error {
				if r, ok := m.Role(); ok && (m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) || r != user.RoleReader) {
					return rule.Deny("only an admin can set a user's role")
				}
				if d, ok := m.Disabled(); ok && (d || m.Op().Is(ent.OpUpdate|ent.OpUpdateOne)) {
					return rule.Deny("only an admin can disable or enable an account")
				}
				return privacy.Skip
			}),
			privacy.OnMutationOperation(privacy.AlwaysAllowRule(), ent.OpCreate),
			privacy.OnMutationOperation(privacy.UserMutationRuleFunc(func(ctx context.Context, m *gen.UserMutation) error {
				if id, ok := m.ID(); ok && rule.Owns(ctx, id) {
					return privacy.Allow
				}
				return rule.Deny("only your own account can be changed")
			}), ent.OpUpdateOne),
			rule.DenyUnlessRole(auth.Admin),
		},
		Query: privacy.QueryPolicy{privacy.AlwaysAllowRule()},
	}
}

// Policy of the Session: sessions are created by the sign-in flow (which
// checked the password and runs with a system decision); a user may only
// see and revoke their own.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			allowOwner("only your own sessions can be ended", func(ctx context.Context, c *gen.Client, id, viewer int) (bool, error) {
				return c.Session.Query().Where(session.ID(id), session.UserID(viewer)).Exist(ctx)
			}),
			rule.DenyUnlessRole(auth.Admin),
		},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Admin),
			privacy.SessionQueryRuleFunc(func(ctx context.Context, q *gen.SessionQuery) error {
				q.Where(session.UserID(rule.ViewerID(ctx)))
				return privacy.Allow
			}),
		},
	}
}

// Policy of the APIToken: owners create, see and revoke their own tokens;
// admins may revoke anyone's.
func (APIToken) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			rule.DenyDelete(),
			rule.RequireViewer(),
			privacy.OnMutationOperation(privacy.APITokenMutationRuleFunc(func(ctx context.Context, m *gen.APITokenMutation) error {
				if uid, ok := m.UserID(); ok && rule.Owns(ctx, uid) {
					return privacy.Allow
				}
				return rule.Deny("API tokens can only be created for yourself")
			}), ent.OpCreate),
			rule.AllowRole(auth.Admin),
			allowOwner("only the token's owner can revoke it", func(ctx context.Context, c *gen.Client, id, viewer int) (bool, error) {
				return c.APIToken.Query().Where(apitoken.ID(id), apitoken.UserID(viewer)).Exist(ctx)
			}),
			rule.DenyUnlessRole(auth.Admin),
		},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Admin),
			privacy.APITokenQueryRuleFunc(func(ctx context.Context, q *gen.APITokenQuery) error {
				q.Where(apitoken.UserID(rule.ViewerID(ctx)))
				return privacy.Allow
			}),
		},
	}
}

// Policy of the AuditEvent: admins read the log; nobody changes it. Rows
// are written by the audit hook with a system decision.
func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{
			privacy.AlwaysDenyRule(),
		},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Admin),
			rule.DenyUnlessRole(auth.Admin),
		},
	}
}

// Policy of the VerdictChange: the history of a verdict is its reader's
// (and admins'); it is written only by the ballot, with a system decision.
func (VerdictChange) Policy() ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
		Query: privacy.QueryPolicy{
			rule.AllowRole(auth.Admin),
			privacy.VerdictChangeQueryRuleFunc(func(ctx context.Context, q *gen.VerdictChangeQuery) error {
				q.Where(verdictchange.HasVerdictWith(verdict.UserID(rule.ViewerID(ctx))))
				return privacy.Allow
			}),
		},
	}
}

// systemWrittenPolicy is for derived data (tallies, consensus, the model's
// state): public to read (except where noted), written only by the system.
func systemWrittenPolicy(read privacy.QueryRule) ent.Policy {
	return privacy.Policy{
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
		Query:    privacy.QueryPolicy{read},
	}
}

// Policy of the ClaimTally.
func (ClaimTally) Policy() ent.Policy { return systemWrittenPolicy(privacy.AlwaysAllowRule()) }

// Policy of the ClaimConsensus.
func (ClaimConsensus) Policy() ent.Policy { return systemWrittenPolicy(privacy.AlwaysAllowRule()) }

// Policy of the ScoringState: internal to the scoring runner.
func (ScoringState) Policy() ent.Policy { return systemWrittenPolicy(privacy.AlwaysDenyRule()) }

func allowAll() privacy.QueryRule { return privacy.AlwaysAllowRule() }

// allowOwner allows changing one row that belongs to the viewer (owned
// looks it up, with a system decision, by row id and viewer id) and refuses
// everyone else with deny.
func allowOwner(deny string, owned func(ctx context.Context, c *gen.Client, id, viewer int) (bool, error)) privacy.MutationRule {
	return privacy.OnMutationOperation(privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		row, ok := m.(interface {
			ID() (int, bool)
			Client() *gen.Client
		})
		if !ok {
			return rule.Deny("%s", deny)
		}
		id, _ := row.ID()
		mine, err := owned(allow(ctx), row.Client(), id, rule.ViewerID(ctx))
		if err != nil || mine {
			return orAllow(err)
		}
		return rule.Deny("%s", deny)
	}), ent.OpUpdateOne)
}

// allow returns ctx with a system decision, for the policies' own lookups.
func allow(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// orAllow turns a lookup's outcome into a decision: its error, or Allow.
func orAllow(err error) error {
	if err != nil {
		return err
	}
	return privacy.Allow
}
