#!/usr/bin/env bash
# One-command local cluster on loopback: PostgreSQL, three node processes and one gateway.
#   scripts/cluster.sh up       build, start everything, wait until all members are Up and the gateway is ready
#   scripts/cluster.sh status   what runs (by recorded PID) and the cluster as the gateway sees it
#   scripts/cluster.sh down     stop exactly what `up` started, by PID, and PostgreSQL
# Settings (environment): CLUSTER_DIR (state, logs, database; default /tmp/event-cluster),
# PG_PORT (55432), GATEWAY_PORT (5000), NODE_HTTP_PORTS ("5101 5102 5103"), REMOTING_BASE (4700).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${CLUSTER_DIR:-/tmp/event-cluster}
pg_port=${PG_PORT:-55432}
gateway_port=${GATEWAY_PORT:-5000}
read -r -a node_ports <<< "${NODE_HTTP_PORTS:-5101 5102 5103}"
remoting_base=${REMOTING_BASE:-4700}
config=${CONFIGURATION:-Release}
# Each of the 4 processes pools at most 50 connections: 200 stay under the server's max_connections (300).
connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;No Reset On Close=true;Maximum Pool Size=50"

contact_points() {
  local i=0
  for port in "${node_ports[@]}"; do
    echo "Cluster__ContactPoints__${i}=127.0.0.1:${port}"
    i=$((i + 1))
  done
}

start_process() { # name dll http_port remoting_port [extra env...]
  local name=$1 dll=$2 http=$3 remoting=$4; shift 4
  env $(contact_points) \
    Storage__Provider=PostgreSql "Storage__ConnectionString=$connection" \
    Cluster__Hostname=127.0.0.1 "Cluster__Port=$remoting" \
    Logging__LogLevel__Default=Warning akka__loglevel=WARNING "$@" \
    nohup dotnet "$dll" --urls "http://127.0.0.1:$http" > "$dir/$name.log" 2>&1 &
  echo $! > "$dir/$name.pid"
  echo "started $name (pid $!) http://127.0.0.1:$http remoting 127.0.0.1:$remoting"
}

members_up() { # how many members the gateway sees as Up
  curl -sf "http://127.0.0.1:$gateway_port/cluster" 2>/dev/null | grep -o '"status":"Up"' | wc -l
}

up() {
  if ls "$dir"/*.pid >/dev/null 2>&1; then
    echo "already up (state in $dir); run '$0 down' first" >&2
    exit 1
  fi
  mkdir -p "$dir"
  "$root/scripts/postgres.sh" start "$dir/postgres" "$pg_port"
  echo "building ($config)..."
  dotnet build "$root/src/Cluster.Gateway" -c "$config" -v quiet -nologo >/dev/null
  local node_dll="$root/src/Cluster.Node/bin/$config/net10.0/Cluster.Node.dll"
  local gateway_dll="$root/src/Cluster.Gateway/bin/$config/net10.0/Cluster.Gateway.dll"
  local i=1
  for port in "${node_ports[@]}"; do
    start_process "node$i" "$node_dll" "$port" $((remoting_base + i))
    i=$((i + 1))
  done
  start_process gateway "$gateway_dll" "$gateway_port" "$remoting_base" akka__cluster__roles__0=gateway

  local want=$(( ${#node_ports[@]} + 1 ))
  echo "waiting for $want members Up and the gateway ready..."
  for _ in $(seq 1 180); do
    if [ "$(members_up)" -ge "$want" ] && curl -sf "http://127.0.0.1:$gateway_port/health/ready" >/dev/null; then
      echo "cluster up:"
      echo "  gateway  http://127.0.0.1:$gateway_port   (API; /cluster shows members and shards)"
      for port in "${node_ports[@]}"; do echo "  node     http://127.0.0.1:$port   (health, /cluster)"; done
      echo "  postgres 127.0.0.1:$pg_port   (user postgres, database postgres)"
      echo "  logs     $dir/*.log"
      return 0
    fi
    sleep 1
  done
  echo "the cluster did not come up within 180 s; logs in $dir" >&2
  exit 1
}

down() {
  local pidfile pid
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
    fi
    rm -f "$pidfile"
  done
  if [ -d "$dir/postgres" ]; then
    "$root/scripts/postgres.sh" stop "$dir/postgres"
    echo "stopped postgres"
  fi
}

status() {
  local pidfile pid
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || { echo "nothing started (no state in $dir)"; return 0; }
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then state=running; else state=gone; fi
    echo "$(basename "$pidfile" .pid) pid $pid $state"
  done
  curl -sf "http://127.0.0.1:$gateway_port/cluster" && echo || echo "gateway not answering"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
