// Package genswap replaces calls in generated Go files, for the generators
// whose templates cannot be replaced (graph/gqlgen.go, ent/entc.go): a
// call of a library function becomes a call of Veredicto's function with
// the same signature and results.
package genswap

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"

	"golang.org/x/tools/go/ast/astutil"
)

// Call is one swap: every From (e.g. "graphql.CollectFields(") becomes To
// (e.g. "collect.Fields("), whose package is imported from Import.
type Call struct {
	From, To, Import string
}

// The swaps Veredicto's generators make, each explained in its package.
var (
	// MarshalListsInOrder: gqlgen's executor marshals lists without a
	// goroutine per element (graph/inorder).
	MarshalListsInOrder = Call{From: "graphql.MarshalSliceConcurrently(", To: "inorder.MarshalSlice(",
		Import: "github.com/veredicto/veredicto/graph/inorder"}
	// CollectFieldsOnce: gqlgen's executor and entgql's field collection
	// keep collected fields across requests (internal/collect).
	CollectFieldsOnce = Call{From: "graphql.CollectFields(", To: "collect.Fields(",
		Import: "github.com/veredicto/veredicto/internal/collect"}
)

// Apply makes each swap in file. It fails when file holds no From any
// more, so that a generator's upgrade cannot quietly undo a swap.
func Apply(file string, calls ...Call) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	imports := make([]string, 0, len(calls))
	for _, c := range calls {
		if !bytes.Contains(src, []byte(c.From)) {
			return fmt.Errorf("%s calls no %s any more: check %s against it", file, c.From, c.Import)
		}
		src = bytes.ReplaceAll(src, []byte(c.From), []byte(c.To))
		imports = append(imports, c.Import)
	}
	if src, err = addImports(src, imports); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return os.WriteFile(file, src, 0o644)
}

// addImports adds the imports of paths to the Go source src, each in the
// group astutil finds for it (the module's own packages, in generated
// files). The source is parsed once: gqlgen's executor is megabytes.
func addImports(src []byte, paths []string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		astutil.AddImport(fset, f, path)
	}
	var out bytes.Buffer
	if err := format.Node(&out, fset, f); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
