package graph

import (
	"context"
	"sync"
	"time"

	"github.com/veredicto/veredicto/ent"
)

// sharedClaims reads a claim once for all the subscriptions that one change
// event reaches, instead of once per subscription: a claim followed by a
// thousand readers was a thousand identical reads for every cast batch.
//
// A read is shared only by subscribers whose event was published before the
// read started (changes.Hub.Published), so each of them gets a state that
// includes its change. The claim is read as an anonymous reader whatever the
// subscribers' roles, so that what is shared is what anyone may see; each
// subscription still resolves its nested fields (evidence, verdicts) as its
// own viewer. When the shared read fails (an anonymous reader may not see
// the claim, or it is gone), each subscriber reads the claim as itself.
type sharedClaims struct {
	read      func(ctx context.Context, id int) (*ent.Claim, error)
	published func() uint64

	mu    sync.Mutex
	reads map[int]*claimRead
}

// claimRead is one shared read of a claim.
type claimRead struct {
	// from is what Published said when the read started: it includes the
	// changes of every event up to that number.
	from  uint64
	done  chan struct{}
	claim *ent.Claim
	err   error
}

const (
	// keepRead is how long a finished read serves subscribers that get to
	// their event late (a busy websocket, a coalesced burst).
	keepRead = time.Second
	// readTimeout bounds a shared read, which no single request's context
	// may cancel for the others.
	readTimeout = 10 * time.Second
)

func newSharedClaims(client *ent.Client, published func() uint64) *sharedClaims {
	return &sharedClaims{
		read:      func(ctx context.Context, id int) (*ent.Claim, error) { return client.Claim.Get(ctx, id) },
		published: published,
		reads:     map[int]*claimRead{},
	}
}

// get returns claim id as it is after the event numbered after (or later).
func (s *sharedClaims) get(ctx context.Context, id int, after uint64) (*ent.Claim, error) {
	r := s.start(id, after)
	select {
	case <-r.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.err != nil {
		return s.read(ctx, id)
	}
	return r.claim, nil
}

// start joins a read of claim id that started after event after, or starts one.
func (s *sharedClaims) start(id int, after uint64) *claimRead {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.reads[id]; ok && r.from >= after {
		return r
	}
	r := &claimRead{from: s.published(), done: make(chan struct{})}
	s.reads[id] = r
	go s.run(id, r)
	return r
}

// run reads the claim as an anonymous reader, then keeps the read for
// keepRead.
func (s *sharedClaims) run(id int, r *claimRead) {
	ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
	r.claim, r.err = s.read(ctx, id)
	cancel()
	close(r.done)
	time.AfterFunc(keepRead, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.reads[id] == r {
			delete(s.reads, id)
		}
	})
}
