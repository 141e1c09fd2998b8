#!/usr/bin/env bash
# Vigil's two commands (README "Quick start"):
#
#   ./dev.sh demo   install what is missing, build, start the Vigil server on the
#                   embedded store with demo data; prints the URL and an admin key
#   ./dev.sh test   install what is missing, build, run every test
#
# Both are idempotent: packages already installed are not reinstalled, builds
# are incremental, demo data is generated once. Dependencies come from Debian
# packages (apt-get; Chromium for the web UI's browser tests) and the npm
# registry (package.json, package-lock.json: uap-core's user-agent regexes,
# DB-IP's city database, the web UI's build and test tools — Vite, TypeScript,
# Preact, uPlot, Vitest, playwright-core — and the reference implementation
# tests use).
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config python3 time zstd openssl
  libsimdjson-dev libzstd-dev zlib1g-dev libabsl-dev libcli11-dev libfmt-dev
  libboost1.81-dev libboost-url1.81-dev libssl-dev libyaml-cpp-dev prometheus-cpp-dev
  libgoogle-perftools-dev libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-tidy
  libre2-dev libmaxminddb-dev libvalijson-dev nlohmann-json3-dev libroaring-dev libutf8proc-dev libicu-dev python3-maxminddb
  chromium fonts-dejavu-core clickhouse-server
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

install_deps() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# npm packages of package-lock.json into ./node_modules, again only when the
# lock file changed since the last install. Node.js and npm come from Debian
# when the machine has no npm.
install_npm() {
  if ! command -v npm >/dev/null; then
    log "installing Debian packages: nodejs npm"
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends nodejs npm
  fi
  local stamp=node_modules/.vigil-lock.sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
  log "installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
}

build() {
  local preset=$1
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  log "building ($preset)"
  cmake --build --preset "$preset"
}

demo() {
  install_deps
  install_npm
  build release
  local vigil=build/release/src/cli/vigil
  local data=${VIGIL_DEMO_DATA:-demo-data}
  local listen=${VIGIL_LISTEN:-127.0.0.1:8080}
  log "starting Vigil on $listen with demo data in ./$data (Ctrl-C stops it)"
  # First start: 200,000 generated events and an admin key (printed every start).
  exec "$vigil" serve --demo --data "$data" --listen "$listen"
}

run_tests() {
  install_deps
  install_npm
  build release
  log "running every test"
  ctest --preset release --parallel 2 --timeout 900
}

# Not one of the two commands: clang-tidy over every source (slow: ~7 s a file).
lint() {
  install_deps
  build release
  log "clang-tidy (2 jobs)"
  git ls-files 'src/*.cc' 'tests/*.cc' | grep -v -e '_fuzzer.cc$' -e 'segment_speed.cc$' | xargs -P 2 -n 4 clang-tidy -p build/release --quiet \
    2> >(grep -v "warnings generated" >&2)
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  lint) lint ;;
  *)
    echo "usage: $0 demo|test|lint" >&2
    exit 2
    ;;
esac
