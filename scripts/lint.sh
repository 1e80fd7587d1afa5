#!/usr/bin/env bash
# Usage: scripts/lint.sh
# gofmt (no file may need formatting), go vet and staticcheck (pinned in
# go.mod's tool block, so everyone runs the same version) over the module.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GO="${GO:-go}"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 || {
	echo "lint: needs a git checkout (it formats-checks the files git tracks)" >&2
	exit 1
}

# Tracked and new Go files, as git sees them: this skips node_modules, .dev
# and other ignored trees, which `gofmt -l .` would walk. testdata may hold
# deliberately odd Go files.
files=()
while IFS= read -r -d '' f; do
	[[ -f "$f" ]] && files+=("$f") # a tracked file may be deleted in the tree
done < <(git ls-files -z --cached --others --exclude-standard -- '*.go' ':!:**/testdata/**' ':!:testdata/**')

if ((${#files[@]} > 0)); then
	unformatted="$(gofmt -l -- "${files[@]}")"
	if [[ -n "$unformatted" ]]; then
		echo "lint: these files need gofmt (run: gofmt -w FILE...):" >&2
		sed 's/^/    /' <<<"$unformatted" >&2
		exit 1
	fi
fi
echo "lint: gofmt ok"
"$GO" vet ./...
echo "lint: go vet ok"
"$GO" tool staticcheck ./...
echo "lint: staticcheck ok"
