#!/usr/bin/env python3
"""Ingest scaling on ClickHouse from 1 to 2 shards (docs/scale-out.md).

    bench/scale_out.py [EVENTS] [NODES]     defaults: 200000 events, 2 nodes

For each layout — one server (plain MergeTree tables), a 1-shard cluster and
a 2-shard cluster (Distributed tables, insert_distributed_sync=1) — starts
real clickhouse-servers on loopback, NODES `vigil serve --storage clickhouse`
nodes (node i talks to server i mod shards) and one vigil-http-load per node
(EVENTS / NODES events each, batches of 1,000, 2 connections, distinct
seeds), all at once. Prints events/s over the wall time of the whole ingest,
the CPU seconds of the ClickHouse servers and of the Vigil nodes, and rows
per shard and the bytes on disk per event once merged. Every node spools nothing (a spool would hide a slow cluster):
--clickhouse-spool 0.

Needs a release build and Debian's clickhouse-server.
"""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "http"))
import harness  # noqa: E402
from test_clickhouse import ClickHouse  # noqa: E402

VIGIL = os.environ.get("VIGIL", os.path.join(ROOT, "build/release/src/cli/vigil"))
LOAD = os.environ.get("LOAD", os.path.join(ROOT, "build/release/bench/vigil-http-load"))


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def query(server, sql):
    r = subprocess.run(["curl", "-sS", f"{server.url}/?database=bench", "--data-binary", sql],
                       capture_output=True, text=True, check=True)
    return r.stdout.strip()


def run(layout, shards, events, nodes, work):
    root = os.path.join(work, layout)
    os.makedirs(root)
    if layout == "one server":
        servers = [ClickHouse(root)]
        extra = []
    else:
        servers = ClickHouse.cluster(root, "bench", shards)
        extra = ["--clickhouse-cluster", "bench",
                 "--clickhouse-shards", ",".join(s.url for s in servers)]
    for s in servers:
        s.start()
    vigils = []
    try:
        for i in range(nodes):
            data = os.path.join(root, f"node{i}")
            key = harness.create_key(data, "bench", "ingest,read")
            v = harness.Server(data, args=[
                "--storage", "clickhouse", "--clickhouse-url", servers[i % len(servers)].url,
                "--clickhouse-database", "bench", "--clickhouse-node-id", str(i + 1),
                "--ledger-name", f"vigil/bench{i}", "--clickhouse-spool", "0",
                "--self-audit=false", *extra])
            v.start()
            vigils.append((v, key))
        ch_cpu0 = sum(cpu_seconds(s.proc.pid) for s in servers)
        v_cpu0 = sum(cpu_seconds(v.proc.pid) for v, _ in vigils)
        start = time.monotonic()
        loads = [subprocess.Popen([LOAD, "--port", str(v.port), "--key", key.secret,
                                   "-n", str(events // nodes), "-c", "2", "--seed", str(i + 1),
                                   "--gen-threads", "1"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for i, (v, key) in enumerate(vigils)]
        outs = [p.communicate()[0] for p in loads]
        wall = time.monotonic() - start
        for p, out in zip(loads, outs):
            if p.returncode != 0:
                raise RuntimeError(f"vigil-http-load failed:\n{out}")
        ch_cpu = sum(cpu_seconds(s.proc.pid) for s in servers) - ch_cpu0
        v_cpu = sum(cpu_seconds(v.proc.pid) for v, _ in vigils) - v_cpu0
        table = "events" if layout == "one server" else "events_local"
        rows, disk = [], 0
        for s in servers:
            rows.append(query(s, f"SELECT count() FROM {table}"))
            query(s, f"OPTIMIZE TABLE {table} FINAL")  # merged, as it settles
            disk += int(query(s, "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND "
                                 "database = 'bench'") or 0)
        return wall, ch_cpu, v_cpu, rows, disk
    finally:
        for v, _ in vigils:
            v.stop()
        for s in servers:
            s.stop()


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    nodes = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    for b in (VIGIL, LOAD):
        if not os.access(b, os.X_OK):
            sys.exit(f"missing {b}; build first: cmake --preset release && cmake --build --preset release")
    harness.VIGIL = os.path.abspath(VIGIL)
    version = subprocess.run(["clickhouse-client", "--version"], capture_output=True, text=True)
    print(f"cpu: {os.cpu_count()} cores; {version.stdout.strip()} (the server is the same package)")
    print(f"command: bench/scale_out.py {events} {nodes}\n")
    work = harness.new_tmp_dir("scale-out-")
    try:
        print("| layout | events/s | wall s | ClickHouse CPU s | Vigil CPU s | rows per shard "
              "| bytes/event on disk (all tables, merged) |")
        print("|---|---:|---:|---:|---:|---|---:|")
        for layout, shards in (("one server", 1), ("1-shard cluster", 1), ("2-shard cluster", 2)):
            wall, ch_cpu, v_cpu, rows, disk = run(layout, shards, events, nodes, work)
            print(f"| {layout} | {events / wall:,.0f} | {wall:.1f} | {ch_cpu:.1f} | {v_cpu:.1f} "
                  f"| {' / '.join(rows)} | {disk / events:.0f} |", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
