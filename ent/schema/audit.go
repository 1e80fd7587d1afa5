package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/schema/mixin"

	"github.com/veredicto/veredicto/auth"
	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/privacy"
	"github.com/veredicto/veredicto/internal/requestid"
)

// AuditMixin appends an AuditEvent for every successful change of the
// entity, in the same transaction as the change.
type AuditMixin struct{ mixin.Schema }

// Hooks of the AuditMixin.
func (AuditMixin) Hooks() []ent.Hook {
	return []ent.Hook{audit}
}

// secretFields are never copied into the audit log, only noted as changed.
var secretFields = map[string]bool{"password_hash": true, "token_hash": true}

// bookkeepingFields change as a side effect of use (a token's last use);
// a change of nothing else is not an event worth auditing.
var bookkeepingFields = map[string]bool{"last_used_at": true, "updated_at": true}

// redacted stands for a secret field's value in the audit log.
const redacted = "(secret changed)"

type auditedMutation interface {
	ent.Mutation
	Client() *gen.Client
	ID() (int, bool)
	IDs(context.Context) ([]int, error)
}

func audit(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		am, ok := m.(auditedMutation)
		if !ok {
			return nil, fmt.Errorf("audit: %T cannot be audited", m)
		}
		if onlyBookkeeping(am) {
			return next.Mutate(ctx, m)
		}
		ids, before, err := auditBefore(ctx, am)
		if err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if id, ok := am.ID(); ok && len(ids) == 0 {
			ids = []int{id} // created
		}
		return v, writeAudit(ctx, am, ids, before, auditAfter(am))
	})
}

// auditBefore reads what a change will overwrite: the changed fields' old
// values for a single-row update, the affected ids for a bulk one.
func auditBefore(ctx context.Context, m auditedMutation) ([]int, map[string]any, error) {
	switch {
	case m.Op().Is(ent.OpUpdateOne):
		id, _ := m.ID()
		before := map[string]any{}
		for _, f := range append(m.Fields(), m.ClearedFields()...) {
			if secretFields[f] {
				continue
			}
			old, err := m.OldField(ctx, f)
			if err != nil {
				return nil, nil, err
			}
			before[f] = old
		}
		return []int{id}, before, nil
	case m.Op().Is(ent.OpUpdate):
		ids, err := m.IDs(ctx)
		return ids, nil, err
	}
	return nil, nil, nil
}

// auditAfter lists the values the change set, and the edges it added or
// removed.
func auditAfter(m auditedMutation) map[string]any {
	after := map[string]any{}
	for _, f := range m.Fields() {
		if secretFields[f] {
			after[f] = redacted
			continue
		}
		after[f], _ = m.Field(f)
	}
	for _, f := range m.ClearedFields() {
		after[f] = nil
	}
	for _, e := range m.AddedEdges() {
		after["+"+e] = m.AddedIDs(e)
	}
	for _, e := range m.RemovedEdges() {
		after["-"+e] = m.RemovedIDs(e)
	}
	return after
}

func writeAudit(ctx context.Context, m auditedMutation, ids []int, before, after map[string]any) error {
	action := auth.Operation(ctx)
	if action == "" {
		action = m.Type() + "." + m.Op().String()
	}
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	for _, id := range ids {
		create := m.Client().AuditEvent.Create().
			SetAction(action).
			SetEntityType(m.Type()).
			SetEntityID(id).
			SetAfter(after)
		if before != nil {
			create.SetBefore(before)
		}
		if v := auth.FromContext(ctx); v != nil {
			create.SetActorID(v.UserID).SetActorRole(string(v.Role))
		}
		if rid := requestid.From(ctx); rid != "-" {
			create.SetRequestID(rid)
		}
		if _, err := create.Save(sys); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
	}
	return nil
}

func onlyBookkeeping(m ent.Mutation) bool {
	if !m.Op().Is(ent.OpUpdate|ent.OpUpdateOne) || len(m.ClearedFields()) > 0 || len(m.AddedEdges()) > 0 {
		return false
	}
	for _, f := range m.Fields() {
		if !bookkeepingFields[f] {
			return false
		}
	}
	return true
}
