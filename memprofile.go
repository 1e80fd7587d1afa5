//go:build !pprof

package main

import "runtime"

// A release build has no way to serve a heap profile (pprof.go is built
// only with -tags pprof), so it does not sample allocations for one: the
// runtime otherwise records the stack of one allocation in every 512 KiB,
// about 2% of the server's CPU under the claim read of `make bench`.
func init() { runtime.MemProfileRate = 0 }
