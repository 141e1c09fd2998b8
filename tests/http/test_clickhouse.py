#!/usr/bin/env python3
"""`vigil serve --storage clickhouse` over real HTTP, against a real
clickhouse-server (Debian's package) started here on loopback.

Usage: test_clickhouse.py PATH_TO_VIGIL

One node ingests; search (every page), get by id with its inclusion proof
(checked with tests/ledger_reference.py against the checkpoint's root),
histogram, facets and an NDJSON export answer from ClickHouse; a key bound
to one tenant sees only that tenant; the node restarts (stateless: the
events, ids and its ledger come back from ClickHouse); a second node with
its own id ingests into the same database and both see every event; a
second node with a taken id is refused at start; API keys (made offline
or through the API, and revoked), tenants' catalogs set on one node and
viewer tokens minted on one node
hold on the other; while ClickHouse is down
an ingest is acknowledged from the node's local spool and readable once
ClickHouse is back, a batch past the spool's bound gets 503 and nothing of
it is stored, and without a spool every ingest gets 503. On a 2-shard
cluster (Distributed tables), two nodes ingest concurrently and a third
reads every event, and `vigil verify --clickhouse-url` checks every node's
log through the Distributed tables. Any node proves another node's event against that
node's own checkpoints and key, and exports one node's log with proofs
that `vigil verify --export` accepts.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import unittest

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))
import ledger_reference as ref  # noqa: E402

CONFIG = """<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>{dir}/log/server.log</log><errorlog>{dir}/log/error.log</errorlog>
    <size>10M</size><count>1</count></logger>
  <http_port>{http}</http_port>
  <tcp_port>{tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{dir}/data/</path>
  <tmp_path>{dir}/tmp/</tmp_path>
  <user_files_path>{dir}/user_files/</user_files_path>
  <format_schema_path>{dir}/format_schemas/</format_schema_path>
  <users_config>{dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  {remote_servers}
</yandex>
"""
USERS = """<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClickHouse:
    """A clickhouse-server in a directory of its own."""

    def __init__(self, root, name="clickhouse"):
        self.dir = os.path.join(root, name)
        for d in ("log", "data", "tmp", "user_files", "format_schemas"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        self.port = free_port()
        self.tcp_port = free_port()
        self.configure("")
        self.proc = None

    def configure(self, remote_servers):
        with open(os.path.join(self.dir, "config.xml"), "w") as f:
            f.write(CONFIG.format(dir=self.dir, http=self.port, tcp=self.tcp_port,
                                  remote_servers=remote_servers))
        with open(os.path.join(self.dir, "users.xml"), "w") as f:
            f.write(USERS)

    @staticmethod
    def cluster(root, name, shards):
        """Servers that each know all of them, one shard each, as cluster `name`."""
        servers = [ClickHouse(root, f"shard{i + 1}") for i in range(shards)]
        remote = f"<remote_servers><{name}>" + "".join(
            f"<shard><replica><host>127.0.0.1</host><port>{s.tcp_port}</port></replica></shard>"
            for s in servers) + f"</{name}></remote_servers>"
        for s in servers:
            s.configure(remote)
        return servers

    def start(self):
        exe = shutil.which("clickhouse-server")
        assert exe, "clickhouse-server is not installed (./dev.sh installs it)"
        self.proc = subprocess.Popen([exe, "--config-file=" + os.path.join(self.dir, "config.xml")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        harness.wait_for(self.ready, timeout=60, message="clickhouse-server answering")

    def ready(self):
        import urllib.request
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ping", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def kill(self):
        if self.proc:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.proc = None

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def event(tenant, i):
    e = {"id": f"{tenant}-{i:03d}", "tenant": tenant,
         "action": ["doc.open", "doc.edit", "user.login"][i % 3],
         "status": "error" if i % 4 == 0 else "success",
         "time": f"2026-11-{1 + i % 20:02d}T10:{i % 60:02d}:00.000Z",
         "description": f"Zoë edited report {i}"}
    if i % 3 != 2:
        e["actor"] = {"id": f"u_{i % 4}", "name": f"User {i % 4}", "email": f"u{i % 4}@ex.com"}
        e["context"] = {"ip": f"198.51.100.{i % 250 + 1}", "method": "POST"}
    return e


def spool_bytes(node):
    """The node's vigil_store_spool_bytes gauge, from GET /metrics."""
    text = node.get("/metrics").body.decode()
    m = re.search(r"^vigil_store_spool_bytes (\S+)$", text, re.M)
    assert m, "no vigil_store_spool_bytes in /metrics"
    return float(m.group(1))


class ClickHouseBackendTest(unittest.TestCase):
    def setUp(self):
        self.root = harness.new_tmp_dir("http-ch-")
        self.addCleanup(shutil.rmtree, self.root, True)
        self.ch = ClickHouse(self.root)
        self.ch.start()
        self.addCleanup(self.ch.stop)

    def node(self, name, node_id, keys=(), start=True, args=(), ch=None):
        """A vigil node with storage=clickhouse; keys: (name, scopes, tenant)
        created before it starts (offline, as an operator does)."""
        data = os.path.join(self.root, name)
        self.keys = {k[0]: harness.create_key(data, *k) for k in keys}
        server = harness.Server(data, args=["--storage", "clickhouse",
                                            "--clickhouse-url", (ch or self.ch).url,
                                            "--clickhouse-database", "vigil_http",
                                            "--clickhouse-node-id", str(node_id),
                                            "--ledger-name", f"vigil/{name}", *args])
        if start:
            server.start()
            self.addCleanup(lambda: server.proc and server.stop())
        return server

    def test_one_node_serves_every_read_and_restarts_stateless(self):
        a = self.node("a", 1, keys=[("admin", "admin,ingest,read,export"),
                                    ("acme", "read", "acme")])
        admin, acme = self.keys["admin"], self.keys["acme"]
        events = [event("acme", i) for i in range(60)] + [event("globex", i) for i in range(20)]
        result = a.ingest(admin, events)
        self.assertEqual(result["stored"], 80, result)
        again = a.ingest(admin, events[:5])
        self.assertEqual(again["duplicates"], 5, again)

        # The node's own records (server.startup, audit.view) are in _system,
        # appended within 200 ms of what they record: left out here.
        got = [e for e in a.search_all(admin) if e["tenant"] != "_system"]
        self.assertEqual(sorted(e["id"] for e in got), sorted(e["id"] for e in events))
        self.assertEqual(len(a.search_all(admin, q="status:error action:doc.*")),
                         sum(1 for e in events if e["status"] == "error" and e["action"].startswith("doc.")))
        self.assertEqual({e["tenant"] for e in a.search_all(acme)}, {"acme"})
        self.assertEqual(a.get("/v1/events/globex-001", key=acme).status, 404)
        self.assertEqual(len(a.search_all(admin, q='"edited report 7"')), 2)  # acme-007, globex-007

        h = a.get("/v1/histogram", key=acme, **{"from": "2026-11-01T00:00:00Z", "to": "2026-11-21T00:00:00Z",
                                                  "interval": "1d"})
        self.assertEqual(h.status, 200, h)
        self.assertEqual(sum(b["count"] for b in h.json()["buckets"]), 60)
        f = a.get("/v1/facets", key=acme, fields="action,status")
        self.assertEqual(f.status, 200, f)
        actions = {v["value"]: v["count"] for v in f.json()["facets"][0]["values"]}
        self.assertEqual(actions, {"doc.open": 20, "doc.edit": 20, "user.login": 20})
        exported = a.export(admin, q="tenant:globex")
        self.assertEqual(sorted(e["id"] for e in exported), sorted(e["id"] for e in events[60:]))

        # After a restart (the log comes back from ClickHouse) an event's
        # leaf hash is the hash of its sealed form, and its inclusion proof
        # verifies against the root the latest checkpoint signs.
        a.stop()
        a.start()
        one = a.get("/v1/events/acme-010", key=admin)
        self.assertEqual(one.status, 200, one)
        shown = one.json()
        led = shown["ledger"]
        self.assertEqual(led["leaf_hash"], ref.b64(ref.leaf_hash(ref.leaf_bytes(shown))))
        proof = [ref.unb64(p) for p in led["proof"]]
        self.assertTrue(ref.verify_inclusion(ref.unb64(led["leaf_hash"]), shown["seq"], led["size"],
                                             proof, ref.unb64(led["root"])), led)
        cp = a.get("/v1/ledger/checkpoint", key=admin).json()
        self.assertEqual((cp["size"], cp["root"]), (led["size"], led["root"]))
        self.assertGreaterEqual(cp["size"], 80)

    def test_redaction_and_retention_runs(self):
        # Online window 1 hour, delete-after 2 hours: events of 2020 are
        # past both, events sent without a time are fresh.
        a = self.node("a", 1, keys=[("op", "admin,ingest,read,export")],
                      args=["--retention-online", "1h", "--retention-delete-after", "2h",
                            "--retention-interval", "0"])
        op, no_audit = self.keys["op"], "tenant:acme -action:audit.*"
        old = [dict(event("acme", i), time=f"2020-01-{1 + i % 20:02d}T10:00:00.000Z")
               for i in range(20)]
        fresh = [{k: v for k, v in event("acme", i).items() if k != "time"} for i in range(20, 40)]
        self.assertEqual(a.ingest(op, old + fresh)["stored"], 40)

        # Redaction: the values are gone from reads, the leaf hash and its
        # proof are unchanged.
        ada = [e["id"] for e in old + fresh if e.get("actor", {}).get("id") == "u_1"]
        before = a.get(f"/v1/events/{ada[-1]}", key=op).json()["ledger"]["leaf_hash"]
        r = a.request("POST", "/v1/admin/redactions", key=op, body={"tenant": "acme", "actor": "u_1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["events"], len(ada), r.json())
        shown = a.get(f"/v1/events/{ada[-1]}", key=op).json()
        self.assertNotIn("email", shown["actor"])
        self.assertNotIn("ip", shown.get("context", {}))
        self.assertIn("redacted", shown["seal"])
        led = shown["ledger"]
        self.assertEqual(led["leaf_hash"], before)
        self.assertEqual(led["leaf_hash"], ref.b64(ref.leaf_hash(ref.leaf_bytes(shown))))
        self.assertTrue(ref.verify_inclusion(ref.unb64(led["leaf_hash"]), shown["seq"], led["size"],
                                             [ref.unb64(p) for p in led["proof"]],
                                             ref.unb64(led["root"])), led)
        self.assertEqual(a.search_all(op, "actor:u1@ex.com", archive="true"), [])
        self.assertEqual(len(a.search_all(op, "actor:u_1", archive="true")), len(ada))

        # Retention: default reads cover the online window; a run deletes
        # the old events after announcing them in the ledger.
        self.assertEqual(len(a.search_all(op, no_audit)), 20)
        self.assertEqual(len(a.search_all(op, no_audit, archive="true")), 40)
        r = a.request("POST", "/v1/admin/retention/runs", key=op)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["events_deleted"], 20, r.json())
        self.assertEqual(sorted(e["id"] for e in a.search_all(op, no_audit, archive="true")),
                         sorted(e["id"] for e in fresh))
        self.assertEqual(a.get(f"/v1/events/{old[3]['id']}", key=op).status, 404)
        announced = a.search_all(op, "action:audit.retention operation:delete", tenant="_system")
        self.assertEqual(len(announced), 1, announced)
        self.assertEqual(announced[0]["metadata"]["events"], 20)
        # The ledger still proves a remaining event.
        kept = a.get(f"/v1/events/{fresh[5]['id']}", key=op).json()
        one = kept["ledger"]
        self.assertTrue(ref.verify_inclusion(ref.unb64(one["leaf_hash"]), kept["seq"], one["size"],
                                             [ref.unb64(p) for p in one["proof"]],
                                             ref.unb64(one["root"])), one)

    def test_two_nodes_share_events_and_keep_their_own_logs(self):
        a = self.node("a", 1, keys=[("w", "ingest,read,export")])
        ka = self.keys["w"]
        b = self.node("b", 2, keys=[("w", "ingest,read,export")])
        kb = self.keys["w"]
        a.ingest(ka, [event("acme", i) for i in range(0, 30)])
        acked = b.ingest(kb, [event("acme", i) for i in range(30, 50)])
        # b's self-audit records share its log, so seqs are read from the ack.
        self.b_seq = {e["id"]: e["seq"] for e in acked["events"]}
        self.assertEqual(len(a.search_all(ka, q="tenant:acme")), 50)
        self.assertEqual(len(b.search_all(kb, q="tenant:acme")), 50)
        dup = b.ingest(kb, [event("acme", 3)])
        self.assertEqual(dup["duplicates"], 1, dup)
        self.check_proofs_of_another_nodes_events(a, ka, b, kb)
        self.check_live_tail_across_nodes(a, ka, b, kb)

    def check_live_tail_across_nodes(self, a, ka, b, kb):
        """A tail on node a shows the events node b ingests, and resumes
        after a reconnect from the id it sent, which names each node's
        position."""
        st = a.stream(ka, q="action:doc.open")
        try:
            st.wait_open()
            opened = st.last_id  # where the tail starts, every node's position
            self.assertEqual({p.split(":")[0] for p in opened.split(",")}, {"1", "2"}, opened)
            b.ingest(kb, [event("acme", i) for i in range(60, 66)])  # 60 and 63 are doc.open
            a.ingest(ka, [event("acme", 66)])                         # doc.open too
            st.wait(lambda x: len(x.events) >= 3, message="three live events from two nodes")
            self.assertEqual(sorted(st.ids()), ["acme-060", "acme-063", "acme-066"])
            by_id = {d["id"]: i for i, _, d in st.events}
            last_b = dict(p.split(":") for p in by_id["acme-063"].split(","))
            self.assertEqual(set(last_b), {"1", "2"})
        finally:
            st.close()
        again = a.stream(ka, q="action:doc.open", headers={"Last-Event-ID": by_id["acme-060"]})
        try:
            again.wait(lambda x: "acme-063" in x.ids(), message="the replayed event of node b")
            self.assertNotIn("acme-060", again.ids())
        finally:
            again.close()
        from_open = a.stream(ka, q="action:doc.open", headers={"Last-Event-ID": opened})
        try:
            from_open.wait(lambda x: len(x.events) >= 3, message="every event since the tail opened")
            self.assertEqual(sorted(from_open.ids()), ["acme-060", "acme-063", "acme-066"])
        finally:
            from_open.close()
        bad = a.get("/v1/stream", key=ka, headers={"Last-Event-ID": "2:x"})
        self.assertEqual(bad.status, 400, bad)
        self.assertIn("Last-Event-ID", bad.json()["error"]["message"])

    def check_proofs_of_another_nodes_events(self, a, ka, b, kb):
        """Node a serves node b's events with proofs against b's own
        checkpoints and key, and exports b's log with proofs that `vigil
        verify --export` accepts offline."""
        b_cp = b.get("/v1/ledger/checkpoint", key=kb).json()
        self.assertEqual(b_cp["node"], 2)
        # b signs a checkpoint covering its event when asked for its proof.
        self.assertEqual(b.get("/v1/events/acme-040", key=kb).status, 200)
        one = a.get("/v1/events/acme-040", key=ka).json()
        led = one["ledger"]
        self.assertEqual((led["node"], led["seq"]), (2, self.b_seq["acme-040"]), led)
        self.assertTrue(ref.verify_inclusion(ref.unb64(led["leaf_hash"]), led["seq"], led["size"],
                                             [ref.unb64(p) for p in led["proof"]],
                                             ref.unb64(led["root"])), led)
        self.assertEqual(ref.event_leaf_hash(one), ref.unb64(led["leaf_hash"]))
        self.assertIn("vigil/b", led["checkpoint"])
        # b's checkpoint and key, served by a.
        via_a = a.get("/v1/ledger/checkpoint", key=ka, node="2").json()
        self.assertEqual((via_a["node"], via_a["verifier_key"]), (2, b_cp["verifier_key"]))
        self.assertEqual(via_a["checkpoint"], led["checkpoint"])
        own = a.get("/v1/ledger/checkpoint", key=ka).json()
        self.assertEqual(own["node"], 1)
        self.assertNotEqual(own["verifier_key"], b_cp["verifier_key"])
        by_seq = a.get("/v1/ledger/proof/inclusion", key=ka, seq=str(self.b_seq["acme-040"]),
                     node="2").json()
        self.assertEqual((by_seq["id"], by_seq["node"], by_seq["proof"]),
                         ("acme-040", 2, led["proof"]))
        r = a.get("/v1/ledger/proof/consistency", key=ka, node="2", **{"from": "1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["to"], led["size"])
        r = a.get("/v1/ledger/checkpoint", key=ka, node="9")
        self.assertEqual(r.status, 404, r)
        self.assertIn("no Vigil node 9", r.json()["error"]["message"])
        # Exports with proofs: one node's log at a time.
        r = a.get("/v1/export", key=ka, format="ndjson", proofs="true")
        self.assertEqual(r.status, 400, r)
        self.assertIn("node: required with proofs=true", r.json()["error"]["message"])
        r = a.get("/v1/export", key=ka, format="ndjson", proofs="true", node="2")
        self.assertEqual(r.status, 200, r)
        lines = r.body.decode().splitlines()
        header = json.loads(lines[0])["ledger"]
        self.assertEqual(header["node"], 2)
        ids = {json.loads(l).get("id") for l in lines[1:]}
        self.assertLessEqual({f"acme-{i:03d}" for i in range(30, 50)}, ids)
        self.assertNotIn("acme-000", ids)  # node a's
        export = os.path.join(self.root, "b.ndjson")
        note = os.path.join(self.root, "b.note")
        with open(export, "w", encoding="utf-8") as f:
            f.write("".join(l + "\n" for l in lines))
        with open(note, "w", encoding="utf-8") as f:
            f.write(header["checkpoint"])
        p = harness.run_vigil(["verify", "--export", export, "--checkpoint", note,
                               "--key", b_cp["verifier_key"]], check=False)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        # A third node claiming b's id is refused at start.
        c = self.node("c", 2, start=False)
        with self.assertRaises(Exception) as caught:
            c.start()
        self.assertIn("registered to 'vigil/b'", str(caught.exception) + c.stderr())

    def test_keys_and_catalogs_are_shared_between_nodes(self):
        a = self.node("a", 1, keys=[("op", "admin,ingest,read,export")])
        op = self.keys["op"]  # made offline in a's data directory
        b = self.node("b", 2)
        wait = lambda what, f: harness.wait_for(f, timeout=20, message=what)
        # a shared its offline key when it started; b took it in at its start.
        self.assertEqual(b.get("/v1/events", key=op).status, 200)
        # A key made through a's API works on b.
        r = a.request("POST", "/v1/keys", key=op, body={"name": "writer",
                                                       "scopes": ["ingest", "read"]})
        self.assertEqual(r.status, 201, r)
        made = r.json()
        wait("b to accept a's new key",
             lambda: b.get("/v1/events", key=made["secret"]).status == 200)
        # Revoked through b's API, it stops working on a.
        r = b.request("DELETE", f"/v1/keys/{made['key']['id']}", key=op)
        self.assertEqual(r.status, 200, r)
        wait("a to refuse the key b revoked",
             lambda: a.get("/v1/events", key=made["secret"]).status == 401)
        self.assertIn("was revoked", a.get("/v1/events", key=made["secret"]).json()["error"]["message"])
        # A strict catalog set on a holds on b.
        r = a.request("PUT", "/v1/catalog", key=op,
                      body={"tenant": "strict1", "catalog": "lowcoder", "strict": True})
        self.assertEqual(r.status, 200, r)
        wait("b to take in a's catalog setting",
             lambda: b.get("/v1/catalog", key=op, tenant="strict1").json().get("strict") is True)
        self.assertEqual(b.get("/v1/catalog", key=op, tenant="strict1").json()["catalog"],
                         "lowcoder")
        r = b.post_events(op, [{"tenant": "strict1", "action": "app.teleport"}])
        self.assertEqual(r.status, 422, r)
        # The newest write wins: b changes it back, a follows.
        r = b.request("PUT", "/v1/catalog", key=op, body={"tenant": "strict1", "strict": False})
        self.assertEqual(r.status, 200, r)
        wait("a to take in b's newer catalog setting",
             lambda: a.get("/v1/catalog", key=op, tenant="strict1").json().get("strict") is False)
        # A viewer token minted on either node verifies on the other: both
        # hold the secret the first node wrote to the store.
        for minter, other in ((a, b), (b, a)):
            token = minter.mint_token(op, tenant="acme")
            self.assertEqual(other.get("/v1/events", key=token).status, 200)
        self.assertEqual(harness.token_secret(a.data), harness.token_secret(b.data))

    def test_ingest_while_clickhouse_is_down_is_spooled_then_forwarded(self):
        a = self.node("a", 1, keys=[("w", "ingest,read")], args=["--clickhouse-spool", "64KiB"])
        key = self.keys["w"]
        a.ingest(key, [event("acme", i) for i in range(10)])
        self.ch.kill()
        spooled = a.ingest(key, [event("acme", i) for i in range(10, 20)])
        self.assertEqual(spooled["stored"], 10, spooled)
        r = a.post_events(key, [event("acme", i) for i in range(100, 400)])  # past 64 KiB
        self.assertEqual(r.status, 503, r)
        self.assertIn("local spool is full", r.body.decode(), r)
        self.assertGreater(spool_bytes(a), 0)
        self.ch.start()
        want = {f"acme-{i:03d}" for i in range(20)}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ids = {e["id"] for e in a.search_all(key, q="tenant:acme")}
            if ids == want:
                break
            time.sleep(0.1)
        self.assertEqual(ids, want)
        # The node's own audit events of the searches above may still queue
        # in the spool: this batch is then readable once they are forwarded.
        r = a.ingest(key, [event("acme", i) for i in range(20, 25)])
        self.assertEqual(r["stored"], 5, r)
        harness.wait_for(lambda: len(a.search_all(key, q="tenant:acme")) == 25, timeout=30,
                         message="the last batch readable")
        harness.wait_for(lambda: spool_bytes(a) == 0, timeout=30, message="an empty spool")

    def test_without_a_spool_ingest_while_clickhouse_is_down_is_refused(self):
        a = self.node("a", 1, keys=[("w", "ingest,read")], args=["--clickhouse-spool", "0"])
        key = self.keys["w"]
        a.ingest(key, [event("acme", i) for i in range(10)])
        self.ch.kill()
        r = a.post_events(key, [event("acme", i) for i in range(10, 20)])
        self.assertEqual(r.status, 503, r)
        self.assertIn("ClickHouse", r.body.decode(), r)
        self.ch.start()
        a.ingest(key, [event("acme", i) for i in range(20, 25)])
        ids = {e["id"] for e in a.search_all(key, q="tenant:acme")}
        self.assertEqual(ids, {f"acme-{i:03d}" for i in list(range(10)) + list(range(20, 25))})


class ClickHouseClusterTest(ClickHouseBackendTest):
    """Two ClickHouse shards behind Distributed tables; two nodes ingest
    concurrently (each through its own shard's server), a third queries."""

    def setUp(self):
        self.root = harness.new_tmp_dir("http-chc-")
        self.addCleanup(shutil.rmtree, self.root, True)
        self.shards = ClickHouse.cluster(self.root, "vigil_http", 2)
        for s in self.shards:
            s.start()
            self.addCleanup(s.stop)
        self.ch = self.shards[0]
        self.cluster_args = ["--clickhouse-cluster", "vigil_http",
                             "--clickhouse-shards", ",".join(s.url for s in self.shards)]

    # The single-server tests do not run again here.
    test_one_node_serves_every_read_and_restarts_stateless = None
    test_two_nodes_share_events_and_keep_their_own_logs = None
    test_keys_and_catalogs_are_shared_between_nodes = None
    test_ingest_while_clickhouse_is_down_is_spooled_then_forwarded = None
    test_without_a_spool_ingest_while_clickhouse_is_down_is_refused = None

    def test_two_nodes_ingest_concurrently_and_a_third_reads_everything(self):
        import threading
        a = self.node("a", 1, keys=[("w", "ingest,read")], args=self.cluster_args, ch=self.shards[0])
        ka = self.keys["w"]
        b = self.node("b", 2, keys=[("w", "ingest,read")], args=self.cluster_args, ch=self.shards[1])
        kb = self.keys["w"]
        c = self.node("c", 3, keys=[("r", "read,export")], args=self.cluster_args, ch=self.shards[0])
        kc = self.keys["r"]
        errors = []

        def ingest(node, key, tenant):
            try:
                for batch in range(10):
                    r = node.ingest(key, [event(tenant, batch * 30 + i) for i in range(30)])
                    assert r["stored"] == 30, r
            except Exception as e:  # reported below, in the test's thread
                errors.append(e)

        threads = [threading.Thread(target=ingest, args=(a, ka, "acme")),
                   threading.Thread(target=ingest, args=(b, kb, "globex"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        got = c.search_all(kc, q="tenant:acme") + c.search_all(kc, q="tenant:globex")
        self.assertEqual(len(got), 600)
        self.assertEqual(len({e["id"] for e in got}), 600)
        self.assertEqual(len(c.search_all(kc, q="tenant:globex status:error")),
                         sum(1 for i in range(300) if i % 4 == 0))
        f = c.get("/v1/facets", key=kc, fields="tenant")
        self.assertEqual(f.status, 200, f)
        counts = {v["value"]: v["count"] for v in f.json()["facets"][0]["values"]}
        self.assertEqual((counts["acme"], counts["globex"]), (300, 300), counts)
        self.assertEqual(len(c.export(kc, q="tenant:acme")), 300)
        # Each writer proves its own events against its own checkpoint, and
        # the reader proves them against the writer's, from the shards.
        one = a.get("/v1/events/acme-123", key=ka).json()
        led = one["ledger"]
        self.assertTrue(ref.verify_inclusion(ref.unb64(led["leaf_hash"]), one["seq"], led["size"],
                                             [ref.unb64(p) for p in led["proof"]],
                                             ref.unb64(led["root"])), led)
        self.assertEqual(b.get("/v1/events/globex-200", key=kb).status, 200)
        for writer, eid in ((1, "acme-123"), (2, "globex-200")):
            read = c.get(f"/v1/events/{eid}", key=kc).json()
            led = read["ledger"]
            self.assertEqual(led["node"], writer, led)
            self.assertTrue(ref.verify_inclusion(ref.event_leaf_hash(read), led["seq"], led["size"],
                                                 [ref.unb64(p) for p in led["proof"]],
                                                 ref.unb64(led["root"])), led)
        # vigil verify reads every node's log through one shard's
        # Distributed tables (test_clickhouse_verify.py covers the rest).
        for n in (a, b, c):
            n.stop()
        v = harness.run_vigil(["verify", "--clickhouse-url", self.shards[1].url,
                               "--clickhouse-database", "vigil_http"], check=False)
        self.assertEqual(v.returncode, 0, v.stderr.decode())
        out = v.stdout.decode()
        for label in ("node 1 (vigil/a): verified 3", "node 2 (vigil/b): verified 3",
                      "node 3 (vigil/c): verified "):
            self.assertIn(label, out)


if __name__ == "__main__":
    harness.main()
