#!/usr/bin/env bash
# The whole test suite from a fresh machine: installs what the tests need, restores, builds, runs every test project,
# and ends with one summary line "N passed, N failed, N skipped" taken from the test results.
set -euo pipefail
cd "$(dirname "$0")"

# ---- 1. Debian packages the interop tests drive (real peers, not mocks) ----------------------------
#   ffmpeg        RTP Opus/G.711 peer, Ogg Opus decoder   opus-tools  opusdec/opusinfo
#   libopus0      native Opus for Concentus                mumble-server  murmurd for the Mumble tests
#   socat         pty pairs for the serial radio simulator alsa-utils/libasound2  ALSA file/null plugins
#   iproute2      network namespaces for multicast tests   espeak-ng   text-to-speech for alerts
#   sqlite3       inspecting the database in tests/docs    nodejs/npm  independent gRPC client (@grpc/grpc-js)
packages=(ffmpeg opus-tools libopus0 mumble-server socat alsa-utils libasound2 iproute2 espeak-ng sqlite3 nodejs npm)
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
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- 2. npm packages for the independent gRPC client test ---------------------------------------
if [ -f tests/Gateway.Api.Tests/node/package.json ] && [ ! -d tests/Gateway.Api.Tests/node/node_modules ]; then
  (cd tests/Gateway.Api.Tests/node && npm install --no-audit --no-fund --silent)
fi

# ---- 3. Restore, build (warnings are errors), test ---------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Gateway.sln
dotnet build Gateway.sln -c Release --no-restore

results=$(mktemp -d)
set +e
dotnet test Gateway.sln -c Release --no-build --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000
status=$?
set -e

passed=0; failed=0; skipped=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
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
