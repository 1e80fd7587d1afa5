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
# Generated code (ent, gqlgen) is not ours to fix: findings in files whose
# first line says "Code generated ... DO NOT EDIT." are dropped; every other
# finding fails the lint.
findings="$("$GO" tool staticcheck ./... 2>&1)" || true
ours=""
while IFS= read -r line; do
	[[ -z "$line" ]] && continue
	file="${line%%:*}"
	if [[ -f "$file" ]] && head -n 3 "$file" | grep -q '^// Code generated .* DO NOT EDIT\.$'; then
		continue
	fi
	ours+="$line"$'\n'
done <<<"$findings"
if [[ -n "$ours" ]]; then
	printf 'lint: staticcheck found:\n%s' "$ours" >&2
	exit 1
fi
echo "lint: staticcheck ok"
