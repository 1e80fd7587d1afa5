//go:build !pprof

package main

import (
	"runtime"
	"testing"
)

// A release build samples no allocations for heap profiles it cannot serve.
func TestReleaseBuildSamplesNoAllocations(t *testing.T) {
	if runtime.MemProfileRate != 0 {
		t.Errorf("runtime.MemProfileRate = %d, want 0 without -tags pprof", runtime.MemProfileRate)
	}
}
