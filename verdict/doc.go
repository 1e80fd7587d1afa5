// Package verdict holds Veredicto's pure domain logic for reader verdicts:
// the plain tally of a claim's verdicts (counts, shares and Wilson lower
// bounds) and the bridging consensus model that turns every reader's
// verdicts into one status per claim.
//
// A verdict is HOLDS (1.0), PARTLY (0.5) or DOES_NOT_HOLD (0.0). A plain
// majority is easy to capture: a group of like-minded accounts can outvote
// everyone else. The bridging model, in the style of Community Notes'
// matrix factorisation, explains each verdict as
//
//	r̂ = μ + i_reader + i_claim + f_reader·f_claim
//
// where the one-dimensional factor f soaks up the agreement that comes from
// readers' usual lean (their "side"), and the claim intercept i_claim keeps
// only what readers agree on across sides. A claim reaches a consensus only
// when its intercept is clearly high or low, its factor is small, and the
// readers on each side of the factor lean the same way with enough
// evidence: each verdict weighs the log-likelihood ratio implied by how
// reliably its reader has matched settled outcomes, so a side needs
// enough proven readers, not just enough accounts.
//
// Score is a pure deterministic function: the same ratings, previous State
// and Options give bit-identical results, whatever the input order or the
// number of CPUs. Nothing here talks to HTTP or a database; callers load the
// ratings, call Score, persist Result.State and the per-claim scores.
//
// Sub-packages:
//
//   - synth: a deterministic generator of polarised readers, claims of known
//     truth and brigading attacks, used by the benchmark and tests.
//   - cmd/bench-verdicts: prints accuracy and attack-resistance tables.
package verdict
