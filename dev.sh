#!/usr/bin/env bash
# Vigil's two commands (README "Quick start"):
#
#   ./dev.sh demo   install what is missing, build, start Vigil on the embedded
#                   store with demo data
#   ./dev.sh test   install what is missing, build, run every test
#
# Both are idempotent: packages already installed are not reinstalled, builds
# are incremental, demo data is generated once. Dependencies come from Debian
# packages only (apt-get).
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config python3 time
  libsimdjson-dev libzstd-dev zlib1g-dev libabsl-dev libcli11-dev libfmt-dev
  libboost1.81-dev libboost-url1.81-dev libssl-dev libyaml-cpp-dev prometheus-cpp-dev
  libgoogle-perftools-dev libgtest-dev libgmock-dev libbenchmark-dev clang-format clang-tidy
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

build() {
  local preset=$1
  [ -f "build/$preset/build.ninja" ] || cmake --preset "$preset" >/dev/null
  log "building ($preset)"
  cmake --build --preset "$preset"
}

demo() {
  install_deps
  build release
  local vigil=build/release/src/cli/vigil
  local data=${VIGIL_DEMO_DATA:-demo-data}
  if [ ! -f "$data/FORMAT" ]; then
    log "generating and ingesting 200,000 demo events into $data"
    "$vigil" gen 200000 --seed 42 | "$vigil" --data "$data" ingest -
  fi
  log "what the store holds"
  "$vigil" --data "$data" stats
  log "the 10 newest failed events of the last 7 days"
  "$vigil" --data "$data" query 'status:error time:last-7d' --limit 10
  log "logins of one tenant's admins, as NDJSON"
  "$vigil" --data "$data" query 'action:user.login* actor.role:admin' --limit 3 --json
  cat >&2 <<MSG

Vigil's data is in ./$data. Try:
  $vigil --data $data query 'action:app.* -status:success'
  $vigil --data $data query '"renamed" time:last-24h'
  $vigil --data $data export --format csv 'time:last-week' > last-week.csv
  $vigil --help
MSG
}

run_tests() {
  install_deps
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
