"""ClickHouse: Debian's clickhouse-server (18.16) started on loopback in a
temporary directory, loaded over its HTTP interface (INSERT … FORMAT
TabSeparated in batches, several connections), queried over HTTP."""

import http.client
import json
import os
import threading
import time
import urllib.parse

from engine import Engine, LoadResult, ServerProcess, free_port, give_to_server, tree_bytes, unprivileged, wait_until
from sql_file import SqlFile, bind_literals, quote_clickhouse

CONFIG = """<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{dir}/log/server.log</log><errorlog>{dir}/log/error.log</errorlog>
    <size>100M</size><count>1</count></logger>
  <http_port>{http_port}</http_port>
  <tcp_port>{tcp_port}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{dir}/data/</path>
  <tmp_path>{dir}/tmp/</tmp_path>
  <user_files_path>{dir}/user_files/</user_files_path>
  <format_schema_path>{dir}/format_schemas/</format_schema_path>
  <users_config>{dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>1073741824</mark_cache_size>
  <max_concurrent_queries>16</max_concurrent_queries>
  <keep_alive_timeout>600</keep_alive_timeout>
</yandex>
"""
USERS = """<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>8000000000</max_memory_usage><max_execution_time>600</max_execution_time></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
"""
BATCH_BYTES = 64 << 20  # about 100,000 rows per INSERT


class ClickHouseEngine(Engine):
    name = "ClickHouse"

    def __init__(self, work, server_bin, tsv, events, connections, sql_path):
        self.dir = os.path.join(work, "clickhouse")
        self.server_bin = server_bin
        self.tsv = tsv
        self.events = events
        self.connections = connections
        self.sql = SqlFile(sql_path)
        self.server = None
        self.port = None
        self.conn = None
        self.commands = []

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        with open(os.path.join(self.dir, "config.xml"), "w") as f:
            f.write(CONFIG.format(dir=self.dir, http_port=self.port, tcp_port=free_port()))
        with open(os.path.join(self.dir, "users.xml"), "w") as f:
            f.write(USERS)
        for d in ("log", "data", "tmp"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        give_to_server(self.dir)  # it also writes config-preprocessed.xml beside config.xml
        argv = [self.server_bin, "--config-file=" + os.path.join(self.dir, "config.xml")]
        self.server = ServerProcess(argv, open(os.path.join(self.dir, "stdout"), "w"),
                                    open(os.path.join(self.dir, "stderr"), "w"), **unprivileged())
        self.commands.append(" ".join(argv).replace(self.dir, "DIR") + "   (listen_host 127.0.0.1, config in DIR)")
        wait_until(lambda: self._post("SELECT 1").strip() == b"1", "clickhouse-server", timeout=120,
                   proc=self.server)
        self.version = self._post("SELECT version()").decode().strip()

    def _post(self, sql, body=None, conn=None, query_in_url=False):
        """Runs one statement over HTTP (keep-alive); returns the response body.
        On the shared connection a statement is sent again once over a new
        connection if the server had closed the idle one (never an INSERT,
        which has a connection of its own)."""
        own = conn is None
        if query_in_url:
            path, data = "/?query=" + urllib.parse.quote(sql), body
        else:
            path, data = "/", sql.encode()
        for attempt in (0, 1):
            if own:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
                conn = self.conn
            try:
                conn.request("POST", path, body=data)
                resp = conn.getresponse()
                out = resp.read()
                break
            except (http.client.HTTPException, OSError):
                conn.close()
                if not own or attempt:
                    raise
                self.conn = None
        if resp.status != 200:
            raise RuntimeError(f"ClickHouse {resp.status}: {out[:500].decode(errors='replace')} ({sql[:200]})")
        return out

    def load(self):
        for stmt in self.sql.statements("schema"):
            self._post(stmt)
        lock = threading.Lock()
        f = open(self.tsv, "rb")
        carry = [b""]
        errors = []
        inserts = [0]

        def next_batch():
            with lock:
                chunk = f.read(BATCH_BYTES)
                if not chunk and not carry[0]:
                    return None
                chunk = carry[0] + chunk
                cut = chunk.rfind(b"\n") + 1 or len(chunk)  # whole rows only
                carry[0] = chunk[cut:]
                inserts[0] += 1
                return chunk[:cut]

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)
            try:
                while not errors:
                    batch = next_batch()
                    if batch is None:
                        return
                    self._post("INSERT INTO events FORMAT TabSeparated", body=batch, conn=conn,
                               query_in_url=True)
            except Exception as e:  # reported after the join
                errors.append(e)
            finally:
                conn.close()

        t0 = time.monotonic()
        threads = [threading.Thread(target=worker) for _ in range(self.connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - t0
        f.close()
        if errors:
            raise errors[0]
        n = int(self._post("SELECT count() FROM events"))
        if n != self.events:
            raise RuntimeError(f"ClickHouse holds {n} rows, expected {self.events}")
        parts_before = int(self._post("SELECT count() FROM system.parts WHERE table = 'events' AND active"))
        t1 = time.monotonic()
        self._post("OPTIMIZE TABLE events FINAL")
        optimize_s = time.monotonic() - t1
        parts_after = int(self._post("SELECT count() FROM system.parts WHERE table = 'events' AND active"))
        self.commands.append(f"INSERT INTO events FORMAT TabSeparated over HTTP, {self.connections} connections, "
                             f"~{BATCH_BYTES >> 20} MB (~{self.events * BATCH_BYTES // max(1, os.path.getsize(self.tsv)):,} rows) per request")
        return LoadResult(self.events, wall, [
            ("INSERTs over HTTP", f"{wall:.2f} s, {inserts[0]} requests, {self.connections} connections"),
            ("OPTIMIZE TABLE events FINAL", f"{optimize_s:.2f} s, not counted ({parts_before} → {parts_after} parts)"),
        ])

    def size(self):
        active = int(self._post("SELECT sum(bytes_on_disk) FROM system.parts WHERE table = 'events' AND active"))
        whole = tree_bytes(os.path.join(self.dir, "data"))
        return active, (f"active parts of the table after OPTIMIZE FINAL (system.parts.bytes_on_disk); "
                        f"the whole data directory, with the merged-away parts not yet deleted: {whole / self.events:.1f} B/event")

    def _sql(self, qid, params):
        return bind_literals(self.sql.query(qid), params, quote_clickhouse)

    def execute(self, qid, params):
        return self._post(self._sql(qid, params) + " FORMAT JSONCompact")

    def normalize(self, qid, raw):
        rows = json.loads(raw)["data"]
        if qid in ("q4", "q7"):
            return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]
        if qid == "q5":
            return [(r[0], int(r[1])) for r in rows]
        return [(int(r[1]), r[0]) for r in rows]

    def describe(self, qid):
        return self.sql.query(qid)

    def stop(self):
        if self.conn is not None:
            self.conn.close()
        if self.server is not None:
            self.server.stop()
