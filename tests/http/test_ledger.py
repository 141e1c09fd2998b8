#!/usr/bin/env python3
"""The ledger over real HTTP: signed checkpoints and Merkle proofs, checked
by an independent Python implementation (tests/ledger_reference.py).

Usage: test_ledger.py PATH_TO_VIGIL

GET /v1/ledger/checkpoint: the note's body lines say the JSON's origin,
size and root, its signature line names the verifier key's key ID (derived
here from the public key), the note is byte for byte the file stored under
DIR/ledger/checkpoints, and the root equals the tree recomputed in Python
from an export of every event (leaf bytes per docs/format/ledger.md: the
sealed form, commitments from seal.key). Inclusion proofs by id and by seq,
to the default checkpoint and to explicit sizes, and the "ledger" member of
GET /v1/events/{id}, verify with RFC 9162 §2.1.3.2 and equal the PATH built
from the recomputed leaves; consistency proofs between a checkpoint taken
before more ingest and one after verify with §2.1.4.2. Tenant isolation: a
bound key gets 404 for another tenant's event by seq or id. Bad parameters
are 400 naming the parameter. An empty log has a checkpoint of size 0; the
signing key and checkpoints survive a restart. Signatures are not verified
here (Python's stdlib has no Ed25519): src/ledger/checkpoint_test.cc does.
"""
import hashlib
import os
import re
import sys
import unittest

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))
import ledger_reference as ref  # noqa: E402

EM_DASH = "\u2014"


def make_event(tenant, i):
    """Simple events (strings only), some with personal fields (sealed) and
    some without, some with escapes and non-ASCII text."""
    e = {"id": f"{tenant}-{i:03d}", "tenant": tenant, "action": f"doc.{['open', 'edit'][i % 2]}",
         "environment": "staging" if i % 5 == 4 else "production",
         "time": f"2026-11-02T10:{i % 60:02d}:00.000Z",
         "description": f"Zoë edited \"doc {i}\"\n" if i % 4 == 1 else f"event {i}"}
    if i % 3 != 2:
        e["actor"] = {"id": f"u_{i % 4}", "name": f"User {i % 4}", "email": f"u{i % 4}@ex.com"}
        e["context"] = {"ip": f"198.51.100.{i % 250 + 1}", "method": "POST"}
    return e


def parse_note(note):
    """(origin, size, root, [(name, key_id, signature)]) of a signed note."""
    text, sep, sigs = note.rpartition("\n\n")
    assert sep and note.endswith("\n"), note
    lines = text.split("\n")
    assert len(lines) == 3, f"a checkpoint body has 3 lines here: {lines}"
    out = []
    for line in sigs[:-1].split("\n"):
        dash, name, blob = line.split(" ")
        assert dash == EM_DASH, line
        raw = ref.unb64(blob)
        assert len(raw) == 68, line
        out.append((name, raw[:4].hex(), raw[4:]))
    return lines[0], int(lines[1]), ref.unb64(lines[2]), out


def key_id_of(verifier_key):
    """The key ID of a verifier key text, recomputed from its name and key."""
    name, key_id, blob = verifier_key.split("+", 2)
    typed = ref.unb64(blob)
    assert typed[0] == 1 and len(typed) == 33, verifier_key
    derived = hashlib.sha256(name.encode() + b"\n" + typed).digest()[:4].hex()
    assert derived == key_id, f"key ID {key_id} is not derived from the key ({derived})"
    return name, key_id


class LedgerTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme": {"scopes": "ingest,read,export", "tenant": "acme"},
            "acme_staging": {"scopes": "read", "tenant": "acme", "environments": "staging"},
            "beta": {"scopes": "ingest,read", "tenant": "beta"},
            "ingest_only": {"scopes": "ingest", "tenant": "acme"},
        }, prefix="ledger-")
        cls.seq_of = {}
        for lo in range(0, 30, 10):  # interleaved batches: the tenants' seqs mix
            for tenant in ("acme", "beta"):
                res = cls.server.ingest(cls.keys["op"],
                                        [make_event(tenant, i) for i in range(lo, lo + 10)])
                cls.seq_of.update({e["id"]: e["seq"] for e in res["events"]})

    def setUp(self):
        self.s = self.server
        self.op = self.keys["op"]

    # ------------------------------------------------------------ helpers

    def ok(self, path, key=None, **params):
        r = self.s.get(path, key=key or self.op, **params)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        return r.json()

    def checkpoint(self, key=None):
        cp = self.ok("/v1/ledger/checkpoint", key)
        self.assertEqual(set(cp), {"origin", "size", "root", "checkpoint", "verifier_key"})
        self.check_note(cp["checkpoint"], cp["origin"], cp["size"], cp["root"],
                        cp["verifier_key"])
        return cp

    def check_note(self, note, origin, size, root_b64, verifier_key=None):
        """The note's body says origin, size and root; its one signature is by the log's key."""
        got_origin, got_size, got_root, sigs = parse_note(note)
        self.assertEqual((got_origin, got_size, got_root), (origin, size, ref.unb64(root_b64)))
        self.assertEqual(len(sigs), 1)
        self.assertEqual(sigs[0][0], origin)
        if verifier_key is not None:
            self.assertEqual(key_id_of(verifier_key), (origin, sigs[0][1]))

    def leaves(self, size):
        """Leaf hashes of the first `size` events, recomputed from an export of every tenant."""
        events = self.s.export(self.op)
        seqs = [e["seq"] for e in events]
        self.assertEqual(seqs, list(range(len(events))), "the export is not every seq in order")
        self.assertGreaterEqual(len(events), size)
        return [ref.event_leaf_hash(e) for e in events[:size]]

    def assert_inclusion(self, got, seq, leaves=None):
        """got: an inclusion proof (endpoint or event "ledger" member) of the event at seq."""
        leaf, root = ref.unb64(got["leaf_hash"]), ref.unb64(got["root"])
        proof = [ref.unb64(h) for h in got["proof"]]
        self.assertEqual(got["seq"], seq)
        self.assertGreater(got["size"], seq)
        self.assertTrue(ref.verify_inclusion(leaf, seq, got["size"], proof, root),
                        f"the proof of seq {seq} in {got['size']} does not verify: {got}")
        if "checkpoint" in got:
            _, cp_size, cp_root, _ = parse_note(got["checkpoint"])
            self.assertEqual((cp_size, cp_root), (got["size"], root))
        if leaves is not None:
            self.assertEqual(leaf, leaves[seq])
            self.assertEqual(proof, ref.path(seq, leaves[:got["size"]]))
            self.assertEqual(root, ref.mth(leaves[:got["size"]]))

    def assert_bad(self, path, params, prefix, key=None):
        r = self.s.get(path, key=key or self.op, **params)
        self.assertEqual(r.status, 400, (params, r))
        self.assertEqual(r.error["code"], "bad_request")
        self.assertEqual(r.error["status"], 400)
        self.assertTrue(r.error["message"].startswith(prefix), (params, r.error["message"]))
        return r.error["message"]

    # ------------------------------------------------------------ checkpoint

    def test_checkpoint_is_the_stored_note_of_the_recomputed_tree(self):
        cp = self.checkpoint(self.keys["acme"])  # any read credential
        self.assertGreaterEqual(cp["size"], 60)
        other = self.checkpoint(self.keys["beta"])
        self.assertEqual((other["origin"], other["verifier_key"]),
                         (cp["origin"], cp["verifier_key"]))
        self.assertGreaterEqual(other["size"], cp["size"])
        with open(os.path.join(self.s.data, "ledger", "checkpoints",
                               f"{cp['size']:020d}.note"), encoding="utf-8", newline="") as f:
            self.assertEqual(f.read(), cp["checkpoint"])
        with open(os.path.join(self.s.data, "ledger", "verifier.key"), encoding="utf-8") as f:
            self.assertEqual(f.read().strip(), cp["verifier_key"])
        self.assertEqual(ref.mth(self.leaves(cp["size"])), ref.unb64(cp["root"]))

    def test_leaf_bytes_are_the_sealed_form(self):
        # acme-000 has personal fields (sealed), acme-002 none; the leaf hash the
        # server proves is SHA-256(0x00 || the sealed form computed here).
        for eid in ("acme-000", "acme-001", "acme-002"):
            event = self.ok(f"/v1/events/{eid}")
            has_personal = "actor" in make_event("acme", int(eid[-3:]))
            self.assertEqual("seal" in event, has_personal, event)
            leaf = ref.leaf_bytes(event)
            self.assertNotIn(b'"seal"', leaf)
            self.assertNotIn(b"@ex.com", leaf)
            self.assertEqual(b'"sealed":{' in leaf, has_personal)
            proof = self.ok("/v1/ledger/proof/inclusion", id=eid)
            self.assertEqual(proof["leaf_hash"], ref.b64(ref.leaf_hash(leaf)))
            self.assertEqual(event["ledger"]["leaf_hash"], proof["leaf_hash"])

    # ------------------------------------------------------------ inclusion

    def test_inclusion_proofs_by_id_and_seq_verify(self):
        acme = self.keys["acme"]
        for eid in ("acme-000", "beta-000", "acme-013", "beta-029", "acme-029"):
            seq = self.seq_of[eid]
            key = acme if eid.startswith("acme") else self.keys["beta"]
            by_id = self.ok("/v1/ledger/proof/inclusion", key, id=eid)
            by_seq = self.ok("/v1/ledger/proof/inclusion", key, seq=seq)
            for got in (by_id, by_seq):
                self.assertEqual(set(got), {"seq", "id", "tenant", "size", "leaf_hash", "proof",
                                            "root", "checkpoint"})
                self.assertEqual((got["id"], got["tenant"]), (eid, eid[:4]))
                self.assert_inclusion(got, seq)
            self.assertEqual(by_id["leaf_hash"], by_seq["leaf_hash"])
        # Against the whole tree recomputed from an export.
        got = self.ok("/v1/ledger/proof/inclusion", acme, id="acme-017")
        self.assert_inclusion(got, self.seq_of["acme-017"], self.leaves(got["size"]))
        cp = self.checkpoint()
        self.assertGreaterEqual(cp["size"], got["size"])

    def test_inclusion_proofs_to_explicit_sizes(self):
        seq = self.seq_of["beta-005"]
        latest = self.checkpoint()
        leaves = self.leaves(latest["size"])
        for size in (seq + 1, seq + 2, seq + 7, latest["size"]):
            got = self.ok("/v1/ledger/proof/inclusion", seq=seq, size=size)
            self.assertEqual(got["size"], size)
            self.assert_inclusion(got, seq, leaves)
        # The latest checkpoint's size comes with its note.
        got = self.ok("/v1/ledger/proof/inclusion", seq=seq, size=latest["size"])
        if self.checkpoint()["size"] == latest["size"]:
            self.assertEqual(got["checkpoint"], latest["checkpoint"])

    def test_a_proof_for_an_event_past_the_latest_checkpoint_makes_a_new_one(self):
        before = self.checkpoint()
        res = self.s.ingest(self.keys["acme"], [make_event("acme", 900)])
        seq = res["events"][0]["seq"]
        self.assertGreaterEqual(seq, before["size"])
        got = self.ok("/v1/ledger/proof/inclusion", self.keys["acme"], id="acme-900")
        self.assertGreater(got["size"], seq)
        self.assert_inclusion(got, seq)
        after = self.checkpoint()
        self.assertGreaterEqual(after["size"], got["size"])
        self.assertEqual(after["verifier_key"], before["verifier_key"])

    def test_event_carries_its_inclusion_proof(self):
        acme = self.keys["acme"]
        eid = "acme-004"
        event = self.ok(f"/v1/events/{eid}", acme)
        ledger = event.pop("ledger")
        self.assertEqual(set(ledger), {"seq", "size", "leaf_hash", "proof", "root", "checkpoint"})
        self.assert_inclusion(ledger, self.seq_of[eid], self.leaves(ledger["size"]))
        self.assertEqual(ledger["leaf_hash"], ref.b64(ref.event_leaf_hash(event)))
        # Otherwise the same event as search returns.
        page = self.ok("/v1/events", acme, q=f"id:{eid}")
        self.assertEqual(page["events"], [event])

    # ------------------------------------------------------------ consistency

    def test_consistency_between_checkpoints_before_and_after_ingest(self):
        first = self.checkpoint()
        res = self.s.ingest(self.op, [make_event("acme", i) for i in range(100, 107)])
        newest = res["events"][-1]["seq"]
        self.ok("/v1/ledger/proof/inclusion", seq=newest)  # signs a checkpoint covering it
        second = self.checkpoint()
        self.assertGreater(second["size"], newest)
        size1, size2 = first["size"], second["size"]
        root1, root2 = ref.unb64(first["root"]), ref.unb64(second["root"])

        got = self.ok("/v1/ledger/proof/consistency", **{"from": size1, "to": size2})
        self.assertLessEqual({"from", "to", "proof", "root_from", "root_to"}, set(got))
        self.assertEqual((got["from"], got["to"]), (size1, size2))
        self.assertEqual((got["root_from"], got["root_to"]), (first["root"], second["root"]))
        proof = [ref.unb64(h) for h in got["proof"]]
        self.assertTrue(ref.verify_consistency(size1, size2, proof, root1, root2), got)
        self.assertEqual(proof, ref.subproof(size1, self.leaves(size2), True))
        # A tampered proof, or the roots swapped, do not verify (the check can fail).
        bad = [bytes([proof[0][0] ^ 1]) + proof[0][1:]] + proof[1:]
        self.assertFalse(ref.verify_consistency(size1, size2, bad, root1, root2))
        self.assertFalse(ref.verify_consistency(size1, size2, proof, root2, root1))

        # `to` defaults to the latest checkpoint, whose note comes along.
        got = self.ok("/v1/ledger/proof/consistency", **{"from": size1})
        self.assertGreaterEqual(got["to"], size2)
        self.check_note(got["checkpoint"], second["origin"], got["to"], got["root_to"])
        self.assertTrue(ref.verify_consistency(size1, got["to"],
                                               [ref.unb64(h) for h in got["proof"]], root1,
                                               ref.unb64(got["root_to"])))
        # The edge cases: from the empty tree, and between equal sizes.
        got = self.ok("/v1/ledger/proof/consistency", **{"from": 0, "to": size1})
        self.assertEqual((got["proof"], got["root_from"]), ([], ref.b64(ref.EMPTY_TREE)))
        got = self.ok("/v1/ledger/proof/consistency", **{"from": size1, "to": size1})
        self.assertEqual((got["proof"], got["root_from"], got["root_to"]),
                         ([], first["root"], first["root"]))

    # ------------------------------------------------------------ isolation

    def test_a_bound_key_cannot_prove_another_tenants_event(self):
        acme, beta = self.keys["acme"], self.keys["beta"]
        beta_seq, acme_seq = self.seq_of["beta-003"], self.seq_of["acme-003"]
        system_seq = harness.wait_for(  # server.startup, recorded in the background
            lambda: next((e["seq"] for e in self.s.export(self.op) if e["tenant"] == "_system"),
                         None), message="an event of tenant _system")
        for key, params, message in [
                (acme, {"seq": beta_seq}, f"no event with seq {beta_seq} in this tenant"),
                (acme, {"id": "beta-003"}, "no event with id 'beta-003' in this tenant"),
                (beta, {"seq": acme_seq}, f"no event with seq {acme_seq} in this tenant"),
                (beta, {"id": "acme-003"}, "no event with id 'acme-003' in this tenant"),
                (acme, {"seq": system_seq}, f"no event with seq {system_seq} in this tenant"),
                (self.op, {"seq": beta_seq, "tenant": "acme"},
                 f"no event with seq {beta_seq} in this tenant")]:
            with self.subTest(key=key, params=params):
                r = self.s.get("/v1/ledger/proof/inclusion", key=key, **params)
                self.assertEqual(r.status, 404, r)
                self.assertEqual(r.error["message"], message)
                self.assertNotIn("leaf_hash", r.body.decode())
        # Naming another tenant is refused outright.
        r = self.s.get("/v1/ledger/proof/inclusion", key=acme, id="beta-003", tenant="beta")
        self.assertEqual(r.status, 403, r)
        # Fixed environments apply too: staging only.
        staging = self.keys["acme_staging"]
        r = self.s.get("/v1/ledger/proof/inclusion", key=staging, seq=acme_seq)
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.error["message"], f"no event with seq {acme_seq} is visible to this "
                         "caller")
        got = self.ok("/v1/ledger/proof/inclusion", staging, id="acme-004")  # staging
        self.assert_inclusion(got, self.seq_of["acme-004"])
        # The operator sees every tenant, by seq and by id.
        for eid in ("acme-003", "beta-003"):
            got = self.ok("/v1/ledger/proof/inclusion", id=eid)
            self.assertEqual(got["tenant"], eid[:4])
            self.assertEqual(got["seq"], self.seq_of[eid])
            got = self.ok("/v1/ledger/proof/inclusion", seq=self.seq_of[eid], tenant=eid[:4])
            self.assertEqual(got["id"], eid)

    def test_credentials_and_scopes(self):
        for path in ("/v1/ledger/checkpoint", "/v1/ledger/proof/inclusion",
                     "/v1/ledger/proof/consistency"):
            with self.subTest(path=path):
                self.assertEqual(self.s.get(path).status, 401)
                r = self.s.get(path, key=self.keys["ingest_only"])
                self.assertEqual(r.status, 403, r)
                self.assertIn("read scope", r.error["message"])
        token = self.s.mint_token(self.keys["acme"], tenant="acme", scopes=["read"])
        self.assertEqual(self.s.get("/v1/ledger/checkpoint", key=token).status, 200)

    # ------------------------------------------------------------ bad input

    def test_bad_parameters_are_400_naming_the_parameter(self):
        inclusion = "/v1/ledger/proof/inclusion"
        for value in ("-1", "1e3", "", "+1", " 1", "0x10", "1.0", "99999999999999999999999"):
            with self.subTest(seq=value):
                msg = self.assert_bad(inclusion, {"seq": value}, "seq: ")
                self.assertTrue(msg.endswith(f"got '{value}'"), msg)
            with self.subTest(size=value):
                self.assert_bad(inclusion, {"seq": 0, "size": value}, "size: ")
            with self.subTest(consistency_from=value):
                self.assert_bad("/v1/ledger/proof/consistency", {"from": value}, "from: ")
            with self.subTest(consistency_to=value):
                self.assert_bad("/v1/ledger/proof/consistency", {"from": 0, "to": value}, "to: ")
        seq = self.seq_of["acme-007"]
        far = 10**15
        cases = [
            (inclusion, {"seq": 1, "id": "acme-001"}, "give seq or id, not both"),
            (inclusion, {}, "give seq"),
            (inclusion, {"id": ""}, "id: "),
            (inclusion, {"seq": 0, "size": far}, f"size: {far} is past the log's end ("),
            (inclusion, {"seq": seq, "size": seq}, f"size: a tree of {seq} events does not hold "
                                                   f"seq {seq}"),
            (inclusion, {"id": "acme-007", "size": seq - 1}, "size: "),
            ("/v1/ledger/proof/consistency", {}, "from: required"),
            ("/v1/ledger/proof/consistency", {"from": 0, "to": far},
             f"to: {far} is past the log's end ("),
            ("/v1/ledger/proof/consistency", {"from": 3, "to": 2}, "from: 3 is past to (2)"),
            ("/v1/ledger/proof/consistency", {"from": far}, f"from: {far} is past the log's end"),
        ]
        for path, params, prefix in cases:
            with self.subTest(path=path, params=params):
                self.assert_bad(path, params, prefix, key=self.keys["acme"])
        msg = self.assert_bad(inclusion, {"seq": 0, "size": far}, "size: ")
        self.assertRegex(msg, r"^size: \d+ is past the log's end \(\d+ events\)$")


class EmptyAndRestartTest(unittest.TestCase):
    def test_an_empty_log_has_a_checkpoint_of_size_zero(self):
        server, keys = harness.start_server(self, keys={"op": {"scopes": "ingest,read"}},
                                            args=["--self-audit=false"], prefix="ledger-empty-")
        r = server.get("/v1/ledger/checkpoint", key=keys["op"])
        self.assertEqual(r.status, 200, r)
        cp = r.json()
        self.assertEqual((cp["size"], cp["root"]), (0, ref.b64(ref.EMPTY_TREE)))
        self.assertEqual(parse_note(cp["checkpoint"])[:3], (cp["origin"], 0, ref.EMPTY_TREE))
        r = server.get("/v1/ledger/proof/consistency", key=keys["op"], **{"from": 0})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["to"], r.json()["proof"]), (0, []))
        r = server.get("/v1/ledger/proof/inclusion", key=keys["op"], seq=0)
        self.assertEqual(r.status, 404, r)
        self.assertEqual(r.error["message"], "no event with seq 0: the log holds 0 events")
        r = server.get("/v1/ledger/proof/inclusion", key=keys["op"], seq=0, size=1)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.error["message"], "size: 1 is past the log's end (0 events)")
        # One event: a one-leaf tree, its root the leaf hash, an empty proof.
        server.ingest(keys["op"], [make_event("acme", 1)])
        r = server.get("/v1/ledger/proof/inclusion", key=keys["op"], id="acme-001")
        self.assertEqual(r.status, 200, r)
        got = r.json()
        event = server.get("/v1/events/acme-001", key=keys["op"]).json()
        self.assertEqual((got["size"], got["proof"]), (1, []))
        self.assertEqual(got["root"], ref.b64(ref.event_leaf_hash(event)))
        self.assertEqual(got["leaf_hash"], got["root"])

    def test_key_and_checkpoints_survive_a_restart(self):
        server, keys = harness.start_server(self, keys={"op": {"scopes": "ingest,read,export"}},
                                            prefix="ledger-restart-")
        op = keys["op"]
        server.ingest(op, [make_event("acme", i) for i in range(20)])
        before = server.get("/v1/ledger/proof/inclusion", key=op, id="acme-019").json()
        server.restart()
        server.ingest(op, [make_event("acme", i) for i in range(20, 30)])
        server.get("/v1/ledger/proof/inclusion", key=op, id="acme-029")
        after = server.get("/v1/ledger/checkpoint", key=op).json()
        origin, size1, root1, sigs1 = parse_note(before["checkpoint"])
        self.assertEqual(after["origin"], origin)
        self.assertEqual(key_id_of(after["verifier_key"]), (origin, sigs1[0][1]))
        self.assertGreater(after["size"], size1)
        self.assertTrue(os.path.exists(os.path.join(server.data, "ledger", "checkpoints",
                                                    f"{size1:020d}.note")))
        r = server.get("/v1/ledger/proof/consistency", key=op,
                       **{"from": size1, "to": after["size"]})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(ref.verify_consistency(size1, after["size"],
                                               [ref.unb64(h) for h in r.json()["proof"]], root1,
                                               ref.unb64(after["root"])))
        self.assertTrue(re.fullmatch(r"[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*",
                                     after["verifier_key"]))


if __name__ == "__main__":
    harness.main()
