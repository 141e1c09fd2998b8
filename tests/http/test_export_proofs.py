#!/usr/bin/env python3
"""Exports with inclusion proofs, checked offline by `vigil verify --export`.

Usage: test_export_proofs.py PATH_TO_VIGIL

GET /v1/export?format=ndjson&proofs=true starts with a ledger header line
(the signed checkpoint the export is taken against, its size and root) and
ends each event line with its RFC 9162 inclusion proof in that tree; a
tenant-bound key gets its tenant's events only. Each proof verifies here
(tests/ledger_reference.py). Saved to a file with the checkpoint note,
`vigil verify --export FILE --checkpoint NOTE --key KEY` (no data
directory, no server) exits 0; it exits 1 naming the line for a changed
description, a dropped proof, a seq past the checkpoint, a wrong key and a
checkpoint of another size; swapping two whole lines still verifies (an
export proves each event is in the log, not its completeness or order). An
export without proofs is refused with a hint to export with proofs=true.
Redacted events verify too; so do exports narrowed by q or from (whose
proofs the server builds another way).
format=csv with proofs, and a bad proofs value, are 400 naming proofs.
"""
import base64
import hashlib
import json
import os
import sys
import unittest

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))
import ledger_reference as ref  # noqa: E402


def make_event(tenant, i):
    e = {"id": f"{tenant}-{i:03d}", "tenant": tenant, "action": "doc.edit",
         "time": f"2026-11-02T10:{i % 60:02d}:00.000Z", "description": f"event {i}"}
    if i % 3 != 2:  # personal fields: sealed
        e["actor"] = {"id": f"u_{i % 4}", "email": f"u{i % 4}@ex.com"}
    return e


class ExportProofsTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme": {"scopes": "read,export", "tenant": "acme"},
        }, prefix="export-proofs-")
        for lo in range(0, 300, 100):  # interleaved: the tenants' seqs mix, past one tile
            for tenant in ("acme", "beta"):
                cls.server.ingest(cls.keys["op"],
                                  [make_event(tenant, i) for i in range(lo, lo + 100)])

    def setUp(self):
        self.s = self.server
        self.dir = harness.new_tmp_dir("export-proofs-")
        self.addCleanup(harness._remove, self.dir)

    def export(self, key, **params):
        r = self.s.get("/v1/export", key=key, format="ndjson", proofs="true", **params)
        self.assertEqual(r.status, 200, r)
        return r.body.decode().splitlines()

    def save(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def verify(self, lines, note=None, key=None):
        cp = self.s.get("/v1/ledger/checkpoint", key=self.keys["op"]).json()
        if note is None:
            note = json.loads(lines[0])["ledger"]["checkpoint"]
        export = self.save("export.ndjson", "".join(l + "\n" for l in lines))
        note_file = self.save("checkpoint.note", note)
        return harness.run_vigil(["verify", "--export", export, "--checkpoint", note_file,
                                  "--key", key or cp["verifier_key"]], check=False)

    def test_export_with_proofs_verifies_here_and_offline(self):
        lines = self.export(self.keys["acme"])
        header = json.loads(lines[0])
        self.assertEqual(set(header), {"ledger"})
        ledger = header["ledger"]
        self.assertEqual(set(ledger), {"checkpoint", "size", "root"})
        size, root = ledger["size"], ref.unb64(ledger["root"])
        body = ledger["checkpoint"].split("\n\n")[0].split("\n")
        self.assertEqual((int(body[1]), ref.unb64(body[2])), (size, root))
        events = [json.loads(l) for l in lines[1:]]
        ids = {e["id"] for e in events}
        self.assertLessEqual({f"acme-{i:03d}" for i in range(300)}, ids)
        self.assertEqual({e["tenant"] for e in events}, {"acme"})  # and its audit.export events
        for e in events:
            self.assertEqual(list(e)[-1], "proof")
            proof = [ref.unb64(h) for h in e.pop("proof")]
            self.assertLess(e["seq"], size)
            self.assertTrue(ref.verify_inclusion(ref.event_leaf_hash(e), e["seq"], size, proof,
                                                 root), e["seq"])

        p = self.verify(lines)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        out = p.stdout.decode()
        self.assertIn(f"verified {len(events)} events of ", out)
        self.assertIn(f"against checkpoint size {size} (origin {body[0]})", out)

        # Whole lines swapped: each event still carries its own proof.
        swapped = list(lines)
        swapped[1], swapped[2] = swapped[2], swapped[1]
        p = self.verify(swapped)
        self.assertEqual(p.returncode, 0, p.stderr.decode())

    def test_the_operator_exports_every_tenant_up_to_the_checkpoint(self):
        lines = self.export(self.keys["op"])
        size = json.loads(lines[0])["ledger"]["size"]
        seqs = [json.loads(l)["seq"] for l in lines[1:]]
        self.assertEqual(seqs, list(range(size)))  # _system events too, nothing past size
        root = ref.unb64(json.loads(lines[0])["ledger"]["root"])
        leaves = []
        for l in lines[1:]:
            e = json.loads(l)
            proof = [ref.unb64(h) for h in e.pop("proof")]
            leaves.append(ref.event_leaf_hash(e))
        self.assertEqual(ref.mth(leaves), root)
        for l in lines[1:]:
            e = json.loads(l)
            proof = [ref.unb64(h) for h in e.pop("proof")]
            self.assertEqual(proof, ref.path(e["seq"], leaves), l)
        p = self.verify(lines)
        self.assertEqual(p.returncode, 0, p.stderr.decode())

    def test_a_query_or_time_range_export_verifies_too(self):
        # Another code path: proofs asked of the store one by one.
        for params in ({"from": "2026-11-02T10:30:00.000Z"}, {"q": "actor:u_1"}):
            with self.subTest(params=params):
                lines = self.export(self.keys["acme"], **params)
                events = [json.loads(l) for l in lines[1:]]
                self.assertTrue(events)
                self.assertTrue(all(e["tenant"] == "acme" for e in events))
                if "from" in params:
                    self.assertTrue(all(e["time"] >= params["from"] for e in events))
                else:
                    self.assertTrue(all(e["actor"]["id"] == "u_1" for e in events))
                self.assertLess(len(events), 300)
                p = self.verify(lines)
                self.assertEqual(p.returncode, 0, p.stderr.decode())
                self.assertIn(f"verified {len(events)} events of ", p.stdout.decode())

    def test_redacted_events_verify(self):
        r = self.s.request("POST", "/v1/admin/redactions", key=self.keys["op"],
                           body={"tenant": "beta", "actor": "u_3"})
        self.assertEqual(r.status, 200, r)
        self.assertGreater(r.json()["events"], 0)
        lines = self.export(self.keys["op"], tenant="beta")
        events = [json.loads(l) for l in lines[1:]]
        redacted = [e for e in events if "redacted" in e.get("seal", {})]
        self.assertTrue(redacted)
        self.assertTrue(all("email" not in e["actor"] for e in redacted))
        p = self.verify(lines)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn(f"verified {len(events)} events of ", p.stdout.decode())

    def test_a_changed_event_names_its_line(self):
        lines = self.export(self.keys["acme"])
        e = json.loads(lines[6])
        lines[6] = lines[6].replace(f'"description":"{e["description"]}"',
                                    f'"description":"{e["description"][:-1]}X"')
        self.assertNotEqual(json.loads(lines[6])["description"], e["description"])
        p = self.verify(lines)
        self.assertEqual(p.returncode, 1, p)
        err = p.stderr.decode()
        self.assertIn(f"line 7 (seq {e['seq']}): the event does not match its inclusion proof "
                      "\u2014 changed after export?", err)
        self.assertIn("verification failed: 1 event line of ", err)

    def test_a_changed_proof_or_a_seq_past_the_checkpoint_fails(self):
        lines = self.export(self.keys["acme"])
        e = json.loads(lines[3])
        e["proof"][0] = base64.b64encode(b"\0" * 32).decode()
        lines[3] = json.dumps(e, ensure_ascii=False, separators=(",", ":"))
        p = self.verify(lines)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn(f"line 4 (seq {e['seq']}): the event does not match its inclusion proof",
                      p.stderr.decode())

        lines = self.export(self.keys["acme"])
        size = json.loads(lines[0])["ledger"]["size"]
        e = json.loads(lines[2])
        e["seq"] = size
        lines[2] = json.dumps(e, ensure_ascii=False, separators=(",", ":"))
        p = self.verify(lines)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn(f"line 3 (seq {size}): past the checkpoint", p.stderr.decode())

    def test_a_dropped_proof_fails(self):
        lines = self.export(self.keys["acme"])
        e = json.loads(lines[4])
        del e["proof"]
        lines[4] = json.dumps(e, ensure_ascii=False, separators=(",", ":"))
        p = self.verify(lines)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn('line 5: no "proof" member', p.stderr.decode())

    def test_an_export_without_proofs_is_refused_with_a_hint(self):
        r = self.s.get("/v1/export", key=self.keys["acme"], format="ndjson")
        lines = r.body.decode().splitlines()
        header = self.export(self.keys["acme"])[0]
        p = self.verify(lines, note=json.loads(header)["ledger"]["checkpoint"])
        self.assertEqual(p.returncode, 1, p)
        self.assertIn("export it again with proofs=true", p.stderr.decode())

    def test_a_wrong_key_fails(self):
        cp = self.s.get("/v1/ledger/checkpoint", key=self.keys["op"]).json()
        name = cp["verifier_key"].split("+")[0]
        typed = b"\x01" + hashlib.sha256(b"another key").digest()
        key_id = hashlib.sha256(name.encode() + b"\n" + typed).digest()[:4].hex()
        other = f"{name}+{key_id}+{base64.b64encode(typed).decode()}"
        p = self.verify(self.export(self.keys["acme"]), key=other)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn("checkpoint", p.stderr.decode())

    def test_a_checkpoint_of_another_size_does_not_match_the_header(self):
        older = self.export(self.keys["acme"])
        self.s.ingest(self.keys["op"], [make_event("acme", 900)])
        # Once events were added, the next export with proofs is taken against a new checkpoint.
        newer = self.export(self.keys["acme"])
        newer_note = json.loads(newer[0])["ledger"]["checkpoint"]
        self.assertGreater(json.loads(newer[0])["ledger"]["size"],
                           json.loads(older[0])["ledger"]["size"])
        p = self.verify(older, note=newer_note)
        self.assertEqual(p.returncode, 1, p)
        self.assertIn("line 1: the export was taken against checkpoint size", p.stderr.decode())

    def test_usage(self):
        p = harness.run_vigil(["verify", "--export", os.path.join(self.dir, "x.ndjson")],
                              check=False)
        self.assertEqual(p.returncode, 2, p)
        self.assertIn("--export needs --checkpoint", p.stderr.decode())
        p = harness.run_vigil(["verify", "--checkpoint", "x.note"], check=False)
        self.assertEqual(p.returncode, 2, p)

    def test_bad_parameters_are_400_naming_proofs(self):
        for params in ({"format": "csv", "proofs": "true"}, {"proofs": "yes"}):
            with self.subTest(params=params):
                r = self.s.get("/v1/export", key=self.keys["acme"], **params)
                self.assertEqual(r.status, 400, r)
                self.assertTrue(r.error["message"].startswith("proofs: "), r.error)
        r = self.s.get("/v1/export", key=self.keys["acme"], format="csv", proofs="false")
        self.assertEqual(r.status, 200, r)


if __name__ == "__main__":
    harness.main()
