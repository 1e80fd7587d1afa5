//go:build ignore

// gqlgen.go runs gqlgen as `go tool gqlgen --config gqlgen.yml` would, then
// makes the generated executor marshal lists in order (graph/inorder): every
// call of graphql.MarshalSliceConcurrently becomes inorder.MarshalSlice,
// which has the same signature and results without a goroutine per element.
// gqlgen's templates are embedded in gqlgen and cannot be replaced, so the
// change is made to the generated file, and the check that generating
// changes nothing (make check-generated) keeps it applied. It runs from
// graph/generate.go, so paths are relative to graph/.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
	"golang.org/x/tools/go/ast/astutil"
)

const (
	concurrent = "graphql.MarshalSliceConcurrently("
	inOrder    = "inorder.MarshalSlice("
	importPath = "github.com/veredicto/veredicto/graph/inorder"
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
		err = marshalListsInOrder(cfg.Exec.Filename)
	}
	if err != nil {
		log.SetOutput(os.Stderr)
		log.Fatalf("gqlgen: %v", err)
	}
}

// marshalListsInOrder rewrites the generated executor in file. It fails when
// gqlgen no longer generates the call it replaces, so that a gqlgen upgrade
// cannot quietly bring back a goroutine per list element.
func marshalListsInOrder(file string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if !bytes.Contains(src, []byte(concurrent)) {
		return fmt.Errorf("%s calls no %s any more: check graph/inorder against gqlgen's list marshalling", file, concurrent)
	}
	src = bytes.ReplaceAll(src, []byte(concurrent), []byte(inOrder))
	src, err = addImport(src, importPath)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return os.WriteFile(file, src, 0o644)
}

// addImport adds the import of path to the Go source src, in the group
// astutil finds for it (the module's own packages, in gqlgen's output).
func addImport(src []byte, path string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	astutil.AddImport(fset, f, path)
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
