#!/usr/bin/env bash
# Vigil against ClickHouse, SQLite and PostgreSQL on the same events
# (DESIGN.md §6, issue 6): one command generates N events with `vigil gen`,
# loads them into each engine in turn through its natural bulk path, runs the
# reference query mix of bench/http_load.cc on each from one Python driver,
# and prints one table: ingest events/s, bytes/event on disk, p50/p99 per
# query and Vigil's ratio to the best peer on each row.
#
#   bench/compare.sh [EVENTS]     default 1000000 (quick); 10000000 is the full size
#
# Environment:
#   ENGINES="vigil,clickhouse,sqlite,postgres"   which engines, in this order
#   RUNS=20 WARMUP=2   timed runs per query after the warm-up rounds
#   BUDGET=60          seconds of timed runs per query and engine; a slower
#                      query stops after 5 samples once it has used them
#   END=…              time of the newest event (RFC 3339; default: now, to
#                      the second, so that time:last-30d finds the newest events)
#   VIGIL, LOAD        the binaries (default: the release build; copy them out
#                      of the build when others rebuild meanwhile)
#   PYTHON             a python3 with psycopg2 (default: python3 if it has it,
#                      else Debian's /usr/bin/python3, where python3-psycopg2 goes)
#   CH_CONNECTIONS=2   concurrent INSERT connections to ClickHouse
#   INSTALL=0          do not apt-get install missing peers
#
# The engines run one at a time, each alone on the machine: Vigil (`vigil
# serve` fed by vigil-http-load over HTTP), ClickHouse (Debian's
# clickhouse-server, HTTP INSERTs of TSV), SQLite (Python's sqlite3, one
# transaction) and PostgreSQL (Debian's server, COPY, then indexes). The
# servers listen on 127.0.0.1 only, keep their data in a temporary directory
# removed at the end, and run as nobody when this script runs as root. The
# schemas, indexes and queries of the peers are bench/compare/*.sql.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
ENGINES=${ENGINES:-vigil,clickhouse,sqlite,postgres}
RUNS=${RUNS:-20}
WARMUP=${WARMUP:-2}
BUDGET=${BUDGET:-60}
VIGIL=${VIGIL:-build/release/src/cli/vigil}
LOAD=${LOAD:-build/release/bench/vigil-http-load}
INSTALL=${INSTALL:-1}
CH_CONNECTIONS=${CH_CONNECTIONS:-2}

for b in "$VIGIL" "$LOAD"; do
  [ -x "$b" ] || { echo "missing $b; build first: cmake --preset release && cmake --build --preset release --target vigil vigil-http-load" >&2; exit 2; }
done

# Peers from Debian, installed only when missing (their system services are
# never started: this script runs its own instances).
need=()
case ",$ENGINES," in *,clickhouse,*) command -v clickhouse-server > /dev/null || need+=(clickhouse-server) ;; esac
case ",$ENGINES," in *,postgres,*)
  ls /usr/lib/postgresql/*/bin/postgres > /dev/null 2>&1 || need+=(postgresql)
  /usr/bin/python3 -c 'import psycopg2' 2> /dev/null || need+=(python3-psycopg2) ;;
esac
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$INSTALL" != 1 ] || [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages: ${need[*]} (apt-get install -y ${need[*]})" >&2
    exit 2
  fi
  echo "installing ${need[*]} (apt-get)"
  # Keep the packages from starting their system services (invoke-rc.d(8)):
  # a policy-rc.d that denies every action, only while installing, and only
  # if the machine has none of its own.
  POLICY=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    POLICY=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$POLICY"
    chmod 755 "$POLICY"
  fi
  status=0
  apt-get update -qq > /dev/null &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null ||
    status=$?
  [ -z "$POLICY" ] || rm -f "$POLICY"
  [ "$status" = 0 ] || { echo "apt-get install ${need[*]} failed" >&2; exit 2; }
fi
if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  case ",$ENGINES," in *,postgres,*)
    python3 -c 'import psycopg2' 2> /dev/null || PYTHON=/usr/bin/python3 ;;
  esac
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-compare-XXXXXX")
chmod 755 "$WORK"  # the servers run as nobody
cleanup() {
  # Servers the driver started, should it have died without stopping them.
  if [ -f "$WORK/pids" ]; then
    while read -r pid; do
      kill -0 "$pid" 2> /dev/null && kill -TERM "$pid" 2> /dev/null || true
    done < "$WORK/pids"
    sleep 1
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

END=${END:-$(date -u +%Y-%m-%dT%H:%M:%S.000Z)}
echo "== machine"
echo "cpu: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "ram: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); kernel $(uname -r)"
echo "disk: $(df -hT "$WORK" | awk 'NR==2 {print $1", "$2", "$3" total"}') (data under $WORK)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src/)')"
echo "binaries: $VIGIL ($(sha256sum "$VIGIL" | cut -c1-12), built $(date -u -r "$VIGIL" +%Y-%m-%dT%H:%M:%SZ)), $LOAD"
echo "command: ENGINES=$ENGINES RUNS=$RUNS WARMUP=$WARMUP BUDGET=$BUDGET CH_CONNECTIONS=$CH_CONNECTIONS END=$END bench/compare.sh $EVENTS"
echo
T0=$(date +%s)
"$PYTHON" -B bench/compare/compare.py --events "$EVENTS" --end "$END" --work "$WORK" \
  --vigil "$VIGIL" --load "$LOAD" --engines "$ENGINES" --runs "$RUNS" --warmup "$WARMUP" --budget "$BUDGET" \
  --clickhouse-connections "$CH_CONNECTIONS"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); wall $(( $(date +%s) - T0 )) s"
