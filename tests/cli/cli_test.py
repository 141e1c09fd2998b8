#!/usr/bin/env python3
"""End-to-end tests of the `vigil` command line, run against the real binary.

Usage: cli_test.py PATH_TO_VIGIL

Covers: gen determinism, ingest of generated data, every kind of bad input
line (each reported with its line number and reason, the good lines stored,
exit status 1), query (table, NDJSON, errors), export as CSV read back by
Python's csv module (an independent RFC 4180 parser) and compared with the
NDJSON export, formula-injection neutralization, idempotent re-ingest, stats.
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

VIGIL = None
END = "2026-11-21T00:00:00Z"


def run(args, data_dir=None, stdin=None, check=True):
    cmd = [VIGIL]
    if data_dir is not None:
        cmd += ["--data", data_dir]
    cmd += args
    p = subprocess.run(cmd, input=stdin, capture_output=True, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"{cmd} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p


class CliTest(unittest.TestCase):
    def setUp(self):
        root = os.environ.get("VIGIL_TEST_TMPDIR", tempfile.gettempdir())
        os.makedirs(root, exist_ok=True)
        self.tmp = tempfile.mkdtemp(prefix="cli-", dir=root)
        self.data = os.path.join(self.tmp, "data")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def gen(self, n, seed=3, extra=()):
        return run(["gen", str(n), "--seed", str(seed), "--end", END, *extra]).stdout

    def test_gen_is_deterministic_and_valid_json(self):
        a = self.gen(500)
        b = self.gen(500)
        c = self.gen(500, seed=4)
        self.assertEqual(a, b)
        self.assertNotEqual(a, c)
        lines = a.decode().splitlines()
        self.assertEqual(len(lines), 500)
        for line in lines:
            ev = json.loads(line)
            self.assertIn("action", ev)
            self.assertIn("tenant", ev)

    def test_gen_rejects_negative_counts(self):
        # CLI11 would read -1 into an unsigned count as 2^64 - 1: a run without end.
        for args in (["gen", "-1"], ["gen", "10", "--seed", "-3"], ["gen", "1e3"]):
            p = run(args, check=False)
            self.assertEqual(p.returncode, 2, args)
            self.assertIn(b"expected a non-negative integer", p.stderr)
            self.assertEqual(p.stdout, b"")

    def test_ingest_query_export_round_trip(self):
        events = self.gen(3000)
        p = run(["ingest", "-"], self.data, stdin=events)
        self.assertIn(b"ingested 3000 events", p.stderr)
        stats = json.loads(run(["stats", "--json"], self.data).stdout)
        self.assertEqual(stats["events"], 3000)
        self.assertGreater(stats["tenants"], 1)

        # Query: NDJSON output, newest first, limit respected, cursor hint on stderr.
        p = run(["query", "status:error", "--json", "--limit", "5"], self.data)
        rows = [json.loads(l) for l in p.stdout.decode().splitlines()]
        self.assertEqual(len(rows), 5)
        self.assertTrue(all(r["status"] == "error" for r in rows))
        times = [r["time"] for r in rows]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertIn(b"--cursor", p.stderr)
        # The table form has a header and one line per event.
        table = run(["query", "status:error", "--limit", "3"], self.data).stdout.decode()
        self.assertTrue(table.startswith("TIME"))
        self.assertEqual(len(table.strip().splitlines()), 4)

        # Export: CSV parsed by Python's csv module equals the NDJSON export.
        nd = run(["export", "--format", "ndjson"], self.data).stdout.decode().splitlines()
        self.assertEqual(len(nd), 3000)
        nd = [json.loads(l) for l in nd]
        self.assertEqual([e["seq"] for e in nd], list(range(3000)))  # ledger order
        raw = run(["export", "--format", "csv"], self.data).stdout.decode()
        self.assertIn("\r\n", raw)
        rows = list(csv.DictReader(io.StringIO(raw, newline="")))
        self.assertEqual(len(rows), 3000)
        for e, r in zip(nd, rows):
            self.assertEqual(r["id"], e["id"])
            self.assertEqual(r["seq"], str(e["seq"]))
            self.assertEqual(r["time"], e["time"])
            self.assertEqual(r["action"], e["action"])
            self.assertEqual(r["status"], e["status"])
            desc = e.get("description", "")
            want = "'" + desc if desc[:1] in ("=", "+", "-", "@", "\t", "\r") else desc
            self.assertEqual(r["description"], want)
            self.assertEqual(r["actor.email"], e.get("actor", {}).get("email", ""))
            if "metadata" in e:
                self.assertEqual(json.loads(r["metadata"]), e["metadata"])

        # A filtered export to a file.
        out = os.path.join(self.tmp, "errors.csv")
        run(["export", "--format", "csv", "status:error", "-o", out], self.data)
        with open(out, newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertTrue(rows and all(r["status"] == "error" for r in rows))
        self.assertFalse(os.path.exists(out + ".partial"))

    def test_csv_neutralizes_formulas_and_survives_hostile_text(self):
        hostile = [
            {"tenant": "t", "action": "a.b", "description": "=HYPERLINK(\"http://x\",\"y\")"},
            {"tenant": "t", "action": "a.b", "description": "+1+1"},
            {"tenant": "t", "action": "a.b", "description": "@SUM(A1:A9)"},
            {"tenant": "t", "action": "a.b", "description": "-2+3"},
            {"tenant": "t", "action": "a.b", "description": "line1\nline2, \"quoted\"\r\nend"},
            {"tenant": "t", "action": "a.b", "description": "Zürich 東京 ✓"},
            {"tenant": "t", "action": "a.b", "actor": {"name": "=cmd|' /C calc'!A0"}},
        ]
        body = "".join(json.dumps(h) + "\n" for h in hostile).encode()
        run(["ingest", "-"], self.data, stdin=body)
        raw = run(["export", "--format", "csv"], self.data).stdout.decode()
        rows = list(csv.DictReader(io.StringIO(raw, newline="")))
        self.assertEqual(len(rows), len(hostile))
        self.assertEqual(rows[0]["description"], "'=HYPERLINK(\"http://x\",\"y\")")
        self.assertEqual(rows[1]["description"], "'+1+1")
        self.assertEqual(rows[2]["description"], "'@SUM(A1:A9)")
        self.assertEqual(rows[3]["description"], "'-2+3")
        self.assertEqual(rows[4]["description"], "line1\nline2, \"quoted\"\r\nend")
        self.assertEqual(rows[5]["description"], "Zürich 東京 ✓")
        self.assertEqual(rows[6]["actor.name"], "'=cmd|' /C calc'!A0")
        for r in rows:
            for v in r.values():
                self.assertFalse(v[:1] in ("=", "+", "-", "@"), v)

    def test_bad_lines_are_reported_and_good_lines_stored(self):
        good = json.dumps({"tenant": "t1", "action": "app.create", "id": "good-1"})
        good2 = json.dumps({"tenant": "t1", "action": "app.delete", "id": "good-2"})
        lines = [
            good.encode(),                                                   # 1
            b'{"tenant": "t1", "action": ',                                  # 2 malformed
            json.dumps({"tenant": "t1", "action": 5}).encode(),              # 3 wrong type
            json.dumps({"tenant": "t1", "action": "a.b",
                        "actor": {"email": "x" * 5000 + "@e.com"}}).encode(),  # 4 oversize string
            json.dumps({"tenant": "t1", "action": "a.b", "colour": "red"}).encode(),  # 5 unknown
            b'{"tenant": "t1", "action": "a.b", "description": "bad \xff\xfe byte"}',  # 6 UTF-8
            b"",                                                             # 7 empty line
            json.dumps({"tenant": "t1", "action": "a.b",
                        "description": "y" * 100000}).encode(),              # 8 huge line
            b"[1, 2, 3]",                                                    # 9 not an object
            json.dumps({"tenant": "t1", "action": "a.b", "seq": 4}).encode(),  # 10 server field
            json.dumps({"tenant": "t1", "action": "a.b",
                        "ua": {"browser": "Chrome"}}).encode(),              # 11 server field
            good2.encode(),                                                  # 12
        ]
        p = run(["ingest", "-"], self.data, stdin=b"\n".join(lines) + b"\n", check=False)
        self.assertEqual(p.returncode, 1)
        err = p.stderr.decode()
        expect = {
            2: "malformed JSON",
            3: "action: expected a string, got a number",
            4: "actor.email: longer than 4096 bytes",
            5: "colour: unknown field",
            6: "invalid UTF-8 at byte",
            7: "empty line",
            8: "event is 100",
            9: "expected a JSON object, got an array",
            10: "seq: set by the server",
            11: "ua: set by the server",
        }
        for line, text in expect.items():
            matching = [l for l in err.splitlines() if l.startswith(f"line {line}:")]
            self.assertEqual(len(matching), 1, f"line {line} not reported once in:\n{err}")
            self.assertIn(text, matching[0])
        self.assertIn("ingested 2 events", err)
        self.assertIn("10 rejected lines", err)
        ids = [json.loads(l)["id"] for l in
               run(["export"], self.data).stdout.decode().splitlines()]
        self.assertEqual(ids, ["good-1", "good-2"])

    def test_reingest_is_idempotent_with_client_ids(self):
        events = self.gen(1000, extra=("--with-ids",))
        run(["ingest", "-"], self.data, stdin=events)
        p = run(["ingest", "-"], self.data, stdin=events)
        self.assertIn(b"ingested 0 events (1000 duplicates", p.stderr)
        stats = json.loads(run(["stats", "--json"], self.data).stdout)
        self.assertEqual(stats["events"], 1000)

    def test_usage_and_query_errors(self):
        run(["ingest", "-"], self.data, stdin=self.gen(10))
        p = run(["query", "actor:(ada"], self.data, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"q:", p.stderr)
        p = run(["query", "acter:ada"], self.data, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"actor", p.stderr)  # the suggestion
        p = run(["query", "", "--cursor", "garbage!"], self.data, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"cursor:", p.stderr)
        p = run(["query", "", "--from", "yesterday"], self.data, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"--from", p.stderr)
        p = run(["nonsense"], check=False)
        self.assertEqual(p.returncode, 2)
        p = run(["query", ""], os.path.join(self.tmp, "nowhere"), check=False)
        self.assertEqual(p.returncode, 4)
        self.assertIn(b"not a vigil data directory", p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "nowhere")))
        p = run(["ingest", os.path.join(self.tmp, "missing.ndjson")], self.data, check=False)
        self.assertEqual(p.returncode, 4)
        self.assertIn(b"missing.ndjson", p.stderr)

    def test_every_command_has_help_with_examples(self):
        for cmd in ["gen", "ingest", "query", "export", "stats"]:
            p = run([cmd, "--help"])
            self.assertIn(b"Examples:", p.stdout, cmd)

    def test_second_process_on_the_same_directory_is_refused(self):
        run(["ingest", "-"], self.data, stdin=self.gen(10))
        # Hold the data directory's lock as a running vigil would (flock on DIR/LOCK).
        import fcntl
        with open(os.path.join(self.data, "LOCK"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            p = run(["stats"], self.data, check=False)
            self.assertEqual(p.returncode, 4)
            self.assertIn(b"another vigil process", p.stderr)
            p = run(["ingest", "-"], self.data, stdin=self.gen(5), check=False)
            self.assertEqual(p.returncode, 4)
        # Released: it works again, and nothing was written meanwhile.
        stats = json.loads(run(["stats", "--json"], self.data).stdout)
        self.assertEqual(stats["events"], 10)
    def test_keys_create_list_revoke(self):
        p = run(["keys", "create", "--name", "ops", "--scopes", "read,export",
                 "--tenant", "org_1", "--json"], self.data)
        created = json.loads(p.stdout)
        secret = created["secret"]
        key_id = created["key"]["id"]
        self.assertTrue(secret.startswith("vk_"))
        self.assertEqual(len(secret), 3 + 43)
        self.assertEqual(created["key"]["scopes"], ["read", "export"])
        # The secret is shown once: never listed, never on disk.
        listed = run(["keys", "list", "--json"], self.data).stdout.decode()
        self.assertIn(key_id, listed)
        self.assertNotIn(secret, listed)
        with open(os.path.join(self.data, "auth", "keys.json")) as f:
            self.assertNotIn(secret, f.read())
        self.assertEqual(os.stat(os.path.join(self.data, "auth", "keys.json")).st_mode & 0o777,
                         0o600)
        run(["keys", "revoke", key_id], self.data)
        listed = run(["keys", "list", "--json"], self.data).stdout.decode()
        self.assertIn("revoked_at", listed)
        p = run(["keys", "create", "--name", "x", "--scopes", "read,fly"], self.data, check=False)
        self.assertEqual(p.returncode, 2)
        self.assertIn(b"fly", p.stderr)


if __name__ == "__main__":
    VIGIL = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
