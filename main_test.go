package main

import (
	"runtime/debug"
	"testing"
)

// TestTuneGC: serving collects less often under a soft memory limit, and
// GOGC and GOMEMLIMIT, when set, win.
func TestTuneGC(t *testing.T) {
	percent, limit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	tuneGC()
	if p, l := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); p != 800 || l != 100<<20 {
		t.Errorf("defaults: GC percent %d, memory limit %d; want 800 and 100 MiB", p, l)
	}

	debug.SetGCPercent(150)
	debug.SetMemoryLimit(1 << 30)
	t.Setenv("GOGC", "150")
	t.Setenv("GOMEMLIMIT", "1GiB")
	tuneGC()
	if p, l := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); p != 150 || l != 1<<30 {
		t.Errorf("with GOGC and GOMEMLIMIT set: GC percent %d, memory limit %d; want theirs", p, l)
	}
}
