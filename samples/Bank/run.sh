#!/usr/bin/env bash
# Runs the bank sample against a fresh all-in-one gateway (SQLite in a temporary folder), then
# stops the gateway. Usage: samples/Bank/run.sh   (PORT=5080 by default)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
port=${PORT:-5080}
data=$(mktemp -d)

echo "building the gateway and the sample..."
dotnet build "$root/src/Cluster.Gateway" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/samples/Bank" -c Release -v quiet -nologo >/dev/null

echo "starting the gateway on http://127.0.0.1:$port (data in $data)..."
(cd "$data" && exec dotnet "$root/src/Cluster.Gateway/bin/Release/net10.0/Cluster.Gateway.dll" \
  --urls "http://127.0.0.1:$port" >"$data/gateway.log" 2>&1) &
gateway=$!
trap 'kill "$gateway" 2>/dev/null || true; wait "$gateway" 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; then break; fi
  if ! kill -0 "$gateway" 2>/dev/null; then cat "$data/gateway.log"; exit 1; fi
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "gateway not ready"; cat "$data/gateway.log"; exit 1; }

dotnet "$root/samples/Bank/bin/Release/net10.0/Bank.dll" --gateway "http://127.0.0.1:$port"
