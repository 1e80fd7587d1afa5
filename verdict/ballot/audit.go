package ballot

import (
	"encoding/json"

	"entgo.io/ent"
	"github.com/lib/pq"

	gen "github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/ent/verdict"
)

// The ballot writes verdicts with set-based statements, which ent's hooks
// do not see, so it writes their audit events itself, in the shape
// AuditMixin (ent/schema/audit.go) gives a verdict changed through ent:
// the action is the API operation (else Verdict.OpCreate or
// Verdict.OpUpdateOne), "after" holds the fields set (null for a cleared
// one) and a first cast's edges, "before" an update's changed fields as
// they were. graph/verdict_test.go compares both shapes.

// auditColumns are the audit events of w's changes, one per change, as
// the columns appendLogSQL takes: action, actor id, actor role, request
// id, before and after.
func (w *writing) auditColumns() ([]any, error) {
	n := len(w.changes)
	actors, actions, roles := make([]int64, n), make([]string, n), make([]string, n)
	requestIDs, befores, afters := make([]*string, n), make([]*string, n), make([]*string, n)
	for i, ch := range w.changes {
		r := ch.r
		actors[i], roles[i], requestIDs[i] = int64(r.actor.UserID), string(r.actor.Role), r.requestID
		actions[i] = auditAction(ch)
		before, after, err := auditFields(ch, w)
		if err != nil {
			return nil, err
		}
		befores[i], afters[i] = before, after
	}
	return []any{pq.Array(actions), pq.Array(actors), pq.Array(roles), nullStrings(requestIDs), nullStrings(befores), nullStrings(afters)}, nil
}

func auditAction(ch *change) string {
	switch {
	case ch.r.action != "":
		return ch.r.action
	case ch.old == nil:
		return gen.TypeVerdict + "." + ent.OpCreate.String()
	}
	return gen.TypeVerdict + "." + ent.OpUpdateOne.String()
}

// auditFields are a change's "before" (nil for a first cast) and "after"
// as JSON.
func auditFields(ch *change, w *writing) (before, after *string, err error) {
	var b, a map[string]any
	switch {
	case ch.old == nil:
		a = map[string]any{
			verdict.FieldCreatedAt: w.now, verdict.FieldUpdatedAt: w.now, verdict.FieldValue: ch.value,
			verdict.FieldClaimID: ch.r.key.claim, verdict.FieldUserID: ch.r.key.user,
			"+" + verdict.EdgeClaim: []int{ch.r.key.claim}, "+" + verdict.EdgeUser: []int{ch.r.key.user},
		}
		if ch.reason != nil {
			a[verdict.FieldReason] = *ch.reason
		}
	case ch.withdrawn:
		b = map[string]any{verdict.FieldUpdatedAt: ch.old.UpdatedAt, verdict.FieldWithdrawnAt: ch.old.WithdrawnAt}
		a = map[string]any{verdict.FieldUpdatedAt: w.now, verdict.FieldWithdrawnAt: w.now}
	default:
		// A cast sets the value and the reason (or clears it) and clears
		// any withdrawal.
		b = map[string]any{verdict.FieldUpdatedAt: ch.old.UpdatedAt, verdict.FieldValue: ch.old.Value,
			verdict.FieldReason: ch.old.Reason, verdict.FieldWithdrawnAt: ch.old.WithdrawnAt}
		a = map[string]any{verdict.FieldUpdatedAt: w.now, verdict.FieldValue: ch.value,
			verdict.FieldReason: ch.reason, verdict.FieldWithdrawnAt: nil}
	}
	if b != nil {
		if before, err = jsonText(b); err != nil {
			return nil, nil, err
		}
	}
	after, err = jsonText(a)
	return before, after, err
}

func jsonText(m map[string]any) (*string, error) {
	buf, err := json.Marshal(m)
	s := string(buf)
	return &s, err
}
