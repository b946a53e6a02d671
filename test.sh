#!/usr/bin/env bash
# The whole test suite from a fresh machine (Debian 12, as root or with sudo): installs what the tests need when it is
# missing (Debian packages, the .NET 10 SDK, npm packages), restores, builds (warnings are errors), runs every test
# project and ends with one summary line "N passed, N failed, N skipped" taken from the test results (trx).
# Exit code: 0 only when every test passed and at least one ran. Tests never skip: a missing tool fails its test.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_updated=""
apt_update_once() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
}
apt_install() {
  apt_update_once
  # env, not a plain assignment: sudo would drop DEBIAN_FRONTEND (mumble-server asks debconf questions otherwise).
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---- 1. Debian packages the interop tests drive (real peers, not mocks) ----------------------------
#   ffmpeg        RTP Opus/G.711 peer, Ogg Opus decoder   opus-tools  opusdec/opusinfo
#   libopus0      native Opus for Concentus                mumble-server  murmurd for the Mumble tests
#   socat         pty pairs for the serial radio simulator alsa-utils/libasound2  ALSA file/null plugins
#   iproute2      network namespaces for multicast tests   espeak-ng   text-to-speech for alerts
#   sqlite3       inspecting the database in tests/docs    nodejs/npm  independent gRPC client (@grpc/grpc-js)
#   ca-certificates  HTTPS for NuGet and npm
packages=(ffmpeg opus-tools libopus0 mumble-server socat alsa-utils libasound2 iproute2 espeak-ng sqlite3 nodejs npm ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere than Debian: a working node on PATH is enough.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]:-}"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

# ---- 2. The .NET 10 SDK (global.json: 10.0.x) must be on the machine ----------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# (grep without -q reads all its input: with pipefail, an early exit could fail the pipe through SIGPIPE.)
if ! { command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep '^10\.' >/dev/null; }; then
  echo "test.sh: the .NET 10 SDK is required (dotnet with a 10.0.x SDK on PATH); install it from your distribution's or Microsoft's packages" >&2
  exit 2
fi

# ---- 3. npm packages for the independent gRPC client test ---------------------------------------
if [ -f tests/Gateway.Api.Tests/node/package.json ] && [ ! -d tests/Gateway.Api.Tests/node/node_modules ]; then
  (cd tests/Gateway.Api.Tests/node && npm install --no-audit --no-fund --silent)
fi

# ---- 4. Restore, build (warnings are errors), test ---------------------------------------------
dotnet restore Gateway.sln
dotnet build Gateway.sln -c Release --no-restore

results=$(mktemp -d)
set +e
# One test project at a time (-maxcpucount:1): the interop suites pace real audio streams in real time and would
# otherwise starve each other on a 2-core machine. The whole run takes a few minutes.
dotnet test Gateway.sln -c Release --no-build -maxcpucount:1 --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000
status=$?
set -e

passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  # A run that aborted may have left a trx without counters: count it as a failure, not a crash of this script.
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
  if [ -z "$counters" ]; then failed=$((failed + 1)); continue; fi
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(get total)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$total" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
