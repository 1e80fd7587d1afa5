#!/usr/bin/env bash
# Finds (or starts) the PostgreSQL server Veredicto uses and prints a DSN.
#
# Every make target and internal/pgtest resolve the database through this one
# script, so `make run`, `make test` and a plain `go test ./...` agree.
#
# Usage: scripts/db.sh [dsn|server-dsn|stop]
#   dsn         (default) ensure the app database exists; print its DSN
#   server-dsn  ensure a server runs; print a DSN to its maintenance database
#               "postgres" (tests create and drop their own databases there)
#   stop        stop the private cluster under .dev/pg, if it runs
#
# Resolution, first match wins:
#   1. DATABASE_URL, when set, is used as it is (both for dsn and server-dsn).
#   2. A server answering on 127.0.0.1:5432: user postgres, sslmode=disable
#      (if it wants a password for postgres, step 3 runs instead).
#   3. A private cluster under .dev/pg (git-ignored), created with initdb and
#      started with pg_ctl from the installed PostgreSQL binaries, on its own
#      port; reused when already initialised or running.
#   4. Otherwise: say what to install, and fail.
#
# Only the DSN goes to stdout; everything else goes to stderr.
#
# Environment:
#   DATABASE_URL          use this server/database; no discovery at all
#   VEREDICTO_PG_PORT     port of the private cluster (default 54329)
#   VEREDICTO_PG_BINDIR   take the PostgreSQL binaries from this directory only
# Internal (for testing this script; not part of the documented interface):
#   VEREDICTO_PG_PROBE    host:port probed in step 2 (default 127.0.0.1:5432);
#                         point it at a closed port to exercise step 3
#   VEREDICTO_PG_OS_USER  OS account that runs the private cluster when this
#                         script runs as root (default: owner of an existing
#                         cluster, else "postgres", else a new "veredicto-pg")
set -euo pipefail

readonly APP_DB=veredicto
readonly PG_SUPERUSER=postgres

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly ROOT
readonly DEV_DIR="$ROOT/.dev"
readonly PG_DIR="$DEV_DIR/pg"           # owned by the cluster's OS user
readonly PG_DATA="$PG_DIR/data"
readonly PG_RUN="$PG_DIR/run"           # unix socket directory
readonly PG_LOG="$PG_DIR/postgres.log"
readonly LOCK_FILE="$DEV_DIR/pg.lock"   # outside PG_DIR: stays root's/yours
readonly PROBE="${VEREDICTO_PG_PROBE:-127.0.0.1:5432}"
readonly PRIVATE_PORT="${VEREDICTO_PG_PORT:-54329}"

log() { printf 'db.sh: %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# redact hides a password in a URL-style DSN before it is printed in a message.
redact() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

# ---------------------------------------------------------------- binaries

BINDIR=""

# find_bindir sets BINDIR to a directory holding initdb, pg_ctl and postgres.
# A cluster that already exists pins the major version it was created with:
# newer binaries cannot open an older data directory.
find_bindir() {
	local want="" dir candidates=()
	if [[ -f "$PG_DATA/PG_VERSION" ]]; then
		want="$(<"$PG_DATA/PG_VERSION")"
	fi
	if [[ -n "${VEREDICTO_PG_BINDIR:-}" ]]; then
		candidates=("$VEREDICTO_PG_BINDIR")
	else
		if [[ -n "$want" ]]; then
			candidates+=("/usr/lib/postgresql/$want/bin")
		fi
		if command -v pg_config >/dev/null 2>&1; then
			candidates+=("$(pg_config --bindir 2>/dev/null || true)")
		fi
		# Newest major version first.
		while IFS= read -r dir; do
			candidates+=("$dir")
		done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -t/ -k5,5nr)
		candidates+=(/usr/local/pgsql/bin)
		if command -v initdb >/dev/null 2>&1; then
			candidates+=("$(dirname "$(command -v initdb)")")
		fi
	fi
	for dir in "${candidates[@]}"; do
		[[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]] || continue
		if [[ -n "$want" && "$("$dir/pg_ctl" --version | sed -E 's/.* ([0-9]+)[.].*/\1/')" != "$want" ]]; then
			continue
		fi
		BINDIR="$dir"
		return 0
	done
	return 1
}

# tool prints the path of a client program (psql, pg_isready), preferring the
# one next to the server binaries, or returns 1 if there is none.
tool() {
	if [[ -n "$BINDIR" && -x "$BINDIR/$1" ]]; then
		printf '%s\n' "$BINDIR/$1"
	elif command -v "$1" 2>/dev/null; then
		:
	elif [[ -z "${VEREDICTO_PG_BINDIR:-}" ]] && compgen -G "/usr/lib/postgresql/*/bin/$1" >/dev/null; then
		compgen -G "/usr/lib/postgresql/*/bin/$1" | sort -t/ -k5,5nr | head -n1
	else
		return 1
	fi
}

no_binaries() {
	local sudo=""
	[[ "$(id -u)" -eq 0 ]] || sudo="sudo "
	log "no PostgreSQL server answers on $PROBE, and no PostgreSQL server binaries"
	log "(initdb, pg_ctl, postgres) were found to start a private one in .dev/pg."
	if [[ -n "${VEREDICTO_PG_BINDIR:-}" ]]; then
		log "Looked only in VEREDICTO_PG_BINDIR=$VEREDICTO_PG_BINDIR."
	else
		log "Looked in: pg_config --bindir, /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin, PATH."
	fi
	if [[ -f "$PG_DATA/PG_VERSION" ]]; then
		log "Note: .dev/pg was created by PostgreSQL $(<"$PG_DATA/PG_VERSION"); install that major"
		log "version, or delete .dev/pg to start over (its data is demo data)."
	fi
	log "Install PostgreSQL, on Debian/Ubuntu with:"
	log ""
	log "    ${sudo}apt-get install postgresql"
	log ""
	log "or set DATABASE_URL to a server you already have."
	exit 1
}

# ---------------------------------------------------------------- probing

# answers returns 0 when a PostgreSQL server accepts connections at host:port.
answers() {
	local host="$1" port="$2" isready rc i
	if isready="$(tool pg_isready)"; then
		# Exit 1 means "rejecting connections", e.g. still starting: give it a
		# few seconds rather than starting a second server next to it.
		for i in 1 2 3 4 5; do
			rc=0
			"$isready" -q -h "$host" -p "$port" -t 3 || rc=$?
			[[ $rc -eq 1 ]] || break
			sleep 1
		done
		return "$rc"
	fi
	# No client tools: a TCP connect is the best we can do.
	timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# psql_run DSN SQL... runs SQL on DSN, printing unaligned tuples only.
psql_run() {
	local psql dsn="$1"
	shift
	psql="$(tool psql)" || die "psql not found; install it with: apt-get install postgresql-client"
	# -w: never prompt for a password; fail instead (no terminal in CI).
	PGCONNECT_TIMEOUT=10 "$psql" "$dsn" -X -q -w -v ON_ERROR_STOP=1 -At "$@"
}

# ensure_app_db creates the app database on the server behind MAINT_DSN if
# it is missing. Tolerates a concurrent caller creating it first.
ensure_app_db() {
	local maint="$1" exists
	exists="$(psql_run "$maint" -c "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")" ||
		die "cannot query $(redact "$maint"); set DATABASE_URL to a server and user you can use"
	if [[ "$exists" != 1 ]]; then
		log "creating database $APP_DB"
		if ! psql_run "$maint" -c "CREATE DATABASE $APP_DB" >/dev/null; then
			exists="$(psql_run "$maint" -c "SELECT 1 FROM pg_database WHERE datname = '$APP_DB'")"
			[[ "$exists" == 1 ]] || die "could not create database $APP_DB on $(redact "$maint")"
		fi
	fi
}

# dsn_for HOST PORT DB builds a DSN. sslmode=disable is explicit because
# lib/pq defaults to sslmode=require, which local servers usually refuse.
dsn_for() { printf 'postgres://%s@%s:%s/%s?sslmode=disable\n' "$PG_SUPERUSER" "$1" "$2" "$3"; }

# ---------------------------------------------------------------- private cluster

PG_OS_USER=""

# as_pg runs a command as the cluster's OS user. initdb and postgres refuse to
# run as root, so as root we switch to an unprivileged account. File
# descriptor 9 (the lock) is closed: a server started by pg_ctl would inherit
# it and hold the lock for as long as it runs.
as_pg() {
	if [[ -n "$PG_OS_USER" ]]; then
		(cd "$PG_DIR" && runuser -u "$PG_OS_USER" -- "$@" 9>&-)
	else
		"$@" 9>&-
	fi
}

# choose_os_user sets PG_OS_USER (root only), creating a system user if needed.
choose_os_user() {
	[[ "$(id -u)" -eq 0 ]] || return 0
	command -v runuser >/dev/null 2>&1 || die "running as root needs runuser (util-linux) to start PostgreSQL as another user"
	local user="${VEREDICTO_PG_OS_USER:-}"
	if [[ -z "$user" && -d "$PG_DATA" ]]; then
		user="$(stat -c %U "$PG_DATA")"
		[[ "$user" != root && "$user" != UNKNOWN ]] || user=""
	fi
	if [[ -z "$user" ]]; then
		if getent passwd postgres >/dev/null; then user=postgres; else user=veredicto-pg; fi
	fi
	if ! getent passwd "$user" >/dev/null; then
		log "creating system user $user to run the private PostgreSQL cluster (postgres refuses to run as root)"
		useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user" ||
			die "could not create system user $user"
	fi
	PG_OS_USER="$user"
}

# make_traversable lets PG_OS_USER reach PG_DIR: every parent directory needs
# the execute (search) bit for it, e.g. a checkout under /root does not.
make_traversable() {
	[[ -n "$PG_OS_USER" ]] || return 0
	local dir="$DEV_DIR"
	local parents=()
	while [[ "$dir" != / ]]; do
		parents=("$dir" "${parents[@]}")
		dir="$(dirname "$dir")"
	done
	for dir in "${parents[@]}"; do
		runuser -u "$PG_OS_USER" -- test -x "$dir" && continue
		log "granting $PG_OS_USER search permission (o+x, not read) on $dir"
		chmod o+x "$dir"
		runuser -u "$PG_OS_USER" -- test -x "$dir" ||
			die "$PG_OS_USER cannot enter $dir even after chmod o+x; check its permissions or ACLs"
	done
}

# conf_quote quotes a value for postgresql.conf.
conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

write_conf() {
	local sockets="$PG_RUN"
	# A unix socket path is limited to ~107 bytes; in a deep checkout we do
	# without the socket (every DSN we print uses TCP anyway).
	if ((${#PG_RUN} + 20 > 107)); then sockets=""; fi
	as_pg tee "$PG_DATA/veredicto.conf" >/dev/null <<EOF
# Written by scripts/db.sh before every start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PRIVATE_PORT
unix_socket_directories = $(conf_quote "$sockets")
max_connections = 200
# A throwaway development/test cluster: speed over crash safety. If the
# machine crashes and the cluster will not start, delete .dev/pg.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

init_cluster() {
	log "initialising a private PostgreSQL cluster in .dev/pg with $BINDIR"
	as_pg mkdir -p "$PG_RUN"
	if ! as_pg "$BINDIR/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" --encoding=UTF8 --no-locale \
		--auth-local=trust --auth-host=trust >"$PG_DIR/initdb.log" 2>&1; then
		cat "$PG_DIR/initdb.log" >&2
		die "initdb failed (log above, also in .dev/pg/initdb.log)"
	fi
	# Trust authentication is only safe because nothing but this machine can
	# connect: replace initdb's pg_hba.conf (which also allows replication)
	# with loopback-only rules, and listen on 127.0.0.1 only (veredicto.conf).
	as_pg tee "$PG_DATA/pg_hba.conf" >/dev/null <<'EOF'
# Written by scripts/db.sh: a development cluster reachable from this machine only.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   trust
host    all       all   ::1/128        trust
EOF
	printf "\ninclude_if_exists = 'veredicto.conf'\n" | as_pg tee -a "$PG_DATA/postgresql.conf" >/dev/null
}

# running_port prints the port of the running private cluster, or returns 1.
running_port() {
	as_pg "$BINDIR/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1 || return 1
	# Line 4 of postmaster.pid is the port the server really listens on.
	sed -n 4p "$PG_DATA/postmaster.pid"
}

# start_private ensures the private cluster runs and sets PORT.
start_private() {
	mkdir -p "$DEV_DIR"
	find_bindir || no_binaries
	choose_os_user
	make_traversable
	mkdir -p "$PG_DIR"
	if [[ -n "$PG_OS_USER" ]]; then
		chown "$PG_OS_USER": "$PG_DIR"
		chmod 700 "$PG_DIR"
	fi
	[[ -f "$PG_DATA/PG_VERSION" ]] || init_cluster

	if PORT="$(running_port)"; then
		return 0
	fi
	if answers 127.0.0.1 "$PRIVATE_PORT"; then
		die "port $PRIVATE_PORT is taken by another server (another checkout's .dev/pg?); set VEREDICTO_PG_PORT to a free port"
	fi
	log "starting the private PostgreSQL cluster on 127.0.0.1:$PRIVATE_PORT (log: .dev/pg/postgres.log)"
	write_conf
	if ! as_pg "$BINDIR/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -s >/dev/null; then
		tail -n 20 "$PG_LOG" >&2 || true
		die "the private cluster did not start (log above). If .dev/pg is damaged, delete it to start over."
	fi
	PORT="$PRIVATE_PORT"
}

stop_private() {
	if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
		log "no private cluster in .dev/pg"
		return 0
	fi
	find_bindir || no_binaries
	choose_os_user
	if running_port >/dev/null; then
		as_pg "$BINDIR/pg_ctl" stop -D "$PG_DATA" -m fast -w -s
		log "stopped the private cluster"
	else
		log "the private cluster is not running"
	fi
}

# ---------------------------------------------------------------- main

lock() {
	# Serialise concurrent callers (parallel test binaries, make -j) so two of
	# them never initdb or start the same cluster at once.
	mkdir -p "$DEV_DIR"
	if command -v flock >/dev/null 2>&1; then
		exec 9>"$LOCK_FILE"
		flock -w 120 9 || die "timed out waiting for $LOCK_FILE"
	fi
}

main() {
	local mode="${1:-dsn}" db host port isready
	case "$mode" in
	dsn) db="$APP_DB" ;;
	server-dsn) db=postgres ;;
	stop)
		lock
		stop_private
		return 0
		;;
	-h | --help | help)
		sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//' >&2
		return 0
		;;
	*) die "unknown command '$mode' (want dsn, server-dsn or stop)" ;;
	esac

	# 1. An explicit DATABASE_URL wins; its database is the caller's business.
	if [[ -n "${DATABASE_URL:-}" ]]; then
		if isready="$(tool pg_isready)" && ! "$isready" -q -d "$DATABASE_URL" -t 5; then
			die "DATABASE_URL is set but no server answers at $(redact "$DATABASE_URL")"
		fi
		printf '%s\n' "$DATABASE_URL"
		return 0
	fi

	# 2. A server that is already running, e.g. the distribution's.
	host="${PROBE%:*}"
	port="${PROBE##*:}"
	[[ -n "$host" && "$port" =~ ^[0-9]+$ ]] || die "VEREDICTO_PG_PROBE must be host:port, got '$PROBE'"
	find_bindir || true # only to locate pg_isready/psql; not fatal here
	if answers "$host" "$port"; then
		local maint err
		tool psql >/dev/null || die "a server answers on $host:$port but psql is missing; install it with: apt-get install postgresql-client"
		maint="$(dsn_for "$host" "$port" postgres)"
		if err="$(psql_run "$maint" -c 'SELECT 1' 2>&1 >/dev/null)"; then
			[[ "$db" != "$APP_DB" ]] || ensure_app_db "$maint"
			dsn_for "$host" "$port" "$db"
			return 0
		fi
		# E.g. a fresh `apt-get install postgresql` wants a password over TCP.
		# Rather than fail, run our own cluster next to it.
		log "a server answers on $host:$port, but logging in as $PG_SUPERUSER without a password failed:"
		log "  ${err//$'\n'/ }"
		log "using a private cluster in .dev/pg instead (set DATABASE_URL to use that server)"
	fi

	# 3. Our own cluster under .dev/pg.
	lock
	start_private
	if [[ "$db" == "$APP_DB" ]]; then
		ensure_app_db "$(dsn_for 127.0.0.1 "$PORT" postgres)"
	fi
	dsn_for 127.0.0.1 "$PORT" "$db"
}

main "$@"
