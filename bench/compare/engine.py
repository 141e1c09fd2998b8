"""What every engine of bench/compare.sh provides, and the helpers they share."""

import datetime
import os
import signal
import socket
import subprocess
import time

# What each query of the reference mix returns, normalized for comparison:
#   page  newest 50 events: [(time_ms, id), ...] newest first
#   hist  counts per UTC day: [(epoch_day, count, errors), ...] non-empty days
#   top   [(action, count), ...] by count descending
QUERY_KIND = {"q1": "page", "q2": "page", "q3": "page", "q4": "hist", "q5": "top",
              "q6": "page", "q7": "hist"}
MS_PER_DAY = 86400000
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def datetime_ms(dt):
    return (dt - EPOCH) // datetime.timedelta(milliseconds=1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_bytes(path):
    """Apparent size of every file under path (what `du -sb` counts)."""
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_size
            except FileNotFoundError:
                pass
    return total


def unprivileged():
    """Popen keyword arguments that run a server as nobody when we are root
    (PostgreSQL refuses root; ClickHouse is run the same way)."""
    if os.geteuid() != 0:
        return {}
    return {"user": "nobody", "group": "nogroup", "extra_groups": []}


def give_to_server(path):
    """Makes path (a directory this script created) the server user's."""
    os.makedirs(path, exist_ok=True)
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "nobody:nogroup", path], check=True)


class ServerProcess:
    """A server started by this script: its pid is written to PIDS_FILE (so the
    shell's trap can end it if Python dies), stop() ends it by that pid."""

    pids_file = None

    def __init__(self, argv, stdout, stderr, **popen):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
                                     **popen)
        if ServerProcess.pids_file:
            with open(ServerProcess.pids_file, "a") as f:
                f.write(f"{self.proc.pid}\n")

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=120):
        """Signals the server and waits for it to exit; returns the seconds it took."""
        t0 = time.monotonic()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return time.monotonic() - t0


def wait_until(probe, what, timeout=60, proc=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and not proc.alive():
            raise RuntimeError(f"{what}: the server exited with {proc.proc.returncode}")
        try:
            if probe():
                return
        except Exception:  # not up yet
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{what}: not ready after {timeout} s")


class LoadResult:
    """How the bulk load went: events/s over the whole ingest path and the
    phases it is made of ([(label, seconds or text)])."""

    def __init__(self, events, wall_s, phases):
        self.events = events
        self.wall_s = wall_s
        self.events_per_s = events / wall_s if wall_s > 0 else 0.0
        self.phases = phases


class Engine:
    """One system under test. Order of calls: start, load, size, queries
    (execute + normalize), stop. Subclasses set name."""

    name = "?"

    def start(self):
        raise NotImplementedError

    def load(self):
        """Loads the events; returns a LoadResult."""
        raise NotImplementedError

    def size(self):
        """(bytes the events occupy at rest, a note saying what was counted)."""
        raise NotImplementedError

    def execute(self, qid, params):
        """Runs one query; returns its raw answer (all of it received)."""
        raise NotImplementedError

    def normalize(self, qid, raw):
        """The raw answer as QUERY_KIND[qid] says."""
        raise NotImplementedError

    def describe(self, qid):
        """What is sent for qid, for the report."""
        raise NotImplementedError

    def stop(self):
        pass


def machine_busy_s():
    """CPU seconds the whole machine has spent busy (/proc/stat: all but idle and iowait)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (sum(v) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")


def tree_cpu_s(root=None):
    """CPU seconds of this process and its descendants, live ones and the
    children they have reaped (utime + stime + cutime + cstime)."""
    root = root or os.getpid()
    parent, cpu = {}, {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                s = f.read()
        except OSError:
            continue
        fields = s[s.rfind(")") + 2:].split()
        parent[int(p)] = int(fields[1])
        cpu[int(p)] = sum(int(x) for x in fields[11:15])
    total = 0
    for pid, ticks in cpu.items():
        q = pid
        while q and q != root and q in parent:
            q = parent[q]
        if q == root:
            total += ticks
    return total / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU used between start and stop: by this benchmark's processes and by
    the rest of the machine (other users' builds and tests)."""

    def __init__(self):
        self.ours0 = tree_cpu_s()
        self.machine0 = machine_busy_s()
        self.t0 = time.monotonic()

    def stop(self):
        ours = tree_cpu_s() - self.ours0
        other = machine_busy_s() - self.machine0 - ours
        return ours, other, time.monotonic() - self.t0
