#!/usr/bin/env bash
# Usage: scripts/check-generated.sh GENERATE-COMMAND...
#
# Runs the code generators (e.g. `make generate`) and fails if that changed,
# created or deleted any generated file: the committed generated code must be
# what the generators make from the committed sources.
#
# It compares content hashes taken before and after generating rather than
# asking `git status` afterwards, so a tree that is already dirty from your
# own edits (say, regenerated code you have not committed yet) is not blamed:
# only what the generators change now counts. No stash, nothing is reset.
set -euo pipefail

# Generated outputs: ent's code, gqlgen's code and schemas, and the
# frontend's GraphQL codegen.
readonly GENERATED=(ent graph schema.graphql ent.graphql frontend/src/gql)

(($# > 0)) || {
	echo "usage: $0 GENERATE-COMMAND..." >&2
	exit 2
}
cd "$(dirname "${BASH_SOURCE[0]}")/.."
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
	{
		echo "check-generated: needs a git checkout (it compares against tracked files)" >&2
		exit 1
	}

# snapshot prints "HASH  PATH" for every tracked or new (not ignored) file
# under the generated paths, and "deleted  PATH" for tracked files missing.
snapshot() {
	local f present=()
	while IFS= read -r -d '' f; do
		if [[ -f "$f" ]]; then
			present+=("$f")
		else
			printf 'deleted  %s\n' "$f"
		fi
	done < <(git ls-files -z --cached --others --exclude-standard -- "${GENERATED[@]}" | sort -zu)
	if ((${#present[@]} > 0)); then
		sha256sum -- "${present[@]}"
	fi
}

before="$(mktemp)"
after="$(mktemp)"
trap 'rm -f "$before" "$after"' EXIT

snapshot | sort -k2 >"$before"
"$@"
snapshot | sort -k2 >"$after"

changed="$(diff "$before" "$after" | sed -nE 's/^[<>] [^ ]+  //p' | sort -u)" || true
if [[ -n "$changed" ]]; then
	mapfile -t files <<<"$changed"
	status="$(git status --porcelain --untracked-files=all -- "${files[@]}")"
	{
		echo
		echo "check-generated: FAILED: generating changed these files:"
		sed 's/^/    /' <<<"$changed"
		echo
		echo "So the generated code did not match its sources (ent/schema, graph/*.graphql,"
		echo "gqlgen.yml, frontend GraphQL documents)."
		if [[ -n "$status" ]]; then
			echo "Review what generating changed (git status / git diff) and commit it"
			echo "together with the source change. Now, against the last commit:"
			sed 's/^/    /' <<<"$status"
		else
			echo "They now match the last commit again: the tree had uncommitted edits to"
			echo "generated files, which generating replaced. Edit the sources instead."
		fi
	} >&2
	exit 1
fi
echo "check-generated: generated code is up to date"
