#!/usr/bin/env bash
# The write-path comparison of docs/benchmarks.md in one run, on this machine:
#   the all-in-one gateway on SQLite (synchronous Normal, then Full) and on PostgreSQL, each on a
#   fresh store, then NATS JetStream (Debian's nats-server, file storage) with the same workload.
# Every phase prints its own figures. Usage: bench/write-path.sh [SECONDS_PER_PHASE] [INGEST_MB]
# Needs: dotnet; nats-server (apt-get install nats-server) for the last part, skipped without it;
# PostgreSQL is installed by scripts/postgres.sh when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
ingest_mb=${2:-1024}
work=$(mktemp -d /tmp/event-cluster-bench.XXXXXX)
chmod 755 "$work" # the PostgreSQL server runs as its own user when this runs as root
port=5000
url="http://127.0.0.1:$port"

dotnet build -c Release -v q -nologo "$root/src/Cluster.Gateway" >/dev/null
dotnet build -c Release -v q -nologo "$root/bench/Bench" >/dev/null
gateway_bin="$root/src/Cluster.Gateway/bin/Release/net10.0/Cluster.Gateway"
bench_bin="$root/bench/Bench/bin/Release/net10.0/Bench"
gateway_pid=

bench() { "$bench_bin" --url "$url" "$@" | grep -v '^bench against'; }

start_gateway() {
  rm -rf "$work/run" && mkdir -p "$work/run"
  (cd "$work/run" && exec env "$@" "$gateway_bin" --urls "$url" >"$work/gateway.log" 2>&1) &
  gateway_pid=$!
  for _ in $(seq 1 240); do
    curl -sf "$url/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "the gateway did not become ready; see $work/gateway.log" >&2
  exit 1
}

stop_gateway() {
  kill "$gateway_pid" 2>/dev/null || true
  wait "$gateway_pid" 2>/dev/null || true
}

# 30 s of single events first, not counted: JIT compilation and the first recoveries.
warm_up() { bench --phases single --seconds 30 >/dev/null; }

# The ingest and the overload run each start on a fresh gateway process (same store), so each
# peak RSS is that workload's own and not the high-water mark of the phases before it.
all_phases() {
  start_gateway "$@"
  warm_up
  bench --phases single,batch --seconds "$seconds"
  echo "one hot stream:"
  bench --phases single --streams 1 --seconds "$seconds"
  stop_gateway
  start_gateway "$@"
  bench --phases ingest --ingest-mb "$ingest_mb" --gateway-pid "$gateway_pid"
  stop_gateway
  start_gateway "$@"
  bench --phases overload --seconds "$seconds" --gateway-pid "$gateway_pid"
  stop_gateway
}

trap 'stop_gateway; "$root/scripts/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true; [ -n "${nats_pid:-}" ] && kill "$nats_pid" 2>/dev/null; true' EXIT

echo "== SQLite, synchronous = NORMAL"
all_phases Storage__Synchronous=Normal

echo "== SQLite, synchronous = FULL"
start_gateway Storage__Synchronous=Full
warm_up
bench --phases single,batch --seconds "$seconds"
stop_gateway

echo "== PostgreSQL"
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/scripts/postgres.sh" start "$work/pg" "$pg_port"
all_phases Storage__Provider=PostgreSql \
  "Storage__ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;No Reset On Close=true"
"$root/scripts/postgres.sh" stop "$work/pg"

if command -v nats-server >/dev/null; then
  echo "== NATS JetStream (file storage)"
  nats-server -js -sd "$work/nats" -a 127.0.0.1 -p 4222 >"$work/nats.log" 2>&1 &
  nats_pid=$!
  sleep 1
  "$bench_bin" --phases nats --seconds "$seconds" --nats-url nats://127.0.0.1:4222
fi
rm -rf "$work/run"
