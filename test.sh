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
#   ca-certificates/curl  HTTPS for NuGet, npm and the SDK installer below
packages=(ffmpeg opus-tools libopus0 mumble-server socat alsa-utils libasound2 iproute2 espeak-ng sqlite3 nodejs npm ca-certificates curl)
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

# ---- 2. The .NET 10 SDK (global.json: 10.0.x), when there is none ----------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# (grep without -q reads all its input: with pipefail, an early exit could fail the pipe through SIGPIPE.)
has_sdk10() { "$1" --list-sdks 2>/dev/null | grep '^10\.' >/dev/null; }
if ! { command -v dotnet >/dev/null 2>&1 && has_sdk10 dotnet; }; then
  export DOTNET_ROOT="${DOTNET_ROOT:-$HOME/.dotnet}"
  if [ ! -x "$DOTNET_ROOT/dotnet" ] || ! has_sdk10 "$DOTNET_ROOT/dotnet"; then
    echo "test.sh: installing the .NET 10 SDK into $DOTNET_ROOT"
    # The SDK's own native dependencies (Debian 12 names; ICU for MSBuild's globalization).
    apt_update_once
    for icu in libicu72 libicu76 libicu74; do
      if apt-cache show "$icu" >/dev/null 2>&1; then apt_install "$icu" zlib1g tzdata; break; fi
    done
    installer=$(mktemp)
    curl -fsSL https://dot.net/v1/dotnet-install.sh -o "$installer"
    bash "$installer" --channel 10.0 --install-dir "$DOTNET_ROOT" >/dev/null
    rm -f "$installer"
  fi
  export PATH="$DOTNET_ROOT:$PATH"
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
dotnet test Gateway.sln -c Release --no-build --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000
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
