#!/usr/bin/env bash
# The write- and read-path comparison of docs/benchmarks.md in one run, on this machine: the product
# beside NATS JetStream (Debian's nats-server, file storage) and beside the floor of HTTP publishing
# (bench/Floor: bare Kestrel on the same route, parsing the event and answering 201, storing nothing)
# and the durable floor (the same, plus each body appended to a file and synced before the 201, with
# group commit), with the same client, producers, streams and event bodies. Ends with one table of
# the figures and the ratios product/NATS, product/floor and product/durable floor.
#
# Usage: bench/write-path.sh [SECONDS_PER_PHASE] [INGEST_MB]
# Parts (PARTS, default all, in this order):
#   floor     bench/Floor, single events and multi-stream batches (its POST /ingest parses and
#             answers each line), then paced publishes at 1,000 and 5,000 events/s (the
#             publish -> 201 latency only: the HTTP floor of the live figures); then the same with
#             durable=FILE (each body synced to FILE before its 201: the durable floor)
#   full      the gateway on SQLite, synchronous FULL (the README's default): single events,
#             single-stream batches of 100, multi-stream batches (POST /ingest, 100 lines over 100
#             streams), the same requests with all 100 lines to one stream, one hot stream,
#             catch-up of one 200,000-event stream, publish -> SSE latency at 1,000 and 5,000 events/s
#   normal    the same on SQLite, synchronous NORMAL
#   group     a fresh gateway (FULL): single events, then consumer groups (1, 4 and 16 members
#             draining 50,000 stored events; publish -> member latency with 4 members)
#   scavenge  a fresh gateway (FULL): 2,000,000 events, half then deleted; appends with and without a
#             scavenge running, its removal rate, and the SQLite file before, after and after refilling
#   memory    peak RSS of a fresh gateway (FULL) during the 1 GB NDJSON ingest (1,000 streams), the
#             overload run, and the same ingest over 100,000 streams (the live entities' memory budget)
#   postgres  the gateway on a throw-away PostgreSQL: single, batches, multi-stream batches
#   expire    the gateway on a throw-away PostgreSQL, scavenging every 10 s: 100 events/s to a topic
#             whose events expire after 30 s, for 3 minutes; the journal table's size every 15 s
#   cluster   scripts/cluster.sh up (3 nodes + a gateway over PostgreSQL): single and multi-stream batches
#   nats      nats-server -js: the same workloads (installed with apt-get when missing)
# LIVE_SECONDS (60) is how long each live rate is measured, after a 5 s warm-up at that rate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-20}
ingest_mb=${2:-1024}
live_seconds=${LIVE_SECONDS:-60}
parts=" ${PARTS:-floor full normal group scavenge memory postgres expire cluster nats} "
work=$(mktemp -d /tmp/event-cluster-bench.XXXXXX)
chmod 755 "$work" # the PostgreSQL server runs as its own user when this runs as root
results="$work/results.txt"
: >"$results"
port=5000
url="http://127.0.0.1:$port"

for project in src/Cluster.Gateway bench/Bench bench/Floor; do
  dotnet build -c Release -v q -nologo "$root/$project" >/dev/null
done
gateway_bin="$root/src/Cluster.Gateway/bin/Release/net10.0/Cluster.Gateway"
bench_bin="$root/bench/Bench/bin/Release/net10.0/Bench"
floor_bin="$root/bench/Floor/bin/Release/net10.0/Floor"
server_pid=

wants() { [[ "$parts" == *" $1 "* ]]; }

# What the figures depend on besides the product: the cores, and whether the kernel's memory
# monitor (DAMON) runs. On the machine of docs/benchmarks.md it does, and it lengthens the live
# phases' tails ("The live tails and the kernel's memory monitor" there).
machine_facts() {
  local kdamond state action sample_us
  echo "machine: $(nproc) cores, $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), kernel $(uname -r)"
  for kdamond in /sys/kernel/mm/damon/admin/kdamonds/[0-9]*; do
    [ -r "$kdamond/state" ] || continue
    state=$(cat "$kdamond/state")
    action=$(cat "$kdamond/contexts/0/schemes/0/action" 2>/dev/null || echo none)
    sample_us=$(cat "$kdamond/contexts/0/monitoring_attrs/intervals/sample_us" 2>/dev/null || echo 0)
    echo "  kernel memory monitor (DAMON) ${kdamond##*/}: $state, scheme action $action, sampling every $((sample_us / 1000)) ms"
  done
}

bench() { "$bench_bin" --url "$url" --results "$results" "$@" | grep -v '^bench against'; }

start_server() { # binary [env...]
  local binary=$1; shift
  rm -rf "$work/run" && mkdir -p "$work/run"
  (cd "$work/run" && exec env "$@" "$binary" --urls "$url" >"$work/server.log" 2>&1) &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "$url/health/ready" && return 0
    sleep 0.5
  done
  echo "the server did not start; see $work/server.log" >&2
  exit 1
}

start_gateway() {
  start_server "$gateway_bin" "$@"
  for _ in $(seq 1 240); do
    curl -sf "$url/health/ready" >/dev/null && return 0
    sleep 0.5
  done
  echo "the gateway did not become ready; see $work/server.log" >&2
  exit 1
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# A phase run first, not counted (single events before every part; the cluster also warms up its
# multi-stream path): JIT compilation and the first recoveries. Rounds of 15 s (at
# least 2, at most 12) until two rounds in a row agree within 10% and, for a server that exposes
# /metrics (each URL given), every process spent under 1 s of the round in the JIT
# (dotnet_jit_compilation_time_seconds_total). The rate alone stopped too early on the cluster:
# its four processes on 2 cores warm up in steps, and two rounds agreed (632 and 690 events/s)
# while each node still compiled 9-11 s of every 15 s round; once they went under 1 s the rate
# settled at 1,300-1,600.
jit_seconds() { # metrics URLs: the JIT's total compilation time of each (0 if unreadable), one line
  local base
  for base in "$@"; do
    { curl -sf "$base/metrics" || true; } | awk '/^dotnet_jit_compilation_time_seconds_total/ { printf "%s ", $2; found = 1 } END { if (!found) printf "0 " }'
  done
}

warm_up() { # phase [metrics URL...]
  local phase=$1 previous=0 rate round jit_before jit_after jit_round
  shift
  jit_before=$(jit_seconds "$@")
  for round in 1 2 3 4 5 6 7 8 9 10 11 12; do
    rate=$("$bench_bin" --url "$url" --phases "$phase" --seconds 15 | awk '/events\/s/ { print $1; exit }')
    jit_after=$(jit_seconds "$@")
    jit_round=$(awk -v before="$jit_before" -v after="$jit_after" \
      'BEGIN { n = split(before, b, " "); split(after, a, " "); for (i = 1; i <= n; i++) printf "%.1f ", a[i] - b[i] }')
    jit_before=$jit_after
    echo "  warm-up round $round ($phase): $rate events/s${jit_round:+, JIT seconds per process: $jit_round}"
    if [ "$round" -ge 2 ] &&
      awk -v a="$rate" -v b="$previous" 'BEGIN { exit !(a > 0 && b > 0 && (a - b) / b < 0.1 && (b - a) / a < 0.1) }' &&
      awk -v jit="$jit_round" 'BEGIN { n = split(jit, s, " "); for (i = 1; i <= n; i++) if (s[i] >= 1) exit 1 }'; then
      return 0
    fi
    previous=$rate
  done
}

live() { # label
  for rate in 1000 5000; do
    bench --label "$1" --phases live --live-rate "$rate" --live-seconds "$live_seconds" --live-warmup 5
  done
}

product_phases() { # label env...
  local label=$1; shift
  start_gateway "$@"
  warm_up single "$url"
  bench --label "$label" --phases single,batch,multibatch,ingest-one-stream --seconds "$seconds"
  echo "one hot stream:"
  bench --label "$label-hot" --phases single --streams 1 --seconds "$seconds"
  live "$label"
  bench --label "$label" --phases stream-catchup
  stop_server
}

pg_port=
cleanup() {
  stop_server
  # Each step may find its process already gone; with set -e a failed last command of a && list
  # would end the trap, and the script, with status 1 after a successful run.
  if [ -n "$pg_port" ]; then "$root/scripts/postgres.sh" stop "$work/pg" >/dev/null 2>&1 || true; fi
  if [ -n "${nats_pid:-}" ]; then kill "$nats_pid" 2>/dev/null || true; fi
  if [ -d "$work/cluster" ]; then CLUSTER_DIR="$work/cluster" "$root/scripts/cluster.sh" down >/dev/null 2>&1 || true; fi
  true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

floor_phases() { # label [env...]
  local label=$1; shift
  start_server "$floor_bin" "$@"
  warm_up single
  bench --label "$label" --phases single,multibatch --seconds "$seconds"
  for rate in 1000 5000; do # the HTTP floor of the live latencies: paced publishes, their 201s only
    bench --label "$label" --phases live --live-acks-only yes --live-rate "$rate" --live-seconds "$live_seconds" --live-warmup 5
  done
  stop_server
}

machine_facts
if wants floor; then
  echo "== floor: bare Kestrel, parses the event and answers 201, stores nothing"
  floor_phases floor
  echo "== durable floor: the same, and each body appended to a file and synced (fsync) before the 201"
  floor_phases dfloor "durable=$work/durable-floor.log" # bench/Floor takes its settings from the environment too
fi

if wants full; then
  echo "== SQLite, synchronous = FULL (the README's default)"
  product_phases full Storage__Synchronous=Full
fi

if wants normal; then
  echo "== SQLite, synchronous = NORMAL"
  product_phases normal Storage__Synchronous=Normal
fi

if wants group; then
  echo "== consumer groups (SQLite FULL, fresh process)"
  start_gateway Storage__Synchronous=Full
  warm_up single "$url"
  bench --label group --phases single --seconds "$seconds"
  bench --label group --phases group --live-rate 1000 --live-seconds "$live_seconds"
  stop_server
fi

if wants scavenge; then
  echo "== scavenge (SQLite FULL, fresh process)"
  start_gateway Storage__Synchronous=Full
  bench --label scavenge --phases scavenge --seconds "$seconds" --db-file "$work/run/data/events.db"
  stop_server
fi

if wants memory; then
  # Each on a fresh gateway process, so each peak RSS is that workload's own.
  echo "== memory bounds (SQLite FULL, fresh process each)"
  start_gateway Storage__Synchronous=Full
  bench --label full --phases ingest --ingest-mb "$ingest_mb" --gateway-pid "$server_pid"
  stop_server
  start_gateway Storage__Synchronous=Full
  bench --label full --phases overload --seconds "$seconds" --gateway-pid "$server_pid"
  stop_server
  # More streams than the node keeps alive (event-cluster.streams.entity-memory-budget): memory
  # follows the budget, not the number of streams; streams passivated early recover on their next append.
  start_gateway Storage__Synchronous=Full
  bench --label many_streams --phases ingest --ingest-mb "$ingest_mb" --streams 100000 --gateway-pid "$server_pid"
  stop_server
fi

if wants postgres; then
  echo "== PostgreSQL"
  pg_port=$(free_port)
  "$root/scripts/postgres.sh" start "$work/pg" "$pg_port" >/dev/null
  start_gateway Storage__Provider=PostgreSql \
    "Storage__ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;No Reset On Close=true"
  warm_up single "$url"
  bench --label postgres --phases single,batch,multibatch --seconds "$seconds"
  stop_server
  "$root/scripts/postgres.sh" stop "$work/pg" >/dev/null
  pg_port=
fi

if wants expire; then
  echo "== steady append + expire on PostgreSQL (scavenge every 10 s)"
  pg_port=$(free_port)
  "$root/scripts/postgres.sh" start "$work/pg" "$pg_port" >/dev/null
  start_gateway Storage__Provider=PostgreSql Retention__ScavengeInterval=00:00:10 \
    "Storage__ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;No Reset On Close=true"
  psql_bin=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)
  (for i in $(seq 0 13); do
     echo "  t=$((i * 15)) s: journal table $("$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -Atc \
       "SELECT pg_size_pretty(pg_total_relation_size('journal')) || ', ' || (SELECT COUNT(*) FROM journal) || ' rows'")"
     sleep 15
   done) &
  sampler=$!
  bench --label expire --phases expire --seconds 180
  wait "$sampler" || true
  stop_server
  "$root/scripts/postgres.sh" stop "$work/pg" >/dev/null
  pg_port=
fi

if wants cluster; then
  echo "== 3 nodes over PostgreSQL, through a gateway-role process (scripts/cluster.sh)"
  node_ports="$(free_port) $(free_port) $(free_port)"
  export CLUSTER_DIR="$work/cluster" PG_PORT=$(free_port) GATEWAY_PORT=$port NODE_HTTP_PORTS="$node_ports"
  "$root/scripts/cluster.sh" up >/dev/null
  node_urls=()
  for node_port in $node_ports; do node_urls+=("http://127.0.0.1:$node_port"); done
  warm_up single "$url" "${node_urls[@]}"
  bench --label cluster --phases single --seconds "$seconds"
  warm_up multibatch "$url" "${node_urls[@]}" # its own code paths, compiled in 4 processes
  bench --label cluster --phases multibatch --seconds "$seconds"
  "$root/scripts/cluster.sh" down >/dev/null
  rm -rf "$work/cluster"
fi

if wants nats; then
  if ! command -v nats-server >/dev/null; then
    # As scripts/test.sh and scripts/postgres.sh do: a fresh machine may have no package lists yet.
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null
  fi
  echo "== NATS JetStream (file storage)"
  nats_port=$(free_port)
  nats-server -js -sd "$work/nats" -a 127.0.0.1 -p "$nats_port" >"$work/nats.log" 2>&1 &
  nats_pid=$!
  sleep 1
  for rate in 1000 5000; do
    "$bench_bin" --results "$results" --label nats --phases nats --seconds "$seconds" --nats-url "nats://127.0.0.1:$nats_port" \
      --live-rate "$rate" --live-seconds "$live_seconds" --live-warmup 5 --nats-only-live "$([ "$rate" = 1000 ] && echo no || echo yes)" |
      grep -v '^bench against'
  done
  kill "$nats_pid" 2>/dev/null || true
fi

echo
python3 "$root/bench/summary.py" "$results"
rm -rf "$work/run"
