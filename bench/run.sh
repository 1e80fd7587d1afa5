#!/usr/bin/env bash
# `make bench`: installs what the benchmark needs (wrk from Debian's
# packages, PostGraphile 4.14.1 from npm into the git-ignored bench/.tools),
# builds Veredicto, the ceiling server and the driver from this checkout into
# bench/.tools/bin, then runs the driver from the repository root. The driver
# starts its own private PostgreSQL cluster (removed afterwards), so nothing
# else on the machine is touched. See bench/README.md for what it measures
# and the BENCH_* settings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

GO="${GO:-go}"
TOOLS=bench/.tools
PG_VERSION=4.14.1

log() { printf 'bench: %s\n' "$*" >&2; }

# wrk, the load generator.
if ! command -v "${WRK:-wrk}" >/dev/null 2>&1; then
	if [[ "$(id -u)" -ne 0 ]]; then
		log "wrk is missing: install it with: sudo apt-get install wrk"
		exit 1
	fi
	log "installing wrk (apt-get install wrk)"
	if ! apt-get install -y -qq wrk >/dev/null 2>&1; then
		apt-get update -qq >/dev/null
		apt-get install -y -qq wrk >/dev/null
	fi
fi

# PostGraphile v4, pinned, into bench/.tools (git-ignored).
mkdir -p "$TOOLS/bin"
installed=""
if [[ -f "$TOOLS/node_modules/postgraphile/package.json" ]]; then
	installed="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$TOOLS/node_modules/postgraphile/package.json")"
fi
if [[ "$installed" != "$PG_VERSION" ]]; then
	if command -v npm >/dev/null 2>&1; then
		log "installing postgraphile@$PG_VERSION into $TOOLS"
		[[ -f "$TOOLS/package.json" ]] || echo '{"name":"veredicto-bench-tools","private":true}' >"$TOOLS/package.json"
		npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "postgraphile@$PG_VERSION" >&2
	else
		log "npm is missing: PostGraphile is skipped (install Node.js 18+ to include it)"
	fi
fi

log "building veredicto, the ceiling and the driver into $TOOLS/bin"
"$GO" build -o "$TOOLS/bin/veredicto" .
"$GO" build -o "$TOOLS/bin/ceiling" ./bench/ceiling
"$GO" build -o "$TOOLS/bin/driver" ./bench/driver

exec "$TOOLS/bin/driver"
