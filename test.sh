#!/usr/bin/env bash
# Runs every test of GoLive Control Room on a fresh Debian machine with the .NET SDK.
# Installs what the tests need and is missing (Debian's Chromium for the browser tests),
# builds once, then runs each test project in turn (one at a time: the integration and
# browser tests start real servers and want the machine's two cores to themselves).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
need_deb() { # need_deb <command-or-path> <package>
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
    if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
    echo "Installing Debian package $2 (needed by the tests)…"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

need_deb "${GOLIVE_CHROMIUM:-/usr/bin/chromium}" chromium
need_deb "${GOLIVE_PROMETHEUS:-/usr/bin/prometheus}" prometheus   # also brings promtool
need_deb node nodejs
need_deb npm npm   # Debian's nodejs does not bring npm (NodeSource's does)
need_deb /usr/sbin/haproxy haproxy   # the HAProxy data-plane tests start real haproxy processes (docs/haproxy.md)
# The real JavaScript SignalR client of the hub test (pinned in tests/signalr-client/package-lock.json).
npm ci --prefix tests/signalr-client --no-audit --no-fund --silent

dotnet build Dashboard.sln -c Debug -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
for project in tests/Core.Tests tests/Dashboard.Tests tests/EndToEnd.Tests; do
  echo "== $project"
  dotnet test "$project" -c Debug --no-build -nologo 2>&1 | tee -a "$log" || status=1
done

passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
