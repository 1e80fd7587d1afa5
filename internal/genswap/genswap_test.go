package genswap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const generated = `package generated

import (
	"github.com/99designs/gqlgen/graphql"
)

func f() { graphql.CollectFields(nil, nil, nil); graphql.CollectFields(nil, nil, nil) }
`

var collect = Call{From: "graphql.CollectFields(", To: "collect.Fields(", Import: "example.com/collect"}

// Every call is swapped and the replacement's package imported.
func TestApply(t *testing.T) {
	file := filepath.Join(t.TempDir(), "generated.go")
	if err := os.WriteFile(file, []byte(generated), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Apply(file, collect); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(out)
	if strings.Contains(src, collect.From) || strings.Count(src, collect.To) != 2 || !strings.Contains(src, `"example.com/collect"`) {
		t.Errorf("after Apply:\n%s", src)
	}
}

// A file without the call fails, and is left as it was.
func TestApplyRefusesAFileWithoutTheCall(t *testing.T) {
	file := filepath.Join(t.TempDir(), "generated.go")
	src := strings.ReplaceAll(generated, "CollectFields", "Other")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Apply(file, collect); err == nil || !strings.Contains(err.Error(), "calls no graphql.CollectFields(") {
		t.Errorf("Apply: %v", err)
	}
	if out, _ := os.ReadFile(file); string(out) != src {
		t.Errorf("the file changed:\n%s", out)
	}
}

// Several swaps in one file each get their import.
func TestApplySeveral(t *testing.T) {
	file := filepath.Join(t.TempDir(), "generated.go")
	src := strings.Replace(generated, "graphql.CollectFields(nil, nil, nil); ", "graphql.MarshalSliceConcurrently(nil, 0, 0, false, nil); ", 1)
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Apply(file, MarshalListsInOrder, CollectFieldsOnce); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(file)
	for _, want := range []string{"inorder.MarshalSlice(", "collect.Fields(", `"` + MarshalListsInOrder.Import + `"`, `"` + CollectFieldsOnce.Import + `"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %s after Apply:\n%s", want, out)
		}
	}
}
