//go:build pprof

package main

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"os"
)

// A binary built with -tags pprof serves Go's profiles on $PPROF_ADDR
// (e.g. 127.0.0.1:6060), apart from the application's own listener and
// mux, so that the server can be profiled under the benchmark's load.
// Release builds leave it out: profiles show the code's internals.
func init() {
	addr := os.Getenv("PPROF_ADDR")
	if addr == "" {
		return
	}
	go func() {
		slog.Info("serving profiles", "addr", addr)
		if err := http.ListenAndServe(addr, nil); err != nil {
			slog.Error("profiles listener failed", "err", err)
		}
	}()
}
