// Package migrations embeds the versioned SQL migrations generated from
// ent/schema (see ../main.go), so the binary carries them.
package migrations

import "embed"

// FS holds the migration files and their atlas.sum.
//
//go:embed *.sql atlas.sum
var FS embed.FS
