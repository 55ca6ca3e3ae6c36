#!/usr/bin/env bash
# The server's benchmarks (issue 4), for BENCHMARKS.md: with N reports loaded (default 1,000,000;
# give another number as the first argument), wrk on loopback against
#   - the public check, GET /api/v1/check, of 3,000 values the node holds in turn (3 in 10 reports CLEAR),
#   - /healthz: the server's floor, a route with nothing to do,
#   - report creation, POST /api/v1/reports, a new report each request,
#   - nginx serving a static file of the check's size, in the same run: the ratio. Twice: with its
#     access log off (nginx at its fastest: the ratio the bar is judged on), and with it on as
#     Debian ships it (one line a request, as the server's own request log writes).
# The check and nginx are measured in turns, at CONNECTIONS (32: saturation) and LIGHT (8)
# connections, RUNS rounds; the medians are printed.
# Needs python3, wrk and nginx (Debian: apt-get install wrk nginx). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
duration=${DURATION:-15}
connections=${CONNECTIONS:-32}
light=${LIGHT:-8}
swift build -c release --product accord >/dev/null
bin=$(swift build -c release --show-bin-path)/accord
work=$(mktemp -d)
server= nginx_pid=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
export ACCORD_DATA_DIR="$work/data"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2}'), $(uname -sr)"

BENCH_CLEAR_SHARE=0.3 python3 scripts/bench_reports.py "$n" >"$work/reports.ndjson"
"$bin" ingest "$work/reports.ndjson" >/dev/null 2>&1
"$bin" admin org add "Bench Police" --country VN --kind law_enforcement >/dev/null
key=$("$bin" admin key create --org "Bench Police" --role analyst 2>/dev/null)
# The values checked: the 3,000 of the first 1,000 reports (phones, wallets, URLs; three in ten
# from CLEAR reports, which the check counts), in turn.
python3 - "$work/reports.ndjson" "$work/values.lua" <<'PY'
import json, sys, urllib.parse
values = []
with open(sys.argv[1]) as lines:
    for _, line in zip(range(1000), lines):
        values += [urllib.parse.quote(i["value"], safe="") for i in json.loads(line)["indicators"]]
with open(sys.argv[2], "w") as out:
    out.write("values = {" + ",".join(f'"{v}"' for v in values) + "}\n")
    out.write("i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format(\"GET\", \"/api/v1/check?value=\" .. values[(i % #values) + 1])\nend\n")
PY
value=$(python3 -c 'import json, sys, urllib.parse; print(next(urllib.parse.quote(json.loads(l)["indicators"][0]["value"]) for l in open(sys.argv[1]) if "\"tlp\":\"clear\"" in l))' "$work/reports.ndjson")

port=$(free_port)
"$bin" serve --port "$port" --checks-per-minute 1000000000 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
answer=$(curl -s "http://127.0.0.1:$port/api/v1/check?value=$value")
check_bytes=${#answer}
echo "== $n reports loaded; the check of a value from a CLEAR report answers ($check_bytes bytes): $answer"

latency() { awk '/Latency Distribution/ {on = 1} on && $1 == "99%" {print $2; exit}'; }
rate() { awk '/Requests\/sec/ {print $2}'; }
run() { wrk -t2 -c"$1" -d"${duration}s" --latency "${@:2}" 2>&1; }

# nginx with a static file the size of the check's answer, running beside the server so that the
# two are measured in turns: RUNS rounds (default 3) of the check then nginx, medians reported.
mkdir -p "$work/www" "$work/nginx"
python3 -c "import sys; sys.stdout.write('x' * int(sys.argv[1]))" "$check_bytes" >"$work/www/check.json"
chmod 755 "$work" "$work/www"; chmod 644 "$work/www/check.json"  # nginx's workers read it as another user
nport=$(free_port) lport=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx; uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
    server { listen 127.0.0.1:$nport; access_log off; location / { root $work/www; } }
    server { listen 127.0.0.1:$lport; access_log $work/nginx/access.log; location / { root $work/www; } }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx"
sleep 1

# wrk calls a Lua function per request for the check's values: the others go through one too, so
# that wrk, which shares the cores, spends the same on each.
echo 'request = function() return wrk.format("GET") end' >"$work/fixed.lua"
results="$work/results.txt"
for round in $(seq "${RUNS:-3}"); do
    for c in "$connections" "$light"; do
        out=$(run "$c" -s "$work/values.lua" "http://127.0.0.1:$port/api/v1/check")
        echo "check $c $(echo "$out" | rate) $(echo "$out" | latency) $(echo "$out" | awk '/Non-2xx/ {print $NF}')" >>"$results"
        out=$(run "$c" -s "$work/fixed.lua" "http://127.0.0.1:$port/healthz")
        echo "healthz $c $(echo "$out" | rate) $(echo "$out" | latency)" >>"$results"
        out=$(run "$c" -s "$work/fixed.lua" "http://127.0.0.1:$nport/check.json")
        echo "nginx $c $(echo "$out" | rate) $(echo "$out" | latency)" >>"$results"
        out=$(run "$c" -s "$work/fixed.lua" "http://127.0.0.1:$lport/check.json")
        echo "nginx-logging $c $(echo "$out" | rate) $(echo "$out" | latency)" >>"$results"
    done
    echo "  round $round: $(grep -c . "$results") measurements" >&2
done

cat >"$work/create.lua" <<LUA
counter = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
request = function()
  counter = counter + 1
  local id = string.format("%08x-%04x-4000-8000-%012x", os.time(), tid, counter)
  local body = '{"id":"' .. id .. '","country":"VN","scam_type":"investment","tlp":"green","indicators":[{"kind":"phone","value":"+800 ' .. string.format("%08d", 50000000 + tid * 1000000 + counter) .. '"}]}'
  return wrk.format(nil, nil, nil, body)
end
LUA
create=$(run "$connections" -s "$work/create.lua" "http://127.0.0.1:$port/api/v1/reports")
echo "$create" | grep -E 'Requests/sec|99%|Non-2xx' | sed 's/^/  create: /'
echo "create $connections $(echo "$create" | rate) $(echo "$create" | latency)" >>"$results"

python3 - "$results" "$connections" "$light" <<'PY'
import statistics, sys
def ms(text):
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit): return float(text[: -len(unit)]) * factor
    return float("nan")
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
def median(what, c, column):
    values = [float(r[2]) if column == 2 else ms(r[3]) for r in rows if r[0] == what and r[1] == c]
    return statistics.median(values), len(values)
for c in sys.argv[2:]:
    (check, n), (check99, _) = median("check", c, 2), median("check", c, 3)
    (nginx, _), (nginx99, _) = median("nginx", c, 2), median("nginx", c, 3)
    (healthz, _), (healthz99, _) = median("healthz", c, 2), median("healthz", c, 3)
    print(f"{c} connections, median of {n}: check {check:,.0f} requests/s, p99 {check99:.2f} ms; nginx {nginx:,.0f} requests/s, p99 {nginx99:.2f} ms; check/nginx {check / nginx:.2f}")
    (logging, _), (logging99, _) = median("nginx-logging", c, 2), median("nginx-logging", c, 3)
    print(f"   nginx with its access log {logging:,.0f} requests/s, p99 {logging99:.2f} ms; check/nginx-logging {check / logging:.2f}")
    print(f"   /healthz (through the router) {healthz:,.0f} requests/s, p99 {healthz99:.2f} ms; healthz/nginx {healthz / nginx:.2f}")
errors = [r for r in rows if r[0] == "check" and len(r) > 4 and r[4] != "0"]
if errors: print(f"non-2xx answers in {len(errors)} check runs")
create = [r for r in rows if r[0] == "create"][0]
print(f"create, {create[1]} connections: {float(create[2]):,.0f} requests/s, p99 {ms(create[3]):.2f} ms")
PY
