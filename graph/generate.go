package graph

// ent first (it writes ent.graphql and updates gqlgen.yml), then gqlgen
// (through gqlgen.go, which then swaps two of gqlgen's calls: see there).
//go:generate go run -mod=mod ../ent/entc.go
//go:generate go run -mod=mod gqlgen.go
