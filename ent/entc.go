//go:build ignore

// entc.go generates the ent client and the GraphQL schema of the ent graph
// (ent.graphql), then swaps gqlgen's graphql.CollectFields in entgql's
// field collection for collect.Fields, which keeps collected fields across
// requests (internal/collect; graph/gqlgen.go makes the same swap in
// gqlgen's executor). It runs from graph/generate.go, so paths are
// relative to graph/.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"github.com/veredicto/veredicto/internal/genswap"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("./gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(false),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	err = entc.Generate("../ent/schema", &gen.Config{
		Target:  "../ent",
		Package: "github.com/veredicto/veredicto/ent",
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureGlobalID,
			gen.FeatureVersionedMigration,
			gen.FeatureUpsert,
			gen.FeatureLock,
			gen.FeatureModifier,
			gen.FeatureExecQuery,
			gen.FeatureIntercept,
			gen.FeatureNamedEdges,
		},
	}, entc.Extensions(ex), entc.TemplateFiles("../ent/template/load_total.tmpl", "../ent/template/unique_join.tmpl"))
	if err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
	for _, file := range []string{"../ent/gql_collection.go", "../ent/gql_pagination.go"} {
		if err := genswap.Apply(file, genswap.CollectFieldsOnce); err != nil {
			log.Fatalf("ent codegen: %v", err)
		}
	}
}
