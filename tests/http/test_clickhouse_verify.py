#!/usr/bin/env python3
"""`vigil verify --clickhouse-url`: the nodes' Merkle logs kept in a real
clickhouse-server (started here on loopback) are checked from ClickHouse
alone, like `vigil verify` checks a data directory.

Usage: test_clickhouse_verify.py PATH_TO_VIGIL

Two nodes ingest (one also redacts an actor and deletes events past their
delete-after age); verify accepts each node's log with the key the node was
given, and every node's with the keys they registered (warning that this
proves consistency only); it names the problem when a stored event is
altered, when an event row is deleted by hand, and when the key is another
node's; and refuses a --key without --node, an unknown node and a database
that is not Vigil's. The 2-shard cluster test (test_clickhouse.py) runs it
against the Distributed tables too.
"""
import os
import shutil
import time
import unittest
import urllib.parse
import urllib.request

import harness
from test_clickhouse import ClickHouse, event

DB = "vigil_http"


def statement(ch, sql):
    """Runs sql on ClickHouse ch; returns the response text."""
    req = urllib.request.Request(f"{ch.url}/?database={DB}", data=sql.encode(), method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read().decode()


def mutate(ch, sql):
    """Runs an ALTER TABLE … UPDATE/DELETE and waits until ClickHouse applied it."""
    statement(ch, sql)
    harness.wait_for(lambda: statement(ch, "SELECT count() FROM system.mutations WHERE "
                                           f"database = '{DB}' AND is_done = 0").strip() == "0",
                     timeout=60, message="the mutation applied")


def verify(ch, *args):
    return harness.run_vigil(["verify", "--clickhouse-url", ch.url, "--clickhouse-database", DB,
                              *args], check=False)


class ClickHouseVerifyTest(unittest.TestCase):
    def setUp(self):
        self.root = harness.new_tmp_dir("http-chv-")
        self.addCleanup(shutil.rmtree, self.root, True)
        self.ch = ClickHouse(self.root)
        self.ch.start()
        self.addCleanup(self.ch.stop)

    def node(self, name, node_id, args=()):
        data = os.path.join(self.root, name)
        key = harness.create_key(data, "op", "admin,ingest,read,export")
        server = harness.Server(data, args=["--storage", "clickhouse",
                                            "--clickhouse-url", self.ch.url,
                                            "--clickhouse-database", DB,
                                            "--clickhouse-node-id", str(node_id),
                                            "--ledger-name", f"vigil/{name}",
                                            "--checkpoint-events", "10", *args])
        server.start()
        self.addCleanup(lambda: server.proc and server.stop())
        return server, key, os.path.join(data, "ledger", "verifier.key")

    def test_each_nodes_log_verifies_and_changes_are_found(self):
        a, ka, a_key = self.node("a", 1, args=["--retention-online", "1h",
                                              "--retention-delete-after", "2h",
                                              "--retention-interval", "0"])
        b, kb, b_key = self.node("b", 2)
        old = [dict(event("acme", i), time=f"2020-01-{1 + i % 20:02d}T10:00:00.000Z")
               for i in range(40)]
        fresh = [{k: v for k, v in event("acme", i).items() if k != "time"} for i in range(40, 70)]
        self.assertEqual(a.ingest(ka, old + fresh)["stored"], 70)
        self.assertEqual(b.ingest(kb, [event("globex", i) for i in range(25)])["stored"], 25)
        r = a.request("POST", "/v1/admin/redactions", key=ka, body={"tenant": "acme", "actor": "u_1"})
        self.assertEqual(r.status, 200, r)
        r = a.request("POST", "/v1/admin/retention/runs", key=ka)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["events_deleted"], 40, r.json())
        a.stop()  # each signs a last checkpoint of its whole log
        b.stop()

        ok = verify(self.ch, "--node", "1", "--key", a_key)
        out, err = ok.stdout.decode(), ok.stderr.decode()
        self.assertEqual(ok.returncode, 0, err)
        self.assertIn("node 1 (vigil/a): verified ", out)
        self.assertIn("(40 events deleted by retention, each deletion announced in the log)", out)
        self.assertNotIn("warning", err)
        checkpoints = int(statement(self.ch, "SELECT count() FROM ledger_checkpoints WHERE node = 1"))
        self.assertGreater(checkpoints, 1)
        self.assertRegex(out, rf"\d+ tiles, {checkpoints} checkpoints \(40 events")

        # Without --key: every node, each with the key it registered.
        both = verify(self.ch)
        out, err = both.stdout.decode(), both.stderr.decode()
        self.assertEqual(both.returncode, 0, err)
        self.assertIn("node 1 (vigil/a): verified ", out)
        self.assertIn("node 2 (vigil/b): verified 2", out)  # 25 events and its own records
        self.assertIn("node 2 (vigil/b): verifier key vigil/b+", out)
        self.assertIn("warning: node 2 (vigil/b): the verifier key was read from the ClickHouse "
                      "database itself", err)

        # Another node's key: no checkpoint opens.
        wrong = verify(self.ch, "--node", "2", "--key", a_key)
        self.assertEqual(wrong.returncode, 1)
        self.assertIn("node 2 (vigil/b): checkpoint of size ", wrong.stderr.decode())
        self.assertIn("holds another key than --key", wrong.stderr.decode())

        # An event altered in place (its description) is found, in its tile.
        seq = int(statement(self.ch, "SELECT seq FROM events WHERE node = 1 AND id = 'acme-055'"))
        mutate(self.ch, "ALTER TABLE events UPDATE canonical = replaceOne(canonical, "
                        f"'edited report 55', 'edited report 56') WHERE node = 1 AND seq = {seq}")
        changed = verify(self.ch, "--node", "1", "--key", a_key)
        err = changed.stderr.decode()
        self.assertEqual(changed.returncode, 1, err)
        tile = seq // 16
        self.assertIn(f"node 1 (vigil/a): tile {tile} (seqs {tile * 16}-{tile * 16 + 15})", err)
        self.assertIn("node 1 (vigil/a): checkpoint in ledger_checkpoints (size ", err)
        self.assertIn("node 1 (vigil/a): verification failed", err)

        # An event row deleted by hand, with no announcement, is missing.
        gone = int(statement(self.ch, "SELECT seq FROM events WHERE node = 2 AND id = 'globex-007'"))
        mutate(self.ch, f"ALTER TABLE events DELETE WHERE node = 2 AND seq = {gone}")
        missing = verify(self.ch, "--node", "2", "--key", b_key)
        err = missing.stderr.decode()
        self.assertEqual(missing.returncode, 1, err)
        self.assertIn(f"event {gone} is missing", err)
        # Node 1 still fails, node 2 too: the whole run fails.
        self.assertEqual(verify(self.ch).returncode, 1)

    def test_usage_errors_name_the_problem(self):
        a, ka, a_key = self.node("a", 1)
        self.node("b", 2)
        self.assertEqual(a.ingest(ka, [event("acme", i) for i in range(5)])["stored"], 5)

        many = verify(self.ch, "--key", a_key)
        self.assertEqual(many.returncode, 2)
        self.assertIn("holds the logs of nodes 1, 2: pass --node N", many.stderr.decode())
        unknown = verify(self.ch, "--node", "7")
        self.assertEqual(unknown.returncode, 4)
        self.assertIn("--node 7: no Vigil node 7 has written to database 'vigil_http'",
                      unknown.stderr.decode())
        other = harness.run_vigil(["verify", "--clickhouse-url", self.ch.url,
                                   "--clickhouse-database", "nothing_here"], check=False)
        self.assertEqual(other.returncode, 4)
        self.assertIn("has no Vigil database 'nothing_here'", other.stderr.decode())
        both = harness.run_vigil(["--data", self.root, "verify", "--clickhouse-url", self.ch.url],
                                 check=False)
        self.assertEqual(both.returncode, 2)
        self.assertIn("--clickhouse-url reads the logs from ClickHouse", both.stderr.decode())
        bad = harness.run_vigil(["verify", "--clickhouse-url", "ftp://x"], check=False)
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--clickhouse-url", bad.stderr.decode())
        # A running node's log verifies too (reads only, no lock).
        live = verify(self.ch, "--node", "1", "--key", a_key)
        self.assertEqual(live.returncode, 0, live.stderr.decode())


if __name__ == "__main__":
    harness.main()
