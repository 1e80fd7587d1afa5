package widget

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"
)

// entry is one claim's cached widget responses. data is nil for a claim
// that does not exist (a negative entry, kept for a short time, so that
// scans of unknown ids do not reach the database either).
type entry struct {
	data    *Data
	json    *asset
	pages   [len(pageLangs) * len(themes)]lazyAsset
	expires int64 // UnixNano
	// refreshAt is when a read starts a background reload (UnixNano);
	// refreshing is set by the read that starts it, so the others go on
	// without taking the cache's lock.
	refreshAt  int64
	refreshing atomic.Bool
}

// lazyAsset is a response rendered on first use.
type lazyAsset struct {
	once sync.Once
	a    *asset
}

// call is a load in flight; concurrent misses of the same claim wait for
// it instead of querying again.
type call struct {
	done chan struct{}
	e    *entry
	err  error
}

// cache holds entries by claim id, at most max of them, each for ttl
// (negative ones for negTTL). Reads take no lock.
type cache struct {
	m        sync.Map // int -> *entry
	mu       sync.Mutex
	n        int // entries in m, under mu
	inflight map[int]*call
	max      int
	ttl      time.Duration
	negTTL   time.Duration
	now      func() time.Time
	load     func(context.Context, int) (*entry, error)
	// loadTimeout bounds a load, which runs detached from the request
	// that started it (other requests may be waiting for it).
	loadTimeout time.Duration
}

func newCache(max int, ttl time.Duration, load func(context.Context, int) (*entry, error)) *cache {
	neg := min(ttl, 10*time.Second)
	return &cache{
		inflight: map[int]*call{}, max: max, ttl: ttl, negTTL: neg,
		now: time.Now, load: load, loadTimeout: 10 * time.Second,
	}
}

// get returns the claim's entry, loading it on a miss or after expiry.
// A hot entry is reloaded in the background before it expires
// (refresh-ahead), so its readers never wait for the database.
func (c *cache) get(ctx context.Context, id int) (*entry, error) {
	if v, ok := c.m.Load(id); ok {
		e := v.(*entry)
		if now := c.now().UnixNano(); now < e.expires {
			if now >= e.refreshAt && e.refreshing.CompareAndSwap(false, true) {
				c.refreshAhead(id, e)
			}
			return e, nil
		}
	}
	c.mu.Lock()
	var stale *entry
	if v, ok := c.m.Load(id); ok {
		stale = v.(*entry)
		if c.now().UnixNano() < stale.expires {
			c.mu.Unlock()
			return stale, nil
		}
	}
	cl := c.inflight[id]
	if cl == nil {
		cl = c.start(id)
		c.mu.Unlock()
		c.finish(ctx, id, cl)
	} else {
		c.mu.Unlock()
		select {
		case <-cl.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	// The database failing: an expired entry (never an invalidated one,
	// which is gone) is better than an error; the next request retries.
	if cl.err != nil && stale != nil {
		return stale, nil
	}
	return cl.e, cl.err
}

// refreshAhead starts a background load of id, which replaces e, unless a
// load is in flight already. A failed reload lets a later read try again.
func (c *cache) refreshAhead(id int, e *entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.inflight[id] != nil {
		return
	}
	cl := c.start(id)
	go func() {
		c.finish(context.Background(), id, cl)
		if cl.err != nil {
			e.refreshing.Store(false)
		}
	}()
}

// start registers a load of id; called with mu held.
func (c *cache) start(id int) *call {
	cl := &call{done: make(chan struct{})}
	c.inflight[id] = cl
	return cl
}

// finish runs a load started by start, keeps its result and wakes the
// requests waiting for it. The load runs detached from the request that
// started it, which others may be waiting on.
func (c *cache) finish(ctx context.Context, id int, cl *call) {
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.loadTimeout)
	cl.e, cl.err = c.load(lctx, id)
	cancel()
	c.mu.Lock()
	// An Invalidate during the load removed the call: its result may
	// predate the change, so it answers the requests waiting for it but is
	// not kept.
	if c.inflight[id] == cl {
		delete(c.inflight, id)
		if cl.err == nil {
			c.store(id, cl.e)
		}
	}
	c.mu.Unlock()
	close(cl.done)
}

// store keeps e, evicting expired entries (then arbitrary ones) when the
// cache is full. Called with mu held.
func (c *cache) store(id int, e *entry) {
	now := c.now()
	ttl := c.ttl
	if e.data == nil {
		ttl = c.negTTL
	}
	// A hot entry is reloaded at a random point between half and nine
	// tenths of its TTL: entries loaded together (a page of widgets, a
	// restart) then reload spread over 40% of the TTL instead of in one
	// wave, which took the p99 of every request with it.
	e.expires = now.Add(ttl).UnixNano()
	e.refreshAt = now.Add(ttl/2 + time.Duration(rand.Int64N(int64(ttl*2/5)+1))).UnixNano()
	if _, loaded := c.m.Swap(id, e); !loaded {
		c.n++
	}
	if c.n <= c.max {
		return
	}
	t := now.UnixNano()
	c.m.Range(func(k, v any) bool {
		if v.(*entry).expires <= t && k.(int) != id {
			c.m.Delete(k)
			c.n--
		}
		return true
	})
	// Still full: drop arbitrary entries down to 90%, which keeps the
	// cost of a full cache's insertions amortised.
	target := c.max * 9 / 10
	c.m.Range(func(k, _ any) bool {
		if c.n <= target {
			return false
		}
		if k.(int) != id {
			c.m.Delete(k)
			c.n--
		}
		return true
	})
}

// invalidate drops the claim's entry and disowns a load in flight.
func (c *cache) invalidate(id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m.LoadAndDelete(id); ok {
		c.n--
	}
	delete(c.inflight, id)
}

// clear drops every entry and disowns every load in flight.
func (c *cache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m.Clear()
	c.n = 0
	clear(c.inflight)
}

// len is the number of entries held.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
