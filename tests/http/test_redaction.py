#!/usr/bin/env python3
"""Verifiable erasure (issue 4): `POST /v1/admin/redactions` and
`vigil redact` erase one actor's personal values, and every proof still holds.

Usage: test_redaction.py PATH_TO_VIGIL

One data directory, in order: events of two tenants ingested (actors with
email, name, IP and user agent; `beta` has an actor with the same id as
acme's), a signed checkpoint taken; the API redacts acme's `u_ada`; the
server stops and `vigil redact` redacts acme's `u_bob` (refused while the
server runs, exit 4); `vigil verify` passes; the server starts again. Then:
GET /v1/events/{id} of each redacted event has no personal member and
`seal.redacted` with the erased paths (no `seal.key`); its leaf hash,
recomputed in Python from the redacted event (tests/ledger_reference.py),
has an inclusion proof to the checkpoint taken BEFORE the redactions, with
the same root; other actors and beta's `u_ada` keep their values; no file of
the data directory holds an erased value in its raw bytes (segments are
compressed: the store's unit test decodes them); each redaction is an
audit.redact event in acme, by the calling key or by `vigil-cli`, naming the
actor and the count but no erased value; redacting again gives 0 events;
`vigil verify` still passes. Bad requests are 400 naming the field; a key
bound to acme cannot redact beta (403); a key without admin scope gets 403.
"""
import json
import os
import sys
import unittest

import harness

sys.path.insert(0, os.path.dirname(harness.HERE))
import ledger_reference as ref  # noqa: E402

PERSONAL = ("actor.email", "actor.name", "context.ip", "context.user_agent")
ADA_VALUES = ("ada@example.com", "Ada Lovelace", "AdaBrowser/7.1", "203.0.113.77")
BOB_VALUES = ("bob@example.com", "Bob Babbage", "BobBrowser/3.2", "198.51.100.66")


def person(actor_id):
    if actor_id == "u_ada":
        return dict(zip(("email", "name", "ua", "ip"), ADA_VALUES))
    if actor_id == "u_bob":
        return dict(zip(("email", "name", "ua", "ip"), BOB_VALUES))
    return {"email": f"{actor_id}@beta.example", "name": f"Beta {actor_id}",
            "ua": "BetaBrowser/1", "ip": "192.0.2.5"}


def make_event(tenant, i, actor_id):
    p = person(actor_id if tenant == "acme" else "beta_" + actor_id)
    return {"id": f"{tenant}-{actor_id}-{i:03d}", "tenant": tenant, "action": "doc.edit",
            "time": f"2026-11-02T10:{i % 60:02d}:00.000Z",
            "actor": {"id": actor_id, "type": "user", "email": p["email"], "name": p["name"]},
            "context": {"ip": p["ip"], "user_agent": p["ua"], "method": "POST"},
            "description": f"edit {i}"}


def get_path(event, path):
    obj = event
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return None
        obj = obj[part]
    return obj


class RedactionTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.server, cls.keys = harness.start_server(cls, keys={
            "op": {"scopes": "ingest,read,export,admin"},
            "acme_admin": {"scopes": "read,admin", "tenant": "acme"},
            "acme_reader": {"scopes": "read", "tenant": "acme"},
        }, prefix="redact-")
        s, op = cls.server, cls.keys["op"]
        events = []
        for i in range(40):
            events.append(make_event("acme", i, ("u_ada", "u_bob", "u_cy")[i % 3]))
            if i % 4 == 0:
                events.append(make_event("beta", i, "u_ada"))
        s.ingest(op, events)
        cls.ids = {a: [e["id"] for e in events if e["tenant"] == "acme"
                       and e["actor"]["id"] == a] for a in ("u_ada", "u_bob", "u_cy")}
        cls.beta_ids = [e["id"] for e in events if e["tenant"] == "beta"]
        cls.before = {e["id"]: s.get(f"/v1/events/{e['id']}", key=op).json() for e in events}
        cp = s.get("/v1/ledger/checkpoint", key=op).json()
        cls.cp_size, cls.cp_root = cp["size"], cp["root"]

        # The API redacts Ada.
        r = s.request("POST", "/v1/admin/redactions", key=op,
                      body={"tenant": "acme", "actor": "u_ada"})
        assert r.status == 200, r
        cls.api_result = r.json()
        # vigil redact is refused while the server holds the directory.
        cls.refused = harness.run_vigil(["redact", "--tenant", "acme", "--actor", "u_bob"],
                                        s.data, check=False)
        harness.wait_for(lambda: cls.audit_events("audit.redact"), timeout=10,
                         message="the API's audit.redact event")
        s.stop()
        p = harness.run_vigil(["redact", "--tenant", "acme", "--actor", "u_bob", "--json"], s.data)
        cls.cli_result = json.loads(p.stdout)
        cls.cli_again = json.loads(harness.run_vigil(
            ["redact", "--tenant", "acme", "--actor", "u_bob", "--json"], s.data).stdout)
        cls.verify_offline = harness.run_vigil(["verify"], s.data, check=False)
        s.start()

    @classmethod
    def audit_events(cls, action):
        return cls.server.search_all(cls.keys["op"], f"action:{action}", tenant="acme")

    def setUp(self):
        self.s, self.op = self.server, self.keys["op"]

    def get_event(self, eid, key=None):
        r = self.s.get(f"/v1/events/{eid}", key=key or self.op)
        self.assertEqual(r.status, 200, r)
        return r

    def test_results_count_events_and_segments(self):
        self.assertEqual(self.api_result, {"tenant": "acme", "actor": "u_ada",
                                           "events": len(self.ids["u_ada"]),
                                           "segments": self.api_result["segments"]})
        self.assertGreaterEqual(self.api_result["segments"], 1)
        self.assertEqual(self.cli_result["events"], len(self.ids["u_bob"]))
        self.assertEqual((self.cli_result["tenant"], self.cli_result["actor"]), ("acme", "u_bob"))
        self.assertEqual((self.cli_again["events"], self.cli_again["segments"]), (0, 0))
        self.assertEqual(self.refused.returncode, 4, self.refused.stderr)
        self.assertIn(b"another vigil process", self.refused.stderr)
        r = self.s.request("POST", "/v1/admin/redactions", key=self.op,
                           body={"tenant": "acme", "actor": "u_ada"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["events"], r.json()["segments"]), (0, 0))

    def test_redacted_events_show_seal_redacted_and_no_values(self):
        for eid in self.ids["u_ada"] + self.ids["u_bob"]:
            r = self.get_event(eid)
            e = r.json()
            for path in PERSONAL + ("geo",):
                self.assertIsNone(get_path(e, path), (eid, path))
            self.assertNotIn("key", e["seal"])
            # geo too: enrichment labeled the documentation-range address.
            before = self.before[eid]
            self.assertEqual(before["geo"], {"label": "documentation"})
            self.assertEqual(sorted(e["seal"]["redacted"]), sorted(PERSONAL + ("geo",)))
            # The commitments of the values that were there, under the erased key
            # (geo's value bytes are its canonical JSON object).
            key = ref.unb64(before["seal"]["key"])
            values = {p: get_path(before, p).encode() for p in PERSONAL}
            values["geo"] = json.dumps(before["geo"], separators=(",", ":")).encode()
            self.assertEqual(e["seal"]["redacted"], {
                p: ref.b64(ref.commitment(key, p, v)) for p, v in values.items()})
            # The parsed user agent is not personal: it stays.
            self.assertEqual(e["ua"], before["ua"])
            self.assertEqual((e["actor"]["id"], e["context"]["method"]),
                             (self.before[eid]["actor"]["id"], "POST"))
            for value in ADA_VALUES + BOB_VALUES:
                self.assertNotIn(value.encode(), r.body, eid)

    def test_other_events_keep_their_values(self):
        for eid in self.ids["u_cy"] + self.beta_ids:
            e = self.get_event(eid).json()
            before = {k: v for k, v in self.before[eid].items() if k != "ledger"}
            self.assertEqual({k: v for k, v in e.items() if k != "ledger"}, before)
            self.assertIn("key", e["seal"])

    def test_proofs_to_the_checkpoint_taken_before_still_verify(self):
        for eid in self.ids["u_ada"][:4] + self.ids["u_bob"][:4] + self.ids["u_cy"][:2]:
            e = self.get_event(eid).json()
            leaf = ref.event_leaf_hash(e)  # recomputed from the redacted event
            got = self.s.get("/v1/ledger/proof/inclusion", key=self.op, id=eid,
                             size=self.cp_size).json()
            self.assertEqual((got["size"], got["root"]), (self.cp_size, self.cp_root))
            self.assertEqual(got["leaf_hash"], ref.b64(leaf))
            self.assertEqual(got["leaf_hash"], self.before[eid]["ledger"]["leaf_hash"])
            self.assertTrue(ref.verify_inclusion(leaf, e["seq"], self.cp_size,
                                                 [ref.unb64(h) for h in got["proof"]],
                                                 ref.unb64(self.cp_root)), eid)

    def test_vigil_verify_passes(self):
        self.assertEqual(self.verify_offline.returncode, 0, self.verify_offline.stderr)

    def test_no_file_of_the_data_directory_holds_an_erased_value(self):
        for root, _, files in os.walk(self.s.data):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    raw = f.read()
                for value in ADA_VALUES + BOB_VALUES:
                    self.assertNotIn(value.encode(), raw, os.path.join(root, name))

    def test_each_redaction_is_audited_without_the_values(self):
        # (Other tests add redactions of 0 events.)
        events = [e for e in self.audit_events("audit.redact") if e["metadata"]["events"] > 0]
        by_actor = {e["metadata"]["actor_id"]: e for e in events}
        self.assertEqual(sorted(e["metadata"]["actor_id"] for e in events), ["u_ada", "u_bob"])
        api, cli = by_actor["u_ada"], by_actor["u_bob"]
        self.assertEqual((api["actor"]["type"], api["actor"]["id"]), ("api_key", self.op.id))
        self.assertEqual(api["metadata"], {"actor_id": "u_ada", "events": len(self.ids["u_ada"])})
        self.assertEqual((cli["actor"]["type"], cli["actor"]["id"]), ("system", "vigil-cli"))
        self.assertEqual(cli["metadata"], {"actor_id": "u_bob", "events": len(self.ids["u_bob"])})
        for e in (api, cli):
            target = {"type": "actor", "id": e["metadata"]["actor_id"]}
            self.assertEqual((e["tenant"], e["target"]), ("acme", target))
            text = json.dumps(e)
            for value in ADA_VALUES + BOB_VALUES:
                self.assertNotIn(value, text)

    def test_bad_requests_name_the_field(self):
        cases = [({"tenant": "acme"}, 400, "body.actor"),
                 ({"tenant": "acme", "actor": 7}, 400, "body.actor"),
                 ({"actor": "u_cy"}, 400, "body.tenant"),
                 ({"tenant": "acme", "actor": "u_cy", "extra": 1}, 400, "body.extra"),
                 ("[1]", 400, "body"),
                 ("{", 400, "body")]
        for body, status, prefix in cases:
            r = self.s.request("POST", "/v1/admin/redactions", key=self.op, body=body,
                               content_type="application/json")
            self.assertEqual(r.status, status, (body, r))
            self.assertTrue(r.error["message"].startswith(prefix), (body, r.error))

    def test_tenant_bound_and_non_admin_keys(self):
        r = self.s.request("POST", "/v1/admin/redactions", key=self.keys["acme_admin"],
                           body={"tenant": "beta", "actor": "u_ada"})
        self.assertEqual(r.status, 403, r)
        self.assertTrue(r.error["message"].startswith("body.tenant"), r.error)
        self.assertIn("key", self.get_event(self.beta_ids[0]).json()["seal"])
        r = self.s.request("POST", "/v1/admin/redactions", key=self.keys["acme_reader"],
                           body={"tenant": "acme", "actor": "u_cy"})
        self.assertEqual(r.status, 403, r)
        # A key bound to acme may leave the tenant out.
        r = self.s.request("POST", "/v1/admin/redactions", key=self.keys["acme_admin"],
                           body={"actor": "nobody"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"tenant": "acme", "actor": "nobody", "events": 0,
                                    "segments": 0})


class PersonalMetadataTest(unittest.TestCase):
    """--personal-metadata: configured metadata paths are sealed like
    actor.email (seal.paths), erased by redaction with the rest of the
    actor's values, and every proof and `vigil verify` still pass."""

    @classmethod
    def setUpClass(cls):
        cls.s, keys = harness.start_server(cls, keys={"op": {"scopes": "ingest,read,admin"}},
                                           args=["--personal-metadata", "phone,address.street"],
                                           prefix="redact-meta-")
        cls.op = keys["op"]
        meta = {"phone": "+49 30 1234", "plan": "pro",
                "address": {"street": "Unter den Linden 1", "city": "Berlin"}}
        events = [{"id": f"pm-{i}", "tenant": "acme", "action": "user.update",
                   "actor": {"id": "u_ada" if i % 2 == 0 else "u_bob"}, "metadata": meta}
                  for i in range(6)]
        events.append({"id": "pm-only", "tenant": "acme", "action": "user.update",
                       "actor": {"id": "u_ada"}, "metadata": {"phone": "+1 555"}})
        events.append({"id": "pm-none", "tenant": "acme", "action": "user.update",
                       "actor": {"id": "u_ada"}, "metadata": {"plan": "free"}})
        cls.s.ingest(cls.op, events)
        cls.before = {e["id"]: cls.s.get(f"/v1/events/{e['id']}", key=cls.op).json()
                      for e in events}
        r = cls.s.request("POST", "/v1/admin/redactions", key=cls.op,
                          body={"tenant": "acme", "actor": "u_ada"})
        assert r.status == 200, r
        cls.after = {eid: cls.s.get(f"/v1/events/{eid}", key=cls.op).json()
                     for eid in cls.before}
        cls.s.stop()
        cls.verify = harness.run_vigil(["verify"], cls.s.data, check=False)

    def test_sealed_paths_are_listed_at_ingest(self):
        self.assertEqual(self.before["pm-0"]["seal"]["paths"],
                         ["metadata.address.street", "metadata.phone"])
        self.assertEqual(self.before["pm-only"]["seal"]["paths"], ["metadata.phone"])
        self.assertNotIn("seal", self.before["pm-none"])  # no personal value at all
        for eid, e in self.before.items():
            self.assertEqual(e["ledger"]["leaf_hash"], ref.b64(ref.event_leaf_hash(e)), eid)

    def test_redaction_erases_them_and_keeps_the_leaf(self):
        a = self.after["pm-0"]
        self.assertEqual(a["metadata"], {"address": {"city": "Berlin"}, "plan": "pro"})
        self.assertEqual(sorted(a["seal"]["redacted"]), ["metadata.address.street",
                                                        "metadata.phone"])
        self.assertNotIn("metadata", self.after["pm-only"])
        self.assertEqual(self.after["pm-none"]["metadata"], {"plan": "free"})
        for eid in self.before:
            self.assertEqual(self.after[eid]["ledger"]["leaf_hash"],
                             self.before[eid]["ledger"]["leaf_hash"], eid)
            self.assertEqual(ref.b64(ref.event_leaf_hash(self.after[eid])),
                             self.before[eid]["ledger"]["leaf_hash"], eid)
        # Bob's events keep every value.
        self.assertEqual(self.after["pm-1"]["metadata"], self.before["pm-1"]["metadata"])

    def test_vigil_verify_passes(self):
        self.assertEqual(self.verify.returncode, 0, self.verify.stderr)


if __name__ == "__main__":
    harness.main()
