package graph

import "github.com/veredicto/veredicto/ent"

// noder turns "no such node" into null, as the Relay spec asks of
// node(id:), instead of an error.
func noder(n ent.Noder, err error) (ent.Noder, error) {
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return n, err
}
