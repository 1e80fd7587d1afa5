// Package changes carries "this claim changed" events between every
// Veredicto instance on one database, through PostgreSQL LISTEN/NOTIFY.
//
// Writers notify inside their transaction (Notify), so an event is
// delivered exactly when the change commits and never for a rolled-back
// one; the payload carries ids only, and receivers load what changed. Each
// instance runs one Hub: a dedicated listening connection that reconnects
// by itself after a PostgreSQL restart, and fans events out to in-process
// subscribers (GraphQL subscriptions, the widget cache). A subscriber that
// does not keep up is dropped rather than slowing the others.
package changes

import (
	"encoding/json"
	"fmt"
)

// Channel is the PostgreSQL notification channel.
const Channel = "veredicto_changes"

// Kind says what changed about a claim.
type Kind string

// The kinds of change.
const (
	ClaimCreated Kind = "claim_created"
	ClaimChanged Kind = "claim"
	Evidence     Kind = "evidence"
	Tally        Kind = "tally"
	Review       Kind = "review"
	Consensus    Kind = "consensus"
	// Resync is sent to every subscriber after the hub reconnected to
	// PostgreSQL: events may have been missed, so reload.
	Resync Kind = "resync"
)

// Event is one change.
type Event struct {
	Claim int  `json:"c"`
	Kind  Kind `json:"k"`
}

// Payload is the notification text of ev.
func Payload(ev Event) string {
	b, _ := json.Marshal(ev)
	return string(b)
}

// PayloadSQL is Payload written in SQL, from SQL expressions for the
// claim's id and the kind, for statements that publish events for rows
// they find themselves (keep its keys Event's JSON names).
func PayloadSQL(claim, kind string) string {
	return fmt.Sprintf("json_build_object('c', %s, 'k', %s)::text", claim, kind)
}

// NotifySQL is the statement that publishes an event; run it with
// (Channel, Payload(ev)) in the transaction that makes the change.
const NotifySQL = "SELECT pg_notify($1, $2)"

func parse(payload string) (Event, error) {
	var ev Event
	if err := json.Unmarshal([]byte(payload), &ev); err != nil || ev.Claim == 0 || ev.Kind == "" {
		return Event{}, fmt.Errorf("not a change event: %q", payload)
	}
	return ev, nil
}
