#!/usr/bin/env python3
"""Retention tiers (issue 6 point 4): default reads cover the online window,
older events are in the archive tier, read with archive=true and always
exported; retention runs move old segments to DIR/archive and are
self-audited.

Usage: test_retention.py PATH_TO_VIGIL

The dataset's events are dated November 2026, days before any day these
tests run; the server's online window is 1 hour (`--retention-online 1h`),
except for tenant beta (`--retention-online-tenants beta=36500d`), and
background runs are off (`--retention-interval 0`). Events sent without a
time are dated now and so online. Checked: acme's old events are absent
from search, histogram and facets by default and all there with
archive=true; the export has them all without asking; beta's stay online;
an operator's read of every tenant uses the widest window; after a restart
(the memtable flushed to a segment) POST /v1/admin/retention/runs moves
that segment to DIR/archive (and a second run moves nothing), reads are
unchanged, the run is an audit.retention event in _system naming the
counts; GET /v1/admin/retention shows the policy; a tenant-bound admin
cannot run retention (403) and sees only its own window; a bad archive
value is 400 naming the parameter.
"""
import json
import os
import struct
import unittest
import zlib

import dataset
import harness

# Reads are audited in the tenant's own log (audit.view, dated now): left
# out of what these tests count.
NO_AUDIT = "-action:audit.*"
ARGS = ["--retention-online", "1h", "--retention-online-tenants", "beta=36500d",
        "--retention-interval", "0"]


class RetentionTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme_admin": {"scopes": "read,export,admin", "tenant": "acme"},
        }, args=ARGS, prefix="retention-")
        s, op = cls.server, cls.keys["op"]
        cls.old = {t: [dataset.make_event(t, i) for i in range(60)] for t in ("acme", "beta")}
        for t in ("acme", "beta"):
            s.ingest(op, cls.old[t])
        # Dated now by the server: in every online window.
        cls.fresh = [{"id": f"fresh-{i}", "tenant": "acme", "action": "app.update",
                      "description": "fresh event"} for i in range(5)]
        s.ingest(op, cls.fresh)

    def ids(self, events):
        return sorted(e["id"] for e in events)

    def test_default_reads_cover_the_online_window_only(self):
        s, op = self.server, self.keys["op"]
        fresh = self.ids(self.fresh)
        old_acme = self.ids(self.old["acme"])
        self.assertEqual(self.ids(s.search_all(op, NO_AUDIT, tenant="acme")), fresh)
        self.assertEqual(self.ids(s.search_all(op, NO_AUDIT, tenant="acme", archive="true")),
                         sorted(old_acme + fresh))
        self.assertEqual(self.ids(s.search_all(op, NO_AUDIT, tenant="acme", archive="false")), fresh)
        # An explicit range in the archive is still cut at the window.
        self.assertEqual(s.search_all(op, NO_AUDIT, tenant="acme", **{"from": dataset.FROM,
                                                            "to": dataset.TO}), [])
        # beta keeps 100 years online; an operator's read of every tenant
        # uses the widest window, so beta's old events are in it (and
        # acme's too: one window for the whole read).
        self.assertEqual(self.ids(s.search_all(op, NO_AUDIT, tenant="beta")), self.ids(self.old["beta"]))
        self.assertEqual(len([e for e in s.search_all(op, NO_AUDIT) if e["tenant"] != "_system"]), 125)

    def test_histogram_and_facets_count_the_same_events(self):
        s, op = self.server, self.keys["op"]
        for archive, want in (("false", 5), ("true", 65)):
            h = s.get("/v1/histogram", key=op, tenant="acme", archive=archive, q=NO_AUDIT)
            self.assertEqual(h.status, 200, h)
            self.assertEqual(sum(b["count"] for b in h.json()["buckets"]), want, archive)
            f = s.get("/v1/facets", key=op, tenant="acme", fields="action", archive=archive,
                      q=NO_AUDIT)
            self.assertEqual(f.status, 200, f)
            facet = f.json()["facets"][0]
            self.assertEqual(sum(v["count"] for v in facet["values"]) + facet["other"], want)
        # The default histogram starts at the first online event, not an hour ago.
        h = s.get("/v1/histogram", key=op, tenant="acme", q=NO_AUDIT).json()
        self.assertEqual(h["buckets"][0]["count"] > 0, True, h["buckets"][:3])

    def test_exports_include_the_archive(self):
        s = self.server
        for key in (self.keys["op"], self.keys["acme_admin"]):
            got = (s.export(key, NO_AUDIT, tenant="acme") if key is self.keys["op"]
                   else s.export(key, NO_AUDIT))
            self.assertEqual(self.ids(got), sorted(self.ids(self.old["acme"]) +
                                                   self.ids(self.fresh)))
        got = s.export(self.keys["op"], NO_AUDIT, tenant="acme", archive="false")
        self.assertEqual(self.ids(got), self.ids(self.fresh))
        # Whole-log exports with proofs take a path of their own: the same bound.
        for archive, want_old in (("false", 0), ("true", 60)):
            r = s.get("/v1/export", key=self.keys["op"], tenant="acme", format="ndjson",
                      proofs="true", archive=archive)
            self.assertEqual(r.status, 200, r)
            ids = [json.loads(line).get("id", "") for line in r.body.decode().splitlines()]
            self.assertEqual(len([i for i in ids if i.startswith("acme-")]), want_old, archive)
            self.assertIn("fresh-0", ids)

    def test_bad_archive_value(self):
        r = self.server.get("/v1/events", key=self.keys["op"], archive="maybe")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.error["message"], "archive: expected true or false, got 'maybe'")

    def test_policy_and_who_may_run(self):
        s = self.server
        r = s.get("/v1/admin/retention", key=self.keys["op"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"online_ms": 3_600_000,
                                    "tenants": {"beta": 36500 * 86_400_000},
                                    "delete_after_ms": 0, "delete_after_tenants": {},
                                    "interval_ms": 0})
        r = s.get("/v1/admin/retention", key=self.keys["acme_admin"])
        self.assertEqual(r.json(), {"tenant": "acme", "online_ms": 3_600_000,
                                    "delete_after_ms": 0})
        r = s.request("POST", "/v1/admin/retention/runs", key=self.keys["acme_admin"])
        self.assertEqual(r.status, 403, r)
        self.assertIn("not bound to a tenant", r.error["message"])

    def test_a_segment_holding_online_events_stays(self):
        # One flushed segment holds acme's old and fresh events and beta's:
        # not all past their windows, so it stays online.
        s, op = self.server, self.keys["op"]
        s.restart()
        r = s.request("POST", "/v1/admin/retention/runs", key=op)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["segments_archived"], 0)
        self.assertEqual(os.listdir(os.path.join(s.data, "archive")), [])
        self.assertEqual(len(s.search_all(op, NO_AUDIT, tenant="acme", archive="true")), 65)


class RetentionRunTest(unittest.TestCase):
    maxDiff = None

    def test_a_run_moves_old_segments_and_is_audited(self):
        # Stored offline first, so the old events are a segment of their
        # own (a server would add its recent server.startup record).
        data = harness.new_data_dir(self, "retention-run-")
        old = "".join(json.dumps(dataset.make_event("acme", i)) + "\n" for i in range(60))
        harness.run_vigil(["ingest", "-q", "-"], data=data, stdin=old.encode())
        keys = harness.create_keys(data, {"op": {"scopes": "ingest,read,export,admin"}})
        s = harness.Server(data, args=ARGS).start()
        self.addCleanup(lambda: s.running() and s.stop())
        op = keys["op"]
        s.ingest(op, [{"id": "fresh", "tenant": "acme", "action": "app.update"}])
        everything = sorted(e["id"] for e in s.search_all(op, NO_AUDIT, tenant="acme", archive="true"))
        self.assertEqual(len(everything), 61)

        r = s.request("POST", "/v1/admin/retention/runs", key=op)
        self.assertEqual(r.status, 200, r)
        run = r.json()
        self.assertEqual(run["segments_archived"], 1, run)
        self.assertEqual(run["events_archived"], 60, run)
        self.assertGreater(run["bytes_before"], 0)
        self.assertGreater(run["bytes_after"], 0)
        archived = sorted(os.listdir(os.path.join(s.data, "archive")))
        self.assertEqual([n.rsplit(".", 1)[1] for n in archived], ["vidx", "vseg"], archived)
        self.assertNotIn(archived[1], os.listdir(os.path.join(s.data, "segments")))
        r = s.request("POST", "/v1/admin/retention/runs", key=op)
        self.assertEqual(r.json()["segments_archived"], 0)

        for _ in range(2):  # the same before and after a restart
            self.assertEqual(sorted(e["id"] for e in s.search_all(op, NO_AUDIT, tenant="acme",
                                                                  archive="true")), everything)
            self.assertEqual([e["id"] for e in s.search_all(op, NO_AUDIT, tenant="acme")], ["fresh"])
            s.restart()

        # One audit.retention event in _system, by the admin key that asked.
        def audit_events():
            return s.search_all(op, "action:audit.retention", tenant="_system")
        harness.wait_for(lambda: audit_events(), message="the audit.retention event")
        runs = audit_events()
        self.assertEqual(len(runs), 1, runs)
        self.assertEqual(runs[0]["metadata"]["segments_archived"], 1)
        self.assertEqual(runs[0]["metadata"]["events_archived"], 60)
        self.assertEqual(runs[0]["actor"]["type"], "api_key")

class DeleteAfterTest(unittest.TestCase):
    """Delete-after: with --retention-delete-after 2h, a run archives the old
    segment and then deletes it, after announcing the deletion in the log;
    the events are gone from every read and export, the ledger still
    verifies offline (`vigil verify`), and a bad setting is refused."""
    maxDiff = None

    def test_a_run_deletes_old_segments_and_the_ledger_still_verifies(self):
        data = harness.new_data_dir(self, "retention-delete-")
        old = "".join(json.dumps(dataset.make_event("acme", i)) + "\n" for i in range(60))
        harness.run_vigil(["ingest", "-q", "-"], data=data, stdin=old.encode())
        keys = harness.create_keys(data, {"op": {"scopes": "ingest,read,export,admin"}})
        op = keys["op"]
        s = harness.Server(data, args=ARGS + ["--retention-delete-after", "2h",
                                              "--retention-delete-after-tenants", "beta=40000d"]).start()
        self.addCleanup(lambda: s.running() and s.stop())
        s.ingest(op, [{"id": "fresh", "tenant": "acme", "action": "app.update"}])
        s.restart()  # the fresh event gets a segment of its own: the newest is never deleted
        old_id = self.old_id = dataset.make_event("acme", 7)["id"]
        self.assertEqual(s.get(f"/v1/events/{old_id}", key=op, tenant="acme").status, 200)

        r = s.get("/v1/admin/retention", key=op)
        self.assertEqual(r.json()["delete_after_ms"], 2 * 3_600_000)
        self.assertEqual(r.json()["delete_after_tenants"], {"beta": 40000 * 86_400_000})
        r = s.request("POST", "/v1/admin/retention/runs", key=op)
        self.assertEqual(r.status, 200, r)
        run = r.json()
        self.assertEqual((run["segments_archived"], run["events_archived"]), (1, 60), run)
        self.assertEqual((run["segments_deleted"], run["events_deleted"]), (1, 60), run)
        self.assertGreater(run["bytes_deleted"], 0)
        self.assertEqual(os.listdir(os.path.join(s.data, "archive")), [])
        r = s.request("POST", "/v1/admin/retention/runs", key=op)
        self.assertEqual(r.json()["segments_deleted"], 0)

        for _ in range(2):  # the same before and after a restart
            ids = [e["id"] for e in s.search_all(op, NO_AUDIT, tenant="acme", archive="true")]
            self.assertEqual(ids, ["fresh"])
            self.assertEqual([e["id"] for e in s.export(op, NO_AUDIT, tenant="acme")], ["fresh"])
            self.assertEqual(s.get(f"/v1/events/{old_id}", key=op, tenant="acme").status, 404)
            s.restart()

        # Announced before, recorded after: both in _system.
        def audit_events():
            return s.search_all(op, "action:audit.retention", tenant="_system")
        harness.wait_for(lambda: len(audit_events()) == 2, message="two audit.retention events")
        by_op = {e["operation"]: e for e in audit_events()}
        self.assertEqual(by_op["delete"]["metadata"]["deleted_seqs"], [[0, 59]])
        self.assertEqual(by_op["delete"]["metadata"]["events"], 60)
        self.assertEqual(by_op["archive"]["metadata"]["events_deleted"], 60)
        self.assertEqual(by_op["delete"]["actor"]["type"], "api_key")
        # Proofs of the remaining events are still served.
        fresh = s.search_all(op, NO_AUDIT, tenant="acme")[0]
        r = s.get("/v1/ledger/proof/inclusion", key=op, id=fresh["id"], tenant="acme")
        self.assertEqual(r.status, 200, r)
        announced = by_op["delete"]["seq"]
        s.stop()

        p = harness.run_vigil(["verify"], data=data)
        self.assertIn("(60 events deleted by retention, each deletion announced in the log)",
                      p.stdout.decode())
        # Events removed by hand with a forged record naming that announcement
        # (which covers seqs 0-59 only) fail verification.
        seg_dir = os.path.join(data, "segments")
        first, last = (int(x) for x in sorted(os.listdir(seg_dir))[0].split(".")[0].split("-"))
        self.assertEqual(first, 60)
        payload = struct.pack("<QQQI", first, last, announced, 0)
        record = struct.pack("<I", len(payload)) + payload + struct.pack("<I", zlib.crc32(payload))
        with open(os.path.join(data, "ledger", "deletions"), "ab") as f:
            f.write(record)
        for ext in ("vseg", "vidx"):
            os.remove(os.path.join(seg_dir, f"{first:020d}-{last:020d}.{ext}"))
        # Here the tree's last tile cannot even be rebuilt to open the store
        # (its leaves are gone); with more events after it, the scan's check
        # names the first seq whose leaf hash is missing (ledger_check_test).
        p = harness.run_vigil(["verify"], data=data, check=False)
        self.assertNotEqual(p.returncode, 0, p)
        self.assertRegex(p.stderr.decode(),
                         r"leaf hashes of seqs \d+-\d+ are not kept since their events were deleted")

    def test_a_delete_after_shorter_than_the_window_is_refused(self):
        data = harness.new_data_dir(self, "retention-delete-bad-")
        p = harness.run_vigil(["serve", "--listen", "127.0.0.1:0", "--retention-delete-after", "1d"],
                              data=data, check=False)
        self.assertEqual(p.returncode, 2, p)
        self.assertIn("retention_delete_after: 1d is shorter than the online window (90d)",
                      p.stderr.decode())


if __name__ == "__main__":
    harness.main()
