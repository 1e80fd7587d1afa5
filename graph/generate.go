package graph

// ent first (it writes ent.graphql and updates gqlgen.yml), then gqlgen
// (through gqlgen.go, which also makes lists marshal in order).
//go:generate go run -mod=mod ../ent/entc.go
//go:generate go run -mod=mod gqlgen.go
