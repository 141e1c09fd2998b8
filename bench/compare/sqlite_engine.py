"""SQLite: Python's sqlite3 module (the system's SQLite 3.40), in process.
Loaded in one transaction: executemany of the rows, then the b-tree indexes,
the FTS5 index and ANALYZE, all counted in the ingest time."""

import os
import sqlite3
import time

from engine import Engine, LoadResult
from event_flattener import COLUMNS, read_rows
from sql_file import SqlFile

PRAGMAS = [
    "PRAGMA page_size = 4096",
    "PRAGMA cache_size = -1048576",  # 1 GiB
    "PRAGMA temp_store = MEMORY",
    "PRAGMA synchronous = FULL",  # durable at COMMIT (rollback journal)
]


class SqliteEngine(Engine):
    name = "SQLite"

    def __init__(self, work, tsv, events, sql_path):
        self.dir = os.path.join(work, "sqlite")
        self.db = os.path.join(self.dir, "events.db")
        self.tsv = tsv
        self.events = events
        self.sql = SqlFile(sql_path)
        self.conn = None
        self.version = "SQLite " + sqlite3.sqlite_version
        self.commands = []

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        self.conn = sqlite3.connect(self.db, isolation_level=None)
        for p in PRAGMAS:
            self.conn.execute(p)

    def load(self):
        phases = []
        insert = "INSERT INTO events VALUES (" + ",".join("?" * len(COLUMNS)) + ")"
        # What reading and splitting the TSV costs Python alone (a dry pass, not counted),
        # to tell it apart from SQLite's own work in the executemany below.
        t = time.monotonic()
        for _ in read_rows(self.tsv):
            pass
        read_s = time.monotonic() - t
        t0 = time.monotonic()
        c = self.conn
        c.execute("BEGIN")
        for stmt in self.sql.statements("schema"):
            c.execute(stmt)
        c.executemany(insert, read_rows(self.tsv))
        phases.append(("executemany of the rows", f"{time.monotonic() - t0:.2f} s, of which reading the TSV "
                                                  f"in Python ~{read_s:.2f} s (a dry pass)"))
        for stmt in self.sql.statements("indexes"):
            t = time.monotonic()
            c.execute(stmt)
            words = stmt.split("(")[0].split()
            label = ("FTS5 rebuild" if stmt.startswith("INSERT") else
                     " ".join(words[:4] if "VIRTUAL" in words else words[:3]))
            phases.append((label, f"{time.monotonic() - t:.2f} s"))
        t = time.monotonic()
        c.execute("COMMIT")
        phases.append(("COMMIT", f"{time.monotonic() - t:.2f} s"))
        wall = time.monotonic() - t0
        n = c.execute("SELECT count(*) FROM events").fetchone()[0]
        if n != self.events:
            raise RuntimeError(f"SQLite holds {n} rows, expected {self.events}")
        self.commands.append("sqlite3.connect(DIR/events.db); " + "; ".join(PRAGMAS) +
                             "; BEGIN; executemany(INSERT …); the @indexes section; COMMIT")
        return LoadResult(self.events, wall, phases)

    def size(self):
        fts = self.conn.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'events_fts%'").fetchone()[0] if self._has_dbstat() else None
        note = "the database file after COMMIT"
        if fts is not None:
            note += f" (FTS5 index {fts / self.events:.1f} B/event)"
        return os.path.getsize(self.db), note

    def _has_dbstat(self):
        try:
            self.conn.execute("SELECT 1 FROM dbstat LIMIT 1")
            return True
        except sqlite3.Error:
            return False

    def execute(self, qid, params):
        return self.conn.execute(self.sql.query(qid), params).fetchall()

    def normalize(self, qid, rows):
        if qid in ("q4", "q7"):
            return [(r[0], r[1], r[2]) for r in rows]
        if qid == "q5":
            return [(r[0], r[1]) for r in rows]
        return [(r[1], r[0]) for r in rows]

    def describe(self, qid):
        return self.sql.query(qid)

    def stop(self):
        if self.conn is not None:
            self.conn.close()
