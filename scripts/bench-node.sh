#!/usr/bin/env bash
# The node's benchmarks (issue 3), for BENCHMARKS.md. For each size (default 100,000 and 1,000,000
# reports of about three indicators each):
#   - `accord ingest` (canonicalisation, storage, linking) on SQLite and on PostgreSQL: wall time,
#     indicators per second, peak memory;
#   - the raw bulk load of the very same rows (exported from the SQLite store) into the same schema
#     with each database's own tool, `sqlite3 .import` and `psql \copy`, in the same run: the ratio;
#   - `accord bench node` on the SQLite store: network rebuild time, memory, check latency.
# SQLite runs are repeated (RUNS, default 3) and the median kept: this machine is shared and single
# runs vary by 20 %. Needs python3, sqlite3, PostgreSQL and GNU time. Not part of CI: it takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100000 1000000}")
[ $# -gt 0 ] || sizes=(100000 1000000)

swift build -c release --product accord >/dev/null
bin=$(swift build -c release --show-bin-path)/accord
work=$(mktemp -d)
. scripts/lib/postgres.sh
start_postgres accord_bench || { echo "PostgreSQL is needed" >&2; exit 1; }
trap 'stop_postgres; rm -rf "$work"' EXIT
# Each timed run starts after the disk has caught up with the runs before it.
timed() { sync; sleep 2; /usr/bin/time -f "%e %M" -o "$work/time" "$@"; read -r TIME_WALL TIME_RSS <"$work/time"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
runs=${RUNS:-3}
export ACCORD_DATA_DIR="$work/data"
: >"$work/empty.ndjson"
tables=(indicators reports report_links)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(uname -sr)"
for n in "${sizes[@]}"; do
    indicators=$((n * 3))
    python3 scripts/bench_reports.py "$n" >"$work/reports.ndjson"
    echo "== $n reports ($indicators indicators)"

    # SQLite, the embedded default that carries the bar: the median of $runs runs.
    walls=()
    for _ in $(seq "$runs"); do
        rm -f "$work/s$n.sqlite"*
        timed "$bin" ingest "$work/reports.ndjson" --database "sqlite:$work/s$n.sqlite" >/dev/null 2>&1
        walls+=("$TIME_WALL")
    done
    sqlite_wall=$(median "${walls[@]}") sqlite_rss=$TIME_RSS
    echo "sqlite ingest runs: ${walls[*]} s"
    # The identifier's 16 bytes as hex: PostgreSQL's uuid reads it; SQLite's .import keeps the text.
    for t in "${tables[@]}"; do
        query="SELECT * FROM $t"
        [ "$t" = indicators ] && query="SELECT id, lower(hex(uuid)), kind, value FROM indicators"
        sqlite3 -csv "$work/s$n.sqlite" "$query" >"$work/$t.csv"
    done
    {
        echo "PRAGMA journal_mode = WAL;"; echo "PRAGMA synchronous = NORMAL;"; echo ".mode csv"
        for t in "${tables[@]}"; do echo ".import '$work/$t.csv' $t"; done
    } >"$work/import.sql"
    walls=()
    for _ in $(seq "$runs"); do
        rm -f "$work/raw$n.sqlite"*
        "$bin" ingest "$work/empty.ndjson" --database "sqlite:$work/raw$n.sqlite" >/dev/null
        timed sqlite3 "$work/raw$n.sqlite" <"$work/import.sql" >/dev/null
        walls+=("$TIME_WALL")
    done
    sqlite_raw=$(median "${walls[@]}")
    echo "sqlite3 .import runs: ${walls[*]} s"

    as_postgres "'$PG_BIN/createdb' -h 127.0.0.1 -p $PG_PORT -U postgres ours$n"
    as_postgres "'$PG_BIN/createdb' -h 127.0.0.1 -p $PG_PORT -U postgres raw$n"
    timed "$bin" ingest "$work/reports.ndjson" --database "postgres://postgres@127.0.0.1:$PG_PORT/ours$n" >/dev/null 2>&1
    pg_wall=$TIME_WALL pg_rss=$TIME_RSS
    "$bin" ingest "$work/empty.ndjson" --database "postgres://postgres@127.0.0.1:$PG_PORT/raw$n" >/dev/null
    for t in "${tables[@]}"; do echo "\\copy $t FROM '$work/$t.csv' CSV"; done >"$work/copy.sql"
    timed psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "raw$n" -v ON_ERROR_STOP=1 -f "$work/copy.sql"
    pg_raw=$TIME_WALL

    python3 - "$n" "$indicators" "$sqlite_wall" "$sqlite_raw" "$sqlite_rss" "$pg_wall" "$pg_raw" "$pg_rss" <<'PY'
import sys
n, ind = int(sys.argv[1]), int(sys.argv[2])
sw, sr, srss, pw, pr, prss = map(float, sys.argv[3:])
print(f"sqlite:   ingest {sw:.2f} s = {ind / sw:,.0f} indicators/s, peak {srss / 1024:.0f} MiB; sqlite3 .import of the same rows {sr:.2f} s; ratio {sw / sr:.2f}x")
print(f"postgres: ingest {pw:.2f} s = {ind / pw:,.0f} indicators/s, peak {prss / 1024:.0f} MiB; psql \\copy of the same rows {pr:.2f} s; ratio {pw / pr:.2f}x")
PY
    echo "rows: $(for t in "${tables[@]}"; do printf '%s %s  ' "$t" "$(wc -l <"$work/$t.csv")"; done)"
    "$bin" bench node --database "sqlite:$work/s$n.sqlite" --samples 1000000 | sed 's/^/node: /'
done
