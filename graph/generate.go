package graph

// ent first (it writes ent.graphql and updates gqlgen.yml), then gqlgen.
//go:generate go run -mod=mod ../ent/entc.go
//go:generate go tool gqlgen --config gqlgen.yml
