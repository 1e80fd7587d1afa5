package verdict

import (
	"math"
	"sync"
)

// Regularisation of the Community Notes style loss
//
//	mean((r̂ − y)²) + λf·(mean f_reader² + mean f_claim²)
//	               + λi·(mean i_reader² + mean i_claim² + μ²)
//
// The intercept penalty is five times the factor penalty: explaining a
// verdict pattern through the factor is cheaper than through the claim
// intercept, so the intercept keeps only agreement that the readers' lean
// cannot explain, i.e. agreement across perspectives.
const (
	lambdaFactor    = 0.03
	lambdaIntercept = 0.15
)

// Adam settings. Full batch and a fixed number of shards make every epoch a
// deterministic function of the data.
const (
	adamBeta1    = 0.9
	adamBeta2    = 0.999
	adamEpsilon  = 1e-8
	convergeStep = 10 // compare the loss every this many epochs
)

// model holds all parameters in one flat vector so Adam is one loop:
// μ, reader intercepts, reader factors, claim intercepts, claim factors.
// Readers and claims use the dataset's indices.
type model struct {
	nr, nc int
	theta  []float64
}

func newModel(nr, nc int) *model {
	return &model{nr: nr, nc: nc, theta: make([]float64, 1+2*nr+2*nc)}
}

func (m *model) mu() float64                { return m.theta[0] }
func (m *model) readerIntercept() []float64 { return m.theta[1 : 1+m.nr] }
func (m *model) readerFactor() []float64    { return m.theta[1+m.nr : 1+2*m.nr] }
func (m *model) claimIntercept() []float64  { return m.theta[1+2*m.nr : 1+2*m.nr+m.nc] }
func (m *model) claimFactor() []float64     { return m.theta[1+2*m.nr+m.nc:] }

// flipSign negates every factor; predictions do not change.
func (m *model) flipSign() {
	for _, fs := range [][]float64{m.readerFactor(), m.claimFactor()} {
		for i := range fs {
			fs[i] = -fs[i]
		}
	}
}

// fitSet is the subset of ratings one fit uses, sorted by claim.
type fitSet struct {
	reader, claim []int32
	y             []float64
	shards        []int     // shard s is ratings [shards[s], shards[s+1])
	regW          []float64 // per parameter: λ/(number of such parameters), 0 if unused
	readerUsed    []bool
	claimUsed     []bool
	numReaders    int // readers with at least one rating in the set
	numClaims     int
}

// parallelMin is the set size from which a fit splits the epoch over two
// shards. The split depends only on the data, never on the CPU count, so
// results are identical on any machine.
const parallelMin = 40_000

// newFitSet keeps the ratings whose reader and claim are both allowed.
func newFitSet(d *dataset, readerOK, claimOK []bool) *fitSet {
	s := &fitSet{readerUsed: make([]bool, d.numReaders()), claimUsed: make([]bool, d.numClaims())}
	n := 0
	for i := range d.reader {
		if readerOK[d.reader[i]] && claimOK[d.claim[i]] {
			n++
		}
	}
	s.reader, s.claim, s.y = make([]int32, 0, n), make([]int32, 0, n), make([]float64, 0, n)
	for i := range d.reader {
		r, c := d.reader[i], d.claim[i]
		if !readerOK[r] || !claimOK[c] {
			continue
		}
		s.reader, s.claim, s.y = append(s.reader, r), append(s.claim, c), append(s.y, d.value[i])
		s.readerUsed[r], s.claimUsed[c] = true, true
	}
	s.numReaders, s.numClaims = countTrue(s.readerUsed), countTrue(s.claimUsed)
	s.shards = splitAtClaims(s.claim, 1+len(s.claim)/parallelMin)
	s.regW = regWeights(d.numReaders(), d.numClaims(), s)
	return s
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// splitAtClaims cuts the ratings into at most two shards at a claim
// boundary, so each claim's gradient is summed within one shard.
func splitAtClaims(claim []int32, want int) []int {
	n := len(claim)
	if want < 2 || n == 0 {
		return []int{0, n}
	}
	cut := n / 2
	for cut < n && cut > 0 && claim[cut] == claim[cut-1] {
		cut++
	}
	return []int{0, cut, n}
}

// regWeights gives each parameter its λ divided by how many parameters of
// its kind the fit uses, which turns the sums into the loss's means.
func regWeights(nr, nc int, s *fitSet) []float64 {
	w := make([]float64, 1+2*nr+2*nc)
	w[0] = lambdaIntercept
	for r, used := range s.readerUsed {
		if used {
			w[1+r] = lambdaIntercept / float64(s.numReaders)
			w[1+nr+r] = lambdaFactor / float64(s.numReaders)
		}
	}
	for c, used := range s.claimUsed {
		if used {
			w[1+2*nr+c] = lambdaIntercept / float64(s.numClaims)
			w[1+2*nr+nc+c] = lambdaFactor / float64(s.numClaims)
		}
	}
	return w
}

// fitConfig bounds one fit.
type fitConfig struct {
	learningRate float64
	maxEpochs    int
	tolerance    float64 // stop when the loss improves by less than this fraction over convergeStep epochs
}

// fitStats describes how one fit went.
type fitStats struct {
	Epochs int
	Loss   float64
}

// fitter runs full-batch Adam on a model over a fitSet.
type fitter struct {
	m          *model
	s          *fitSet
	grad, mom  []float64
	vel        []float64
	shardGrad  [][]float64 // per extra shard: reader intercept and factor gradients
	shardLoss  []float64
	shardMu    []float64
	b1t, b2t   float64
	learnRate  float64
	dataWeight float64 // 2/N: derivative of the mean of squares
}

func fit(m *model, s *fitSet, cfg fitConfig) fitStats {
	if len(s.y) == 0 {
		return fitStats{}
	}
	f := &fitter{
		m: m, s: s,
		grad: make([]float64, len(m.theta)), mom: make([]float64, len(m.theta)), vel: make([]float64, len(m.theta)),
		shardLoss: make([]float64, len(s.shards)-1), shardMu: make([]float64, len(s.shards)-1),
		b1t: 1, b2t: 1, learnRate: cfg.learningRate, dataWeight: 2 / float64(len(s.y)),
	}
	for range len(s.shards) - 2 {
		f.shardGrad = append(f.shardGrad, make([]float64, 2*m.nr))
	}
	prev := math.Inf(1)
	for epoch := 1; epoch <= cfg.maxEpochs; epoch++ {
		loss := f.step()
		if epoch%convergeStep == 0 {
			if prev-loss < cfg.tolerance*prev {
				return fitStats{Epochs: epoch, Loss: loss}
			}
			prev = loss
		}
	}
	return fitStats{Epochs: cfg.maxEpochs, Loss: f.loss()}
}

// step computes the full gradient and applies one Adam update. It returns
// the loss before the update.
func (f *fitter) step() float64 {
	mse := f.gradient()
	return mse + f.adam()
}

// loss evaluates the loss at the current parameters without updating.
func (f *fitter) loss() float64 {
	mse := f.gradient()
	reg := 0.0
	for j, t := range f.m.theta {
		reg += f.s.regW[j] * t * t
	}
	return mse + reg
}

// gradient fills f.grad with the sums of residuals (not yet scaled) and
// returns the mean squared error. Shards run concurrently; their reader
// gradients and losses are added in shard order, so the result does not
// depend on scheduling.
func (f *fitter) gradient() float64 {
	clear(f.grad)
	nr := f.m.nr
	var wg sync.WaitGroup
	for sh := 1; sh < len(f.s.shards)-1; sh++ {
		wg.Go(func() {
			buf := f.shardGrad[sh-1]
			clear(buf)
			f.shardLoss[sh], f.shardMu[sh] = f.accumulate(sh, buf[:nr], buf[nr:])
		})
	}
	f.shardLoss[0], f.shardMu[0] = f.accumulate(0, f.grad[1:1+nr], f.grad[1+nr:1+2*nr])
	wg.Wait()
	for _, buf := range f.shardGrad {
		for r, g := range buf {
			f.grad[1+r] += g
		}
	}
	loss := 0.0
	for sh := range f.shardLoss {
		loss += f.shardLoss[sh]
		f.grad[0] += f.shardMu[sh]
	}
	return loss / float64(len(f.s.y))
}

// accumulate is the hot loop: residuals of one shard's ratings, added into
// the given reader gradient slices and into the shared claim gradients
// (each claim lies in exactly one shard).
func (f *fitter) accumulate(sh int, gri, grf []float64) (sq, sum float64) {
	m, s := f.m, f.s
	mu, ri, rf, ci, cf := m.mu(), m.readerIntercept(), m.readerFactor(), m.claimIntercept(), m.claimFactor()
	nr, nc := m.nr, m.nc
	gci, gcf := f.grad[1+2*nr:1+2*nr+nc], f.grad[1+2*nr+nc:]
	lo, hi := f.s.shards[sh], f.s.shards[sh+1]
	for k := lo; k < hi; k++ {
		r, c := s.reader[k], s.claim[k]
		e := mu + ri[r] + ci[c] + rf[r]*cf[c] - s.y[k]
		sq += e * e
		sum += e
		gri[r] += e
		grf[r] += e * cf[c]
		gci[c] += e
		gcf[c] += e * rf[r]
	}
	return sq, sum
}

// adam applies one update from f.grad and returns the regularisation part
// of the loss at the parameters before the update.
func (f *fitter) adam() float64 {
	f.b1t *= adamBeta1
	f.b2t *= adamBeta2
	c1, c2 := 1/(1-f.b1t), 1/(1-f.b2t)
	reg := 0.0
	theta, regW, grad, mom, vel := f.m.theta, f.s.regW, f.grad, f.mom, f.vel
	for j, t := range theta {
		reg += regW[j] * t * t
		g := grad[j]*f.dataWeight + 2*regW[j]*t
		mom[j] = adamBeta1*mom[j] + (1-adamBeta1)*g
		vel[j] = adamBeta2*vel[j] + (1-adamBeta2)*g*g
		theta[j] = t - f.learnRate*(mom[j]*c1)/(math.Sqrt(vel[j]*c2)+adamEpsilon)
	}
	return reg
}
