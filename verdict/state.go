package verdict

import "slices"

// ModelVersion names the model and its settings. Parameters saved under
// another version are not used for a warm start (statuses still are, for
// hysteresis), unless paramsCompatible says the fit is unchanged.
const ModelVersion = "bridge-mf/3"

// paramsCompatible reports whether parameters saved by version v can warm
// start this one. bridge-mf/3 changed only how statuses are decided
// (weighted evidence per side), not the loss, so bridge-mf/2 parameters
// are as good a start; reusing them keeps the first run after an upgrade
// warm, which the camouflage defence relies on.
func paramsCompatible(v string) bool { return v == ModelVersion || v == "bridge-mf/2" }

// State is what a caller persists between runs and passes back as prev:
// the fitted parameters, for a warm start, and each claim's status, for
// hysteresis. It is plain data, safe to store as JSON.
type State struct {
	ModelVersion string         `json:"modelVersion"`
	Mu           float64        `json:"mu"`
	Readers      []ReaderParams `json:"readers"` // ascending ID
	Claims       []ClaimState   `json:"claims"`  // ascending ID
}

// ReaderParams are one reader's fitted intercept (leniency: how much more
// often than others they say "holds") and factor (their lean; the sign
// names their side, which has no meaning beyond "readers who disagree with
// the other sign").
type ReaderParams struct {
	ID        int64   `json:"id"`
	Intercept float64 `json:"intercept"`
	Factor    float64 `json:"factor"`
}

// ClaimState is one claim's status and, if it was fitted, its parameters.
type ClaimState struct {
	ID        int64   `json:"id"`
	Status    Status  `json:"status"`
	Fitted    bool    `json:"fitted"`
	Intercept float64 `json:"intercept"`
	Factor    float64 `json:"factor"`
}

// warmStart is the previous state mapped onto the current dataset.
type warmStart struct {
	status      []Status  // per claim, "" if none
	claimFactor []float64 // per claim: saved factor, 0 if none
	readerPrev  []bool    // reader had saved parameters
	readerShift []float64 // saved reader factor, for orienting the sign
	used        bool      // any parameters were reused
}

// initModel builds the starting model: saved parameters where the IDs
// match, otherwise zero intercepts and small pseudo-random factors derived
// from the ID alone, so a reader's start never depends on other data.
func initModel(d *dataset, prev *State) (*model, warmStart) {
	m := newModel(d.numReaders(), d.numClaims())
	m.theta[0] = 0.5
	ri, rf, ci, cf := m.readerIntercept(), m.readerFactor(), m.claimIntercept(), m.claimFactor()
	for r, id := range d.readerIDs {
		rf[r] = initFactor(id, 0x5eed_4ead)
	}
	for c, id := range d.claimIDs {
		cf[c] = initFactor(id, 0x5eed_c1a1)
	}
	w := warmStart{
		status: make([]Status, d.numClaims()), claimFactor: make([]float64, d.numClaims()),
		readerPrev: make([]bool, d.numReaders()), readerShift: make([]float64, d.numReaders()),
	}
	if prev == nil {
		return m, w
	}
	for _, cs := range prev.Claims {
		if c, ok := slices.BinarySearch(d.claimIDs, cs.ID); ok {
			w.status[c] = cs.Status
			if cs.Fitted && paramsCompatible(prev.ModelVersion) {
				ci[c], cf[c], w.claimFactor[c] = cs.Intercept, cs.Factor, cs.Factor
			}
		}
	}
	if !paramsCompatible(prev.ModelVersion) {
		return m, w
	}
	m.theta[0] = prev.Mu
	for _, rp := range prev.Readers {
		if r, ok := slices.BinarySearch(d.readerIDs, rp.ID); ok {
			ri[r], rf[r] = rp.Intercept, rp.Factor
			w.readerPrev[r], w.readerShift[r], w.used = true, rp.Factor, true
		}
	}
	return m, w
}

// initFactor maps an ID to a factor in [−0.1, 0.1) with splitmix64, a tiny
// fixed PRNG, so initial values never change with the Go release.
func initFactor(id int64, salt uint64) float64 {
	z := uint64(id) ^ salt
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return (float64(z>>11)/(1<<53) - 0.5) * 0.2
}

// orient fixes the factor's sign, which the loss cannot see. With a
// previous state it keeps the sign that agrees with the saved reader
// factors (Σ f_new·f_saved ≥ 0), so sides keep their sign from run to run.
// On a cold start the side with more placed readers is positive; on a tie,
// the lowest-ID fitted reader with a non-zero factor is positive.
func orient(m *model, s *fitSet, w warmStart, sideMin float64) {
	rf := m.readerFactor()
	dot := 0.0
	for r, used := range s.readerUsed {
		if used && w.readerPrev[r] {
			dot += rf[r] * w.readerShift[r]
		}
	}
	if dot != 0 {
		if dot < 0 {
			m.flipSign()
		}
		return
	}
	pos, neg, first := 0, 0, 0.0
	for r, used := range s.readerUsed {
		if !used {
			continue
		}
		if first == 0 {
			first = rf[r]
		}
		switch {
		case rf[r] >= sideMin:
			pos++
		case rf[r] <= -sideMin:
			neg++
		}
	}
	if neg > pos || (neg == pos && first < 0) {
		m.flipSign()
	}
}

// newState records the fitted parameters and statuses for the next run.
// Readers of the first fit are kept (those dropped by the agreement
// filter keep their first-fit parameters), as are claims of either fit.
func newState(d *dataset, m *model, first *fitSet, statuses []Status) *State {
	st := &State{ModelVersion: ModelVersion, Mu: m.mu()}
	ri, rf, ci, cf := m.readerIntercept(), m.readerFactor(), m.claimIntercept(), m.claimFactor()
	for r, id := range d.readerIDs {
		if first.readerUsed[r] {
			st.Readers = append(st.Readers, ReaderParams{ID: id, Intercept: ri[r], Factor: rf[r]})
		}
	}
	st.Claims = make([]ClaimState, d.numClaims())
	for c, id := range d.claimIDs {
		st.Claims[c] = ClaimState{ID: id, Status: statuses[c]}
		if first.claimUsed[c] {
			st.Claims[c].Fitted, st.Claims[c].Intercept, st.Claims[c].Factor = true, ci[c], cf[c]
		}
	}
	return st
}
