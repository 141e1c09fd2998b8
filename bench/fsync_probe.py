#!/usr/bin/env python3
"""What one WAL group commit costs the disk: write N bytes, then fdatasync.

    bench/fsync_probe.py [DIR]        default: $TMPDIR or /tmp

The server's WAL appends each group commit to a growing file and calls
fdatasync (src/store/fs/posix_file_system.cc). This probe times the same
pattern for record sizes around one 1,000-event batch of canonical JSON
(~0.93 MB) and a zstd-compressed equivalent, on
  append      a growing file (what the WAL does today: every sync also
              commits the new file size, an ext4 journal transaction)
  prealloc    a file fallocate()d up front (unwritten extents still need a
              metadata update on first write)
  overwrite   a file written and synced once beforehand, then overwritten
              (no metadata change: the cheapest fdatasync)
and prints mean / p50 / p99 latency per write+sync, MB/s, and the events/s
this allows when each record holds one 1,000-event batch (960 KiB: canonical
JSON as today; 240 and 128 KiB: the same batch compressed 4x and 7.5x).
"""
import os
import statistics
import sys
import tempfile
import time

DIR = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TMPDIR", "/tmp")
TOTAL = 256 << 20  # bytes written per case
BATCH_EVENTS = 1000


def run(mode, record):
    fd, path = tempfile.mkstemp(dir=DIR, prefix="fsync-probe-")
    try:
        if mode == "prealloc":
            os.posix_fallocate(fd, 0, TOTAL)
            os.fsync(fd)
        elif mode == "overwrite":
            chunk = b"\0" * (8 << 20)
            for _ in range(TOTAL // len(chunk)):
                os.write(fd, chunk)
            os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_SET)
        buf = os.urandom(record)
        lat = []
        start = time.perf_counter()
        for _ in range(TOTAL // record):
            t0 = time.perf_counter()
            os.write(fd, buf)
            os.fdatasync(fd)
            lat.append(time.perf_counter() - t0)
        wall = time.perf_counter() - start
    finally:
        os.close(fd)
        os.unlink(path)
    lat.sort()
    mbps = TOTAL / wall / 1e6
    return (statistics.mean(lat) * 1e3, lat[len(lat) // 2] * 1e3,
            lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1e3, mbps)


def main():
    print(f"dir {DIR}; {TOTAL >> 20} MiB per case; load {os.getloadavg()[0]:.2f}")
    print(f"{'mode':<10} {'record':>9} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'MB/s':>7} {'events/s':>10}")
    for record in (960 << 10, 240 << 10, 128 << 10):
        for mode in ("append", "prealloc", "overwrite"):
            mean, p50, p99, mbps = run(mode, record)
            eps = BATCH_EVENTS / (mean / 1e3)
            print(f"{mode:<10} {record >> 10:>7}Ki {mean:>8.2f} {p50:>8.2f} {p99:>8.2f} "
                  f"{mbps:>7.0f} {eps:>10,.0f}")


if __name__ == "__main__":
    main()
