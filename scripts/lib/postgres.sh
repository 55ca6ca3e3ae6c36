# Starts a throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temporary directory,
# run as the postgres user when we are root, on a free port of 127.0.0.1. Sourced by test.sh and
# bench-node.sh. Sets PG_URL (a database named $1) and PG_BIN; `stop_postgres` removes it all.
start_postgres() {
    local database=$1
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || return 1
    PG_DIR=$(mktemp -d)
    PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
    as_postgres "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --no-instructions" >"$PG_DIR/initdb.log" 2>&1
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -o \"-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1 ${PG_OPTIONS:-}\" start" >/dev/null
    as_postgres "'$PG_BIN/createdb' -h 127.0.0.1 -p $PG_PORT -U postgres $database"
    PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/$database"
}

stop_postgres() {
    [ -n "${PG_DIR:-}" ] || return 0
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
