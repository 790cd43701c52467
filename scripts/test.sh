#!/usr/bin/env bash
# Every spec, on a fresh machine of the project's kind: installs what the tests need and is missing
# (Debian's postgresql-15 server binaries for the multi-node specs, chromium and chromium-driver for
# the dashboard's browser spec), then runs `dotnet test` over the solution and prints one summary
# line. Extra arguments go to `dotnet test` (e.g. --filter). `.ci/run` runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql-15)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} (needed by the tests)..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test "$@" 2>&1 | tee "$log" || status=$?
# One closing summary line over all test projects.
total() { grep -oE "$1: +[0-9]+" "$log" | awk '{ sum += $2 } END { print sum + 0 }'; }
echo "$(total Passed) passed, $(total Failed) failed"
exit "$status"
