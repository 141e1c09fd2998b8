"""bench/compare.sh's driver: the same generated events loaded into Vigil,
ClickHouse, SQLite and PostgreSQL one after the other, the reference query
mix timed on each from this one process, and one table of the results.

Run it through bench/compare.sh, which installs the peers, prints the
machine and removes the temporary directory."""

import argparse
import math
import os
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from engine import QUERY_KIND, MS_PER_DAY, CpuMeter, ServerProcess  # noqa: E402
from event_flattener import convert, epoch_ms  # noqa: E402
from sql_file import QUERY_IDS, SqlFile  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = ["vigil", "clickhouse", "sqlite", "postgres"]
TITLES = {"vigil": "Vigil", "clickhouse": "ClickHouse", "sqlite": "SQLite", "postgres": "PostgreSQL"}
QUERY_TITLES = SqlFile(os.path.join(HERE, "sqlite.sql")).titles


def percentile(samples, p):
    """Nearest rank, as vigil-http-load's Percentile."""
    if not samples:
        return float("nan")
    v = sorted(samples)
    rank = math.ceil(p * len(v))
    return v[min(len(v) - 1, max(rank, 1) - 1)]


def run_queries(engine, args, fixed_params):
    """Round-robin over the mix: args.warmup rounds not timed, then args.runs
    timed rounds; a query leaves the rotation once it has at least 5 samples
    and has used args.budget seconds. now_ms and since_ms (30 days before)
    are the time of each request, as Vigil resolves time:last-30d.
    Returns {qid: (samples_ms, normalized answer)}."""
    out = {q: ([], None) for q in QUERY_IDS}
    spent = {q: 0.0 for q in QUERY_IDS}
    for rnd in range(args.warmup + args.runs):
        for q in QUERY_IDS:
            samples, _ = out[q]
            if len(samples) >= 5 and spent[q] >= args.budget:
                continue
            now = int(time.time() * 1000)
            params = dict(fixed_params, now_ms=now, since_ms=now - 30 * MS_PER_DAY)
            t0 = time.perf_counter()
            raw = engine.execute(q, params)
            ms = (time.perf_counter() - t0) * 1e3
            spent[q] += ms / 1e3
            if rnd >= args.warmup:
                samples.append(ms)
            out[q] = (samples, engine.normalize(q, raw))
    return out


def cpu_note(title, phase, measured, others):
    """Prints the CPU a phase used, ours and the rest of the machine's."""
    ours, other, wall = measured
    print(f"CPU during {phase}: this benchmark {ours:.1f} s, the rest of the machine {other:.1f} s "
          f"in {wall:.1f} s (2 cores: {2 * wall:.1f} s available)")
    others.append((title, phase, other, wall))


def fmt_ms(v):
    if v != v:  # nan
        return "–"
    return f"{v:,.2f}" if v < 10 else f"{v:,.1f}" if v < 1000 else f"{v:,.0f}"


def compare_results(results, names):
    """One line per query: agreement with Vigil (or the first engine), or why not."""
    lines = []
    ref_name = "Vigil" if "Vigil" in names else names[0]
    for q in QUERY_IDS:
        ref = results[ref_name][q][1]
        kind = QUERY_KIND[q]
        diffs = []
        for n in names:
            if n == ref_name:
                continue
            got = results[n][q][1]
            if got == ref:
                continue
            if kind == "page":
                if [t for t, _ in got] == [t for t, _ in ref]:
                    diffs.append(f"{n}: same {len(got)} times, different ids among equal times (ties)")
                else:
                    i = next((i for i, (a, b) in enumerate(zip(got, ref)) if a[0] != b[0]), min(len(got), len(ref)))
                    diffs.append(f"{n}: {len(got)} rows against {len(ref)}, first different time at row {i + 1}")
            elif kind == "hist":
                diffs.append(f"{n}: {sum(c for _, c, _ in got):,} events in {len(got)} days against "
                             f"{sum(c for _, c, _ in ref):,} in {len(ref)}")
            else:
                diffs.append(f"{n}: {got[:3]}… against {ref[:3]}…")
        hits = describe_hits(kind, ref)
        if diffs:
            for d in diffs:
                lines.append(f"WARNING {q}: differs from {ref_name} ({hits}): {d}")
        else:
            lines.append(f"ok {q}: all engines agree ({hits})")
    return lines


def describe_hits(kind, r):
    if kind == "page":
        return f"{len(r)} events"
    if kind == "hist":
        return f"{sum(c for _, c, _ in r):,} events, {sum(e for _, _, e in r):,} errors, {len(r)} days"
    return f"top action {r[0][0]} {r[0][1]:,}" if r else "empty"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, required=True)
    ap.add_argument("--end", required=True, help="time of the newest event, RFC 3339")
    ap.add_argument("--work", required=True, help="temporary directory (emptied by the caller)")
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--load", required=True, help="vigil-http-load")
    ap.add_argument("--clickhouse-server", default="clickhouse-server")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--budget", type=float, default=60, help="seconds of timed runs per query and engine")
    ap.add_argument("--vigil-connections", type=int, default=4)
    ap.add_argument("--clickhouse-connections", type=int, default=2)
    args = ap.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"--engines: unknown engine {e!r} ({', '.join(ENGINES)})")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ServerProcess.pids_file = os.path.join(args.work, "pids")
    t_start = time.monotonic()

    print("== input", flush=True)
    pg_tsv = os.path.join(args.work, "pg.tsv")
    ch_tsv = os.path.join(args.work, "ch.tsv")
    gen = [args.vigil, "gen", str(args.events), "--seed", "1", "--with-ids", "--end", args.end]
    t = time.monotonic()
    p = subprocess.Popen(gen, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    n, targets = convert(p.stdout, pg_tsv, ch_tsv)
    if p.wait() != 0 or n != args.events:
        sys.exit(f"vigil gen failed ({p.returncode}) or wrote {n} of {args.events} events")
    print(f"{' '.join(gen).replace(args.vigil, 'vigil')}: {n:,} events, flattened to TSV "
          f"({os.path.getsize(ch_tsv) / n:.0f} B/row) in {time.monotonic() - t:.1f} s (not timed)")
    print(f"targets (PickTargets of bench/http_load.cc): tenant {targets['tenant']}, "
          f"user {targets['user_email']}, email {targets['other_email']}, ip {targets['ip']}")
    end_ms = epoch_ms(args.end)
    params = dict(targets, from_ms=end_ms - 90 * MS_PER_DAY, to_ms=end_ms + 1)

    loads, sizes, queries, describes, commands, versions, durations = {}, {}, {}, {}, [], {}, {}
    others = []
    for key in engines:
        title = TITLES[key]
        print(f"\n== {title}", flush=True)
        t_engine = time.monotonic()
        if key == "vigil":
            from vigil_engine import VigilEngine
            eng = VigilEngine(args.work, args.vigil, args.load, args.events, args.end,
                              args.vigil_connections, targets)
            versions[title] = "Vigil, binaries as printed above"
        elif key == "clickhouse":
            from clickhouse_engine import ClickHouseEngine
            eng = ClickHouseEngine(args.work, args.clickhouse_server, ch_tsv, args.events,
                                   args.clickhouse_connections, os.path.join(HERE, "clickhouse.sql"))
        elif key == "sqlite":
            from sqlite_engine import SqliteEngine
            eng = SqliteEngine(args.work, ch_tsv, args.events, os.path.join(HERE, "sqlite.sql"))
        else:
            from postgres_engine import PostgresEngine
            eng = PostgresEngine(args.work, pg_tsv, args.events, os.path.join(HERE, "postgres.sql"))
        print(f"load before: {open('/proc/loadavg').read().split()[:3]}", flush=True)
        try:
            eng.start()
            if key == "clickhouse":
                versions[title] = "ClickHouse " + eng.version
            elif key != "vigil":
                versions[title] = eng.version
            meter = CpuMeter()
            res = eng.load()
            cpu_note(title, "load", meter.stop(), others)
            loads[title] = res
            print(f"ingest: {res.events_per_s:,.0f} events/s ({res.wall_s:.2f} s)")
            for label, v in res.phases:
                print(f"  {label}: {v}")
            sizes[title] = eng.size()
            print(f"bytes/event: {sizes[title][0] / args.events:.1f} ({sizes[title][1]})", flush=True)
            t = time.monotonic()
            meter = CpuMeter()
            queries[title] = run_queries(eng, args, params)
            cpu_note(title, "queries", meter.stop(), others)
            print(f"queries: {time.monotonic() - t:.1f} s for {args.warmup} + {args.runs} rounds", flush=True)
            for q in QUERY_IDS:
                s, r = queries[title][q]
                print(f"  {q} {QUERY_TITLES[q]:<20} n={len(s):<3} p50 {fmt_ms(percentile(s, .5)):>8} ms  "
                      f"p99 {fmt_ms(percentile(s, .99)):>8} ms  {describe_hits(QUERY_KIND[q], r)}")
            describes[title] = {q: eng.describe(q) for q in QUERY_IDS}
            commands += [f"{title}: {c}" for c in eng.commands]
        finally:
            eng.stop()
            shutil.rmtree(eng.dir, ignore_errors=True)
        durations[title] = time.monotonic() - t_engine
        print(f"{title}: {durations[title]:.0f} s in all", flush=True)

    names = [TITLES[k] for k in engines]
    peers = [x for x in names if x != "Vigil"]
    print(f"\n== results: {args.events:,} events, {args.runs} timed runs per query after {args.warmup} warm-ups\n")
    header = "| | " + " | ".join(names) + (" | Vigil ÷ best peer |" if "Vigil" in names and peers else " |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))

    def row(label, values, better, fmt):
        cells = [fmt(values[x]) if x in values else "–" for x in names]
        ratio = ""
        if "Vigil" in names and peers:
            pv = {x: values[x] for x in peers if x in values and values[x] == values[x]}
            if "Vigil" in values and pv:
                best = (max if better == "higher" else min)(pv, key=pv.get)
                ratio = f" {values['Vigil'] / pv[best]:.3g} ({best}) |" if pv[best] else " – |"
            else:
                ratio = " – |"
        print(f"| {label} | " + " | ".join(cells) + " |" + ratio)

    row("ingest, events/s", {x: loads[x].events_per_s for x in loads}, "higher", lambda v: f"{v:,.0f}")
    row("bytes/event on disk", {x: sizes[x][0] / args.events for x in sizes}, "lower", lambda v: f"{v:,.1f}")
    for q in QUERY_IDS:
        for p, label in ((0.5, "p50"), (0.99, "p99")):
            row(f"{q} {QUERY_TITLES[q]} {label} ms", {x: percentile(queries[x][q][0], p) for x in queries},
                "lower", fmt_ms)
    print("\nVigil ÷ best peer: Vigil's value over the best peer's (named) on that row: on the ingest row "
          "above 1 means Vigil is faster; on every other row below 1 means Vigil is better.")
    print(f"p99 of {args.runs} samples is their maximum (nearest rank). Times: from sending the query to the "
          "last byte / row received by this Python process (Vigil and ClickHouse: http.client keep-alive; "
          "PostgreSQL: psycopg2 over TCP, fetchall; SQLite: in process, fetchall); decoding the answer "
          "for the checks below is not timed.")

    if "Vigil" in names:
        print("\ntargets (DESIGN.md §6):")
        v = "Vigil"
        if "ClickHouse" in loads and v in loads:
            r = loads[v].events_per_s / loads["ClickHouse"].events_per_s
            print(f"  ingest ≥ 4× ClickHouse: {r:.3g}× — {'met' if r >= 4 else 'NOT met'}")
        if v in sizes:
            b = sizes[v][0] / args.events
            print(f"  ≤ 100 bytes/event: {b:.1f} — {'met' if b <= 100 else 'NOT met'}")
        if v in queries:
            for q in QUERY_IDS:
                p50 = percentile(queries[v][q][0], .5)
                best = min((percentile(queries[x][q][0], .5), x) for x in peers if x in queries) if peers else None
                msg = f"  {q} p50 {fmt_ms(p50)} ms: ≤ 10 ms {'met' if p50 <= 10 else 'NOT met'}"
                if best:
                    msg += (f"; ≤ 0.5× best peer ({best[1]} {fmt_ms(best[0])} ms): {p50 / best[0]:.3g}× — "
                            f"{'met' if p50 <= 0.5 * best[0] else 'NOT met'}")
                print(msg)

    busy = [(t, p, o, w) for t, p, o, w in others if o > 0.1 * w]
    print("\nthe rest of the machine: " + ("quiet (under 0.1 core) during every phase" if not busy else
          "BUSY during " + ", ".join(f"{t} {p} ({o / w:.2f} cores)" for t, p, o, w in busy)
          + ": those numbers are pessimistic; rerun on a quiet machine"))

    print("\nresult checks (each engine against Vigil: page queries by event times and ids, histograms by day, top actions):")
    for line in compare_results(queries, [x for x in names if x in queries]):
        print("  " + line)
    print("\nload and size details:")
    for x in names:
        if x in loads:
            print(f"  {x} ({versions.get(x, '')}): {args.events / loads[x].wall_s:,.0f} events/s; "
                  + "; ".join(f"{label} {v}" for label, v in loads[x].phases))
            print(f"    bytes: {sizes[x][1]}")
    print("\nqueries as sent:")
    for q in QUERY_IDS:
        print(f"  {q} {QUERY_TITLES[q]}")
        for x in names:
            if x in describes:
                print(f"    {x}: " + " ".join(describes[x][q].split()))
    print("\nparameters: " + ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
          + ", now_ms/since_ms = the time of each request and 30 days before")
    print("\nengine commands:")
    for c in commands:
        print("  " + c)
    print("\ndurations: " + ", ".join(f"{x} {durations[x]:.0f} s" for x in durations)
          + f"; all {time.monotonic() - t_start:.0f} s")


if __name__ == "__main__":
    main()
