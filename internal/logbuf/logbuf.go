// Package logbuf buffers log output. A busy server logs a line per request;
// written one system call a line, the log costs a widget read about as much
// as serving it. Buffered, lines leave in large writes: every Interval,
// whenever the buffer fills, and at once for warnings and errors, so what
// an operator needs to see first is never held back.
package logbuf

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Interval is the longest an info line waits in the buffer.
const Interval = 200 * time.Millisecond

// Writer is an io.Writer that buffers whole writes; safe for concurrent
// use. Each Write reaches the destination whole and in order.
type Writer struct {
	mu  sync.Mutex
	buf *bufio.Writer
}

// New returns a Writer buffering up to size bytes for dst.
func New(dst io.Writer, size int) *Writer {
	return &Writer{buf: bufio.NewWriterSize(dst, size)}
}

// Write buffers p. A line longer than the buffer goes straight through.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// Flush writes what is buffered.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Flush()
}

// Run flushes every Interval until ctx ends, then once more.
func (w *Writer) Run(ctx context.Context) {
	t := time.NewTicker(Interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			_ = w.Flush()
		case <-ctx.Done():
			_ = w.Flush()
			return
		}
	}
}

// Handler wraps h, whose output goes to w, so that records at warning
// level and above are flushed as soon as they are written.
func Handler(h slog.Handler, w *Writer) slog.Handler {
	return flushing{Handler: h, w: w}
}

type flushing struct {
	slog.Handler
	w *Writer
}

func (f flushing) Handle(ctx context.Context, r slog.Record) error {
	err := f.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		if ferr := f.w.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}

func (f flushing) WithAttrs(as []slog.Attr) slog.Handler {
	return flushing{Handler: f.Handler.WithAttrs(as), w: f.w}
}

func (f flushing) WithGroup(name string) slog.Handler {
	return flushing{Handler: f.Handler.WithGroup(name), w: f.w}
}
