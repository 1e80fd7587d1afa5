// Marks node_modules as a module of its own, so `go build ./...`, `go vet
// ./...` and `go test ./...` from the repository root skip it instead of
// walking (and possibly compiling) the .go files some npm packages ship.
import { existsSync, writeFileSync } from 'node:fs';

if (existsSync('node_modules')) {
  writeFileSync('node_modules/go.mod', 'module ignore/node_modules\n');
}
