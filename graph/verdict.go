package graph

import (
	"github.com/veredicto/veredicto/ent"
	"github.com/veredicto/veredicto/verdict"
)

// tallyOf gives a stored tally the domain's arithmetic (shares, Wilson
// bounds).
func tallyOf(t *ent.ClaimTally) verdict.Tally {
	return verdict.Tally{Holds: t.Holds, Partly: t.Partly, DoesNotHold: t.DoesNotHold}
}
