// Package collect is gqlgen's field collection (graphql.CollectFields) with
// its results kept across requests.
//
// gqlgen collects the fields of every selection set it executes, and
// entgql's generated code collects them again, level by level, to choose
// the columns and edges to load. gqlgen caches the results only for one
// request, so the same query document is collected anew by every request:
// about 5% of the server's CPU on a claim page. The parsed documents
// themselves are cached across requests (graph's query cache), so their
// selection sets are the same memory from one request to the next, and the
// collection of a selection set without directives depends on nothing else
// than the set and the type names it is collected for.
//
// The generated code calls Fields instead of graphql.CollectFields
// (graph/gqlgen.go and ent/entc.go make the swap).
package collect

import (
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// size bounds the selection sets remembered: a few per object type of each
// cached document. Past it the cache starts again empty: cheaper than an
// LRU's lock and list on every hit (an LRU cost half of what it saved),
// and it only happens when far more documents are in use than the query
// cache keeps.
const size = 4096

// key names a selection set by its memory, and the type names by a hash of
// their text (generated code passes the same names in new slices).
type key struct {
	sel       *ast.Selection
	n         int
	satisfies uint64
}

// entry keeps the selection set it was collected from: that keeps its
// memory from being reused for another set while the entry exists, and the
// type names are compared in full on a hit.
type entry struct {
	sel       ast.SelectionSet
	satisfies []string
	fields    []graphql.CollectedField
}

var (
	cache   sync.Map // key → *entry
	entries atomic.Int64
)

// Fields returns graphql.CollectFields(oc, sel, satisfies), from the cache
// when sel was collected for the same types before. Selection sets with a
// directive anywhere in what collecting them reads (@include, @skip and
// @defer depend on the request's variables) are collected every time.
// The result is shared: callers must not modify it, as gqlgen's own cache
// already requires.
func Fields(oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	if len(sel) == 0 || oc == nil {
		return graphql.CollectFields(oc, sel, satisfies)
	}
	k := key{sel: unsafe.SliceData(sel), n: len(sel), satisfies: hash(satisfies)}
	if e, ok := cache.Load(k); ok && slices.Equal(e.(*entry).satisfies, satisfies) {
		return e.(*entry).fields
	}
	fields := graphql.CollectFields(oc, sel, satisfies)
	if plain(oc.Doc, sel, map[string]bool{}) {
		remember(k, &entry{sel: sel, satisfies: slices.Clone(satisfies), fields: fields})
	}
	return fields
}

func remember(k key, e *entry) {
	if entries.Add(1) > size {
		cache.Clear()
		entries.Store(1)
	}
	cache.Store(k, e)
}

// plain reports whether collecting sel reads no directive: none on its
// fields, and none on or within the fragments it spreads or inlines, which
// collecting walks into (visited guards against a fragment cycle).
func plain(doc *ast.QueryDocument, sel ast.SelectionSet, visited map[string]bool) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if len(s.Directives) > 0 {
				return false
			}
		case *ast.InlineFragment:
			if len(s.Directives) > 0 || !plain(doc, s.SelectionSet, visited) {
				return false
			}
		case *ast.FragmentSpread:
			if len(s.Directives) > 0 {
				return false
			}
			if visited[s.Name] {
				continue
			}
			visited[s.Name] = true
			f := fragment(doc, s.Name)
			if f == nil || len(f.Directives) > 0 || !plain(doc, f.SelectionSet, visited) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func fragment(doc *ast.QueryDocument, name string) *ast.FragmentDefinition {
	if doc == nil {
		return nil
	}
	return doc.Fragments.ForName(name)
}

// hash is FNV-1a over the type names, each ended by a zero byte.
func hash(names []string) uint64 {
	h := uint64(14695981039346656037)
	for _, name := range names {
		for i := 0; i < len(name); i++ {
			h = (h ^ uint64(name[i])) * 1099511628211
		}
		h *= 1099511628211
	}
	return h
}
