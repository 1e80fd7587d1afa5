package verdict

import "fmt"

// explain returns the one-line English and Spanish explanation of a
// status. The larger side's count is given first; sides have no names, the
// model only knows that their readers usually disagree.
func explain(st Status, s Sides) (en, es string) {
	a, b := s.Positive.Total(), s.Negative.Total()
	if b > a {
		a, b = b, a
	}
	switch st {
	case ConsensusHolds:
		return fmt.Sprintf("Readers who usually disagree agree that it holds (%d on one side, %d on the other).", a, b),
			fmt.Sprintf("Lectores que suelen discrepar coinciden en que se sostiene (%d de un lado, %d del otro).", a, b)
	case ConsensusDoesNotHold:
		return fmt.Sprintf("Readers who usually disagree agree that it does not hold (%d on one side, %d on the other).", a, b),
			fmt.Sprintf("Lectores que suelen discrepar coinciden en que no se sostiene (%d de un lado, %d del otro).", a, b)
	case Divided:
		return fmt.Sprintf("Verdicts split along readers' usual disagreements (%d on one side, %d on the other).", a, b),
			fmt.Sprintf("Los veredictos se dividen según los desacuerdos habituales de los lectores (%d de un lado, %d del otro).", a, b)
	}
	total := a + b + s.Unplaced.Total()
	return fmt.Sprintf("Needs more verdicts from readers who usually disagree (%d so far: %d on one side, %d on the other).", total, a, b),
		fmt.Sprintf("Faltan veredictos de lectores que suelen discrepar (%d hasta ahora: %d de un lado, %d del otro).", total, a, b)
}
