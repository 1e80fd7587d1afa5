package graph

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/veredicto/veredicto/ent"
)

// fakeReads is a claim store whose reads wait until released, and count.
type fakeReads struct {
	published atomic.Uint64
	calls     atomic.Int32
	release   chan struct{}
	fail      atomic.Bool // the next shared (background) read fails
}

func (f *fakeReads) shared() *sharedClaims {
	return &sharedClaims{
		read: func(ctx context.Context, id int) (*ent.Claim, error) {
			n := f.calls.Add(1)
			<-f.release
			if f.fail.CompareAndSwap(true, false) {
				return nil, errors.New("not for anonymous readers")
			}
			// The claim's text says which read produced it and when.
			return &ent.Claim{ID: id, Text: string(rune('0' + n))}, nil
		},
		published: f.published.Load,
		reads:     map[int]*claimRead{},
	}
}

// Subscribers of one event share one read; a subscriber whose event came
// after a read started gets a read of its own; a failed shared read makes
// each subscriber read as itself; a subscriber that leaves stops waiting.
func TestSharedClaimReads(t *testing.T) {
	f := &fakeReads{release: make(chan struct{})}
	s := f.shared()
	f.published.Store(1) // event 1 published

	get := func(after uint64) <-chan *ent.Claim {
		out := make(chan *ent.Claim, 1)
		go func() {
			c, err := s.get(context.Background(), 7, after)
			if err != nil {
				t.Error(err)
			}
			out <- c
		}()
		return out
	}
	var first []<-chan *ent.Claim
	for range 50 {
		first = append(first, get(1))
	}
	waitFor(t, func() bool { return f.calls.Load() == 1 })

	// Event 2 arrives while the first read is in flight: its subscribers
	// may not take that read, which may not include event 2's change.
	f.published.Store(2)
	second := get(2)
	waitFor(t, func() bool { return f.calls.Load() == 2 })
	close(f.release)
	// Event 1's subscribers share read 1, or read 2 if they came late
	// (a read that started later includes their change too).
	for _, c := range first {
		if got := <-c; got.Text != "1" && got.Text != "2" {
			t.Errorf("a subscriber of event 1 got read %q", got.Text)
		}
	}
	if got := <-second; got.Text != "2" {
		t.Errorf("the subscriber of event 2 got read %q, want a read started after it", got.Text)
	}
	if n := f.calls.Load(); n != 2 {
		t.Errorf("%d reads for 51 subscribers of two events, want 2", n)
	}

	// A finished read still serves late subscribers of the same event.
	if got := <-get(2); got.Text != "2" || f.calls.Load() != 2 {
		t.Errorf("a late subscriber of event 2 got %q after %d reads", got.Text, f.calls.Load())
	}

	// The shared read fails: each subscriber reads as itself.
	f.published.Store(3)
	f.fail.Store(true)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if c, err := s.get(context.Background(), 7, 3); err != nil || c == nil {
				t.Errorf("after a failed shared read: %v, %v", c, err)
			}
		})
	}
	wg.Wait()
	if n := f.calls.Load(); n != 2+1+3 {
		t.Errorf("%d reads after a failed shared one, want one per subscriber more (6)", n)
	}

	// A subscriber that leaves does not wait for the read.
	f.release = make(chan struct{})
	s = f.shared()
	f.published.Store(4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.get(ctx, 7, 4); !errors.Is(err, context.Canceled) {
		t.Errorf("a subscriber that left: %v", err)
	}
	close(f.release)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
	}
}
