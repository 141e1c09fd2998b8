#!/usr/bin/env python3
"""Every endpoint's happy path over real HTTP, and the shape of its response.

Usage: test_endpoints.py PATH_TO_VIGIL

POST /v1/events (object, array, the three NDJSON types, gzip, deflate in
both framings, zstd, chunked upload, ids assigned, idempotent ids within a
batch and across requests, normalization); GET /v1/events (default limit
and order, limit, both orders, cursor pagination without gaps or repeats,
q, from inclusive / to exclusive, operator tenant filter); GET
/v1/events/{id} (the whole event; ids with reserved characters
percent-encoded; HEAD); histogram (explicit and auto interval, zero buckets,
errors); facets (counts, top and other, missing); export (NDJSON in ledger
order, CSV read back by the csv module, headers, from/to); stream (live,
after_seq, Last-Event-ID, q filter); keys (list, create → usable at once,
revoke); viewer tokens (mint, claims, read with it); healthz, metrics,
openapi.json; X-Request-Id; keep-alive.
"""
import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import unittest
import urllib.parse
import zlib

import dataset
import harness

ULID = re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$")


class EndpointsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "a": {"scopes": "ingest,read,export", "tenant": "acme"},
            "a_admin": {"scopes": "admin,read,export", "tenant": "acme"},
        }, prefix="endpoints-")
        cls.events = dataset.events("acme", 300)
        res = cls.server.ingest(cls.keys["op"], cls.events)
        cls.seq_of = {e["id"]: e["seq"] for e in res["events"]}
        cls.range = {"from": dataset.FROM, "to": dataset.TO}

    def setUp(self):
        self.s = self.server
        self.a = self.keys["a"]
        self.op = self.keys["op"]

    # ------------------------------------------------------------ ingest

    def test_ingest_shapes(self):
        s, a = self.s, self.a
        r = s.post_events(a, {"action": "shape.one"})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        body = r.json()
        self.assertEqual(set(body), {"events", "stored", "duplicates"})
        self.assertEqual(body["stored"], 1)
        self.assertEqual(body["duplicates"], 0)
        self.assertEqual(set(body["events"][0]), {"id", "seq"})
        self.assertRegex(body["events"][0]["id"], ULID)  # assigned by the server
        # An array: acknowledgements in request order, seqs increasing.
        body = s.ingest(a, [{"id": f"arr-{i}", "action": "shape.many"} for i in range(5)])
        self.assertEqual([e["id"] for e in body["events"]], [f"arr-{i}" for i in range(5)])
        seqs = [e["seq"] for e in body["events"]]
        self.assertEqual(seqs, sorted(seqs))
        self.assertEqual(len(set(seqs)), 5)
        # NDJSON under each accepted type, blank trailing line allowed.
        for i, ctype in enumerate(["application/x-ndjson", "application/ndjson",
                                   "application/jsonl"]):
            nd = "".join(json.dumps({"id": f"nd-{i}-{j}", "action": "shape.nd"}) + "\n"
                         for j in range(3)).encode()
            r = s.post_events(a, nd, content_type=ctype)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["stored"], 3)
        got = s.get("/v1/events", key=a, q="action:shape.nd", limit=100).json()["events"]
        self.assertEqual(len(got), 9)

    def test_ingest_compressed(self):
        s, a = self.s, self.a
        payload = lambda tag: json.dumps(  # noqa: E731
            [{"id": f"{tag}-{i}", "action": "shape.zip", "description": "x" * 200}
             for i in range(50)]).encode()
        raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        bodies = {
            "gzip": gzip.compress(payload("gz")),
            "x-gzip": gzip.compress(payload("xgz")),
            "deflate": zlib.compress(payload("zl")),
            "identity": payload("id"),
        }
        raw = raw_deflate.compress(payload("raw")) + raw_deflate.flush()
        cases = list(bodies.items()) + [("deflate", raw)]
        if shutil.which("zstd"):
            cases.append(("zstd", subprocess.run(["zstd", "-c", "-q"], input=payload("zs"),
                                                 capture_output=True, check=True).stdout))
        for encoding, body in cases:
            with self.subTest(encoding=encoding):
                r = s.post_events(a, body, headers={"Content-Encoding": encoding})
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json()["stored"], 50)
        if not shutil.which("zstd"):
            self.skipTest("zstd case skipped: the zstd command is not installed "
                          "(Debian package zstd)")

    def test_ingest_chunked_upload(self):
        sock = self.s.raw_socket()
        try:
            body = json.dumps([{"id": f"chunk-{i}", "action": "shape.chunked"}
                               for i in range(20)]).encode()
            head = ("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    f"Authorization: Bearer {self.a.secret}\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n")
            sock.sendall(head.encode())
            for i in range(0, len(body), 100):
                part = body[i:i + 100]
                sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
            sock.sendall(b"0\r\n\r\n")
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            sock.close()
        self.assertTrue(data.startswith(b"HTTP/1.1 200"), data[:200])
        self.assertEqual(json.loads(data.split(b"\r\n\r\n", 1)[1])["stored"], 20)

    def test_idempotent_ids(self):
        s, a = self.s, self.a
        first = s.ingest(a, [{"id": "idem-1", "action": "shape.idem"},
                             {"id": "idem-2", "action": "shape.idem"}])
        again = s.ingest(a, [{"id": "idem-1", "action": "shape.idem"},
                             {"id": "idem-3", "action": "shape.idem"}])
        self.assertEqual(again["stored"], 1)
        self.assertEqual(again["duplicates"], 1)
        self.assertEqual(again["events"][0], {"id": "idem-1", "seq": first["events"][0]["seq"],
                                              "duplicate": True})
        self.assertNotIn("duplicate", again["events"][1])
        # Within one batch the second copy is a duplicate of the first.
        within = s.ingest(a, [{"id": "idem-4", "action": "shape.idem"},
                              {"id": "idem-4", "action": "shape.idem"}])
        self.assertEqual(within["stored"], 1)
        self.assertEqual(within["events"][1]["seq"], within["events"][0]["seq"])
        self.assertTrue(within["events"][1]["duplicate"])
        ids = [e["id"] for e in s.search_all(a, "action:shape.idem")]
        self.assertEqual(sorted(ids), ["idem-1", "idem-2", "idem-3", "idem-4"])

    def test_normalization_round_trip(self):
        s, a = self.s, self.a
        s.ingest(a, {"id": "norm-1", "action": "shape.norm",
                     "time": "2026-11-21T09:30:00.123+01:00",
                     "environment": "STAGING", "operation": "Update",
                     "context": {"ip": "2001:0DB8:0:0:0:0:0:1", "method": "patch"},
                     "category": "", "actor": {"id": "u_1", "status": "Active"}})
        e = s.get("/v1/events/norm-1", key=a).json()
        self.assertEqual(e["time"], "2026-11-21T08:30:00.123Z")
        self.assertEqual(e["environment"], "staging")
        self.assertEqual(e["operation"], "update")
        self.assertEqual(e["context"], {"ip": "2001:db8::1", "method": "PATCH"})
        self.assertNotIn("category", e)
        self.assertEqual(e["actor"], {"id": "u_1", "status": "active", "type": "user"})
        self.assertEqual(e["tenant"], "acme")
        self.assertEqual(e["status"], "success")

    # ------------------------------------------------------------ search

    def test_search_defaults_and_shape(self):
        r = self.s.get("/v1/events", key=self.a, **self.range)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Cache-Control"), "no-store")
        page = r.json()
        self.assertEqual(set(page), {"events", "next_cursor"})
        self.assertEqual(len(page["events"]), 50)  # default limit
        times = [e["time"] for e in page["events"]]
        self.assertEqual(times, sorted(times, reverse=True))  # newest first
        newest = sorted(self.events, key=lambda e: e["time"], reverse=True)[:50]
        self.assertEqual([e["id"] for e in page["events"]], [e["id"] for e in newest])
        for e in page["events"]:
            self.assertEqual(e["seq"], self.seq_of[e["id"]])
            self.assertIn("received_at", e)

    def test_search_pagination_both_orders(self):
        for order in ["newest", "oldest"]:
            with self.subTest(order=order):
                seen, cursor, pages = [], None, 0
                while True:
                    p = dict(self.range, q="status:success", limit=37, order=order)
                    if cursor:
                        p["cursor"] = cursor
                    page = self.s.get("/v1/events", key=self.a, **p).json()
                    pages += 1
                    self.assertLessEqual(len(page["events"]), 37)
                    seen += page["events"]
                    cursor = page["next_cursor"]
                    if cursor is None:
                        break
                want = sorted((e for e in self.events if e["status"] == "success"),
                              key=lambda e: e["time"], reverse=order == "newest")
                self.assertEqual([e["id"] for e in seen], [e["id"] for e in want])
                self.assertIn(pages, (-(-len(want) // 37), -(-len(want) // 37) + 1))

    def test_search_time_bounds(self):
        # from is inclusive, to exclusive, at millisecond precision.
        e = sorted(self.events, key=lambda x: x["time"])[100]
        r = self.s.get("/v1/events", key=self.a, limit=1000, order="oldest",
                       **{"from": e["time"], "to": dataset.TO}).json()
        self.assertEqual(r["events"][0]["id"], e["id"])
        r = self.s.get("/v1/events", key=self.a, limit=1000,
                       **{"from": dataset.FROM, "to": e["time"]}).json()
        self.assertNotIn(e["id"], [x["id"] for x in r["events"]])
        self.assertEqual(len(r["events"]), 100)
        # YYYY-MM-DD dates.
        r = self.s.get("/v1/events", key=self.a, limit=1000,
                       **{"from": "2026-11-03", "to": "2026-11-04"}).json()
        want = [x["id"] for x in self.events if x["time"].startswith("2026-11-03")]
        self.assertEqual(sorted(x["id"] for x in r["events"]), sorted(want))

    def test_search_query(self):
        q = "action:app.* -status:success environment:staging"
        got = self.s.search_all(self.a, q, **self.range)
        want = [e["id"] for e in self.events if e["action"].startswith("app.")
                and e["status"] == "error" and e["environment"] == "staging"]
        self.assertTrue(want)
        self.assertEqual(sorted(e["id"] for e in got), sorted(want))
        got = self.s.search_all(self.a, "actor:grace@example.com workspace:ws_2", **self.range)
        want = [e["id"] for e in self.events if e["actor"]["id"] == "u_2"
                and e["workspace"]["id"] == "ws_2"]
        self.assertEqual(sorted(e["id"] for e in got), sorted(want))

    def test_operator_reads_one_tenant_or_all(self):
        s, op = self.s, self.op
        s.ingest(op, [{"id": "other-1", "tenant": "other", "action": "app.create",
                       "time": "2026-11-05T00:00:00Z"}])
        only = s.get("/v1/events", key=op, tenant="other", limit=1000).json()["events"]
        self.assertEqual({e["tenant"] for e in only}, {"other"})
        both = s.search_all(op, "-action:audit.*", **self.range)
        self.assertEqual({e["tenant"] for e in both}, {"acme", "other"})

    # ------------------------------------------------------------ one event

    def test_get_event(self):
        e = self.events[42]
        r = self.s.get(f"/v1/events/{e['id']}", key=self.a)
        self.assertEqual(r.status, 200, r)
        got = r.json()
        self.assertEqual(got["seq"], self.seq_of[e["id"]])
        for field in ["id", "time", "tenant", "environment", "workspace", "action", "status",
                      "target", "context", "description", "metadata"]:
            self.assertEqual(got[field], e[field], field)
        self.assertEqual(got["actor"], dict(e["actor"], type="user"))
        # HEAD: the same status and headers, no body.
        r = self.s.request("HEAD", f"/v1/events/{e['id']}", key=self.a)
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, b"")

    def test_get_event_with_reserved_characters_in_id(self):
        for eid in ["odd id:with@chars+and?query", "semi;colon#hash", "percent%41"]:
            if " " in eid:
                eid = eid.replace(" ", "_")
            with self.subTest(id=eid):
                self.s.ingest(self.a, {"id": eid, "action": "shape.odd"})
                quoted = urllib.parse.quote(eid, safe="")
                r = self.s.get(f"/v1/events/{quoted}", key=self.a)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.json()["id"], eid)

    def test_get_event_with_slash_in_id(self):
        # A slash is a valid id character (docs/event-model.md: printable ASCII
        # 0x21-0x7E), so an event with one must be reachable percent-encoded.
        self.s.ingest(self.a, {"id": "orders/42", "action": "shape.slash"})
        r = self.s.get("/v1/events/orders%2F42", key=self.a)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["id"], "orders/42")

    # ------------------------------------------------------------ aggregates

    def test_histogram(self):
        r = self.s.get("/v1/histogram", key=self.a, interval="1d", q="-action:audit.*",
                       **{"from": "2026-10-30", "to": "2026-11-21"})
        self.assertEqual(r.status, 200, r)
        h = r.json()
        self.assertEqual(set(h), {"interval_ms", "buckets", "total"})
        self.assertEqual(h["interval_ms"], 86_400_000)
        self.assertEqual(len(h["buckets"]), 22)  # every day of the range, zeros included
        self.assertEqual(h["buckets"][0]["time"], "2026-10-30T00:00:00.000Z")
        self.assertEqual(h["total"], len(self.events))
        self.assertEqual(sum(b["count"] for b in h["buckets"]), h["total"])
        for b in h["buckets"]:
            day = b["time"][:10]
            self.assertEqual(b["count"], sum(e["time"].startswith(day) for e in self.events))
            self.assertEqual(b["errors"], sum(e["time"].startswith(day) and e["status"] == "error"
                                              for e in self.events))
        self.assertTrue(any(b["count"] == 0 for b in h["buckets"]))
        # auto: some interval that gives a chart-sized number of buckets.
        h = self.s.get("/v1/histogram", key=self.a, q="-action:audit.*", **self.range).json()
        self.assertGreater(h["interval_ms"], 0)
        self.assertTrue(10 <= len(h["buckets"]) <= 200, len(h["buckets"]))
        self.assertEqual(h["total"], len(self.events))
        # Units.
        for interval, ms in [("30s", 30_000), ("15m", 900_000), ("6h", 21_600_000),
                             ("1w", 604_800_000)]:
            h = self.s.get("/v1/histogram", key=self.a, interval=interval, q="-action:audit.*",
                           **{"from": "2026-11-02", "to": "2026-11-03"} if ms < 3_600_000
                           else self.range).json()
            self.assertEqual(h["interval_ms"], ms, interval)

    def test_facets(self):
        r = self.s.get("/v1/facets", key=self.a, q="-action:audit.*", **self.range)
        self.assertEqual(r.status, 200, r)
        facets = r.json()["facets"]
        self.assertEqual([f["field"] for f in facets], ["action", "status", "actor", "environment"])
        for f in facets:
            self.assertEqual(set(f), {"field", "values", "other", "missing"})
            counts = [v["count"] for v in f["values"]]
            self.assertEqual(counts, sorted(counts, reverse=True))
            self.assertEqual(sum(counts) + f["other"] + f["missing"], len(self.events))
        status = {v["value"]: v["count"] for v in facets[1]["values"]}
        self.assertEqual(status["error"], sum(e["status"] == "error" for e in self.events))
        # top=2: the rest is counted in other.
        f = self.s.get("/v1/facets", key=self.a, q="-action:audit.*", fields="action", top=2,
                       **self.range).json()["facets"][0]
        self.assertEqual(len(f["values"]), 2)
        self.assertEqual(f["other"], len(self.events) - sum(v["count"] for v in f["values"]))
        # A field most events lack: counted in missing.
        self.s.ingest(self.a, {"id": "facet-role", "action": "shape.facet", "category": "Shapes",
                               "actor": {"id": "u_9", "role": "auditor"}})
        f = self.s.get("/v1/facets", key=self.a, q="action:shape.facet,app.create",
                       fields="category").json()["facets"][0]
        self.assertEqual(f["values"], [{"value": "Shapes", "count": 1}])
        self.assertEqual(f["field"], "category")
        self.assertEqual(f["missing"] + sum(v["count"] for v in f["values"]),
                         1 + sum(e["action"] == "app.create" for e in self.events))

    # ------------------------------------------------------------ export

    def test_export_ndjson(self):
        r = self.s.get("/v1/export", key=self.a, q="-action:audit.*", **self.range)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "application/x-ndjson")
        self.assertRegex(r.header("Content-Disposition"),
                         r'^attachment; filename="vigil-acme-\d{4}-\d\d-\d\d\.ndjson"$')
        rows = [json.loads(l) for l in r.body.decode().splitlines()]
        ids = [e["id"] for e in rows if e["id"] in self.seq_of]
        self.assertEqual(ids, [e["id"] for e in self.events])  # ledger (seq) order
        seqs = [e["seq"] for e in rows]
        self.assertEqual(seqs, sorted(seqs))

    def test_export_csv(self):
        r = self.s.get("/v1/export", key=self.a, format="csv", q="status:error", **self.range)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        self.assertIn(".csv", r.header("Content-Disposition"))
        text = r.body.decode()
        self.assertIn("\r\n", text)
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        want = [e for e in self.events if e["status"] == "error"]
        self.assertEqual([row["id"] for row in rows], [e["id"] for e in want])
        for row, e in zip(rows, want):
            self.assertEqual(row["time"], e["time"])
            self.assertEqual(row["action"], e["action"])
            self.assertEqual(row["actor.email"], e["actor"]["email"])
            self.assertEqual(row["seq"], str(self.seq_of[e["id"]]))
            self.assertEqual(json.loads(row["metadata"]), e["metadata"])

    def test_export_formula_injection_neutralized(self):
        self.s.ingest(self.a, [{"id": "csv-1", "action": "shape.csv",
                                "description": "=HYPERLINK(\"http://x\")"},
                               {"id": "csv-2", "action": "shape.csv", "description": "@SUM(A1)",
                                "actor": {"name": "+cmd"}}])
        text = self.s.export(self.a, q="action:shape.csv", fmt="csv")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        self.assertEqual(rows[0]["description"], "'=HYPERLINK(\"http://x\")")
        self.assertEqual(rows[1]["description"], "'@SUM(A1)")
        self.assertEqual(rows[1]["actor.name"], "'+cmd")

    # ------------------------------------------------------------ live tail

    def test_stream(self):
        s, a = self.s, self.a
        st = s.stream(a, q="action:shape.live")
        try:
            self.assertEqual(st.status, 200)
            self.assertTrue(st.headers["content-type"].startswith("text/event-stream"))
            st.wait_open()
            s.ingest(a, [{"id": "live-1", "action": "shape.live"},
                         {"id": "live-skip", "action": "shape.other"},
                         {"id": "live-2", "action": "shape.live"}])
            st.wait(lambda x: len(x.events) >= 2, message="two live events")
            ids = [i for i, _, _ in st.events]
            self.assertEqual([d["id"] for d in st.data()], ["live-1", "live-2"])
            self.assertEqual([n for _, n, _ in st.events], ["event", "event"])
            self.assertEqual([int(i) for i in ids], [d["seq"] for d in st.data()])
        finally:
            st.close()
        first_seq = st.data()[0]["seq"]
        # Resuming: after_seq and Last-Event-ID replay what came after.
        for how in ["after_seq", "Last-Event-ID"]:
            with self.subTest(how=how):
                if how == "after_seq":
                    again = s.stream(a, q="action:shape.live", after_seq=first_seq)
                else:
                    again = s.stream(a, q="action:shape.live",
                                     headers={"Last-Event-ID": str(first_seq)})
                try:
                    again.wait(lambda x: len(x.events) >= 1, message="replayed event")
                    self.assertEqual([d["id"] for d in again.data()], ["live-2"])
                finally:
                    again.close()
        # A tail names its starting point as the first event id, so one that
        # reconnects before any event came misses nothing stored meanwhile.
        quiet = s.stream(a, q="action:shape.gap")
        try:
            quiet.wait_open()
            self.assertEqual(quiet.events, [])
            open_id = quiet.last_id
        finally:
            quiet.close()
        self.assertGreaterEqual(int(open_id), st.data()[-1]["seq"])
        s.ingest(a, [{"id": "gap-1", "action": "shape.gap"}])
        again = s.stream(a, q="action:shape.gap", headers={"Last-Event-ID": open_id})
        try:
            again.wait(lambda x: len(x.events) >= 1, message="the event stored between the tails")
            self.assertEqual([d["id"] for d in again.data()], ["gap-1"])
        finally:
            again.close()

    # ------------------------------------------------------------ admin

    def test_keys_lifecycle(self):
        s, adm = self.s, self.keys["a_admin"]
        r = s.request("POST", "/v1/keys", key=adm,
                      body={"name": "made by api", "scopes": ["read"], "environments": ["staging"]})
        self.assertEqual(r.status, 201, r)
        made = r.json()
        self.assertEqual(set(made), {"key", "secret"})
        self.assertRegex(made["secret"], r"^vk_[A-Za-z0-9_-]{43}$")
        key = made["key"]
        self.assertRegex(key["id"], r"^key_[0-9a-z]{16}$")
        self.assertEqual(key["name"], "made by api")
        self.assertEqual(key["scopes"], ["read"])
        self.assertEqual(key["tenant"], "acme")
        self.assertEqual(key["environments"], ["staging"])
        self.assertEqual(key["created_by"], adm.id)
        self.assertNotIn("revoked_at", key)
        # Usable at once, within its limits.
        got = s.search_all(made["secret"], "-action:audit.*", **self.range)
        self.assertTrue(got)
        self.assertEqual({e["environment"] for e in got}, {"staging"})
        listed = s.get("/v1/keys", key=adm).json()["keys"]
        self.assertIn(key["id"], [k["id"] for k in listed])
        for k in listed:
            self.assertNotIn("secret", k)
            self.assertNotIn("sha256", k)
        r = s.request("DELETE", f"/v1/keys/{key['id']}", key=adm)
        self.assertEqual(r.status, 200, r)
        self.assertIn("revoked_at", r.json()["key"])
        self.assertEqual(s.get("/v1/events", key=made["secret"]).status, 401)
        listed = {k["id"]: k for k in s.get("/v1/keys", key=adm).json()["keys"]}
        self.assertIn("revoked_at", listed[key["id"]])
        # The operator sees every key, including those made offline.
        ids = [k["id"] for k in s.get("/v1/keys", key=self.op).json()["keys"]]
        for k in self.keys.values():
            self.assertIn(k.id, ids)

    def test_keys_survive_restart(self):
        # Keys made through the API are durable: a new server on the directory accepts them.
        # (Uses its own server: this class's server stays up.)
        srv, keys = harness.start_server(self, keys={"op": {"scopes": "admin,read"}})
        made = srv.request("POST", "/v1/keys", key=keys["op"],
                           body={"name": "durable", "scopes": ["read"]}).json()
        srv.restart()
        self.assertEqual(srv.get("/v1/events", key=made["secret"]).status, 200)

    def test_viewer_token(self):
        s, a = self.s, self.a
        r = s.request("POST", "/v1/viewer-tokens", key=a,
                      body={"tenant": "acme", "workspace": "ws_1", "ttl_seconds": 600})
        self.assertEqual(r.status, 201, r)
        body = r.json()
        self.assertEqual(set(body), {"token", "token_id", "tenant", "expires_at"})
        self.assertTrue(body["token"].startswith("vt."))
        self.assertRegex(body["token_id"], r"^tok_[0-9a-z]{16}$")
        self.assertEqual(body["tenant"], "acme")
        claims = harness.token_claims(body["token"])
        self.assertEqual(list(claims), ["v", "id", "tenant", "scopes", "workspace", "iat", "exp",
                                        "key"])
        self.assertEqual(claims["exp"] - claims["iat"], 600_000)
        self.assertEqual(claims["key"], a.id)
        self.assertEqual(claims["scopes"], ["read"])
        got = s.search_all(body["token"], "-action:audit.*", **self.range)
        self.assertEqual(sorted(e["id"] for e in got),
                         sorted(e["id"] for e in self.events if e["workspace"]["id"] == "ws_1"))
        # Default lifetime: 15 minutes.
        claims = harness.token_claims(s.mint_token(a, tenant="acme"))
        self.assertEqual(claims["exp"] - claims["iat"], 900_000)

    # ------------------------------------------------------------ system

    def test_healthz_metrics_openapi(self):
        r = self.s.get("/healthz")
        self.assertEqual(r.status, 200)
        h = r.json()
        self.assertEqual(h["status"], "ok")
        self.assertGreaterEqual(h["events"], len(self.events))
        self.s.get("/v1/events", key=self.a, limit=1)
        r = self.s.get("/metrics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/plain"))
        text = r.body.decode()
        for name in ["vigil_http_requests_total", "vigil_events_ingested_total",
                     "vigil_wal_fsync_seconds", "vigil_store_events",
                     "vigil_http_connections_open"]:
            self.assertIn(name, text)
        m = re.search(r'^vigil_events_ingested_total(?:\{[^}]*\})? (\d+)', text, re.M)
        self.assertGreaterEqual(int(m.group(1)), len(self.events))
        self.assertRegex(text, r'vigil_http_requests_total\{[^}]*route="/v1/events"')
        r = self.s.get("/v1/openapi.json")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["openapi"][:2], "3.")

    def test_request_id(self):
        r = self.s.get("/v1/events", key=self.a, limit=1, headers={"X-Request-Id": "req-abc-123"})
        self.assertEqual(r.header("X-Request-Id"), "req-abc-123")
        r = self.s.get("/v1/events", key=self.a, limit=1)
        self.assertRegex(r.header("X-Request-Id"), ULID)
        # An unsafe one (spaces) is replaced.
        r = self.s.get("/v1/events", key=self.a, limit=1, headers={"X-Request-Id": "a b"})
        self.assertRegex(r.header("X-Request-Id"), ULID)

    def test_expect_100_continue_and_pipelining(self):
        sock = self.s.raw_socket()
        try:
            body = b'{"id":"continue-1","action":"shape.continue"}'
            sock.sendall(("POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                          "Content-Type: application/json\r\n"
                          f"Authorization: Bearer {self.a.secret}\r\n"
                          f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n").encode())
            self.assertEqual(sock.recv(100), b"HTTP/1.1 100 Continue\r\n\r\n")
            sock.sendall(body)
            # Then three pipelined requests on the same connection, answered in order.
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                         b"GET /v1/nope HTTP/1.1\r\nHost: x\r\n\r\n"
                         b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        finally:
            sock.close()
        statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]
        self.assertEqual(statuses, [200, 200, 404, 200], data)
        self.assertEqual(self.s.get("/v1/events/continue-1", key=self.a).status, 200)

    def test_keep_alive(self):
        conn = self.s.connection()
        try:
            for i in range(5):
                conn.request("GET", "/v1/events?limit=1", headers=harness.bearer(self.a))
                r = conn.getresponse()
                self.assertEqual(r.status, 200)
                r.read()
            conn.request("POST", "/v1/events", body=b'{"action":"shape.ka"}',
                         headers={**harness.bearer(self.a), "Content-Type": "application/json"})
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            r.read()
            # An error response on a keep-alive connection does not break it.
            conn.request("GET", "/v1/events?limit=0", headers=harness.bearer(self.a))
            r = conn.getresponse()
            self.assertEqual(r.status, 400)
            r.read()
            conn.request("GET", "/healthz")
            self.assertEqual(conn.getresponse().status, 200)
        finally:
            conn.close()


if __name__ == "__main__":
    harness.main()
