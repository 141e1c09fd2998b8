#!/usr/bin/env bash
# HTTP bulk-ingest benchmark: `vigil serve` fed NDJSON batches of 1,000 events
# by vigil-http-load (a separate process) over several keep-alive
# connections, with and without the reference query mix running alongside,
# against `vigil ingest` of the same events from a file (the CLI baseline) in
# the same run.
#
#   bench/http_ingest.sh [EVENTS] [CONNECTIONS]    defaults: 1000000 events, 4 connections
#
# Environment:
#   RUNS="…"      the runs below, in this order (names may repeat, e.g.
#                 RUNS="http http-noenrich http-noenrich http" to see the
#                 cost of enrichment twice, alternating); default: each
#                 run once, in the order listed below
#   PRELOAD=N     events already in the store for the query runs (default
#                 1000000: the same population, the 90 days before; 0: none),
#                 loaded offline with `vigil ingest` before the server starts
#   PERF=fp|dwarf record the server with `perf record` during the first
#                 run named PERF_RUN (default http) (call graphs by frame
#                 pointer or DWARF); the report goes to PERF_OUT (default
#                 ./perf-http-ingest)
#   VIGIL, LOAD   the binaries (default: the release build)
#
# Runs, each on a fresh data directory, servers with --rate-ingest 0
# --rate-read 0:
#   http            ingest only, --self-audit=false
#   http-noenrich   the same with --enrich=false: events stored as sent (no
#                   ua, geo or diff), for the cost of enrichment
#   http+gzip       the same as http, batches gzip-compressed up front
#   http+queries    ingest with the query mix, --self-audit=false, PRELOAD events stored
#   http+q+audit    the same with self-audit on (every search records an event)
#   cli             vigil ingest of the same events from a file
# and prints one table (events/s, request latency, server CPU, peak RSS,
# bytes/event on disk), the query table, the enrichment overhead (when both
# http and http-noenrich ran) and the exact commands.
# Needs a release build: cmake --preset release && cmake --build --preset release
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
CONNS=${2:-4}
PRELOAD=${PRELOAD:-1000000}
RUNS=${RUNS:-http http-noenrich http+gzip http+queries http+q+audit cli}
PERF=${PERF:-}
PERF_RUN=${PERF_RUN:-http}
PERF_OUT=${PERF_OUT:-$PWD/perf-http-ingest}
VIGIL=${VIGIL:-build/release/src/cli/vigil}
LOAD=${LOAD:-build/release/bench/vigil-http-load}
for r in $RUNS; do
  case $r in
    http | http-noenrich | http+gzip | http+queries | http+q+audit | cli) ;;
    *) echo "RUNS: unknown run '$r' (http, http-noenrich, http+gzip, http+queries, http+q+audit, cli)" >&2; exit 2 ;;
  esac
done
for b in "$VIGIL" "$LOAD"; do
  [ -x "$b" ] || { echo "missing $b; build first: cmake --preset release && cmake --build --preset release" >&2; exit 2; }
done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-http-bench-XXXXXX")
TIME_PID=""
cleanup() {
  if [ -n "$TIME_PID" ] && kill -0 "$TIME_PID" 2>/dev/null; then
    pkill -TERM -P "$TIME_PID" 2>/dev/null || true
    wait "$TIME_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== machine"
echo "cpu: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "ram: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); kernel $(uname -r)"
echo "disk: $(df -hT "$WORK" | awk 'NR==2 {print $1", "$2", "$3" total"}') (data dirs under $WORK)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# One end time for every run, so every run sends the same bytes.
END=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
PRE_END=$(date -u -d "$END - 90 days" +%Y-%m-%dT%H:%M:%S.000Z)
echo
echo "== input"
"$LOAD" --generate-only -n "$EVENTS" --end "$END" --dump "$WORK/events.ndjson"
INPUT_BYTES=$(stat -c %s "$WORK/events.ndjson")
QUERY_RUNS=0
case " $RUNS " in *" http+queries "* | *" http+q+audit "*) QUERY_RUNS=1 ;; esac
if [ "$PRELOAD" -gt 0 ] && [ "$QUERY_RUNS" = 1 ]; then
  "$VIGIL" gen "$PRELOAD" --seed 1 --end "$PRE_END" --with-ids > "$WORK/preload.ndjson"
  echo "preload for the query runs: $PRELOAD events ending $PRE_END ($(stat -c %s "$WORK/preload.ndjson") bytes)"
fi

# CPU seconds the whole machine spent busy (/proc/stat, all cores, without idle and iowait).
machine_busy() {
  awk -v t="$(getconf CLK_TCK)" '$1 == "cpu" {printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / t; exit}' /proc/stat
}

COMMANDS=()
ROWS=()
QROWS=()
row() {  # name eps wall p50 p99 server_cpu client_cpu other_cpu rss_kb bytes/event mb_sent
  local us_per_event
  us_per_event=$(awk -v c="$6" -v n="$EVENTS" 'BEGIN {printf "%.2f", c * 1e6 / n}')
  ROWS+=("$(printf '| %-13s | %9s | %6s | %7s | %7s | %9s | %9s | %10s | %9s | %10s | %7s | %7s |' \
    "$1" "$2" "$3" "$4" "$5" "$6" "$us_per_event" "$7" "$8" "$(($9 / 1024))" "${10}" "${11}")")
}

# run_http NAME SELF_AUDIT ENRICH PRELOAD(0|1) [vigil-http-load flags…]
run_http() {
  local name=$1 audit=$2 enrich=$3 preload=$4
  shift 4
  local data="$WORK/data-$name" before=0 stored_before=0
  rm -rf "$data"
  if [ "$preload" = 1 ] && [ "$PRELOAD" -gt 0 ]; then
    "$VIGIL" --data "$data" ingest -q "$WORK/preload.ndjson"
    before=$(du -sb "$data" | cut -f1)
    stored_before=$PRELOAD
  fi
  local key
  key=$("$VIGIL" --data "$data" keys create --name bench --scopes ingest,read --json |
    sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
  sync
  : > "$WORK/server-$name.out"
  local serve=("$VIGIL" --data "$data" serve --listen 127.0.0.1:0 --rate-ingest 0 --rate-read 0 "--self-audit=$audit")
  [ "$enrich" = true ] || serve+=("--enrich=$enrich")
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time-$name" "${serve[@]}" > "$WORK/server-$name.out" 2> "$WORK/server-$name.err" &
  TIME_PID=$!
  local port="" spid=""
  for _ in $(seq 1 200); do
    port=$(sed -n 's/^Vigil is listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/server-$name.out")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "server did not start:" >&2; cat "$WORK/server-$name.err" >&2; exit 1; }
  spid=$(pgrep -P "$TIME_PID")
  local load=("$LOAD" --port "$port" --server-pid "$spid" -n "$EVENTS" -c "$CONNS" --end "$END" "$@")
  COMMANDS+=("$name: ${serve[*]/$data/DIR}" "$name: VIGIL_BENCH_KEY=vk_… ${load[*]}")
  local perf_pid=""
  if [ -n "$PERF" ] && [ "$name" = "$PERF_RUN" ] && [ -z "$PERF_DONE" ]; then
    PERF_DONE=1
    mkdir -p "$PERF_OUT"
    local cg=(-g)
    [ "$PERF" = dwarf ] && cg=(--call-graph dwarf,16384 -F 499)
    perf record "${cg[@]}" -p "$spid" -o "$PERF_OUT/perf.data" 2> "$PERF_OUT/record.log" &
    perf_pid=$!
    sleep 0.5
  fi
  echo
  echo "== $name"
  VIGIL_BENCH_KEY=$key "${load[@]}" | tee "$WORK/load-$name" | grep -v '^RESULT'
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"
    wait "$perf_pid" || true
  fi
  kill -TERM "$spid"
  wait "$TIME_PID"
  TIME_PID=""
  local wall user sys rss_kb
  read -r wall user sys rss_kb < "$WORK/time-$name"
  local after
  after=$(du -sb "$data" | cut -f1)
  local r eps lwall p50 p99 mb
  r=$(grep '^RESULT ' "$WORK/load-$name")
  eps=$(sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p' <<< "$r")
  lwall=$(sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p' <<< "$r")
  p50=$(sed -n 's/.*lat_p50_ms=\([0-9.]*\).*/\1/p' <<< "$r")
  p99=$(sed -n 's/.*lat_p99_ms=\([0-9.]*\).*/\1/p' <<< "$r")
  mb=$(sed -n 's/.*mb_sent=\([0-9.]*\).*/\1/p' <<< "$r")
  local cpu ccpu ocpu bpe
  cpu=$(sed -n 's/.*server_cpu_s=\([0-9.-]*\).*/\1/p' <<< "$r")
  ccpu=$(sed -n 's/.*client_cpu_s=\([0-9.-]*\).*/\1/p' <<< "$r")
  ocpu=$(sed -n 's/.*other_cpu_s=\([0-9.-]*\).*/\1/p' <<< "$r")
  bpe=$(awk -v a="$after" -v b="$before" -v n="$EVENTS" 'BEGIN {printf "%.1f", (a - b) / n}')
  row "$name" "$eps" "$lwall" "$p50" "$p99" "$cpu" "$ccpu" "$ocpu" "$rss_kb" "$bpe" "$mb"
  case $name in http | http-noenrich) ENRICH_ROWS+=("$name $eps $cpu") ;; esac
  while read -r q; do
    QROWS+=("$name $q")
  done < <(grep '^RESULTQ ' "$WORK/load-$name" | sed 's/^RESULTQ //')
  [ "$name" = http+queries ] && grep -A8 '^targets:' "$WORK/load-$name" > "$WORK/targets" || true
  rm -rf "$data"
}

run_cli() {
  echo
  echo "== cli"
  local cli busy0 busy1 wall user sys rss_kb bytes cli_cpu
  rm -rf "$WORK/data-cli"
  sync
  cli=("$VIGIL" --data "$WORK/data-cli" ingest -q "$WORK/events.ndjson")
  COMMANDS+=("cli: ${cli[*]/$WORK/WORK}")
  busy0=$(machine_busy)
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time-cli" "${cli[@]}"
  busy1=$(machine_busy)
  read -r wall user sys rss_kb < "$WORK/time-cli"
  bytes=$(du -sb "$WORK/data-cli" | cut -f1)
  cli_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')
  row cli "$(awk -v n="$EVENTS" -v w="$wall" 'BEGIN {printf "%.0f", n / w}')" "$wall" - - \
    "$cli_cpu" - "$(awk -v a="$busy0" -v b="$busy1" -v c="$cli_cpu" 'BEGIN {printf "%.2f", b - a - c}')" "$rss_kb" \
    "$(awk -v b="$bytes" -v n="$EVENTS" 'BEGIN {printf "%.1f", b / n}')" "$(awk -v b="$INPUT_BYTES" 'BEGIN {printf "%.1f", b / 1e6}')"
}

PERF_DONE=""
ENRICH_ROWS=()
for r in $RUNS; do
  case $r in
    http) run_http http false true 0 ;;
    http-noenrich) run_http http-noenrich false false 0 ;;
    http+gzip) run_http http+gzip false true 0 --gzip ;;
    http+queries) run_http http+queries false true 1 --queries ;;
    http+q+audit) run_http http+q+audit true true 1 --queries ;;
    cli) run_cli ;;
  esac
done

echo
echo "== results: $EVENTS events ($((INPUT_BYTES / EVENTS)) B/event of NDJSON), $CONNS connections, batches of 1000"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run           |  events/s | wall s | req p50 | req p99 | srv cpu s | srv µs/ev | load cpu s | other cpu | srv RSS MB | B/event | MB sent |"
echo "|---------------|-----------|--------|---------|---------|-----------|-----------|------------|-----------|------------|---------|---------|"
printf '%s\n' "${ROWS[@]}"
echo
echo "wall: first request sent to last 200 (http); process start to exit, incl. the final flush (cli)."
echo "srv cpu s: server CPU (user+sys) from the first request to the last 200 (with queries: theirs too); cli: the whole process."
echo "load cpu s: CPU of vigil-http-load itself in that time (it shares the machine's cores with the server)."
echo "other cpu: CPU the rest of the machine used in that time (other users' builds and tests): rerun if it is not ~0."
echo "RSS: peak resident set of the server process (cli: of vigil ingest). B/event: data directory growth / events."
if [ "${#QROWS[@]}" -gt 0 ]; then
  echo
  echo "query latency (ms) during ingest; idle = after ingest ended (store at $((PRELOAD + EVENTS)) events)"
  echo
  echo "| run           | query | n    | p50    | p99    | max    | idle p50 | idle p99 | hits   |"
  echo "|---------------|-------|------|--------|--------|--------|----------|----------|--------|"
  for q in "${QROWS[@]}"; do
    read -r name f1 f2 f3 f4 f5 f6 f7 f8 _ <<< "$q"
    printf '| %-13s | %5s | %4s | %6s | %6s | %6s | %8s | %8s | %6s |\n' "$name" "${f1#q=}" "${f2#n=}" \
      "${f3#p50_ms=}" "${f4#p99_ms=}" "${f5#max_ms=}" "${f6#idle_p50_ms=}" "${f7#idle_p99_ms=}" "${f8#hits=}"
  done
  echo
  cat "$WORK/targets" 2>/dev/null || true
fi
if printf '%s\n' "${ENRICH_ROWS[@]}" | grep -q '^http ' &&
  printf '%s\n' "${ENRICH_ROWS[@]}" | grep -q '^http-noenrich '; then
  echo
  echo "enrichment overhead (http against http-noenrich, means over their runs):"
  printf '%s\n' "${ENRICH_ROWS[@]}" | awk -v n="$EVENTS" '
    { k = $1; eps[k] += $2; us[k] += $3 * 1e6 / n; runs[k]++ }
    END {
      e1 = eps["http"] / runs["http"]; e0 = eps["http-noenrich"] / runs["http-noenrich"]
      u1 = us["http"] / runs["http"]; u0 = us["http-noenrich"] / runs["http-noenrich"]
      printf "  events/s: %.0f with, %.0f without (%d and %d runs): %.1f%% fewer with enrichment\n", e1, e0, runs["http"], runs["http-noenrich"], 100 * (e0 - e1) / e0
      printf "  server CPU: %.2f µs/event with, %.2f without: +%.2f µs (%+.1f%%)\n", u1, u0, u1 - u0, 100 * (u1 - u0) / u0
    }'
fi
echo
echo "commands:"
printf '  %s\n' "${COMMANDS[@]}"
if [ -n "$PERF" ]; then
  P="$PERF_OUT/perf.data"
  perf report -i "$P" --no-children --percent-limit 0.5 --stdio -g none > "$PERF_OUT/report-self.txt" 2>/dev/null || true
  perf report -i "$P" --children --percent-limit 0.5 --stdio -g none > "$PERF_OUT/report-children.txt" 2>/dev/null || true
  perf report -i "$P" --sort comm --stdio -g none > "$PERF_OUT/report-threads.txt" 2>/dev/null || true
  echo
  echo "== perf profile of the server during '$PERF_RUN' ($P; reports in $PERF_OUT)"
  echo "by thread (vigil = connection threads, one of them the group-commit leader):"
  grep -E '^ +[0-9.]+%' "$PERF_OUT/report-threads.txt" | head -6
  echo "inclusive time of the stages (% of all server samples):"
  for f in 'vigil::api::PostEvents$' 'vigil::EventBatchParser::Parse$' 'vigil::PreparedBatch::From$' \
    'vigil::EmbeddedStore::CommitGroup$' 'vigil::WalWriter::AddRecord$' 'vigil::WalWriter::Sync$' \
    'vigil::Memtable::Append$' 'vigil::api::JsonResponse' 'vigil::JsonWriter::String$' \
    'vigil::net::HttpSession<.*>::ReadRequest' 'vigil::net::HttpSession<.*>::WriteResponse' \
    'vigil::EmbeddedStore::FlushThread$' 'vigil::segment::BlockCompressor::Compress$' \
    'Dictionaries::Dictionaries$' '_M_realloc_insert<>$' 'vigil::Event::Event$' 'operator new' \
    '\[k\] copy_folio_from_iter_atomic$' '\[k\] _copy_to_iter$' \
    'vigil::EventEnricher::Enrich$' 'vigil::enrich::CachedUserAgentParser::Parse$' \
    'vigil::enrich::GeoLocator::Locate\(vigil::IpAddress' 'vigil::enrich::DiffChanges$'; do
    grep -m1 -E "$f" "$PERF_OUT/report-children.txt" | awk '{ $3=""; $4=""; print "  " $0 }' | cut -c1-160 || true
  done
  echo "top functions by self time: $PERF_OUT/report-self.txt"
  grep -E '^ +[0-9.]+%' "$PERF_OUT/report-self.txt" | head -25 | cut -c1-160
fi
