// Package model holds the Go types gqlgen generates for GraphQL types that
// are not ent entities.
package model
