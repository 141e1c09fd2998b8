"""PostgreSQL: Debian's server (15) initialized and started by this script on
loopback in a temporary directory (as nobody when run as root), loaded with
COPY … FROM STDIN through psycopg2, then b-tree and GIN indexes and VACUUM
ANALYZE, all counted in the ingest time; queried through psycopg2 over TCP."""

import glob
import os
import subprocess
import time

from engine import Engine, LoadResult, ServerProcess, datetime_ms, free_port, give_to_server, tree_bytes, unprivileged, wait_until
from sql_file import SqlFile, to_pyformat

# Settings for a 2-core, 24 GiB machine used by one bulk-loading client.
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "shared_buffers": "2GB",
    "work_mem": "64MB",
    "maintenance_work_mem": "1GB",
    "effective_cache_size": "8GB",
    "max_wal_size": "8GB",
    "wal_level": "minimal",  # with COPY into a table created in the same transaction: no WAL
    "max_wal_senders": "0",
    "random_page_cost": "1.1",
    "timezone": "UTC",
    "statement_timeout": "600s",
}


def postgres_bindir():
    """Debian's newest installed server: /usr/lib/postgresql/VERSION/bin."""
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                  key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
    if not dirs:
        raise RuntimeError("no PostgreSQL server: apt-get install postgresql")
    return os.path.dirname(dirs[-1])


class PostgresEngine(Engine):
    name = "PostgreSQL"

    def __init__(self, work, tsv, events, sql_path):
        import psycopg2  # only when PostgreSQL runs

        self.psycopg2 = psycopg2
        self.dir = os.path.join(work, "postgres")
        self.data = os.path.join(self.dir, "data")
        self.tsv = tsv
        self.events = events
        self.sql = SqlFile(sql_path)
        self.server = None
        self.conn = None
        self.commands = []

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        give_to_server(self.data)
        give_to_server(os.path.join(self.dir, "sock"))
        bindir = postgres_bindir()
        initdb = [os.path.join(bindir, "initdb"), "-D", self.data, "-U", "postgres", "--auth=trust",
                  "--locale=C", "--encoding=UTF8", "-N"]
        subprocess.run(initdb, check=True, capture_output=True, **unprivileged())
        self.port = free_port()
        argv = [os.path.join(bindir, "postgres"), "-D", self.data, "-p", str(self.port),
                "-c", "unix_socket_directories=" + os.path.join(self.dir, "sock")]
        for k, v in SETTINGS.items():
            argv += ["-c", f"{k}={v}"]
        self.server = ServerProcess(argv, open(os.path.join(self.dir, "server.log"), "w"),
                                    subprocess.STDOUT, **unprivileged())
        self.commands.append(" ".join(initdb).replace(self.dir, "DIR"))
        self.commands.append(" ".join(argv).replace(self.dir, "DIR"))
        wait_until(self._connect, "postgres", timeout=120, proc=self.server)
        with self.conn.cursor() as cur:
            cur.execute("SELECT version()")
            self.version = cur.fetchone()[0].split(" on ")[0]

    def _connect(self):
        self.conn = self.psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                          dbname="postgres")
        return True

    def load(self):
        phases = []
        t0 = time.monotonic()
        with self.conn.cursor() as cur:
            for stmt in self.sql.statements("schema"):
                cur.execute(stmt)
            with open(self.tsv, "rb") as f:
                cur.copy_expert("COPY events FROM STDIN", f, size=1 << 20)
        self.conn.commit()
        phases.append(("CREATE TABLE + COPY, one transaction", f"{time.monotonic() - t0:.2f} s"))
        self.conn.autocommit = True
        with self.conn.cursor() as cur:
            for stmt in self.sql.statements("indexes"):
                t = time.monotonic()
                cur.execute(stmt)
                label = " ".join(stmt.split("(")[0].split(" USING")[0].split()[:3]) if stmt.startswith("CREATE") else stmt
                phases.append((label, f"{time.monotonic() - t:.2f} s"))
        wall = time.monotonic() - t0
        with self.conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM events")
            n = cur.fetchone()[0]
            t = time.monotonic()
            cur.execute("CHECKPOINT")
            phases.append(("CHECKPOINT", f"{time.monotonic() - t:.2f} s, not counted"))
        if n != self.events:
            raise RuntimeError(f"PostgreSQL holds {n} rows, expected {self.events}")
        self.commands.append("COPY events FROM STDIN (psycopg2 copy_expert), then the @indexes section")
        return LoadResult(self.events, wall, phases)

    def size(self):
        with self.conn.cursor() as cur:
            cur.execute("SELECT pg_total_relation_size('events'), pg_relation_size('events'), "
                        "pg_indexes_size('events')")
            total, heap, indexes = cur.fetchone()
        whole = tree_bytes(self.data)
        return total, (f"pg_total_relation_size('events') after CHECKPOINT: heap {heap / self.events:.1f}, "
                       f"TOAST {(total - heap - indexes) / self.events:.1f}, indexes {indexes / self.events:.1f} B/event; "
                       f"the whole cluster directory (catalogs, WAL): {whole / self.events:.1f} B/event")

    def execute(self, qid, params):
        with self.conn.cursor() as cur:
            cur.execute(to_pyformat(self.sql.query(qid)), params)
            return cur.fetchall()

    def normalize(self, qid, rows):
        if qid in ("q4", "q7"):
            return [(datetime_ms(r[0]) // 86400000, r[1], r[2]) for r in rows]
        if qid == "q5":
            return [(r[0], r[1]) for r in rows]
        return [(datetime_ms(r[1]), r[0]) for r in rows]

    def describe(self, qid):
        return self.sql.query(qid)

    def stop(self):
        if self.conn is not None:
            self.conn.close()
        if self.server is not None:
            import signal

            self.server.stop(signal.SIGINT)  # fast shutdown
