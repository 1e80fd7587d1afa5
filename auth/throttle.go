package auth

import (
	"math"
	"sync"
	"time"
)

// Throttle limits how often something may happen per key (an account, an
// IP address): a token bucket per key holding up to Burst tokens, refilled
// at Burst per Per. It lives in memory, per instance: behind several
// instances the effective limit is multiplied by their number, which still
// bounds password guessing to a handful per minute.
type Throttle struct {
	Burst float64
	Per   time.Duration

	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
	swept   time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewThrottle returns a throttle allowing burst events per period per key.
func NewThrottle(burst int, per time.Duration) *Throttle {
	return &Throttle{Burst: float64(burst), Per: per, buckets: map[string]*bucket{}, now: time.Now}
}

// Check reports whether one more event for key is allowed now, without
// spending it; when not, it says how long until one is.
func (t *Throttle) Check(key string) (ok bool, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.refill(key)
	if b.tokens >= 1 {
		return true, 0
	}
	return false, t.wait(b)
}

// Spend uses one event for key (a failed login), allowed or not.
func (t *Throttle) Spend(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.refill(key)
	b.tokens = math.Max(b.tokens-1, 0)
}

// Take checks and spends in one step: it reports whether the event is
// allowed and spends a token if so.
func (t *Throttle) Take(key string) (ok bool, retryAfter time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b := t.refill(key)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, t.wait(b)
}

// Reset forgets key (a successful login clears the account's failures).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.buckets, key)
}

func (t *Throttle) rate() float64 { return t.Burst / t.Per.Seconds() }

func (t *Throttle) wait(b *bucket) time.Duration {
	secs := (1 - b.tokens) / t.rate()
	return time.Duration(math.Ceil(secs)) * time.Second
}

// refill brings key's bucket up to date; must hold t.mu.
func (t *Throttle) refill(key string) *bucket {
	now := t.now()
	t.sweep(now)
	b, ok := t.buckets[key]
	if !ok {
		b = &bucket{tokens: t.Burst, at: now}
		t.buckets[key] = b
		return b
	}
	b.tokens = math.Min(t.Burst, b.tokens+now.Sub(b.at).Seconds()*t.rate())
	b.at = now
	return b
}

// sweep drops full buckets once per period so memory stays bounded by the
// keys active in the last period; must hold t.mu.
func (t *Throttle) sweep(now time.Time) {
	if now.Sub(t.swept) < t.Per {
		return
	}
	t.swept = now
	for k, b := range t.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*t.rate() >= t.Burst {
			delete(t.buckets, k)
		}
	}
}
