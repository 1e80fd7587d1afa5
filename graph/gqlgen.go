//go:build ignore

// gqlgen.go runs gqlgen as `go tool gqlgen --config gqlgen.yml` would, then
// swaps two of gqlgen's runtime calls in the generated executor for
// Veredicto's, which have the same signatures and results:
//   - graphql.MarshalSliceConcurrently becomes inorder.MarshalSlice, which
//     marshals a list without a goroutine per element (graph/inorder);
//   - graphql.CollectFields becomes collect.Fields, which keeps collected
//     fields across requests (internal/collect).
//
// gqlgen's templates are embedded in gqlgen and cannot be replaced, so the
// change is made to the generated file, and the check that generating
// changes nothing (make check-generated) keeps it applied. It runs from
// graph/generate.go, so paths are relative to graph/.
package main

import (
	"io"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"

	"github.com/veredicto/veredicto/internal/genswap"
)

func main() {
	log.SetFlags(0)
	// gqlgen reports its progress through the standard logger; like
	// gqlgen's own command, this one prints only a failure.
	log.SetOutput(io.Discard)
	cfg, err := config.LoadConfig("gqlgen.yml")
	if err == nil {
		err = api.Generate(cfg)
	}
	if err == nil {
		err = genswap.Apply(cfg.Exec.Filename, genswap.MarshalListsInOrder, genswap.CollectFieldsOnce)
	}
	if err != nil {
		log.SetOutput(os.Stderr)
		log.Fatalf("gqlgen: %v", err)
	}
}
