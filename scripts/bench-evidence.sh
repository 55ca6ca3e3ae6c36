#!/usr/bin/env bash
# The evidence benchmarks (issue 5), for BENCHMARKS.md: appends to the custody log with a signed
# head per batch, proofs in a log of LEAVES leaves (default 10,000,000: about 2.3 GB of SQLite),
# and the vault's ingest of a FILE_MIB file (default 1024) against sha256sum of the same file,
# ROUNDS rounds in turns (default 3). Works in a temporary data directory, removed afterwards.
# Needs sha256sum (coreutils). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product accord >/dev/null
bin=$(swift build -c release --show-bin-path)/accord
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(uname -sr)"
ACCORD_DATA_DIR="$work" "$bin" bench evidence --leaves "${LEAVES:-10000000}" --proofs "${PROOFS:-2000}" --file-mib "${FILE_MIB:-1024}" --rounds "${ROUNDS:-3}"
