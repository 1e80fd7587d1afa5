#!/usr/bin/env bash
# Usage: scripts/frontend.sh install|build|codegen|test
#
# Frontend steps for the Makefile. Every step does nothing until
# frontend/package.json exists, so the Makefile can call them already.
#
# What it expects of frontend/package.json:
#   scripts.build      production build (embedded in the Go binary)
#   scripts.codegen    optional: GraphQL codegen, run by `make generate`
#   scripts.typecheck  optional: tsc, run by `make test` first
#   scripts.test       unit tests, run by `make test`
#   scripts.e2e        optional: browser tests, run by `make test` last, with
#                      Debian's Chromium (E2E_CHROMIUM) and the PostgreSQL
#                      server from scripts/db.sh (VEREDICTO_E2E_DATABASE_SERVER)
# and a committed package-lock.json (npm ci installs exactly that).
set -euo pipefail

FRONTEND="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)/frontend"
readonly FRONTEND
readonly CHROMIUM=/usr/bin/chromium

log() { printf 'frontend.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# has_script NAME: does package.json define scripts[NAME]?
has_script() {
	node -e 'process.exit(((require(process.argv[1]).scripts || {})[process.argv[2]]) ? 0 : 1)' \
		"$FRONTEND/package.json" "$1"
}

# install runs `npm ci`, skipped while node_modules is newer than both
# package.json and package-lock.json (npm ci deletes and re-extracts
# node_modules, which would slow down every `make run`).
install() {
	local stamp="$FRONTEND/node_modules/.veredicto-npm-ci"
	[[ -f "$FRONTEND/package-lock.json" ]] ||
		die "frontend/package-lock.json is missing: run 'npm install' in frontend/ and commit the lock file"
	if [[ -f "$stamp" && "$stamp" -nt "$FRONTEND/package.json" && "$stamp" -nt "$FRONTEND/package-lock.json" ]]; then
		return 0
	fi
	(cd "$FRONTEND" && npm ci --no-audit --no-fund)
	mkdir -p "$FRONTEND/node_modules" # absent when there are no dependencies
	touch "$stamp"
}

# ensure_chromium installs Debian's chromium for the browser tests, only when
# it is missing.
ensure_chromium() {
	[[ -x "$CHROMIUM" ]] && return 0
	local sudo=()
	if [[ "$(id -u)" -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 ||
			die "$CHROMIUM is missing; install it as root with: apt-get update && apt-get install chromium"
		sudo=(sudo -n)
	fi
	log "installing Debian's chromium for the browser tests"
	"${sudo[@]}" apt-get update -q
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
	[[ -x "$CHROMIUM" ]] || die "apt-get installed chromium but $CHROMIUM is still missing"
}

[[ -f "$FRONTEND/package.json" ]] || exit 0
command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js 20 (apt-get install nodejs npm)"

case "${1:-}" in
install) install ;;
build)
	install
	(cd "$FRONTEND" && npm run build)
	;;
codegen)
	install
	if has_script codegen; then (cd "$FRONTEND" && npm run codegen); fi
	;;
test)
	install
	(cd "$FRONTEND" && if has_script typecheck; then npm run typecheck; fi && npm test)
	if has_script e2e; then
		ensure_chromium
		# The caller (make test) exports the server DSN tests use; without it,
		# ask scripts/db.sh like everything else does.
		server="${VEREDICTO_TEST_DATABASE_URL:-$("$FRONTEND/../scripts/db.sh" server-dsn)}"
		(cd "$FRONTEND" && E2E_CHROMIUM="$CHROMIUM" VEREDICTO_E2E_DATABASE_SERVER="$server" npm run e2e)
	fi
	;;
*) die "usage: $0 install|build|codegen|test" ;;
esac
