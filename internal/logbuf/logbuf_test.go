package logbuf

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the flusher goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestInfoWaitsWarningsDoNot(t *testing.T) {
	var dst syncBuffer
	w := New(&dst, 1<<16)
	log := slog.New(Handler(slog.NewJSONHandler(w, nil), w).WithAttrs([]slog.Attr{slog.String("app", "v")}))
	log.Info("request", "path", "/a")
	if got := dst.String(); got != "" {
		t.Fatalf("an info line was written at once: %q", got)
	}
	log.Warn("database slow")
	got := dst.String()
	if !strings.Contains(got, `"path":"/a"`) || !strings.Contains(got, `"msg":"database slow"`) || strings.Count(got, "\n") != 2 {
		t.Fatalf("a warning did not flush both lines in order: %q", got)
	}
}

func TestRunFlushesPeriodicallyAndAtTheEnd(t *testing.T) {
	var dst syncBuffer
	w := New(&dst, 1<<16)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	_, _ = w.Write([]byte("one\n"))
	deadline := time.Now().Add(5 * time.Second)
	for dst.String() != "one\n" {
		if time.Now().After(deadline) {
			t.Fatal("never flushed by the ticker")
		}
		time.Sleep(10 * time.Millisecond)
	}
	_, _ = w.Write([]byte("two\n"))
	cancel()
	<-done
	if got := dst.String(); got != "one\ntwo\n" {
		t.Errorf("after Run ended: %q", got)
	}
}

// TestConcurrentLinesStayWhole: lines written side by side never interleave,
// even when they outgrow the buffer.
func TestConcurrentLinesStayWhole(t *testing.T) {
	var dst syncBuffer
	w := New(&dst, 64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			line := strings.Repeat(string(rune('a'+g)), 50+g*10) + "\n"
			for range 100 {
				_, _ = w.Write([]byte(line))
			}
		}()
	}
	wg.Wait()
	_ = w.Flush()
	lines := strings.Split(strings.TrimSuffix(dst.String(), "\n"), "\n")
	if len(lines) != 800 {
		t.Fatalf("%d lines, want 800", len(lines))
	}
	for _, l := range lines {
		if strings.Trim(l, l[:1]) != "" {
			t.Fatalf("a mixed line: %q", l)
		}
	}
}
