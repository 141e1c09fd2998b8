#!/usr/bin/env bash
# Ingest benchmark (first version): `vigil gen` data through `vigil ingest`,
# durable (every batch fsynced before it counts), into a fresh data directory.
#
#   bench/ingest.sh [EVENTS] [RUNS]      defaults: 1000000 events, 3 runs
#
# Prints one row per run and the median: events/s, CPU seconds, peak RSS and
# bytes per event on disk (segments + WAL; the generated NDJSON size is shown
# for comparison). Needs a release build (./dev.sh test or demo builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
RUNS=${2:-3}
VIGIL=${VIGIL:-build/release/src/cli/vigil}
[ -x "$VIGIL" ] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-XXXXXX")
trap 'rm -rf "$WORK"' EXIT

"$VIGIL" gen "$EVENTS" --seed 1 --end 2026-11-21 > "$WORK/events.ndjson"
INPUT_BYTES=$(stat -c %s "$WORK/events.ndjson")
echo "input: $EVENTS events, $INPUT_BYTES bytes of NDJSON ($((INPUT_BYTES / EVENTS)) bytes/event)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
printf '%-5s %12s %10s %10s %12s %12s\n' run "events/s" "wall s" "cpu s" "peak RSS MB" "bytes/event"
rates=()
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/data"
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$VIGIL" --data "$WORK/data" ingest -q "$WORK/events.ndjson"
  read -r wall user sys rss_kb < "$WORK/time"
  bytes=$(du -sb "$WORK/data" | cut -f1)
  rate=$(awk -v n="$EVENTS" -v w="$wall" 'BEGIN {printf "%.0f", n / w}')
  rates+=("$rate")
  printf '%-5s %12s %10s %10s %12s %12s\n' "$run" "$rate" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')" \
    "$((rss_kb / 1024))" "$(awk -v b="$bytes" -v n="$EVENTS" 'BEGIN {printf "%.1f", b / n}')"
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
echo "median: $median events/s"
