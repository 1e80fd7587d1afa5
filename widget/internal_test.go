package widget

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

func TestShorten(t *testing.T) {
	long := "El periodista Ignacio Escolar señaló en Twitter que TweetDeck permite mandar un mismo mensaje a varias cuentas, y preguntó si no se habría confundido quien lleva la cuenta."
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"  corto  ", 10, "corto"},
		{"exactamente diez", 16, "exactamente diez"},
		{long, 60, "El periodista Ignacio Escolar señaló en Twitter que…"},
		{"palabrasinespaciosmuylarga", 10, "palabrasi…"},
	} {
		got := shorten(c.in, c.max)
		if got != c.want || utf8.RuneCountInString(got) > c.max {
			t.Errorf("shorten(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestAcceptsGzipAndNotModified(t *testing.T) {
	for ae, want := range map[string]bool{
		"": false, "gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.8": true,
		"gzip;q=0": false, "gzip; q=0.0": false, "identity": false, "*": true, "deflate": false,
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Accept-Encoding", ae)
		if got := acceptsGzip(r); got != want {
			t.Errorf("Accept-Encoding %q: %v", ae, got)
		}
	}
	etag := `W/"abc"`
	for inm, want := range map[string]bool{
		"": false, `W/"abc"`: true, `"abc"`: true, `"x", W/"abc"`: true, "*": true, `"abcd"`: false, `W/"ab"`: false,
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("If-None-Match", inm)
		if got := notModified(r, etag); got != want {
			t.Errorf("If-None-Match %q: %v", inm, got)
		}
	}
}

func TestParseID(t *testing.T) {
	for s, want := range map[string]int{"1": 1, "8589934592": 8589934592, "0": 0, "01": 0, "-1": 0, "+1": 0, "1a": 0, "": 0, "99999999999999999999": 0} {
		got, ok := parseID(s)
		if got != want || ok != (want != 0) {
			t.Errorf("parseID(%q) = %d, %v", s, got, ok)
		}
	}
}

func TestFormatDate(t *testing.T) {
	tm := time.Date(2012, 1, 15, 10, 30, 0, 0, time.UTC)
	for _, c := range []struct{ p, es, en, attr string }{
		{"EXACT", "15 de enero de 2012, 10:30 UTC", "January 15, 2012, 10:30 UTC", "2012-01-15T10:30:00Z"},
		{"DAY", "15 de enero de 2012", "January 15, 2012", "2012-01-15"},
		{"MONTH", "enero de 2012", "January 2012", "2012-01"},
		{"YEAR", "2012", "2012", "2012"},
	} {
		if es, en, attr := formatDate(tm, c.p, "es"), formatDate(tm, c.p, "en"), dateAttr(tm, c.p); es != c.es || en != c.en || attr != c.attr {
			t.Errorf("%s: %q %q %q", c.p, es, en, attr)
		}
	}
}

func TestRatingTone(t *testing.T) {
	// Six-step: 6..1; short: 3..1.
	for _, c := range []struct {
		v, worst, best int
		want           string
	}{
		{6, 1, 6, "good"}, {5, 1, 6, "good"}, {4, 1, 6, "mixed"}, {3, 1, 6, "mixed"}, {2, 1, 6, "bad"}, {1, 1, 6, "bad"},
		{3, 1, 3, "good"}, {2, 1, 3, "mixed"}, {1, 1, 3, "bad"},
	} {
		if got := ratingTone(c.v, c.worst, c.best); got != c.want {
			t.Errorf("ratingTone(%d, %d..%d) = %s, want %s", c.v, c.worst, c.best, got, c.want)
		}
	}
}

// TestCacheInvalidateDuringLoad: a load that started before Invalidate
// answers its waiters but is not kept, so the next request loads again.
func TestCacheInvalidateDuringLoad(t *testing.T) {
	var loads atomic.Int32
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	c := newCache(100, time.Hour, func(ctx context.Context, id int) (*entry, error) {
		n := loads.Add(1)
		started <- struct{}{}
		if n == 1 {
			<-release
		}
		return &entry{data: &Data{ID: id}}, nil
	})
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.get(context.Background(), 7); err != nil {
				t.Error(err)
			}
		}()
	}
	<-started
	time.Sleep(20 * time.Millisecond) // the other four are waiting for the first load
	c.invalidate(7)
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Fatalf("%d loads for 5 concurrent misses, want 1", n)
	}
	if c.len() != 0 {
		t.Fatal("a load invalidated while in flight was cached")
	}
	if _, err := c.get(context.Background(), 7); err != nil || loads.Load() != 2 || c.len() != 1 {
		t.Fatalf("after the invalidated load: err %v, %d loads, %d cached", err, loads.Load(), c.len())
	}
}

func TestCacheErrorsAreNotCached(t *testing.T) {
	var fail atomic.Bool
	fail.Store(true)
	c := newCache(100, time.Hour, func(ctx context.Context, id int) (*entry, error) {
		if fail.Load() {
			return nil, errors.New("database down")
		}
		return &entry{data: &Data{ID: id}}, nil
	})
	if _, err := c.get(context.Background(), 1); err == nil {
		t.Fatal("no error")
	}
	fail.Store(false)
	if e, err := c.get(context.Background(), 1); err != nil || e.data.ID != 1 {
		t.Fatalf("after recovery: %v", err)
	}
}

func TestCacheEviction(t *testing.T) {
	now := time.Unix(0, 0)
	c := newCache(10, time.Minute, func(ctx context.Context, id int) (*entry, error) {
		return &entry{data: &Data{ID: id}}, nil
	})
	c.now = func() time.Time { return now }
	for i := 1; i <= 10; i++ {
		_, _ = c.get(context.Background(), i)
	}
	now = now.Add(2 * time.Minute) // all ten expire
	_, _ = c.get(context.Background(), 11)
	if n := c.len(); n != 1 {
		t.Errorf("%d entries, want only the fresh one after expired ones were evicted", n)
	}
	for i := 12; i <= 40; i++ {
		_, _ = c.get(context.Background(), i)
		if n := c.len(); n > 10 {
			t.Fatalf("%d entries, over the bound", n)
		}
	}
	if _, ok := c.m.Load(40); !ok {
		t.Error("the entry just stored was evicted")
	}
}

// TestCacheRefreshesAhead: in the last part of its TTL an entry is still
// served at once while one background load replaces it, so readers of a hot
// claim never wait for the database.
func TestCacheRefreshesAhead(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(0, 0)
	var loads atomic.Int32
	release := make(chan struct{})
	c := newCache(10, time.Minute, func(ctx context.Context, id int) (*entry, error) {
		if loads.Add(1) > 1 {
			<-release // the background reload waits until the test lets it go
		}
		return &entry{data: &Data{ID: id, EvidenceCount: int(loads.Load())}}, nil
	})
	c.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	first, _ := c.get(context.Background(), 1)
	mu.Lock()
	now = now.Add(57 * time.Second) // past refreshAt (≤ 54 s), before expiry (60 s)
	mu.Unlock()
	for range 5 {
		if e, err := c.get(context.Background(), 1); err != nil || e != first {
			t.Fatalf("in the refresh window a read got %v, %v; want the cached entry at once", e, err)
		}
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		e, _ := c.get(context.Background(), 1)
		if e != first {
			if e.data.EvidenceCount != 2 {
				t.Errorf("refreshed entry from load %d, want 2", e.data.EvidenceCount)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the entry was never refreshed")
		}
		time.Sleep(time.Millisecond)
	}
	if n := loads.Load(); n != 2 {
		t.Errorf("%d loads, want 2: one reload for all the reads in the window", n)
	}
}

// TestCacheSpreadsReloads: entries loaded at the same instant are not all
// reloaded at the same instant, and none outlives its TTL.
func TestCacheSpreadsReloads(t *testing.T) {
	now := time.Unix(0, 0)
	c := newCache(1000, time.Minute, func(ctx context.Context, id int) (*entry, error) {
		return &entry{data: &Data{ID: id}}, nil
	})
	c.now = func() time.Time { return now }
	reloads := map[int64]bool{}
	for i := 1; i <= 100; i++ {
		e, _ := c.get(context.Background(), i)
		if d := time.Duration(e.expires - now.UnixNano()); d != time.Minute {
			t.Fatalf("entry lives %v, want the TTL", d)
		}
		if d := time.Duration(e.refreshAt - now.UnixNano()); d < 30*time.Second || d > 54*time.Second {
			t.Fatalf("entry reloads after %v, want between 30 s and 54 s", d)
		}
		reloads[e.refreshAt] = true
	}
	if len(reloads) < 50 {
		t.Errorf("100 entries share %d reload instants", len(reloads))
	}
}
